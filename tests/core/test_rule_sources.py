"""A rule's source is what users read: the regulation and article only (issue 12).

Developer notes (the RULES.md section, the confidence tag, the setting that overrides a
value) live in ``Rule.note`` and ``StepSpec.note``; no page or answer has to strip them.
"""

import datetime as dt
import importlib
import pkgutil
import re
from types import ModuleType

import pytest

from tests.cadres.conftest import cadres  # noqa: F401 - fixture
from tests.conftest import scope_of
from tests.core.test_api import bearer
from zugong.cadres import rules as cadre_rules
from zugong.cadres.services import supervision
from zugong.core import rules as core_rules
from zugong.core.rules import Rule
from zugong.grassroots import rules as grassroots_rules
from zugong.party import pipeline
from zugong.party import rules as party_rules
from zugong.party.pipeline import StepSpec
from zugong.talent import rules as talent_rules
from zugong.workplan import rules as workplan_rules

D = dt.date
# The talent module's rules live in one module per area (their names would clash in
# one namespace): every module of the package is walked.
TALENT_RULES = [
    importlib.import_module(f"{talent_rules.__name__}.{info.name}")
    for info in pkgutil.iter_modules(talent_rules.__path__)
]
WORKPLAN_RULES = [
    importlib.import_module(f"{workplan_rules.__name__}.{info.name}")
    for info in pkgutil.iter_modules(workplan_rules.__path__)
]
MODULES = [
    core_rules,
    party_rules,
    pipeline,
    cadre_rules,
    grassroots_rules,
    *TALENT_RULES,
    *WORKPLAN_RULES,
]
DEVELOPER = ["RULES.md", "§", "[S", "[M", "[V", "ZUGONG_", "可配置"]
# A document named in 《》, or a recognised form where no regulation sets the value:
# local practice (各地…) or the system's own convention (本系统…).
DOCUMENT = re.compile(r"《[^《》]+》|^各地|^本系统")


def _walk(value, path, found):
    if isinstance(value, Rule | StepSpec):
        found.append((path, value))
    elif isinstance(value, dict):
        for key, item in value.items():
            _walk(item, f"{path}[{key!r}]", found)
    elif isinstance(value, list | tuple):
        for index, item in enumerate(value):
            _walk(item, f"{path}[{index}]", found)


def rule_objects() -> list[tuple[str, Rule | StepSpec]]:
    found: list[tuple[str, Rule | StepSpec]] = []
    for module in MODULES:
        for name, value in vars(module).items():
            if not isinstance(value, ModuleType):
                _walk(value, f"{module.__name__}.{name}", found)
    return found


def problems_of(source: str) -> list[str]:
    problems = [f"contains {word!r}" for word in DEVELOPER if word in source]
    if not DOCUMENT.search(source):
        problems.append("names no document")
    return problems


def test_the_walk_finds_the_rules_and_steps():
    found = rule_objects()
    paths = {path for path, _ in found}
    assert "zugong.cadres.rules.YOUNG_AGE_LINES" in paths
    assert "zugong.party.rules.MEETING_FREQUENCIES" in paths
    assert "zugong.party.pipeline.POLITICAL_REVIEW_VALID" in paths
    assert any(path.startswith("zugong.cadres.rules.BAR_MONTHS[") for path in paths)
    assert any(path.startswith("zugong.party.pipeline.STEPS_2026[") for path in paths)
    assert sum(isinstance(obj, StepSpec) for _, obj in found) >= 2 * len(pipeline.STEPS)


@pytest.mark.parametrize(
    ("path", "rule"), rule_objects(), ids=lambda v: v if isinstance(v, str) else ""
)
def test_every_source_is_the_regulation_and_article_only(path, rule):
    assert rule.source, f"{path} has no source"
    assert not problems_of(rule.source), f"{path}: {problems_of(rule.source)}: {rule.source}"


def test_developer_notes_have_their_own_field():
    assert "ZUGONG_YOUNG_AGE_LINES" in cadre_rules.YOUNG_AGE_LINES.note
    assert "[S" in cadre_rules.RANK_PROMOTION_YEARS.note
    assert cadre_rules.RANK_PROMOTION_YEARS.source == "《公务员职务与职级并行规定》（2019）第十四条"
    assert "not available" in pipeline.STEPS_2026["candidate"].note
    assert Rule(1, "《中国共产党章程》第一条").note == ""


def _record(cast, **data):
    with scope_of(cast.admin):
        supervision.supervision_record(
            actor=cast.admin, cadre=cast.cadre_a, data={"issue": "履职不力", **data}
        )


def test_the_api_verdict_and_qualification_cite_clean_sources(cadres):  # noqa: F811
    _record(cadres, kind="admonishment", decided_on=D(2026, 6, 10))
    _record(cadres, kind="party_sanction", measure="party_warning", decided_on=D(2026, 5, 1))
    _record(cadres, kind="state_sanction", measure="state_demerit", decided_on=D(2026, 4, 1))
    _record(cadres, kind="org_handling", measure="org_post_adjustment", decided_on=D(2026, 3, 1))
    _record(cadres, kind="org_handling", measure="org_suspension", decided_on=D(2026, 2, 1))
    client = bearer(cadres.admin)
    url = f"/api/v1/cadres/{cadres.cadre_a.pk}"
    body = client.get(f"{url}/verdict", {"on": "2026-09-01"}).json()
    assert body["allowed"] is False
    assert len(body["sources"]) >= 4
    for source in body["sources"]:
        assert not problems_of(source), source
    assert "《中国共产党纪律处分条例》（2023）第十条" in body["sources"]
    checks = client.get(
        f"{url}/qualification", {"target": "township_principal", "on": "2026-09-01"}
    ).json()
    for check in checks:
        for source in check["source"].split("；"):
            assert not problems_of(source), check
