"""The rollover as data: :class:`Rollover`, its :class:`RolloverSummary` and one :class:`ItemOutcome` per item."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kpss_cli.findings import ERROR, Finding

CARRIED = "carried"
CARRIED_OVER = "carried_over"
ADDED = "added"
DROPPED = "dropped"

# Last year's statuses after which an item counts as unfinished (docs/rollover.md).
UNFINISHED = frozenset({"partially_fulfilled", "not_fulfilled", "not_started", "not_evaluated"})

REASON_CANCELLED = "cancelled"
REASON_ENDED = "ended"
REASON_NOT_CONTINUED = "not_continued"

# Where a key goes when an item lacks it (the order of docs/format.md and of the example files).
ITEM_KEY_ORDER = ("measure", "activities", "carried_over", "note", "budget", "targets", "result")


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
    # A maintain measure below its target last year: carried on (it runs every year), not
    # carried over; the summary lists the shortfall.
    shortfall: bool = False

    def to_json(self) -> dict[str, Any]:
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
                shortfall=self.shortfall,
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
    derived_targets: int = 0  # yearly targets the plan does not give, derived (with a comment)
    lang: str = "cs"  # the repository's language (kpss.yaml): of the file's comments and the commit

    @property
    def shortfall(self) -> list[ItemOutcome]:
        """Maintain measures carried on below last year's target."""
        return [o for o in self.items if o.shortfall]

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

    def to_json(self) -> dict[str, Any]:
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
            "items": [o.to_json() for o in self.items],
            "dropped": [o.to_json() for o in self.dropped],
            "shortfall": [o.measure for o in self.shortfall],
            "derived_targets": self.derived_targets,
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

    def to_json(self, written: bool, commit: str | None) -> dict[str, Any]:
        """The JSON document of ``kpss rollover --format json`` (docs/rollover.md), as plain data.

        ``commit`` is the new commit's id, ``""`` when there was nothing to commit, or None.
        """
        data = self.summary.to_json()
        data.update(written=written, commit=commit or None, valid=not self.errors)
        if commit == "":
            data["nothing_to_commit"] = True
        if not written:
            data["content"] = self.text
        return data
