"""The Excel export of the star ratings: one row per village or community with its
township, year, score, star, status, move against last year, vetoes and rectification
count, read back with python-calamine; in the scope where VIEW and EXPORT are held
together, filtered as the list is, audited; refused without the export capability."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.urls import reverse
from python_calamine import CalamineWorkbook

from tests.conftest import login
from tests.grassroots.rows_rating import make_rows
from zugong.core.models import AuditEntry
from zugong.core.scope import system_scope
from zugong.grassroots.services import rating as services

URL = "/admin/grassroots/rating/export-results/"
HEADER = [
    "乡镇（街道）",
    "村（社区）党组织",
    "年度",
    "得分",
    "星级",
    "状态",
    "上年星级",
    "较上年升降",
    "触发否决事项",
    "整改事项数",
]


@pytest.fixture
def rated(gr):
    with system_scope("tests"):
        make_rows(gr)  # 大岭村 (A): published 2026 with a veto and rectifications
        services.compute_drafts(actor=None, year=2026, today=dt.date(2026, 11, 24))
    return gr


def _sheet(response) -> list[list]:
    assert response.status_code == 200, response.content[:300]
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    book = CalamineWorkbook.from_filelike(io.BytesIO(response.content))
    return book.get_sheet_by_index(0).to_python()


def test_the_button_is_on_the_list_and_the_file_has_the_columns(rated):
    client = login(rated.officer_a)
    page = client.get(reverse("admin:grassroots_rating_changelist")).content.decode()
    assert URL in page
    assert "导出星级评定结果" in page
    rows = _sheet(client.get(URL))
    assert rows[0] == HEADER
    by_name = {r[1]: r for r in rows[1:]}
    assert set(by_name) == {rated.village_a.name, rated.community_a.name, rated.community_a2.name}
    dl = by_name[rated.village_a.name]
    assert dl[0] == rated.town_a.name
    assert dl[2] == 2026
    assert dl[5] == "已发布"
    assert dl[4] in (1, 2, 3, 4)  # capped by the veto
    assert dl[7] == "首次评定"
    assert dl[8] != ""  # the veto's name
    assert dl[9] == 1  # the rating's own item (the listing's is not the rating's)
    draft = by_name[rated.community_a.name]
    assert draft[5] == "系统初评"
    assert draft[9] == 0
    with system_scope("tests"):
        entry = AuditEntry.objects.filter(action="grassroots.exported").latest("pk")
        assert entry.extra["what"] == "grassroots.rating.results"
        assert entry.extra["rows"] == 3


def test_another_township_gets_only_its_own(rated):
    rows = _sheet(login(rated.officer_b).get(URL))
    assert {r[1] for r in rows[1:]} == {rated.village_b.name, rated.community_b.name}
    assert {r[0] for r in rows[1:]} == {rated.town_b.name}


def test_the_list_filters_carry_over_from_the_page(rated):
    client = login(rated.admin)
    changelist = reverse("admin:grassroots_rating_changelist")
    published = _sheet(
        client.get(URL, HTTP_REFERER=f"http://testserver{changelist}?status__exact=published")
    )
    assert [r[1] for r in published[1:]] == [rated.village_a.name]
    town_b = _sheet(client.get(URL, {"township": rated.town_b.path}))
    assert {r[1] for r in town_b[1:]} == {rated.village_b.name, rated.community_b.name}
    assert len(_sheet(client.get(URL, {"year": "2025"}))) == 1  # the header alone


def test_the_two_role_user_exports_only_where_export_is_held(rated):
    # The secretary's role over 六塘村 reads but may not export: 六塘村 is left out.
    rows = _sheet(login(rated.two_roles).get(URL))
    assert rated.village_b.name not in {r[1] for r in rows[1:]}
    assert rated.village_a.name in {r[1] for r in rows[1:]}


@pytest.mark.parametrize("who", ["secretary", "sysadmin", "secadmin", "auditor"])
def test_without_view_and_export_the_export_is_refused(rated, who):
    assert login(getattr(rated, who)).get(URL).status_code == 403
