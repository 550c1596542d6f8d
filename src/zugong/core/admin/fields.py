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


class AutocompleteView(AutocompleteJsonView):
    """The admin's autocomplete answers; organizations are named with their path."""

    def get_context_data(self, *args, **kwargs):
        context = super().get_context_data(*args, **kwargs)
        self.labels = {}
        if self.model_admin.model is Organization:
            self.labels = organization_paths(context["object_list"])
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
