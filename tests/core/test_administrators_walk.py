"""三员分立 (issue 11): the system, security and audit administrators see no business data.

Each of them walks every URL pattern of the back office (``admin_patterns()``) with a
GET, detail pages filled with the pk of a real row of their model, and every operation
of the API (``api_operations()``) with the method it declares. A business page must
refuse them (403, or 404 where the object is out of their scope); a page that answers
200 must be one of the administrator's own pages (users, roles, grants, code tables,
the audit log, login records, their jobs and tokens, the start page, password change,
two-factor), and no response at all may carry a business person's name, ID number,
phone number or another distinctive fact of the business records built here.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass, field

import pytest
from axes.models import AccessAttempt, AccessLog
from django.core.files.base import ContentFile
from django.urls import reverse

from tests.cadres.conftest import cadres  # noqa: F401 (fixture)
from tests.conftest import _person, login, scope_of
from tests.core.test_api import bearer
from tests.core.test_entry_points import admin_patterns, api_operations
from tests.grassroots import rows_collective, rows_organ, rows_rating, rows_twonew, rows_urban
from tests.grassroots.conftest import gr  # noqa: F401 (fixture)
from tests.party.conftest import members  # noqa: F401 (fixture)
from tests.talent import (
    rows_card,
    rows_certification,
    rows_contact,
    rows_cooperation,
    rows_housing,
    rows_pool,
)
from tests.talent.conftest import tc  # noqa: F401 (fixture)
from tests.workplan import rows_workplan
from zugong.cadres import models as cadre_models
from zugong.cadres.services import pool, supervision
from zugong.cockpit import tally
from zugong.core import notify
from zugong.core.admin import site
from zugong.core.models import ApiToken, AuditEntry, Job, Person, ScanRun
from zugong.core.scope import system_scope
from zugong.core.services.persons import person_clear_value
from zugong.grassroots import models as grassroots_models
from zugong.party.services import committees, development, dues, meetings, records, transfers
from zugong.talent import models as talent_models
from zugong.workplan import models as workplan_models

D = dt.date
ADMINISTRATORS = ("sysadmin", "secadmin", "auditor")

# --------------------------------------------------------------------------- own pages
# The site's own views (zugong.core.admin.site.SITE_VIEWS): any role opens them, and
# their scope holds no business rows.
SITE_PAGES = {
    "index",
    "search",
    "login",
    "password_change",
    "password_change_done",
    "jsi18n",
    "autocomplete",
}
# An app's index lists the models the user has pages of (no rows): core for everyone
# (jobs, tokens), login security (axes) for the security administrator; the business
# apps' indexes answer 404 to the administrators.
APP_INDEXES = {"sysadmin": {"core"}, "secadmin": {"core", "axes"}, "auditor": {"core"}}
# Rows of the user's own (own_rows admins): every role opens these pages.
EVERYONES_OWN = ("core_job_", "core_apitoken_", "core_notification_", "core_todoitem_")
# What each administrator's capabilities open, by URL name prefix (core.capabilities):
# 系统管理员 MANAGE_USERS + MANAGE_CODES, 安全管理员 MANAGE_ROLES + MANAGE_SECURITY,
# 审计管理员 VIEW_AUDIT. Anything else answering 200 fails the walk.
OWN_PAGES = {
    "sysadmin": ("core_user_", "core_codeitem_", "core_calendarday_", "core_scanrun_"),
    "secadmin": ("core_role_", "core_roleassignment_", "axes_accessattempt_", "axes_accesslog_"),
    "auditor": ("core_auditentry_",),
}

# The audit log shows who did what to which object: each entry carries the object's
# representation (AuditEntry.object_repr: "黄秀英" for a person created, "李建华 区内转接
# 临组转〔2026〕12号" for a transfer) and the changes recorded, with ID and phone numbers
# masked ("450312********0220", "139****0001"). Reading it is the audit administrator's
# duty (审计), but it does put business persons' names and facts in front of them. So for
# the auditor, on the log's list and entry pages only, names and facts are not checked;
# the clear ID and phone numbers still are (the log stores them masked), and the status
# still is (200 for the auditor, 403 for the others). Reported to the issue (#11).
AUDIT_LOG_PAGES = {"core_auditentry_changelist", "core_auditentry_change"}

# Pages that may redirect instead of answering (302), and where to. The admin login
# page sends a signed-in user to the start page; the audit log's 校验日志完整性 action
# runs the check and goes back to the log, for the auditor only (the others get 403).
# A redirect anywhere else, or to anywhere else, fails the walk: it could lead to a
# business page.
REDIRECTS = {
    ("sysadmin", "login"): "admin:index",
    ("secadmin", "login"): "admin:index",
    ("auditor", "login"): "admin:index",
    ("auditor", "core_auditentry_verify"): "admin:core_auditentry_changelist",
}
# Signing out is a POST since Django 5: a GET answers 405 and the session survives.
METHOD_NOT_ALLOWED = {"logout"}

# URL patterns (as admin_patterns() spells them, e.g. "/admin/party/member/") known to
# leak business data to an administrator: the walk prints them instead of failing, so
# the rest keeps guarding until src/ is fixed. Empty: the walk found none.
KNOWN_LEAKS: set[str] = set()

# API operations a signed-in administrator may use: their own account, jobs, to-do list,
# messages and search (which finds nothing for them), and the public health check.
API_OWN = {
    "/health",
    "/me",
    "/jobs/{job_id}",
    "/todo",
    "/notifications",
    "/notifications/read",
    "/search",
}


# --------------------------------------------------------------------------- the data
@pytest.fixture
def district(cadres, members, gr, tc):  # noqa: F811 (fixtures imported above)
    """The cast with members and cadres, and at least one row in every table the back
    office has a page for; the business facts are gathered in ``cast.secrets``."""
    cast = cadres
    admin = cast.admin
    with system_scope("tests"):
        cast.applicant = _person(
            cast.branch_a, "覃申请", 61, birth=D(1999, 3, 12), phone="13907730061"
        )
        committees.committee_elect(
            actor=None,
            organization=cast.branch_a,
            elected_on=D(2025, 1, 10),
            seats=[(cast.person_a, "secretary")],
        )
    with scope_of(admin):
        cast.record = supervision.supervision_record(
            actor=admin,
            cadre=cast.cadre_a,
            data={"kind": "admonishment", "issue": "履职不力", "decided_on": D(2026, 6, 10)},
        )
        pool.young_enter(
            actor=admin,
            cadre=cast.cadre_a,
            data={"entered_on": D(2019, 5, 1), "source": "survey", "evaluation": "敢于担当"},
        )
        pool.secondment_start(
            actor=admin,
            cadre=cast.cadre_a,
            data={
                "kind": "village",
                "place": "六塘村",
                "post": "第一书记",
                "started_on": D(2025, 3, 1),
                "ends_on": D(2027, 3, 1),
            },
        )
        pool.dossier_receive(
            actor=admin,
            cadre=cast.cadre_a,
            data={
                "category": "01",
                "title": "干部履历表",
                "formed_on": D(2007, 7, 1),
                "received_on": D(2007, 8, 1),
                "pages": 4,
            },
        )
        pool.dossier_lend(
            actor=admin,
            cadre=cast.cadre_a,
            data={
                "borrower": "蒋借阅",
                "borrower_unit": "区纪委监委",
                "purpose": "核查",
                "approved_by": "副部长",
                "lent_on": D(2026, 11, 1),
                "due_on": D(2026, 11, 15),
            },
        )
        cast.case = development.development_start(
            actor=admin, person=cast.applicant, applied_on=D(2026, 3, 1)
        )
        dues.dues_set_base(
            actor=admin, member=cast.member_a, effective_from=D(2026, 1, 1), base="4500"
        )
        dues.dues_pay(
            actor=admin, member=cast.member_a, month=D(2026, 3, 1), paid_on=D(2026, 3, 20)
        )
        cast.member_a2.occupation = "self_employed"
        cast.member_a2.save(update_fields=["occupation"])
        dues.dues_income_record(
            actor=admin, member=cast.member_a2, month=D(2026, 7, 1), amount="3600"
        )
        cast.meeting = meetings.meeting_record(
            actor=admin,
            organization=cast.branch_a,
            kind="theme_day",
            held_on=D(2026, 3, 5),
            topic="学习贯彻党的二十大精神",
            host="黄秀英",
        )
        records.study_record(
            actor=admin,
            person=cast.person_a,
            kind="course",
            title="党务干部培训班",
            started_on=D(2026, 4, 1),
            ended_on=D(2026, 4, 3),
            hours="16",
        )
        records.honour_award(
            actor=admin,
            kind="outstanding_member",
            year=2026,
            person=cast.person_a,
            awarded_by="中共临桂区委",
            awarded_on=D(2026, 6, 28),
        )
        records.visit_record(
            actor=admin,
            person=cast.person_a,
            visitors="区委组织部 周慰问",
            visited_on=D(2026, 6, 30),
            reason="veteran",
            amount="500",
        )
        records.major_matter_submit(
            actor=admin,
            organization=cast.branch_a,
            kind="request",
            title="关于调整支部委员的请示",
            content="……",
            submitted_on=D(2026, 5, 1),
        )
        cast.transfer = transfers.transfer_start(
            actor=admin,
            member=cast.member_a2,
            letter_no="临组转〔2026〕12号",
            issued_on=D(2026, 5, 6),
            to_organization=cast.branch_b,
        )
        transfers.floating_register(
            actor=admin, member=cast.member_a, destination="广东省深圳市", since=D(2026, 3, 1)
        )
    with system_scope("tests"):
        cadre = cast.cadre_a
        cadre_models.AnnualAssessment.objects.create(
            cadre=cadre, year=2025, unit=cast.town_a, grade="competent"
        )
        cadre_models.RegularAssessment.objects.create(
            cadre=cadre, year=2026, quarter=1, grade="good"
        )
        cadre_models.SpecialAssessment.objects.create(
            cadre=cadre, kind="special", subject="乡村振兴专项考核", on=D(2026, 5, 1), result="好"
        )
        cadre_models.Education.objects.create(cadre=cadre, kind="full_time")
        cadre_models.ResumeEntry.objects.create(
            cadre=cadre, order=1, start=D(2007, 7, 1), text="临桂镇人民政府科员"
        )
        cadre_models.FamilyMember.objects.create(
            cadre=cadre, order=1, relation="妻子", name="蒙家属"
        )
        cadre_models.RewardPunishment.objects.create(
            cadre=cadre, kind="reward", name="嘉奖", on=D(2024, 12, 20)
        )
        cadre_models.UnitEstablishment.objects.create(organization=cast.town_a, posts=20)
        notice = cadre_models.AppointmentNotice.objects.create(
            cadre=cadre,
            proposed_post="临桂镇人民政府镇长",
            proposed_level="township_principal",
            starts_on=D(2026, 9, 25),
            ends_on=D(2026, 10, 9),
            days=5,
            day_kind="working",
            contact="区委组织部干部监督室，电话0773-1234567",
        )
        cadre_models.NoticeObjection.objects.create(
            notice=notice, received_on=D(2026, 9, 28), channel="letter", content="反映其作风问题"
        )
        cadre_models.Clearance.objects.create(
            record=cast.record,
            finding="untrue",
            initiated_by="department",
            form="meeting",
            scope_text="临桂镇党政班子会议",
            cleared_on=D(2026, 10, 9),
        )
        cadre_models.Rectification.objects.create(
            source="district",
            round_name="2026年区委第一轮巡察",
            finding="“三会一课”制度落实不严格",
            responsible_unit=cast.town_a,
            measures="建立整改台账",
            deadline=D(2026, 12, 31),
        )
        # A job of the department's administrator whose result names persons, and the
        # administrators' own jobs (made in the test, per administrator).
        cast.business_job = Job.objects.create(
            kind="core.export_persons", title="导出人员名册", user=admin, status="done"
        )
        cast.business_job.result_file.save("persons.csv", ContentFile("黄秀英,李建华".encode()))
        cast.business_token = ApiToken.objects.create(
            user=admin,
            name="业务接口",
            prefix="zg_busin",
            digest="0" * 64,
            expires_at=dt.datetime(2027, 1, 1, tzinfo=dt.UTC),
        )
        # Login records (axes) of a township officer.
        AccessAttempt.objects.create(
            username="bob",
            ip_address="10.0.0.9",
            user_agent="test",
            http_accept="*/*",
            path_info="/admin/login/",
            get_data="",
            post_data="",
            failures_since_start=2,
        )
        AccessLog.objects.create(
            username="bob",
            ip_address="10.0.0.9",
            user_agent="test",
            http_accept="*/*",
            path_info="/admin/login/",
        )
        # A row of every grassroots model, each area's through its services.
        for area in (rows_twonew, rows_collective, rows_urban, rows_organ, rows_rating):
            area.make_rows(cast)
        # A row of every talent model, each area's through its services.
        for area in (
            rows_pool,
            rows_certification,
            rows_card,
            rows_housing,
            rows_cooperation,
            rows_contact,
        ):
            area.make_rows(cast)
        # The work plan's, and a notification of the department's administrator (a
        # supervision notice naming a task: on no administrator's page).
        rows_workplan.make_rows(cast)
        notify.send([admin], title="督办单：台账样例任务已逾期", kind="workplan.notice")
        # The cockpit's counts (business figures: on no administrator's page).
        tally.rebuild(dt.date(2026, 11, 24))
        # A scan's run (operations: the system administrator's page).
        ScanRun.objects.create(
            name="core.todo", for_date=dt.date(2026, 11, 24), status="succeeded", message="已完成"
        )
        # Clear ID and phone numbers: never on any page, not even the audit log.
        cast.clear = set()
        # Names, masked numbers and facts of the business records: on no page of theirs.
        cast.secrets = {"履职不力", "蒋借阅", "蒙家属", "周慰问", "临组转〔2026〕12号"}
        for person in Person.objects.all():
            cast.clear.add(person_clear_value(person, "id_number"))
            cast.clear.add(person_clear_value(person, "phone"))
            cast.secrets.update({person.name, person.id_number_masked, person.phone_masked})
        # The grassroots records' names and facts.
        for model, fields in GRASSROOTS_FACTS.items():
            for row in model.objects.values_list(*fields):
                cast.secrets.update(value for value in row if isinstance(value, str) and value)
    cast.secrets |= cast.clear
    assert {"黄秀英", "李建华", "莫春梅", "韦立新", "覃申请", "13907730001"} <= cast.secrets
    return cast


# Distinctive text of the grassroots records (names, contents): on no page of theirs.
GRASSROOTS_FACTS = {
    grassroots_models.Entity: ("name", "credit_code"),
    grassroots_models.ResidentUnit: ("name",),
    grassroots_models.CoBuildingContract: ("title",),
    grassroots_models.Grid: ("name",),
    grassroots_models.Commitment: ("content",),
    grassroots_models.DemoSite: ("name",),
    grassroots_models.CollectiveContract: ("counterparty",),
    grassroots_models.Rectification: ("item",),
    talent_models.Certification: ("statement",),
    talent_models.ServiceRequest: ("content",),
    talent_models.Agreement: ("title",),
    talent_models.Challenge: ("title",),
    talent_models.ContactProblem: ("content",),
    talent_models.LiaisonContact: ("enterprise",),
    talent_models.AlumniEnterprise: ("name",),
    talent_models.Apartment: ("name",),
    workplan_models.Task: ("title",),
    workplan_models.Submission: ("situation",),
    workplan_models.Instruction: ("content",),
    workplan_models.SupervisionNotice: ("number",),
}


# --------------------------------------------------------------------------- helpers
PARAMETER = re.compile(r"<(?:(\w+):)?(\w+)>")


def model_of(route: str):
    match = re.match(r"^/admin/(\w+)/(\w+)/", route)
    if not match:
        return None
    app_label, model_name = match.groups()
    for model in site._registry:
        if model._meta.app_label == app_label and model._meta.model_name == model_name:
            return model
    return None


def pks_of(model, user, cast) -> list:
    """A real row of the model, one naming a business person where there is one (so a
    detail page that leaked would show it); for tables of the user's own rows (jobs,
    tokens), one of the user's and one of the department administrator's (a 404)."""
    with system_scope("tests"):
        rows = model._default_manager.order_by("pk")
        if site._registry[model].own_rows:
            # Jobs and tokens are the user's; notifications the recipient's; to-do items
            # are read from the grants and have no detail page.
            names = {f.name for f in model._meta.get_fields()}
            owner = next((n for n in ("user", "recipient") if n in names), None)
            if owner is None:
                return []
            mine = rows.filter(**{owner: user}).first()
            theirs = rows.filter(**{owner: cast.admin}).first()
            return [row.pk for row in (mine, theirs) if row is not None]
        if model is AuditEntry:
            # An entry about a person created: its changes hold the ID and phone numbers
            # (masked, as the auditor's entry page must show them).
            rows = rows.filter(action="core.person.created")
        candidates = list(rows[:100])
        assert candidates, f"no row of {model._meta.label} to open"
        naming = [row for row in candidates if found(cast.secrets, str(row))]
        return [(naming or candidates)[0].pk]


def urls_of(route: str, pattern, user, cast) -> list[str]:
    if pattern.name == "app_list":
        return [f"/admin/{label}/" for label in ("core", "axes", "party", "cadres")]
    if pattern.name is None:  # the admin's catch-all (a 404 for a signed-in user)
        return ["/admin/no-such-page/"]
    if pattern.name == "search":
        # A surname and a word of a model name (the term itself is not a business fact).
        return ["/admin/search/?s=黄", "/admin/search/?s=人员"]
    if pattern.name == "autocomplete":
        return autocomplete_urls()
    if "<" not in route:
        return [route]
    model = model_of(route)
    urls = []
    for pk in pks_of(model, user, cast):
        # Other parameters (a talent's id on a page of its records) take the row's key:
        # an administrator is refused before any row is read.
        values = {"object_id": str(pk), "field": "id_number"}
        urls.append(
            PARAMETER.sub(lambda m, values=values, pk=pk: values.get(m.group(2), str(pk)), route)
        )
    return urls


def autocomplete_urls() -> list[str]:
    """Every autocomplete field of every ModelAdmin, with an empty term (all choices)."""
    urls = []
    for model, model_admin in site._registry.items():
        for name in model_admin.autocomplete_fields:
            urls.append(
                f"/admin/autocomplete/?app_label={model._meta.app_label}"
                f"&model_name={model._meta.model_name}&field_name={name}&term="
            )
    return urls


def body_of(response) -> str:
    if getattr(response, "streaming", False):
        content = b"".join(response.streaming_content)
    else:
        content = response.content
    return content.decode("utf-8", errors="replace")


def found(secrets, text) -> list[str]:
    return sorted(s for s in secrets if s and s in text)


@dataclass
class Walk:
    patterns: int = 0
    requests: int = 0
    refused: int = 0
    own: int = 0
    redirected: int = 0
    not_allowed: int = 0
    api: int = 0
    api_refused: int = 0
    api_own: int = 0
    problems: list[str] = field(default_factory=list)
    leaks: list[str] = field(default_factory=list)

    def summary(self, who: str) -> str:
        return (
            f"{who}: {self.patterns} URL patterns walked ({self.requests} requests): "
            f"{self.refused} answered 403/404, {self.own} own pages, {self.redirected} "
            f"redirects, {self.not_allowed} 405; {self.api} API operations walked: "
            f"{self.api_refused} answered 403/404/422, {self.api_own} own"
        )


def own_page(who: str, name: str, url: str) -> bool:
    if name == "app_list":
        return url.strip("/").split("/")[-1] in APP_INDEXES[who]
    return name in SITE_PAGES or name.startswith(EVERYONES_OWN + OWN_PAGES[who])


def check_page(walk: Walk, who, name, url, response, cast) -> None:
    """Whatever the status, the body holds no business fact; then the status is a
    refusal, or the page is the administrator's own, or one of the known redirects."""
    status = response.status_code
    text = body_of(response)
    audit_log = who == "auditor" and name in AUDIT_LOG_PAGES and status == 200
    leaked = found(cast.clear if audit_log else cast.secrets, text)
    if leaked:
        walk.problems.append(f"{url} ({name}) answered {status} with {leaked}")
    if status in (403, 404):
        walk.refused += 1
    elif status == 200 and name is not None and own_page(who, name, url):
        walk.own += 1
    elif status == 302 and (who, name) in REDIRECTS:
        expected = reverse(REDIRECTS[who, name])
        if response["Location"].split("?")[0] != expected:
            walk.problems.append(f"{url} redirected to {response['Location']}")
        walk.redirected += 1
    elif status == 405 and name in METHOD_NOT_ALLOWED:
        walk.not_allowed += 1
    else:
        walk.problems.append(f"{url} ({name}) answered {status}")


def api_url(path: str, cast, own_job) -> str:
    values = {
        "org_id": cast.branch_a.pk,
        "person_id": cast.person_a.pk,
        "job_id": own_job.pk,
        "member_id": cast.member_a.pk,
        "year": 2026,
        "case_id": cast.case.pk,
        "transfer_id": cast.transfer.pk,
        "meeting_id": cast.meeting.pk,
        "cadre_id": cast.cadre_a.pk,
    }
    # Another parameter (a grassroots record's id) takes 1: the administrators are refused
    # before any record is looked up, whichever id it is.
    filled = re.sub(r"\{(?:\w+:)?(\w+)\}", lambda m: str(values.get(m.group(1), 1)), path)
    return "/api/v1" + filled


# --------------------------------------------------------------------------- the walk
# The counts of each administrator's walk, for the record (printed as each test ends).
SUMMARY: dict[str, str] = {}


@pytest.mark.parametrize("who", ADMINISTRATORS)
def test_an_administrator_sees_no_business_data(district, who, capsys):
    cast = district
    user = getattr(cast, who)
    with system_scope("tests"):
        own_job = Job.objects.create(kind="core.export_codes", title="导出代码表", user=user)
        own_job.result_file.save("codes.csv", ContentFile(b"01,han"))
        notify.send([user], title="系统维护通知")
    api = bearer(user)  # also their own API token, for the token pages

    # The walk can fail: the person list the department's administrator sees would be
    # caught twice, for the names on it and for answering 200 outside their own pages.
    business = login(cast.admin).get(reverse("admin:core_person_changelist"))
    probe = Walk()
    check_page(probe, who, "core_person_changelist", "/admin/core/person/", business, cast)
    assert business.status_code == 200
    assert len(probe.problems) == 2, probe.problems

    walk = Walk()
    client = login(user)
    # Signing out last (a GET answers 405 and signs no one out, but in case it did).
    routes = sorted(admin_patterns(), key=lambda item: item[1].name in METHOD_NOT_ALLOWED)
    for route, pattern in routes:
        walk.patterns += 1
        for url in urls_of(route, pattern, user, cast):
            walk.requests += 1
            before = len(walk.problems)
            check_page(walk, who, pattern.name, url, client.get(url), cast)
            if len(walk.problems) > before and route in KNOWN_LEAKS:
                walk.leaks.extend(walk.problems[before:])
                del walk.problems[before:]
    # The two-factor enrolment page is the user's own, outside the admin's patterns.
    enrol = client.get(reverse("two_factor_enrol"))
    assert enrol.status_code == 200
    assert found(cast.secrets, body_of(enrol)) == []

    for method, path, _operation in api_operations():
        walk.api += 1
        url = api_url(path, cast, own_job)
        if method == "GET":
            response = api.get(url)
        else:
            response = api.generic(method, url, json.dumps({}), content_type="application/json")
        status = response.status_code
        before = len(walk.problems)
        leaked = found(cast.secrets, body_of(response))
        if leaked:
            walk.problems.append(f"{method} {url} answered {status} with {leaked}")
        if path in API_OWN and 200 <= status < 300:
            walk.api_own += 1
        elif path not in API_OWN and status in (403, 404, 422):
            # 422: the body {} is validated before the operation's requirement is
            # checked; the error names the missing fields, never a row.
            walk.api_refused += 1
        else:
            walk.problems.append(f"{method} {url} answered {status}: {body_of(response)[:200]}")
        if len(walk.problems) > before and f"{method} {path}" in KNOWN_LEAKS:
            walk.leaks.extend(walk.problems[before:])
            del walk.problems[before:]
    # Someone else's job is not theirs to read.
    assert api.get(f"/api/v1/jobs/{cast.business_job.pk}").status_code == 404

    SUMMARY[who] = walk.summary(who)
    with capsys.disabled():
        print("\n" + SUMMARY[who])
        for leak in walk.leaks:
            print("  known leak:", leak)
    assert walk.problems == [], SUMMARY[who]
    assert walk.patterns == len(list(admin_patterns())) > 250
    assert walk.api == len(list(api_operations())) > 50
    assert walk.own >= 15, SUMMARY[who]
    assert walk.refused > 250, SUMMARY[who]
    assert walk.api_own == len(API_OWN), SUMMARY[who]
