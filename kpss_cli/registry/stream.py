"""Reading the registry file: a streaming JSON reader that yields one record at a time."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

from kpss_cli.errors import KpssError
from kpss_cli.findings import Finding
from kpss_cli.i18n import _


class ImportInvalid(KpssError):
    """The imported services.yaml would not validate; nothing was written."""

    def __init__(self, message: str, findings: list[Finding]) -> None:
        super().__init__(message)
        self.findings = findings



CHUNK = 1 << 20
_NOT_WS = re.compile(r"[^ \t\r\n]")


class _JsonStream:
    """Reads a JSON text piece by piece with the C decoder, refilling its buffer as needed."""

    def __init__(self, handle: IO[str], name: str) -> None:
        self.handle = handle
        self.name = name
        self.buf = ""
        self.pos = 0
        self.eof = False
        self.dropped_lines = 0
        self.carried = 0  # characters of the current line dropped with the consumed text
        self.decoder = json.JSONDecoder()

    def more(self, size: int | None = None) -> bool:
        """Read the next piece of the file; False at its end."""
        if self.eof:
            return False
        if self.pos:
            self.dropped_lines += self.buf.count("\n", 0, self.pos)
            newline = self.buf.rfind("\n", 0, self.pos)
            self.carried = self.pos - newline - 1 if newline >= 0 else self.carried + self.pos
            self.buf = self.buf[self.pos :]
            self.pos = 0
        chunk = self.handle.read(size or CHUNK)
        if not chunk:
            self.eof = True
            return False
        self.buf += chunk
        return True

    def peek(self) -> str:
        """The next character that is not white space ('' at the end of the file)."""
        while True:
            match = _NOT_WS.search(self.buf, self.pos)
            if match:
                self.pos = match.start()
                return self.buf[self.pos]
            self.pos = len(self.buf)
            if not self.more():
                return ""

    def expect(self, chars: str, what: str) -> str:
        """Consume one of ``chars`` or raise an error naming ``what`` was expected."""
        found = self.peek()
        if not found or found not in chars:
            message = (
                _("expected {what}, found {found}").format(what=what, found=repr(found))
                if found
                else _("expected {what}, but the file ends (is it cut short?)").format(what=what)
            )
            raise self.error(message, self.pos)
        self.pos += 1
        return found

    def value(self) -> Any:
        """The next JSON value, read whole (refilling the buffer until it is complete)."""
        self.peek()
        size = CHUNK
        while True:
            try:
                obj, end = self.decoder.raw_decode(self.buf, self.pos)
            except json.JSONDecodeError as exc:
                offset = exc.pos - self.pos  # reading more moves the buffer
                if self.more(size):
                    size *= 2  # a long value: read ever larger pieces, never quadratic
                    continue
                raise self.error(exc.msg, self.pos + offset) from None
            except RecursionError:
                raise self.error(_("the data is nested too deeply"), self.pos) from None
            if end == len(self.buf) and not isinstance(obj, (dict, list, str)) and self.more(size):
                continue  # a number or literal may go on in the next piece
            self.pos = end
            return obj

    def error(self, message: str, pos: int) -> KpssError:
        """A KpssError naming the line and column of ``pos``."""
        if self.eof and not self.buf[pos:].strip():
            return KpssError(
                _("{file} ends in the middle of the data: the file is cut short; download it again").format(
                    file=self.name
                )
            )
        line = self.dropped_lines + self.buf.count("\n", 0, pos) + 1
        newline = self.buf.rfind("\n", 0, pos)
        column = pos - newline if newline >= 0 else self.carried + pos + 1
        return KpssError(
            _("{file} is not valid JSON: {message} (line {line}, column {column})").format(
                file=self.name, message=message, line=line, column=column
            )
        )


def _shape_error(name: str, found: str) -> KpssError:
    return KpssError(
        _(
            "{file} does not look like the registry's open data (rpss.json): it should be a JSON object "
            '{{"polozky": [service, …]}}, but {found}'
        ).format(file=name, found=found)
    )


def iter_registry(path: Path) -> Iterator[Any]:
    """The items of the registry file's ``polozky`` list, one at a time (the file is streamed)."""
    name = path.name
    try:
        handle = path.open("r", encoding="utf-8-sig", newline="")
    except FileNotFoundError:
        raise KpssError(_("the registry file {file} does not exist").format(file=path)) from None
    except IsADirectoryError:
        raise KpssError(
            _("the registry file {file} is a folder; give the registry's JSON file (rpss.json)").format(file=path)
        ) from None
    except OSError as exc:
        raise KpssError(_("cannot read {file}: {reason}").format(file=path, reason=exc.strerror or exc)) from None
    with handle:
        stream = _JsonStream(handle, name)
        try:
            first = stream.peek()
            if first != "{":
                if not first:
                    raise _shape_error(name, _("the file is empty"))
                if first == "[":
                    raise _shape_error(name, _("it holds a list"))
                if first == "<":
                    raise _shape_error(name, _("it looks like a web page (HTML); download the JSON file itself"))
                raise _shape_error(name, _("it starts with {text}").format(text=repr(first)))
            stream.pos += 1
            found = False
            if stream.peek() == "}":
                stream.pos += 1
            else:
                while True:
                    key = stream.value()
                    if not isinstance(key, str):
                        raise stream.error(_("expected a key in double quotes"), stream.pos)
                    stream.expect(":", _("':' after a key"))
                    if key == "polozky":
                        found = True
                        if stream.peek() != "[":
                            value = stream.value()
                            kind = "null" if value is None else type(value).__name__
                            raise _shape_error(name, _("its 'polozky' is {kind}, not a list").format(kind=kind))
                        stream.pos += 1
                        if stream.peek() == "]":
                            stream.pos += 1
                        else:
                            while True:
                                yield stream.value()
                                if stream.expect(",]", _("',' or ']' in the list 'polozky'")) == "]":
                                    break
                    else:
                        stream.value()  # other top-level keys (metadata) are not needed
                    if stream.expect(",}", _("',' or '}'")) == "}":
                        break
            if not found:
                raise _shape_error(name, _("it has no list 'polozky'"))
            if stream.peek():
                raise stream.error(_("extra data after the end of the JSON object"), stream.pos)
        except UnicodeDecodeError:
            raise KpssError(
                _("{file} is not UTF-8 text; is it the JSON file itself (not a ZIP or gzip archive)?").format(file=name)
            ) from None
