"""The import as data: an :class:`ImportPlan` of :class:`ServiceResult` and :class:`ProviderResult`."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kpss_cli.changes import FieldChange
from kpss_cli.findings import Finding

SERVICES_FILE = "services.yaml"




@dataclass
class ServiceResult:
    """What the import does with one service."""

    id: str
    name: str | None
    status: str  # added, updated, unchanged, gone, removed, skipped
    reason: str | None = None
    fields: list[FieldChange] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    provider: str | None = None
    type: str | None = None
    located_by: str | None = None  # facility, contact_address, catalogue (outside the territory)
    municipalities: list[str] = field(default_factory=list)
    facilities: int = 0
    ended: dt.date | None = None
    referenced_by: list[tuple[str, str]] = field(default_factory=list)  # (plan id, measure id)

    def to_json(self) -> dict[str, Any]:
        """The JSON form of ``--format json``."""
        return {
            "id": self.id,
            "name": self.name,
            "status": self.status,
            "reason": self.reason,
            "provider": self.provider,
            "type": self.type,
            "located_by": self.located_by,
            "municipalities": self.municipalities,
            "facilities": self.facilities,
            "ended": self.ended.isoformat() if self.ended else None,
            "fields": [f.to_json() for f in self.fields],
            "problems": self.problems,
            "referenced_by": [{"plan": p, "measure": m} for p, m in self.referenced_by],
        }


@dataclass
class ProviderResult:
    """A provider the import creates or completes."""

    id: str
    name: str
    ico: str | None
    status: str  # added, updated
    fields: list[FieldChange] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        """The JSON form of ``--format json``."""
        return {
            "id": self.id,
            "name": self.name,
            "ico": self.ico,
            "status": self.status,
            "fields": [f.to_json() for f in self.fields],
        }


STATUSES = ("added", "updated", "unchanged", "gone", "removed", "skipped")


@dataclass
class ImportPlan:
    """The computed import: results per service and provider, and the new services.yaml text."""

    root: Path
    registry: Path
    territory: list[tuple[str, str]]  # (code, name)
    services: list[ServiceResult]
    providers: list[ProviderResult]
    records: int
    unreadable: list[str]
    notes: list[str]
    old_text: str | None
    new_text: str
    prune: bool
    warnings: list[Finding] = field(default_factory=list)

    @property
    def path(self) -> Path:
        """The services.yaml of the repository."""
        return self.root / SERVICES_FILE

    @property
    def changed(self) -> bool:
        """True when services.yaml would be written (created or different)."""
        return self.old_text != self.new_text

    def having(self, status: str) -> list[ServiceResult]:
        """The services with one status."""
        return [s for s in self.services if s.status == status]

    def summary(self) -> dict[str, int]:
        """Counts per status, and of providers added and updated."""
        counts = {status: len(self.having(status)) for status in STATUSES}
        counts["providers_added"] = sum(1 for p in self.providers if p.status == "added")
        counts["providers_updated"] = sum(1 for p in self.providers if p.status == "updated")
        return counts

    def to_json(self, dry_run: bool, written: bool) -> dict[str, Any]:
        """The JSON document of ``--format json``."""
        return {
            "registry": str(self.registry),
            "file": SERVICES_FILE,
            "territory": [{"code": c, "name": n} for c, n in self.territory],
            "dry_run": dry_run,
            "changed": self.changed,
            "written": written,
            "prune": self.prune,
            "summary": self.summary(),
            "services": [s.to_json() for s in self.services],
            "providers": [p.to_json() for p in self.providers],
            "records": {"read": self.records, "unreadable": len(self.unreadable)},
            "notes": self.notes,
            "warnings": [w.to_json() for w in self.warnings],
        }
