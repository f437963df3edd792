"""--debug and --quiet live in one State per run (typer's ctx.obj), never in a global that a
run leaves behind for the next one."""

from __future__ import annotations

from pathlib import Path

import pytest

from kpss_cli.errors import KpssError


def test_debug_shows_the_error_itself_and_the_next_run_does_not(run_kpss, tmp_path: Path) -> None:
    missing = tmp_path / "nowhere"
    with pytest.raises(KpssError):
        run_kpss("validate", "--repo", missing, "--debug")
    plain = run_kpss("validate", "--repo", missing)
    assert plain.exit_code == 2
    assert plain.stderr.startswith("Error: ")


def test_quiet_leaves_out_the_note_and_the_next_run_has_it(run_kpss, example_repo: Path, tmp_path: Path) -> None:
    out = tmp_path / "plneni.md"
    args = ("report", "fulfilment", "--year", "2025", "--format", "markdown", "-o", out, "--repo", example_repo)
    quiet = run_kpss(*args, "--quiet")
    assert quiet.exit_code == 0 and quiet.stderr == ""
    loud = run_kpss(*args)
    assert loud.exit_code == 0 and f"written {out}" in loud.stderr
    assert out.read_text(encoding="utf-8").startswith("# ")
