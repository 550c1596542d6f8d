"""The pool's rules, with their sources: title levels (《关于深化职称制度改革的意见》,
2016: 初级、中级、高级, 高级 split into 副高级 and 正高级) and the matching weights
(本系统…: no regulation sets them)."""

import pytest
from django.test import override_settings

from tests.core.test_rule_sources import problems_of
from zugong.talent.rules import pool as rules


def test_sources_name_a_document_or_the_system():
    for rule in (rules.TITLE_LEVELS, rules.MATCH_WEIGHTS, rules.MATCH_TOP):
        assert not problems_of(rule.source), rule.source
    assert "职称制度改革" in rules.TITLE_LEVELS.source
    assert rules.MATCH_WEIGHTS.source.startswith("本系统")


@pytest.mark.parametrize(
    ("level", "label"), [(0, "无职称"), (1, "初级"), (2, "中级"), (3, "副高级"), (4, "正高级")]
)
def test_title_levels_follow_the_2016_opinion(level, label):
    # "职称一般分为初级、中级、高级，高级分为正高级和副高级" (the opinion, part 2).
    assert rules.title_label(level) == label


def test_an_unknown_level_shows_as_its_number():
    assert rules.title_label(9) == "9"


def test_the_score_is_the_weights_times_what_matched():
    w = rules.MATCH_WEIGHTS.value
    score = rules.match_score(
        tags=2, categories=1, title_level=2, same_township=True, text=False, consent=True
    )
    assert (
        score == 2 * w["tag"] + w["category"] + 2 * w["title_level"] + w["township"] + w["consent"]
    )
    assert (
        rules.match_score(
            tags=0, categories=0, title_level=0, same_township=False, text=False, consent=False
        )
        == 0
    )


def test_a_tag_outweighs_a_title_level_by_default():
    one_tag = rules.match_score(
        tags=1, categories=0, title_level=0, same_township=False, text=False, consent=False
    )
    top_title = rules.match_score(
        tags=0, categories=0, title_level=4, same_township=False, text=False, consent=False
    )
    assert one_tag > top_title


@override_settings(ZUGONG_TALENT_MATCH_WEIGHTS={"tag": 100})
def test_a_setting_replaces_a_weight_and_keeps_the_others():
    assert rules.match_weights()["tag"] == 100
    assert rules.match_weights()["category"] == rules.MATCH_WEIGHTS.value["category"]


def test_the_number_of_results_is_bounded():
    assert rules.match_top() == 20
    assert rules.match_top(5) == 5
    assert rules.match_top(10_000) == rules.MATCH_MAX
    assert rules.match_top(-3) == 1
