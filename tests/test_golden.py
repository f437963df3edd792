"""Golden cases of `kpss validate` (STYLE.md practice 7).

``tests/cases/base/`` is a small, complete, valid repository. Each folder under
``tests/cases/invalid/`` and ``tests/cases/valid/`` holds only the files that differ from it:
they are copied over a fresh copy of base, and an empty ``<name>.DELETE`` deletes ``<name>``.
An invalid case has ``expected.json``: a list of findings ``{"code", "file", "line"}`` (optionally
``"column"``, ``"severity"``, ``"message_contains"``), or ``{"xfail": "why", "findings": [...]}``
for a known bug of validate (the findings are then written as they SHOULD be).

Each case runs through the CLI twice, ``--format github`` and ``--format json``; the findings of
each must be exactly the expected ones (a cascade of extra findings fails too). A new rule needs a
new folder: ``test_every_rule_has_a_golden_case`` fails until it has one.
"""

from __future__ import annotations

import json
import re
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from czech_words import czech_words

from kpss_cli.rules import RULES

CASES = Path(__file__).resolve().parent / "cases"
BASE = CASES / "base"
DELETE_SUFFIX = ".DELETE"
EXPECTED = "expected.json"

# Rules that no committed case can show, and where they are shown instead.
NOT_IN_A_CASE = {
    "KP003": "test_file_over_20_mb (a 21 MB file is written at test time, not committed)",
    "KP020": "test_hostile.py (a FIFO, a dangling link and a folder named like a file are made at test time)",
    "KP021": "test_hostile.py (links out of the repository point at the machine, not at the case)",
    "KP022": "test_hostile.py::test_p15_unreadable_folder_is_reported (a permission, not a file)",
    "KP109": "the fallback for schema errors that no other code explains; no input reaches it "
             "with the current schemas (every error kind they can raise has its own code)",
}

GITHUB_LINE = re.compile(
    r"^::(?P<level>error|warning) file=(?P<file>[^,]*),line=(?P<line>\d+),col=(?P<col>\d+),"
    r"title=(?P<code>[^:]*)::(?P<message>.*)$"
)


def _case_dirs(kind: str) -> list[Path]:
    return sorted(p for p in (CASES / kind).iterdir() if p.is_dir())


def _load_expected(case: Path) -> tuple[list[dict[str, Any]], str | None]:
    data = json.loads((case / EXPECTED).read_text(encoding="utf-8"))
    if isinstance(data, dict):
        return data["findings"], data.get("xfail")
    return data, None


def build_repo(case: Path, target: Path) -> Path:
    """A copy of base with the case's files laid over it (and its ``*.DELETE`` files deleted)."""
    shutil.copytree(BASE, target)
    for src in sorted(case.rglob("*")):
        if not src.is_file():
            continue
        rel = src.relative_to(case)
        if rel.as_posix() == EXPECTED:
            continue
        if src.name.endswith(DELETE_SUFFIX):
            victim = target / rel.parent / src.name[: -len(DELETE_SUFFIX)]
            if victim.is_dir():
                shutil.rmtree(victim)
            else:
                victim.unlink()
            continue
        dst = target / rel
        dst.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(src, dst)
    return target


@dataclass
class Seen:
    """One finding as an output format shows it."""

    code: str
    file: str
    line: int
    column: int
    severity: str
    message: str

    def short(self) -> str:
        return f"{self.code} {self.file}:{self.line}:{self.column} ({self.severity}) {self.message}"


def _unescape(value: str) -> str:
    for escaped, plain in (("%2C", ","), ("%3A", ":"), ("%0A", "\n"), ("%0D", "\r"), ("%25", "%")):
        value = value.replace(escaped, plain)
    return value


def parse_github(stdout: str) -> list[Seen]:
    seen = []
    for line in stdout.splitlines():
        if not line.strip() or line.startswith("::notice title=kpss::"):
            continue  # the closing count of what GitHub does not show
        match = GITHUB_LINE.match(line)
        assert match, f"not a GitHub workflow command: {line!r}"
        seen.append(Seen(
            match["code"], _unescape(match["file"]), int(match["line"]), int(match["col"]),
            match["level"], _unescape(match["message"]),
        ))
    return seen


def parse_json(stdout: str) -> list[Seen]:
    doc = json.loads(stdout)
    seen = [
        Seen(f["code"], f["file"], f["line"], f["column"], f["severity"], f["message"])
        for f in doc["findings"]
    ]
    errors = sum(1 for s in seen if s.severity == "error")
    assert doc["errors"] == errors and doc["warnings"] == len(seen) - errors
    assert doc["valid"] is (errors == 0)
    return seen


def mismatches(expected: list[dict[str, Any]], seen: list[Seen]) -> list[str]:
    """What differs between the expected findings and those an output shows (empty when equal)."""
    problems = []
    left = list(seen)
    for exp in expected:
        severity = exp.get("severity", RULES[exp["code"]][0])
        match = next((
            s for s in left
            if s.code == exp["code"] and s.file == exp["file"] and s.line == exp["line"]
            and ("column" not in exp or s.column == exp["column"])
            and s.severity == severity
            and exp.get("message_contains", "") in s.message
        ), None)
        if match is None:
            where = f"{exp['file']}:{exp['line']}"
            where += f":{exp['column']}" if "column" in exp else ""
            wanted = f" with {exp['message_contains']!r}" if "message_contains" in exp else ""
            problems.append(f"missing {exp['code']} ({severity}) at {where}{wanted}")
        else:
            left.remove(match)
    problems.extend(f"unexpected {s.short()}" for s in left)
    return problems


@pytest.mark.parametrize("case", _case_dirs("invalid"), ids=lambda p: p.name)
def test_invalid_case(case: Path, tmp_path: Path, run_kpss: Any) -> None:
    expected, xfail = _load_expected(case)
    assert expected, f"{case.name}: expected.json lists no finding"
    repo = build_repo(case, tmp_path / "repo")

    github = run_kpss("validate", "--repo", repo, "--format", "github")
    as_json = run_kpss("validate", "--repo", repo, "--format", "json")
    strict = run_kpss("validate", "--repo", repo, "--format", "json", "--strict")
    for run in (github, as_json, strict):
        assert run.exit_code in (0, 1), run.output
    seen_github = parse_github(github.stdout)
    seen_json = parse_json(as_json.stdout)

    # Whatever else is wrong, each rule the case is about must fire (xfail covers only the details).
    for exp in expected:
        reported = any(s.code == exp["code"] for s in seen_github)
        assert reported, f"{exp['code']} not reported:\n{github.stdout}"

    has_errors = any(exp.get("severity", RULES[exp["code"]][0]) == "error" for exp in expected)
    problems = [f"github: {p}" for p in mismatches(expected, seen_github)]
    # The findings are English (the tests' language): no Czech of kpss's own in them, only the
    # case's texts (tests/czech_words.py).
    shown = github.stdout.replace("%0A", "\n").replace("%0D", "").replace("%25", "%")
    problems += [
        f"Czech of kpss's own in an English finding: {word!r} in {line.strip()!r}"
        for _, word, line in czech_words(shown, (CASES / "base", case))
    ]
    problems += [f"json: {p}" for p in mismatches(expected, seen_json)]
    if github.exit_code != (1 if has_errors else 0):
        problems.append(f"exit code {github.exit_code}, expected {1 if has_errors else 0}")
    if as_json.exit_code != github.exit_code:
        problems.append(f"--format json exits {as_json.exit_code}, github {github.exit_code}")
    if strict.exit_code != 1:
        problems.append(f"--strict exits {strict.exit_code}, expected 1")

    if xfail:
        if problems:
            more = f" (+{len(problems) - 1} more)" if len(problems) > 1 else ""
            pytest.xfail(f"{xfail} | {problems[0]}{more}")
        pytest.fail(f"{case.name} is marked xfail ({xfail}) but passes: remove the xfail")
    assert not problems, "\n".join(problems) + "\n--- github output ---\n" + github.stdout


@pytest.mark.parametrize("case", _case_dirs("valid"), ids=lambda p: p.name)
def test_valid_case(case: Path, tmp_path: Path, run_kpss: Any) -> None:
    assert not (case / EXPECTED).exists(), f"{case.name}: a valid case has no expected.json"
    repo = build_repo(case, tmp_path / "repo")
    github = run_kpss("validate", "--repo", repo, "--format", "github", "--strict")
    assert github.exit_code == 0, github.output
    assert github.stdout.strip() == ""
    as_json = run_kpss("validate", "--repo", repo, "--format", "json")
    assert as_json.exit_code == 0
    assert json.loads(as_json.stdout) == {"valid": True, "errors": 0, "warnings": 0, "findings": []}


def test_base_is_valid_without_warnings(run_kpss: Any) -> None:
    result = run_kpss("validate", "--repo", BASE, "--format", "json", "--strict")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["findings"] == []


def test_file_over_20_mb(tmp_path: Path, run_kpss: Any) -> None:
    repo = build_repo(CASES / "valid" / "comments-everywhere", tmp_path / "repo")
    big = repo / "plans" / "2023-2026" / "action-plans" / "2026.yaml"
    line = b"# " + "výplň ".encode() * 16 + b"\n"
    with big.open("wb") as out:
        for _ in range(21 * 1024 * 1024 // len(line) + 1):
            out.write(line)
    assert big.stat().st_size > 21 * 1024 * 1024 - len(line)

    github = run_kpss("validate", "--repo", repo, "--format", "github")
    assert github.exit_code == 1
    expected = [{
        "code": "KP003", "file": "plans/2023-2026/action-plans/2026.yaml", "line": 1, "column": 1,
        "message_contains": "20 MB",
    }]
    assert mismatches(expected, parse_github(github.stdout)) == []
    as_json = run_kpss("validate", "--repo", repo, "--format", "json")
    assert mismatches(expected, parse_json(as_json.stdout)) == []


def test_every_rule_has_a_golden_case() -> None:
    covered: dict[str, list[str]] = {}
    for case in _case_dirs("invalid"):
        for exp in _load_expected(case)[0]:
            assert exp["code"] in RULES, f"{case.name}: unknown rule code {exp['code']}"
            covered.setdefault(exp["code"], []).append(case.name)
    assert set(NOT_IN_A_CASE) <= set(RULES), "NOT_IN_A_CASE names a code that is no longer a rule"
    both = set(NOT_IN_A_CASE) & set(covered)
    assert not both, f"{both} now have a case: drop them from NOT_IN_A_CASE"
    missing = sorted(set(RULES) - set(covered) - set(NOT_IN_A_CASE))
    assert not missing, f"rules without a golden case in tests/cases/invalid/: {', '.join(missing)}"


def test_case_folders_are_well_formed() -> None:
    for case in _case_dirs("invalid") + _case_dirs("valid"):
        files = [p for p in case.rglob("*") if p.is_file() and p.name != EXPECTED]
        assert files, f"{case.name} changes nothing"
        for p in files:
            if p.name.endswith(DELETE_SUFFIX):
                assert p.stat().st_size == 0, f"{p} must be empty"
                victim = BASE / p.relative_to(case).parent / p.name[: -len(DELETE_SUFFIX)]
                assert victim.exists(), f"{p} deletes nothing"
            else:
                original = BASE / p.relative_to(case)
                same = original.is_file() and original.read_bytes() == p.read_bytes()
                assert not same, f"{p} is a copy of base: delete it from the case"
