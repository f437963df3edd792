"""Comment-keeping edits of round-trip YAML (kpss_cli.yamledit.comments), used by rollover and import.

The invariant: inserting an item and deleting it again gives the file back byte for byte, whatever
the comments, blank lines and end-of-line notes around it; plus what a reader sees after a delete.
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from kpss_cli.yamledit import dump_roundtrip, load_roundtrip
from kpss_cli.yamledit.comments import delete_item, insert_item

# What may stand between two items (or before the first, or after the last): as written in a file.
GAPS = ["", "\n", "  # comment\n", "\n  # Priorita 2\n", "  # one\n  # two\n", "\n\n", "  # note\n\n"]
NAMES = st.text(alphabet="abcdefghijklmnopqrstuvwxyzěščřžýáíé ", min_size=1, max_size=12).map(str.strip).filter(bool)


@st.composite
def documents(draw: st.DrawFn) -> str:
    """A services.yaml-like document: a block list of mappings with comments between the items."""
    count = draw(st.integers(min_value=1, max_value=4))
    lines = ["# Katalog služeb\n", "services:\n"]
    for n in range(count):
        lines.append(draw(st.sampled_from(GAPS)) if n else "")
        name = draw(NAMES)
        lines.append(f"  - id: '{n + 1:07d}'\n")
        lines.append(f"    name: Služba {name}" + draw(st.sampled_from(["", "  # poznámka"])) + "\n")
        if draw(st.booleans()):
            lines.append("    groups: [seniori]\n" if draw(st.booleans()) else "    groups:\n      - seniori\n      - rodiny\n")
        if draw(st.booleans()):
            lines.append("    capacity:\n      clients: 12\n")
    lines.append(draw(st.sampled_from(["", "\n", "# konec\n", "\nproviders: []\n", "  # after the list\nproviders: []\n"])))
    return "".join(lines)


def _new_item() -> object:
    from ruamel.yaml.comments import CommentedMap

    return CommentedMap([("id", "9999999"), ("name", "Nová služba")])


@settings(max_examples=300, deadline=None)
@given(text=documents(), data=st.data())
def test_insert_then_delete_gives_the_text_back(text: str, data: st.DataObject) -> None:
    doc, style = load_roundtrip(text)
    services = doc["services"]
    index = data.draw(st.integers(min_value=0, max_value=len(services)), label="index")
    blank_line = data.draw(st.booleans(), label="blank_line")
    count = len(services)
    insert_item(services, index, _new_item(), blank_line)
    assert len(services) == count + 1 and services[index]["id"] == "9999999"
    delete_item(services, index)
    assert dump_roundtrip(doc, style) == text


@settings(max_examples=200, deadline=None)
@given(text=documents(), data=st.data())
def test_insert_written_then_deleted_gives_the_text_back(text: str, data: st.DataObject) -> None:
    """As a user sees it: one run writes the file with the new item, a later run removes it."""
    doc, style = load_roundtrip(text)
    services = doc["services"]
    index = data.draw(st.integers(min_value=0, max_value=len(services)), label="index")
    insert_item(services, index, _new_item(), data.draw(st.booleans(), label="blank_line"))
    written = dump_roundtrip(doc, style)
    assert "Nová služba" in written
    again, style = load_roundtrip(written)
    delete_item(again["services"], index)
    assert dump_roundtrip(again, style) == text


def _delete(text: str, index: int) -> str:
    doc, style = load_roundtrip(text)
    delete_item(doc["services"], index)
    return dump_roundtrip(doc, style)


def test_deleting_an_item_keeps_the_heading_of_the_next_one() -> None:
    text = "services:\n  - id: a\n\n  - id: b\n\n  # Prevence\n  - id: c\n"
    assert _delete(text, 1) == "services:\n  - id: a\n\n  # Prevence\n  - id: c\n"


def test_deleting_the_first_item_keeps_the_comment_above_the_list() -> None:
    text = "services:\n  # Sociální péče\n  - id: a\n  - id: b\n"
    assert _delete(text, 0) == "services:\n  # Sociální péče\n  - id: b\n"


def test_deleting_the_last_item_keeps_what_ends_the_file() -> None:
    text = "services:\n  - id: a  # první\n\n  - id: b\n# konec\n"
    assert _delete(text, 1) == "services:\n  - id: a  # první\n# konec\n"
