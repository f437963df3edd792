"""The body of a big document written out as it is built, so the tree in memory stays small.

python-docx holds a document as one lxml tree: the 52,000 service cards of a national catalogue
are 270 MB of WordprocessingML and 4 GB of tree. The builder instead moves the finished part of
the body, every few hundred elements, into a temporary file as the XML text the whole tree would
have had (:meth:`BodyStream.write`), and removes it from the tree. At save python-docx writes
the package with a marker paragraph at the top of the body; ``builder.normalize_zip`` copies
the package entry by entry, with the main document's marker replaced by the streamed text, read in
pieces. The result is the same document.xml, byte for byte, as without streaming (a test
renders every document of the example both ways).

The temporary file has no name on Linux (``O_TMPFILE``; elsewhere it is unlinked at once), so no
exit, not even a killed process, leaves it behind; the builder closes it on every path.
"""

from __future__ import annotations

import tempfile
import uuid
import zipfile
from collections.abc import Iterable, Iterator
from typing import Any, BinaryIO

from lxml import etree

from kpss_cli.errors import KpssError
from kpss_cli.i18n import _

_PIECE = 1 << 20  # bytes copied at a time from the temporary file into the package
_BUFFER = 1 << 20  # bytes gathered before they are written to the temporary file


def _inner_xml(root: Any, tag: str, elements: Iterable[Any]) -> bytes:
    """The elements serialised as they are inside the document's body; they are gone afterwards.

    They are moved into a scratch element under the document's root, which declares the same
    namespaces as the body's ancestors, so lxml writes them with the same prefixes and no
    declarations of their own; the scratch element's start and end tags are cut off. ``elements``
    must not hold on to what it yields: the scratch element is freed at once when no Python
    object refers into it (lxml otherwise re-declares namespaces through the whole subtree,
    seconds for a few hundred service cards).
    """
    scratch = etree.SubElement(root, tag)
    try:
        for element in elements:
            scratch.append(element)
        element = None
        text: bytes = etree.tostring(scratch, encoding="UTF-8", xml_declaration=False)
    finally:
        scratch = element = None
        del root[-1]
    # libxml2 escapes ">" in attribute values, so the first one ends the start tag.
    return text[text.index(b">") + 1 : text.rindex(b"</")]


class BodyStream:
    """The finished part of a body, in a temporary file, in document order."""

    def __init__(self, root: Any, body: Any) -> None:
        self.root = root
        self.tag = body.tag
        self.file: BinaryIO | None = None
        self.size = 0
        self.inserts: list[tuple[int, bytes]] = []  # (offset in the file, text written there at save)
        self._buffer: list[bytes] = []  # written to the file a megabyte at a time
        self._buffered = 0

    def write(self, body: Any, count: int) -> None:
        """Serialise the first ``count`` elements of the body into the file; they leave the tree."""
        if count > 0:
            self._add(_inner_xml(self.root, self.tag, (body[0] for _ in range(count))))

    def write_text(self, text: str) -> None:
        """Body XML written as text (a table, as lxml would write it)."""
        self._add(text.encode("utf-8"))

    def _add(self, data: bytes) -> None:
        self._buffer.append(data)
        self._buffered += len(data)
        self.size += len(data)
        if self._buffered >= _BUFFER:
            self._write_buffer()

    def _write_buffer(self) -> None:
        data = b"".join(self._buffer)
        self._buffer.clear()
        self._buffered = 0
        try:
            if self.file is None:
                self.file = tempfile.TemporaryFile(prefix="kpss-body-")  # noqa: SIM115 (open until close())
            self.file.write(data)
        except OSError as exc:
            self.close()
            raise KpssError(
                _("cannot write the temporary file of the document ({folder}): {strerror}; nothing was written").format(
                    folder=tempfile.gettempdir(), strerror=exc.strerror or exc
                )
            ) from None

    @property
    def offset(self) -> int:
        """Where the next element will be in the streamed text."""
        return self.size

    def insert(self, offset: int, elements: Iterable[Any]) -> None:
        """Elements finished later that belong at ``offset`` (the table of contents)."""
        self.inserts.append((offset, _inner_xml(self.root, self.tag, elements)))

    def marker(self) -> tuple[Any, bytes]:
        """A paragraph to put where the streamed text goes, and its text in the saved part."""
        w = self.tag.rsplit("}", 1)[0] + "}"
        token = f"kpss-stream-{uuid.uuid4().hex}"

        def paragraph() -> Any:
            p = etree.Element(w + "p")
            etree.SubElement(etree.SubElement(p, w + "r"), w + "t").text = token
            return p

        return paragraph(), _inner_xml(self.root, self.tag, iter([paragraph()]))

    def pieces(self) -> Iterator[bytes]:
        """The streamed text with its inserts, a piece at a time."""
        if self._buffer:
            self._write_buffer()
        done = 0
        inserts = sorted(self.inserts, key=lambda item: item[0])
        if self.file is not None:
            self.file.seek(0)
        for at, text in [*inserts, (self.size, b"")]:
            while done < at:
                assert self.file is not None
                piece = self.file.read(min(_PIECE, at - done))
                if not piece:
                    raise KpssError(_("the temporary file of the document is shorter than written"))
                done += len(piece)
                yield piece
            if text:
                yield text

    @property
    def length(self) -> int:
        return self.size + sum(len(text) for _, text in self.inserts)

    def write_spliced(self, out: zipfile.ZipFile, info: zipfile.ZipInfo, payload: bytes, marker: bytes) -> None:
        """Write the package entry ``payload`` into ``out`` with its ``marker`` replaced by the
        streamed body (builder.normalize_zip copies every other entry as it is)."""
        at = payload.index(marker)
        head, tail = payload[:at], payload[at + len(marker) :]
        # The size known before writing, as writestr sets it: the same entry header (ZIP64 only
        # when the part needs it).
        info.file_size = len(head) + self.length + len(tail)
        with out.open(info, mode="w") as dest:
            dest.write(head)
            for piece in self.pieces():
                dest.write(piece)
            dest.write(tail)

    def close(self) -> None:
        self._buffer.clear()
        if self.file is not None:
            self.file.close()
            self.file = None
