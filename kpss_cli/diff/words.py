"""Words: labels, values and messages in the run's language (docs/i18n.md), with Czech number,
money and date formats."""

from __future__ import annotations

import re
from typing import Any

from kpss_cli import czech
from kpss_cli.changes import FieldChange
from kpss_cli.diff.fields import same
from kpss_cli.diff.result import ADDED, CHANGED, REMOVED, Change, InvalidFile
from kpss_cli.i18n import N_, _, language, ngettext

_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_MONEY_PATH = re.compile(r"(?:^|\.)(?:budget|spent)\.|^(?:budget|requested|granted|paid|settled)$")
_ID_FIELD = re.compile(r"^(indicators|activities|members)\[(.+?)\]\.(.+)$")
_ID_MAP = re.compile(r"^(targets|actuals)\[(.+)\]$")


def shorten(text: str, limit: int = 160) -> str:
    """One line of at most ``limit`` characters."""
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1].rstrip() + "…"


def is_money(path: str) -> bool:
    """True for a field path that holds money (budget, spent)."""
    return bool(_MONEY_PATH.search(path))


def quote(text: str) -> str:
    """Repository text in the quotes of the run's language: „…“ in Czech, “…” in English."""
    return f"„{text}“" if language() == "cs" else f"“{text}”"


# The code list of a field that holds codes (its label is shown beside the code in Czech).
_CODE_FIELDS = {
    "kind": ("measure_kind", "indicator_kind", "territory_kind", "group_kind"),
    "status": ("plan_status", "result_status"),
    "type": ("service_type",),
    "service_types": ("service_type",),
    "forms": ("service_form",),
    "target_groups": ("target_group",),
    "aggregate": ("aggregate",),
    "payment": ("payment",),
    "legal_form": ("legal_form",),
    "life_situations": ("life_situation",),
    "decision": ("comment_decision",),
    "channel": ("commenter_kind",),
}


def code_label(path: str, code: str) -> str:
    """``approved (schváleno)``: a code with its label in the run's language (the code alone in
    English and when it is in no code list of the field)."""
    from kpss_cli import codes
    if language() != "cs":
        return code
    field = path.rsplit(".", 1)[-1]
    field = re.sub(r"\[.*\]$", "", field)
    if field == "area" and code == "all":
        return f"all ({_('the whole territory')})"
    names = _CODE_FIELDS.get(field)
    if names is None and field.startswith("network["):
        names = ("network_level",)
    for name in names or ():
        entry = codes.CODE_LISTS[name].get(code)
        if entry is not None and entry.cs != code:
            return f"{code} ({entry.cs})"
    return code


def show_value(path: str, value: Any, money_unit: bool = True) -> str:
    """A value as a coordinator reads it."""
    from kpss_cli.diff.fields import HIDDEN
    if value is None:
        return _("whole period") if path == "years" or path.endswith(".years") else "—"
    if isinstance(value, bool):
        if language() == "cs":
            return czech.yes_no(value)
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        if is_money(path):
            return czech.money(value, unit=money_unit)
        # Up to six decimals: a value is shown as the file has it; four digits stay whole (1500).
        return czech.number(value, max_decimals=6, group_from=10_000)
    if isinstance(value, dict):
        if set(value) == {"from", "to"}:
            return f"{value['from']}–{value['to']}"
        if set(value) == {"start", "end"}:
            return f"{value['start']}–{value['end']}"
        return ", ".join(f"{_words(str(k))} {show_value(k, v)}" for k, v in value.items())
    if isinstance(value, list):
        return ", ".join(show_value(path, v) for v in value) or "—"
    text = str(value)
    if text == HIDDEN:
        return _("(hidden)")
    if _DATE.match(text):
        return czech.date(text, space=" ")  # plain spaces, as in the rest of a change line
    if path == "id" or path.endswith(
        (".id", "continues", "previous", "provider", "working_group", "plan")
    ):
        return text
    if _CODE.match(text) and not path.endswith(("name", "title", "text")):
        return code_label(path, text)  # a code or an id, shown as written in the file
    return quote(shorten(text))


_CODE = re.compile(r"^[a-z0-9_]+$")

# Field names in words (translated where used: the language is chosen after import).
_FIELD_WORDS = {
    "title": N_("title"),
    "name": N_("name"),
    "description": N_("description"),
    "rationale": N_("rationale"),
    "kind": N_("kind"),
    "target_groups": N_("target groups"),
    "service_types": N_("service types"),
    "services": N_("services"),
    "responsible": N_("responsible"),
    "partners": N_("partners"),
    "years": N_("years"),
    "addresses": N_("addresses"),
    "continues": N_("continues"),
    "regional_link": N_("regional link"),
    "budget": N_("budget"),
    "total": N_("total"),
    "unit": N_("unit"),
    "baseline": N_("baseline"),
    "value": N_("value"),
    "year": N_("year"),
    "target": N_("target"),
    "targets": N_("targets"),
    "aggregate": N_("aggregate"),
    "working_group": N_("working group"),
    "swot": N_("SWOT"),
    "strengths": N_("strengths"),
    "weaknesses": N_("weaknesses"),
    "opportunities": N_("opportunities"),
    "threats": N_("threats"),
    "text": N_("text"),
    "source": N_("source"),
    "period": N_("period"),
    "status": N_("status"),
    "approved": N_("approved"),
    "date": N_("date"),
    "by": N_("by"),
    "resolution": N_("resolution"),
    "previous": N_("previous"),
    "regional_plan": N_("regional plan"),
    "vision": N_("vision"),
    "plan": N_("plan"),
    "activities": N_("activities"),
    "note": N_("note"),
    "carried_over": N_("carried over"),
    "actuals": N_("actuals"),
    "spent": N_("spent"),
    "comment": N_("comment"),
    "evaluated": N_("evaluated"),
    "ico": N_("IČO"),
    "legal_form": N_("legal form"),
    "address": N_("address"),
    "web": N_("web"),
    "email": N_("e-mail"),
    "phone": N_("phone"),
    "registered": N_("registered"),
    "provider": N_("provider"),
    "type": N_("type"),
    "forms": N_("forms"),
    "capacity": N_("capacity"),
    "area": N_("area"),
    "network": N_("network"),
    "units": N_("units"),
    "contact": N_("contact"),
    "hours": N_("hours"),
    "payment": N_("payment"),
    "payment_note": N_("payment note"),
    "places": N_("places"),
    "municipality": N_("municipality"),
    "life_situations": N_("life situations"),
    "programme": N_("programme"),
    "requested": N_("requested"),
    "granted": N_("granted"),
    "paid": N_("paid"),
    "settled": N_("settled"),
    "lead": N_("lead"),
    "members": N_("members"),
    "role": N_("role"),
    "organisation": N_("organisation"),
    "kpss": N_("kpss version"),
    "territory": N_("territory"),
    "region": N_("region"),
    "coordinator": N_("coordinator"),
    "fulfilment": N_("fulfilment"),
    "documents": N_("documents"),
    "priority": N_("priority"),
    "opened": N_("opened"),
    "closed": N_("closed"),
    "channels": N_("channels"),
    "received": N_("received"),
    "channel": N_("channel"),
    "about": N_("about"),
    "decision": N_("decision"),
    "response": N_("response"),
    "changed": N_("changed"),
    "group": N_("group"),
    "place": N_("place"),
    "present": N_("present"),
    "members_present": N_("members present"),
    "guests": N_("guests"),
    "agenda": N_("agenda"),
    "minutes": N_("minutes"),
    "decisions": N_("decisions"),
    "measures": N_("measures"),
    "level": N_("level"),
    "clients": N_("clients"),
    "beds": N_("beds"),
    "fte": N_("fte"),
    "contacts": N_("contacts"),
    "interventions": N_("interventions"),
    "calls": N_("calls"),
}
_BRACKET = re.compile(r"^([a-z_]+)\[(.*)\]$")


def _word(part: str) -> str:
    from kpss_cli import codes
    if part in codes.FUNDING_SOURCE or part.isdigit():
        return part
    bracket = _BRACKET.match(part)
    if bracket:
        return f"{_word(bracket.group(1))} {bracket.group(2)}"
    known = _FIELD_WORDS.get(part)
    return _(known) if known is not None else part.replace("_", " ")


# Nested fields read better named as a whole ("baseline year", not "baseline year" word by word
# in languages that put the words in another order).
_PATH_WORDS = {
    "baseline.year": N_("baseline year"),
    "baseline.value": N_("baseline value"),
    "approved.date": N_("approval date"),
    "approved.by": N_("approved by"),
    "approved.resolution": N_("approval resolution"),
}


def _words(path: str) -> str:
    """Field names in words ("target_groups" -> "target groups"); codes and years stay."""
    for whole, words in _PATH_WORDS.items():
        if path == whole or path.endswith("." + whole):
            head = path[: -len(whole)].rstrip(".")
            return " ".join([*([_words(head)] if head else []), _(words)])
    return " ".join(_word(part) for part in path.split("."))


def field_label(path: str) -> str:
    """``indicators[1.2.a].target`` -> ``target of indicator 1.2.a``;
    ``budget.2024.obce`` -> ``budget 2024 obce``."""
    match = _ID_FIELD.match(path)
    if match:
        what, ident, rest = match.groups()
        if rest.startswith("targets."):
            template = {
                "indicators": _("target {year} of indicator {id}"),
                "activities": _("target {year} of activity {id}"),
                "members": _("target {year} of member {id}"),
            }[what]
            return template.format(year=rest.split(".", 1)[1], id=ident)
        template = {
            "indicators": _("{field} of indicator {id}"),
            "activities": _("{field} of activity {id}"),
            "members": _("{field} of member {id}"),
        }[what]
        return template.format(field=_words(rest), id=ident)
    match = _ID_MAP.match(path)
    if match:
        what, ident = match.groups()
        template = _("target of indicator {id}") if what == "targets" else _("actual of indicator {id}")
        return template.format(id=ident)
    if path.startswith("territory.municipalities["):
        return _("municipality {code}").format(code=path[len("territory.municipalities[") : -1])
    return _words(path)


def describe_field(change: FieldChange) -> str:
    """``target of indicator 1.2.a 120 → 140``, ``budget 2024 obce 800 000 → 950 000 Kč``."""
    label = field_label(change.path)
    old, new = change.old, change.new
    match = _ID_FIELD.match(change.path)
    if match and match.group(3) == "id":
        what, ident = match.group(1), match.group(2)
        template = {
            "indicators": _("indicator {id} renumbered from {old}"),
            "activities": _("activity {id} renumbered from {old}"),
            "members": _("member {id} renumbered from {old}"),
        }[what]
        return template.format(id=ident, old=old)
    if isinstance(old, list) and isinstance(new, list):
        gone = [v for v in old if not any(same(v, w) for w in new)]
        came = [v for v in new if not any(same(v, w) for w in old)]
        parts = [f"+{show_value(change.path, v)}" for v in came] + [f"−{show_value(change.path, v)}" for v in gone]
        if parts:
            return f"{label}: {', '.join(parts)}"
        return _("{field}: order or repetition changed").format(field=label)
    if (
        is_money(change.path)
        and not isinstance(old, (str, list, dict))
        and not isinstance(new, (str, list, dict))
    ):
        before, after = show_value(change.path, old, False), show_value(change.path, new, False)
        return f"{label} {before} → {after}{czech.NBSP}{czech.currency()}"
    return f"{label} {show_value(change.path, old)} → {show_value(change.path, new)}"


# The entities of a diff in words ("measure 1.2"); the entity names stay English in JSON.
_ENTITY = {
    "plan": N_("plan {id}"),
    "need": N_("need {id}"),
    "priority": N_("priority {id}"),
    "measure": N_("measure {id}"),
    "provider": N_("provider {id}"),
    "service": N_("service {id}"),
    "group": N_("group {id}"),
    "grant": N_("grant {id}"),
    "consultation": N_("consultation {id}"),
    "comment": N_("comment {id}"),
    "meeting": N_("meeting {id}"),
}


def entity_label(c: Change) -> str:
    """The entity of a change in words."""
    if c.entity == "indicator":
        return _("indicator {id} of measure {measure}").format(id=c.id, measure=c.measure)
    if c.entity == "activity":
        return _("activity {id} of measure {measure}").format(id=c.id, measure=c.measure)
    if c.entity == "action_plan":
        return _("action plan {year} (plan {plan})").format(year=c.year, plan=c.plan)
    if c.entity == "item":
        return _("item {id} of action plan {year}").format(id=c.id, year=c.year)
    if c.entity == "result":
        return _("result of item {id} in action plan {year}").format(id=c.id, year=c.year)
    if c.entity == "manifest":
        return _("manifest (kpss.yaml)")
    template = _ENTITY.get(c.entity)
    if template is not None:
        return _(template).format(id=c.id)
    return f"{c.entity} {c.id}"


def match_note(c: Change) -> str:
    """ "(was 1.3, matched by continues)" for renumbered or probable matches; empty otherwise."""
    if c.kind != CHANGED or c.old_id is None:
        return ""
    if c.match == "title":
        return _("(was {old}; probable match by a similar title)").format(old=c.old_id)
    if c.old_id != c.id:
        if c.match == "continues":
            return _("(was {old}, matched by continues)").format(old=c.old_id)
        if c.match == "id":
            return _("(was {old}, matched by id)").format(old=c.old_id)
        return _("(was {old})").format(old=c.old_id)
    return ""


def describe_change(c: Change) -> str:
    """One line for a change: "measure 1.2: target of indicator 1.2.a 120 → 140; …"."""
    head = entity_label(c)
    title = f" {quote(shorten(c.title, 100))}" if c.title else ""
    if c.kind == ADDED:
        return _("{entity} added{title}").format(entity=head, title=title)
    if c.kind == REMOVED:
        return _("{entity} removed{title}").format(entity=head, title=title)
    note = match_note(c)
    parts = "; ".join(describe_field(f) for f in c.fields)
    return f"{head}{' ' + note if note else ''}: {parts or _('renumbered')}"


WORKING_TREE = "working tree"  # the label of the working tree in the JSON (stable)


def revision_label(label: str) -> str:
    """A revision as a reader sees it: the working tree in words of the run's language."""
    return _("working tree") if label == WORKING_TREE else label


def invalid_message(i: InvalidFile) -> str:
    """Why a file was not compared."""
    count = len(i.errors)
    first = i.errors[0] if i.errors else None
    where = (
        " " + _("First: line {line}: {message}").format(line=first.line, message=first.message)
        if first
        else ""
    )
    errors = ngettext("{n} error", "{n} errors", count).format(n=count)
    return (
        _(
            "{file} is invalid at {revision} ({errors}), so its entities are not compared; "
            "run `kpss validate` there."
        ).format(file=i.file, revision=revision_label(i.revision), errors=errors)
        + where
    )


PROBABLE_SKIPPED = N_(
    "probable match not computed: there were too many or too long titles to compare within the "
    "time kpss allows, so an entity renumbered and retitled at once shows as removed and added"
)
