"""``kpss render KIND -o FILE.pdf``: PDF/A-2b through LibreOffice with the contents list filled in
(page numbers), read back with pdftotext. Skipped only outside CI when LibreOffice, its Python
module uno or poppler is missing; with CI set a missing tool fails."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
from pdftools import require_pdf_tools

pytestmark = pytest.mark.slow


@pytest.fixture
def _tools() -> None:
    require_pdf_tools()


def pdftotext(path: Path, first: int | None = None, last: int | None = None) -> str:
    args = ["pdftotext", "-layout"]
    if first:
        args += ["-f", str(first), "-l", str(last or first)]
    return subprocess.run([*args, str(path), "-"], capture_output=True, text=True, check=True).stdout


def contents(path: Path) -> list[tuple[str, int]]:
    """The entries of the contents list: (title, page) from the dotted lines of the text."""
    text = pdftotext(path)
    start = text.index("Obsah")
    entries = []
    for line in text[start:].splitlines()[1:]:
        match = re.match(r"^\s*(.+?)\s*\.{3,}\s*(\d+)\s*$", line)
        if match:
            entries.append((match.group(1), int(match.group(2))))
        elif entries and not line.strip():
            continue
        elif entries and "\f" in line:
            break
    return entries


def assert_pdf_a(path: Path) -> None:
    data = path.read_bytes()
    assert data.startswith(b"%PDF")
    assert b"<pdfaid:part>2</pdfaid:part>" in data
    assert b"<pdfaid:conformance>B</pdfaid:conformance>" in data


@pytest.mark.usefixtures("_tools")
@pytest.mark.parametrize(
    ("args", "first_heading"),
    [
        (("plan", "2024-2027"), "1 Základní údaje o plánu"),
        (("action-plan", "2025"), None),
        (("report",), None),
        (("catalogue",), "1 Úvodem"),
    ],
)
def test_every_kind_as_pdf_with_page_numbers_in_the_contents(
    run_kpss, example_repo: Path, tmp_path: Path, args, first_heading
) -> None:
    out = tmp_path / "doc.pdf"
    result = run_kpss("render", *args, "-o", out, "--repo", example_repo)
    assert result.exit_code == 0, result.output
    assert "PDF/A-2b" in result.output
    assert not (tmp_path / "doc.docx").exists()  # -o FILE.pdf writes the PDF alone
    assert_pdf_a(out)
    entries = contents(out)
    assert len(entries) >= 3, pdftotext(out)[:3000]
    pages = [page for _, page in entries]
    assert pages == sorted(pages), entries  # page numbers in reading order
    assert pages[0] >= 2  # after the title page and the contents
    title, page = entries[0]
    if first_heading:
        assert title.replace("\u00a0", " ").startswith(first_heading), entries[:3]
    # the page the contents names holds that heading
    assert title.split(" ", 1)[1][:20] in pdftotext(out, page).replace("\u00a0", " ")


@pytest.mark.usefixtures("_tools")
def test_pdf_beside_the_docx(run_kpss, example_repo: Path, tmp_path: Path) -> None:
    out = tmp_path / "katalog.docx"
    result = run_kpss("render", "catalogue", "-o", out, "--pdf", "--repo", example_repo)
    assert result.exit_code == 0, result.output
    assert out.exists() and (tmp_path / "katalog.pdf").exists()
    assert_pdf_a(tmp_path / "katalog.pdf")


def test_without_libreoffice_exit_2_with_how_to_install(
    run_kpss, example_repo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("KPSS_SOFFICE", str(tmp_path / "no-soffice"))
    out = tmp_path / "plan.pdf"
    result = run_kpss("render", "plan", "-o", out, "--repo", example_repo)
    assert result.exit_code == 2
    assert "apt-get install libreoffice-writer python3-uno" in result.output
    assert "Traceback" not in result.output
    assert not out.exists()


def test_without_libreoffice_the_czech_message_says_how_to_install(
    run_kpss, example_repo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("KPSS_SOFFICE", str(tmp_path / "no-soffice"))
    out = tmp_path / "plan.pdf"
    result = run_kpss("--lang", "cs", "render", "plan", "-o", out, "--repo", example_repo)
    assert result.exit_code == 2
    assert "LibreOffice (soffice) nebyl nalezen" in result.output
    assert "pro zápis PDF nainstalujte LibreOffice" in result.output
    assert "apt-get install libreoffice-writer python3-uno" in result.output
    assert not out.exists()


def test_render_messages_in_czech(run_kpss, example_repo: Path, tmp_path: Path) -> None:
    result = run_kpss("--lang", "cs", "render", "action-plan", "1999", "-o", tmp_path / "a.docx", "--repo", example_repo)
    assert result.exit_code == 2
    assert "rok 1999 nepatří do žádného plánu" in result.output
    result = run_kpss("--lang", "cs", "render", "catalogue", "-o", tmp_path / "k.docx", "--repo", example_repo)
    assert result.exit_code == 0, result.output
    assert "zapsáno" in result.output and "Katalog sociálních služeb" in result.output
    (tmp_path / "full").mkdir()
    (tmp_path / "full" / "mine.txt").write_text("x", encoding="utf-8")
    result = run_kpss("--lang", "cs", "render", "site", "-o", tmp_path / "full", "--repo", example_repo)
    assert result.exit_code == 2
    assert "není prázdná a nezapsal ji kpss render site" in result.output
