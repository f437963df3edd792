"""The result of a diff as data: :class:`Change`, :class:`InvalidFile`, :class:`BudgetLine`, :class:`Diff`."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from kpss_cli.changes import FieldChange
from kpss_cli.findings import Finding

ADDED, REMOVED, CHANGED = "added", "removed", "changed"
KINDS = (ADDED, REMOVED, CHANGED)




@dataclass
class Change:
    """One entity added, removed or changed (docs/diff.md)."""

    kind: str
    entity: str
    file: str
    id: str
    old_id: str | None = None
    match: str | None = None
    fields: list[FieldChange] = field(default_factory=list)
    title: str | None = None
    plan: str | None = None
    year: int | None = None
    measure: str | None = None  # the measure of an indicator or activity
    section: str = ""  # where a report groups it: the file (revisions) or the priority (periods)

    @property
    def label(self) -> str:
        """The entity in words: "measure 1.2", "item 1.2 of action plan 2025"."""
        from kpss_cli.diff.words import entity_label  # words reads the result: imported here, not above
        return entity_label(self)

    def to_json(self) -> dict[str, Any]:
        """As JSON data (docs/diff.md), with the text line as ``message``."""
        from kpss_cli.diff.words import describe_change  # words reads the result: imported here, not above
        data: dict[str, Any] = {
            "kind": self.kind,
            "entity": self.entity,
            "file": self.file,
            "id": self.id,
            "old_id": self.old_id,
            "match": self.match,
            "fields": [f.to_json() for f in self.fields],
            "title": self.title,
        }
        for key in ("plan", "year", "measure"):
            value = getattr(self, key)
            if value is not None:
                data[key] = value
        data["message"] = describe_change(self)
        return data


@dataclass
class InvalidFile:
    """A file that could not be compared because it is invalid at one revision."""

    file: str
    side: str  # "from" or "to"
    revision: str
    errors: list[Finding]

    def to_json(self) -> dict[str, Any]:
        """As JSON data, with the first 20 errors."""
        from kpss_cli.diff.words import invalid_message  # words reads the result: imported here, not above
        return {
            "file": self.file,
            "side": self.side,
            "revision": self.revision,
            "errors": len(self.errors),
            "findings": [
                {
                    "line": f.line,
                    "column": f.column,
                    "code": f.code,
                    "message": f.message,
                    "path": f.path,
                }
                for f in self.errors[:20]
            ],
            "message": invalid_message(self),
        }


@dataclass
class BudgetLine:
    """Old and new money of one funding source, one priority or the whole plan."""

    key: str
    old: float | None
    new: float | None
    title: str | None = None
    old_key: str | None = None

    def to_json(self) -> dict[str, Any]:
        """As JSON data."""
        return {
            "id": self.key,
            "old_id": self.old_key,
            "title": self.title,
            "old": self.old,
            "new": self.new,
        }


@dataclass
class Diff:
    """What changed between two plans or two revisions."""

    mode: str  # "plans" or "revisions"
    from_label: str
    to_label: str
    changes: list[Change] = field(default_factory=list)
    invalid: list[InvalidFile] = field(default_factory=list)
    from_commit: str | None = None
    to_commit: str | None = None
    files: list[str] = field(default_factory=list)  # files whose content differs
    plans: dict[str, dict[str, Any]] = field(default_factory=dict)  # period mode: both plans
    budget_sources: list[BudgetLine] = field(default_factory=list)
    budget_priorities: list[BudgetLine] = field(default_factory=list)
    budget_total: BudgetLine | None = None
    # Title matching ran out of its budget (docs/security.md): entities that only a similar
    # title would have paired are shown as removed and added.
    probable_skipped: bool = False
    command: str | None = None  # the command that shows it all (named by the markdown when cut)

    @property
    def summary(self) -> dict[str, int]:
        """The number of changes of each kind (``summary`` of docs/diff.md)."""
        counted = Counter(c.kind for c in self.changes)
        return {kind: counted.get(kind, 0) for kind in KINDS}

    @property
    def has_changes(self) -> bool:
        """True when anything differs (also a file that became invalid or valid)."""
        return bool(self.changes or self.invalid)

    def to_json(self) -> dict[str, Any]:
        """The JSON document of docs/diff.md, as plain data."""
        summary: dict[str, Any] = dict(self.summary)
        summary["invalid"] = len(self.invalid)
        data: dict[str, Any] = {
            "from": self.from_label,
            "to": self.to_label,
            "mode": self.mode,
            "summary": summary,
            "changes": [c.to_json() for c in self.changes],
            "invalid": [i.to_json() for i in self.invalid],
            "probable_matches": "not computed" if self.probable_skipped else "computed",
        }
        if self.mode == "revisions":
            data["from_commit"] = self.from_commit
            data["to_commit"] = self.to_commit
            data["files"] = self.files
        else:
            data["plans"] = self.plans
            data["budget"] = {
                "sources": [b.to_json() for b in self.budget_sources],
                "priorities": [b.to_json() for b in self.budget_priorities],
                "total": self.budget_total.to_json() if self.budget_total else None,
            }
        return data
