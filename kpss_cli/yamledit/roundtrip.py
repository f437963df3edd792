"""Round-trip YAML edits that keep the user's file as written, and atomic writes.

ruamel.yaml in round-trip mode keeps comments, key order, quoting and flow style. Measured
on real plan files: with ``preserve_quotes``, a wide line width and the file's own indentation it gives
the file back byte-identical; it drops a BOM and mixes line endings on CRLF input, so the BOM
and CRLF are taken off before loading and put back after dumping.
"""

from __future__ import annotations

import contextlib
import glob
import io
import os
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kpss_cli.errors import KpssError
from kpss_cli.i18n import _

_KEY_LINE = re.compile(r"^( *)[^\s#-][^#]*:\s*(#.*)?$")
_DASH_LINE = re.compile(r"^( *)- ")
_CONTENT_LINE = re.compile(r"^( *)[^\s#]")


@dataclass(frozen=True)
class FileStyle:
    """How a file was written: byte-order mark, line endings, indentation."""

    bom: bool = False
    crlf: bool = False
    mapping: int = 2
    sequence: int = 4
    offset: int = 2
    final_newline: bool = True


def detect_style(text: str) -> FileStyle:
    """The BOM, line endings and indentation of YAML text (defaults: 2, 4, 2)."""
    bom = text.startswith("\ufeff")
    if bom:
        text = text[1:]
    crlf = "\r\n" in text
    lines = text.replace("\r\n", "\n").split("\n")
    mapping = sequence = offset = None
    for i, line in enumerate(lines[:-1]):
        key = _KEY_LINE.match(line)
        if not key:
            continue
        parent = len(key.group(1))
        following = next((n for n in lines[i + 1 :] if n.strip() and not n.lstrip().startswith("#")), "")
        dash = _DASH_LINE.match(following)
        if dash and offset is None:
            off = len(dash.group(1)) - parent
            if off >= 0:
                offset, sequence = off, off + 2
        elif not dash and mapping is None:
            content = _CONTENT_LINE.match(following)
            if content and len(content.group(1)) > parent:
                mapping = len(content.group(1)) - parent
        if mapping is not None and offset is not None:
            break
    return FileStyle(
        bom=bom,
        crlf=crlf,
        mapping=mapping or 2,
        sequence=sequence if sequence is not None else 4,
        offset=offset if offset is not None else 2,
        final_newline=text.endswith("\n") or not text,
    )


def _yaml(style: FileStyle) -> Any:
    from ruamel.yaml import YAML

    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    yaml.width = 4096
    yaml.indent(mapping=style.mapping, sequence=max(style.sequence, style.offset + 2), offset=style.offset)
    yaml.allow_duplicate_keys = False
    return yaml


def load_roundtrip(text: str) -> tuple[Any, FileStyle]:
    """Round-trip data (CommentedMap …) of YAML text, and the text's style."""
    from ruamel.yaml.error import YAMLError

    style = detect_style(text)
    body = text[1:] if style.bom else text
    body = body.replace("\r\n", "\n")
    try:
        data = _yaml(style).load(body)
    except YAMLError as exc:
        raise KpssError(_("cannot read the YAML for rewriting: {reason}").format(reason=exc)) from None
    return data, style


def dump_roundtrip(data: Any, style: FileStyle = FileStyle()) -> str:
    """YAML text of round-trip data, with the BOM and line endings of ``style``."""
    stream = io.StringIO()
    _yaml(style).dump(data, stream)
    text = stream.getvalue()
    if not style.final_newline and text.endswith("\n"):
        text = text[:-1]
    if style.crlf:
        text = text.replace("\n", "\r\n")
    if style.bom:
        text = "\ufeff" + text
    return text


def read_roundtrip(path: Path) -> tuple[Any, FileStyle]:
    """Load a file for rewriting."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise KpssError(_("cannot read {file}: {reason}").format(file=path, reason=exc.strerror or exc)) from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise KpssError(_("{file} is not UTF-8; run `kpss validate` for details").format(file=path)) from None
    return load_roundtrip(text)


TMP_SUFFIX = ".kpss-tmp"
TMP_PATTERN = ".*" + TMP_SUFFIX  # for .gitignore: .NAME.PID-XXXX.kpss-tmp
_STALE_AFTER = 3600.0  # seconds: a temporary file this old is stale even if its pid lives


def clean_stale_temporaries(path: Path) -> list[Path]:
    """Remove the temporary files an interrupted write of ``path`` left (a SIGKILL, a power cut).

    A temporary file names the process that made it (``.NAME.PID-XXXX.kpss-tmp``); it is stale
    when that process is gone, or when it is older than an hour (another machine's, or an old
    name without a pid). The live temporary file of a concurrent run is left alone.
    """
    import time

    removed: list[Path] = []
    try:
        candidates = list(path.parent.glob(f".{glob.escape(path.name)}.*{TMP_SUFFIX}"))
    except OSError:
        return removed
    now = time.time()
    for tmp in candidates:
        middle = tmp.name[len(path.name) + 2 : -len(TMP_SUFFIX)]
        pid_text = middle.split("-", 1)[0]
        try:
            old = now - tmp.lstat().st_mtime > _STALE_AFTER
        except OSError:
            continue
        if not (old or (pid_text.isdigit() and not _alive(int(pid_text)))):
            continue
        with contextlib.suppress(OSError):
            tmp.unlink()
            removed.append(tmp)
    return removed


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OSError):
        return True  # exists (another user's), or cannot tell: leave its file alone
    return True


def atomic_write(path: Path, content: str | bytes, *, exclusive: bool = False) -> None:
    """Write a file so that a crash leaves either the old file or the new one, never half of it.

    The content goes to a temporary file in the same folder (same file system), is flushed to
    disk, then renamed over the target; the temporary file is removed on any failure, and the
    ones an earlier, killed run left behind are removed first. With ``exclusive`` the target
    must not exist: it is created with a hard link, which fails when another process created it
    first (two ``kpss rollover 2027`` at once: exactly one wins, FileExistsError for the other).
    """
    data = content.encode("utf-8") if isinstance(content, str) else content
    folder = path.parent
    folder.mkdir(parents=True, exist_ok=True)
    clean_stale_temporaries(path)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.{os.getpid()}-", suffix=TMP_SUFFIX, dir=folder)
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        # mkstemp creates 0600; the file should get the mode a plain write would give it
        # (the old file's, else 0666 less the umask), so a web server or colleague can read it.
        try:
            mode = path.stat().st_mode & 0o777 if path.exists() else 0o666 & ~_umask()
            os.chmod(tmp, mode)
        except OSError:
            pass
        if exclusive:
            _link_exclusive(tmp, path)
        else:
            os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise


def _link_exclusive(tmp: Path, path: Path) -> None:
    """Give the finished temporary file the name ``path`` only if no file has it (atomic)."""
    try:
        os.link(tmp, path)
    except FileExistsError:
        raise
    except OSError:
        # No hard links here (some network or FAT file systems): claim the name with O_EXCL,
        # then move the content over it.
        os.close(os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o666))
        os.replace(tmp, path)
        return
    tmp.unlink()


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current
