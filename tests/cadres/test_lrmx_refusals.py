"""A refused .lrmx file says why in Chinese, naming the file; the parser's own text
(``EntitiesForbidden(name='xxe', …)``, expat's message) never reaches the user."""

import datetime as dt
import functools
import gc
import io
import re
import tracemalloc
import zipfile
import zlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests.cadres.lrmx_sample import sample
from tests.conftest import login
from zugong.cadres import lrmx

TODAY = dt.date(2026, 11, 24)

XXE = (
    b'<?xml version="1.0" encoding="UTF-8"?>\n'
    b'<!DOCTYPE Person [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n'
    b"<Person><XingMing>&xxe;</XingMing></Person>"
)
BILLION_LAUGHS = (
    b'<?xml version="1.0"?><!DOCTYPE Person [<!ENTITY a "aaaaaaaaaa">'
    b'<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]><Person><XingMing>&b;</XingMing></Person>'
)
TECHNICAL = ("EntitiesForbidden", "xxe", "file:///", "system_id", "ExpatError", "mismatched tag")


def _refusal(content: bytes, name: str = "韦立强.lrmx") -> str:
    batch = lrmx.parse_upload(content, name, today=TODAY)
    assert not batch.parsed
    (error,) = batch.errors
    message = error["message"] + "".join(d["message"] for d in error["details"])
    for marker in TECHNICAL:
        assert marker not in message
    return message


@pytest.mark.parametrize("content", [XXE, BILLION_LAUGHS])
def test_an_xml_entity_is_refused_in_chinese(content):
    message = _refusal(content)
    assert message == "韦立强.lrmx：文件含有不允许的XML实体定义，可能是恶意文件，已拒绝"


def test_broken_xml_names_the_line_and_column_not_the_parser_text():
    message = _refusal(
        '<?xml version="1.0"?>\n<Person>\n  <XingMing>韦立强</XingMin>\n</Person>'.encode()
    )
    assert message.startswith("韦立强.lrmx：不是有效的XML文件（第3行第")
    assert re.search(r"第3行第\d+列格式有误", message)
    assert "任免表编辑器" in message


def test_garbage_is_not_xml():
    message = _refusal(b"\x00\x01\x02 not xml at all")
    assert "不是有效的XML文件" in message


def _unsupported_zip() -> bytes:
    """A zip whose member claims a compression method zipfile cannot read."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as archive:
        archive.writestr("韦立强.lrmx", sample())
    data = bytearray(buffer.getvalue())
    central = data.index(b"PK\x01\x02")
    data[central + 10 : central + 12] = (99).to_bytes(2, "little")  # AE-x, not supported
    return bytes(data)


def test_a_zip_member_that_cannot_be_read_is_reported_by_name():
    batch = lrmx.parse_upload(_unsupported_zip(), "一批.zip", today=TODAY)
    assert not batch.parsed
    (error,) = batch.errors
    assert error["file"] == "韦立强.lrmx"
    assert "无法从压缩包中解出" in error["message"]
    assert not re.search(r"[A-Za-z]{4,}", error["message"])


def test_the_preview_page_shows_the_chinese_reason_for_an_entity(cadres):
    response = login(cadres.admin).post(
        reverse("admin:cadres_cadre_import_lrmx"),
        {"file": SimpleUploadedFile("恶意.lrmx", XXE), "unit": cadres.town_a.pk},
    )
    html = response.content.decode()
    assert "文件含有不允许的XML实体定义，可能是恶意文件，已拒绝" in html
    assert "EntitiesForbidden" not in html
    assert "file:///etc/passwd" not in html
    assert "确认导入" not in html


# ---------------------------------------------------------------- damaged and lying zips
# One entry: the local header is at 0 (CRC-32 at 14, sizes at 18 and 22, flags at 6), the
# central directory record at "PK\1\2" (flags at 8, CRC-32 at 16, sizes at 20 and 24).
MiB = 1024 * 1024


def _one_entry(content: bytes | None = None, *, zeros: int = 0) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        if content is not None:
            archive.writestr("韦立强.lrmx", content)
        else:  # a long run of zeros, streamed: the test never holds it whole
            with archive.open("韦立强.lrmx", "w") as entry:
                chunk = bytes(MiB)
                for _ in range(zeros // MiB):
                    entry.write(chunk)
    return buffer.getvalue()


def _patched(data: bytes, *, crc=None, size=None, flags=None) -> bytes:
    data = bytearray(data)
    central = data.index(b"PK\x01\x02")
    for value, local, in_central, width in (
        (crc, 14, 16, 4),
        (size, 22, 24, 4),
        (flags, 6, 8, 2),
    ):
        if value is not None:
            data[local : local + width] = value.to_bytes(width, "little")
            data[central + in_central : central + in_central + width] = value.to_bytes(
                width, "little"
            )
    return bytes(data)


def _member_error(data: bytes) -> str:
    batch = lrmx.parse_upload(data, "一批.zip", today=TODAY)
    assert not batch.parsed
    (error,) = batch.errors
    assert error["file"] == "韦立强.lrmx"
    assert not re.search(r"[A-Za-z]{4,}", error["message"])
    return error["message"]


def _broken_stream() -> bytes:
    data = bytearray(_one_entry(sample()))
    start = 30 + len("韦立强.lrmx".encode())
    data[start + 200] ^= 0xFF  # inside the deflate stream
    data = bytes(data)
    with pytest.raises(zlib.error), zipfile.ZipFile(io.BytesIO(data)) as archive:
        archive.read("韦立强.lrmx")  # what the fixture is: zlib, not zipfile, complains
    return data


def test_a_broken_deflate_stream_is_reported_not_a_server_error():
    message = _member_error(_broken_stream())
    assert message == "无法从压缩包中解出：文件已损坏（校验不通过），请重新打包后上传"


def test_a_bad_crc_is_reported_in_chinese():
    data = _patched(_one_entry(sample()), crc=0x12345678)
    with pytest.raises(zipfile.BadZipFile), zipfile.ZipFile(io.BytesIO(data)) as archive:
        archive.read("韦立强.lrmx")
    message = _member_error(data)
    assert message == "无法从压缩包中解出：文件已损坏（校验不通过），请重新打包后上传"


def test_an_encrypted_member_says_so():
    message = _member_error(_patched(_one_entry(sample()), flags=0x1 | 0x800))
    assert message == "无法从压缩包中解出：文件已加密，请去掉密码后重新打包"


def test_the_upload_page_shows_a_damaged_zip_member_in_chinese(cadres):
    response = login(cadres.admin).post(
        reverse("admin:cadres_cadre_import_lrmx"),
        {"file": SimpleUploadedFile("一批.zip", _broken_stream()), "unit": cadres.town_a.pk},
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "无法从压缩包中解出：文件已损坏" in html
    assert "Error -3" not in html
    assert "确认导入" not in html


def _peak(function, *args):
    """What ``function`` allocates at most, and its result."""
    gc.collect()
    tracemalloc.start()
    try:
        result = function(*args)
        return tracemalloc.get_traced_memory()[1], result
    finally:
        tracemalloc.stop()


BOMB_BYTES = 64 * MiB  # inflated; the zip is about 64 KB


@functools.cache
def _bomb() -> bytes:
    return _one_entry(zeros=BOMB_BYTES)


def test_a_zip_bomb_that_lies_about_its_size_is_refused_in_bounded_memory():
    bomb = _bomb()
    lying = _patched(bomb, size=4096)  # "4 KB", so the claimed size passes the 10 MB check
    assert len(lying) < 200 * 1024
    with zipfile.ZipFile(io.BytesIO(lying)) as archive:
        assert archive.getinfo("韦立强.lrmx").file_size == 4096
    peak, batch = _peak(lrmx.parse_upload, lying, "一批.zip", TODAY)
    assert peak < 3 * lrmx.MAX_FILE_BYTES, f"{peak / MiB:.0f} MB"
    (error,) = batch.errors
    assert error["file"] == "韦立强.lrmx"
    assert error["message"].startswith("无法从压缩包中解出")


def test_a_zip_bomb_that_tells_its_size_is_refused_without_inflating():
    peak, batch = _peak(lrmx.parse_upload, _bomb(), "一批.zip", TODAY)
    assert peak < lrmx.MAX_FILE_BYTES
    assert [e["message"] for e in batch.errors] == ["文件超过10MB"]


def test_a_member_is_read_at_most_to_the_limit_whatever_it_claims():
    # read_member does not look at the claimed size: past the limit it stops and refuses.
    with zipfile.ZipFile(io.BytesIO(_bomb())) as archive:
        info = archive.getinfo("韦立强.lrmx")
        peak, member = _peak(lrmx.read_member, archive, info, lrmx.MAX_FILE_BYTES)
        assert member is None
        assert peak < 3 * lrmx.MAX_FILE_BYTES, f"{peak / MiB:.0f} MB"
    content = sample()
    with zipfile.ZipFile(io.BytesIO(_one_entry(content))) as archive:
        info = archive.getinfo("韦立强.lrmx")
        assert lrmx.read_member(archive, info, len(content) - 1) is None
        assert lrmx.read_member(archive, info, len(content)) == content


def test_a_zip_that_inflates_past_the_batch_limit_is_refused_whole(db, monkeypatch):
    content = sample()
    monkeypatch.setattr(lrmx, "MAX_ZIP_TOTAL_BYTES", 2 * len(content) + 1)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name in ("一.lrmx", "二.lrmx", "三.lrmx"):
            archive.writestr(name, content)
    with pytest.raises(lrmx.LrmxError, match=r"一批\.zip解压后超过"):
        lrmx.parse_upload(buffer.getvalue(), "一批.zip", today=TODAY)


def test_a_zip_of_a_version_zipfile_cannot_read_is_refused_in_chinese():
    data = bytearray(_one_entry(sample()))
    central = data.index(b"PK\x01\x02")
    data[central + 6 : central + 8] = (99).to_bytes(2, "little")  # "needs zip version 9.9"
    with pytest.raises(NotImplementedError):
        zipfile.ZipFile(io.BytesIO(bytes(data)))
    with pytest.raises(lrmx.LrmxError, match=r"^一批\.zip不是有效的ZIP压缩包$"):
        lrmx.parse_upload(bytes(data), "一批.zip", today=TODAY)
