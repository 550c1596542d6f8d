""".lrmx files as township offices write them: declared GB2312, GBK or GB18030 (and GBK
characters in files labelled GB2312) are read with the declared codec, through the same
defused parser, with every protection of a UTF-8 file."""

import datetime as dt

import pytest

from tests.cadres.lrmx_sample import FAMILY, sample
from tests.cadres.test_lrmx_refusals import TECHNICAL
from tests.conftest import scope_of
from zugong.cadres import lrmx
from zugong.cadres.models import Cadre
from zugong.cadres.services import lrmx as services

TODAY = dt.date(2026, 11, 24)

# 镕, 喆 and 堃 are GBK characters outside GB 2312 (names like 朱镕基); 𠮷 (U+20BB7) is
# outside GBK too, four bytes in GB 18030.
GBK_NAME = "韦镕喆"
GBK_FAMILY = [("妻子", "黄堃", "198005", "中共党员", "临桂区第一中学教师"), *FAMILY[1:]]
GB18030_NAME = "韦𠮷"


@pytest.fixture(autouse=True)
def as_admin(cast):
    with scope_of(cast.admin):
        yield


def _refusal(content: bytes, name: str = "韦立强.lrmx") -> str:
    batch = lrmx.parse_upload(content, name, today=TODAY)
    assert not batch.parsed
    (error,) = batch.errors
    message = error["message"] + "".join(d["message"] for d in error["details"])
    for marker in (*TECHNICAL, "multi-byte", "encoding is not supported", "codec"):
        assert marker not in message
    assert message.startswith(name)
    return message


def _outside_gb2312(text: str) -> bool:
    try:
        text.encode("gb2312")
    except UnicodeEncodeError:
        return True
    return False


@pytest.mark.parametrize("declared", ["GB2312", "gb2312", "GBK", "gbk", "GB18030", "CP936"])
def test_a_gb_file_reads_as_its_utf8_twin(declared):
    content = sample(_encoding=declared, _codec="gb2312")
    assert "韦立强".encode("gb2312") in content
    assert "韦立强".encode() not in content
    parsed = lrmx.parse(content, filename="a.lrmx", today=TODAY)
    twin = lrmx.parse(sample(), filename="a.lrmx", today=TODAY)
    assert parsed.values == twin.values
    assert parsed.family == twin.family
    assert parsed.photo == twin.photo
    assert parsed.name == "韦立强"
    assert parsed.values["MinZu"] == "壮族"
    assert parsed.resume[2].text.endswith("经济管理专业学习）")


def test_a_gbk_file_with_characters_outside_gb2312():
    content = sample(_encoding="GBK", XingMing=GBK_NAME, _family=GBK_FAMILY)
    assert all(_outside_gb2312(c) for c in "镕喆堃")
    assert "镕".encode("gbk") in content
    parsed = lrmx.parse(content, filename="韦镕喆.lrmx", today=TODAY)
    assert parsed.name == GBK_NAME
    assert parsed.family[0]["XingMing"] == "黄堃"


def test_a_file_labelled_gb2312_holding_gbk_characters_is_read_as_gb18030():
    # What offices' tools write: the label says GB2312, the bytes are GBK.
    content = sample(_encoding="GB2312", _codec="gbk", XingMing=GBK_NAME, _family=GBK_FAMILY)
    with pytest.raises(UnicodeDecodeError):
        content.decode("gb2312")
    parsed = lrmx.parse(content, filename="a.lrmx", today=TODAY)
    assert parsed.name == GBK_NAME
    assert parsed.family[0]["XingMing"] == "黄堃"


def test_a_gb18030_file_with_a_four_byte_character():
    content = sample(_encoding="GB18030", XingMing=GB18030_NAME)
    with pytest.raises(UnicodeEncodeError):
        GB18030_NAME.encode("gbk")
    assert len("𠮷".encode("gb18030")) == 4
    assert "𠮷".encode("gb18030") in content
    assert lrmx.parse(content, filename="a.lrmx", today=TODAY).name == GB18030_NAME


def test_a_gbk_file_imports_and_exports_as_utf8_with_the_same_values(cast):
    content = sample(_encoding="GBK", XingMing=GBK_NAME, _family=GBK_FAMILY)
    batch = lrmx.parse_upload(content, "韦镕喆.lrmx", today=TODAY)
    assert not batch.errors
    (cadre,) = services.import_batch(actor=cast.admin, batch=batch, unit=cast.town_a)
    exported = lrmx.export(Cadre.objects.get(pk=cadre.pk))
    assert exported.startswith(b'\xef\xbb\xbf<?xml version="1.0" encoding="UTF-8"?>')
    assert GBK_NAME.encode() in exported
    again = lrmx.parse(exported, filename="out.lrmx", today=TODAY)
    assert again.name == GBK_NAME
    assert again.family == batch.parsed[0].family


def test_only_the_declaration_is_rewritten():
    # Text that looks like a declaration inside a field is the field's value.
    text = '<?xml version="1.0" encoding="GBK"?>'
    content = sample(_encoding="GBK", ShuXiZhuanYeYouHeZhuanChang=text.replace("<", "&lt;"))
    parsed = lrmx.parse(content, filename="a.lrmx", today=TODAY)
    assert parsed.values["ShuXiZhuanYeYouHeZhuanChang"] == text


def _gb(xml: str, declared: str = "GBK") -> bytes:
    return f'<?xml version="1.0" encoding="{declared}"?>\n{xml}'.encode("gbk")


@pytest.mark.parametrize(
    "xml",
    [
        '<!DOCTYPE Person [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
        "<Person><XingMing>&xxe;</XingMing></Person>",
        '<!DOCTYPE Person [<!ENTITY a "韦韦韦韦韦韦韦韦韦韦">'
        '<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]><Person><XingMing>&b;</XingMing></Person>',
    ],
)
@pytest.mark.parametrize("declared", ["GB2312", "GBK", "GB18030"])
def test_entities_in_a_gb_file_are_refused_as_in_a_utf8_one(xml, declared):
    message = _refusal(_gb(xml, declared))
    assert message == "韦立强.lrmx：文件含有不允许的XML实体定义，可能是恶意文件，已拒绝"


def test_an_external_dtd_in_a_gb_file_is_not_fetched_as_in_a_utf8_one(monkeypatch):
    import urllib.request

    def no_network(*args, **kwargs):
        raise AssertionError("the parser tried to fetch the DTD")

    monkeypatch.setattr(urllib.request, "urlopen", no_network)
    xml = '<!DOCTYPE Person SYSTEM "http://example.invalid/p.dtd"><Person></Person>'
    utf8 = f'<?xml version="1.0" encoding="UTF-8"?>\n{xml}'.encode()
    assert _refusal(_gb(xml)) == _refusal(utf8)


def test_broken_xml_in_a_gb_file_names_line_and_column():
    message = _refusal(_gb("<Person>\n  <XingMing>韦立强</XingMin>\n</Person>"))
    assert message.startswith("韦立强.lrmx：不是有效的XML文件（第3行第")


def test_a_gb_file_over_the_size_limit_is_refused_before_decoding():
    content = _gb("<Person><XingMing>韦立强</XingMing>" + " " * lrmx.MAX_FILE_BYTES + "</Person>")
    assert "文件超过10MB" in _refusal(content)


def test_bytes_that_are_not_gbk_in_a_gbk_file_are_refused_naming_the_place():
    content = _gb("<Person><XingMing>韦</XingMing></Person>").replace(
        "韦".encode("gbk"), b"\xff\xff"
    )
    message = _refusal(content)
    assert "文件声明为GBK编码" in message
    offset = content.index(b"\xff") + 1
    assert f"第{offset}字节起不是有效的GBK（GB18030）字符" in message


@pytest.mark.parametrize("declaration", ['<?xml version="1.0" encoding="UTF-8"?>', ""])
def test_gbk_bytes_in_a_file_said_to_be_utf8_are_refused_with_the_likely_cause(declaration):
    content = (declaration + "<Person><XingMing>韦立强</XingMing></Person>").encode("gbk")
    message = _refusal(content)
    assert "按UTF-8编码读取时" in message
    assert 'encoding="GBK"' in message


@pytest.mark.parametrize("declared", ["Big5", "Shift_JIS", "x-unknown-9"])
def test_an_encoding_that_cannot_be_read_is_named(declared):
    content = f'<?xml version="1.0" encoding="{declared}"?><Person></Person>'.encode("ascii")
    message = _refusal(content)
    assert message == f"韦立强.lrmx：文件声明的编码{declared}无法读取，请用UTF-8或GBK编码保存"


def test_utf16_and_utf8_without_a_bom_are_still_read():
    for content in (
        sample(_encoding="UTF-16"),
        sample(_encoding="UTF-8", _codec="utf-8"),
    ):
        assert lrmx.parse(content, filename="a.lrmx", today=TODAY).name == "韦立强"
