"""Markdown (a pull-request comment) of a diff."""

from __future__ import annotations

import re
from collections import Counter

from kpss_cli import czech
from kpss_cli.diff.result import ADDED, CHANGED, REMOVED, BudgetLine, Change, Diff
from kpss_cli.diff.words import (
    PROBABLE_SKIPPED,
    describe_field,
    entity_label,
    field_label,
    invalid_message,
    match_note,
    quote,
    revision_label,
    shorten,
    show_value,
)
from kpss_cli.i18n import N_, _, language, ngettext

# GitHub rejects comments over 65,536 characters; the rest is left for the workflow's marker.
MARKDOWN_LIMIT = 65_000



_MARK = {ADDED: "➕", REMOVED: "➖", CHANGED: "✏️"}
# Entities small enough to list their values when added or removed.
_SMALL = {"indicator", "activity", "need", "item", "result", "provider", "service"}
# The longest piece of repository text one line of the comment shows (a field value, a name).
_LINE_TEXT = 600


def _md(text: str) -> str:
    """Repository text as literal markdown in a line or a table cell (docs/security.md)."""
    from kpss_cli.textsafe import markdown_inline

    return markdown_inline(text).replace("|", "\\|")


def _cut(text: str, limit: int = _LINE_TEXT) -> str:
    """At most ``limit`` characters (no-break spaces kept, unlike :func:`shorten`)."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _html(text: str) -> str:
    """Repository text inside the comment's HTML (``<summary>``, ``<code>``): one line, escaped."""
    from kpss_cli.textsafe import html_inline

    return html_inline(text)


def _code(text: str) -> str:
    """A revision name as inline code, whatever backticks it holds (CommonMark code spans)."""
    from kpss_cli.textsafe import visible

    flat = " ".join(visible(text).split()) or "\u00a0"  # an empty code span would be two backticks
    longest = max((len(run) for run in re.findall("`+", flat)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if flat.startswith("`") or flat.endswith("`") else ""
    return f"{fence}{pad}{flat}{pad}{fence}"


def _utf16_len(text: str) -> int:
    # GitHub counts the comment limit in UTF-16 code units; emoji take two. A lone surrogate
    # (a file name that is not UTF-8) counts as the one unit it would be.
    return len(text.encode("utf-16-le", "surrogatepass")) // 2


# "2 changed": the count of a kind of change (Czech: "změněno 2", no agreement needed).
COUNTED = {CHANGED: N_("{n} changed"), ADDED: N_("{n} added"), REMOVED: N_("{n} removed")}


def counts_text(counts: dict[str, int], none: str = N_("no changes")) -> str:
    """``2 changed, 1 added`` in the run's language; ``none`` (translated) when all are zero."""
    parts = [_(COUNTED[k]).format(n=counts[k]) for k in (CHANGED, ADDED, REMOVED) if counts.get(k)]
    return ", ".join(parts) or _(none)


def by_section(diff: Diff) -> dict[str, list[Change]]:
    grouped: dict[str, list[Change]] = {}
    for c in diff.changes:
        grouped.setdefault(c.section or c.file, []).append(c)
    return grouped


def _md_change(c: Change) -> list[str]:
    head = f"- {_MARK[c.kind]} **{_md(entity_label(c))}**"
    if c.title:
        head += f" {_md(quote(shorten(c.title, 120)))}"
    lines = [head]
    if c.kind == CHANGED:
        note = match_note(c)
        if note:
            lines[0] += f" _{_md(note)}_"
        lines.extend(f"  - {_md(_cut(describe_field(f)))}" for f in c.fields)
        if not c.fields:
            lines.append("  - " + _("renumbered, nothing else changed"))
    else:
        lines[0] += " — " + (_("added") if c.kind == ADDED else "**" + _("removed") + "**")
        if c.entity in _SMALL:
            # The title is in the heading already.
            listed = [f for f in c.fields if f.path not in ("name", "title", "text")]
            for f in listed[:8]:
                value = f.new if c.kind == ADDED else f.old
                lines.append(
                    f"  - {_md(field_label(f.path))}: {_md(_cut(show_value(f.path, value)))}"
                )
            if len(listed) > 8:
                more = len(listed) - 8
                lines.append("  - " + ngettext("… {n} more value", "… {n} more values", more).format(n=more))
    return lines


def to_markdown(diff: Diff, limit: int = MARKDOWN_LIMIT, full_command: str | None = None) -> str:
    """The diff as a pull-request comment: counts first, removals flagged, details per file folded.

    The result stays under ``limit`` UTF-16 code units (GitHub's comment limit is 65,536): when
    the details do not fit, the rest is summarised and ``full_command`` is named to see it all.
    """
    counts = diff.summary
    if diff.mode == "plans":
        title = "### kpss diff: " + _("plan {old} → {new}").format(old=_md(diff.from_label), new=_md(diff.to_label))
    else:
        title = f"### kpss diff: {_code(revision_label(diff.from_label))} → {_code(revision_label(diff.to_label))}"
    head: list[str] = [title, ""]
    if not diff.has_changes:
        head.append(_("No changes in the plan data."))
        return "\n".join(head) + "\n"
    sections = by_section(diff)
    n_sections = len(sections)
    if diff.mode == "revisions":
        where = ngettext("in {n} file", "in {n} files", n_sections).format(n=n_sections)
    else:
        where = ngettext("in {n} section", "in {n} sections", n_sections).format(n=n_sections)
    if diff.changes:
        head.append(f"**{counts_text(counts)}** {where}.")
    else:  # only invalid files: "no changes" would tell a reviewer there is nothing to look at
        n = len(diff.invalid)
        head.append(
            ngettext(
                "**{n} file not compared** (invalid, see below); no other changes.",
                "**{n} files not compared** (invalid, see below); no other changes.",
                n,
            ).format(n=n)
        )
    removed = [c for c in diff.changes if c.kind == REMOVED]
    if removed:
        head.append("")
        shown = removed[:40]
        listed = "; ".join(
            _md(entity_label(c) + (f" {quote(shorten(c.title, 60))}" if c.title else "")) for c in shown
        )
        left = len(removed) - len(shown)
        more = "; " + ngettext("… and {n} more", "… and {n} more", left).format(n=left) if left else ""
        head.append("> ⚠️ **" + _("{n} removed:").format(n=len(removed)) + f"** {listed}{more}")
    if diff.probable_skipped:
        head.extend(["", f"> ℹ️ {_(PROBABLE_SKIPPED)}."])
    if diff.invalid:
        head.append("")
        for item in diff.invalid[:20]:
            head.append(f"> ❗ {_md(_cut(invalid_message(item)))}")
        if len(diff.invalid) > 20:
            left = len(diff.invalid) - 20
            head.append(
                "> ❗ " + ngettext("… and {n} more invalid file", "… and {n} more invalid files", left).format(n=left)
            )
    if diff.mode == "plans" and (diff.budget_sources or diff.budget_priorities):
        head.extend(["", *_md_budget(diff)])
    if len(sections) > 1:
        noun = _("File") if diff.mode == "revisions" else _("Section")
        head.extend(
            [
                "",
                f"| {noun} | ➕ {_('added')} | ➖ {_('removed')} | ✏️ {_('changed')} |",
                "|---|--:|--:|--:|",
            ]
        )
        for name, changes in list(sections.items())[:100]:
            c = Counter(ch.kind for ch in changes)
            head.append(f"| {_md(shorten(name, 160))} | {c[ADDED]} | {c[REMOVED]} | {c[CHANGED]} |")
        if len(sections) > 100:
            left = len(sections) - 100
            head.append("| " + ngettext("… {n} more", "… {n} more", left).format(n=left) + " | | | |")
    command = full_command or diff.command or (
        f"kpss diff {diff.from_label} {diff.to_label}"
        if diff.mode == "plans"
        else "kpss diff --rev "
        + (
            diff.from_label
            if diff.to_label == "working tree"
            else f"{diff.from_label}..{diff.to_label}"
        )
    )
    footer_full = ["", "<sub>" + _("Generated by {command}.").format(command=f"<code>{_md(command)}</code>") + "</sub>"]
    text = "\n".join(head)
    budget = limit - _utf16_len(text) - 600  # room for the footer and the note on what was left out
    body: list[str] = []
    omitted = 0
    omitted_lines = 0
    for name, changes in sections.items():
        c = Counter(ch.kind for ch in changes)
        summary = counts_text(dict(c))
        opening = ["", f"<details><summary><b>{_html(shorten(name, 300))}</b> — {summary}</summary>", ""]
        closing = ["", "</details>"]
        cost = _utf16_len("\n".join(opening + closing)) + 2
        if budget - cost < 200:
            omitted += len(changes)
            continue
        budget -= cost
        section_lines: list[str] = []
        left = 0
        for i, change in enumerate(changes):
            lines = _md_change(change)
            size = _utf16_len("\n".join(lines)) + 1
            if size > budget - 120:
                # A change too big for what is left is cut inside, not dropped whole: its head
                # and as many of its lines as fit, then how many more there are.
                kept, used = _head_of(lines, budget - 240)
                if kept:
                    hidden = len(lines) - len(kept)
                    kept.append(
                        "  - "
                        + ngettext(
                            "… {n} more line of this change is not shown",
                            "… {n} more lines of this change are not shown",
                            hidden,
                        ).format(n=hidden)
                    )
                    section_lines.extend(kept)
                    budget -= used + 80
                    omitted_lines += hidden
                    left = len(changes) - i - 1
                else:
                    left = len(changes) - i
                break
            budget -= size
            section_lines.extend(lines)
        if left:
            section_lines.append(
                "- "
                + ngettext(
                    "… {n} more change in this section is not shown",
                    "… {n} more changes in this section are not shown",
                    left,
                ).format(n=left)
            )
            omitted += left
        body.extend(opening + section_lines + closing)
    footer = list(footer_full)
    if omitted or omitted_lines:
        what = _(" and ").join(
            part
            for part in (
                ngettext("{n} change", "{n} changes", omitted).format(n=omitted) if omitted else "",
                ngettext("{n} line of a change", "{n} lines of a change", omitted_lines).format(n=omitted_lines)
                if omitted_lines
                else "",
            )
            if part
        )
        footer.insert(
            1,
            _(
                "**{what} are not shown** to keep this comment under GitHub's size limit; "
                "run {command} (add `--format json` for all the data) to see them all."
            ).format(what=what, command=_code(command)),
        )
        footer.insert(2, "")
    return text + "\n" + "\n".join(body) + "\n" + "\n".join(footer) + "\n"


def _head_of(lines: list[str], room: int) -> tuple[list[str], int]:
    """The first lines of a change that fit in ``room`` UTF-16 units (none when its head does not)."""
    kept: list[str] = []
    used = 0
    for line in lines:
        size = _utf16_len(line) + 1
        if used + size > room:
            break
        kept.append(line)
        used += size
    return kept, used


def show_money(value: float | None) -> str:
    """``950 000 Kč``; an em dash when there is none (as other missing values of a diff)."""
    return "—" if value is None else czech.money(value)


def money_delta(line: BudgetLine) -> str:
    """New minus old money, signed ("+62 700 000 Kč"); empty when one side has none."""
    if line.old is None or line.new is None:
        return ""
    return czech.money_change(line.new - line.old)


def _md_budget(diff: Diff) -> list[str]:
    from kpss_cli import codes

    lines = [
        f"| {_('Funding source')} | {_md(diff.from_label)} | {_md(diff.to_label)} | {_('difference')} |",
        "|---|--:|--:|--:|",
    ]
    for b in diff.budget_sources:
        label = codes.label(codes.FUNDING_SOURCE, b.key, language()) if b.key in codes.FUNDING_SOURCE else b.key
        lines.append(
            f"| {_md(label)} | {show_money(b.old)} | {show_money(b.new)} | {money_delta(b)} |"
        )
    if diff.budget_total is not None:
        t = diff.budget_total
        lines.append(
            f"| **{_('total')}** | **{show_money(t.old)}** | **{show_money(t.new)}** | {money_delta(t)} |"
        )
    lines.extend(
        [
            "",
            f"| {_('Priority')} | {_md(diff.from_label)} | {_md(diff.to_label)} | {_('difference')} |",
            "|---|--:|--:|--:|",
        ]
    )
    for b in diff.budget_priorities:
        name = b.key if b.old_key in (None, b.key) else _("{id} (was {old})").format(id=b.key, old=b.old_key)
        if b.new is None:
            name = _("{id} (dropped)").format(id=b.key)
        lines.append(
            f"| {_md(name)} {_md(shorten(b.title or '', 60))} | {show_money(b.old)} | "
            f"{show_money(b.new)} | "
            f"{money_delta(b)} |"
        )
    return lines
