"""The cadre back office: every page within scope, supervision only for those allowed
(and audited), the actions calling their services, .lrmx import through the preview."""

import datetime as dt

import pytest
from django.urls import reverse

from tests.cadres.lrmx_sample import sample
from tests.conftest import login, scope_of
from zugong.cadres.models import Cadre, SupervisionRecord
from zugong.cadres.services import supervision
from zugong.core.models import AuditEntry
from zugong.core.scope import system_scope

D = dt.date

LIST_PAGES = [
    "admin:cadres_cadre_changelist",
    "admin:cadres_cadre_retirement_list",
    "admin:cadres_cadre_eligibility_list",
    "admin:cadres_cadre_team_structure",
    "admin:cadres_cadre_import_lrmx",
    "admin:cadres_annualassessment_changelist",
    "admin:cadres_annualassessment_quota",
    "admin:cadres_annualassessment_consequences",
    "admin:cadres_regularassessment_changelist",
    "admin:cadres_specialassessment_changelist",
    "admin:cadres_leadinggroup_changelist",
    "admin:cadres_youngcadreentry_changelist",
    "admin:cadres_secondment_changelist",
    "admin:cadres_secondment_expiring",
    "admin:cadres_dossiermaterial_changelist",
    "admin:cadres_dossierloan_changelist",
    "admin:cadres_dossierloan_overdue",
    "admin:cadres_supervisionrecord_changelist",
    "admin:cadres_supervisionrecord_overdue",
    "admin:cadres_rectification_changelist",
    "admin:cadres_rectification_overdue",
    "admin:cadres_clearance_changelist",
]


@pytest.fixture
def admonished(cadres):
    with scope_of(cadres.admin):
        cadres.record_a = supervision.supervision_record(
            actor=cadres.admin,
            cadre=cadres.cadre_a,
            data={"kind": "admonishment", "issue": "履职不力", "decided_on": D(2026, 6, 10)},
        )
    return cadres


@pytest.mark.parametrize("name", LIST_PAGES)
def test_every_page_renders_in_chinese_for_the_department(cadres, name):
    response = login(cadres.admin).get(reverse(name))
    assert response.status_code == 200, name
    assert "<html" in response.content.decode()


def test_the_cadre_record_has_its_tabs_and_actions(admonished):
    cast = admonished
    page = login(cast.admin).get(reverse("admin:cadres_cadre_change", args=[cast.cadre_a.pk]))
    html = page.content.decode()
    for tab in ("任职经历", "职级记录", "简历", "家庭成员及重要社会关系", "干部监督"):
        assert tab in html
    for label in ("综合研判", "任职资格审查", "打印任免审批表", "导出LRMX"):
        assert label in html
    assert 'id="supervision-group"' in html
    assert "履职不力" in html
    assert AuditEntry.objects.filter(action="cadres.supervision.viewed", actor=cast.admin).exists()


def test_another_township_sees_nothing(admonished):
    cast = admonished
    client = login(cast.officer_b)
    listing = client.get(reverse("admin:cadres_cadre_changelist")).content.decode()
    assert "韦立新" not in listing
    assert "莫春梅" in listing
    for name in (
        "admin:cadres_cadre_change",
        "admin:cadres_cadre_review",
        "admin:cadres_cadre_print_form",
    ):
        assert client.get(reverse(name, args=[cast.cadre_a.pk])).status_code == 404, name
    teams = client.get(reverse("admin:cadres_cadre_team_structure")).content.decode()
    assert "临桂镇党政班子" not in teams


def test_township_officers_do_not_see_supervision(admonished):
    cast = admonished
    client = login(cast.officer_a)
    page = client.get(reverse("admin:cadres_cadre_change", args=[cast.cadre_a.pk])).content.decode()
    assert "韦立新" in page
    assert "履职不力" not in page
    assert 'id="supervision-group"' not in page  # no supervision tab
    review = client.get(reverse("admin:cadres_cadre_review", args=[cast.cadre_a.pk]))
    assert "履职不力" not in review.content.decode()
    assert "诫勉" not in review.content.decode()
    assert client.get(reverse("admin:cadres_supervisionrecord_changelist")).status_code in (
        302,
        403,
    )
    response = client.get(reverse("admin:cadres_supervisionrecord_change", args=[cast.record_a.pk]))
    assert response.status_code in (302, 403, 404)


def test_viewing_a_supervision_record_is_audited(admonished):
    cast = admonished
    before = AuditEntry.objects.filter(action="cadres.supervision.viewed").count()
    page = login(cast.leader).get(
        reverse("admin:cadres_supervisionrecord_change", args=[cast.record_a.pk])
    )
    assert page.status_code == 200
    assert "履职不力" in page.content.decode()
    assert AuditEntry.objects.filter(action="cadres.supervision.viewed").count() == before + 1


def test_review_shows_the_verdict_with_the_end_of_the_bar(admonished):
    cast = admonished
    page = login(cast.admin).get(reverse("admin:cadres_cadre_review", args=[cast.cadre_a.pk]))
    html = page.content.decode()
    assert "不能提拔或晋升" in html or "可以提拔或晋升" in html
    # The admonishment of 2026-06-10 runs six months; the suite's clock is 2026-11-24.
    assert "影响期至2026年12月10日" in html


def test_appointing_inside_a_bar_is_refused_in_the_form(admonished):
    cast = admonished
    url = reverse("admin:cadres_cadre_add_position", args=[cast.cadre_a.pk])
    response = login(cast.admin).post(
        url,
        {"title": "镇长", "level": "township_principal", "started_on": "2026-11-02"},
    )
    assert response.status_code == 200
    assert "诫勉" in response.content.decode()
    with system_scope():
        assert cast.cadre_a.positions.count() == 1


def test_print_gives_a_pdf(cadres):
    response = login(cadres.admin).get(
        reverse("admin:cadres_cadre_print_form", args=[cadres.cadre_a.pk])
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")


def test_lrmx_import_through_preview_and_confirm(cadres):
    client = login(cadres.admin)
    url = reverse("admin:cadres_cadre_import_lrmx")
    from django.core.files.uploadedfile import SimpleUploadedFile

    preview = client.post(
        url,
        {
            "file": SimpleUploadedFile("韦立强.lrmx", sample()),
            "unit": cadres.town_a.pk,
        },
    )
    html = preview.content.decode()
    assert "确认导入" in html
    assert "新建" in html
    with system_scope():
        assert not Cadre.objects.filter(person__name="韦立强").exists()
    token = html.split('name="token" value="')[1].split('"')[0]
    done = client.post(
        url, {"confirm": "1", "token": token, "unit": cadres.town_a.pk, "name": "韦立强.lrmx"}
    )
    assert done.status_code == 302
    with system_scope():
        cadre = Cadre.objects.get(person__name="韦立强")
        assert cadre.family.count() == 4
    exported = client.get(reverse("admin:cadres_cadre_export_lrmx", args=[cadre.pk]))
    assert exported.content.startswith(b"\xef\xbb\xbf")


def test_a_bad_lrmx_upload_says_why(cadres):
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = login(cadres.admin).post(
        reverse("admin:cadres_cadre_import_lrmx"),
        {"file": SimpleUploadedFile("坏.lrmx", b"not xml"), "unit": cadres.town_a.pk},
    )
    html = response.content.decode()
    assert "不是有效的XML文件" in html
    assert "确认导入" not in html


def test_a_township_officer_cannot_export_the_id_number(cadres):
    response = login(cadres.officer_a).get(
        reverse("admin:cadres_cadre_export_lrmx", args=[cadres.cadre_a.pk])
    )
    # The .lrmx carries the ID number in clear: without that capability the download
    # itself is refused.
    assert response.status_code == 403


def test_eligibility_list_exports_to_excel(cadres):
    response = login(cadres.admin).get(
        reverse("admin:cadres_cadre_eligibility_list"),
        {"start": "2020-01-01", "end": "2026-12-31", "export": "1"},
    )
    assert response.status_code == 200
    assert response.content[:2] == b"PK"
    assert AuditEntry.objects.filter(action="cadres.eligibility.exported").exists()


def test_supervision_add_form_goes_through_the_service(cadres):
    response = login(cadres.admin).post(
        reverse("admin:cadres_supervisionrecord_add"),
        {
            "cadre": cadres.cadre_a.pk,
            "kind": "inquiry",
            "measure": "",
            "issue": "反映其违规经商",
            "decided_on": "2026-09-21",
            "letter_received_on": "2026-09-23",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    with system_scope():
        record = SupervisionRecord.objects.get(issue="反映其违规经商")
    assert record.reply_due == D(2026, 10, 21)


def test_a_supervision_attachment_is_downloaded_through_the_audited_action(
    cadres, settings, tmp_path
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": tmp_path},
        },
    }
    client = login(cadres.admin)
    response = client.post(
        reverse("admin:cadres_supervisionrecord_add"),
        {
            "cadre": cadres.cadre_a.pk,
            "kind": "admonishment",
            "issue": "违规操办婚丧喜庆",
            "decided_on": "2026-10-09",
            "attachment": SimpleUploadedFile("诫勉谈话记录.pdf", b"%PDF-1.4 record"),
        },
    )
    assert response.status_code == 302
    with system_scope():
        record = SupervisionRecord.objects.get(issue="违规操办婚丧喜庆")
    page = client.get(reverse("admin:cadres_supervisionrecord_change", args=[record.pk]))
    assert "诫勉谈话记录" in page.content.decode()
    assert "/media/" not in page.content.decode()
    before = AuditEntry.objects.filter(action="cadres.supervision.viewed").count()
    download = client.get(reverse("admin:cadres_supervisionrecord_download", args=[record.pk]))
    assert b"".join(download.streaming_content) == b"%PDF-1.4 record"
    assert AuditEntry.objects.filter(action="cadres.supervision.viewed").count() == before + 1
    refused = login(cadres.officer_a).get(
        reverse("admin:cadres_supervisionrecord_download", args=[record.pk])
    )
    assert refused.status_code in (302, 403, 404)


def test_rank_quota_page_and_establishment_form(cadres):
    client = login(cadres.admin)
    response = client.post(
        reverse("admin:cadres_unitestablishment_add"),
        {"organization": cadres.town_a.pk, "posts": "50", "document": "临编〔2024〕12号"},
    )
    assert response.status_code == 302
    page = client.get(reverse("admin:cadres_cadre_rank_quotas")).content.decode()
    assert "中共临桂镇委员会" in page
    assert "一至四级主任科员" in page
    other = login(cadres.officer_b).get(reverse("admin:cadres_cadre_rank_quotas")).content.decode()
    assert "中共临桂镇委员会" not in other
    assert AuditEntry.objects.filter(action="cadres.record.saved", actor=cadres.admin).exists()


@pytest.fixture
def rows_of_a(cadres, settings):
    """One row of each cadre table for 韦立新 (临桂镇)."""
    from zugong.cadres.services import assessments, pool

    settings.ZUGONG_EXCELLENT_QUOTA_ROUNDING = "ceil"
    with scope_of(cadres.admin):
        cadre = cadres.cadre_a
        made = {
            "annualassessment": assessments.annual_record(
                actor=cadres.admin, cadre=cadre, year=2025, grade="competent"
            ),
            "youngcadreentry": pool.young_enter(
                actor=cadres.admin,
                cadre=cadre,
                data={"entered_on": D(2019, 5, 1), "source": "survey", "evaluation": "好"},
            ),
            "secondment": pool.secondment_start(
                actor=cadres.admin,
                cadre=cadre,
                data={
                    "kind": "village",
                    "place": "六塘村",
                    "post": "第一书记",
                    "started_on": D(2025, 3, 1),
                    "ends_on": D(2027, 3, 1),
                },
            ),
            "dossiermaterial": pool.dossier_receive(
                actor=cadres.admin,
                cadre=cadre,
                data={
                    "category": "01",
                    "title": "干部履历表",
                    "formed_on": D(2007, 7, 1),
                    "received_on": D(2007, 8, 1),
                    "pages": 4,
                },
            ),
            "dossierloan": pool.dossier_lend(
                actor=cadres.admin,
                cadre=cadre,
                data={
                    "borrower": "李明",
                    "borrower_unit": "区纪委监委",
                    "purpose": "核查",
                    "approved_by": "副部长",
                    "lent_on": D(2026, 11, 1),
                    "due_on": D(2026, 11, 15),
                },
            ),
        }
    cadres.rows_a = made
    return cadres


@pytest.mark.parametrize(
    "model",
    ["annualassessment", "youngcadreentry", "secondment", "dossiermaterial", "dossierloan"],
)
def test_another_township_sees_none_of_the_cadre_tables(rows_of_a, model):
    cast = rows_of_a
    obj = cast.rows_a[model]
    own = login(cast.officer_a)
    other = login(cast.officer_b)
    assert "韦立新" in own.get(reverse(f"admin:cadres_{model}_changelist")).content.decode()
    assert "韦立新" not in other.get(reverse(f"admin:cadres_{model}_changelist")).content.decode()
    assert other.get(reverse(f"admin:cadres_{model}_change", args=[obj.pk])).status_code == 404


def test_photo_upload_checks_type_and_size(cadres):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.cadres.lrmx_sample import PHOTO

    client = login(cadres.admin)
    url = reverse("admin:cadres_cadre_upload_photo", args=[cadres.cadre_a.pk])
    text = client.post(url, {"photo": SimpleUploadedFile("a.txt", b"hello")}).content.decode()
    assert "照片不是JPEG、PNG或BMP图片" in text
    big = SimpleUploadedFile("big.jpg", b"\xff\xd8\xff" + b"0" * (2 * 1024 * 1024))
    assert "照片超过2MB" in client.post(url, {"photo": big}).content.decode()
    assert client.post(url, {"photo": SimpleUploadedFile("p.jpg", PHOTO)}).status_code == 302
    with system_scope():
        cadre = Cadre.objects.get(pk=cadres.cadre_a.pk)
    assert bytes(cadre.photo) == PHOTO
    assert cadre.photo_type == "jpeg"
