"""Building the new action plan from the old one, edited round-trip so comments and style survive."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from kpss_cli.errors import KpssError
from kpss_cli.i18n import _
from kpss_cli.model import ActionPlan, Item, Measure, Plan, Repository, Value
from kpss_cli.rollover.result import (
    ADDED,
    CARRIED,
    CARRIED_OVER,
    DROPPED,
    ITEM_KEY_ORDER,
    REASON_CANCELLED,
    REASON_ENDED,
    REASON_NOT_CONTINUED,
    UNFINISHED,
    ItemOutcome,
    RolloverSummary,
)
from kpss_cli.status import NOT_EVALUATED, item_status
from kpss_cli.yamledit.comments import (
    copy_without_tail,
    delete_key,
    insert_key,
    pop_tail,
    push_tail,
    rebuild_seq,
)


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


class Builder:
    """Edits the round-trip document into the new action plan and fills the summary."""

    def __init__(self, repo: Repository, plan: Plan, year: int, summary: RolloverSummary) -> None:
        self.repo = repo
        self.plan = plan
        self.year = year
        self.summary = summary
        self.lang = summary.lang
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
        rebuild_seq(items, [], added)

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
                    _("{file}: measure {measure} is not in plan {plan}").format(
                        file=old_ap.file, measure=old_item.measure, plan=old_plan.id
                    )
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
            copies = [cm] + [copy_without_tail(cm) for _extra in active[1:]]
            for target_cm, new_measure in zip(copies, active, strict=True):
                outcome = self._carry(
                    target_cm, old_measure, old_item, status, new_measure, old_plan
                )
                kept.append((index, target_cm))
                self.summary.items.append(outcome)
        added_measures = [m for m in self.plan.measures_active_in(self.year) if m.id not in covered]
        added = [self._new_item(m) for m in added_measures]
        rebuild_seq(items, kept, added)

    def _root(self, data: Any) -> None:
        if str(data.get("plan")) != self.plan.id:
            data["plan"] = _like(data.get("plan"), self.plan.id)
        data["year"] = self.year
        data["status"] = _like(data.get("status"), "draft")
        if "approved" in data:
            delete_key(data, "approved")

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
            return REASON_CANCELLED, _("cancelled in {year}").format(year=prev) + why
        if not targets:
            return REASON_NOT_CONTINUED, _(
                'no measure of plan {plan} continues it (none has continues: "{old}")'
            ).format(plan=self.plan.id, old=f"{old_plan.id}/{old_measure.id}")
        if not any(m.is_active(self.year) for m in targets):
            if old_plan is self.plan:
                start, end = old_measure.active_years
                return REASON_ENDED, _("the measure runs {start}–{end}, not in {year}").format(
                    start=start, end=end, year=self.year
                )
            spans = ", ".join(
                _("{measure} (runs {start}–{end})").format(
                    measure=m.id, start=m.active_years[0], end=m.active_years[1]
                )
                for m in targets
            )
            return REASON_ENDED, _("continued by {measures}, which does not run in {year}").format(
                measures=spans, year=self.year
            )
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
        # A measure that keeps a service going runs every year anyway: not carried over, but its
        # shortfall is listed (docs/rollover.md: maintain measures).
        keeps_going = new.kind == "maintain"
        carried = unfinished and not keeps_going
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
        if carried:
            _set_key(cm, "carried_over", self.year - 1)
        elif "carried_over" in cm:
            delete_key(cm, "carried_over")
        self._write_targets(cm, new)
        if self.year in new.budget:
            _set_map(
                cm,
                "budget",
                dict(new.budget[self.year]),
                self.style.budget_key,
                self.style.budget_flow,
            )
        if "result" in cm:
            delete_key(cm, "result")
        return ItemOutcome(
            action=CARRIED_OVER if carried else CARRIED,
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
            shortfall=unfinished and keeps_going and status != NOT_EVALUATED,
        )

    def _write_targets(self, cm: Any, measure: Measure) -> None:
        """Every indicator's target for the year; a derived one with a comment saying how."""
        from kpss_cli.rollover.targets import year_targets

        targets = year_targets(measure, self.year, self.lang)
        values: dict[str, Value] = {k: t.value for k, t in targets.items()}
        _set_map(cm, "targets", values, self.style.target_key, self.style.targets_flow)
        _annotate_targets(cm, {k: t.note for k, t in targets.items()})
        self.summary.derived_targets += sum(1 for t in targets.values() if t.note)

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
        self._write_targets(cm, measure)
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




# -- end-of-line comments of derived targets ------------------------------------------------------

_JOIN = " – "  # between a comment of the user's and kpss's note on the same line


def _annotate_targets(cm: Any, notes: dict[str, str | None]) -> None:
    """Put each derived target's note at the end of its line (a flow map: one note after it)."""
    current = cm.get("targets")
    if current is None or not hasattr(current, "ca"):
        return
    if current.fa.flow_style():
        derived = [(k, n) for k, n in notes.items() if n]
        text = None
        if derived:
            prefix = derived[0][1].split(": ", 1)[0]
            text = f"{prefix}: " + "; ".join(f"{k} {n.split(': ', 1)[1]}" for k, n in derived)
        _set_eol(cm, "targets", text)
        return
    for key in list(current):
        if str(key) in notes:
            _set_eol(current, key, notes[str(key)])


def _set_eol(cm: Any, key: Any, note: str | None) -> None:
    """The end-of-line comment after ``cm[key]``: kpss's note replaced, the user's own kept."""
    from ruamel.yaml.error import CommentMark
    from ruamel.yaml.tokens import CommentToken

    from kpss_cli.rollover.targets import is_derived_note

    entry = cm.ca.items.get(key)
    token = entry[2] if entry else None
    eol, newline, rest = token.value.partition("\n") if token is not None else ("", "", "")
    user = eol.strip().lstrip("#").strip()
    if is_derived_note(user):
        user = ""
    elif user:
        user = next((user[: user.index(_JOIN + p)] for p in _note_prefixes() if _JOIN + p in user), user)
    body = f"{user}{_JOIN}{note}" if user and note else (note or user)
    if not body:
        if token is not None and eol.strip():
            if newline:
                token.value = "\n" + rest
            else:
                entry[2] = None
        return
    value = f" # {body}" + (f"\n{rest}" if newline else "")
    if entry is None:
        entry = cm.ca.items.setdefault(key, [None, None, None, None])
    entry[2] = CommentToken(value, CommentMark(0), None)


def _note_prefixes() -> tuple[str, ...]:
    from kpss_cli.rollover.targets import PREFIXES

    return PREFIXES


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


def _set_key(cm: Any, key: str, value: Any) -> None:
    if key in cm:
        if not _same(cm[key], value):
            cm[key] = value
    else:
        insert_key(cm, key, value, ITEM_KEY_ORDER)


def _set_map(cm: Any, key: str, values: dict[str, Any], key_kind: type, flow: bool) -> None:
    """Make ``cm[key]`` hold exactly ``values``; keys kept keep their place, quoting and comments."""
    from ruamel.yaml.comments import CommentedMap

    if not values:
        if key in cm:
            delete_key(cm, key)
        return
    current = cm.get(key)
    if not isinstance(current, CommentedMap):
        fresh = CommentedMap((_styled(k, key_kind), v) for k, v in values.items())
        if flow:
            fresh.fa.set_flow_style()
        if key in cm:
            cm[key] = fresh
        else:
            insert_key(cm, key, fresh, ITEM_KEY_ORDER)
        return
    for k in [k for k in current if k not in values]:
        delete_key(current, k)
    for k, v in values.items():
        if k in current:
            if not _same(current[k], v):
                current[k] = v
        elif len(current):
            last = list(current)[-1]
            tail = pop_tail(current, last)
            current[_styled(k, key_kind)] = v
            push_tail(current, k, tail)
        else:
            current[_styled(k, key_kind)] = v


def _set_activities(cm: Any, ids: list[str], style: _Style) -> None:
    """Make the item's activities exactly ``ids``; ids kept keep their quoting and comments."""
    from ruamel.yaml.comments import CommentedSeq

    if not ids:
        if "activities" in cm:
            delete_key(cm, "activities")
        return
    current = cm.get("activities")
    if not isinstance(current, CommentedSeq):
        seq = CommentedSeq(_styled(a, style.activity) for a in ids)
        if style.activities_flow:
            seq.fa.set_flow_style()
        if "activities" in cm:
            cm["activities"] = seq
        else:
            insert_key(cm, "activities", seq, ITEM_KEY_ORDER)
        return
    if [str(a) for a in current] == ids:
        return
    tail = pop_tail(cm, "activities")
    by_id = {str(a): (a, current.ca.items.get(n)) for n, a in enumerate(current)}
    kind = type(current[0]) if len(current) else style.activity
    current.ca.items.clear()
    list.clear(current)
    for n, a in enumerate(ids):
        old, comments = by_id.get(a, (None, None))
        list.append(current, old if old is not None else _styled(a, kind))
        if comments is not None:
            current.ca.items[n] = comments
    push_tail(cm, "activities", tail)
