"""The Excel export of the pioneer posts, read back with python-calamine: the columns in
Chinese, the scope where VIEW and EXPORT are held, the list's filters, audited."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse
from python_calamine import CalamineWorkbook

from tests.conftest import login
from tests.grassroots.rows_organ import make_rows
from zugong.core.models import AuditEntry
from zugong.core.scope import system_scope

URL = "/admin/grassroots/pioneerpost/export-posts/"


@pytest.fixture
def rows(gr):
    with system_scope("tests"):
        make_rows(gr)
    return gr


def _sheet(response) -> list[list]:
    assert response.status_code == 200, response.content[:300]
    return (
        CalamineWorkbook.from_filelike(io.BytesIO(response.content))
        .get_sheet_by_index(0)
        .to_python()
    )


def test_the_district_exports_every_post_with_its_facts(rows):
    client = login(rows.admin)
    page = client.get(reverse("admin:grassroots_pioneerpost_changelist")).content.decode()
    assert URL in page
    assert "导出党员先锋岗" in page
    sheet = _sheet(client.get(URL))
    assert sheet[0] == [
        "岗位名称",
        "类型",
        "党员",
        "党组织",
        "创建标准",
        "评选环节",
        "申报日期",
        "命名日期",
        "届满日期",
        "任期状态",
    ]
    by_post = {r[0]: r for r in sheet[1:]}
    organ = by_post[rows.organ_post.post_name]
    assert organ[1] == "集体先锋岗"
    assert organ[3] == rows.organ_branch.name
    assert organ[7] == rows.organ_post.approved_on.isoformat()
    assert organ[9] == "任期内"
    branch = by_post[rows.organ_post_a.post_name]
    assert branch[2] == rows.person_a.name
    assert branch[6] == "2026-03-01"
    assert branch[9] == "未命名"
    with system_scope("tests"):
        entry = AuditEntry.objects.filter(action="grassroots.exported").latest("pk")
        assert entry.extra == {**entry.extra, "what": "grassroots.organ.pioneer_posts", "rows": 2}


def test_a_township_exports_its_own_and_the_filters_apply(rows):
    assert [r[0] for r in _sheet(login(rows.officer_a).get(URL))[1:]] == [
        rows.organ_post_a.post_name
    ]
    assert len(_sheet(login(rows.officer_b).get(URL))) == 1  # the header alone
    collective = _sheet(login(rows.admin).get(URL, {"kind__exact": "collective"}))
    assert [r[0] for r in collective[1:]] == [rows.organ_post.post_name]


def test_the_two_role_user_exports_the_officers_township_only(rows):
    assert [r[0] for r in _sheet(login(rows.two_roles).get(URL))[1:]] == [
        rows.organ_post_a.post_name
    ]


@pytest.mark.parametrize("who", ["secretary", "sysadmin", "secadmin", "auditor"])
def test_without_view_and_export_the_export_is_refused(rows, who):
    assert login(getattr(rows, who)).get(URL).status_code == 403
