"""How the ledger's rows are scoped: a task belongs to its lead unit's subtree and is
also seen by its co-units (协办单位), since the department's plan is district-wide while
a township officer must see what their township leads or helps with.

A row is in scope when its lead unit is, or when one of its co-units is: the co-units
are a scoped table (TaskCoUnit, by its organization), so the second condition is a
subquery of the co-unit rows the same scope lets through — one row per task whatever
the number of co-units (a join would repeat a task). Plans, parts and points are seen
by whoever keeps them (the issuing organization's subtree) and by anyone who sees one
of their tasks; submissions, milestones, instructions and notices go with their task.
"""

from __future__ import annotations

from django.db.models import Q

from zugong.core.scope import Scope, ScopedManager, ScopedQuery, ScopedQuerySet


class ConditionQuery(ScopedQuery):
    """A scoped query whose condition a function builds from the scope."""

    condition = None  # callable(scope) -> Q, set on the model's manager

    def apply_scope(self, scope: Scope) -> None:
        self.scope_applied = True
        if scope.everything or self.condition is None:
            # No condition: a query Django builds itself inside a scoped one.
            return
        self.add_q(self.condition(scope))


class ConditionManager(ScopedManager):
    """Default manager of a model scoped by a condition (see the module's docstring)."""

    def __init__(self, condition_name: str = ""):
        super().__init__()
        self.condition_name = condition_name

    def deconstruct(self):  # keep migrations stable
        return (False, f"{__name__}.ConditionManager", None, (self.condition_name,), {})

    def get_queryset(self):
        default = self.model._default_manager
        name = getattr(self, "condition_name", None) or default.condition_name
        query = ConditionQuery(self.model)
        query.condition = CONDITIONS[name]
        return ScopedQuerySet(model=self.model, query=query, using=self._db, hints=self._hints)


def task(scope: Scope) -> Q:
    from zugong.workplan.models.tasks import TaskCoUnit

    return scope.q("lead_unit__path") | Q(pk__in=TaskCoUnit.objects.values("task_id"))


def via_task(scope: Scope) -> Q:
    from zugong.workplan.models.tasks import Task

    return Q(task__in=Task.objects.values("pk"))


def plan(scope: Scope) -> Q:
    from zugong.workplan.models.tasks import Task

    return scope.q("owner__path") | Q(pk__in=Task.objects.values("point__part__plan_id"))


def part(scope: Scope) -> Q:
    from zugong.workplan.models.tasks import Task

    return scope.q("plan__owner__path") | Q(pk__in=Task.objects.values("point__part_id"))


def point(scope: Scope) -> Q:
    from zugong.workplan.models.tasks import Task

    return scope.q("part__plan__owner__path") | Q(pk__in=Task.objects.values("point_id"))


CONDITIONS = {
    "task": task,
    "via_task": via_task,
    "plan": plan,
    "part": part,
    "point": point,
}
