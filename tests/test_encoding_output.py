"""Output never crashes on a console that cannot show Czech: characters are replaced, not raised."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest


def run(args: list[str], encoding: str, cwd: Path) -> subprocess.CompletedProcess[bytes]:
    env = {**os.environ, "PYTHONIOENCODING": encoding, "LC_ALL": "C", "LANG": "C", "NO_COLOR": "1"}
    env.pop("PYTHONUTF8", None)
    return subprocess.run([sys.executable, "-m", "kpss_cli", *args], cwd=cwd, env=env, capture_output=True)


@pytest.mark.parametrize("encoding", ["ascii", "cp1250", "latin-1"])
def test_czech_findings_on_a_narrow_console(example_repo: Path, encoding: str) -> None:
    plan = example_repo / "plans" / "2024-2027" / "plan.yaml"
    plan.write_text(plan.read_text(encoding="utf-8").replace("status: approved", "status: schváleno", 1), encoding="utf-8")
    done = run(["validate"], encoding, example_repo)
    assert done.returncode == 1, done.stderr.decode(encoding, "replace")
    assert b"Traceback" not in done.stderr
    text = done.stdout.decode(encoding, "replace")
    assert "KP104" in text
    if encoding == "cp1250":
        assert "schváleno" in text  # cp1250 can show Czech: nothing is lost


def test_output_piped_to_a_file(example_repo: Path, tmp_path: Path) -> None:
    out = tmp_path / "out.json"
    with out.open("wb") as handle:
        done = subprocess.run(
            [sys.executable, "-m", "kpss_cli", "validate", "--format", "json"],
            cwd=example_repo, stdout=handle, stderr=subprocess.PIPE, env={**os.environ, "LC_ALL": "C"},
        )
    assert done.returncode == 0
    assert out.read_bytes().startswith(b"{")
