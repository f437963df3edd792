"""Atomic writes: the right file mode, no temporary files left, the old file kept on failure."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from kpss_cli.yamledit import atomic_write, dump_roundtrip, load_roundtrip


@pytest.mark.skipif(os.name == "nt", reason="POSIX file modes")
def test_new_file_gets_the_umask_mode(tmp_path: Path) -> None:
    old = os.umask(0o022)
    try:
        atomic_write(tmp_path / "a.yaml", "a: 1\n")
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "a.yaml").stat().st_mode) == 0o644


@pytest.mark.skipif(os.name == "nt", reason="POSIX file modes")
def test_existing_file_keeps_its_mode(tmp_path: Path) -> None:
    target = tmp_path / "a.yaml"
    target.write_text("a: 0\n")
    target.chmod(0o640)
    atomic_write(target, "a: 1\n")
    assert stat.S_IMODE(target.stat().st_mode) == 0o640
    assert target.read_text() == "a: 1\n"


def test_failure_keeps_the_old_file_and_leaves_no_temporary(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "a.yaml"
    target.write_text("a: 0\n")

    def broken(src: str, dst: str) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", broken)
    with pytest.raises(OSError):
        atomic_write(target, "a: 1\n")
    assert target.read_text() == "a: 0\n"
    assert [p.name for p in tmp_path.iterdir()] == ["a.yaml"]


@pytest.mark.parametrize("newline,bom", [("\n", ""), ("\r\n", ""), ("\n", "\ufeff"), ("\r\n", "\ufeff")])
def test_round_trip_is_byte_identical(newline: str, bom: str) -> None:
    text = bom + newline.join([
        "# Akční plán 2025", "plan: \"2024-2027\"", "year: 2025", "items:",
        "  - measure: '1.1'  # pečovatelská služba", "    budget: {mpsv: 100, obce: 50}", "",
    ])
    data, style = load_roundtrip(text)
    assert dump_roundtrip(data, style) == text
