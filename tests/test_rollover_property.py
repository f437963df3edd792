"""Property: whatever last year's evaluation says, rollover gives a valid file, and twice with --force the same file."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from conftest import EXAMPLE, _invoke
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kpss_cli.loader import load_bytes
from kpss_cli.yamledit import dump_roundtrip, read_roundtrip

STATUSES = [
    "fulfilled",
    "partially_fulfilled",
    "not_fulfilled",
    "ongoing",
    "not_started",
    "cancelled",
]
# None: keep the result as it is (status computed from indicators); "-": remove the result.
CHOICES = st.one_of(st.none(), st.just("-"), st.sampled_from(STATUSES))
MEASURES_2025 = [
    "1.1",
    "1.2",
    "1.3",
    "1.4",
    "1.5",
    "2.1",
    "2.2",
    "2.3",
    "2.4",
    "3.1",
    "3.2",
    "3.3",
    "4.1",
    "4.2",
    "4.3",
    "3.4",
]
UNFINISHED = {"partially_fulfilled", "not_fulfilled", "not_started", "-"}
# The measures of kind maintain in the example plan 2024-2027: never carried over.
MAINTAIN = {"1.1", "2.1", "2.2", "2.3", "3.2", "3.3"}


def edit_2025(path: Path, choices: list[str | None | bool], crlf_bom: bool) -> None:
    """Drop items (False) or give them a status, as a coordinator editing the evaluation would."""
    data, style = read_roundtrip(path)
    items = data["items"]
    for i in reversed(range(len(items))):
        choice = choices[i]
        if choice is False:
            del items[i]
        elif choice == "-":
            del items[i]["result"]
        elif isinstance(choice, str):
            items[i]["result"]["status"] = choice
    text = dump_roundtrip(data, style)
    raw = text.encode("utf-8")
    if crlf_bom:
        raw = b"\xef\xbb\xbf" + raw.replace(b"\n", b"\r\n")
    path.write_bytes(raw)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    choices=st.lists(st.one_of(CHOICES, st.just(False)), min_size=16, max_size=16),
    crlf_bom=st.booleans(),
)
def test_rollover_twice_with_force_gives_the_same_valid_file(
    choices: list[str | None | bool], crlf_bom: bool
) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "repo"
        shutil.copytree(EXAMPLE, root)
        folder = root / "plans" / "2024-2027" / "action-plans"
        edit_2025(folder / "2025.yaml", choices, crlf_bom)
        assert _invoke(["validate", "--repo", str(root)], None).exit_code == 0

        first = _invoke(["rollover", "2026", "--force", "--repo", str(root)], None)
        assert first.exit_code == 0, first.output
        once = (folder / "2026.yaml").read_bytes()
        valid = _invoke(["validate", "--repo", str(root)], None)
        assert valid.exit_code == 0, valid.output

        second = _invoke(["rollover", "2026", "--force", "--repo", str(root)], None)
        assert second.exit_code == 0, second.output
        assert (folder / "2026.yaml").read_bytes() == once
        assert second.stdout == first.stdout

        doc = load_bytes(once, "2026.yaml")
        assert doc.ok
        items = {it["measure"]: it for it in doc.data["items"]}
        assert len(items) == len(doc.data["items"])  # never a measure twice
        for measure, choice in zip(MEASURES_2025, choices, strict=True):
            if choice == "cancelled":
                assert measure not in items
            elif choice in UNFINISHED and measure in MAINTAIN:
                assert "carried_over" not in items[measure]  # runs every year: carried on
            elif choice in UNFINISHED:
                assert items[measure]["carried_over"] == 2025
            elif choice in ("fulfilled", "ongoing"):
                assert "carried_over" not in items[measure]
            if choice is False:  # missing from 2025 but running in 2026: added at the end
                assert measure in items and "carried_over" not in items[measure]
        assert once.startswith(b"\xef\xbb\xbf") == crlf_bom
        assert (b"\r\n" in once) == crlf_bom


def _candidates(lines: list[str]) -> list[tuple[int, bool]]:
    """Lines a comment may precede: (index, inside a result or approval, which rollover removes)."""
    found: list[tuple[int, bool]] = []
    removed_at: int | None = None
    scalar_at: int | None = None
    for i, line in enumerate(lines):
        body = line.lstrip(" ")
        indent = len(line) - len(body)
        if not body or body.startswith("#"):
            continue
        if scalar_at is not None and indent > scalar_at:
            continue  # inside a folded text: a '#' line there would be text, not a comment
        scalar_at = None
        if removed_at is not None and indent <= removed_at:
            removed_at = None
        found.append((i, removed_at is not None))
        key = body[2:] if body.startswith("- ") else body
        if key.rstrip().endswith((">-", ">", "|", "|-")):
            scalar_at = indent
        if removed_at is None and key.rstrip() in ("result:", "approved:"):
            removed_at = indent
    return found


LINES_2025 = (
    (EXAMPLE / "plans" / "2024-2027" / "action-plans" / "2025.yaml")
    .read_text(encoding="utf-8")
    .split("\n")
)
CANDIDATES = _candidates(LINES_2025)


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sets(st.sampled_from(CANDIDATES), min_size=1, max_size=15))
def test_comments_outside_removed_parts_survive(chosen: set[tuple[int, bool]]) -> None:
    lines = list(LINES_2025)
    for i, _ in sorted(chosen, reverse=True):
        indent = len(lines[i]) - len(lines[i].lstrip(" "))
        lines.insert(i, " " * indent + f"# poznámka k řádku {i}")
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "repo"
        shutil.copytree(EXAMPLE, root)
        folder = root / "plans" / "2024-2027" / "action-plans"
        (folder / "2025.yaml").write_text("\n".join(lines), encoding="utf-8")
        result = _invoke(["rollover", "2026", "--force", "--repo", str(root)], None)
        assert result.exit_code == 0, result.output
        text = (folder / "2026.yaml").read_text(encoding="utf-8")
        for i, removed in chosen:
            expected = 0 if removed else 1
            assert text.count(f"# poznámka k řádku {i}\n") == expected, (i, LINES_2025[i], text)
        assert _invoke(["validate", "--repo", str(root)], None).exit_code == 0
