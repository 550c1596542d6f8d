"""The year's indicator system (评星指标体系): made from last year's or a default,
checked (maxima summing to the total, bands, veto caps), audited (INDICATORS_SAVED)."""

from __future__ import annotations

from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext as _

from zugong.core import audit
from zugong.core.errors import ApplicationError
from zugong.core.services.access import authorize
from zugong.grassroots import capabilities as caps
from zugong.grassroots.models.rating import (
    EvidenceSource as S,
)
from zugong.grassroots.models.rating import (
    Indicator,
    IndicatorSet,
    StarBand,
    VetoItem,
)
from zugong.grassroots.rules import rating as rules
from zugong.grassroots.rules.common import plain

DEFAULT_BASIS = "参照各地村（社区）党组织星级化管理办法，结合本区实际制定"

# (standard, code, name, max points, evidence source, guidance): 5 standards, 100 points.
DEFAULT_INDICATORS = (
    ("组织建设", "A1", "按期换届，班子结构合理", 8, S.ELECTION, "班子按期换届得满分，逾期不得分"),
    ("组织建设", "A2", "“三会一课”等组织生活落实", 12, S.ORG_LIFE, "按应开次数与实开次数比例计分"),
    ("组织建设", "A3", "阵地建设与规范化管理", 5, S.NONE, "查看阵地、台账，附佐证材料"),
    ("党员队伍", "B1", "发展党员工作", 6, S.DEVELOPMENT, "本年度发展党员1名以上得满分"),
    ("党员队伍", "B2", "党费按时足额交纳", 6, S.DUES, "按未欠缴党员比例计分"),
    ("党员队伍", "B3", "党员教育管理与先锋作用发挥", 8, S.NONE, "附学习培训、设岗定责佐证"),
    ("服务群众", "C1", "为民服务事项办理", 10, S.NONE, "附为民办事台账"),
    ("服务群众", "C2", "共建契约履约（社区）", 5, S.COBUILDING, "按到期事项按期履约比例计分"),
    ("服务群众", "C3", "群众满意度", 5, S.NONE, "以测评结果计分"),
    ("发展集体经济", "D1", "村级集体经济收入", 15, S.COLLECTIVE_INCOME, "按收入档次计分"),
    ("发展集体经济", "D2", "产业发展与项目带动", 5, S.NONE, "附项目佐证"),
    ("基层治理", "E1", "整改事项按期完成", 5, S.RECTIFICATION, "每逾期1项扣总分四分之一"),
    ("基层治理", "E2", "未列为软弱涣散党组织", 5, S.WEAK_LAX, "列为软弱涣散不得分"),
    (
        "基层治理",
        "E3",
        "书记履职及受监督处理情况",
        5,
        S.NONE,
        "书记本年度受到组织处理或纪律处分不得分，附说明",
    ),
)
# The "四无" pattern (R13): each caps the star whatever the score.
DEFAULT_VETOES = (
    ("V1", "发生重大安全生产责任事故或群体性事件", 1),
    ("V2", "村（社区）“两委”成员受到刑事处罚或开除党籍处分", 1),
    ("V3", "发生严重违反换届纪律行为", 2),
    ("V4", "出现越级集体上访且处置不力", 3),
)


def _copy_from(source: IndicatorSet, year: int) -> IndicatorSet:
    new = IndicatorSet.objects.create(
        year=year,
        name=source.name,
        total_points=source.total_points,
        basis=source.basis,
        note=_("由%(y)d年指标体系复制") % {"y": source.year},
    )
    Indicator.objects.bulk_create(
        Indicator(
            indicator_set=new,
            standard=i.standard,
            code=i.code,
            name=i.name,
            max_points=i.max_points,
            evidence=i.evidence,
            guidance=i.guidance,
            order=i.order,
        )
        for i in source.indicators.all()
    )
    StarBand.objects.bulk_create(
        StarBand(indicator_set=new, star=b.star, min_score=b.min_score) for b in source.bands.all()
    )
    VetoItem.objects.bulk_create(
        VetoItem(indicator_set=new, code=v.code, name=v.name, cap_star=v.cap_star)
        for v in source.vetoes.all()
    )
    return new


def _default(year: int) -> IndicatorSet:
    new = IndicatorSet.objects.create(
        year=year, name=_("村（社区）党组织星级评定指标"), total_points=100, basis=DEFAULT_BASIS
    )
    Indicator.objects.bulk_create(
        Indicator(
            indicator_set=new,
            standard=standard,
            code=code,
            name=name,
            max_points=Decimal(points),
            evidence=evidence,
            guidance=guidance,
            order=index,
        )
        for index, (standard, code, name, points, evidence, guidance) in enumerate(
            DEFAULT_INDICATORS, start=1
        )
    )
    StarBand.objects.bulk_create(
        StarBand(indicator_set=new, star=star, min_score=Decimal(minimum))
        for star, minimum in rules.DEFAULT_BANDS.value.items()
    )
    VetoItem.objects.bulk_create(
        VetoItem(indicator_set=new, code=code, name=name, cap_star=cap)
        for code, name, cap in DEFAULT_VETOES
    )
    return new


@transaction.atomic
def indicator_set_make(*, actor, year: int) -> IndicatorSet:
    """The year's set: a copy of the latest earlier year's, or the default for a first
    year. Refused when the year has one already."""
    authorize(actor, caps.MANAGE_INDICATORS)
    if not 2000 <= year <= 2100:
        raise ApplicationError(_("年度应在2000至2100之间"), field="year")
    if IndicatorSet.objects.filter(year=year).exists():
        raise ApplicationError(_("%(y)d年的指标体系已存在") % {"y": year}, field="year")
    source = IndicatorSet.objects.filter(year__lt=year).order_by("-year").first()
    new = _copy_from(source, year) if source is not None else _default(year)
    indicator_set_check(new)
    audit.log_action(
        caps.INDICATORS_SAVED,
        obj=new,
        actor=actor,
        extra={"year": year, "from_year": source.year if source else None},
    )
    return new


def check_parts(
    *, total: Decimal, maxima: list[Decimal], bands: dict[int, Decimal], caps_: list[int]
) -> None:
    """The set's checks on plain values (also used by the admin's inlines before saving)."""
    if any(m <= 0 for m in maxima):
        raise ApplicationError(_("指标满分应大于0"), field="max_points")
    if sum(maxima, Decimal(0)) != total:
        raise ApplicationError(
            _("各指标满分合计%(s)s分，应等于总分%(t)s分")
            % {"s": plain(sum(maxima, Decimal(0))), "t": plain(total)},
            field="total_points",
        )
    checked = rules.validate_bands(bands)
    if any(minimum > total for minimum in checked.values()):
        raise ApplicationError(_("星级最低得分不能超过总分"), field="min_score")
    for cap in caps_:
        if cap not in rules.STARS:
            raise ApplicationError(
                _("否决事项的最高可评星级应为1至5星，不能为%(s)s") % {"s": cap}, field="cap_star"
            )


def indicator_set_check(indicator_set: IndicatorSet) -> None:
    check_parts(
        total=indicator_set.total_points,
        maxima=[i.max_points for i in indicator_set.indicators.all()],
        bands={b.star: b.min_score for b in indicator_set.bands.all()},
        caps_=[v.cap_star for v in indicator_set.vetoes.all()],
    )


def indicator_set_saved(*, actor, indicator_set: IndicatorSet, changes: dict | None = None) -> None:
    """After the district edits a set (admin form and inlines, inside its transaction):
    check it whole and audit; a failed check rolls the edit back."""
    authorize(actor, caps.MANAGE_INDICATORS)
    indicator_set_check(indicator_set)
    audit.log_action(caps.INDICATORS_SAVED, obj=indicator_set, actor=actor, changes=changes or {})
