"""The tools the PDF tests need: LibreOffice with its Python module uno, and poppler's pdftotext."""

from __future__ import annotations

import os
import shutil

import pytest

from kpss_cli import pdf as pdfmod


def require_pdf_tools() -> None:
    """Skip outside CI when a tool is missing; with CI set, a missing tool fails the test."""
    reason = pdfmod.available()
    if reason is None and shutil.which("pdftotext") is None:
        reason = "pdftotext (poppler-utils) is not installed"
    if reason:
        if os.environ.get("CI"):
            pytest.fail(f"CI must run the PDF tests: {reason}")
        pytest.skip(reason)
