"""A realistic .lrmx file as the national editor writes it (BOM, CRLF, whitespace)."""

import base64
import datetime as dt
from pathlib import Path

from tests.conftest import make_id

PHOTO = (Path(__file__).parent / "files" / "photo.jpg").read_bytes()
ID_NUMBER = make_id(dt.date(1978, 3, 9), 71)

FAMILY = [
    ("妻子", "黄丽萍", "198005", "中共党员", "临桂区第一中学教师"),
    ("长子", "韦思远", "200409", "共青团员", "广西大学学生"),
    ("父亲", "韦德明", "195002", "中共党员", "临桂镇农业服务中心（已退休）"),
    ("母亲", "覃桂英", "195211", "群众", "（已去世）"),
]

RESUME = (
    "1996.09--2000.07  广西师范大学中文系汉语言文学专业学习\r\n"
    "2000.07--2006.03  临桂县临桂镇人民政府科员\r\n"
    "2006.03--2011.09  临桂县临桂镇党委组织委员\r\n"
    "                  （其间：2007.09--2010.07在中央党校函授学院经济管理专业学习）\r\n"
    "2011.09--2016.12  临桂区六塘镇党委副书记\r\n"
    "2016.12--         临桂区临桂镇党委副书记、镇长"
)


def sample(*, _encoding: str = "UTF-8", _codec: str | None = None, **overrides) -> bytes:
    """The file, by default UTF-8 with a BOM. ``_encoding`` is the encoding the XML
    declaration names (then there is no BOM) and ``_codec`` the Python codec that
    writes the bytes, the same by default (a file labelled GB2312 but written in GBK
    is ``_encoding="GB2312", _codec="gbk"``)."""
    fields = {
        "XingMing": "韦立强",
        "XingBie": "男",
        "ChuShengNianYue": "197803",
        "MinZu": "壮族",
        "JiGuan": "广西临桂",
        "ChuShengDi": "广西临桂",
        "RuDangShiJian": "199912",
        "CanJiaGongZuoShiJian": "200007",
        "JianKangZhuangKuang": "健康",
        "ZhuanYeJiShuZhiWu": "经济师",
        "ShuXiZhuanYeYouHeZhuanChang": "基层党建、乡村振兴",
        "ZhengZhiMianMao": "中共党员",
        "QuanRiZhiJiaoYu_XueLi": "大学",
        "QuanRiZhiJiaoYu_XueWei": "文学学士",
        "QuanRiZhiJiaoYu_XueLi_BiYeYuanXiaoXi": "广西师范大学中文系汉语言文学专业",
        "QuanRiZhiJiaoYu_XueWei_BiYeYuanXiaoXi": "广西师范大学",
        "ZaiZhiJiaoYu_XueLi": "研究生",
        "ZaiZhiJiaoYu_XueWei": "",
        "ZaiZhiJiaoYu_XueLi_BiYeYuanXiaoXi": "中央党校函授学院经济管理专业",
        "ZaiZhiJiaoYu_XueWei_BiYeYuanXiaoXi": "",
        "XianRenZhiWu": "临桂镇党委副书记、镇长",
        "NiRenZhiWu": "临桂镇党委书记",
        "NiMianZhiWu": "临桂镇镇长职务",
        "JianLi": RESUME,
        "JiangChengQingKuang": "2019年度被评为全区优秀党务工作者；\r\n2021年记三等功。",
        "NianDuKaoHeJieGuo": "2023年度优秀；2024年度称职；2025年度优秀。",
        "RenMianLiYou": "工作需要",
        "ChengBaoDanWei": "中共桂林市临桂区委组织部",
        "JiSuanNianLingShiJian": "20261120",
        "TianBiaoShiJian": "202611",
        "TianBiaoRen": "李明",
        "ShenFenZheng": ID_NUMBER,
        "ZhaoPian": base64.b64encode(PHOTO).decode(),
        "Version": "3.2.1.16",
        "DaoLingNianYue": "204103",
        "GaiGeQianRenZhiNianLingJieXian": "60",
    }
    family = overrides.pop("_family", FAMILY)
    fields.update(overrides)
    items = "".join(
        "\r\n    <Item>"
        f"<ChengWei>{r}</ChengWei><XingMing> {n} </XingMing><ChuShengRiQi>{b}</ChuShengRiQi>"
        f"<ZhengZhiMianMao>{p}</ZhengZhiMianMao><GongZuoDanWeiJiZhiWu>{u}</GongZuoDanWeiJiZhiWu>"
        "</Item>"
        for r, n, b, p, u in family
    )
    body = []
    for tag, value in fields.items():
        if value is None:
            continue
        body.append(
            f"  <{tag}>{value}\r\n  </{tag}>"
            if tag == "TianBiaoRen"
            else f"  <{tag}>{value}</{tag}>"
        )
        if tag == "ChengBaoDanWei":
            body.append(f"  <JiaTingChengYuan>{items}\r\n  </JiaTingChengYuan>")
    xml = (
        f'<?xml version="1.0" encoding="{_encoding}"?>\r\n<Person>\r\n'
        + "\r\n".join(body)
        + "\r\n</Person>"
    )
    if _encoding == "UTF-8" and _codec is None:
        return b"\xef\xbb\xbf" + xml.encode("utf-8")
    return xml.encode(_codec or _encoding)
