"""The diff of participation files: the comments of a consultation and the meetings of groups.

A pull request that types in new comments, or settles them, shows as "comment 4 added" and
"comment 4: decision — → partly_accepted". Names of people are personal data: without
``--with-members`` a commenter's name and the members present show as "(hidden)" or a count.
"""

from __future__ import annotations

from kpss_cli import model
from kpss_cli.changes import FieldChange
from kpss_cli.diff.compare import Ctx, _pair_by_id
from kpss_cli.diff.fields import HIDDEN, Fields, _put, added_fields, compare_fields, removed_fields
from kpss_cli.diff.result import ADDED, CHANGED, REMOVED
from kpss_cli.diff.words import shorten


def consultation_fields(c: model.Consultation) -> Fields:
    out: Fields = {}
    _put(out, "opened", c.opened)
    _put(out, "closed", c.closed)
    _put(out, "channels", c.channels)
    return out


def comment_fields(c: model.Comment) -> Fields:
    out: Fields = {}
    _put(out, "received", c.received)
    _put(out, "channel", c.channel)
    _put(out, "from.kind", c.kind)
    _put(out, "from.organisation", c.organisation)
    _put(out, "from.name", c.name)
    _put(out, "about", c.about)
    _put(out, "text", c.text)
    _put(out, "decision", c.decision)
    _put(out, "response", c.response)
    _put(out, "changed", c.changed)
    return out


def meeting_fields(m: model.Meeting) -> Fields:
    out: Fields = {}
    _put(out, "group", m.group)
    _put(out, "date", m.date)
    _put(out, "place", m.place)
    _put(out, "present", m.present)
    _put(out, "members_present", m.members_present)
    _put(out, "guests", m.guests)
    _put(out, "agenda", m.agenda)
    for i, d in enumerate(m.decisions, start=1):
        _put(out, f"decisions[{i}].text", d.text)
        _put(out, f"decisions[{i}].measures", d.measures)
    _put(out, "minutes", m.minutes)
    return out


def _hide(fields: list[FieldChange], path: str, counted: bool) -> list[FieldChange]:
    """A personal field as "(hidden)" (or the number of names, for a list of them)."""

    def shown(value: object) -> object:
        if value is None:
            return None
        return len(value) if counted and isinstance(value, list) else HIDDEN

    return [FieldChange(f.path, shown(f.old), shown(f.new)) if f.path == path else f for f in fields]


def _fields(kind: str, old: Fields | None, new: Fields | None) -> list[FieldChange]:
    if kind == CHANGED:
        assert old is not None and new is not None
        return compare_fields(old, new)
    if kind == ADDED:
        assert new is not None
        return added_fields(new)
    assert old is not None
    return removed_fields(old)


def compare_consultations(old: model.Consultation | None, new: model.Consultation | None, ctx: Ctx) -> None:
    """The consultation's own dates and channels, then each comment by id."""
    either = new or old
    if either is None:
        return
    kind = ADDED if old is None else REMOVED if new is None else CHANGED
    ctx.add(
        kind,
        "consultation",
        either.plan_id,
        _fields(
            kind,
            consultation_fields(old) if old else None,
            consultation_fields(new) if new else None,
        ),
        old_id=either.plan_id,
        match="id",
        title=either.plan_id,
    )
    for pair in _pair_by_id(old.comments if old else [], new.comments if new else [], lambda c: c.id):
        comment = pair.new or pair.old
        assert comment is not None
        kind = ADDED if pair.old is None else REMOVED if pair.new is None else CHANGED
        fields = _fields(
            kind,
            comment_fields(pair.old) if pair.old else None,
            comment_fields(pair.new) if pair.new else None,
        )
        if not ctx.with_members:
            fields = _hide(fields, "from.name", counted=False)
        ctx.add(
            kind, "comment", comment.id, fields, old_id=comment.id, match="id",
            title=shorten(comment.text, 80),
        )  # fmt: skip


def compare_meetings(old: model.Meeting | None, new: model.Meeting | None, ctx: Ctx) -> None:
    """A meeting file as one entity, named by its file (date and group)."""
    either = new or old
    if either is None:
        return
    ident = either.file.rsplit("/", 1)[-1].rsplit(".", 1)[0]
    kind = ADDED if old is None else REMOVED if new is None else CHANGED
    fields = _fields(kind, meeting_fields(old) if old else None, meeting_fields(new) if new else None)
    if not ctx.with_members:
        fields = _hide(fields, "members_present", counted=True)
    ctx.add(kind, "meeting", ident, fields, old_id=ident, match="id", title=either.group)
