"""The talent pool's rules: title levels and the weights that rank talents against an
enterprise's stated need (next-modules §2.11)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from zugong.core.rules import Rule
from zugong.talent.rules.common import setting

TITLE_LEVELS = Rule(
    {0: _("无职称"), 1: _("初级"), 2: _("中级"), 3: _("副高级"), 4: _("正高级")},
    "《关于深化职称制度改革的意见》（中办发〔2016〕77号）",
    "The opinion, part 2: titles are junior, intermediate and senior, senior split into "
    "deputy-senior and full-senior. 0 is 'no title' (a rural craftsman may have none)",
)
MATCH_WEIGHTS = Rule(
    {
        "tag": 30,  # each tag of the need the talent carries
        "category": 20,  # each category of the need the talent is in
        "title_level": 5,  # each title level (0-4) the talent holds
        "township": 15,  # the talent is in the township the need prefers
        "text": 10,  # the need's free text is in the talent's record
        "consent": 5,  # the talent agreed to be contacted
    },
    "本系统设定的匹配权重（无规定，可修改）",
    "No regulation sets how a need is matched; ZUGONG_TALENT_MATCH_WEIGHTS replaces the "
    "mapping (missing keys keep their default)",
)
MATCH_TOP = Rule(
    20,
    "本系统设定的匹配结果条数（可修改）",
    "How many ranked talents a match returns by default (ZUGONG_TALENT_MATCH_TOP); at "
    "most 100 are returned whatever is asked",
)
MATCH_MAX = 100


def title_levels() -> dict[int, str]:
    return {int(k): v for k, v in setting("ZUGONG_TALENT_TITLE_LEVELS", TITLE_LEVELS.value).items()}


def title_label(level: int) -> str:
    """初级 for 1; an unknown level is shown as its number."""
    return str(title_levels().get(int(level or 0), level))


def match_weights() -> dict[str, int]:
    return {**MATCH_WEIGHTS.value, **setting("ZUGONG_TALENT_MATCH_WEIGHTS", {})}


def match_top(asked: int | None = None) -> int:
    """How many results a match returns: the asked number within 1..MATCH_MAX."""
    default = int(setting("ZUGONG_TALENT_MATCH_TOP", MATCH_TOP.value))
    if not asked:
        return min(default, MATCH_MAX)
    return max(1, min(int(asked), MATCH_MAX))


def match_score(
    *,
    tags: int,
    categories: int,
    title_level: int,
    same_township: bool,
    text: bool,
    consent: bool,
) -> int:
    """A talent's score against a need: the weights times what matched (the same sum the
    selector computes in SQL; this one is the reference the tests hold it to)."""
    w = match_weights()
    return (
        w["tag"] * tags
        + w["category"] * categories
        + w["title_level"] * int(title_level or 0)
        + (w["township"] if same_township else 0)
        + (w["text"] if text else 0)
        + (w["consent"] if consent else 0)
    )
