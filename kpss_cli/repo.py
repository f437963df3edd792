"""Find the plan repository, list its files, read them from the working tree or a git revision."""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from kpss_cli.errors import KpssError, RepositoryNotFound, UsageError

MANIFEST = "kpss.yaml"
PLAN_DIR_RE = re.compile(r"^plans/([^/]+)/plan\.yaml$")
ACTION_PLAN_RE = re.compile(r"^plans/([^/]+)/action-plans/([^/]+)\.yaml$")
GRANTS_RE = re.compile(r"^grants/([^/]+)\.ya?ml$")
CONSULTATION_RE = re.compile(r"^plans/([^/]+)/consultation\.yaml$")
MEETINGS_DIR = "meetings"
# meetings/<YYYY-MM-DD>-<group-id>.yaml (docs/participation.md)
MEETING_RE = re.compile(r"^meetings/([0-9]{4}-[0-9]{2}-[0-9]{2})-([^/]+)\.yaml$")
YAML_SUFFIXES = (".yaml", ".yml")

# The kinds of file (SPEC §2) and the schema each is checked against.
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
    """

    def __init__(self, root: Path, overrides: dict[str, bytes] | None = None) -> None:
        self.root = root
        self.label = "working tree"
        self.overrides = dict(overrides or {})

    def list_files(self) -> list[str]:
        found: list[str] = []
        for name in (MANIFEST, "services.yaml", "groups.yaml"):
            path = self.root / name
            if path.is_file():
                found.append(name)
            elif path.exists():
                raise KpssError(f"{name} in {self.root} is not a file (a folder?); it must be a YAML file")
        grants = self.root / "grants"
        if grants.is_dir():
            found.extend(f"grants/{p.name}" for p in grants.iterdir() if p.name.endswith(YAML_SUFFIXES) and p.is_file())
        for top in ("plans", MEETINGS_DIR):
            folder = self.root / top
            if not folder.is_dir():
                continue
            for dirpath, dirnames, filenames in os.walk(folder):
                dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
                rel_dir = Path(dirpath).relative_to(self.root).as_posix()
                for name in filenames:
                    if name.endswith(YAML_SUFFIXES):
                        found.append(f"{rel_dir}/{name}")
        return sorted(set(found) | set(self.overrides))

    def read(self, relpath: str) -> bytes:
        if relpath in self.overrides:
            return self.overrides[relpath]
        return (self.root / relpath).read_bytes()

    def size(self, relpath: str) -> int:
        if relpath in self.overrides:
            return len(self.overrides[relpath])
        return (self.root / relpath).stat().st_size


class Subset:
    """Some files of another source: what a command needs, so a big repository reads fast."""

    def __init__(self, inner: Source, files: Iterable[str]) -> None:
        self.inner = inner
        self.files = sorted(set(files))
        self.root = getattr(inner, "root", None)
        self.label: str = getattr(inner, "label", "working tree")

    def list_files(self) -> list[str]:
        return list(self.files)

    def read(self, relpath: str) -> bytes:
        return self.inner.read(relpath)

    def size(self, relpath: str) -> int:
        return self.inner.size(relpath)


def files_needed_for(files: list[RepoFile], paths: Iterable[str]) -> set[str]:
    """The files whose content the findings of ``paths`` depend on (SPEC §4 rules).

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


def find_root(start: Path | None = None, explicit: Path | None = None) -> Path:
    """The folder holding kpss.yaml: ``explicit`` (``--repo``) or the first one up from ``start``."""
    if explicit is not None:
        root = explicit.expanduser()
        if not root.exists():
            raise RepositoryNotFound(f"the folder {explicit} does not exist")
        if root.is_file():
            root = root.parent
        if not (root / MANIFEST).is_file():
            raise RepositoryNotFound(
                f"{explicit} is not a kpss repository (it has no {MANIFEST}); "
                "create one with `kpss init` or point --repo at the folder holding kpss.yaml"
            )
        return root.resolve()
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / MANIFEST).is_file():
            return folder
    raise RepositoryNotFound(
        f"no {MANIFEST} found in {here} or any folder above it; run kpss inside a plan repository, "
        "use --repo PATH, or create one with `kpss init`"
    )


def relative_paths(root: Path, paths: Iterable[Path]) -> list[str]:
    """Command-line paths as repository-relative '/' paths; folders expand to their YAML files."""
    tree = WorkingTree(root)
    all_files = tree.list_files()
    wanted: list[str] = []
    for given in paths:
        absolute = given if given.is_absolute() else Path.cwd() / given
        if not absolute.exists():
            raise UsageError(f"the path {given} does not exist")
        absolute = absolute.resolve()
        try:
            rel = absolute.relative_to(root).as_posix()
        except ValueError:
            raise UsageError(f"the path {given} lies outside the repository {root}") from None
        if absolute.is_dir():
            prefix = "" if rel == "." else rel + "/"
            wanted.extend(f for f in all_files if f.startswith(prefix))
        else:
            wanted.append(rel)
    return sorted(set(wanted))
