"""``kpss rollover YEAR``: next year's action plan from this year's (SPEC §5).

Compute first, apply separately:

- :func:`plan_rollover` reads the repository, decides what happens to every item and returns a
  :class:`Rollover`: the text of the new file, a :class:`RolloverSummary` (data) and the findings
  of the new file (the repository is validated with the new file standing in for the real one).
- :func:`write_rollover` writes it atomically (refusing to overwrite without ``force`` and refusing
  an invalid file); :func:`check_commit` and :func:`commit_rollover` make the git commit.

The new file is the OLD action plan loaded round-trip (ruamel) and edited in place, so comments,
key order, quoting and flow style of the carried parts survive. ruamel keeps a comment that sits
between two elements either after the first one (on its deepest last scalar) or before the second
one; the small helpers below move those "gaps" whenever an element is removed, appended or
reordered, so a comment such as ``# Priorita 2`` above an item is never lost with the ``result``
that happened to end the item before it.
"""

from __future__ import annotations

import copy
import os
import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kpss_cli import codes
from kpss_cli.errors import GitError, KpssError, UsageError
from kpss_cli.findings import ERROR, Finding
from kpss_cli.model import ActionPlan, Item, Measure, Plan, Repository, Value
from kpss_cli.status import item_status

CARRIED = "carried"
CARRIED_OVER = "carried_over"
ADDED = "added"
DROPPED = "dropped"

# Last year's statuses after which an item counts as unfinished (SPEC §5).
UNFINISHED = frozenset({"partially_fulfilled", "not_fulfilled", "not_started", "not_evaluated"})

REASON_CANCELLED = "cancelled"
REASON_ENDED = "ended"
REASON_NOT_CONTINUED = "not_continued"

# Where a key goes when an item lacks it (the order of SPEC §3 and of the example files).
_ITEM_KEY_ORDER = ("measure", "activities", "carried_over", "note", "budget", "targets", "result")


@dataclass(frozen=True)
class ItemOutcome:
    """What happened to one measure: carried, carried over (unfinished), added or dropped."""

    action: str
    measure: str  # the id in the new action plan (for a dropped item: its id last year)
    title: str
    previous_measure: str | None = None  # the id in last year's action plan
    previous_plan: str | None = None
    previous_status: str | None = None  # §6 status of last year's item
    reason: str | None = None  # dropped only: cancelled, ended, not_continued
    detail: str | None = None  # dropped only: the reason in plain words
    activities: tuple[str, ...] = ()
    activities_added: tuple[str, ...] = ()
    activities_removed: tuple[str, ...] = ()
    activities_dropped: tuple[str, ...] = ()  # old ids the continuing measure lacks
    note_kept: bool = False

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        data: dict[str, Any] = {
            "action": self.action,
            "measure": self.measure,
            "title": self.title,
            "previous_measure": self.previous_measure,
            "previous_plan": self.previous_plan,
            "previous_status": self.previous_status,
        }
        if self.action == DROPPED:
            data.update(reason=self.reason, detail=self.detail)
        else:
            data.update(
                activities=list(self.activities),
                activities_added=list(self.activities_added),
                activities_removed=list(self.activities_removed),
                activities_dropped=list(self.activities_dropped),
                note_kept=self.note_kept,
            )
        return data


@dataclass
class RolloverSummary:
    """The new action plan in outline: where it comes from and what happened to each measure."""

    year: int
    plan_id: str
    plan_title: str
    file: str
    previous_year: int
    previous_plan_id: str | None  # None when made from the plan alone
    previous_file: str | None
    items: list[ItemOutcome] = field(default_factory=list)  # in the order of the new file
    dropped: list[ItemOutcome] = field(default_factory=list)
    overwrites: bool = False

    @property
    def from_plan_alone(self) -> bool:
        return self.previous_file is None

    @property
    def crosses_periods(self) -> bool:
        return self.previous_plan_id is not None and self.previous_plan_id != self.plan_id

    def of(self, action: str) -> list[ItemOutcome]:
        """The outcomes of one action, in file order."""
        if action == DROPPED:
            return list(self.dropped)
        return [o for o in self.items if o.action == action]

    def counts(self) -> dict[str, int]:
        return {a: len(self.of(a)) for a in (CARRIED, CARRIED_OVER, ADDED, DROPPED)}

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form (docs/rollover.md describes the keys)."""
        return {
            "year": self.year,
            "plan": self.plan_id,
            "file": self.file,
            "from": None
            if self.previous_file is None
            else {
                "year": self.previous_year,
                "plan": self.previous_plan_id,
                "file": self.previous_file,
            },
            "overwrites": self.overwrites,
            "counts": self.counts(),
            "items": [o.to_dict() for o in self.items],
            "dropped": [o.to_dict() for o in self.dropped],
        }


@dataclass
class Rollover:
    """The computed new action plan: its text, its summary, and its findings when validated."""

    root: Path
    summary: RolloverSummary
    text: str
    findings: list[Finding] = field(default_factory=list)

    @property
    def relpath(self) -> str:
        return self.summary.file

    @property
    def path(self) -> Path:
        return self.root / self.summary.file

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == ERROR]


# -- compute ----------------------------------------------------------------------------------


def plan_rollover(root: Path, year: int, plan_id: str | None = None) -> Rollover:
    """Compute the action plan of ``year`` from that of ``year - 1`` (or from the plan alone)."""
    from kpss_cli.validate import validate_repository

    if not 2000 <= year <= 2100:
        raise UsageError(f"the year must lie between 2000 and 2100, got {year}")
    validation = validate_repository(root)
    repo = validation.repository
    _require_readable(validation.errors, {"kpss.yaml"}, plan_files=True)
    plan = _target_plan(repo, year, plan_id)
    old_plan, old_ap = _previous(repo, plan, year - 1)
    if old_ap is not None:
        _require_readable(validation.errors, {old_ap.file}, plan_files=False)
    elif old_plan is not None:
        # A last-year file with errors is not in the model; it must not pass for a missing one
        # (the new plan would be made from the plan alone and everything in it lost).
        candidate = f"plans/{old_plan.id}/action-plans/{year - 1}.yaml"
        if (root / candidate).exists():
            _require_readable(validation.errors, {candidate}, plan_files=False)
            raise KpssError(f"{candidate} could not be read; run `kpss validate`; nothing was written")

    relpath = f"plans/{plan.id}/action-plans/{year}.yaml"
    summary = RolloverSummary(
        year=year,
        plan_id=plan.id,
        plan_title=plan.title,
        file=relpath,
        previous_year=year - 1,
        previous_plan_id=old_plan.id if old_ap is not None and old_plan is not None else None,
        previous_file=old_ap.file if old_ap is not None else None,
        overwrites=(root / relpath).exists(),
    )
    if old_ap is not None and old_plan is not None:
        data, style = _read_old(root, old_ap)
        _Builder(repo, plan, year, summary).from_action_plan(data, old_plan, old_ap)
    else:
        from kpss_cli.yamledit import FileStyle

        data, style = _fresh_document(plan, year), FileStyle()
        _Builder(repo, plan, year, summary).from_plan(data)

    from kpss_cli.yamledit import dump_roundtrip

    text = dump_roundtrip(data, style)
    return Rollover(root=root, summary=summary, text=text, findings=check_text(root, relpath, text))


def check_text(root: Path, relpath: str, text: str) -> list[Finding]:
    """The findings of ``text`` as the file ``relpath``, validated with the rest of the repository."""
    from kpss_cli.repo import WorkingTree
    from kpss_cli.validate import validate_repository

    checked = validate_repository(
        source=WorkingTree(root, overrides={relpath: text.encode("utf-8")})
    )
    return [f for f in checked.findings if f.file == relpath]


def _require_readable(errors: list[Finding], files: set[str], plan_files: bool) -> None:
    """Refuse to roll over from files that have errors: the result would rest on a guess."""
    blocking = [
        f
        for f in errors
        if f.file in files
        or (plan_files and f.file.startswith("plans/") and f.file.endswith("/plan.yaml"))
    ]
    if not blocking:
        return
    shown = "\n".join(f"  {f.file}:{f.line}:{f.column}: {f.code} {f.message}" for f in blocking[:8])
    more = f"\n  … and {len(blocking) - 8} more" if len(blocking) > 8 else ""
    raise KpssError(
        "the files rollover reads have errors; fix them first (run `kpss validate`), "
        f"nothing was written:\n{shown}{more}"
    )


def _target_plan(repo: Repository, year: int, plan_id: str | None) -> Plan:
    """The plan the new action plan belongs to: ``--plan``, else the plan whose period holds the year."""
    plans = repo.plans_in_order()
    known = ", ".join(p.id for p in plans) or "none"
    if plan_id is not None:
        plan = repo.plans.get(plan_id)
        if plan is None:
            raise UsageError(
                f"there is no plan '{plan_id}' (plans/{plan_id}/plan.yaml); known plans: {known}"
            )
        if not plan.holds(year):
            raise UsageError(
                f"plan {plan.id} covers {plan.start}–{plan.end}, so it cannot have an action plan for {year}"
            )
        return plan
    plan = repo.plan_holding(year)
    if plan is not None:
        return plan
    if not plans:
        raise KpssError(
            f"the repository has no plan yet; create one whose period holds {year} first: "
            f"plans/<start>-<end>/plan.yaml (for example plans/{year}-{year + 3}/plan.yaml with "
            f"period start {year}, end {year + 3}), then run `kpss rollover {year}` again"
        )
    latest = plans[-1]
    if year > latest.end:
        length = latest.end - latest.start + 1
        start = latest.end + 1
        while start + length - 1 < year:
            start += length
        end = start + length - 1
        raise KpssError(
            f"no plan covers {year}: the latest plan {latest.id} ends in {latest.end}. Create the next "
            f'community plan first: plans/{start}-{end}/plan.yaml with id "{start}-{end}", '
            f'period {start}–{end} and previous: "{latest.id}"; give each measure that goes on '
            f'continues: "{latest.id}/<measure id>" so rollover can carry its items. '
            f"Then run `kpss rollover {year}` again."
        )
    periods = ", ".join(f"{p.id}" for p in plans)
    raise KpssError(
        f"no plan covers {year} (plans: {periods}); create the plan first: "
        f"plans/<start>-<end>/plan.yaml with a period that holds {year}, then run `kpss rollover {year}` again"
    )


def _previous(
    repo: Repository, plan: Plan, prev_year: int
) -> tuple[Plan | None, ActionPlan | None]:
    """The plan holding last year (this one, else its ``previous``, else any) and its action plan."""
    if plan.holds(prev_year):
        old_plan: Plan | None = plan
    else:
        old_plan = None
        if (
            plan.previous
            and plan.previous in repo.plans
            and repo.plans[plan.previous].holds(prev_year)
        ):
            old_plan = repo.plans[plan.previous]
        else:
            holding = [p for p in repo.plans_in_order() if p.holds(prev_year) and p is not plan]
            old_plan = holding[-1] if holding else None
    if old_plan is None:
        return None, None
    return old_plan, old_plan.action_plans.get(prev_year)


def _read_old(root: Path, old_ap: ActionPlan) -> tuple[Any, Any]:
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    from kpss_cli.yamledit import read_roundtrip

    data, style = read_roundtrip(root / old_ap.file)
    items = data.get("items") if isinstance(data, CommentedMap) else None
    if (
        not isinstance(items, CommentedSeq)
        or len(items) != len(old_ap.items)
        or any(
            not isinstance(cm, CommentedMap) or str(cm.get("measure")) != it.measure
            for cm, it in zip(items, old_ap.items, strict=True)
        )
    ):
        raise KpssError(f"{old_ap.file} changed while it was read; run the command again")
    return data, style


def _fresh_document(plan: Plan, year: int) -> Any:
    from ruamel.yaml.comments import CommentedMap, CommentedSeq
    from ruamel.yaml.scalarstring import DoubleQuotedScalarString

    data = CommentedMap()
    data["plan"] = DoubleQuotedScalarString(plan.id)
    data["year"] = year
    data["status"] = "draft"
    data["items"] = CommentedSeq()
    data.yaml_set_start_comment(f"Akční plán {year} – {plan.title}")
    _push_tail(data, "status", "\n")
    return data


@dataclass
class _Style:
    """How the old file writes ids and lists, so that new entries look like their neighbours."""

    measure: type = str
    activity: type = str
    target_key: type = str
    budget_key: type = str
    activities_flow: bool = True
    targets_flow: bool = False
    budget_flow: bool = False


def _detect_style(items: Any) -> _Style:
    from ruamel.yaml.comments import CommentedMap, CommentedSeq
    from ruamel.yaml.scalarstring import DoubleQuotedScalarString, SingleQuotedScalarString

    quoted = (DoubleQuotedScalarString, SingleQuotedScalarString)

    def kind(value: Any) -> type:
        return type(value) if isinstance(value, quoted) else str

    style = _Style(
        measure=DoubleQuotedScalarString,
        activity=DoubleQuotedScalarString,
        target_key=DoubleQuotedScalarString,
        budget_key=str,
    )
    seen: set[str] = set()
    for item in items:
        if not isinstance(item, CommentedMap):
            continue
        if "measure" not in seen and "measure" in item:
            style.measure = kind(item["measure"])
            seen.add("measure")
        acts = item.get("activities")
        if "activities" not in seen and isinstance(acts, CommentedSeq) and len(acts):
            style.activity, style.activities_flow = kind(acts[0]), bool(acts.fa.flow_style())
            seen.add("activities")
        for key, attr, flow in (
            ("targets", "target_key", "targets_flow"),
            ("budget", "budget_key", "budget_flow"),
        ):
            value = item.get(key)
            if key not in seen and isinstance(value, CommentedMap) and len(value):
                setattr(style, attr, kind(next(iter(value))))
                setattr(style, flow, bool(value.fa.flow_style()))
                seen.add(key)
    return style


class _Builder:
    """Edits the round-trip document into the new action plan and fills the summary."""

    def __init__(self, repo: Repository, plan: Plan, year: int, summary: RolloverSummary) -> None:
        self.repo = repo
        self.plan = plan
        self.year = year
        self.summary = summary
        self.style = _Style(
            measure=_dq(),
            activity=_dq(),
            target_key=_dq(),
            budget_key=str,
        )

    # -- whole documents ----------------------------------------------------------------------
    def from_plan(self, data: Any) -> None:
        """A new action plan holding every measure active in the year."""
        items = data["items"]
        added = [self._new_item(m) for m in self.plan.measures_active_in(self.year)]
        _rebuild_seq(items, [], added)

    def from_action_plan(self, data: Any, old_plan: Plan, old_ap: ActionPlan) -> None:
        """Last year's action plan, edited in place into this year's."""
        from ruamel.yaml.comments import CommentedSeq

        items: CommentedSeq = data["items"]
        self.style = _detect_style(items)
        self._root(data)
        threshold = self.repo.threshold
        successors = self._successors(old_plan)
        covered: set[str] = set()
        kept: list[tuple[int, Any]] = []
        for index, (cm, old_item) in enumerate(zip(list(items), old_ap.items, strict=True)):
            old_measure = old_plan.measure(old_item.measure)
            if old_measure is None:  # validation rules this out; say so rather than guess
                raise KpssError(
                    f"{old_ap.file}: measure {old_item.measure} is not in plan {old_plan.id}"
                )
            status = item_status(old_measure, old_item, old_ap.year, threshold)
            targets = successors.get(old_measure.id, [])
            covered.update(m.id for m in targets)
            reason = self._drop_reason(old_measure, old_item, status, targets, old_plan)
            if reason is not None:
                code, detail = reason
                self.summary.dropped.append(
                    ItemOutcome(
                        action=DROPPED,
                        measure=old_measure.id,
                        title=old_measure.title,
                        previous_measure=old_measure.id,
                        previous_plan=old_plan.id,
                        previous_status=status,
                        reason=code,
                        detail=detail,
                    )
                )
                continue
            active = [m for m in targets if m.is_active(self.year)]
            # A measure split into several continuing ones: each gets its own copy of last
            # year's item, taken before any of them is edited.
            copies = [cm] + [_copy_item(cm) for _ in active[1:]]
            for target_cm, new_measure in zip(copies, active, strict=True):
                outcome = self._carry(
                    target_cm, old_measure, old_item, status, new_measure, old_plan
                )
                kept.append((index, target_cm))
                self.summary.items.append(outcome)
        added_measures = [m for m in self.plan.measures_active_in(self.year) if m.id not in covered]
        added = [self._new_item(m) for m in added_measures]
        _rebuild_seq(items, kept, added)

    def _root(self, data: Any) -> None:
        if str(data.get("plan")) != self.plan.id:
            data["plan"] = _like(data.get("plan"), self.plan.id)
        data["year"] = self.year
        data["status"] = _like(data.get("status"), "draft")
        if "approved" in data:
            _delete_key(data, "approved")

    def _successors(self, old_plan: Plan) -> dict[str, list[Measure]]:
        """Old measure id -> the measures of the new plan that carry it on."""
        if old_plan is self.plan:
            return {m.id: [m] for m in self.plan.measures}
        found: dict[str, list[Measure]] = {}
        for m in self.plan.measures:
            ref = m.continues_ref
            if ref is not None and ref[0] == old_plan.id:
                found.setdefault(ref[1], []).append(m)
        return found

    def _drop_reason(
        self,
        old_measure: Measure,
        old_item: Item,
        status: str,
        targets: list[Measure],
        old_plan: Plan,
    ) -> tuple[str, str] | None:
        prev = self.year - 1
        if status == REASON_CANCELLED:
            comment = old_item.result.comment if old_item.result is not None else None
            why = f": {' '.join(comment.split())}" if comment else ""
            return REASON_CANCELLED, f"cancelled in {prev}{why}"
        if not targets:
            return REASON_NOT_CONTINUED, (
                f"no measure of plan {self.plan.id} continues it "
                f'(none has continues: "{old_plan.id}/{old_measure.id}")'
            )
        if not any(m.is_active(self.year) for m in targets):
            if old_plan is self.plan:
                start, end = old_measure.active_years
                return REASON_ENDED, f"the measure runs {start}–{end}, not in {self.year}"
            spans = ", ".join(
                f"{m.id} (runs {m.active_years[0]}–{m.active_years[1]})" for m in targets
            )
            return REASON_ENDED, f"continued by {spans}, which does not run in {self.year}"
        return None

    # -- one item -------------------------------------------------------------------------------
    def _carry(
        self,
        cm: Any,
        old_measure: Measure,
        old_item: Item,
        status: str,
        new: Measure,
        old_plan: Plan,
    ) -> ItemOutcome:
        unfinished = status in UNFINISHED
        if str(cm.get("measure")) != new.id:
            cm["measure"] = _like(cm.get("measure"), new.id, self.style.measure)
        known = {a.id for a in new.activities}
        active = [a.id for a in new.activities_active_in(self.year)]
        old_acts = list(old_item.activities)
        lacking = [a for a in old_acts if a not in known]
        if unfinished:
            kept = [a for a in old_acts if a in known]
            activities = kept + [a for a in active if a not in kept]
        else:
            activities = active
        _set_activities(cm, activities, self.style)
        if unfinished:
            _set_key(cm, "carried_over", self.year - 1)
        elif "carried_over" in cm:
            _delete_key(cm, "carried_over")
        _set_map(cm, "targets", self._targets(new), self.style.target_key, self.style.targets_flow)
        if self.year in new.budget:
            _set_map(
                cm,
                "budget",
                dict(new.budget[self.year]),
                self.style.budget_key,
                self.style.budget_flow,
            )
        if "result" in cm:
            _delete_key(cm, "result")
        return ItemOutcome(
            action=CARRIED_OVER if unfinished else CARRIED,
            measure=new.id,
            title=new.title,
            previous_measure=old_measure.id,
            previous_plan=old_plan.id,
            previous_status=status,
            activities=tuple(activities),
            activities_added=tuple(a for a in activities if a not in old_acts),
            activities_removed=tuple(a for a in old_acts if a not in activities),
            activities_dropped=tuple(lacking),
            note_kept="note" in cm,
        )

    def _targets(self, measure: Measure) -> dict[str, Value]:
        return {i.id: i.targets[self.year] for i in measure.indicators if self.year in i.targets}

    def _new_item(self, measure: Measure) -> Any:
        from ruamel.yaml.comments import CommentedMap

        cm = CommentedMap()
        cm["measure"] = _styled(measure.id, self.style.measure)
        activities = [a.id for a in measure.activities_active_in(self.year)]
        _set_activities(cm, activities, self.style)
        if self.year in measure.budget:
            _set_map(
                cm,
                "budget",
                dict(measure.budget[self.year]),
                self.style.budget_key,
                self.style.budget_flow,
            )
        _set_map(
            cm, "targets", self._targets(measure), self.style.target_key, self.style.targets_flow
        )
        self.summary.items.append(
            ItemOutcome(
                action=ADDED,
                measure=measure.id,
                title=measure.title,
                activities=tuple(activities),
                activities_added=tuple(activities),
            )
        )
        return cm


# -- round-trip editing that keeps comments -------------------------------------------------------


def _dq() -> type:
    from ruamel.yaml.scalarstring import DoubleQuotedScalarString

    return DoubleQuotedScalarString


def _styled(value: str, kind: type) -> Any:
    """A string written like its neighbours (quoted or plain; ruamel quotes a plain one if it must)."""
    return value if kind is str else kind(value)


def _like(old: Any, value: str, default: type | None = None) -> Any:
    """``value`` quoted the way ``old`` was."""
    from ruamel.yaml.scalarstring import DoubleQuotedScalarString, SingleQuotedScalarString

    if isinstance(old, (DoubleQuotedScalarString, SingleQuotedScalarString)):
        return type(old)(value)
    if old is None and default is not None:
        return _styled(value, default)
    return value


def _same(a: Any, b: Any) -> bool:
    return isinstance(a, bool) == isinstance(b, bool) and a == b


def _is_block(value: Any) -> bool:
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    return (
        isinstance(value, (CommentedMap, CommentedSeq))
        and len(value) > 0
        and not value.fa.flow_style()
    )


def _keys(coll: Any) -> list[Any]:
    from ruamel.yaml.comments import CommentedMap

    return list(coll) if isinstance(coll, CommentedMap) else list(range(len(coll)))


def _post_slot(coll: Any) -> int:
    from ruamel.yaml.comments import CommentedMap

    # ruamel keeps the comment after a map value in slot 2 and after a sequence item in slot 0.
    return 2 if isinstance(coll, CommentedMap) else 0


def _entry(coll: Any, key: Any, create: bool = False) -> list[Any] | None:
    entry: list[Any] | None = coll.ca.items.get(key)
    if entry is None and create:
        entry = [None, None, None, None]
        coll.ca.items[key] = entry
    return entry


def _pop_tail(coll: Any, key: Any) -> str:
    """Take the comment lines that follow element ``key`` (its end-of-line comment stays)."""
    value = coll[key]
    if _is_block(value):
        return _pop_tail(value, _keys(value)[-1])
    entry = _entry(coll, key)
    token = entry[_post_slot(coll)] if entry else None
    if token is None:
        return ""
    eol, newline, rest = token.value.partition("\n")
    if not newline:
        return ""
    token.value = eol + "\n"
    return str(rest)


def _push_tail(coll: Any, key: Any, text: str) -> None:
    """Put comment lines after element ``key`` (after its deepest last value)."""
    if not text:
        return
    value = coll[key]
    if _is_block(value):
        _push_tail(value, _keys(value)[-1], text)
        return
    from ruamel.yaml.error import CommentMark
    from ruamel.yaml.tokens import CommentToken

    entry = _entry(coll, key, create=True)
    assert entry is not None
    slot = _post_slot(coll)
    token = entry[slot]
    if token is None:
        entry[slot] = CommentToken("\n" + text, CommentMark(0), None)
    else:
        eol, _, rest = token.value.partition("\n")
        token.value = eol + "\n" + _join(rest, text)


def _pop_pre(coll: Any, key: Any) -> str:
    """Take the comment lines ruamel keeps before element ``key``."""
    entry = _entry(coll, key)
    if not entry or not entry[1]:
        return ""
    tokens = entry[1]
    entry[1] = None
    lines = []
    for token in tokens:
        value = str(token.value)
        lines.append(" " * token.column + value if value.startswith("#") else value)
    return "".join(lines)


def _push_pre(coll: Any, key: Any, text: str) -> None:
    """Put comment lines before element ``key``."""
    if not text:
        return
    from ruamel.yaml.error import CommentMark
    from ruamel.yaml.tokens import CommentToken

    tokens = []
    for line in text.splitlines():
        body = line.lstrip(" ")
        if body:
            tokens.append(CommentToken(body + "\n", CommentMark(len(line) - len(body)), None))
        else:
            tokens.append(CommentToken("\n", CommentMark(0), None))
    entry = _entry(coll, key, create=True)
    assert entry is not None
    entry[1] = tokens + list(entry[1] or [])


def _blank(text: str) -> bool:
    return not text.strip()


def _join(a: str, b: str) -> str:
    """Two runs of comment lines as one, without piling up blank lines."""
    out: list[str] = []
    for line in (a + b).splitlines(keepends=True):
        if _blank(line) and out and _blank(out[-1]):
            continue
        out.append(line if line.endswith("\n") else line + "\n")
    return "".join(out)


def _join_dropped(before: str, after: str) -> str:
    """The comments around a removed element: a heading above it stays tight on what follows."""
    if _blank(after) and not _blank(before):
        return before
    if _blank(before) and not _blank(after):
        return after
    return _join(before, after)


def _delete_key(cm: Any, key: str) -> None:
    """Remove a key and its value; the comments around it stay where they were."""
    keys = list(cm)
    i = keys.index(key)
    before = _join(_pop_tail(cm, keys[i - 1]) if i else "", _pop_pre(cm, key))
    after = _join(_pop_tail(cm, key), _pop_pre(cm, keys[i + 1]) if i + 1 < len(keys) else "")
    cm.ca.items.pop(key, None)
    del cm[key]
    gap = _join_dropped(before, after)
    if i:
        _push_tail(cm, keys[i - 1], gap)
    elif len(cm):
        _push_pre(cm, keys[1], gap)


def _insert_key(cm: Any, key: str, value: Any) -> None:
    """Add a key where SPEC order puts it; comments after the key before it move past it."""
    rank = _ITEM_KEY_ORDER.index(key) if key in _ITEM_KEY_ORDER else len(_ITEM_KEY_ORDER)
    keys = list(cm)
    pos = 0
    for n, k in enumerate(keys):
        if k in _ITEM_KEY_ORDER and _ITEM_KEY_ORDER.index(k) < rank:
            pos = n + 1
    if pos == 0:
        cm.insert(0, key, value)
        return
    tail = _pop_tail(cm, keys[pos - 1])
    if pos == len(keys):
        cm[key] = value
    else:
        cm.insert(pos, key, value)
    _push_tail(cm, key, tail)


def _set_key(cm: Any, key: str, value: Any) -> None:
    if key in cm:
        if not _same(cm[key], value):
            cm[key] = value
    else:
        _insert_key(cm, key, value)


def _set_map(cm: Any, key: str, values: dict[str, Any], key_kind: type, flow: bool) -> None:
    """Make ``cm[key]`` hold exactly ``values``; keys kept keep their place, quoting and comments."""
    from ruamel.yaml.comments import CommentedMap

    if not values:
        if key in cm:
            _delete_key(cm, key)
        return
    current = cm.get(key)
    if not isinstance(current, CommentedMap):
        fresh = CommentedMap((_styled(k, key_kind), v) for k, v in values.items())
        if flow:
            fresh.fa.set_flow_style()
        if key in cm:
            cm[key] = fresh
        else:
            _insert_key(cm, key, fresh)
        return
    for k in [k for k in current if k not in values]:
        _delete_key(current, k)
    for k, v in values.items():
        if k in current:
            if not _same(current[k], v):
                current[k] = v
        elif len(current):
            last = list(current)[-1]
            tail = _pop_tail(current, last)
            current[_styled(k, key_kind)] = v
            _push_tail(current, k, tail)
        else:
            current[_styled(k, key_kind)] = v


def _set_activities(cm: Any, ids: list[str], style: _Style) -> None:
    """Make the item's activities exactly ``ids``; ids kept keep their quoting and comments."""
    from ruamel.yaml.comments import CommentedSeq

    if not ids:
        if "activities" in cm:
            _delete_key(cm, "activities")
        return
    current = cm.get("activities")
    if not isinstance(current, CommentedSeq):
        seq = CommentedSeq(_styled(a, style.activity) for a in ids)
        if style.activities_flow:
            seq.fa.set_flow_style()
        if "activities" in cm:
            cm["activities"] = seq
        else:
            _insert_key(cm, "activities", seq)
        return
    if [str(a) for a in current] == ids:
        return
    tail = _pop_tail(cm, "activities")
    by_id = {str(a): (a, current.ca.items.get(n)) for n, a in enumerate(current)}
    kind = type(current[0]) if len(current) else style.activity
    current.ca.items.clear()
    list.clear(current)
    for n, a in enumerate(ids):
        old, comments = by_id.get(a, (None, None))
        list.append(current, old if old is not None else _styled(a, kind))
        if comments is not None:
            current.ca.items[n] = comments
    _push_tail(cm, "activities", tail)


def _copy_item(cm: Any) -> Any:
    """A copy of an item without the comments that follow it (those stay with the original)."""
    twin = copy.deepcopy(cm)
    if _is_block(twin):
        _pop_tail(twin, _keys(twin)[-1])
    return twin


def _rebuild_seq(seq: Any, kept: list[tuple[int, Any]], added: list[Any]) -> None:
    """Replace the items: ``kept`` (old index, item) in order, then ``added``; comments between items kept.

    The text between two old items (a blank line, a ``# Priorita 2`` heading) is read first;
    a removed item's surroundings are merged into the gap left behind; new items are separated
    by a blank line unless the file runs its items together.
    """
    n = len(seq)
    if not n and seq.fa.flow_style():
        seq.fa.set_block_style()  # `items: []` grows into a list written one item a line
    gaps = [_pop_pre(seq, 0) if n else ""]
    for i in range(n):
        tail = _pop_tail(seq, i)
        gaps.append(_join(tail, _pop_pre(seq, i + 1) if i + 1 < n else ""))
    interior = gaps[1:n]
    sep = "\n" if not interior or any(g.startswith("\n") for g in interior) else ""
    kept_at: dict[int, list[Any]] = {}
    for index, item in kept:
        kept_at.setdefault(index, []).append(item)
    # What follows the last item (end-of-file comments, or those above the next key) stays last.
    end = gaps[n] if n else ""
    if n:
        gaps[n] = ""
    lead = gaps[0]
    body: list[list[Any]] = []  # [item, the text after it]
    for i in range(n):
        here = kept_at.get(i)
        if not here:
            if body:
                body[-1][1] = _join_dropped(body[-1][1], gaps[i + 1])
            else:
                lead = _join_dropped(lead, gaps[i + 1])
            continue
        for k, item in enumerate(here):
            body.append([item, gaps[i + 1] if k == len(here) - 1 else sep])
    if body and added:
        body[-1][1] = body[-1][1] or sep
    body.extend([item, sep] for item in added)
    seq.ca.items.clear()
    list.clear(seq)
    if not body:
        return
    body[-1][1] = end if added else _join_dropped(body[-1][1], end)
    list.extend(seq, [item for item, _ in body])
    _push_pre(seq, 0, lead)
    for j, (_, after) in enumerate(body):
        _push_tail(seq, j, after)


# -- apply ------------------------------------------------------------------------------------


def invalid_message(rollover: Rollover) -> str:
    """Why the new file was not written: its errors, one a line."""
    shown = "\n".join(
        f"  {f.file}:{f.line}:{f.column}: {f.code} {f.message}" for f in rollover.errors[:10]
    )
    more = f"\n  … and {len(rollover.errors) - 10} more" if len(rollover.errors) > 10 else ""
    return (
        f"the new action plan {rollover.relpath} would not be valid, so nothing was written:\n"
        f"{shown}{more}\nThis is most likely a bug in kpss rollover; please report it with the files involved."
    )


def write_rollover(rollover: Rollover, force: bool = False) -> Path:
    """Write the new action plan atomically; refuse an invalid file, and an existing one without ``force``."""
    from kpss_cli.yamledit import atomic_write

    if rollover.errors:
        raise KpssError(invalid_message(rollover))
    path = rollover.path
    if path.exists() and not force:
        raise KpssError(
            f"{rollover.relpath} already exists, so nothing was written; use --force to replace it "
            "(edits made to it would be lost), or --dry-run to see the new file first"
        )
    try:
        atomic_write(path, rollover.text)
    except OSError as exc:
        raise KpssError(
            f"cannot write {rollover.relpath}: {exc.strerror or exc}; the repository was left as it was"
        ) from None
    return path


def commit_message(summary: RolloverSummary) -> str:
    """The commit message: the year and its source in the first line, the counts below."""
    counts = summary.counts()
    if summary.from_plan_alone:
        subject = f"Akční plán {summary.year}: vytvořeno z plánu {summary.plan_id}"
    elif summary.crosses_periods:
        subject = (
            f"Akční plán {summary.year}: převzato z roku {summary.previous_year} "
            f"(plán {summary.previous_plan_id} → {summary.plan_id})"
        )
    else:
        subject = f"Akční plán {summary.year}: převzato z roku {summary.previous_year}"
    lines = [
        subject,
        "",
        f"Vytvořeno příkazem kpss rollover {summary.year}.",
        f"Pokračující opatření: {counts[CARRIED]}",
        f"Nedokončená opatření převedená z roku {summary.previous_year}: {counts[CARRIED_OVER]}",
        f"Nově zařazená opatření: {counts[ADDED]}",
    ]
    dropped = ", ".join(o.measure for o in summary.dropped)
    lines.append(f"Vypuštěná opatření: {counts[DROPPED]}" + (f" ({dropped})" if dropped else ""))
    return "\n".join(lines) + "\n"


def _git(root: Path, *args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    exe = shutil.which("git")
    if exe is None:
        raise GitError(
            "git is not installed (or not on PATH), so --commit cannot work; leave out --commit"
        )
    env = {**os.environ, "GIT_LITERAL_PATHSPECS": "1", "GIT_TERMINAL_PROMPT": "0", "LC_ALL": "C"}
    try:
        return subprocess.run(
            [exe, *args],
            cwd=root,
            input=stdin,
            capture_output=True,
            text=True,
            env=env,
            encoding="utf-8",
            errors="replace",
        )
    except OSError as exc:
        raise GitError(f"cannot run git: {exc.strerror or exc}") from None


def check_commit(rollover: Rollover) -> None:
    """Refuse --commit before anything is written: no git repository, or other changes staged."""
    root = rollover.root
    inside = _git(root, "rev-parse", "--is-inside-work-tree")
    if inside.returncode != 0 or inside.stdout.strip() != "true":
        raise GitError(
            f"{root} is not inside a git repository, so --commit cannot work; "
            "run `git init` there first, or leave out --commit; nothing was written"
        )
    staged = _git(root, "diff", "--cached", "--name-only", "-z")
    if staged.returncode != 0:
        raise GitError(
            f"git cannot list the staged changes: {staged.stderr.strip()}; nothing was written"
        )
    identity = _git(root, "var", "GIT_COMMITTER_IDENT")
    if identity.returncode != 0:
        raise GitError(
            "git does not know who commits (user.name and user.email are not set), so --commit "
            "cannot work; set them with `git config user.name …` and `git config user.email …`; "
            "nothing was written"
        )
    names = [n for n in staged.stdout.split("\0") if n]
    if names:
        shown = ", ".join(names[:5]) + (f", … ({len(names)} files)" if len(names) > 5 else "")
        raise GitError(
            f"the git index already holds staged changes ({shown}); commit or unstage them first "
            "(git restore --staged <file>) so that the rollover commit holds only the new action plan; "
            "nothing was written"
        )


def commit_rollover(rollover: Rollover) -> str:
    """Commit just the new action plan; return the commit id ("" when the file is as committed)."""
    root = rollover.root
    added = _git(root, "add", "--", rollover.relpath)
    if added.returncode != 0:
        raise GitError(
            f"{rollover.relpath} was written, but git could not stage it: {added.stderr.strip()}"
        )
    unchanged = _git(root, "diff", "--cached", "--quiet", "--", rollover.relpath)
    if unchanged.returncode == 0:
        return ""
    done = _git(
        root,
        "commit",
        "--quiet",
        "--file=-",
        "--",
        rollover.relpath,
        stdin=commit_message(rollover.summary),
    )
    if done.returncode != 0:
        detail = (done.stderr or done.stdout).strip()
        _git(root, "reset", "--quiet", "--", rollover.relpath)  # leave the index as it was
        raise GitError(
            f"{rollover.relpath} was written, but git could not commit it: {detail}\n"
            "Commit it yourself (git add, git commit) once the cause is fixed."
        )
    head = _git(root, "rev-parse", "HEAD")
    return head.stdout.strip()


def status_label(status: str | None) -> str:
    """The Czech label of a §6 status (``nevyhodnoceno`` included)."""
    return codes.label(codes.ALL_STATUSES, status) if status else ""
