"""The loader on hostile and awkward input: always findings with positions, never an exception."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from kpss_cli.loader import MAX_BYTES, load_bytes, load_text


def codes(doc):
    return [f.code for f in doc.findings]


def test_positions_are_exact_and_one_based() -> None:
    text = "id: \"2020-2023\"\npriorities:\n  - id: \"P1\"\n    measures:\n      - id: \"1.1\"\n        title: Péče\n"
    doc = load_text(text, "plan.yaml")
    assert doc.locate(("priorities", 0, "measures", 0, "title")) == (6, 16)
    assert doc.locate(("priorities", 0, "measures", 0, "title"), key=True) == (6, 9)
    # A missing key points at the nearest value that exists.
    assert doc.locate(("priorities", 0, "measures", 0, "responsible")) == (5, 9)


def test_yaml_12_core_schema() -> None:
    doc = load_text("a: no\nb: 010\nc: 1.10\nd: 2019-12-11\ne: ~\nf: 0x1F\ng: 'yes'\n", "x.yaml")
    assert doc.data == {"a": "no", "b": 10, "c": 1.1, "d": "2019-12-11", "e": None, "f": 31, "g": "yes"}
    assert doc.raw(("c",)) == "1.10"


def test_year_keys_stay_as_written() -> None:
    doc = load_text("budget:\n  2024:\n    obce: 100\n", "x.yaml")
    assert doc.data == {"budget": {"2024": {"obce": 100}}}


def test_alias_bomb_is_a_finding_and_fast() -> None:
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for i, name in enumerate("bcdefghij"):
        prev = "abcdefghij"[i]
        lines.append(f"{name}: &{name} [" + ",".join([f"*{prev}"] * 10) + "]")
    started = time.perf_counter()
    doc = load_text("\n".join(lines) + "\n", "bomb.yaml")
    assert time.perf_counter() - started < 2
    assert codes(doc) == ["KP007"]
    assert doc.data is None


def test_modest_aliases_are_expanded_with_positions() -> None:
    doc = load_text("base: &b {mpsv: 100, obce: 50}\ncopy: *b\n", "x.yaml")
    assert doc.data["copy"] == {"mpsv": 100, "obce": 50}
    assert doc.data["copy"] is not doc.data["base"]
    assert doc.locate(("copy", "obce")) == (2, 7)


def test_file_over_20_mb_is_refused_without_parsing() -> None:
    raw = b"a: " + b"x" * (MAX_BYTES + 10) + b"\n"
    started = time.perf_counter()
    doc = load_bytes(raw, "big.yaml")
    assert time.perf_counter() - started < 1
    assert codes(doc) == ["KP003"]
    assert "20 MB" in doc.findings[0].message


@pytest.mark.parametrize("depth", [101, 5000, 200_000])
def test_deep_nesting_is_refused(depth: int) -> None:
    # 5000 and more are past libyaml's own limit (1000 levels since PyYAML 6.0.4): the same finding.
    doc = load_text("[" * depth + "]" * depth, "deep.yaml")
    assert codes(doc) == ["KP004"]
    assert doc.findings[0].message == "the data is nested deeper than 100 levels"


@pytest.mark.parametrize("depth", [101, 1500])
def test_deep_block_nesting_is_refused(depth: int) -> None:
    text = "".join("  " * level + f"k{level}:\n" for level in range(depth)) + "  " * depth + "x: 1\n"
    doc = load_text(text, "deep.yaml")
    assert codes(doc) == ["KP004"]
    assert doc.findings[0].message == "the data is nested deeper than 100 levels"


def test_windows_1250_is_named() -> None:
    raw = "# Komunitní plán\ntitle: Žluťoučký kůň úpěl ďábelské ódy\n".encode("cp1250")
    doc = load_bytes(raw, "plan.yaml")
    assert codes(doc) == ["KP002"]
    finding = doc.findings[0]
    assert "windows-1250" in finding.message
    assert finding.line == 1  # the first non-UTF-8 byte is the í of the comment


def test_python_tag_is_never_constructed() -> None:
    doc = load_text("a: !!python/object/apply:os.system ['echo hacked']\n", "x.yaml")
    assert codes(doc) == ["KP006"]
    assert "!!python/object/apply:os.system" in doc.findings[0].message


def test_unknown_local_tag() -> None:
    assert codes(load_text("a: !Secret value\n", "x.yaml")) == ["KP006"]


def test_duplicate_keys_point_at_the_second() -> None:
    doc = load_text("title: A\nstatus: draft\ntitle: B\n", "x.yaml")
    assert codes(doc) == ["KP005"]
    assert (doc.findings[0].line, doc.findings[0].column) == (3, 1)
    assert "line 1" in doc.findings[0].message


def test_bom_and_crlf_are_read() -> None:
    doc = load_bytes("\ufeffid: \"P1\"\r\ntitle: Péče\r\n".encode(), "x.yaml")
    assert doc.findings == []
    assert doc.data == {"id": "P1", "title": "Péče"}
    assert doc.locate(("title",)) == (2, 8)


def test_tab_indentation_says_so() -> None:
    doc = load_text("a:\n\tb: 1\n", "x.yaml")
    assert codes(doc) == ["KP008"]
    assert doc.findings[0].line == 2


def test_syntax_error_has_position_and_hint() -> None:
    doc = load_text("title: Cíl: podpora\n", "x.yaml")
    assert codes(doc) == ["KP001"]
    assert doc.findings[0].line == 1
    assert 'in quotes, e.g. title: "Goal: support"' in doc.findings[0].hint
    # No parser jargon in what the user reads; libyaml's words only in the detail (--debug).
    assert "mapping values" not in doc.findings[0].message + doc.findings[0].hint
    assert "mapping values are not allowed" in doc.findings[0].detail


def test_syntax_error_words_for_indentation_and_a_missing_dash() -> None:
    over = load_text("a:\n  b: 1\n   c: 2\n", "x.yaml").findings[0]
    assert (over.line, over.message) == (3, over.message) and "indented further" in over.message
    under = load_text("a:\n  b: 1\n c: 2\n", "x.yaml").findings[0]
    assert under.line == 3 and "indented differently" in under.message
    dash = load_text("a:\n  - id: 1\n    t: x\n  id: 2\n", "x.yaml").findings[0]
    assert dash.line == 4 and "missing its '-'" in dash.message
    text = load_text("a:\n  - x\n  - y\n  z\n", "x.yaml").findings[0]
    assert text.line == 4 and "'key: value'" in text.message
    for finding in (over, under, dash, text):
        assert "libyaml" not in finding.message and "expected" not in finding.message


def test_two_documents() -> None:
    assert codes(load_text("a: 1\n---\nb: 2\n", "x.yaml")) == ["KP011"]


def test_control_character() -> None:
    doc = load_text("a: b\nc: \"x\x07y\"\n", "x.yaml")
    assert codes(doc) == ["KP001"]
    assert doc.findings[0].line == 2


def test_huge_and_infinite_numbers() -> None:
    doc = load_text("a: .inf\nb: " + "9" * 5000 + "\n", "x.yaml")
    assert codes(doc) == ["KP013", "KP013"]


def test_complex_key() -> None:
    assert codes(load_text("? [a, b]\n: 1\n", "x.yaml")) == ["KP012"]


def test_empty_file_is_no_data() -> None:
    doc = load_text("", "x.yaml")
    assert doc.data is None and doc.findings == []


def test_a_text_cut_off_at_hash_is_a_warning_at_its_line() -> None:
    text = (
        "title: Služby pro rodiny #2\n"  # cut off: the # is followed by text
        "kind: maintain   # a comment\n"  # a comment: a space after the #
        'quoted: "Dům #3"\n'  # quoted: the # belongs to the text
        "count: 5 #6\n"  # a number, not a text
        "list:\n"
        "  - Klub #1\n"
        "  - Klub  ##\n"
    )
    doc = load_text(text, "plan.yaml")
    assert doc.ok  # a warning does not stop the file
    assert doc.data["title"] == "Služby pro rodiny" and doc.data["quoted"] == "Dům #3"
    found = [(f.code, f.severity, f.line, f.column, f.path) for f in doc.findings]
    assert found == [
        ("KP421", "warning", 1, 26, "$.title"),
        ("KP421", "warning", 6, 10, "$.list[0]"),
    ]
    assert doc.findings[0].message == (
        "the text of 'title' ends before ' #': YAML reads '#2' as a comment, so the value is only "
        "'Služby pro rodiny'; if the # belongs to the text, put the whole text in quotes: "
        'title: "Služby pro rodiny #2"'
    )
    assert doc.findings[1].message.endswith('put the whole text in quotes: - "Klub #1"')


def test_a_file_without_a_cut_off_text_has_no_warning() -> None:
    doc = load_text("a: x  # poznámka\nb: 'c #d'\nc: |\n  text #e\n", "x.yaml")
    assert doc.findings == [] and doc.data == {"a": "x", "b": "c #d", "c": "text #e\n"}


# -- the loader's search of the text (text_hints): which files the two walks of validate skip ------


@pytest.mark.parametrize(
    ("text", "may_hide"),
    [
        ("title: Péče – služby\n", False),  # an en dash shares its first two UTF-8 bytes with the controls
        ("title: a\u202eb\n", True),
        ("title: a\u2066b\n", True),
        ('title: "a\\u202eb"\n', True),  # made by an escape: not in the text as such
        ("title: 'a\\b'\n", True),  # a backslash: looked at in full (it could start an escape)
    ],
)
def test_hints_for_bidi_controls(text: str, may_hide: bool) -> None:
    assert load_bytes(text.encode("utf-8"), "x.yaml").may_hide is may_hide
    assert load_text(text, "x.yaml").may_hide is may_hide


@pytest.mark.parametrize(
    ("text", "may_thousands"),
    [
        ("obce: 40000\n", False),
        ('id: "1.102"\ncontinues: "2017-2019/1.102"\n', False),  # quoted, or inside a longer text
        ("version: v1.102\n", False),
        ("obce: 40.000\n", True),
        ("40.000: x\n", True),
        ("budget: {obce: 1.200.000}\n", True),
        ("- [1, 40.000]\n", True),
        ('{"obce":40.000}\n', True),
        ("obce: 40.0000\n", False),
        ("obce: -40.000\n", False),  # not an amount with thousands dots (and negative anyway)
        # An alias copies a float without its text: 12.34e-1 is read as 1.234 ("1.234" when copied).
        ("a: &x 12.34e-1\nb: *x\n", True),
    ],
)
def test_hints_for_a_thousands_dot(text: str, may_thousands: bool) -> None:
    assert load_text(text, "x.yaml").may_thousands is may_thousands


def test_the_walks_still_find_what_the_text_hides(run_kpss, tmp_path: Path) -> None:
    """A bidi control written as an escape (not in the text as such) and a thousands dot are still
    found when the text is searched first."""
    import json
    import shutil

    repo = tmp_path / "repo"
    shutil.copytree(Path(__file__).resolve().parent / "cases" / "base", repo)
    plan = repo / "plans" / "2020-2022" / "action-plans" / "2022.yaml"
    text = plan.read_text(encoding="utf-8")
    assert "      obce: 1600000\n" in text
    plan.write_text(text.replace("      obce: 1600000\n", "      obce: 40.000\n", 1), encoding="utf-8")
    main = repo / "plans" / "2020-2022" / "plan.yaml"
    main_text = main.read_text(encoding="utf-8")
    main.write_text(main_text.replace("\ntitle: ", '\ntitle: "\\u202eX"\nx-old-title: ', 1), encoding="utf-8")
    result = run_kpss("validate", "--format", "json", "--repo", repo)
    found = {(f["code"], f["file"]) for f in json.loads(result.stdout)["findings"]}
    assert ("KP103", "plans/2020-2022/action-plans/2022.yaml") in found
    assert ("KP420", "plans/2020-2022/plan.yaml") in found
