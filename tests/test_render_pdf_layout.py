"""The pages of the example's PDFs as a reader sees them: no page ends with a heading, no number or
word of a table is broken across lines. Rendered through the render's PDF path (LibreOffice) and
read back with pdftotext, page by page. Skipped only outside CI when a tool is missing."""

from __future__ import annotations

import datetime as dt
import re
import subprocess
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn
from pdftools import require_pdf_tools

from kpss_cli import pdf as pdfmod
from kpss_cli.render import render
from kpss_cli.validate import require_valid, validate_repository

pytestmark = pytest.mark.slow

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "zidlochovicko"
ON = dt.date(2026, 11, 23)
KINDS = {
    "plan": ("plan", "2024-2027"),
    "catalogue": ("catalogue", None),
    "report": ("report", None),
    "action-plan": ("action-plan", "2025"),
}
NBSP = "\u00a0"
FOOTER = re.compile(r"strana \d+ z \d+\s*$")


@pytest.fixture(scope="module")
def documents(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Path, Path]]:
    """Each kind as DOCX and as PDF (the PDF made from those DOCX bytes)."""
    require_pdf_tools()
    folder = tmp_path_factory.mktemp("pdf-layout")
    repository = require_valid(validate_repository(EXAMPLE, on=ON))
    out = {}
    for name, (kind, ident) in KINDS.items():
        content = render(kind, repository, ident, on=ON).content
        (folder / f"{name}.docx").write_bytes(content)
        (folder / f"{name}.pdf").write_bytes(pdfmod.docx_to_pdf(content))
        out[name] = (folder / f"{name}.docx", folder / f"{name}.pdf")
    return out


def pages(pdf: Path) -> list[str]:
    """The text of every page (pdftotext -layout; pages are separated by form feeds)."""
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    return text.replace(NBSP, " ").split("\f")[:-1]


def body_lines(page: str) -> list[str]:
    """The lines of a page above its footer ("… strana 3 z 9"), empty lines left out."""
    lines = [line for line in page.splitlines() if line.strip()]
    if lines and FOOTER.search(lines[-1]):
        lines.pop()
    return lines


def words(text: str) -> list[str]:
    return text.replace(NBSP, " ").split()


@pytest.mark.parametrize("name", list(KINDS))
def test_no_page_ends_with_a_heading(documents, name: str) -> None:
    docx_path, pdf_path = documents[name]
    document = docx.Document(str(docx_path))
    headings = {
        " ".join(words(p.text))
        for p in document.paragraphs
        if p.style.name.startswith("Heading") and p.text.strip()
    }
    assert headings
    every = pages(pdf_path)
    assert len(every) >= 3
    for number, page in enumerate(every, start=1):
        lines = body_lines(page)
        if not lines:
            continue
        # A heading stands at the left margin (table text is indented by the cell margin); a
        # heading of two lines is found by the last two lines together.
        tail = [line for line in lines[-2:] if not line.startswith(" ")]
        for n in (1, 2):
            if len(tail) >= n:
                ending = " ".join(words(" ".join(tail[-n:])))
                assert ending not in headings, f"{name}: page {number} ends with the heading {ending!r}"


# A number (digits with their no-break spaces, decimal comma, %, Kč) or a word of letters: what a
# line must never break inside. Words with a hyphen or a slash may break there and are left out.
TOKEN = re.compile(r"^(?:[\d][\d\u00a0,.]*(?:\u00a0(?:%|Kč))?|[^\W\d_]{2,})$")


def paragraph_text(p) -> str:
    """A paragraph's text, a line break or tab as a space."""
    return "".join(
        (e.text or "") if e.tag == qn("w:t") else " "
        for e in p.iter(qn("w:t"), qn("w:br"), qn("w:tab"))
    )


def table_tokens(docx_path: Path) -> set[str]:
    body = docx.Document(str(docx_path)).element.body
    found = set()
    for tc in body.iter(qn("w:tc")):
        for p in tc.iter(qn("w:p")):
            for part in paragraph_text(p).split(" "):
                part = part.strip("()„“;:,.")
                if TOKEN.match(part) and (any(c.isdigit() for c in part) or len(part) >= 4):
                    found.add(part)
    return found


def count(token: str, text: str) -> int:
    # pdftotext drops the space of "0 %" in a narrow right-aligned cell: spaces are optional.
    pattern = r"(?<![\w,])" + r" *".join(re.escape(p) for p in token.split(NBSP)) + r"(?![\w,])"
    return len(re.findall(pattern, text))


@pytest.mark.parametrize("name", ["report", "action-plan", "plan"])
def test_no_number_or_word_of_a_table_is_broken_across_lines(documents, name: str) -> None:
    docx_path, pdf_path = documents[name]
    body = docx.Document(str(docx_path)).element.body
    written = "\n".join(paragraph_text(p).replace(NBSP, " ") for p in body.iter(qn("w:p")))
    printed = "\n".join(pages(pdf_path))
    tokens = table_tokens(docx_path)
    # The statuses, the column headings and the millions of the budgets are among them.
    if name != "plan":
        assert {"splněno", "nesplněno", "Naplnění"} <= tokens
    if name == "plan":
        assert {f"120{NBSP}860{NBSP}000", f"462{NBSP}940{NBSP}000"} <= tokens
    broken = sorted(
        token for token in tokens if count(token, printed) < count(token, written.replace(NBSP, " "))
    )
    # A token broken at the end of a cell's line is missing from the printed text: "splněn" / "o".
    assert not broken, f"{name}: broken across lines in the PDF: {broken}"


def test_status_column_of_the_report_fits_its_words(documents) -> None:
    # The priorities table of the report: every heading word of the status columns whole.
    _, pdf_path = documents["report"]
    printed = "\n".join(pages(pdf_path))
    for word in ("splněno", "nesplněno", "opatření", "Naplnění"):
        assert re.search(rf"(?<!\w){word}(?!\w)", printed), word
    assert not re.search(r"(?m)\bsplněn\s*$", printed)
