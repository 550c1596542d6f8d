"""Named indicators (指标): figures zugong computes from its own records, which a
work-plan task links to so that its progress follows the data (进度来自证据).

A module declares its indicators in ``<app>/indicators.py`` (found by :func:`discover`)::

    @indicator("party.elections_overdue", title=_("换届逾期的党组织"), unit=_("个"),
               capability=VIEW_ORGANIZATION, better="lower",
               url="/admin/…/?overdue=1", records=overdue_rows)
    def elections_overdue(on: dt.date) -> Decimal | int:
        ...   # counts in the current scope

The function counts in the *current* scope: called from a page it is the user's scope
narrowed to the indicator's capability (:func:`value_for`), from the lights scan the
whole district (:func:`value`, under the system scope, as the department's plan is the
district's). ``records(on)`` returns the rows behind the figure (a queryset or list of
dicts, in the current scope) and ``url`` leads to the list that shows them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from zugong.core import authz


@dataclass(frozen=True)
class Indicator:
    key: str
    title: object
    unit: object
    capability: str
    better: str  # "higher" or "lower"
    func: Callable[[dt.date], Decimal | int]
    url: str = ""
    records: Callable[[dt.date], object] | None = None
    description: object = ""

    @property
    def label(self) -> str:
        return f"{self.title}（{self.unit}）" if self.unit else str(self.title)


INDICATORS: dict[str, Indicator] = {}


def indicator(
    key: str,
    *,
    title,
    unit,
    capability: str,
    better: str = "higher",
    url: str = "",
    records: Callable[[dt.date], object] | None = None,
    description="",
):
    """Register a named indicator (see the module's docstring)."""
    if better not in ("higher", "lower"):
        raise ValueError(f"indicator {key}: better is 'higher' or 'lower'")

    def decorate(func):
        INDICATORS[key] = Indicator(
            key, title, unit, capability, better, func, url, records, description
        )
        return func

    return decorate


_discovered = False


def discover() -> dict[str, Indicator]:
    """Every indicator: each zugong app's ``indicators`` module, imported once."""
    global _discovered
    if not _discovered:
        from importlib import import_module
        from importlib.util import find_spec

        from django.apps import apps

        for config in apps.get_app_configs():
            if config.name.startswith("zugong.") and find_spec(f"{config.name}.indicators"):
                import_module(f"{config.name}.indicators")
        _discovered = True
    return INDICATORS


def get(key: str) -> Indicator | None:
    return discover().get(key)


def choices() -> list[tuple[str, str]]:
    """(key, label) of every indicator, for a task's form."""
    return sorted(((k, i.label) for k, i in discover().items()), key=lambda kv: kv[0])


def as_decimal(figure) -> Decimal:
    return figure if isinstance(figure, Decimal) else Decimal(str(figure))


def value(key: str, on: dt.date) -> Decimal | None:
    """The figure in the current scope (the caller chose it); None for an unknown key."""
    entry = get(key)
    return None if entry is None else as_decimal(entry.func(on))


def value_for(key: str, on: dt.date) -> Decimal | None:
    """The figure in the current scope narrowed to the indicator's capability (a page
    or an answer: the user sees the figure of the subtrees where they may see its
    records, none where they may not)."""
    entry = get(key)
    if entry is None:
        return None
    with authz.narrowed(entry.capability):
        return as_decimal(entry.func(on))


def records_for(key: str, on: dt.date):
    """The rows behind the figure, narrowed like :func:`value_for`; None without them."""
    entry = get(key)
    if entry is None or entry.records is None:
        return None
    with authz.narrowed(entry.capability):
        rows = entry.records(on)
        return list(rows)
