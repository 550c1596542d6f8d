"""The .lrmx exchange: every field read, the preview, the write, and the round trip."""

import base64
import datetime as dt
import io
import zipfile

import pytest

from tests.cadres.lrmx_sample import FAMILY, ID_NUMBER, PHOTO, sample
from tests.conftest import scope_of
from zugong.cadres import lrmx
from zugong.cadres.models import Cadre
from zugong.cadres.services import lrmx as services
from zugong.core.errors import ApplicationError
from zugong.core.models import AuditEntry

TODAY = dt.date(2026, 11, 24)


@pytest.fixture(autouse=True)
def as_admin(cast):
    with scope_of(cast.admin):
        yield


def _import(cast, content=None, name="韦立强.lrmx", unit=None):
    batch = lrmx.parse_upload(content or sample(), name, today=TODAY)
    return services.import_batch(actor=cast.admin, batch=batch, unit=unit or cast.town_a)


def _normal(values):
    out = dict(values)
    out["JianLi"] = "\n".join(line.strip() for line in out["JianLi"].split("\n"))
    return out


def test_every_field_is_read(cast):
    parsed = lrmx.parse(sample(), filename="a.lrmx", today=TODAY)
    assert parsed.name == "韦立强"
    assert (parsed.gender, parsed.birth, parsed.ethnicity) == ("1", dt.date(1978, 3, 9), "08")
    assert parsed.party_joined_on == dt.date(1999, 12, 1)
    assert parsed.values["TianBiaoRen"] == "李明"  # trimmed
    assert [m["XingMing"] for m in parsed.family] == ["黄丽萍", "韦思远", "韦德明", "覃桂英"]
    assert parsed.photo == PHOTO
    assert parsed.photo_type == "jpeg"
    assert len(parsed.resume) == 5
    assert parsed.resume[2].text.endswith("经济管理专业学习）")  # the （其间） line joins
    assert parsed.resume[-1].end is None
    assert parsed.warnings == []


def test_round_trip_gives_back_every_field_the_family_in_order_and_the_photo(cast):
    (cadre,) = _import(cast)
    cadre = Cadre.objects.get(pk=cadre.pk)
    exported = lrmx.export(cadre)
    assert exported.startswith(b"\xef\xbb\xbf")
    again = lrmx.parse(exported, filename="out.lrmx", today=TODAY)
    original = lrmx.parse(sample(), filename="in.lrmx", today=TODAY)
    assert _normal(again.values) == _normal(original.values)
    assert again.family == original.family
    assert [tuple(m.values()) for m in again.family] == [
        (r, n, b, p, u) for r, n, b, p, u in FAMILY
    ]
    assert base64.b64decode(again.values["ZhaoPian"]) == PHOTO
    # Every tag of LRMX.md is present in the written file, the empty ones too.
    for tag, _label in lrmx.FIELDS:
        assert f"<{tag}>".encode() in exported


def test_a_second_import_previews_the_differences_then_updates(cast):
    _import(cast)
    changed = sample(XianRenZhiWu="临桂镇党委书记", _family=FAMILY[:2])
    batch = lrmx.parse_upload(changed, "b.lrmx", today=TODAY)
    (row,) = services.preview(actor=cast.admin, batch=batch)
    assert row["status"] == "update"
    fields = {d["field"]: d for d in row["differences"]}
    assert fields["现任职务"]["new"] == "临桂镇党委书记"
    assert "家庭成员" in fields
    assert Cadre.objects.get().current_post_text == "临桂镇党委副书记、镇长"  # nothing written
    services.import_batch(actor=cast.admin, batch=batch, unit=cast.town_a)
    cadre = Cadre.objects.get()
    assert cadre.current_post_text == "临桂镇党委书记"
    assert cadre.family.count() == 2
    assert AuditEntry.objects.filter(action="cadres.lrmx.imported").count() == 2


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"this is not xml", "不是有效的XML文件"),
        (b'<?xml version="1.0"?><Cadre></Cadre>', "根元素应为Person"),
        (sample(ShenFenZheng="450312197803097112"), "身份证号"),
        (sample(ChuShengNianYue="202701", TianBiaoShiJian="202611"), "出生年月"),
        (sample(ZhaoPian=base64.b64encode(b"GIF-not-really a picture").decode()), "不是图片"),
        (sample(ZhaoPian="@@@@"), "Base64"),
        (
            sample(JianLi="2000.07--2008.03  科员\n2007.01--2012.01  组织委员"),
            "时间重叠",
        ),
        (sample(MinZu="火星族"), "民族代码表"),
        (sample(XingBie="女"), "与身份证号码不一致"),
    ],
)
def test_bad_files_are_refused_in_chinese_naming_file_and_field(cast, content, reason):
    batch = lrmx.parse_upload(content, "坏文件.lrmx", today=TODAY)
    assert not batch.parsed
    (error,) = batch.errors
    text = error["message"] + "".join(d["message"] for d in error["details"])
    assert reason in text
    assert "坏文件.lrmx" in text
    with pytest.raises(ApplicationError, match="未通过检查"):
        services.import_batch(actor=cast.admin, batch=batch, unit=cast.town_a)
    assert not Cadre.objects.exists()


def test_a_birth_month_after_the_form_date_is_refused(cast):
    with pytest.raises(lrmx.LrmxError, match="晚于填表时间"):
        lrmx.parse(
            sample(ChuShengNianYue="197803", TianBiaoShiJian="197001"), filename="x", today=TODAY
        )


def test_a_zip_of_many_with_one_bad_file_writes_nothing(cast):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("韦立强.lrmx", sample())
        archive.writestr("坏.lrmx", b"<Person><XingMing>")
        archive.writestr("说明.txt", b"readme")
    batch = lrmx.parse_upload(buffer.getvalue(), "干部.zip", today=TODAY)
    assert len(batch.parsed) == 1
    assert {e["file"] for e in batch.errors} == {"坏.lrmx", "说明.txt"}
    with pytest.raises(ApplicationError):
        services.import_batch(actor=cast.admin, batch=batch, unit=cast.town_a)
    assert not Cadre.objects.exists()


def test_party_time_with_a_democratic_party(cast):
    joined, other = lrmx.parse_party("200108；民建")
    assert (joined, other) == (dt.date(2001, 8, 1), "民建")
    assert lrmx.format_party(joined, other) == "200108；民建"
    assert lrmx.parse_party("无党派") == (None, "无党派")


def test_export_zip_of_a_selection(cast):
    (cadre,) = _import(cast)
    data = lrmx.export_zip([Cadre.objects.get(pk=cadre.pk)])
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert archive.namelist() == ["韦立强.lrmx"]
        parsed = lrmx.parse(archive.read("韦立强.lrmx"), today=TODAY)
    assert parsed.id_number == ID_NUMBER


def test_an_officer_of_another_township_cannot_import_into_ours(cast):
    batch = lrmx.parse_upload(sample(), "a.lrmx", today=TODAY)
    with scope_of(cast.officer_b), pytest.raises(ApplicationError, match="不在您的数据范围内"):
        services.import_batch(actor=cast.officer_b, batch=batch, unit=cast.town_a)


def test_exporting_the_id_number_needs_the_right_to_see_it(cast):
    (cadre,) = _import(cast)
    with scope_of(cast.officer_a), pytest.raises(ApplicationError):
        services.export_recorded(actor=cast.officer_a, cadres=[cadre])
    with scope_of(cast.officer_a):
        services.export_recorded(actor=cast.officer_a, cadres=[cadre], printed=True)
    entry = AuditEntry.objects.get(action="cadres.form.printed")
    assert (entry.object_type, entry.object_id) == ("cadres.Cadre", str(cadre.pk))  # who


def test_preview_reads_a_batch_in_a_fixed_number_of_queries(cast):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.conftest import make_id

    numbers = [make_id(dt.date(1978, 3, 9), 71 + 2 * i) for i in range(4)]
    for number in numbers:  # all four exist, so each preview compares against a record
        _import(cast, sample(ShenFenZheng=number), name=f"{number}.lrmx")

    def count(n):
        batch = lrmx.Batch(
            [lrmx.parse(sample(ShenFenZheng=x), filename="x", today=TODAY) for x in numbers[:n]],
            [],
        )
        with CaptureQueriesContext(connection) as queries:
            rows = services.preview(actor=cast.admin, batch=batch)
        assert all(r["status"] == "update" for r in rows)
        return len(queries)

    assert count(1) == count(4)


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("20000715", "20000715"),
        ("20000701", "20000701"),
        ("200007", "200007"),
        ("2000.07", "200007"),
    ],
)
def test_the_work_start_comes_back_as_precise_as_it_was_given(cast, written, expected):
    (cadre,) = _import(cast, sample(CanJiaGongZuoShiJian=written))
    exported = lrmx.export(Cadre.objects.get(pk=cadre.pk))
    again = lrmx.parse(exported, filename="out.lrmx", today=TODAY)
    assert again.values["CanJiaGongZuoShiJian"] == expected
    assert f"<CanJiaGongZuoShiJian>{expected}</CanJiaGongZuoShiJian>".encode() in exported


def test_a_work_start_date_a_file_changes_to_the_day_is_previewed(cast):
    _import(cast)  # 200007
    batch = lrmx.parse_upload(sample(CanJiaGongZuoShiJian="20000715"), "b.lrmx", today=TODAY)
    (row,) = services.preview(actor=cast.admin, batch=batch)
    (change,) = [d for d in row["differences"] if d["field"] == "参加工作时间"]
    assert (change["old"], change["new"]) == ("200007", "20000715")


@pytest.mark.parametrize("written", ["197803", "1978.03"])
def test_an_unchanged_birth_month_is_no_difference_whatever_its_form(cast, written):
    _import(cast)
    batch = lrmx.parse_upload(sample(ChuShengNianYue=written), "b.lrmx", today=TODAY)
    (row,) = services.preview(actor=cast.admin, batch=batch)
    assert "出生年月" not in {d["field"] for d in row["differences"]}


def test_a_birth_month_written_now_to_the_day_is_previewed(cast):
    _import(cast)  # 197803
    batch = lrmx.parse_upload(sample(ChuShengNianYue="19780309"), "b.lrmx", today=TODAY)
    (row,) = services.preview(actor=cast.admin, batch=batch)
    (change,) = [d for d in row["differences"] if d["field"] == "出生年月"]
    assert (change["old"], change["new"]) == ("197803", "19780309")


def test_a_birth_day_that_contradicts_the_id_number_is_refused(cast):
    # The ID number says 1978-03-09; a file written to the day must agree to the day.
    with pytest.raises(
        lrmx.LrmxError, match=r"1978\.03\.10与身份证号码中的出生日期1978\.03\.09不一致"
    ):
        lrmx.parse(sample(ChuShengNianYue="19780310"), filename="x", today=TODAY)
    assert lrmx.parse(sample(ChuShengNianYue="19780309"), filename="x", today=TODAY)


def test_a_birth_date_written_to_the_day_is_read_as_such_without_warning(cast):
    parsed = lrmx.parse(sample(ChuShengNianYue="19780309"), filename="x", today=TODAY)
    assert parsed.birth_has_day
    assert parsed.warnings == []
    assert not lrmx.parse(sample(), filename="x", today=TODAY).birth_has_day


def test_a_birth_date_written_to_the_day_comes_back_to_the_day(cast):
    (cadre,) = _import(cast, sample(ChuShengNianYue="19780309"))
    again = lrmx.parse(lrmx.export(Cadre.objects.get(pk=cadre.pk)), filename="o", today=TODAY)
    assert again.values["ChuShengNianYue"] == "19780309"
    assert Cadre.objects.get(pk=cadre.pk).birth_written_to_day


def test_a_birth_month_comes_back_as_the_month(cast):
    (cadre,) = _import(cast, sample(ChuShengNianYue="197803"))
    again = lrmx.parse(lrmx.export(Cadre.objects.get(pk=cadre.pk)), filename="o", today=TODAY)
    assert again.values["ChuShengNianYue"] == "197803"


def test_a_batch_is_one_bulk_operation_analysing_what_it_grew(cast, monkeypatch):
    """A zip of forms grows the résumé and family tables; on PostgreSQL they are analysed
    when the batch ends (the line is lowered here so that three forms reach it)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.conftest import make_id
    from zugong.core import bulk

    monkeypatch.setattr(bulk, "ANALYZE_MIN_ROWS", 10)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for index, name in enumerate(("韦立强", "覃海燕", "莫志坚")):
            number = make_id(dt.date(1978, 3, 9), 81 + index * 2)  # odd: men
            archive.writestr(f"{name}.lrmx", sample(XingMing=name, ShenFenZheng=number))
    batch = lrmx.parse_upload(buffer.getvalue(), "干部.zip", today=TODAY)
    assert batch.errors == []
    with CaptureQueriesContext(connection) as queries:
        services.import_batch(actor=cast.admin, batch=batch, unit=cast.town_a)
    analysed = {q["sql"] for q in queries if q["sql"].startswith("ANALYZE")}
    if connection.vendor == "postgresql":
        assert {'ANALYZE "cadres_resumeentry"', 'ANALYZE "cadres_familymember"'} <= analysed
    else:
        assert analysed == set()
    assert Cadre.objects.count() == 3
