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
    shorten,
    show_value,
)

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


def _counts_text(counts: dict[str, int]) -> str:
    parts = [f"{counts[k]} {k}" for k in (CHANGED, ADDED, REMOVED) if counts.get(k)]
    return ", ".join(parts) or "no changes"


def by_section(diff: Diff) -> dict[str, list[Change]]:
    grouped: dict[str, list[Change]] = {}
    for c in diff.changes:
        grouped.setdefault(c.section or c.file, []).append(c)
    return grouped


def _md_change(c: Change) -> list[str]:
    head = f"- {_MARK[c.kind]} **{_md(entity_label(c))}**"
    if c.title:
        head += f" {_md('“' + shorten(c.title, 120) + '”')}"
    lines = [head]
    if c.kind == CHANGED:
        note = match_note(c)
        if note:
            lines[0] += f" _{_md(note)}_"
        lines.extend(f"  - {_md(_cut(describe_field(f)))}" for f in c.fields)
        if not c.fields:
            lines.append("  - renumbered, nothing else changed")
    else:
        lines[0] += " — " + ("added" if c.kind == ADDED else "**removed**")
        if c.entity in _SMALL:
            # The title is in the heading already.
            listed = [f for f in c.fields if f.path not in ("name", "title", "text")]
            for f in listed[:8]:
                value = f.new if c.kind == ADDED else f.old
                lines.append(
                    f"  - {_md(field_label(f.path))}: {_md(_cut(show_value(f.path, value)))}"
                )
            if len(listed) > 8:
                lines.append(f"  - … {len(listed) - 8} more values")
    return lines


def to_markdown(diff: Diff, limit: int = MARKDOWN_LIMIT, full_command: str | None = None) -> str:
    """The diff as a pull-request comment: counts first, removals flagged, details per file folded.

    The result stays under ``limit`` UTF-16 code units (GitHub's comment limit is 65,536): when
    the details do not fit, the rest is summarised and ``full_command`` is named to see it all.
    """
    counts = diff.summary
    if diff.mode == "plans":
        title = f"### kpss diff: plan {_md(diff.from_label)} → {_md(diff.to_label)}"
    else:
        title = f"### kpss diff: {_code(diff.from_label)} → {_code(diff.to_label)}"
    head: list[str] = [title, ""]
    if not diff.has_changes:
        head.append("No changes in the plan data.")
        return "\n".join(head) + "\n"
    sections = by_section(diff)
    noun = "file" if diff.mode == "revisions" else "section"
    where = f" in {len(sections)} {noun}{'s' if len(sections) != 1 else ''}"
    if diff.changes:
        head.append(f"**{_counts_text(counts)}**{where}.")
    else:  # only invalid files: "no changes" would tell a reviewer there is nothing to look at
        n = len(diff.invalid)
        head.append(f"**{n} file{'s' if n != 1 else ''} not compared** (invalid, see below); no other changes.")
    removed = [c for c in diff.changes if c.kind == REMOVED]
    if removed:
        head.append("")
        shown = removed[:40]
        listed = "; ".join(
            _md(entity_label(c) + (f" “{shorten(c.title, 60)}”" if c.title else "")) for c in shown
        )
        more = f"; … and {len(removed) - len(shown)} more" if len(removed) > len(shown) else ""
        head.append(f"> ⚠️ **{len(removed)} removed:** {listed}{more}")
    if diff.probable_skipped:
        head.extend(["", f"> ℹ️ {PROBABLE_SKIPPED}."])
    if diff.invalid:
        head.append("")
        for item in diff.invalid[:20]:
            head.append(f"> ❗ {_md(_cut(invalid_message(item)))}")
        if len(diff.invalid) > 20:
            head.append(f"> ❗ … and {len(diff.invalid) - 20} more invalid files")
    if diff.mode == "plans" and (diff.budget_sources or diff.budget_priorities):
        head.extend(["", *_md_budget(diff)])
    if len(sections) > 1:
        head.extend(
            [
                "",
                f"| {noun.capitalize()} | ➕ added | ➖ removed | ✏️ changed |",
                "|---|--:|--:|--:|",
            ]
        )
        for name, changes in list(sections.items())[:100]:
            c = Counter(ch.kind for ch in changes)
            head.append(f"| {_md(shorten(name, 160))} | {c[ADDED]} | {c[REMOVED]} | {c[CHANGED]} |")
        if len(sections) > 100:
            head.append(f"| … {len(sections) - 100} more | | | |")
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
    footer_full = ["", f"<sub>Generated by <code>{_md(command)}</code>.</sub>"]
    text = "\n".join(head)
    budget = limit - _utf16_len(text) - 600  # room for the footer and the note on what was left out
    body: list[str] = []
    omitted = 0
    omitted_lines = 0
    for name, changes in sections.items():
        c = Counter(ch.kind for ch in changes)
        summary = ", ".join(f"{c[k]} {k}" for k in (CHANGED, ADDED, REMOVED) if c[k])
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
                    kept.append(f"  - … {hidden} more lines of this change are not shown")
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
            section_lines.append(f"- … {left} more changes in this section are not shown")
            omitted += left
        body.extend(opening + section_lines + closing)
    footer = list(footer_full)
    if omitted or omitted_lines:
        what = " and ".join(
            part
            for part in (
                f"{omitted} change{'s' if omitted != 1 else ''}" if omitted else "",
                f"{omitted_lines} line{'s' if omitted_lines != 1 else ''} of a change" if omitted_lines else "",
            )
            if part
        )
        footer.insert(
            1,
            f"**{what} are not shown** to keep this comment under GitHub's size limit; "
            f"run {_code(command)} (add `--format json` for all the data) to see them all.",
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
        "| Funding source | "
        + _md(diff.from_label)
        + " | "
        + _md(diff.to_label)
        + " | difference |",
        "|---|--:|--:|--:|",
    ]
    for b in diff.budget_sources:
        label = codes.label(codes.FUNDING_SOURCE, b.key) if b.key in codes.FUNDING_SOURCE else b.key
        lines.append(
            f"| {_md(label)} | {show_money(b.old)} | {show_money(b.new)} | {money_delta(b)} |"
        )
    if diff.budget_total is not None:
        t = diff.budget_total
        lines.append(
            f"| **total** | **{show_money(t.old)}** | **{show_money(t.new)}** | {money_delta(t)} |"
        )
    lines.extend(
        [
            "",
            "| Priority | " + _md(diff.from_label) + " | " + _md(diff.to_label) + " | difference |",
            "|---|--:|--:|--:|",
        ]
    )
    for b in diff.budget_priorities:
        name = b.key if b.old_key in (None, b.key) else f"{b.key} (was {b.old_key})"
        if b.new is None:
            name = f"{b.key} (dropped)"
        lines.append(
            f"| {_md(name)} {_md(shorten(b.title or '', 60))} | {show_money(b.old)} | "
            f"{show_money(b.new)} | "
            f"{money_delta(b)} |"
        )
    return lines
