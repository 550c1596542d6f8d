"""Writing: a stored cadre's tags and family as the editor writes them, one file or a
zip of many, and the import preview's field-by-field differences."""

from __future__ import annotations

import base64
import io
import zipfile
from xml.etree import ElementTree

from django.utils.translation import gettext as _

from zugong.cadres import rules
from zugong.cadres.lrmx.fields import (
    FAMILY_FIELDS,
    FIELDS,
    POLITICAL_SHORT,
    VERSION,
    Parsed,
    ResumeLine,
)
from zugong.cadres.lrmx.text import (
    _normal_resume,
    birth_text,
    format_party,
    format_resume,
    work_started_text,
    yyyymm,
)
from zugong.core import codes
from zugong.core.models import CodeTable


def values_of(cadre, form=None) -> dict[str, str]:
    """The scalar tags of a stored cadre (and appointment form) as the editor writes them."""
    person = cadre.person
    educations = {e.kind: e for e in cadre.educations.all() if e.is_highest}
    full = educations.get("full_time")
    service = educations.get("in_service")
    retirement = rules.retirement_month(person.birth_date, person.gender)
    resume = [ResumeLine(e.start, e.end, e.text) for e in cadre.resume.all()]
    form = form or next(iter(cadre.forms.all()), None)  # newest first; prefetched in lists
    from zugong.core.services.persons import person_clear_value

    return {
        "XingMing": person.name,
        "XingBie": "男" if person.gender == "1" else "女",
        "ChuShengNianYue": birth_text(person.birth_date, with_day=cadre.birth_written_to_day),
        "MinZu": codes.name(CodeTable.ETHNICITY, person.ethnicity),
        "JiGuan": person.native_place,
        "ChuShengDi": cadre.birth_place,
        "RuDangShiJian": format_party(cadre.party_joined_on, cadre.other_party),
        "CanJiaGongZuoShiJian": work_started_text(
            cadre.work_started_on, with_day=cadre.work_started_written_to_day
        ),
        "JianKangZhuangKuang": cadre.health,
        "ZhuanYeJiShuZhiWu": cadre.professional_title,
        "ShuXiZhuanYeYouHeZhuanChang": cadre.expertise,
        "ZhengZhiMianMao": POLITICAL_SHORT.get(person.political_status, ""),
        "QuanRiZhiJiaoYu_XueLi": full.education if full else "",
        "QuanRiZhiJiaoYu_XueWei": full.degree if full else "",
        "QuanRiZhiJiaoYu_XueLi_BiYeYuanXiaoXi": full.education_school if full else "",
        "QuanRiZhiJiaoYu_XueWei_BiYeYuanXiaoXi": full.degree_school if full else "",
        "ZaiZhiJiaoYu_XueLi": service.education if service else "",
        "ZaiZhiJiaoYu_XueWei": service.degree if service else "",
        "ZaiZhiJiaoYu_XueLi_BiYeYuanXiaoXi": service.education_school if service else "",
        "ZaiZhiJiaoYu_XueWei_BiYeYuanXiaoXi": service.degree_school if service else "",
        "XianRenZhiWu": cadre.current_post_text,
        "NiRenZhiWu": form.proposed_post if form else "",
        "NiMianZhiWu": form.proposed_removal if form else "",
        "JianLi": format_resume(resume),
        "JiangChengQingKuang": form.rewards_text if form else "",
        "NianDuKaoHeJieGuo": form.assessment_text if form else assessment_text(cadre),
        "RenMianLiYou": form.reason if form else "",
        "ChengBaoDanWei": form.reporting_unit if form else "",
        "JiSuanNianLingShiJian": form.age_basis if form else "",
        "TianBiaoShiJian": form.filled_on if form else "",
        "TianBiaoRen": form.filled_by if form else "",
        "ShenFenZheng": person_clear_value(person, "id_number"),
        "ZhaoPian": base64.b64encode(bytes(cadre.photo)).decode("ascii") if cadre.photo else "",
        "Version": (form.version if form and form.version else VERSION),
        "DaoLingNianYue": yyyymm(retirement.month),
        "GaiGeQianRenZhiNianLingJieXian": form.pre_reform_age_line if form else "",
    }


def assessment_text(cadre) -> str:
    """The last years' annual results as the form writes them (年度考核结果)."""
    rows = sorted(cadre.annual_assessments.all(), key=lambda a: a.year)[-3:]
    return "；".join(f"{a.year}年度{a.get_grade_display()}" for a in rows)


def write(values: dict[str, str], family: list[dict[str, str]]) -> bytes:
    """The .lrmx bytes: UTF-8 with a BOM, every tag present, family in order."""
    root = ElementTree.Element("Person")
    for tag, _label in FIELDS:
        ElementTree.SubElement(root, tag).text = values.get(tag, "")
        if tag == "ChengBaoDanWei":
            container = ElementTree.SubElement(root, "JiaTingChengYuan")
            for member in family:
                item = ElementTree.SubElement(container, "Item")
                for key, _l in FAMILY_FIELDS:
                    ElementTree.SubElement(item, key).text = member.get(key, "")
    ElementTree.indent(root, space="  ")
    body = ElementTree.tostring(root, encoding="unicode", short_empty_elements=False)
    return b"\xef\xbb\xbf" + ('<?xml version="1.0" encoding="UTF-8"?>\n' + body + "\n").encode()


def family_of(cadre) -> list[dict[str, str]]:
    return [
        {
            "ChengWei": m.relation,
            "XingMing": m.name,
            "ChuShengRiQi": m.birth_month,
            "ZhengZhiMianMao": m.political_status,
            "GongZuoDanWeiJiZhiWu": m.unit_post,
        }
        for m in cadre.family.all()
    ]


def export(cadre, form=None) -> bytes:
    return write(values_of(cadre, form), family_of(cadre))


def export_zip(cadres) -> bytes:
    buffer = io.BytesIO()
    used: set[str] = set()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for cadre in cadres:
            name = f"{cadre.person.name}.lrmx"
            if name in used:
                name = f"{cadre.person.name}_{cadre.pk}.lrmx"
            used.add(name)
            archive.writestr(name, export(cadre))
    return buffer.getvalue()


# ---------------------------------------------------------------- preview


def differences(parsed: Parsed, cadre) -> list[dict[str, str]]:
    """Field by field, what the file would change in the stored record."""
    if cadre is None:
        return []
    stored = values_of(cadre)
    rows = []
    for tag, label in FIELDS:
        if tag in ("ZhaoPian", "Version", "DaoLingNianYue"):
            continue
        old = stored.get(tag, "")
        new = parsed.values.get(tag, "")
        if tag == "JianLi":
            old, new = _normal_resume(old), _normal_resume(new)
        elif tag == "ChuShengNianYue":  # as the record will keep it
            new = birth_text(parsed.birth, with_day=parsed.birth_has_day)
        elif tag == "RuDangShiJian":
            new = format_party(parsed.party_joined_on, parsed.other_party)
        elif tag == "CanJiaGongZuoShiJian":
            new = work_started_text(parsed.work_started_on, with_day=parsed.work_started_has_day)
        elif tag == "ZhengZhiMianMao":
            new = POLITICAL_SHORT.get(parsed.political_status, new)
        if old != new:
            rows.append({"field": label, "old": old, "new": new})
    if parsed.photo and bytes(cadre.photo) != parsed.photo:
        rows.append(
            {"field": _("照片"), "old": _("有") if cadre.photo else _("无"), "new": _("新照片")}
        )
    if family_of(cadre) != parsed.family:
        rows.append(
            {
                "field": _("家庭成员"),
                "old": "、".join(f"{m['ChengWei']}{m['XingMing']}" for m in family_of(cadre)),
                "new": "、".join(f"{m['ChengWei']}{m['XingMing']}" for m in parsed.family),
            }
        )
    return rows
