"""Diff of two plan periods (``kpss diff A B``)."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from kpss_cli import model
from kpss_cli.diff.compare import Ctx, compare_plans
from kpss_cli.diff.fields import source_order
from kpss_cli.diff.reduce import load_whole
from kpss_cli.diff.result import REMOVED, BudgetLine, Diff
from kpss_cli.errors import KpssError, UsageError
from kpss_cli.i18n import _, ngettext
from kpss_cli.repo import WorkingTree, classify


def _plan_ids(root: Path) -> dict[str, str]:
    """Plan id (folder name) -> path of its plan.yaml, in the working tree."""
    found: dict[str, str] = {}
    for f in WorkingTree(root).list_files():
        rf = classify(f)
        if rf is not None and rf.kind == "plan" and rf.plan_id:
            found[rf.plan_id] = f
    return found


def _plan_arg(root: Path, given: str, known: dict[str, str]) -> str:
    """A plan id from an id, or from the path of a plan folder or plan.yaml."""
    if given in known:
        return given
    candidate = Path(given)
    absolute = (candidate if candidate.is_absolute() else Path.cwd() / candidate).resolve()
    try:
        rel = absolute.relative_to(root.resolve()).as_posix()
    except ValueError:
        rel = ""
    for plan_id, path in known.items():
        if rel in (path, path.rsplit("/", 1)[0]):
            return plan_id
    listing = ", ".join(sorted(known)) or _("none")
    raise UsageError(
        _("there is no plan '{plan}' in the repository; known plans: {plans}").format(plan=given, plans=listing)
    )


def load_plan(root: Path, plan_id: str, path: str) -> model.Plan:
    """One plan from the working tree; a KpssError naming its errors when it is invalid."""
    rf = classify(path)
    assert rf is not None
    try:
        raw = WorkingTree(root).read(path)
    except OSError as exc:
        raise KpssError(_("cannot read {file}: {reason}").format(file=path, reason=exc.strerror or exc)) from None
    side = load_whole(raw, rf)
    if not side.valid:
        shown = "\n".join(
            f"  {f.file}:{f.line}:{f.column}: {f.code} {f.message}" for f in side.errors[:5]
        )
        left = len(side.errors) - 5
        more = "\n  " + ngettext("… and {n} more", "… and {n} more", left).format(n=left) if left > 0 else ""
        raise KpssError(
            _("plan {plan} is invalid, so it cannot be compared; fix it first (run `kpss validate`):").format(
                plan=plan_id
            )
            + f"\n{shown}{more}"
        )
    return model.build_plan(side.data, path)


def diff_plans(root: Path, plan_a: str, plan_b: str | None = None) -> Diff:
    """Compare two plan periods of the working tree; one plan is compared with its ``previous``."""
    known = _plan_ids(root)
    if plan_b is None:
        new_id = _plan_arg(root, plan_a, known)
        new = load_plan(root, new_id, known[new_id])
        if not new.previous:
            raise UsageError(
                _("plan {plan} names no previous plan; give both plans: kpss diff OLD_PLAN {plan}").format(
                    plan=new_id
                )
            )
        old_id = _plan_arg(root, new.previous, known)
        old = load_plan(root, old_id, known[old_id])
    else:
        old_id, new_id = _plan_arg(root, plan_a, known), _plan_arg(root, plan_b, known)
        old, new = load_plan(root, old_id, known[old_id]), load_plan(root, new_id, known[new_id])
    return compare_periods(old, new)


def _measure_total(m: model.Measure) -> dict[str, float]:
    totals: dict[str, float] = {}
    for sources in m.budget.values():
        for source, money in sources.items():
            if isinstance(money, (int, float)) and not isinstance(money, bool):
                totals[source] = totals.get(source, 0) + money
    return totals


def _sum(measures: Iterable[model.Measure]) -> dict[str, float]:
    totals: dict[str, float] = {}
    for m in measures:
        for source, money in _measure_total(m).items():
            totals[source] = totals.get(source, 0) + money
    return totals


def compare_periods(old: model.Plan, new: model.Plan) -> Diff:
    """Two plans compared as periods: matched priorities and measures, and the money of both."""
    from kpss_cli.diff.matching import match_budget

    ctx = Ctx(new.file, periods=True)
    with match_budget() as budget:
        compare_plans(old, new, ctx)
    for c in ctx.changes:
        if c.kind == REMOVED:
            c.file = old.file
    result = Diff("plans", old.id, new.id, changes=ctx.changes, probable_skipped=budget.skipped)
    for plan in (old, new):
        result.plans["from" if plan is old else "to"] = {
            "id": plan.id,
            "title": plan.title,
            "period": {"start": plan.start, "end": plan.end},
            "file": plan.file,
            "status": plan.status,
        }
    old_sources, new_sources = _sum(old.measures), _sum(new.measures)
    for source in sorted(set(old_sources) | set(new_sources), key=source_order):
        result.budget_sources.append(
            BudgetLine(source, old_sources.get(source), new_sources.get(source))
        )
    for ppair in ctx.priority_pairs:
        o, n = ppair.old, ppair.new
        priority = n or o
        assert priority is not None
        result.budget_priorities.append(
            BudgetLine(
                key=priority.id,
                old_key=o.id if o is not None else None,
                title=priority.title,
                old=sum(_sum(o.measures).values()) if o is not None else None,
                new=sum(_sum(n.measures).values()) if n is not None else None,
            )
        )
    result.budget_total = BudgetLine(
        "total",
        sum(old_sources.values()) if old_sources else None,
        sum(new_sources.values()) if new_sources else None,
        title="All priorities",
    )
    return result
