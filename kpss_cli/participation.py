"""Participation as data: the working groups' meetings per year and the consultation of a plan.

``kpss report participation``, the plan document's chapter on how the plan was prepared and the
settlement document all read these figures, so they can never disagree. Personal names are not
part of any figure here: a report never needs them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from kpss_cli import codes
from kpss_cli.errors import KpssError
from kpss_cli.i18n import _
from kpss_cli.model import Consultation, Meeting, Plan, Repository

UNSETTLED = "unsettled"  # the key of comments without a decision in counts


@dataclass
class GroupYear:
    """One group in one year: its meetings and what they dealt with."""

    group: str
    name: str
    kind: str
    year: int
    meetings: int = 0
    attendance: list[int] = field(default_factory=list)
    guests: int = 0
    decisions: int = 0
    measures: list[str] = field(default_factory=list)
    known: bool = True  # False for a group id that groups.yaml lacks

    @property
    def mean_attendance(self) -> float | None:
        """Members present per meeting; None when the group did not meet."""
        return sum(self.attendance) / len(self.attendance) if self.attendance else None

    def to_json(self) -> dict[str, Any]:
        return {
            "group": self.group,
            "name": self.name,
            "kind": self.kind,
            "year": self.year,
            "meetings": self.meetings,
            "mean_attendance": _round(self.mean_attendance),
            "guests": self.guests,
            "decisions": self.decisions,
            "measures": list(self.measures),
        }


@dataclass
class Year:
    """A year of the working groups: every group's row and the measures nobody discussed."""

    year: int
    plan: str | None
    groups: list[GroupYear]
    undiscussed: list[tuple[str, str]]  # (measure id, title) of the plan's measures active that year

    @property
    def meetings(self) -> int:
        return sum(g.meetings for g in self.groups)

    @property
    def mean_attendance(self) -> float | None:
        present = [p for g in self.groups for p in g.attendance]
        return sum(present) / len(present) if present else None

    @property
    def decisions(self) -> int:
        return sum(g.decisions for g in self.groups)

    @property
    def measures(self) -> list[str]:
        seen: dict[str, None] = {}
        for g in self.groups:
            seen.update(dict.fromkeys(g.measures))
        return list(seen)

    def to_json(self) -> dict[str, Any]:
        return {
            "year": self.year,
            "plan": self.plan,
            "meetings": self.meetings,
            "mean_attendance": _round(self.mean_attendance),
            "decisions": self.decisions,
            "measures_discussed": self.measures,
            "groups": [g.to_json() for g in self.groups],
            "undiscussed": [{"id": mid, "title": title} for mid, title in self.undiscussed],
        }


@dataclass
class ConsultationSummary:
    """A plan's consultation in figures: comments by decision, in the code list's order."""

    plan: str
    opened: str
    closed: str | None
    comments: int
    counts: dict[str, int]  # every decision code (0 included), then UNSETTLED
    changed: list[str]  # measures changed by some comment, in plan order

    @property
    def unsettled(self) -> int:
        return self.counts[UNSETTLED]

    def to_json(self) -> dict[str, Any]:
        return {
            "plan": self.plan,
            "opened": self.opened,
            "closed": self.closed,
            "comments": self.comments,
            "counts": {k: v for k, v in self.counts.items() if k != UNSETTLED},
            "unsettled": self.unsettled,
            "changed": list(self.changed),
        }


@dataclass
class ParticipationReport:
    """``kpss report participation``: the years asked for and the consultations of the plans."""

    year: int | None
    years: list[Year]
    consultations: list[ConsultationSummary]

    def to_json(self) -> dict[str, Any]:
        return {
            "year": self.year,
            "years": [y.to_json() for y in self.years],
            "consultations": [c.to_json() for c in self.consultations],
        }


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 1)


def summarise_consultation(consultation: Consultation, plan: Plan | None = None) -> ConsultationSummary:
    """Comments by decision (every decision listed, with 0 where none) and the measures changed."""
    counts = {code: 0 for code in codes.COMMENT_DECISION}
    counts[UNSETTLED] = 0
    changed: dict[str, None] = {}
    for c in consultation.comments:
        counts[c.decision if c.decision in counts else UNSETTLED] += 1
        changed.update(dict.fromkeys(c.changed))
    order = list(plan.measures_by_id) if plan is not None else []
    ordered = [m for m in order if m in changed] + [m for m in changed if m not in order]
    return ConsultationSummary(
        consultation.plan_id,
        consultation.opened,
        consultation.closed,
        len(consultation.comments),
        counts,
        ordered,
    )


def plan_for_year(repository: Repository, year: int) -> Plan | None:
    """The plan whose measures a year's meetings are measured against: the one holding the year."""
    return repository.plan_holding(year)


def group_years(repository: Repository, meetings: list[Meeting], year: int) -> list[GroupYear]:
    """Every group of groups.yaml in ``year`` (also those that never met), then unknown ids."""
    rows: dict[str, GroupYear] = {g.id: GroupYear(g.id, g.name, g.kind, year) for g in repository.groups}
    for m in meetings:
        if m.year != year:
            continue
        row = rows.get(m.group)
        if row is None:
            row = rows[m.group] = GroupYear(m.group, m.group, "", year, known=False)
        row.meetings += 1
        row.attendance.append(m.present)
        row.guests += m.guests or 0
        row.decisions += len(m.decisions)
        for mid in m.measures:
            if mid not in row.measures:
                row.measures.append(mid)
    return list(rows.values())


def year_of_meetings(repository: Repository, year: int) -> Year:
    groups = group_years(repository, repository.meetings, year)
    plan = plan_for_year(repository, year)
    # Measures in plan order (the plan of the year, then the one being prepared), not as met.
    order: dict[str, int] = {}
    for p in repository.plans_in_order():
        if p.holds(year) or p.start == year + 1:
            for mid in p.measures_by_id:
                order.setdefault(mid, len(order))
    for g in groups:
        g.measures.sort(key=lambda mid: (order.get(mid, len(order)), mid))
    discussed = {mid for g in groups for mid in g.measures}
    undiscussed = []
    if plan is not None:
        undiscussed = [(m.id, m.title) for m in plan.measures_active_in(year) if m.id not in discussed]
    return Year(year, plan.id if plan is not None else None, groups, undiscussed)


def compute_participation(repository: Repository, year: int | None = None) -> ParticipationReport:
    """Per group and year the meetings, mean attendance, decisions and measures discussed.

    Without ``year``: every year that has a meeting. The consultations are those of every plan.
    """
    if year is not None and not 2000 <= year <= 2100:
        raise KpssError(_("the year {year} is not a year between 2000 and 2100").format(year=year))
    years = [year] if year is not None else sorted({m.year for m in repository.meetings})
    consultations = [
        summarise_consultation(c, repository.plans.get(pid)) for pid, c in sorted(repository.consultations.items())
    ]
    return ParticipationReport(year, [year_of_meetings(repository, y) for y in years], consultations)


def preparation_years(repository: Repository, plan: Plan) -> list[Year]:
    """The years of meetings that belong to a plan: the year before its period and its years,
    only those with a meeting."""
    held = {m.year for m in repository.meetings}
    return [year_of_meetings(repository, y) for y in range(plan.start - 1, plan.end + 1) if y in held]
