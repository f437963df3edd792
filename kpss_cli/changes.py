"""A changed field (old → new), shared by `kpss diff` and `kpss import registry`."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass
class FieldChange:
    """One changed value of an entity: ``path`` relative to it; ``old``/``new`` None when absent."""

    path: str
    old: Any
    new: Any

    def to_json(self) -> dict[str, Any]:
        """As JSON data (a ``fields`` entry of docs/diff.md and docs/import.md)."""
        return {"path": self.path, "old": self.old, "new": self.new}
