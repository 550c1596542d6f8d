import datetime as dt

import pytest
from django import forms
from django.http import Http404

from tests.conftest import scope_of
from zugong.core.models import Organization, Person
from zugong.core.scope import Scope, ScopeError, activate, get_scoped_or_404


def test_a_scoped_model_refuses_to_query_without_a_scope(cast):
    with pytest.raises(ScopeError):
        list(Person.objects.all())
    with pytest.raises(ScopeError):
        Organization.objects.count()


def test_building_a_queryset_without_a_scope_is_allowed_but_running_it_is_not(cast):
    class PickOrg(forms.Form):  # a form class made at import time, as admin forms are
        organization = forms.ModelChoiceField(queryset=Organization.objects.all())

    with pytest.raises(ScopeError):
        list(PickOrg().fields["organization"].queryset)
    with scope_of(cast.officer_b):
        names = {o.name for o in PickOrg().fields["organization"].queryset}
    assert names == {"中共六塘镇委员会", "中共六塘村支部委员会"}


def test_the_scope_is_the_subtree(cast):
    with scope_of(cast.officer_a):
        assert set(Person.objects.values_list("name", flat=True)) == {"黄秀英", "李建华"}
    with scope_of(cast.secretary):
        assert list(Person.objects.values_list("name", flat=True)) == ["黄秀英"]
    with scope_of(cast.admin):
        assert Person.objects.count() == 3


def test_an_empty_scope_sees_nothing(cast):
    with activate(Scope()):
        assert Person.objects.count() == 0
        assert not Organization.objects.exists()


def test_subqueries_and_updates_are_scoped(cast):
    with scope_of(cast.officer_b):
        inside = Person.objects.filter(organization__in=Organization.objects.all()).count()
        changed = Person.objects.update(job_title="变更")
    assert inside == 1
    assert changed == 1
    with activate(Scope(everything=True)):
        assert Person.objects.get(pk=cast.person_a.pk).job_title == ""


def test_get_scoped_or_404(cast):
    with scope_of(cast.officer_b):
        assert get_scoped_or_404(Person, pk=cast.person_b.pk) == cast.person_b
        with pytest.raises(Http404):
            get_scoped_or_404(Person, pk=cast.person_a.pk)
        with pytest.raises(Http404):
            get_scoped_or_404(Person, pk="not-a-number")


def test_an_exclude_across_a_relation_excludes_within_the_scope(cast):
    """Person.objects.exclude(<relation>__…) builds its subquery as a new query of the
    same class; it must be scoped like its model, not match nothing (which excluded
    nobody: the subquery compiled as NOT (0))."""
    from tests.conftest import scope_of
    from zugong.party.services import development

    with scope_of(cast.officer_a):
        development.development_start(
            actor=cast.officer_a, person=cast.person_a2, applied_on=dt.date(2026, 3, 1)
        )
        names = set(
            Person.objects.exclude(development_cases__stage="applicant").values_list(
                "name", flat=True
            )
        )
    assert names == {"黄秀英"}  # 李建华 has a case; 莫春梅 is out of scope
