"""A refused .lrmx file says why in Chinese, naming the file; the parser's own text
(``EntitiesForbidden(name='xxe', …)``, expat's message) never reaches the user."""

import datetime as dt
import io
import re
import zipfile

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
