"""``kpss rollover YEAR``: next year's action plan from this year's (docs/rollover.md).

Compute first, apply separately:

- :func:`plan_rollover` reads the repository, decides what happens to every item and returns a
  :class:`Rollover`: the text of the new file, a :class:`RolloverSummary` (data) and the findings
  of the new file (the repository is validated with the new file standing in for the real one).
- :func:`write_rollover` writes it atomically (refusing to overwrite without ``force`` and refusing
  an invalid file); :func:`check_commit` and :func:`commit_rollover` make the git commit.

The new file is the OLD action plan loaded round-trip (ruamel) and edited in place, so comments,
key order, quoting and flow style of the carried parts survive. ruamel keeps a comment that sits
between two elements either after the first one (on its deepest last scalar) or before the second
one; the helpers of :mod:`kpss_cli.yamledit.comments` move those "gaps" whenever an element is
removed, appended or reordered, so a comment such as ``# Priorita 2`` above an item is never lost
with the ``result`` that happened to end the item before it.
"""

from __future__ import annotations

from kpss_cli.rollover.apply import (
    check_commit,
    commit_message,
    commit_rollover,
    invalid_message,
    status_label,
    write_rollover,
)
from kpss_cli.rollover.compute import check_text, plan_rollover
from kpss_cli.rollover.result import (
    ADDED,
    CARRIED,
    CARRIED_OVER,
    DROPPED,
    REASON_CANCELLED,
    REASON_ENDED,
    REASON_NOT_CONTINUED,
    UNFINISHED,
    ItemOutcome,
    Rollover,
    RolloverSummary,
)

__all__ = [
    "CARRIED",
    "CARRIED_OVER",
    "ADDED",
    "DROPPED",
    "UNFINISHED",
    "REASON_CANCELLED",
    "REASON_ENDED",
    "REASON_NOT_CONTINUED",
    "ItemOutcome",
    "RolloverSummary",
    "Rollover",
    "plan_rollover",
    "check_text",
    "invalid_message",
    "write_rollover",
    "commit_message",
    "check_commit",
    "commit_rollover",
    "status_label",
]
