"""Every rendered document converts to PDF with LibreOffice (skipped where it is absent)."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from kpss_cli.render import render
from kpss_cli.validate import require_valid, validate_repository

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "zidlochovicko"
KINDS = {
    "plan": ("plan", "2024-2027", {}),
    "action-plan": ("action-plan", "2025", {}),
    "report": ("report", None, {}),
    "catalogue": ("catalogue", None, {}),
    "plan-en": ("plan", "2020-2023", {"lang": "en", "with_members": True}),
    "consultation": ("consultation", "2024-2027", {"with_members": True}),
}

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed"),
]


@pytest.fixture(scope="module")
def converted(
    tmp_path_factory: pytest.TempPathFactory,
) -> tuple[Path, subprocess.CompletedProcess[str]]:
    """Render every kind and convert them all in one LibreOffice run (start-up is slow)."""
    import datetime as dt

    folder = tmp_path_factory.mktemp("libreoffice")
    validation = validate_repository(EXAMPLE, on=dt.date(2026, 11, 23))
    repository = require_valid(validation)
    files = []
    for name, (kind, ident, extra) in KINDS.items():
        result = render(kind, repository, ident, on=dt.date(2026, 11, 23), **extra)
        path = folder / f"{name}.docx"
        path.write_bytes(result.content)
        files.append(str(path))
    # A profile of its own: other LibreOffice processes on the machine do not interfere.
    profile = (folder / "profile").as_uri()
    done = subprocess.run(
        [
            SOFFICE,
            f"-env:UserInstallation={profile}",
            "--headless",
            "--norestore",
            "--convert-to",
            "pdf",
            "--outdir",
            str(folder),
            *files,
        ],
        capture_output=True,
        text=True,
        timeout=600,
        env={**os.environ, "HOME": str(folder)},
    )
    return folder, done


@pytest.mark.parametrize("name", list(KINDS))
def test_libreoffice_converts_the_document(converted, name: str) -> None:
    folder, done = converted
    assert done.returncode == 0, done.stderr
    pdf = folder / f"{name}.pdf"
    assert pdf.exists(), f"LibreOffice did not convert {name}.docx:\n{done.stdout}\n{done.stderr}"
    assert "Error" not in done.stderr, done.stderr
    data = pdf.read_bytes()
    assert data.startswith(b"%PDF")
    pdfinfo = shutil.which("pdfinfo")
    if pdfinfo:
        info = subprocess.run(
            [pdfinfo, str(pdf)], capture_output=True, text=True, check=True
        ).stdout
        pages = int(
            next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:"))
        )
        assert pages >= 3  # cover, contents and at least one page of content
