"""Members on the roll, the home page's figures, lists and the 50-year medal."""

from __future__ import annotations

from django.db.models import Count, QuerySet
from django.utils.translation import gettext as _

from zugong.core.models import Organization
from zugong.core.selectors import person_search
from zugong.party import capabilities as party_caps
from zugong.party import rules
from zugong.party.models import Member, MemberKind, MemberStatus

LIVING = [
    MemberStatus.NORMAL,
    MemberStatus.FLOATING,
    MemberStatus.LOST_CONTACT,
    MemberStatus.SUSPENDED,
]


def members_on_roll() -> QuerySet:
    """党员 wherever members are counted (home page, cockpit, demo summary): the members
    on the roll of the scope, in normal standing, floating, out of contact or suspended
    (LIVING); not those transferred out of the district, expelled or deceased."""
    return Member.objects.filter(status__in=LIVING)


def member_counts() -> dict[str, int]:
    """The members on the roll, and the probationary among them, in one query."""
    by_kind = dict(members_on_roll().values_list("kind").annotate(n=Count("id")).order_by())
    return {
        "members": sum(by_kind.values()),
        "full": by_kind.get(MemberKind.FULL, 0),
        "probationary": by_kind.get(MemberKind.PROBATIONARY, 0),
    }


def member_figures() -> list:
    """The home page's and the demo summary's member figure (core.selectors.Figure),
    linked to the roster filtered to the same members."""
    from django.urls import reverse

    from zugong.core.selectors import Figure

    counts = member_counts()
    return [
        Figure(
            key="member-total",
            title=_("党员"),
            count=counts["members"],
            caption=_(
                "在册党员（党籍正常、流动、失联或停止党籍，不含已转出本区、已出党、已去世的），"
                "其中预备党员%(p)d名"
            )
            % {"p": counts["probationary"]},
            url=reverse("admin:party_member_changelist") + "?status__in=" + ",".join(LIVING),
        )
    ]


HOME_FIGURES = ((party_caps.VIEW_MEMBER, member_figures),)


def member_list(
    *, q: str = "", kind: str = "", status: str = "", organization: Organization | None = None
) -> QuerySet:
    queryset = Member.objects.select_related("person__organization")
    if organization is not None:
        queryset = queryset.filter(person__organization__path__startswith=organization.path)
    if kind:
        queryset = queryset.filter(kind=kind)
    if status:
        queryset = queryset.filter(status=status)
    if q:
        persons = person_search(Member.person.field.related_model.objects.all(), q)
        queryset = queryset.filter(person__in=persons)
    return queryset.order_by("person__name_pinyin", "id")


def medal_candidates(year: int, *, organization: Organization | None = None) -> QuerySet:
    """光荣在党50年 for ``year``: one indexed range query, the rule's own check applied by
    ``rules.medal_eligible`` in the tests on the same dates."""
    queryset = member_list(organization=organization).filter(
        kind=MemberKind.FULL,
        status__in=[MemberStatus.NORMAL, MemberStatus.FLOATING],
        full_on__lte=rules.medal_latest_full_on(year),
    )
    return queryset.order_by("person__organization__path", "full_on", "id")
