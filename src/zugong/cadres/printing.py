"""The appointment approval form (干部任免审批表) printed as a two-page A4 PDF.

The layout follows the official form: page one holds the personal data with the photo,
education, current and proposed posts and the résumé; page two holds rewards and
punishments, annual assessment results, the reason, the family table and the approval
boxes. The CJK font (Noto Serif SC, OFL) comes from the ``pylopdf-fonts-zh-cn`` wheel;
nothing is fetched at run time. Text that does not fit a box is set smaller, never cut.
"""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import pylopdf_fonts_zh_cn
from fpdf import FPDF

from zugong.cadres import lrmx, rules

FONT_DIR = Path(pylopdf_fonts_zh_cn.__file__).parent
SERIF = FONT_DIR / "NotoSerifSC-Regular.otf"
SANS = FONT_DIR / "NotoSansSC-Regular.otf"

LEFT, TOP, WIDTH = 15.0, 24.0, 180.0
LABEL = 18.0


class FormPDF(FPDF):
    def __init__(self):
        super().__init__(orientation="P", unit="mm", format="A4")
        self.set_auto_page_break(False)
        self.set_margins(LEFT, TOP, LEFT)
        self.add_font("serif", fname=str(SERIF))
        self.add_font("sans", fname=str(SANS))
        self.set_line_width(0.3)
        self.set_title("干部任免审批表")
        self.set_creator("zugong")

    def box(
        self,
        x: float,
        y: float,
        w: float,
        h: float,
        text: str = "",
        *,
        align: str = "C",
        size: float = 11,
        valign: str = "M",
        font: str = "serif",
        pad: float = 1.2,
        min_size: float = 7,
    ) -> None:
        """A bordered cell with ``text`` wrapped inside; smaller type if it must."""
        self.rect(x, y, w, h)
        if not text:
            return
        inner = w - 2 * pad
        # A short value (a place, a name) stays on one line, set smaller if need be.
        wanted = text.count("\n") + 1 if len(text) <= 8 else None
        while True:
            self.set_font(font, size=size)
            line_h = size * 0.3528 * 1.35
            lines = self.multi_cell(inner, line_h, text, dry_run=True, output="LINES")
            fits = len(lines) * line_h <= h - 2 * pad and (wanted is None or len(lines) <= wanted)
            if fits or size <= min_size:
                break
            size -= 0.5
        block = len(lines) * line_h
        top = y + pad if valign == "T" else y + max(pad, (h - block) / 2)
        self.set_xy(x + pad, top)
        self.multi_cell(inner, line_h, text, align=align)

    def resume(self, x: float, y: float, w: float, h: float, lines, size: float = 10.5) -> None:
        """Résumé periods in two columns: the dates, then the unit and post wrapped
        under itself (continuation lines such as （其间：…） align with the text)."""
        pad, dates_w = 3.0, 38.0
        text_w = w - 2 * pad - dates_w
        while True:
            self.set_font("serif", size=size)
            line_h = size * 0.3528 * 1.4
            needed = sum(
                len(self.multi_cell(text_w, line_h, line.text, dry_run=True, output="LINES"))
                for line in lines
            )
            if needed * line_h <= h - 2 * pad or size <= 7:
                break
            size -= 0.5
        top = y + pad
        for line in lines:
            end = f"{line.end:%Y.%m}" if line.end else ""
            self.set_xy(x + pad, top)
            self.cell(dates_w, line_h, f"{line.start:%Y.%m}--{end}")
            self.set_xy(x + pad + dates_w, top)
            self.multi_cell(text_w, line_h, line.text)
            top = self.get_y()

    def vertical(self, x, y, w, h, text, size=12):
        """A label written top to bottom, as the form sets 简历 and 家庭成员."""
        self.box(x, y, w, h, "\n".join(text), size=size)


def _age(birth: dt.date, on: dt.date) -> int:
    return rules.age_on(birth, on)


def _ym(value: str) -> str:
    return f"{value[:4]}.{value[4:6]}" if len(value) >= 6 else value


def render(cadre, form=None, *, today: dt.date | None = None) -> bytes:
    today = today or dt.date.today()
    values = lrmx.values_of(cadre, form)
    family = lrmx.family_of(cadre)
    basis = lrmx.month(values["JiSuanNianLingShiJian"]) if values["JiSuanNianLingShiJian"] else None
    basis = basis or today
    pdf = FormPDF()

    # ------------------------------------------------------------ page one
    pdf.add_page()
    pdf.set_font("sans", size=22)
    pdf.set_xy(LEFT, 10)
    pdf.cell(WIDTH, 12, "干 部 任 免 审 批 表", align="C")
    y = TOP
    row = 14.0
    photo_w = 42.0
    born = cadre.person.birth_date
    cols = [LABEL, 24, 14, 18, 22, 42]
    first = [
        (
            "姓  名",
            values["XingMing"],
            "性别",
            values["XingBie"],
            "出生年月\n（  岁）",
            f"{born:%Y.%m}\n（{_age(born, basis)}岁）",
        ),
        ("民  族", values["MinZu"], "籍贯", values["JiGuan"], "出 生 地", values["ChuShengDi"]),
        (
            "入党\n时间",
            values["RuDangShiJian"].replace("；", "\n")
            if "；" in values["RuDangShiJian"]
            else _ym(values["RuDangShiJian"])
            if values["RuDangShiJian"][:1].isdigit()
            else values["RuDangShiJian"],
            "参加工\n作时间",
            _ym(values["CanJiaGongZuoShiJian"]),
            "健康状况",
            values["JianKangZhuangKuang"],
        ),
    ]
    for cells in first:
        x = LEFT
        for width, text in zip(cols, cells, strict=True):
            pdf.box(x, y, width, row, text, size=10.5)
            x += width
        y += row
    x = LEFT
    pdf.box(x, y, LABEL, row, "专业技\n术职务", size=10.5)
    pdf.box(x + LABEL, y, 56, row, values["ZhuanYeJiShuZhiWu"], size=10.5)
    pdf.box(x + LABEL + 56, y, 22, row, "熟悉专业\n有何专长", size=10.5)
    pdf.box(x + LABEL + 78, y, 42, row, values["ShuXiZhuanYeYouHeZhuanChang"], size=10.5)
    # The photo spans the first four rows.
    px = LEFT + WIDTH - photo_w
    pdf.rect(px, TOP, photo_w, row * 4)
    photo = bytes(cadre.photo)
    if photo:
        pw, ph = 33.0, 41.25  # 4:5
        pdf.image(
            io.BytesIO(photo), x=px + (photo_w - pw) / 2, y=TOP + (row * 4 - ph) / 2, w=pw, h=ph
        )
    else:
        pdf.set_font("serif", size=10)
        pdf.set_xy(px, TOP + row * 2 - 3)
        pdf.cell(photo_w, 6, "（照片）", align="C")
    y += row

    # Education: two rows under one 学历学位 label.
    pdf.box(LEFT, y, LABEL, row * 2, "学  历\n学  位", size=10.5)
    for index, (kind, prefix) in enumerate(
        (("全日制\n教  育", "QuanRiZhiJiaoYu"), ("在  职\n教  育", "ZaiZhiJiaoYu"))
    ):
        ry = y + row * index
        x = LEFT + LABEL
        degree = "\n".join(v for v in (values[f"{prefix}_XueLi"], values[f"{prefix}_XueWei"]) if v)
        schools = "\n".join(
            v
            for v in dict.fromkeys(
                (
                    values[f"{prefix}_XueLi_BiYeYuanXiaoXi"],
                    values[f"{prefix}_XueWei_BiYeYuanXiaoXi"],
                )
            )
            if v
        )
        pdf.box(x, ry, 18, row, kind, size=10)
        pdf.box(x + 18, ry, 38, row, degree, size=10)
        pdf.box(x + 56, ry, 22, row, "毕业院校\n系及专业", size=10)
        pdf.box(x + 78, ry, 84, row, schools, size=10, align="L")
    y += row * 2
    for label, tag in (
        ("现 任 职 务", "XianRenZhiWu"),
        ("拟 任 职 务", "NiRenZhiWu"),
        ("拟 免 职 务", "NiMianZhiWu"),
    ):
        pdf.box(LEFT, y, 36, 12, label, size=10.5)
        pdf.box(LEFT + 36, y, WIDTH - 36, 12, values[tag], size=10.5, align="L")
        y += 12
    bottom = 287.0
    pdf.vertical(LEFT, y, LABEL, bottom - y, "简历")
    pdf.rect(LEFT + LABEL, y, WIDTH - LABEL, bottom - y)
    pdf.resume(LEFT + LABEL, y, WIDTH - LABEL, bottom - y, lrmx.parse_resume(values["JianLi"])[0])

    # ------------------------------------------------------------ page two
    pdf.add_page()
    y = 12.0
    for label, tag, height in (
        ("奖惩\n情况", "JiangChengQingKuang", 30),
        ("年度\n考核\n结果", "NianDuKaoHeJieGuo", 24),
        ("任免\n理由", "RenMianLiYou", 28),
    ):
        pdf.box(LEFT, y, LABEL, height, label, size=11)
        pdf.box(
            LEFT + LABEL,
            y,
            WIDTH - LABEL,
            height,
            values[tag],
            align="L",
            valign="T",
            size=10.5,
            pad=2.5,
        )
        y += height
    # Family: header and at least seven rows, as printed forms have.
    widths = [18, 22, 14, 24, WIDTH - LABEL - 78]
    header = ["称  谓", "姓  名", "年龄", "政治\n面貌", "工 作 单 位 及 职 务"]
    rows = max(7, len(family))
    row_h = 11.0 if rows <= 8 else max(7.0, 88.0 / rows)
    pdf.vertical(LEFT, y, LABEL, row_h * (rows + 1), "家庭主要成员及重要社会关系", size=10)
    x = LEFT + LABEL
    for width, text in zip(widths, header, strict=True):
        pdf.box(x, y, width, row_h, text, size=10.5)
        x += width
    for index in range(rows):
        ry = y + row_h * (index + 1)
        member = family[index] if index < len(family) else None
        cells = ["", "", "", "", ""]
        if member:
            age = ""
            if member["ChuShengRiQi"] and "已去世" not in member["GongZuoDanWeiJiZhiWu"]:
                b = lrmx.month(member["ChuShengRiQi"])
                age = str(_age(b, basis)) if b else ""
            cells = [
                member["ChengWei"],
                member["XingMing"],
                age,
                member["ZhengZhiMianMao"],
                member["GongZuoDanWeiJiZhiWu"],
            ]
        x = LEFT + LABEL
        for column, (width, text) in enumerate(zip(widths, cells, strict=True)):
            pdf.box(x, ry, width, row_h, text, size=10, align="L" if column == 4 else "C")
            x += width
    y += row_h * (rows + 1)
    # Approval boxes fill the rest of the page.
    left_h = (276.0 - y) / 3
    for label, text in (
        ("呈报\n单位", values["ChengBaoDanWei"]),
        ("审批\n机关\n意见", ""),
        ("行政\n机关\n任免\n意见", ""),
    ):
        pdf.box(LEFT, y, LABEL, left_h, label, size=10.5)
        pdf.rect(LEFT + LABEL, y, WIDTH - LABEL, left_h)
        pdf.set_font("serif", size=10.5)
        if text:
            pdf.set_xy(LEFT + LABEL + 3, y + 3)
            pdf.multi_cell(WIDTH - LABEL - 6, 5.5, text)
        pdf.set_xy(LEFT + WIDTH - 70, y + left_h - 14)
        pdf.cell(66, 5.5, "（盖章）", align="R")
        pdf.set_xy(LEFT + WIDTH - 70, y + left_h - 8)
        pdf.cell(66, 5.5, "年    月    日", align="R")
        y += left_h
    pdf.set_font("serif", size=10.5)
    pdf.set_xy(LEFT, 279)
    filled = values["TianBiaoShiJian"]
    pdf.cell(WIDTH / 2, 6, f"填表人：{values['TianBiaoRen']}")
    pdf.cell(WIDTH / 2, 6, f"填表时间：{_ym(filled)}" if filled else "", align="R")
    return bytes(pdf.output())
