"""A streamed body (kpss_cli/render/stream.py) gives the same document, and leaves no file behind.

The builder moves the finished part of the body into a temporary file every few hundred
elements, so a catalogue of 52,000 services is not one tree of 4 GB. ``FLUSH_EVERY = None``
keeps the whole body in the tree, as before; ``1`` streams after every element, the hardest
case (the table of contents' place is streamed before its entries exist).
"""

from __future__ import annotations

import errno
import io
import os
import tempfile
import zipfile
from pathlib import Path

import docx
import pytest

from kpss_cli.render import builder

DOCUMENTS = [
    ("plan", "2024-2027"),
    ("action-plan", "2025"),
    ("report", "2020-2023"),
    ("catalogue",),
    ("network", "2025"),
    ("consultation", "2024-2027"),
]


def _render(run_kpss, monkeypatch, repo: Path, out: Path, flush: int | None, *args: object) -> bytes:
    monkeypatch.setattr(builder, "FLUSH_EVERY", flush)
    result = run_kpss("render", *args, "-o", out, "--repo", repo)
    assert result.exit_code == 0, result.output
    return out.read_bytes()


def _part(package: bytes, name: str = "word/document.xml") -> bytes:
    with zipfile.ZipFile(io.BytesIO(package)) as archive:
        return archive.read(name)


@pytest.mark.parametrize("args", DOCUMENTS, ids=[a[0] for a in DOCUMENTS])
def test_streamed_document_is_byte_for_byte_the_one_built_in_memory(
    run_kpss, monkeypatch, example_repo: Path, tmp_path: Path, args
) -> None:
    whole = _render(run_kpss, monkeypatch, example_repo, tmp_path / "whole.docx", None, *args)
    for flush in (1, 3, 256):
        streamed = _render(run_kpss, monkeypatch, example_repo, tmp_path / f"s{flush}.docx", flush, *args)
        assert _part(streamed) == _part(whole), flush
        assert streamed == whole, flush  # the whole package too: every part, the same deflate
    assert b"kpss-stream-" not in _part(whole)


def test_streamed_catalogue_reads_back_with_its_contents_and_cards(
    run_kpss, monkeypatch, example_repo: Path, tmp_path: Path
) -> None:
    _render(run_kpss, monkeypatch, example_repo, tmp_path / "c.docx", 1, "catalogue")
    document = docx.Document(str(tmp_path / "c.docx"))
    body = [p.text for p in document.paragraphs]
    # The contents come right after their heading, before chapter 1, though streamed before
    # they were written.
    toc = body.index("Obsah")
    assert body[toc + 1].startswith("1\u2002Úvodem")
    assert body.index("1\u2002Úvodem", toc + 2) > toc + 1
    assert sum(1 for p in body if p.startswith("kpss-stream-")) == 0
    cards = [t for t in document.tables if t.rows[0].cells[0].text == "Co služba nabízí"]
    assert len(cards) == 22  # each of the 22 services of the example's services.yaml has its card


def test_streamed_with_a_word_template_of_many_namespaces(
    run_kpss, monkeypatch, example_repo: Path, tmp_path: Path
) -> None:
    """python-docx's own default document declares the namespaces Word writes (wpc, mc, w14…)."""
    template = tmp_path / "word.docx"
    docx.Document().save(str(template))
    outputs = []
    for flush in (None, 1):
        out = tmp_path / f"{flush}.docx"
        _render(run_kpss, monkeypatch, example_repo, out, flush, "catalogue", "--template", template)
        outputs.append(_part(out.read_bytes()))
    assert outputs[0] == outputs[1]
    assert b'xmlns:wpc="' in outputs[0][:2000]


def _open_files_in(folder: Path) -> list[str]:
    """The files of this process that are open inside ``folder`` (Linux: /proc/self/fd)."""
    fds = Path("/proc/self/fd")
    if not fds.is_dir():
        pytest.skip("needs /proc/self/fd")
    found = []
    for fd in fds.iterdir():
        try:
            target = os.readlink(fd)
        except OSError:
            continue
        if target.startswith(str(folder)):
            found.append(target)
    return found


@pytest.fixture
def temp_folder(monkeypatch, tmp_path: Path) -> Path:
    """The system's temporary folder, here; the body goes to the file at every flush (it is
    written a megabyte at a time, so the example's would go only at save)."""
    from kpss_cli.render import stream

    folder = tmp_path / "tmp"
    folder.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    monkeypatch.setattr(stream, "_BUFFER", 1)
    return folder


def test_the_temporary_file_is_gone_after_the_document_is_written(
    run_kpss, monkeypatch, example_repo: Path, tmp_path: Path, temp_folder: Path
) -> None:
    out = tmp_path / "out" / "c.docx"
    out.parent.mkdir()
    _render(run_kpss, monkeypatch, example_repo, out, 1, "catalogue")
    assert list(temp_folder.iterdir()) == []
    assert _open_files_in(temp_folder) == []
    assert sorted(p.name for p in out.parent.iterdir()) == ["c.docx"]


_TEMPORARY_FILE = tempfile.TemporaryFile


class _FullDisk:
    """A temporary file on a disk that fills up after some writes."""

    opened: list[_FullDisk] = []

    def __init__(self, *args: object, **kwargs: object) -> None:
        self.real = _TEMPORARY_FILE()
        self.writes = 0
        self.closed = False
        _FullDisk.opened.append(self)

    full_after = 0

    def write(self, data: bytes) -> int:
        self.writes += 1
        if self.writes > self.full_after:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        return self.real.write(data)

    def close(self) -> None:
        self.closed = True
        self.real.close()


@pytest.mark.parametrize(
    ("lang", "says"),
    [
        ("en", ["cannot write the temporary file of the document", "nothing was written"]),
        ("cs", ["nelze zapsat dočasný soubor dokumentu", "nic nebylo zapsáno"]),
    ],
)
def test_a_full_disk_while_streaming_is_a_clear_error_and_leaves_nothing(
    run_kpss, monkeypatch, example_repo: Path, tmp_path: Path, temp_folder: Path, lang: str, says: list[str]
) -> None:
    out = tmp_path / "out" / "c.docx"
    out.parent.mkdir()
    out.write_bytes(b"the catalogue of last year")
    monkeypatch.setattr(builder, "FLUSH_EVERY", 1)
    _FullDisk.opened = []
    monkeypatch.setattr("kpss_cli.render.stream.tempfile.TemporaryFile", _FullDisk)
    result = run_kpss("render", "catalogue", "-o", out, "--repo", example_repo, "--lang", lang)
    assert result.exit_code == 2, result.output
    assert all(text in result.stderr for text in says), result.stderr
    assert "No space left on device" in result.stderr  # the system's reason
    assert "Traceback" not in result.output
    assert out.read_bytes() == b"the catalogue of last year"  # the old file, untouched
    assert sorted(p.name for p in out.parent.iterdir()) == ["c.docx"]
    assert [f.closed for f in _FullDisk.opened] == [True]
    assert list(temp_folder.iterdir()) == [] and _open_files_in(temp_folder) == []


def test_a_failure_after_streaming_began_closes_the_temporary_file(
    run_kpss, monkeypatch, example_repo: Path, tmp_path: Path, temp_folder: Path
) -> None:
    from kpss_cli.errors import KpssError
    from kpss_cli.render import catalogue

    def broken(*args: object) -> None:
        raise KpssError("the providers could not be listed")

    monkeypatch.setattr(builder, "FLUSH_EVERY", 1)
    monkeypatch.setattr(catalogue, "_providers", broken)
    _FullDisk.opened = []
    monkeypatch.setattr(_FullDisk, "full_after", 10**9)
    monkeypatch.setattr("kpss_cli.render.stream.tempfile.TemporaryFile", _FullDisk)
    out = tmp_path / "c.docx"
    result = run_kpss("render", "catalogue", "-o", out, "--repo", example_repo)
    assert result.exit_code == 2, result.output
    assert "the providers could not be listed" in result.stderr
    assert not out.exists()
    assert [f.closed for f in _FullDisk.opened] == [True]  # closed by the builder, not left to the collector
    assert list(temp_folder.iterdir()) == [] and _open_files_in(temp_folder) == []


def test_hostile_text_streams_as_lxml_writes_it(run_kpss, monkeypatch, example_repo: Path, tmp_path: Path) -> None:
    """Tables go to the stream as the text they are built as, never parsed: for every character
    XML escapes or the builder changes, that text must be what lxml writes for the parsed table."""
    services = example_repo / "services.yaml"
    text = services.read_text(encoding="utf-8")
    hostile = (
        r'"A & B < C > D \"uvozovky\" apostrof ]]> &amp; \t tab\nřádek\r\nCRLF 🙂 \u00a0nbsp  dvě  '
        r'\U0001F600 konec "'
    )
    text = text.replace(
        'description: "Pomáhá lidem, kteří kvůli věku nebo nemoci nezvládnou sami péči o sebe a domácnost: '
        "osobní hygiena, podání jídla, nákupy, úklid, doprovody k lékaři. Dovoz obědů do všech obcí "
        'Židlochovicka."',
        f"description: {hostile}",
    )
    text = text.replace('hours: "Po–Pá 7:00–19:00, So–Ne 8:00–16:00"', f"hours: {hostile}")
    text = text.replace(
        "\n      email: pecovatelska@zidlochovice.cz",
        "\n      web: https://www.example.cz/a?b=1&c=2\n      email: x@y.cz",
    )
    assert text.count("uvozovky") == 2
    services.write_text(text, encoding="utf-8")
    parts = []
    for flush in (None, 1):
        out = tmp_path / f"{flush}.docx"
        _render(run_kpss, monkeypatch, example_repo, out, flush, "catalogue")
        parts.append(_part(out.read_bytes()))
    assert parts[0] == parts[1]
    card = next(t for t in docx.Document(str(tmp_path / "1.docx")).tables if "uvozovky" in t.rows[0].cells[1].text)
    shown = card.rows[0].cells[1].text
    assert 'A\u00a0& B < C > D "uvozovky" apostrof ]]> &amp;' in shown and "🙂" in shown and "😀" in shown
