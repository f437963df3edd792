"""A cache of the validated model for the reports that read the whole catalogue.

``report network`` and ``report grants`` need services.yaml; a national catalogue is several MB
of YAML, and parsing it alone (libyaml's events, before any check) costs more than the report's
1 s budget. So the model of a valid set of files is kept in the user's cache folder, keyed by
the bytes of every file read, the date of the check, the files deliberately left unread and
the code of kpss itself: any change to any of them is a different key, and the repository is
read and validated in full again (docs/network.md, "Speed"). Only a valid result is kept; an
invalid repository is refused exactly as without the cache, every time.

The folder: ``KPSS_CACHE_DIR``, else ``$XDG_CACHE_HOME/kpss`` (``~/.cache/kpss``;
``%LOCALAPPDATA%\\kpss\\cache`` on Windows, ``~/Library/Caches/kpss`` on macOS).
``KPSS_CACHE=off`` turns the cache off. The entries are pickles (the services, the bulk of a
national model, packed as rows with ``marshal``: see _pack); they are read only from a
folder the user owns that nobody else may write to, never from the repository. Writing is
atomic (a temporary file renamed), a failure to write is silent (the cache only saves time),
and an unreadable or stale entry is simply recomputed. At most MAX_ENTRIES entries are kept.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import functools
import hashlib
import marshal
import operator
import os
import pickle
import stat
import sys
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path

from kpss_cli.errors import KpssError
from kpss_cli.model import NetworkEntry, Repository, Service

FORMAT = 2  # bump when the layout of an entry changes
MAX_ENTRIES = 8
SUFFIX = ".model.pickle"


def cache_dir() -> Path | None:
    """The cache folder, or None when the cache is off."""
    if os.environ.get("KPSS_CACHE", "").strip().lower() in ("off", "0", "no", "false"):
        return None
    chosen = os.environ.get("KPSS_CACHE_DIR", "").strip()
    if chosen:
        return Path(chosen)
    if sys.platform == "win32":
        base = os.environ.get("LOCALAPPDATA")
        return Path(base) / "kpss" / "cache" if base else None
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Caches" / "kpss"
    xdg = os.environ.get("XDG_CACHE_HOME", "").strip()
    return (Path(xdg) if xdg else Path.home() / ".cache") / "kpss"


def code_fingerprint() -> str:
    """Names, sizes and modification times of kpss's own modules and of the JSON schemas it checks
    with (packaged beside the modules, or schemas/ of a source checkout): new code, new keys."""
    package = Path(__file__).resolve().parent
    digest = hashlib.sha256(f"{FORMAT} {sys.version}".encode())
    schemas = [*(package / "schemas").glob("*.json"), *(package.parent / "schemas").glob("*.json")]
    for path in sorted([*package.rglob("*.py"), *schemas]):
        try:
            st = path.stat()
        except OSError:
            continue
        digest.update(f"{path} {st.st_size} {st.st_mtime_ns}\n".encode())
    return digest.hexdigest()


def key(files: dict[str, bytes], unread: Iterable[str], on: dt.date, extra: str = "") -> str:
    """The key of a set of files read (path -> bytes) and the circumstances of the check."""
    digest = hashlib.sha256(code_fingerprint().encode())
    digest.update(f"\0on {on.isoformat()}\0{extra}\0".encode())
    for path in sorted(files):
        digest.update(f"\0read {path} {len(files[path])} ".encode())
        digest.update(hashlib.sha256(files[path]).digest())
    for path in sorted(set(unread)):
        digest.update(f"\0unread {path}".encode())
    return digest.hexdigest()


def _private(folder: Path) -> bool:
    """The folder is ours and nobody else may write to it (POSIX); on Windows: it exists."""
    try:
        st = folder.stat()
    except OSError:
        return False
    if not stat.S_ISDIR(st.st_mode):
        return False
    if os.name != "posix":
        return True
    return st.st_uid == os.getuid() and not st.st_mode & (stat.S_IWGRP | stat.S_IWOTH)


# -- the services as rows ------------------------------------------------------------------------
# A national model holds some 7,000 services with 30,000 network entries; pickle writes each of
# them as an object with a dict of its fields (80 ms of the 90 ms of pickling the national bench's
# model, a seventh of a cold report). As rows of plain values (the fields in order; the entries
# as plain tuples) ``marshal`` writes them in a third of that, and they are read back faster than
# pickle reads the objects. The rest of the model (plans, providers, grants: small) stays
# pickled. A value marshal cannot write (a type other than the built-in ones) keeps the whole
# model a plain pickle. (Version 2 of marshal: without its references, which cost more to write
# than they save here; the entry is Python's own, and the key holds Python's version.)

_SERVICE_FIELDS = tuple(f.name for f in dataclasses.fields(Service))
assert _SERVICE_FIELDS[-1] == "network_entries", "the rows give the other fields in order, the entries apart"
_service_row = operator.attrgetter(*_SERVICE_FIELDS[:-1])
_MARSHAL_VERSION = 2


def _pack(repository: Repository) -> tuple[str, Repository, bytes]:
    """(layout, the model without its services, the services as marshalled rows)."""
    rows = [(_service_row(s), list(map(tuple, s.network_entries))) for s in repository.services]
    try:
        packed = marshal.dumps(rows, _MARSHAL_VERSION)
    except ValueError:  # a value of a type marshal does not know: the model as it is
        return ("pickle", repository, b"")
    return ("rows", dataclasses.replace(repository, services=[]), packed)


def _unpack(stored: object) -> Repository | None:
    """The model of what _pack gave, or None for anything else."""
    if not (isinstance(stored, tuple) and len(stored) == 3 and isinstance(stored[1], Repository)):
        return None
    layout, repository, packed = stored
    if layout == "pickle":
        return repository
    if layout != "rows" or not isinstance(packed, bytes):
        return None
    entry = functools.partial(tuple.__new__, NetworkEntry)  # NetworkEntry(*fields), in C
    services = []
    for fields, entries in marshal.loads(packed):
        service = Service(*fields)
        service.network_entries = list(map(entry, entries))
        services.append(service)
    repository.services = services
    return repository


def load(entry_key: str) -> tuple[object, Repository] | None:
    """(facts, model) stored under the key, or None (no cache, no entry, unreadable entry)."""
    folder = cache_dir()
    if folder is None or not _private(folder):
        return None
    path = folder / (entry_key + SUFFIX)
    try:
        raw = path.read_bytes()
    except OSError:
        return None
    from kpss_cli.loader import collector_paused

    try:
        with collector_paused():
            stored = pickle.loads(raw)  # noqa: S301 - our own file, in a folder only we can write
            if not (isinstance(stored, tuple) and len(stored) == 3 and stored[0] == FORMAT):
                return None
            repository = _unpack(stored[2])
    except Exception:  # a truncated or foreign entry: recompute
        return None
    if repository is None:
        return None
    with contextlib.suppress(OSError):
        os.utime(path)  # recently used: kept longest
    return stored[1], repository


def store(entry_key: str, facts: object, repository: Repository) -> None:
    """Keep the model under the key; any failure is silent."""
    folder = cache_dir()
    if folder is None:
        return
    try:
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        if not _private(folder):
            return
        data = pickle.dumps((FORMAT, facts, _pack(repository)), protocol=pickle.HIGHEST_PROTOCOL)
        handle, temporary = tempfile.mkstemp(dir=folder, prefix=".tmp-", suffix=SUFFIX)
        try:
            with os.fdopen(handle, "wb") as out:
                out.write(data)
            os.replace(temporary, folder / (entry_key + SUFFIX))
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(temporary)
            raise
        _prune(folder)
    except (OSError, pickle.PicklingError, RecursionError, ValueError):
        return


def _prune(folder: Path) -> None:
    entries = []
    for path in folder.glob("*" + SUFFIX):
        with contextlib.suppress(OSError):
            entries.append((path.stat().st_mtime_ns, path))
    entries.sort(reverse=True)
    for _, path in entries[MAX_ENTRIES:]:
        with contextlib.suppress(OSError):
            path.unlink()


def validated_subset(
    root: Path,
    read: list[str],
    unread: list[str],
    facts_of: Callable[[Path, Repository], object] | None = None,
) -> Repository:
    """The validated model of the files ``read`` of the working tree at ``root`` (KpssError when
    they hold an error), from the cache when the same files were validated before.

    ``facts_of(root, model)`` gives what the check of the model looked at outside the files
    (whether the manifest's template exists): an entry whose facts differ is not used.
    """
    from kpss_cli.repo import Subset, WorkingTree
    from kpss_cli.validate import require_valid, today, validate_repository

    facts_of = facts_of or manifest_facts
    tree = WorkingTree(root)
    tree.list_files()
    on = today()

    def uncached() -> Repository:
        return require_valid(validate_repository(source=Subset(tree, read), on=on, unread=unread))

    if cache_dir() is None or tree.problems:
        return uncached()  # no cache, or entries that are not regular files: reported as ever
    try:
        contents = {path: tree.read(path) for path in read}
    except (OSError, KpssError):
        return uncached()  # a file that cannot be read: validate says so, as without the cache
    entry_key = key(contents, unread, on)
    cached = load(entry_key)
    if cached is not None and cached[0] == facts_of(root, cached[1]):
        return cached[1]
    validation = validate_repository(source=Subset(WorkingTree(root, contents), read), on=on, unread=unread)
    repository = require_valid(validation)
    store(entry_key, facts_of(root, repository), repository)
    return repository


def manifest_facts(root: Path, repository: Repository) -> object:
    """What validate checks on disk for kpss.yaml: whether its template lies inside and exists."""
    from kpss_cli.repo import inside

    manifest = repository.manifest
    template = manifest.template if manifest else None
    if not template:
        return None
    real_root = os.path.realpath(root)
    is_inside = inside(os.path.realpath(root / template), real_root)
    return (template, is_inside, is_inside and (root / template).is_file())
