"""The cockpit's sections: each read only in the subtrees where its capability is held.

A section is a dict ready for the page and the API: ``key``, ``title``, ``as_of`` (when
it was counted), and ``figures``, each with a ``title``, a ``caption`` saying what it
counts, a ``total`` or a ``rate``, ``rows`` of ``{label, count, url}`` (the list
behind each number) and the ``chart`` drawing it. Person-scale figures come from the
tally (tally.scope_counts); the small tables (cadres, ratings, cards, tasks) are
counted on the spot through their modules' selectors.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from urllib.parse import urlencode

from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from zugong.cockpit import tally
from zugong.core import codes
from zugong.core.models import CodeTable, OrgKind


def link(name: str, **query) -> str:
    try:
        url = reverse(name)
    except NoReverseMatch:
        return ""
    return f"{url}?{urlencode(query)}" if query else url


def drill(figure: str, bucket) -> str:
    return link("admin:cockpit_tally_members", figure=figure, bucket=bucket)


def row(label, count: int, url: str = "") -> dict:
    return {"label": str(label), "count": int(count), "url": url}


def figure(key, title, caption, rows=(), *, total=None, rate=None, unit="", chart="bar", url=""):
    return {
        "key": key,
        "title": str(title),
        "caption": str(caption),
        "total": total,
        "rate": rate,
        "unit": str(unit),
        "chart": chart,
        "url": url,
        "rows": list(rows),
    }


def percent(part: int, whole: int) -> float | None:
    return round(100 * part / whole, 1) if whole else None


def as_of_text(meta: dict | None) -> str:
    """截至 … for a tally figure (counted by the scan, then kept by touches), or now."""
    if meta is None:
        return _("截至%(t)s（实时统计）") % {"t": date_format(timezone.localtime(), "Y-m-d H:i")}
    if meta.get("counted_at") is None:
        return _("尚未统计：每日定时统计后显示")
    text = _("截至%(t)s统计") % {
        "t": date_format(timezone.localtime(meta["counted_at"]), "Y-m-d H:i")
    }
    if meta.get("touched_at"):
        text += _("，%(t)s以后的变更已随办随计") % {
            "t": date_format(timezone.localtime(meta["touched_at"]), "Y-m-d H:i")
        }
    return text


def _bucket_rows(buckets: dict, labels: list[tuple[str, object]], url: Callable[[str], str]):
    """Rows in the labels' order, then any bucket without a label (an unknown code)."""
    rows = [row(label, buckets.get(str(code), 0), url(str(code))) for code, label in labels]
    known = {str(code) for code, _label in labels}
    for code, n in sorted(buckets.items()):
        if code not in known:
            rows.append(row(_("未填写") if code in ("", "None", "-1") else code, n, url(code)))
    return rows


def section(key, title, as_of, figures) -> dict:
    return {"key": key, "title": str(title), "as_of": str(as_of), "figures": figures}


# ---------------------------------------------------------------- from the tally


def members_section(on: dt.date) -> dict:
    from zugong.party.models import MemberKind
    from zugong.party.selectors import AGE_BANDS, STANDING_BANDS

    counts, meta = tally.scope_counts(
        ("member_kind", "member_gender", "member_education", "member_age", "member_standing")
    )
    kinds = counts.get("member_kind", {})
    total = sum(kinds.values())
    roster = link("admin:party_member_changelist", roll="on")
    genders = sorted(codes.names(CodeTable.GENDER).items())
    education = codes.names(CodeTable.EDUCATION)
    levels = [(c, n) for c, n in education.items() if c in counts.get("member_education", {})]
    figures = [
        figure(
            "members",
            _("党员总数"),
            _("在册党员（党籍正常、流动、失联或停止党籍），按正式党员和预备党员"),
            _bucket_rows(
                kinds,
                [(k.value, k.label) for k in MemberKind],
                lambda c: link("admin:party_member_changelist", roll="on", kind=c),
            ),
            total=total,
            unit=_("名"),
            chart="doughnut",
            url=roster,
        ),
        figure(
            "member_age",
            _("党员年龄结构"),
            _("在册党员按统计日的周岁分段"),
            _bucket_rows(
                counts.get("member_age", {}),
                [(i, label) for i, (_l, _h, label) in enumerate(AGE_BANDS)],
                lambda c: drill("member_age", c),
            ),
        ),
        figure(
            "member_gender",
            _("党员性别"),
            _("在册党员按性别（GB/T 2261）"),
            _bucket_rows(
                counts.get("member_gender", {}), genders, lambda c: drill("member_gender", c)
            ),
            chart="doughnut",
        ),
        figure(
            "member_education",
            _("党员学历"),
            _("在册党员按学历层次（GB/T 4658 大类）"),
            _bucket_rows(
                counts.get("member_education", {}),
                sorted(levels, key=lambda item: -counts["member_education"].get(item[0], 0)),
                lambda c: drill("member_education", c),
            ),
        ),
        figure(
            "member_standing",
            _("党龄结构"),
            _("正式党员按转正之日起算的党龄分段（预备党员不计党龄）"),
            _bucket_rows(
                counts.get("member_standing", {}),
                [(i, label) for i, (_l, _h, label) in enumerate(STANDING_BANDS)],
                lambda c: drill("member_standing", c),
            ),
        ),
    ]
    return section("members", _("党员队伍"), as_of_text(meta), figures)


def organizations_section(on: dt.date) -> dict:
    counts, meta = tally.scope_counts(("org_kind",))
    kinds = counts.get("org_kind", {})
    rows = _bucket_rows(
        kinds,
        [(k.value, k.label) for k in OrgKind if kinds.get(k.value)],
        lambda c: link("admin:core_organization_changelist", kind=c, status="active"),
    )
    return section(
        "organizations",
        _("党组织"),
        as_of_text(meta),
        [
            figure(
                "org_kind",
                _("党组织按类型"),
                _("正常状态的党组织（不含已撤销、合并的），按组织类型"),
                [r for r in rows if r["count"]],
                total=sum(kinds.values()),
                unit=_("个"),
                url=link("admin:core_organization_changelist", status="active"),
            )
        ],
    )


def party_work_section(on: dt.date) -> dict:
    from zugong.party.models import Stage

    counts, meta = tally.scope_counts(
        ("election", "compliance", "dues", "member_kind", "development")
    )
    election = counts.get("election", {})
    electing = sum(election.values())
    on_time = election.get("ok", 0) + election.get("due_soon", 0)
    elections_url = link("admin:party_branchcommittee_elections")
    states = [
        ("ok", _("任期内")),
        ("due_soon", _("即将到期")),
        ("overdue", _("逾期未换届")),
        ("missing", _("无班子记录")),
    ]
    compliance = counts.get("compliance", {})
    required, done = compliance.get("required", 0), compliance.get("done", 0)
    dues = counts.get("dues", {})
    members = sum(counts.get("member_kind", {}).values())
    arrears = dues.get("arrears", 0)
    arrears_url = link("admin:party_duespayment_arrears")
    development = counts.get("development", {})
    stages = [
        (s.value, s.label)
        for s in Stage
        if s.value in ("applicant", "activist", "candidate", "probationary")
    ]
    figures = [
        figure(
            "election",
            _("按期换届率"),
            _("应换届的党组织中，班子任期未满（含即将到期）的占比；逾期和无班子记录的列出"),
            [
                row(label, election.get(code, 0), elections_url if code != "ok" else "")
                for code, label in states
            ],
            rate=percent(on_time, electing),
            total=electing,
            unit=_("个"),
            chart="doughnut",
            url=elections_url,
        ),
        figure(
            "compliance",
            _("三会一课落实率"),
            _("本年至今应开的支部党员大会、支委会、党小组会和党课中已开的占比"),
            [row(_("应开"), required), row(_("已开"), done), row(_("未开"), required - done)],
            rate=percent(done, required),
            chart="",
            url=link("admin:party_meeting_compliance"),
        ),
        figure(
            "dues",
            _("党费按月交纳率"),
            _("在册党员中上月及以前无欠缴的占比；连续六个月以上未交的单列"),
            [
                row(_("有欠缴"), arrears, arrears_url),
                row(_("连续六个月以上未交"), dues.get("lapse", 0), arrears_url),
            ],
            rate=percent(members - arrears, members),
            chart="",
            url=arrears_url,
        ),
        figure(
            "development",
            _("发展党员"),
            _("在途的发展党员对象，按所处阶段（入党申请人至预备党员）"),
            _bucket_rows(
                development,
                stages,
                lambda c: link("admin:party_developmentcase_changelist", stage=c),
            ),
            total=sum(development.values()),
            unit=_("名"),
        ),
    ]
    return section("party_work", _("组织建设"), as_of_text(meta), figures)


def talents_section(on: dt.date) -> dict:
    from zugong.talent.models import TalentCategory
    from zugong.talent.selectors import card

    counts, meta = tally.scope_counts(("talent_total", "talent_category"))
    categories = counts.get("talent_category", {})
    labels = [(c.pk, c.name) for c in TalentCategory.objects.order_by("order", "code")]
    pool = link("admin:talent_talent_changelist")
    figures = [
        figure(
            "talent_category",
            _("人才按类别"),
            _("人才库中的人才，按人才类别（一人多类的分别计入）"),
            [
                r
                for r in _bucket_rows(
                    categories, labels, lambda c: link("admin:talent_talent_changelist", category=c)
                )
                if r["count"]
            ],
            total=counts.get("talent_total", {}).get("all", 0),
            unit=_("名"),
            url=pool,
        )
    ]
    tiers = card.figures_by_tier(on)
    figures.append(
        figure(
            "card_tier",
            _("人才卡按类别"),
            _("有效期内的人才卡（主卡，不含随行家属卡），按卡类别（实时统计）"),
            [
                row(
                    t["tier"].name,
                    t["valid"],
                    link("admin:talent_talentcard_changelist", tier=t["tier"].pk, status="issued"),
                )
                for t in tiers
            ],
            total=sum(t["valid"] for t in tiers),
            unit=_("张"),
        )
    )
    return section("talents", _("人才工作"), as_of_text(meta), figures)


def grassroots_section(on: dt.date) -> dict:
    from zugong.cockpit.counters import rating_year
    from zugong.grassroots.rules.collective import tier_for

    counts, meta = tally.scope_counts(("stars", "collective_tier", "coverage"))
    year = rating_year(on)
    stars = counts.get("stars", {})
    ratings = link("admin:grassroots_rating_changelist", year=year, status="published")
    tiers = counts.get("collective_tier", {})
    ledger = "admin:grassroots_collectiveincome_ledger"
    tier_rows = []
    for code in ("strong", "middle", "weak"):
        label = _tier_label(code, tier_for)
        tier_rows.append(row(label, tiers.get(code, 0), link(ledger, year=year, tier=code)))
    coverage = counts.get("coverage", {})
    coverage_url = link("admin:grassroots_entity_coverage_page")
    figures = [
        figure(
            "stars",
            _("星级评定"),
            _("%(y)d年已发布的村（社区）党组织星级评定结果，按星级") % {"y": year},
            [
                row(
                    _("%(n)d星") % {"n": star},
                    stars.get(str(star), 0),
                    link(
                        "admin:grassroots_rating_changelist",
                        year=year,
                        status="published",
                        star=star,
                    ),
                )
                for star in (5, 4, 3, 2, 1)
            ],
            total=sum(stars.values()),
            unit=_("个"),
            url=ratings,
        ),
        figure(
            "collective_tiers",
            _("村级集体经济"),
            _("%(y)d年各村集体经济收入所在档次（按设定的口径与分档线）") % {"y": year},
            tier_rows,
            total=sum(tiers.values()),
            unit=_("个村"),
            chart="doughnut",
            url=link(ledger, year=year),
        ),
        figure(
            "coverage",
            _("两新组织党的组织覆盖率"),
            _(
                "纳入统计范围的两新组织中已单独或联合组建党组织的占比；工作覆盖含派驻党建指导员"
                "（每个组织计入其党组织，未建的计入所在乡镇）"
            ),
            [
                row(_("纳入统计"), coverage.get("counted", 0), coverage_url),
                row(_("已组建党组织"), coverage.get("organized", 0), coverage_url),
                row(_("工作覆盖"), coverage.get("work_covered", 0), coverage_url),
                row(_("未覆盖"), coverage.get("uncovered", 0), coverage_url),
            ],
            rate=percent(coverage.get("organized", 0), coverage.get("counted", 0)),
            chart="",
            url=coverage_url,
        ),
    ]
    return section("grassroots", _("基层党建"), as_of_text(meta), figures)


def _tier_label(code: str, tier_for) -> str:
    """The tier's name as the ledger shows it (with the configured lines)."""
    from decimal import Decimal

    from zugong.grassroots.rules.collective import tier_thresholds

    weak, strong = tier_thresholds()
    amount = {"weak": Decimal(0), "middle": weak, "strong": strong}[code]
    return tier_for(operating=amount, total=amount).label
