"""The list, report and cockpit paths read in a fixed number of queries, whatever the
number of rows (#5): a per-row query would show as a count that grows with the data."""

import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.core.test_api import bearer
from zugong.core.models import Organization, OrgKind, Role, User
from zugong.core.scope import system_scope
from zugong.core.services import access as access_services
from zugong.party import selectors
from zugong.party.models import Meeting


@pytest.fixture
def generated(db):
    """400 generated members in 20 branches of one township, with a year of meetings,
    and an officer of that township."""
    call_command("gen", "--members", "400", stdout=io.StringIO())
    with system_scope():
        township = Organization.objects.get(kind=OrgKind.TOWNSHIP)
        officer = User.objects.create_user("gen_officer", password="Gen#2026-officer")
        access_services.role_grant(
            actor=None,
            user=officer,
            role=Role.objects.get(code="township_officer"),
            organization=township,
        )
        branch = Organization.objects.filter(kind=OrgKind.BRANCH).order_by("path").first()
    return branch, officer


def queries(call) -> tuple[object, int]:
    with CaptureQueriesContext(connection) as captured:
        result = call()
    return result, len(captured)


def test_member_list_page_reads_the_same_queries_for_20_or_400_members(generated):
    branch, officer = generated
    client = bearer(officer)
    client.get("/api/v1/party/members")  # warm the code-table cache
    whole, n_whole = queries(lambda: client.get("/api/v1/party/members?page=1"))
    one, n_one = queries(lambda: client.get(f"/api/v1/party/members?organization={branch.pk}"))
    assert whole.json()["count"] == 400
    assert one.json()["count"] == 20
    assert len(whole.json()["items"]) == 20
    assert n_whole == 4  # token, scope, the page, the total
    assert n_one == n_whole + 1  # the organization filter is looked up in scope once


def test_compliance_reads_three_queries_a_year(generated):
    with system_scope():
        assert Meeting.objects.count() > 400  # a year of meetings for 20 branches
        rows, n = queries(
            lambda: selectors.compliance(
                dt.date(2025, 1, 1), dt.date(2025, 12, 31), today=dt.date(2026, 1, 1)
            )
        )
        assert len(rows) == 20
        assert n == 3
        _rows, n_two_years = queries(
            lambda: selectors.compliance(
                dt.date(2024, 7, 1), dt.date(2025, 6, 30), today=dt.date(2026, 1, 1)
            )
        )
        assert n_two_years == 4  # one meetings query a calendar year


def test_cockpit_reads_the_same_queries_for_the_district_or_one_township(generated):
    _branch, officer = generated
    client = bearer(officer)
    client.get("/api/v1/party/cockpit")
    response, n_township = queries(lambda: client.get("/api/v1/party/cockpit"))
    assert response.json()["members"] == 400
    with system_scope():
        figures, n_district = queries(lambda: selectors.cockpit_figures(dt.date(2026, 1, 1)))
    assert figures["members"] == 400
    assert n_district == 3  # members grouped once, education levels, organizations by kind
    assert n_township == n_district + 2  # the request's token and scope
