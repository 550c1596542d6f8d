"""Back-office defects of the cadre pages (issue 12): English and developer material a
user sees, actions offered to those who cannot use them, the .lrmx import's unit
field, the rank-eligibility list's default and the pages that did not name the cadre."""

import datetime as dt
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests.cadres.lrmx_sample import sample
from tests.cadres.test_admin import LIST_PAGES, rows_of_a  # noqa: F401 - fixture
from tests.conftest import login
from tests.core.test_admin import ENGLISH, visible_text
from zugong.cadres.models import Cadre
from zugong.cadres.services import records
from zugong.core.models import Role
from zugong.core.scope import system_scope
from zugong.core.services import access as access_services

D = dt.date
DEVELOPER = re.compile(r"RULES\.md|ZUGONG_|\[[SMV/]+\]|二手资料|\bfloor\b|\bceil\b|\bwhole\b")


def change_url(cadre):
    return reverse("admin:cadres_cadre_change", args=[cadre.pk])


def body_text(response) -> str:
    html = response.content.decode()
    return visible_text(html.split("</head>", 1)[-1])


# ---------------------------------------------------------------- 3. what a user reads


def cadre_pages(cast):
    pk = cast.cadre_a.pk
    return [
        *[reverse(name) for name in LIST_PAGES],
        reverse("admin:cadres_annualassessment_quota") + f"?unit={cast.town_a.pk}&year=2025",
        change_url(cast.cadre_a),
        reverse("admin:cadres_cadre_review", args=[pk]),
        reverse("admin:cadres_cadre_qualification", args=[pk])
        + "?target=township_principal&on=2026-11-24",
    ]


def test_cadre_pages_cite_regulations_not_developer_notes(cadres):
    client = login(cadres.admin)
    for url in cadre_pages(cadres):
        response = client.get(url)
        assert response.status_code == 200, url
        found = DEVELOPER.findall(body_text(response))
        assert not found, f"{url}: {found}"


def test_the_sources_still_name_the_regulation_and_article(cadres):
    text = body_text(login(cadres.admin).get(reverse("admin:cadres_cadre_eligibility_list")))
    assert "《公务员职务与职级并行规定》（2019）第十四条" in text


def test_the_quota_page_speaks_chinese(cadres):
    response = login(cadres.admin).get(reverse("admin:cadres_annualassessment_quota"))
    text = body_text(response)
    assert "Select an option" not in text
    assert not ENGLISH.findall(text)
    assert "请选择单位" in text


def test_family_birth_months_read_as_on_the_form(cadres):
    with system_scope():
        from zugong.cadres.models import FamilyMember

        FamilyMember.objects.create(
            cadre=cadres.cadre_a, order=1, relation="父亲", name="韦国强", birth_month="197408"
        )
    text = body_text(login(cadres.admin).get(change_url(cadres.cadre_a)))
    assert "1974.08" in text
    assert "197408" not in text


# ---------------------------------------------------------------- 4. actions offered


CHANGE_ACTIONS = ["add_position", "end_position", "set_rank", "set_staff_grade", "upload_photo"]


def test_the_leader_is_offered_only_what_a_reader_may_do(cadres):
    client = login(cadres.leader)
    html = client.get(change_url(cadres.cadre_a)).content.decode()
    assert reverse("admin:cadres_cadre_review", args=[cadres.cadre_a.pk]) in html
    for name in CHANGE_ACTIONS:
        url = reverse(f"admin:cadres_cadre_{name}", args=[cadres.cadre_a.pk])
        assert url not in html, name
        assert client.get(url).status_code in (403, 404), name
    # The officer of the cadre's township is offered them.
    own = login(cadres.officer_a).get(change_url(cadres.cadre_a)).content.decode()
    for name in CHANGE_ACTIONS:
        assert reverse(f"admin:cadres_cadre_{name}", args=[cadres.cadre_a.pk]) in own, name


# ---------------------------------------------------------------- 7. the .lrmx import's unit


def test_the_lrmx_unit_is_an_autocomplete_with_a_chinese_placeholder(cadres):
    response = login(cadres.officer_a).get(reverse("admin:cadres_cadre_import_lrmx"))
    html = response.content.decode()
    text = body_text(response)
    assert "Select an option" not in text
    assert not ENGLISH.findall(text)
    # No list of every organization: the choices come from the autocomplete answers.
    assert "中共六塘镇委员会" not in html
    field = re.search(r"<select[^>]*name=\"unit\"[^>]*>", html).group(0)
    assert "admin-autocomplete" in field
    assert 'data-model-name="cadre"' in field
    assert 'data-field-name="unit"' in field
    assert 'data-placeholder="输入党组织名称查找' in field
    assert "required" not in field
    assert "autocomplete.js" in html


def test_the_lrmx_unit_answers_name_the_parent_path_in_scope_only(cadres):
    client = login(cadres.officer_a)
    answer = client.get(
        reverse("admin:autocomplete"),
        {"app_label": "cadres", "model_name": "cadre", "field_name": "unit", "term": "社区"},
    ).json()
    texts = [r["text"] for r in answer["results"]]
    assert any("临桂镇 / " in t and "金水社区" in t for t in texts), texts
    everything = client.get(
        reverse("admin:autocomplete"),
        {"app_label": "cadres", "model_name": "cadre", "field_name": "unit", "term": "镇"},
    ).json()
    assert not any("六塘" in r["text"] for r in everything["results"])


def upload(client, **data):
    return client.post(
        reverse("admin:cadres_cadre_import_lrmx"),
        {"file": SimpleUploadedFile("韦立强.lrmx", sample()), **data},
    )


def confirm(client, html, unit=""):
    token = html.split('name="token" value="')[1].split('"')[0]
    return client.post(
        reverse("admin:cadres_cadre_import_lrmx"),
        {"confirm": "1", "token": token, "unit": unit, "name": "韦立强.lrmx"},
    )


def test_a_new_cadre_needs_the_unit_and_is_told_so(cadres):
    response = upload(login(cadres.officer_a))
    html = response.content.decode()
    assert "韦立强尚无干部信息，请选择新建干部所在单位党组织" in html
    assert "确认导入" not in html


def test_updating_an_existing_cadre_keeps_its_unit_without_choosing_one(cadres):
    client = login(cadres.officer_a)
    first = upload(client, unit=cadres.branch_a.pk)
    assert confirm(client, first.content.decode(), unit=cadres.branch_a.pk).status_code == 302
    with system_scope():
        assert Cadre.objects.get(person__name="韦立强").unit == cadres.branch_a
    again = upload(client)
    html = again.content.decode()
    assert "确认导入" in html
    assert "更新" in html
    done = confirm(client, html)
    assert done.status_code == 302
    assert done.url == reverse("admin:cadres_cadre_changelist")
    with system_scope():
        cadre = Cadre.objects.get(person__name="韦立强")
        assert cadre.unit == cadres.branch_a
        assert cadre.forms.count() == 2


# ---------------------------------------------------------------- 8. defaults and titles


@pytest.fixture
def eligible_next_spring(cadres):
    """莫春梅 (六塘镇) a 四级主任科员 since 2025-03: 三级 from 2027-03 on."""
    with system_scope():
        records.rank_set(actor=None, cadre=cadres.cadre_b, rank="zrky4", started_on=D(2025, 3, 1))
    return cadres


def test_the_eligibility_list_defaults_to_the_next_twelve_months(eligible_next_spring):
    cast = eligible_next_spring
    response = login(cast.admin).get(reverse("admin:cadres_cadre_eligibility_list"))
    text = body_text(response)
    assert "2026-11-24至2027-11-24符合职级晋升年限的干部" in text
    assert "莫春梅" in text
    html = response.content.decode()
    name_cell = re.search(r"<td[^>]*>\s*<a [^>]*>莫春梅</a>", html).group(0)
    assert "white-space:nowrap" in name_cell


@pytest.mark.parametrize(
    ("name", "query", "title"),
    [
        ("review", "", "综合研判：韦立新"),
        ("qualification", "", "任职资格审查：韦立新"),
        ("qualification", "?target=township_principal&on=2026-11-24", "任职资格审查：韦立新"),
    ],
)
def test_the_review_pages_name_the_cadre(cadres, name, query, title):
    response = login(cadres.officer_a).get(
        reverse(f"admin:cadres_cadre_{name}", args=[cadres.cadre_a.pk]) + query
    )
    html = response.content.decode()
    assert re.search(r'id="zg-page-title">' + title + "<", html)
    # The header's path leads back to the cadre by name.
    assert re.search(
        r'href="' + re.escape(change_url(cadres.cadre_a)) + r'"[^>]*>\s*韦立新\s*<', html
    )


EDIT_PAGES = [
    "edit_education",
    "edit_resume",
    "edit_family",
    "edit_rewards",
    "edit_appointment_form",
    "add_position",
    "end_position",
    "set_rank",
    "set_staff_grade",
    "upload_photo",
]


def test_the_record_pages_that_write_speak_chinese(cadres):
    client = login(cadres.officer_a)
    for name in EDIT_PAGES:
        response = client.get(reverse(f"admin:cadres_cadre_{name}", args=[cadres.cadre_a.pk]))
        assert response.status_code == 200, name
        text = body_text(response)
        assert not ENGLISH.findall(text), (name, ENGLISH.findall(text))
        assert not DEVELOPER.findall(text), name
        assert "韦立新" in text


def test_the_appointment_form_tab_shows_its_date_as_printed(cadres):
    client = login(cadres.officer_a)
    client.post(
        reverse("admin:cadres_cadre_edit_appointment_form", args=[cadres.cadre_a.pk]),
        {"proposed_post": "临桂镇党委副书记", "filled_on": "202611"},
    )
    html = client.get(change_url(cadres.cadre_a)).content.decode()
    tab = html.split('id="forms-group"', 1)[1].split("</table>", 1)[0]
    assert "2026.11" in tab
    assert "202611" not in tab


@pytest.mark.parametrize(
    ("model", "action"),
    [("secondment", "come_back"), ("dossierloan", "give_back"), ("youngcadreentry", "follow")],
)
def test_row_actions_are_offered_only_where_the_user_may_change(rows_of_a, model, action):  # noqa: F811
    """六塘镇's officer who also leads the district reads 临桂镇's rows, changes none."""
    cast = rows_of_a
    with system_scope():
        access_services.role_grant(
            actor=None,
            user=cast.officer_b,
            role=Role.objects.get(code="leader"),
            organization=cast.district,
        )
    obj = cast.rows_a[model]
    page = reverse(f"admin:cadres_{model}_change", args=[obj.pk])
    target = reverse(f"admin:cadres_{model}_{action}", args=[obj.pk])
    reader = login(cast.officer_b).get(page)
    assert reader.status_code == 200
    assert target not in reader.content.decode()
    assert target in login(cast.officer_a).get(page).content.decode()
