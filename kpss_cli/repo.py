"""Find the plan repository, list its files, read them from the working tree or a git revision."""

from __future__ import annotations

import contextlib
import os
import re
import stat
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from kpss_cli.errors import KpssError, RepositoryNotFound, UsageError
from kpss_cli.i18n import N_, _

MANIFEST = "kpss.yaml"
PLAN_DIR_RE = re.compile(r"^plans/([^/]+)/plan\.yaml$")
ACTION_PLAN_RE = re.compile(r"^plans/([^/]+)/action-plans/([^/]+)\.yaml$")
GRANTS_RE = re.compile(r"^grants/([^/]+)\.ya?ml$")
CONSULTATION_RE = re.compile(r"^plans/([^/]+)/consultation\.yaml$")
MEETINGS_DIR = "meetings"
# meetings/<YYYY-MM-DD>-<group-id>.yaml (docs/participation.md)
MEETING_RE = re.compile(r"^meetings/([0-9]{4}-[0-9]{2}-[0-9]{2})-([^/]+)\.yaml$")
YAML_SUFFIXES = (".yaml", ".yml")

# The kinds of file (docs/format.md) and the schema each is checked against.
SCHEMA_OF_KIND = {
    "manifest": "manifest",
    "services": "services",
    "groups": "groups",
    "plan": "plan",
    "action_plan": "action-plan",
    "grants": "grants",
    "consultation": "consultation",
    "meeting": "meeting",
}


@dataclass(frozen=True)
class RepoFile:
    """A file of the repository: path relative to the root with '/' separators, and its kind."""

    path: str
    kind: str  # manifest, services, groups, plan, action_plan, grants, consultation, meeting, misplaced
    plan_id: str | None = None
    year_text: str | None = None  # the action plan's (or grants file's) file name stem
    date_text: str | None = None  # a meeting's date from its file name
    group_id: str | None = None  # a meeting's group from its file name


def classify(relpath: str) -> RepoFile | None:
    """The kind of a repository file by its path; None for files kpss ignores."""
    if relpath == MANIFEST:
        return RepoFile(relpath, "manifest")
    if relpath == "services.yaml":
        return RepoFile(relpath, "services")
    if relpath == "groups.yaml":
        return RepoFile(relpath, "groups")
    match = PLAN_DIR_RE.match(relpath)
    if match:
        return RepoFile(relpath, "plan", plan_id=match.group(1))
    match = ACTION_PLAN_RE.match(relpath)
    if match:
        return RepoFile(relpath, "action_plan", plan_id=match.group(1), year_text=match.group(2))
    match = GRANTS_RE.match(relpath)
    if match:
        return RepoFile(relpath, "grants", year_text=match.group(1))
    match = CONSULTATION_RE.match(relpath)
    if match:
        return RepoFile(relpath, "consultation", plan_id=match.group(1))
    match = MEETING_RE.match(relpath)
    if match:
        return RepoFile(relpath, "meeting", date_text=match.group(1), group_id=match.group(2))
    if relpath.startswith(("plans/", f"{MEETINGS_DIR}/")) and relpath.endswith(YAML_SUFFIXES):
        return RepoFile(relpath, "misplaced")
    return None


# Every file kpss reads is at most this big (the loader's limit); a read stops one byte past it.
MAX_READ_BYTES = 20 * 1024 * 1024

# Messages about files kpss will not read, in one place (gettext wraps them here).
# Marked with N_ and translated where they are used: the language is chosen after the import.
MSG_OUTSIDE = N_(
    "{path} is a symbolic link that leads outside the repository; kpss reads nothing outside the "
    "repository, so it was not read. Replace the link with the file itself"
)
MSG_DANGLING = N_("{path} is a symbolic link to {target}, which does not exist (a dangling link)")
MSG_FOLDER = N_("{path} is a folder, not a file; the repository needs a YAML file by this name here")
MSG_SPECIAL = N_(
    "{path} is a {kind}, not a regular file; kpss reads only regular files (a {kind} could block "
    "or never end)"
)
MSG_UNREADABLE_DIR = N_(
    "the folder {path} cannot be read ({reason}); the files inside it were not checked. "
    "Give the folder read and execute permission (chmod u+rx)"
)
MSG_UNREADABLE = N_("{path} cannot be read ({reason})")


@dataclass(frozen=True)
class Unreadable:
    """A repository entry kpss does not read: a link out of the repository, a FIFO, a folder …

    ``code`` is the rule code validate reports it under (docs/rules.md).
    """

    path: str
    code: str
    message: str


class NotReadable(KpssError):
    """A file kpss refuses to read (see :class:`Unreadable`)."""


def _kind_of(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return _("folder")
    if stat.S_ISFIFO(mode):
        return _("named pipe (FIFO)")
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return _("device")
    if stat.S_ISSOCK(mode):
        return _("socket")
    return _("special file")


def read_regular(path: Path | str, limit: int = MAX_READ_BYTES) -> bytes:
    """The bytes of a regular file, at most ``limit`` + 1 (so "too large" is still seen).

    A FIFO, device or socket is refused before it is opened, and again after (the entry could be
    swapped in between); the open never blocks, so a FIFO without a writer cannot hang kpss.
    """
    st = os.stat(path)
    if not stat.S_ISREG(st.st_mode):
        raise NotReadable(_(MSG_SPECIAL).format(path=path, kind=_kind_of(st.st_mode)))
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_BINARY", 0)
    fd = os.open(path, flags)
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            raise NotReadable(_(MSG_SPECIAL).format(path=path, kind=_kind_of(st.st_mode)))
        chunks: list[bytes] = []
        left = limit + 1
        while left > 0:
            chunk = os.read(fd, min(left, 1 << 20))
            if not chunk:
                break
            chunks.append(chunk)
            left -= len(chunk)
        return b"".join(chunks)
    finally:
        os.close(fd)


def inside(real: str, real_root: str) -> bool:
    """Whether the resolved path ``real`` lies in the resolved folder ``real_root``."""
    try:
        return os.path.commonpath([real, real_root]) == real_root
    except ValueError:  # different drives on Windows
        return False


class Source(Protocol):
    """Where repository files come from: the working tree or a git revision."""

    label: str

    def list_files(self) -> list[str]:
        """Paths relative to the root, '/' separators, sorted."""
        ...

    def read(self, relpath: str) -> bytes:
        """The bytes of one file."""
        ...

    def size(self, relpath: str) -> int:
        """The size in bytes, without reading the file."""
        ...


class WorkingTree:
    """The repository as it is on disk; ``overrides`` (path -> bytes) stand in for files not yet written.

    Commands that rewrite a file validate the repository with the new content as an override
    first, and write nothing when it is invalid.

    Only regular files inside the repository are read (docs/security.md): a symbolic link that
    leads out of the repository, a dangling link, a FIFO or device, a folder named like a
    repository file and a folder that cannot be read are listed in ``problems`` (after
    :meth:`list_files`) instead, and nothing behind them is opened.
    """

    def __init__(self, root: Path, overrides: dict[str, bytes] | None = None) -> None:
        self.root = root
        self.label = "working tree"
        self.overrides = dict(overrides or {})
        self.problems: list[Unreadable] = []
        self._real_root = os.path.realpath(root)

    def problem_of(self, relpath: str) -> Unreadable | None:
        """Why the entry ``relpath`` is not read, or None for a regular file inside the repository
        (or a missing one)."""
        full = os.path.join(self.root, relpath)
        try:
            st = os.lstat(full)
        except FileNotFoundError:
            return None
        except OSError as exc:
            return Unreadable(relpath, "KP020", _(MSG_UNREADABLE).format(path=relpath, reason=exc.strerror or exc))
        if stat.S_ISLNK(st.st_mode):
            if not inside(os.path.realpath(full), self._real_root):
                return Unreadable(relpath, "KP021", _(MSG_OUTSIDE).format(path=relpath))
            try:
                st = os.stat(full)
            except OSError:
                return Unreadable(relpath, "KP020", _(MSG_DANGLING).format(path=relpath, target=os.readlink(full)))
        if stat.S_ISDIR(st.st_mode):
            return Unreadable(relpath, "KP020", _(MSG_FOLDER).format(path=relpath))
        if not stat.S_ISREG(st.st_mode):
            return Unreadable(relpath, "KP020", _(MSG_SPECIAL).format(path=relpath, kind=_kind_of(st.st_mode)))
        return None

    def list_files(self) -> list[str]:
        found: list[str] = []
        problems: list[Unreadable] = []
        for name in (MANIFEST, "services.yaml", "groups.yaml"):
            problem = self.problem_of(name)
            if problem is None:
                if os.path.lexists(self.root / name):
                    found.append(name)
            elif problem.message == _(MSG_FOLDER).format(path=name):
                raise KpssError(
                    _("{name} in {root} is not a file but a folder; it must be a YAML file").format(
                        name=name, root=self.root
                    )
                )
            else:
                problems.append(problem)
        self._list_grants(found, problems)
        for top in ("plans", MEETINGS_DIR):
            self._walk(top, found, problems)
        self.problems = problems
        return sorted(set(found) | set(self.overrides))

    def _list_grants(self, found: list[str], problems: list[Unreadable]) -> None:
        grants = os.path.join(self.root, "grants")
        if os.path.islink(grants) and not inside(os.path.realpath(grants), self._real_root):
            problems.append(Unreadable("grants", "KP021", _(MSG_OUTSIDE).format(path="grants")))
            return
        if not os.path.isdir(grants):
            return
        try:
            names = sorted(os.listdir(grants))
        except OSError as exc:
            problems.append(
                Unreadable("grants", "KP022", _(MSG_UNREADABLE_DIR).format(path="grants", reason=exc.strerror or exc))
            )
            return
        for name in names:
            if name.endswith(YAML_SUFFIXES):
                rel = f"grants/{name}"
                problem = self.problem_of(rel)
                if problem is None:
                    found.append(rel)
                else:
                    problems.append(problem)

    def _walk(self, top: str, found: list[str], problems: list[Unreadable]) -> None:
        plans = os.path.join(self.root, top)
        try:
            st = os.lstat(plans)
        except OSError:
            return
        if stat.S_ISLNK(st.st_mode) and not inside(os.path.realpath(plans), self._real_root):
            problems.append(Unreadable(top, "KP021", _(MSG_OUTSIDE).format(path=top)))
            return
        if not os.path.isdir(plans):
            return

        def unreadable(exc: OSError) -> None:
            rel = Path(exc.filename).relative_to(self.root).as_posix() if exc.filename else top
            problems.append(
                Unreadable(rel, "KP022", _(MSG_UNREADABLE_DIR).format(path=rel, reason=exc.strerror or exc))
            )

        for dirpath, dirnames, filenames in os.walk(plans, onerror=unreadable):
            rel_dir = Path(dirpath).relative_to(self.root).as_posix()
            kept: list[str] = []
            for name in sorted(dirnames):
                if name.startswith("."):
                    continue
                rel = f"{rel_dir}/{name}"
                full = os.path.join(dirpath, name)
                if os.path.islink(full):
                    # A linked folder is not followed (git does not follow it either); one under
                    # plans/ that leads out of the repository is said so (meetings/ may link to
                    # a folder of minutes elsewhere: its own rule judges the minutes).
                    if top == "plans" and not inside(os.path.realpath(full), self._real_root):
                        problems.append(Unreadable(rel, "KP021", _(MSG_OUTSIDE).format(path=rel)))
                    continue
                if name.endswith(YAML_SUFFIXES):
                    problems.append(Unreadable(rel, "KP020", _(MSG_FOLDER).format(path=rel)))
                kept.append(name)
            dirnames[:] = kept
            for name in filenames:
                if not name.endswith(YAML_SUFFIXES):
                    continue
                rel = f"{rel_dir}/{name}"
                problem = self.problem_of(rel)
                if problem is None:
                    found.append(rel)
                else:
                    problems.append(problem)

    def _checked(self, relpath: str) -> str:
        problem = self.problem_of(relpath)
        if problem is not None:
            raise NotReadable(problem.message)
        return os.path.join(self.root, relpath)

    def read(self, relpath: str) -> bytes:
        if relpath in self.overrides:
            return self.overrides[relpath]
        return read_regular(self._checked(relpath))

    def size(self, relpath: str) -> int:
        if relpath in self.overrides:
            return len(self.overrides[relpath])
        return os.stat(self._checked(relpath)).st_size


class Subset:
    """Some files of another source: what a command needs, so a big repository reads fast."""

    def __init__(self, inner: Source, files: Iterable[str]) -> None:
        self.inner = inner
        self.files = sorted(set(files))
        self.root = getattr(inner, "root", None)
        self.label: str = getattr(inner, "label", "working tree")
        self.problems: list[Unreadable] = list(getattr(inner, "problems", []))

    def list_files(self) -> list[str]:
        return list(self.files)

    def read(self, relpath: str) -> bytes:
        return self.inner.read(relpath)

    def size(self, relpath: str) -> int:
        return self.inner.size(relpath)


def files_needed_for(files: list[RepoFile], paths: Iterable[str]) -> set[str]:
    """The files whose content the findings of ``paths`` depend on (the cross-file rules of docs/rules.md).

    A plan needs the catalogue, the groups and the other plans (references, ``previous``,
    ``continues``); the catalogue needs every plan (a service in no measure); an action plan
    needs its plan; the manifest and groups need nothing else.
    """
    wanted = set(paths)
    needed = set(wanted) | {MANIFEST}
    by_path = {f.path: f for f in files}
    plans = {f.path for f in files if f.kind == "plan"}
    for path in wanted:
        f = by_path.get(path)
        if f is None:
            continue
        if f.kind in ("plan", "services"):
            needed |= plans | {"services.yaml", "groups.yaml"}
            if f.kind == "services":  # a grant names a service
                needed |= {g.path for g in files if g.kind == "grants"}
            if f.kind == "plan":
                needed.add(f"plans/{f.plan_id}/consultation.yaml")
        elif f.kind == "grants":  # service, network and the measures active in its year
            needed |= plans | {"services.yaml"}
        elif f.kind in ("action_plan", "consultation"):
            needed.add(f"plans/{f.plan_id}/plan.yaml")
        elif f.kind == "meeting":
            needed |= plans | {"groups.yaml"}
    return {p for p in needed if p in by_path}


def affected_by(files: list[RepoFile], paths: Iterable[str]) -> set[str]:
    """The files whose findings a change of ``paths`` can change: the paths and their dependents.

    A changed (or deleted) plan can break its action plans, the plans that continue it or name it
    as ``previous``, its consultation, the meetings, the catalogue's "service in no measure", the
    grants' "no active measure" and the manifest's co-financing; a consultation its plan; the
    manifest, the catalogue and the groups are named from everywhere, so a change of one of them
    can break any file. An action plan, a grants file and a meeting are named by nothing. ``paths`` may name files that no longer exist (a deletion): they are
    classified by their path, and only their dependents that exist are returned.
    """
    existing = {f.path for f in files}
    affected = set(paths)
    for path in paths:
        f = classify(path)
        if f is None:
            continue
        if f.kind in ("manifest", "services", "groups"):
            affected |= existing
        elif f.kind == "plan":
            affected |= {
                g.path
                for g in files
                if g.kind in ("plan", "services", "grants", "manifest", "meeting")
                or (g.kind in ("action_plan", "consultation") and g.plan_id == f.plan_id)
            }
        elif f.kind == "consultation":  # the plan's chapter on how it was prepared
            affected.add(f"plans/{f.plan_id}/plan.yaml")
    return affected & existing


def find_root(start: Path | None = None, explicit: Path | None = None) -> Path:
    """The folder holding kpss.yaml: ``explicit`` (``--repo``) or the first one up from ``start``."""
    if explicit is not None:
        root = explicit.expanduser()
        if not root.exists():
            raise RepositoryNotFound(_("the folder {folder} does not exist").format(folder=explicit))
        if root.is_file():
            root = root.parent
        if not (root / MANIFEST).is_file():
            raise RepositoryNotFound(
                _(
                    "{folder} is not a kpss repository (it has no {manifest}); "
                    "create one with `kpss init` or point --repo at the folder holding kpss.yaml"
                ).format(folder=explicit, manifest=MANIFEST)
            )
        return root.resolve()
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / MANIFEST).is_file():
            return folder
    raise RepositoryNotFound(
        _(
            "no {manifest} found in {folder} or any folder above it; run kpss inside a plan repository, "
            "use --repo PATH, or create one with `kpss init`"
        ).format(manifest=MANIFEST, folder=here)
    )


def relative_paths(root: Path, paths: Iterable[Path]) -> list[str]:
    """Command-line paths as repository-relative '/' paths; folders expand to their YAML files."""
    tree = WorkingTree(root)
    all_files = tree.list_files()
    wanted: list[str] = []
    for given in paths:
        absolute = given if given.is_absolute() else Path.cwd() / given
        if not absolute.exists():
            raise UsageError(_("the path {path} does not exist").format(path=given))
        absolute = absolute.resolve()
        try:
            rel = absolute.relative_to(root).as_posix()
        except ValueError:
            raise UsageError(
                _("the path {path} lies outside the repository {root}").format(path=given, root=root)
            ) from None
        if absolute.is_dir():
            prefix = "" if rel == "." else rel + "/"
            wanted.extend(f for f in all_files if f.startswith(prefix))
        else:
            wanted.append(rel)
    return sorted(set(wanted))


def refuse_data_file(output: Path, force: bool = False, root: Path | None = None) -> None:
    """A UsageError when ``output`` names a data file of a kpss repository (kpss.yaml,
    services.yaml, a plan …) and ``force`` is not given: a document or a report written over
    the plan would lose it (``kpss render plan -o kpss.yaml``).

    The repository is ``root`` when given, and the one the output's folder lies in.
    """
    if force:
        return
    target = Path(os.path.realpath(output))
    roots = {Path(os.path.realpath(root))} if root is not None else set()
    with contextlib.suppress(KpssError, OSError):  # the output may lie in no repository at all
        roots.add(find_root(start=target.parent))
    for base in roots:
        try:
            rel = target.relative_to(base).as_posix()
        except ValueError:
            continue
        found = classify(rel)
        if found is not None and found.kind != "misplaced":
            raise UsageError(
                _(
                    "{output} is a data file of the repository ({file}); writing the output there would "
                    "replace the plan data. Give another file with -o, or add --force if you really mean it"
                ).format(output=output, file=rel)
            )
def git_prefix(root: Path) -> str:
    """Where the plan repository lies inside its git work tree ('' at the top, else 'a/b').

    Found by looking for ``.git`` (a folder, or a file in a worktree or submodule) upwards, so
    no git program or library is needed; outside git the plan folder itself is the root.
    """
    here = root.resolve()
    for folder in (here, *here.parents):
        if (folder / ".git").exists():
            return here.relative_to(folder).as_posix().strip(".")
    return ""


def deleted_in_git(root: Path, from_ref: str | None = None, to_ref: str | None = None) -> list[str]:
    """The repository files a commit deletes, relative to ``root``: the staged deletions, or those
    between ``from_ref`` and ``to_ref`` (pre-commit's ``--from-ref``/``--to-ref``).

    A rename counts as a deletion of the old name. Runs the git program (no GitPython import, so
    a hook starts fast); outside a git work tree it is a KpssError.
    """
    import subprocess

    args = ["git", "diff", "--name-only", "--no-renames", "--diff-filter=D", "--relative", "-z"]
    args += [f"{from_ref}...{to_ref}"] if from_ref and to_ref else ["--cached"]
    try:
        done = subprocess.run(args, cwd=root, capture_output=True, check=False)
    except OSError as exc:
        raise KpssError(
            _("cannot run git to find deleted files: {reason}").format(reason=exc.strerror or exc)
        ) from None
    if done.returncode != 0:
        detail = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise KpssError(
            _("git cannot list the deleted files in {root}: {reason}").format(
                root=root, reason=detail[0] if detail else _("unknown error")
            )
        )
    names = done.stdout.decode("utf-8", "surrogateescape").split("\0")
    return sorted(name for name in names if name and classify(name) is not None)
