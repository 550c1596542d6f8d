"""Issue #12, core back office: what a new user met in the demo district."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.core.management import call_command

from tests.conftest import PASSWORD, login
from tests.core.test_admin import ENGLISH, visible_text
from tests.core.test_api import bearer
from tests.core.test_browser import allow_async_unsafe, browser  # noqa: F401 (fixtures)
from zugong import cli
from zugong.core import audit
from zugong.core.admin.fields import OrganizationChoiceField
from zugong.core.models import AuditEntry, Organization, OrgKind, User
from zugong.core.scope import system_scope
from zugong.core.selectors import organization_label, short_organization_name
from zugong.core.services import organizations as org_services

# ---------------------------------------------------------------- 10: zugong --help


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (["demo", "--help"], "--persons"),
        (["demo", "-h"], "--persons"),
        (["demo", "--persons", "400", "--help"], "--persons"),
        (["serve", "--help"], "--workers"),
        (["help", "demo"], "--persons"),
        (["--help"], "zugong demo"),
        ([], "zugong serve"),
    ],
)
def test_help_prints_and_builds_nothing(monkeypatch, capsys, argv, expected):
    ran = []
    monkeypatch.setattr(cli, "_run", lambda args: ran.append(args))
    monkeypatch.setattr(cli, "_django", lambda: ran.append("setup"))
    monkeypatch.setattr(cli, "serve", lambda addr: ran.append("serve"))
    cli.main(argv)
    out = capsys.readouterr().out
    assert expected in out
    assert "用法" in out
    assert ran == []


def test_a_wrong_option_is_refused_in_chinese(monkeypatch, capsys):
    ran = []
    monkeypatch.setattr(cli, "_run", lambda args: ran.append(args))
    monkeypatch.setattr(cli, "_django", lambda: ran.append("setup"))
    for argv, reason in (
        (["demo", "--persons"], "选项 --persons 后面缺少取值"),
        (["demo", "--persons", "many"], "应为正整数"),
        (["demo", "--sever"], "没有选项“--sever”"),
    ):
        with pytest.raises(SystemExit) as exit_info:
            cli.main(argv)
        assert exit_info.value.code == 2
        assert reason in capsys.readouterr().err
    assert ran == []


def test_a_django_command_still_answers_its_own_help(monkeypatch):
    ran = []
    monkeypatch.setattr(cli, "_run", lambda args: ran.append(args))
    monkeypatch.setattr(cli, "_django", lambda: None)
    cli.main(["migrate", "--help"])
    assert ran == [["migrate", "--help"]]


# ---------------------------------------------------------------- 8: breadcrumbs, user name


def breadcrumbs(html: str) -> str:
    match = re.search(r'<nav id="zg-breadcrumbs".*?</nav>', html, re.S)
    assert match, "no breadcrumbs"
    return visible_text(match.group(0)).replace("导航路径 ", "")


def test_custom_form_pages_show_the_whole_breadcrumb_line(cast):
    page = login(cast.officer_a).get(f"/admin/core/organization/{cast.branch_a.pk}/dissolve/")
    assert page.status_code == 200
    line = breadcrumbs(page.content.decode())
    assert line == (
        f"首页 › 基础数据 › 党组织 › {cast.branch_a.name} › 撤销党组织：{cast.branch_a.name}"
    )


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("/admin/", "首页"),
        ("/admin/core/person/", "首页 › 基础数据 › 人员"),
        ("/admin/core/person/add/", "首页 › 基础数据 › 人员 › 增加 人员"),
    ],
)
def test_standard_pages_start_from_home(cast, url, expected):
    assert breadcrumbs(login(cast.officer_a).get(url).content.decode()) == expected


def test_a_record_page_ends_with_the_record(cast):
    person = cast.person_a
    body = login(cast.officer_a).get(f"/admin/core/person/{person.pk}/change/").content.decode()
    assert breadcrumbs(body) == f"首页 › 基础数据 › 人员 › {person.name}"


def test_the_sidebar_names_the_person_not_the_login(cast):
    User.objects.filter(pk=cast.officer_a.pk).update(full_name="黄志强")
    cast.officer_a.refresh_from_db()
    body = login(cast.officer_a).get("/admin/").content.decode()
    block = re.search(r'<div[^>]*id="zg-user-name".*?</div>\s*</div>', body, re.S).group(0)
    names = visible_text(block).split()
    assert names[0] == "黄志强"
    assert "Welcome" not in visible_text(body)


# ---------------------------------------------------------------- 8: audit targets


def test_the_audit_list_names_what_was_exported_or_printed(cast):
    audit.log_action(
        audit.EXPORTED,
        actor=cast.officer_a,
        extra={"what": "party.medal", "rows": 3, "file": "光荣在党50年名单2026.xlsx"},
    )
    audit.log_action(audit.EXPORTED, actor=cast.officer_a, extra={"cadres": [7, 9], "count": 2})
    text = visible_text(login(cast.auditor).get("/admin/core/auditentry/").content.decode())
    assert "光荣在党50年名单，光荣在党50年名单2026.xlsx，共3行" in text
    assert "干部2名（编号7、9）" in text


# ---------------------------------------------------------------- 3: names, not codes


def test_a_read_only_person_record_shows_names_from_the_code_tables(cast):
    person = cast.person_a  # 汉族, 大学本科毕业, 中国共产党党员 (codes 01, 21, 01)
    response = login(cast.leader).get(f"/admin/core/person/{person.pk}/change/")
    assert response.status_code == 200
    text = visible_text(response.content.decode())
    assert "汉族" in text
    assert "大学本科毕业" in text
    assert "中国共产党党员" in text
    for raw in ("GB/T", "Id number", "Phone", "民族 01", "学历 21"):
        assert raw not in text, raw
    assert not ENGLISH.findall(text)


def test_organization_history_reads_as_old_and_new_values(cast):
    with system_scope():
        org_services.organization_update(
            actor=cast.admin,
            organization=Organization.objects.get(pk=cast.branch_a.pk),
            data={"name": "中共金水社区第一支部委员会", "kind": OrgKind.BRANCH},
        )
        org_services.organization_move(
            actor=cast.admin,
            organization=Organization.objects.get(pk=cast.branch_a2.pk),
            new_parent=Organization.objects.get(pk=cast.town_b.pk),
        )
    client = login(cast.admin)
    text = visible_text(client.get("/admin/core/organizationevent/").content.decode())
    assert f"组织名称：{cast.branch_a.name} → 中共金水社区第一支部委员会" in text
    assert f"上级组织：{cast.town_a.name} → {cast.town_b.name}" in text
    assert f"上级组织：{cast.district.name}" in text  # founding, under the district
    assert '{"' not in text
    assert "parent" not in text
    detail = client.get(f"/admin/core/organization/{cast.branch_a.pk}/change/").content.decode()
    assert f"组织名称：{cast.branch_a.name} → 中共金水社区第一支部委员会" in visible_text(detail)


def test_the_audit_entry_header_is_in_beijing_time_with_the_action_name(cast):
    # The test clock stands at 2026-11-24 10:00 in Beijing, 02:00 UTC.
    audit.log_action(audit.ORG_UPDATED, actor=cast.admin, obj=cast.branch_a)
    entry = AuditEntry.objects.order_by("-id").first()
    assert entry.at.astimezone(dt.UTC).hour == 2
    body = login(cast.auditor).get(f"/admin/core/auditentry/{entry.pk}/change/").content.decode()
    header = breadcrumbs(body)
    assert header.endswith(" 修改党组织")
    assert "2026-11-24 10:0" in header
    assert "02:0" not in header
    assert "core.organization.updated" not in header
    title = re.search(r"<title>(.*?)</title>", body, re.S).group(1)
    assert "core.organization.updated" not in title
    assert "修改党组织" in title
    list_text = visible_text(login(cast.auditor).get("/admin/core/auditentry/").content.decode())
    assert "2026-11-24 10:0" in list_text


@pytest.mark.browser
@pytest.mark.usefixtures("allow_async_unsafe")
@pytest.mark.django_db(transaction=True)
def test_no_time_zone_note_for_a_browser_outside_beijing(browser, live_server, cast):  # noqa: F811
    context = browser.new_context(timezone_id="America/New_York")
    page = context.new_page()
    page.goto(f"{live_server.url}/admin/login/")
    page.fill("input[name=username]", cast.officer_a.username)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_selector("#zg-dashboard")
    page.goto(f"{live_server.url}/admin/core/organization/add/")
    page.wait_for_load_state("load")
    assert page.locator("input.vDateField").count() >= 1
    assert page.locator(".datetimeshortcuts").count() >= 1  # the date shortcuts did run
    assert page.locator(".timezonewarning").count() == 0
    body = page.inner_text("body")
    assert "server" not in body
    assert "服务器时间" not in body
    context.close()


# ---------------------------------------------------------------- 7: parent paths


def test_short_names_drop_the_party_prefix_and_committee_suffix():
    assert short_organization_name(Organization(name="中共金水社区支部委员会")) == "金水社区支部"
    assert short_organization_name(Organization(name="第一党小组")) == "第一党小组"
    assert short_organization_name(Organization(name="中共某委员会", short_name="某")) == "某"


def groups_of_the_same_name(cast):
    with system_scope():
        return [
            org_services.organization_create(
                actor=cast.admin,
                parent=Organization.objects.get(pk=branch.pk),
                data={"name": "第一党小组", "code": f"G{branch.pk}", "kind": OrgKind.GROUP},
            )
            for branch in (cast.branch_a, cast.branch_a2)
        ]


def test_organizations_of_the_same_name_are_told_apart_by_their_path(cast):
    first, second = groups_of_the_same_name(cast)
    with system_scope():
        labels = {organization_label(first), organization_label(second)}
        assert len(labels) == 2
        for label, branch in zip(
            (organization_label(first), organization_label(second)),
            (cast.branch_a, cast.branch_a2),
            strict=True,
        ):
            assert label.endswith(" / 第一党小组")
            assert short_organization_name(branch) in label
            assert cast.district.name not in label


def test_autocomplete_and_selects_name_the_parent_path(cast):
    first, second = groups_of_the_same_name(cast)
    response = login(cast.officer_a).get(
        "/admin/autocomplete/",
        {"app_label": "core", "model_name": "person", "field_name": "organization", "term": "第一"},
    )
    texts = sorted(r["text"] for r in response.json()["results"])
    with system_scope():
        assert texts == sorted([organization_label(first), organization_label(second)])
        field = OrganizationChoiceField(queryset=Organization.objects.filter(name="第一党小组"))
        options = [label for _value, label in field.choices if _value != ""]
        assert sorted(options) == texts
        assert field.label_from_instance(first) == organization_label(first)


def test_an_admin_form_shows_the_chosen_organization_with_its_path(cast):
    group, _second = groups_of_the_same_name(cast)
    person = cast.person_a
    with system_scope():
        from zugong.core.models import Person

        Person.objects.filter(pk=person.pk).update(organization=group)
        label = organization_label(group)
    body = login(cast.officer_a).get(f"/admin/core/person/{person.pk}/change/").content.decode()
    assert f">{label}</option>" in body


# ---------------------------------------------------------------- 5: one figure, one definition


def figure(body: str, key: str) -> int:
    return int(re.search(rf'id="zg-{key}">(\d+)<', body).group(1))


def test_the_demo_home_page_roster_api_and_summary_agree(db, capsys):
    call_command("demo", "--persons", "400")
    out = capsys.readouterr().out
    summary_persons = int(re.search(r"人员总数：(\d+)（", out).group(1))
    summary_members = int(re.search(r"  党员：(\d+)（", out).group(1))
    built = int(re.search(r"个党组织，(\d+)名人员", out).group(1))
    admin = User.objects.get(username="admin")
    client = login(admin)
    home = client.get("/admin/").content.decode()
    assert figure(home, "person-total") == summary_persons == built
    assert figure(home, "member-total") == summary_members
    assert "在册党员" in home
    persons = client.get("/admin/core/person/")
    assert persons.context["cl"].full_result_count == summary_persons
    on_roll = re.search(r'href="(/admin/party/member/\?status__in=[^"]+)"', home).group(1)
    roster = client.get(on_roll.replace("&amp;", "&"))
    assert roster.context["cl"].result_count == summary_members
    # In the demo no member has left the roll: the whole roster is the same figure.
    assert client.get("/admin/party/member/").context["cl"].full_result_count == summary_members
    assert bearer(admin).get("/api/v1/party/cockpit").json()["members"] == summary_members


def test_a_member_off_the_roll_leaves_every_figure_alike(cast):
    from zugong.party import selectors as party_selectors
    from zugong.party.models import Member, MemberKind, MemberStatus

    with system_scope():
        persons = [cast.person_a, cast.person_a2, cast.person_b]
        for person, status in zip(
            persons,
            (MemberStatus.NORMAL, MemberStatus.FLOATING, MemberStatus.DECEASED),
            strict=True,
        ):
            Member.objects.create(
                person=person,
                kind=MemberKind.FULL,
                joined_on=dt.date(2000, 7, 1),
                full_on=dt.date(2001, 7, 1),
                status=status,
            )
        expected = party_selectors.member_counts()["members"]
        assert expected == len(persons) - 1
        cockpit = party_selectors.cockpit_figures(dt.date(2026, 11, 24))["members"]
    home = login(cast.admin).get("/admin/").content.decode()
    assert figure(home, "member-total") == expected == cockpit


def test_figures_show_only_where_they_may_be_read(cast):
    body = login(cast.sysadmin).get("/admin/").content.decode()
    assert 'id="zg-person-total"' not in body
    assert 'id="zg-member-total"' not in body
    officer = login(cast.officer_b).get("/admin/").content.decode()
    assert figure(officer, "person-total") == 1
    assert figure(officer, "member-total") == 0  # 六塘镇's one person is not on the roll


def test_lists_name_organizations_with_their_path(cast):
    groups_of_the_same_name(cast)
    text = visible_text(login(cast.officer_a).get("/admin/core/person/").content.decode())
    assert f"临桂镇 / {cast.branch_a.name}" in text
    events = visible_text(
        login(cast.officer_a).get("/admin/core/organizationevent/").content.decode()
    )
    assert "临桂镇 / 金水社区支部 / 第一党小组" in events
    assert "临桂镇 / 榕山社区支部 / 第一党小组" in events


def test_organizations_found_by_a_search_name_their_parents(cast):
    groups_of_the_same_name(cast)
    found = login(cast.officer_a).get("/admin/core/organization/", {"q": "第一党小组"})
    text = visible_text(found.content.decode())
    assert "第一党小组 临桂镇 / 金水社区支部" in text
    assert "第一党小组 临桂镇 / 榕山社区支部" in text
