"""The fixed cast: a small district with two townships, and one user per role.

Township A is 临桂镇, township B is 六塘镇. ``officer_b`` must never see anything of A:
every module has a test saying so.
"""

from __future__ import annotations

import datetime as dt
import os
import zoneinfo

import pytest
import time_machine
from django.test import Client

from zugong.core import idnumber
from zugong.core.models import Organization, OrgCategory, OrgKind, Person, Role, User
from zugong.core.scope import Scope, activate, system_scope
from zugong.core.services import access as access_services
from zugong.core.services import organizations as org_services
from zugong.core.services import persons as person_services

PASSWORD = "Zugong#2026"

# Every test runs on the same day, whatever day the suite runs: the clock of the test
# process (and of the live server's thread) starts at this instant and keeps ticking.
# A test about another day travels there itself (time_machine.travel) or passes ``today``.
TODAY = dt.date(2026, 11, 24)
NOW = dt.datetime(2026, 11, 24, 10, 0, tzinfo=zoneinfo.ZoneInfo("Asia/Shanghai"))


@pytest.fixture(autouse=True)
def frozen_clock():
    with time_machine.travel(NOW, tick=True) as traveller:
        yield traveller


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """With CI=true a skipped test fails the run: CI checks everything."""
    outcome = yield
    report = outcome.get_result()
    if os.environ.get("CI") == "true" and report.skipped and not hasattr(report, "wasxfail"):
        report.outcome = "failed"
        report.longrepr = f"CI=true: a skipped test fails the run ({report.longrepr})"


class Cast:
    pass


def make_id(birth: dt.date, sequence: int, region: str = "450312") -> str:
    return idnumber.make(region, birth, sequence)


def _org(parent, name, code, kind, category=""):
    return org_services.organization_create(
        actor=None,
        parent=parent,
        data={
            "name": name,
            "code": code,
            "kind": kind,
            "category": category,
            "region_code": "450312",
            "founded_on": dt.date(2000, 1, 1),
        },
    )


def _person(org, name, sequence, birth=dt.date(1980, 5, 17), phone="13800000000"):
    return person_services.person_create(
        actor=None,
        organization=org,
        data={
            "name": name,
            "id_number": make_id(birth, sequence),
            "ethnicity": "01",
            "education": "21",
            "political_status": "01",
            "phone": phone,
        },
    )


def _user(username, role, org):
    user = User.objects.create_user(username, password=PASSWORD, full_name=username, is_staff=True)
    access_services.role_grant(
        actor=None, user=user, role=Role.objects.get(code=role), organization=org
    )
    return user


@pytest.fixture
def cast(db) -> Cast:
    c = Cast()
    with system_scope("tests"):
        c.district = _org(None, "中共临桂区委员会", "450312", OrgKind.DISTRICT, OrgCategory.ORGAN)
        c.town_a = _org(
            c.district, "中共临桂镇委员会", "450312100", OrgKind.TOWNSHIP, OrgCategory.ORGAN
        )
        c.town_b = _org(
            c.district, "中共六塘镇委员会", "450312101", OrgKind.TOWNSHIP, OrgCategory.ORGAN
        )
        c.branch_a = _org(
            c.town_a,
            "中共金水社区支部委员会",
            "450312100001",
            OrgKind.BRANCH,
            OrgCategory.COMMUNITY,
        )
        c.branch_a2 = _org(
            c.town_a,
            "中共榕山社区支部委员会",
            "450312100002",
            OrgKind.BRANCH,
            OrgCategory.COMMUNITY,
        )
        c.branch_b = _org(
            c.town_b, "中共六塘村支部委员会", "450312101201", OrgKind.BRANCH, OrgCategory.VILLAGE
        )
        c.person_a = _person(c.branch_a, "黄秀英", 22, phone="13907730001")
        c.person_a2 = _person(c.branch_a2, "李建华", 31, phone="13907730002")
        c.person_b = _person(c.branch_b, "莫春梅", 42, phone="13907730003")
        c.admin = _user("alice", "dept_admin", c.district)
        c.officer_a = _user("bob", "township_officer", c.town_a)
        c.officer_b = _user("charlie", "township_officer", c.town_b)
        c.secretary = _user("dave", "branch_secretary", c.branch_a)
        c.leader = _user("erin", "leader", c.district)
        c.sysadmin = _user("frank", "system_admin", c.district)
        c.secadmin = _user("grace", "security_admin", c.district)
        c.auditor = _user("heidi", "audit_admin", c.district)
    return c


@pytest.fixture
def system():
    """Run a test body with the whole database in scope (for checks, not for code under test)."""
    with system_scope("test") as scope:
        yield scope


def scope_of(user) -> activate:
    access = access_services.access_for(user)
    return activate(Scope(paths=access.scope().paths, user_id=user.pk))


def login(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def client_for():
    return login


def person_count(system_scope_active=True) -> int:
    with system_scope("count"):
        return Person.objects.count()


def all_orgs() -> list[Organization]:
    with system_scope("orgs"):
        return list(Organization.objects.all())
