"""Participation: consultation.yaml and meetings/ in validate, beyond the golden cases."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path
from typing import Any

import pytest
from conftest import EXAMPLE, git

CASES = Path(__file__).resolve().parent / "cases"


def _findings(run_kpss: Any, repo: Path, *extra: object) -> list[dict[str, Any]]:
    result = run_kpss("validate", "--repo", repo, "--format", "json", *extra)
    assert result.exit_code in (0, 1), result.output
    return list(json.loads(result.stdout)["findings"])


def test_example_has_a_consultation_and_a_year_of_meetings(run_kpss: Any) -> None:
    meetings = sorted(p.name for p in (EXAMPLE / "meetings").glob("*.yaml"))
    assert len([m for m in meetings if m.startswith("2025-")]) >= 12
    consultation = (EXAMPLE / "plans" / "2024-2027" / "consultation.yaml").read_text(encoding="utf-8")
    assert consultation.count("  - id: ") >= 12
    assert _findings(run_kpss, EXAMPLE, "--strict") == []


def test_minutes_through_a_link_out_of_the_repository(tmp_path: Path, run_kpss: Any) -> None:
    repo = tmp_path / "repo"
    shutil.copytree(CASES / "base", repo)
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (outside / "zapis.pdf").write_bytes(b"%PDF-1.4\n")
    (repo / "meetings").mkdir()
    try:
        os.symlink(outside, repo / "meetings" / "zapisy")
    except OSError:
        pytest.skip("this file system cannot make symbolic links")
    (repo / "meetings" / "2025-03-12-ps-seniori.yaml").write_text(
        "group: ps-seniori\ndate: 2025-03-12\npresent: 2\nminutes: meetings/zapisy/zapis.pdf\n",
        encoding="utf-8",
    )
    found = _findings(run_kpss, repo)
    assert [(f["code"], f["line"]) for f in found] == [("KP258", 4)]
    assert "outside the repository" in found[0]["message"]


def test_minutes_with_an_absolute_path(tmp_path: Path, run_kpss: Any) -> None:
    repo = tmp_path / "repo"
    shutil.copytree(CASES / "base", repo)
    (repo / "meetings").mkdir()
    (repo / "meetings" / "2025-03-12-ps-seniori.yaml").write_text(
        "group: ps-seniori\ndate: 2025-03-12\npresent: 2\nminutes: /etc/passwd\n", encoding="utf-8"
    )
    found = _findings(run_kpss, repo)
    assert [(f["code"], f["line"], f["column"]) for f in found] == [("KP258", 4, 10)]


def test_a_changed_plan_status_reports_the_unsettled_comment(tmp_path: Path, run_kpss: Any) -> None:
    """Validating the consultation alone (a pre-commit hook) still reads its plan."""
    repo = tmp_path / "repo"
    shutil.copytree(CASES / "base", repo)
    (repo / "plans" / "2023-2026" / "consultation.yaml").write_text(
        'opened: 2022-10-03\ncomments:\n  - id: "1"\n    received: 2022-10-05\n'
        "    from: {kind: uzivatel}\n    text: Bez vypořádání.\n",
        encoding="utf-8",
    )
    result = run_kpss(
        "validate", "--repo", repo, "--format", "json", repo / "plans" / "2023-2026" / "consultation.yaml"
    )
    assert result.exit_code == 1
    codes = [(f["code"], f["file"], f["line"]) for f in json.loads(result.stdout)["findings"]]
    assert codes == [("KP254", "plans/2023-2026/consultation.yaml", 3)]


def test_meetings_are_read_from_a_git_revision(git_repo: Path, run_kpss: Any) -> None:
    """kpss diff --rev reads meetings/ from git objects like the plans."""
    from kpss_cli.gitsource import GitRepository, GitSource

    with GitRepository(git_repo) as repository:
        source = GitSource(repository, git_repo, "HEAD")
        files = source.list_files()
    assert "meetings/2025-03-12-ps-seniori.yaml" in files
    assert "plans/2024-2027/consultation.yaml" in files
    assert not any(f.endswith(".md") for f in files)
    assert git(git_repo, "status", "--porcelain") == ""


def test_init_maps_the_participation_files_for_the_editor(run_kpss: Any, tmp_path: Path) -> None:
    result = run_kpss("init", tmp_path, "--name", "Obec Vranovice", "--kind", "obec")
    assert result.exit_code == 0, result.output
    settings = json.loads((tmp_path / ".vscode" / "settings.json").read_text(encoding="utf-8"))
    mapping = settings["yaml.schemas"]
    assert mapping["./.kpss/schemas/consultation.schema.json"] == ["plans/*/consultation.yaml"]
    assert mapping["./.kpss/schemas/meeting.schema.json"] == ["meetings/*.yaml"]
    schema = json.loads((tmp_path / ".kpss" / "schemas" / "meeting.schema.json").read_text(encoding="utf-8"))
    assert schema["required"] == ["group", "date", "present"]


def test_participation_findings_in_czech(tmp_path: Path, run_kpss: Any) -> None:
    """KP25x under --lang cs: the place first, the fix in words, codes with their Czech labels."""
    repo = tmp_path / "repo"
    shutil.copytree(CASES / "base", repo)
    (repo / "plans" / "2023-2026" / "consultation.yaml").write_text(
        "opened: 2022-09-01\nclosed: 2022-09-30\ncomments:\n"
        "  - id: '1'\n    received: 2022-10-05\n    from: {kind: verejnost}\n    text: Více terénní péče.\n"
        "    about: '9.9'\n",
        encoding="utf-8",
    )
    (repo / "meetings").mkdir()
    (repo / "meetings" / "2025-03-12-ps-seniori.yaml").write_text(
        "group: ps-seniori\ndate: 2025-03-13\npresent: 1\nmembers_present: [A. B., C. D.]\nminutes: /etc/passwd\n",
        encoding="utf-8",
    )
    found = {f["code"] + ":" + str(f["line"]): f["message"] for f in _findings(run_kpss, repo, "--lang", "cs")}
    assert found["KP253:5"] == (
        "připomínka 1 došla 2022-10-05, mimo dobu připomínkování (2022-09-01–2022-09-30); opravte datum doručení, "
        "nebo opened/closed připomínkování"
    )
    assert found["KP251:8"].startswith("připomínka 1 se týká '9.9', což není priorita, opatření ani potřeba plánu 2023-2026;")
    assert found["KP254:4"].startswith(
        "plán 2023-2026 je schválený (approved), ale připomínka 1 nemá vypořádání (nevypořádaných je 1 z 1);"
    )
    assert "partly_accepted částečně akceptováno" in found["KP254:4"]
    assert found["KP256:2"] == (
        "datum 2025-03-13 nesouhlasí s názvem souboru 2025-03-12-ps-seniori.yaml; přejmenujte soubor na "
        "meetings/2025-03-13-ps-seniori.yaml, nebo opravte datum"
    )
    assert found["KP259:3"] == "present je 1, ale members_present jmenuje 2 členy"
    assert found["KP258:5"].startswith("zápis /etc/passwd leží mimo repozitář;")


def test_a_year_out_of_range_is_refused_in_czech(run_kpss: Any) -> None:
    result = run_kpss("report", "participation", "--repo", EXAMPLE, "--year", "1999", "--lang", "cs")
    assert result.exit_code == 2
    assert "1999 není rok mezi 2000 a 2100" in result.stderr
    assert "Traceback" not in result.stderr
