"""Choosing an organization: every choice names its parent path.

"第一党小组" exists under dozens of branches, so a choice names its ancestors
(临桂区临桂镇 / 金水社区支部 / 第一党小组, from core.selectors.organization_paths) in
the admin's autocomplete answers, in the option a form shows as chosen, and in plain
selects. CapabilityAdmin gives every foreign key to Organization these fields; an
app's own form uses OrganizationChoiceField (or the multiple one) directly.
"""

from __future__ import annotations

from django import forms
from django.contrib.admin.views.autocomplete import AutocompleteJsonView
from django.forms.models import ModelChoiceIterator

from zugong.core.models import Organization
from zugong.core.selectors import organization_label, organization_paths


class OrganizationChoiceIterator(ModelChoiceIterator):
    """The options of a plain select, labelled with one ancestor query for them all."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        organizations = list(self.queryset)
        labels = organization_paths(organizations)
        for organization in organizations:
            yield (
                forms.models.ModelChoiceIteratorValue(
                    self.field.prepare_value(organization), organization
                ),
                labels[organization.pk],
            )


class OrganizationLabelMixin:
    iterator = OrganizationChoiceIterator

    def label_from_instance(self, obj):
        return organization_label(obj)


class OrganizationChoiceField(OrganizationLabelMixin, forms.ModelChoiceField):
    """A ModelChoiceField over organizations whose labels carry the parent path."""


class OrganizationMultipleChoiceField(OrganizationLabelMixin, forms.ModelMultipleChoiceField):
    """The same for several organizations."""


def is_organization_field(db_field) -> bool:
    return db_field.related_model is Organization


def _organization_of(obj):
    """The organization a person (or a record of one person, such as a member) belongs to."""
    person = obj if hasattr(obj, "id_number_hash") else getattr(obj, "person", None)
    return getattr(person, "organization", None)


class AutocompleteView(AutocompleteJsonView):
    """The admin's autocomplete answers; organizations are named with their path, and a
    person (or a member) with the organization after the name, so that two 黄秋菊 of two
    branches can be told apart."""

    def get_queryset(self):
        queryset = super().get_queryset()
        names = {f.name for f in queryset.model._meta.get_fields()}
        if "id_number_hash" in names and "organization" in names:
            return queryset.select_related("organization")
        if "person" in names:
            return queryset.select_related("person__organization")
        return queryset

    def get_context_data(self, *args, **kwargs):
        context = super().get_context_data(*args, **kwargs)
        self.labels = {}
        objects = list(context["object_list"])
        if self.model_admin.model is Organization:
            self.labels = organization_paths(objects)
        elif objects and _organization_of(objects[0]) is not None:
            organizations = {obj.pk: _organization_of(obj) for obj in objects}
            paths = organization_paths([o for o in organizations.values() if o is not None])
            self.labels = {
                pk: f"{obj}（{paths[organizations[pk].pk]}）"
                for obj in objects
                if (pk := obj.pk) in organizations and organizations[pk] is not None
            }
        return context

    def serialize_result(self, obj, to_field_name):
        result = super().serialize_result(obj, to_field_name)
        if obj.pk in self.labels:
            result["text"] = self.labels[obj.pk]
        return result


class OrganizationPathsMixin:
    """A ModelAdmin whose list names organizations with their path: the labels of a
    page are read in one query and put on its rows as ``zg_org_label`` (per row, so
    nothing is kept on the shared ModelAdmin). ``organization_of`` says which
    organization a row shows."""

    def organization_of(self, obj):
        return obj.organization

    def get_changelist_instance(self, request):
        changelist = super().get_changelist_instance(request)
        rows = list(changelist.result_list)
        labels = organization_paths([self.organization_of(row) for row in rows])
        for row in rows:
            organization = self.organization_of(row)
            row.zg_org_label = labels.get(organization.pk, "") if organization else ""
        return changelist

    def organization_path_of(self, obj) -> str:
        label = getattr(obj, "zg_org_label", None)
        return label if label is not None else organization_label(self.organization_of(obj))
