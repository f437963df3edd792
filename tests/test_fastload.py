"""The fast path of reading (kpss_cli/fastload.py) gives exactly the exact loader's data, or declines.

Random YAML documents — random scalars in every style (plain, single and double quoted, literal
and folded blocks with their indicators, in block and flow collections), random keys, duplicate
keys, hostile texts — are read both ways: the fast path either declines the file or gives data
equal to the exact loader's, types included (``True`` is not ``1``, ``1`` is not ``1.0``,
``-0.0`` is not ``0.0``), on a file the exact loader reads without a finding.
"""

from __future__ import annotations

import json
import math
from typing import Any

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from kpss_cli import fastload
from kpss_cli.loader import load_bytes

pytestmark = pytest.mark.skipif(not fastload.enabled() and not __import__("os").environ.get("CI"),
                                reason="rapidyaml is not installed (in CI it must be)")


def same(a: Any, b: Any) -> bool:
    """Equal with types: bool vs int, int vs float, the sign of a zero, the order of keys."""
    if type(a) is not type(b):
        return False
    if isinstance(a, dict):
        return list(a) == list(b) and all(same(a[k], b[k]) for k in a)
    if isinstance(a, list):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, float):
        return (a == b and math.copysign(1, a) == math.copysign(1, b)) or (math.isnan(a) and math.isnan(b))
    return bool(a == b)


def check(text: str | bytes) -> bool:
    """The property; True when the fast path accepted the file."""
    raw = text.encode("utf-8") if isinstance(text, str) else text
    try:
        data = fastload.read(raw)
    except fastload.Declined:
        return False
    exact = load_bytes(raw, "x.yaml")
    assert exact.findings == [], (raw, exact.findings)
    assert same(data, exact.data), (raw, data, exact.data)
    return True


# -- what must be declined, what may be accepted ------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "a: ~\n", "a: Null\n", "a: NULL\n", "a: True\n", "a: FALSE\n", "a: 0x10\n", "a: 0o7\n", "a: 010\n",
        "a: 00411248\n", "a: .inf\n", "a: -.Inf\n", "a: .nan\n", "a: nan\n", "a: inf\n", "a: +1\n",
        "nan: 1\n", "-inf: 1\n", "a: 1e999\n", "a: 1234567890123456789012345678901\n",
        "a: !!str 1\n", "a: !!int '5'\n", "a: &x 1\nb: *x\n", "<<: {a: 1}\n", "a: 1\na: 2\n",
        "a: {b: 1, b: 2}\n", "---\na: 1\n", "a: 1\n...\n", "%YAML 1.2\n---\na: 1\n", "a: 1\n---\nb: 2\n",
        "a:\tb\n", "a: b\rc\n", 'a: "\\u202e"\n', "a: x #1\n", "a: b\u2028c\n", "a: b\x85c\n",
        "a: \x01\n", "a: 1\n\ufeff", "[a]: 1\n", "- a\n", "just a text\n", "", "# only a comment\n",
        "a: " + "[" * 60 + "]" * 60 + "\n",
        "".join(" " * (2 * i) + f"k{i}:\n" for i in range(60)) + " " * 120 + "x: 1\n",
    ],
)
def test_declined(text: str) -> None:
    assert not check(text)


@pytest.mark.parametrize(
    ("text", "data"),
    [
        ('ico: "00411248"\n', {"ico": "00411248"}),
        ("ico: '00411248'\n", {"ico": "00411248"}),
        ('a: "~"\nb: "True"\nc: "0x10"\n', {"a": "~", "b": "True", "c": "0x10"}),
        ('id: "1.10"\nyear: "2025"\nempty: ""\n', {"id": "1.10", "year": "2025", "empty": ""}),
        ("a: 1\nb: 1.0\nc: -0.0\nd: true\ne: null\nf:\ng: 1.10\nh: 40.000\n",
         {"a": 1, "b": 1.0, "c": -0.0, "d": True, "e": None, "f": None, "g": 1.1, "h": 40.0}),
        ("a: .5\nb: 1.\nc: -0\nd: 1e3\n", {"a": 0.5, "b": 1.0, "c": 0, "d": 1000.0}),
        ("2025: x\n'2026': y\n1.10: z\n", {"2025": "x", "2026": "y", "1.10": "z"}),
        ("a: no\nb: yes\nc: 2019-12-11\nd: 12:30\n", {"a": "no", "b": "yes", "c": "2019-12-11", "d": "12:30"}),
        ("t: |\n  a\n  b\nf: >-\n  a\n\n  b\n", {"t": "a\nb\n", "f": "a\nb"}),
        ("a: [1, 'x', \"y\", z, {b: c}]\n", {"a": [1, "x", "y", "z", {"b": "c"}]}),
        ("a: Péče – služby „domov“ 🙂\n", {"a": "Péče – služby „domov“ 🙂"}),
        ("\ufeffa: |\r\n  x\r\n  y\r\nb: 'p\r\n\r\n  q'\r\n", {"a": "x\ny\n", "b": "p\nq"}),
    ],
)
def test_accepted_with_the_exact_data(text: str, data: Any) -> None:
    assert check(text)
    assert same(fastload.read(text.encode()), data)


def test_a_plain_ico_is_declined_even_beside_quoted_ones() -> None:
    assert not check('a: "00411248"\nb: 00411248\n')
    assert check('a: "00411248"\nb: "x 00411248"\n')  # inside a quoted text: not where a plain scalar can stand
    assert not check('a: "00411248"\nb: x 00411248 y\n')  # could be: declined (never wrong, only slower)


# -- the property ------------------------------------------------------------------------------

HOSTILE = [
    "", " ", "~", "null", "Null", "NULL", "true", "True", "TRUE", "false", "False", "no", "yes", "on", "y",
    "0", "-0", "+0", "00", "010", "0o17", "0x1F", "0b11", "1_000", "1e3", "1E+3", "1.", ".5", "-.5", "+.5",
    "1.10", "40.000", "1.200.000", "-0.0", ".inf", "-.inf", ".NaN", "nan", "inf", "Infinity", "1e999",
    "12345678901234567890123456789012", "2025", "2019-12-11", "12:30", "583758", "00411248", "N1.1",
    "-", "--", "---", "...", "?", ":", "- x", "a: b", "a #b", "#x", "x#", "'", '"', "''", "|", ">", "[", "]",
    "{", "}", ",", "&a", "*a", "!x", "!!str", "%", "@", "`", "<<", "a\nb", "a\n\nb", " a", "a ", "\\",
    "\\n", "é", "Péče", "–", "„x“", "\u00a0", "\u202e", "🙂", "a  b",
]
CHARS = "09az.+-_~:#'\"[]{},&*!|>%@\\ \néřČ\u00a0–🙂"

texts = st.one_of(st.sampled_from(HOSTILE), st.text(alphabet=CHARS, max_size=10))


def _double(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


def _single(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


@st.composite
def scalar(draw: Any, flow: bool, indent: int) -> str:
    text = draw(texts)
    style = draw(st.sampled_from(["plain", "plain", "single", "double"] + ([] if flow else ["literal", "folded"])))
    if style == "plain":
        return text
    if style == "single":
        return _single(text)
    if style == "double":
        return _double(text)
    head = "|" if style == "literal" else ">"
    head += draw(st.sampled_from(["", "-", "+", "2", "-2"]))
    pad = " " * (indent + 2)
    lines = draw(st.lists(st.text(alphabet="ab #:- é", max_size=6), min_size=0, max_size=3))
    return head + "".join("\n" + (pad + line if line else "") for line in lines) + "\n"


def flow_node(draw: Any, depth: int) -> str:
    kind = draw(st.sampled_from(["scalar", "scalar", "seq", "map"] if depth < 3 else ["scalar"]))
    if kind == "scalar":
        return draw(scalar(True, 0))
    items = draw(st.integers(0, 3))
    if kind == "seq":
        return "[" + ", ".join(flow_node(draw, depth + 1) for _ in range(items)) + "]"
    return "{" + ", ".join(f"{draw(scalar(True, 0))}: {flow_node(draw, depth + 1)}" for _ in range(items)) + "}"


def block_node(draw: Any, depth: int, indent: int) -> str:
    """A value after 'key:' or '- ' (starting with a space or a line break)."""
    kind = draw(st.sampled_from(["scalar", "flow", "map", "seq"] if depth < 4 else ["scalar", "flow"]))
    if kind == "scalar":
        value = draw(scalar(False, indent))
        return " " + value if not value.endswith("\n") else " " + value.rstrip("\n") + "\n"
    if kind == "flow":
        return " " + flow_node(draw, depth)
    return "\n" + block_collection(draw, kind, depth + 1, indent + draw(st.sampled_from([2, 4])))


def block_collection(draw: Any, kind: str, depth: int, indent: int) -> str:
    pad = " " * indent
    out = []
    for _ in range(draw(st.integers(1, 3))):
        if kind == "map":
            key = draw(scalar(True, 0))
            out.append(f"{pad}{key}:{block_node(draw, depth, indent)}")
        else:
            out.append(f"{pad}-{block_node(draw, depth, indent)}")
    return "".join(line if line.endswith("\n") else line + "\n" for line in out)


@st.composite
def documents(draw: Any) -> str:
    text = block_collection(draw, "map", 0, 0)
    if draw(st.booleans()):
        # A random edit anywhere: a comment, a marker, a stray character.
        at = draw(st.integers(0, len(text)))
        text = text[:at] + draw(st.sampled_from([" # c", "\n# c\n", "---\n", "\t", "&", "*", "!", ":", "'", '"', "\n  "])) + text[at:]
    return text


@settings(max_examples=3000, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
@given(documents())
@example("a: 1\n")
def test_the_fast_path_declines_or_gives_the_exact_data(text: str) -> None:
    check(text)


@settings(max_examples=1000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(documents(), st.booleans(), st.booleans())
@example("00000000: |\n # c\n", False, True)  # a block text ends the file without a line break
def test_windows_line_ends_a_byte_order_mark_and_no_last_line_break(text: str, bom: bool, cut: bool) -> None:
    """CR LF is read as LF, a byte order mark at the start is dropped, and the last line break
    may be missing (where a block text ends the file, libyaml keeps none: declined)."""
    text = ("\ufeff" if bom else "") + text.replace("\n", "\r\n")
    check(text.rstrip("\r\n") if cut else text)


@settings(max_examples=2000, deadline=None)
@given(st.dictionaries(st.sampled_from(["id", "a", "2025", "x y", "ico"]), texts, max_size=4), st.sampled_from(["plain", "single", "double"]))
def test_flat_mappings_of_hostile_texts(values: dict[str, str], style: str) -> None:
    render = {"plain": lambda t: t, "single": _single, "double": _double}[style]
    check("".join(f"{k}: {render(v)}\n" for k, v in values.items()))


def test_most_generated_documents_are_accepted() -> None:
    """The property test is not vacuous: plain data of the usual shapes is taken on the fast path."""
    from hypothesis import find

    accepted = find(documents(), check, settings=settings(max_examples=500, database=None))
    assert accepted


# -- validate: the same output on both paths -----------------------------------------------------

from conftest import EXAMPLE  # noqa: E402
from test_golden import _case_dirs, build_repo  # noqa: E402

FORMATS = ("text", "json", "github", "sarif")


def outputs(
    run_kpss: Any, monkeypatch: pytest.MonkeyPatch, repo: Any, loader: str, formats: tuple[str, ...] = FORMATS
) -> list[tuple[int, str, str]]:
    monkeypatch.setenv("KPSS_LOADER", loader)
    runs = [run_kpss("validate", "--repo", repo, "--format", fmt) for fmt in formats]
    if formats == FORMATS:
        runs.append(run_kpss("validate", "--repo", repo, "--lang", "cs"))
    return [(r.exit_code, r.stdout, r.stderr) for r in runs]


def fast_files(repo: Any, monkeypatch: pytest.MonkeyPatch) -> set[str]:
    from kpss_cli.validate import validate_repository

    monkeypatch.delenv("KPSS_LOADER", raising=False)
    return {path for path, doc in validate_repository(repo).documents.items() if doc.fast}


@pytest.mark.parametrize("case", _case_dirs("invalid") + _case_dirs("valid"), ids=lambda p: f"{p.parent.name}/{p.name}")
def test_golden_cases_give_the_same_output_on_both_paths(case: Any, tmp_path: Any, run_kpss: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    repo = build_repo(case, tmp_path / "repo")
    formats = ("text", "json")
    assert outputs(run_kpss, monkeypatch, repo, "fast", formats) == outputs(run_kpss, monkeypatch, repo, "exact", formats)
    if case.parent.name == "valid" and case.name != "crlf-and-bom":
        assert fast_files(repo, monkeypatch), "a valid case is read on the fast path"


def test_the_example_gives_the_same_output_on_both_paths(example_repo: Any, run_kpss: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    assert outputs(run_kpss, monkeypatch, example_repo, "fast") == outputs(run_kpss, monkeypatch, example_repo, "exact")
    # Every file of the example is plain data: all are read on the fast path.
    assert fast_files(example_repo, monkeypatch) == {
        p.relative_to(example_repo).as_posix() for p in example_repo.rglob("*.yaml") if ".github" not in p.parts
    } - {"meetings/README.yaml"}


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Any:
    import subprocess
    import sys

    out = tmp_path_factory.mktemp("generated") / "repo"
    subprocess.run([sys.executable, str(EXAMPLE.parent.parent / "bench" / "generate.py"), str(out),
                    "--services", "300", "--measures", "64"], check=True, capture_output=True)
    return out


@pytest.mark.parametrize(
    ("file", "old", "new", "status"),
    [
        (None, None, None, 0),  # valid as generated
        ("services.yaml", "\n- id: ", "\n- x-note: 1\n  id: ", 0),  # still valid (an x- key)
        ("services.yaml", '  ico: "74899945"\n', "  ico: 074899945\n", 1),  # a plain IČO: declined, KP103
        ("plans/2023-2025/plan.yaml", "    - id: ", "    - kind: nonsense\n      id: ", 1),  # a schema error
        ("plans/2023-2025/plan.yaml", "title: ", "title: x #2 ", 0),  # KP421, a warning: cut off at ' #'
        ("plans/2023-2025/action-plans/2024.yaml", "\nyear: 2024", "\nyear: 2024\nyear: 2024", 1),  # KP005
        ("plans/2023-2025/plan.yaml", "    indicators:", "    x-indicators:", 1),  # KP401 and the targets of them
    ],
)
def test_generated_repositories_give_the_same_output_on_both_paths(
    generated: Any, tmp_path: Any, run_kpss: Any, monkeypatch: pytest.MonkeyPatch, file: Any, old: Any, new: Any,
    status: int,
) -> None:
    import shutil

    repo = tmp_path / "repo"
    shutil.copytree(generated, repo)
    if file is not None:
        path = repo / file
        text = path.read_text(encoding="utf-8")
        assert old in text
        path.write_text(text.replace(old, new, 1), encoding="utf-8")
    fast = outputs(run_kpss, monkeypatch, repo, "fast")
    assert fast == outputs(run_kpss, monkeypatch, repo, "exact")
    assert fast[1][0] == status
    findings = json.loads(fast[1][1])["findings"]
    assert bool(findings) is (file is not None and "x-note" not in new)
    if file is None:
        assert len(fast_files(repo, monkeypatch)) == len(list(repo.rglob("*.yaml")))


def test_kpss_loader_exact_turns_the_fast_path_off(example_repo: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    from kpss_cli.validate import validate_repository

    monkeypatch.setenv("KPSS_LOADER", "exact")
    assert not any(doc.fast for doc in validate_repository(example_repo).documents.values())


@pytest.mark.parametrize("how", ["missing", "broken"])
def test_a_missing_or_broken_rapidyaml_only_turns_the_fast_path_off(
    how: str, example_repo: Any, run_kpss: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    import sys
    import types

    from kpss_cli.validate import validate_repository

    exact = run_kpss("validate", "--repo", example_repo, "--format", "json")
    monkeypatch.setattr(fastload, "_ryml", None)
    monkeypatch.setattr(fastload, "_broken", False)
    if how == "missing":
        monkeypatch.setitem(sys.modules, "ryml", None)  # import ryml raises ImportError
    else:
        fake = types.ModuleType("ryml")
        fake.parse_in_arena = lambda buf: (_ for _ in ()).throw(RuntimeError("segfault averted"))  # type: ignore[attr-defined]
        monkeypatch.setitem(sys.modules, "ryml", fake)
    assert not fastload.enabled()
    assert not any(doc.fast for doc in validate_repository(example_repo).documents.values())
    again = run_kpss("validate", "--repo", example_repo, "--format", "json")
    assert (again.exit_code, again.stdout) == (exact.exit_code, exact.stdout)


def test_two_processes_read_the_same_documents_as_one(generated: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    """load_many with a forked child preparing half of the bytes gives the documents of one process;
    a fork that fails leaves this process to prepare everything."""
    import os
    import sys

    items = [(p.relative_to(generated).as_posix(), p.read_bytes()) for p in sorted(generated.rglob("*.yaml"))]
    items.append(("declined.yaml", b"a: ~\n"))
    one = fastload.load_many(items, processes=1)

    def shown(docs: dict[str, Any]) -> dict[str, Any]:
        return {k: None if d is None else (d.data, d.may_hide, d.may_thousands, d.source) for k, d in docs.items()}

    assert list(one) == [path for path, _raw in items] and one["declined.yaml"] is None
    assert sum(d is not None for d in one.values()) == len(items) - 1
    if sys.platform.startswith("linux"):
        assert shown(fastload.load_many(items, processes=2)) == shown(one)

    def no_fork() -> int:
        raise OSError("no more processes")

    monkeypatch.setattr(os, "fork", no_fork, raising=False)
    assert shown(fastload.load_many(items, processes=2)) == shown(one)


# -- the shortcuts of prepare give the answers of the plain checks they replace --------------------


def _node_start_by_search(raw: bytes) -> bool:
    """The plain check: each of the characters, searched for one by one (fastload._node_starts)."""
    return any(char in raw and next(fastload._node_starts(raw, char[0]), None) is not None for char in fastload._NODE_START_CHARS)


@settings(max_examples=3000, deadline=None)
@given(st.text(alphabet=" \n-?:,[]{}!&*@`%ab#", max_size=40))
@example("a: []\n")
@example("a: [ ]\n")
@example("a: {}\n")
@example("a: { }\n")
@example("]")
@example("  ,")
@example("a: [[]]\nb: {[]}\n")
@example("a: b, c\n")
def test_the_node_start_check_in_one_pass_finds_what_the_search_finds(text: str) -> None:
    raw = text.encode()
    assert fastload._any_at_node_start(raw) is _node_start_by_search(raw)


@pytest.mark.parametrize(
    ("text", "declined"),
    [
        ("a: [ ]\n", True), ("a: []\n", False), ("a: {}\n", False), ("a: { }\n", True), ("a: [b, c]\n", False),
        ("a: [b, , c]\n", True), ("a: - ,\n", True), ("a: b,c\n", False), ("a: x@y.cz\n", False), ("a: @x\n", True),
    ],
)
def test_a_reserved_character_where_a_value_starts_is_declined(text: str, declined: bool) -> None:
    assert fastload._any_at_node_start(text.encode()) is declined


@settings(max_examples=2000, deadline=None)
@given(
    st.text(alphabet=" \n[]{},:#-ab01~.", max_size=40),
    st.sets(st.sampled_from([b"0", b"01", b"a", b"0a", b"~", b"-1", b".0", b""]), min_size=1, max_size=3),
)
@example("a: 01\n", {b"01"})
@example("01", {b"01"})
@example("a: [01,0]", {b"0"})
@example("a: x01\n", {b"01"})
def test_the_plain_text_search_in_one_pass_finds_what_the_searches_find(text: str, texts: set[bytes]) -> None:
    raw = text.encode()
    assert fastload._stands_plain(raw, texts) is fastload._stands_plain_searched(raw, texts)


def test_a_second_process_only_for_two_halves_of_a_megabyte_each(monkeypatch: pytest.MonkeyPatch) -> None:
    """A national services.yaml (3.4 MB) beside a plan of 0.4 MB is prepared in this process (the
    fork would cost more than the plan's share saves); two halves of 1 MB or more get a child."""
    import os

    forks: list[int] = []

    def counted_fork() -> int:
        forks.append(1)
        raise OSError("counted, not forked")  # load_many then prepares everything itself

    monkeypatch.setattr(os, "fork", counted_fork, raising=False)
    monkeypatch.setattr(fastload, "_cores", lambda: 2)
    monkeypatch.setattr(fastload.sys, "platform", "linux")
    mb = fastload.TWO_PROCESSES_FROM
    assert mb == 1024 * 1024
    lines = b"- 1\n"  # (4 bytes: a list, declined as a file, but prepared as any)
    lopsided = [("services.yaml", lines * (34 * mb // 40)), ("plans/p/plan.yaml", lines * (4 * mb // 40))]
    fastload.load_many(lopsided)
    assert forks == []
    balanced = [("a.yaml", lines * (mb // 4 + 1)), ("b.yaml", lines * (mb // 4 + 1))]
    fastload.load_many(balanced)
    assert forks == [1]
