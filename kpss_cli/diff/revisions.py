"""Diff of two git revisions (or a revision and the working tree), file by file."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

from kpss_cli import model
from kpss_cli.diff.compare import (
    Ctx,
    compare_action_plans,
    compare_grants,
    compare_groups,
    compare_manifests,
    compare_plans,
    compare_services,
)
from kpss_cli.diff.reduce import Side, load_sides
from kpss_cli.diff.result import Diff, InvalidFile
from kpss_cli.errors import KpssError, UsageError
from kpss_cli.findings import Finding
from kpss_cli.i18n import _
from kpss_cli.loader import MAX_BYTES
from kpss_cli.repo import MANIFEST, RepoFile, WorkingTree, classify
from kpss_cli.rules import severity


def parse_range(spec: str) -> tuple[str, str | None, bool]:
    """``REV`` -> (REV, None = the working tree); ``A..B`` -> (A, B); ``A...B`` -> (A, B, merge).

    An empty side of ``..`` is HEAD, as in git.
    """
    from kpss_cli.gitsource import check_revision

    check_revision(spec)
    if "..." in spec:
        old, new = spec.split("...", 1)
        merge = True
    elif ".." in spec:
        old, new = spec.split("..", 1)
        merge = False
    else:
        return spec, None, False
    old, new = old or "HEAD", new or "HEAD"
    return check_revision(old), check_revision(new), merge


def _path_filter(
    root: Path, paths: Sequence[Path], known: Iterable[str]
) -> Callable[[str], bool] | None:
    """Which files the given paths select; a path may name a file that exists only at a revision."""
    base = root.resolve()
    prefixes: list[str] = []
    for given in paths:
        absolute = (given if given.is_absolute() else Path.cwd() / given).resolve()
        try:
            rel = absolute.relative_to(base).as_posix()
        except ValueError:
            raise UsageError(
                _("the path {path} lies outside the repository {repo}").format(path=given, repo=root)
            ) from None
        if rel == ".":
            return None
        prefixes.append(rel)
    known = list(known)
    for prefix, given in zip(prefixes, paths, strict=True):
        if not any(f == prefix or f.startswith(prefix + "/") for f in known):
            raise UsageError(_("the path {path} is no repository file at either revision").format(path=given))
    return lambda f: any(f == p or f.startswith(p + "/") for p in prefixes)


def _file_order(path: str) -> tuple[int, str, int, str]:
    """kpss.yaml, services.yaml, groups.yaml, then each plan followed by its action plans."""
    top = {MANIFEST: 0, "services.yaml": 1, "groups.yaml": 2}
    if path in top:
        return (top[path], "", 0, "")
    parts = path.split("/")
    if len(parts) >= 3 and parts[0] == "plans":
        return (3, parts[1], 0 if parts[2] == "plan.yaml" else 1, path)
    return (4, path, 0, "")


class _WorkingSide:
    """The working tree as the newer side: file bytes, and the blob ids git would give them."""

    def __init__(self, root: Path, like: str) -> None:
        self.tree = WorkingTree(root)
        self.like = like
        self.files = self.tree.list_files()
        self._raw: dict[str, bytes | int] = {}

    def raw(self, relpath: str) -> bytes | int:
        """The bytes of a file, or its size when it is over the size limit (it is never read)."""
        if relpath not in self._raw:
            try:
                size = self.tree.size(relpath)
                self._raw[relpath] = size if size > MAX_BYTES else self.tree.read(relpath)
            except OSError as exc:
                raise KpssError(
                    _("cannot read {file}: {reason}").format(file=relpath, reason=exc.strerror or exc)
                ) from None
        return self._raw[relpath]

    def problem_of(self, relpath: str) -> Finding | None:
        """Why the working tree's ``relpath`` is not read (a link out of the repository, a FIFO,
        an unreadable folder above it), as validate reports it; None when it is read."""
        for p in self.tree.problems:
            if relpath == p.path or relpath.startswith(p.path + "/"):
                return Finding(p.path, 1, 1, p.code, severity(p.code), p.message)
        return None

    def blob_id(self, relpath: str) -> str | None:
        """The blob id of the file as git would store it; None for a file over the size limit."""
        from kpss_cli.gitsource import blob_id_of

        raw = self.raw(relpath)
        return None if isinstance(raw, int) else blob_id_of(raw, self.like)


def diff_revisions(
    root: Path,
    spec: str,
    paths: Sequence[Path] | None = None,
    *,
    with_members: bool = False,
    compare_all: bool = False,
) -> Diff:
    """Compare the repository at ``spec`` (``REV``, ``A..B`` or ``A...B``) entity by entity.

    Without a second revision the working tree is the newer side. Files with equal blob ids are
    skipped (``compare_all`` compares them too, which only tests need).
    """
    from kpss_cli.diff.matching import match_budget
    from kpss_cli.gitsource import GitRepository, GitSource

    old_rev, new_rev, merge = parse_range(spec)
    with GitRepository(root) as repo, match_budget() as budget:
        old_commit = repo.resolve(old_rev)
        new_commit = repo.resolve(new_rev) if new_rev is not None else None
        if merge and new_commit is not None:
            old_commit = repo.merge_base(old_commit, new_commit)
        old_source = GitSource(repo, root, old_rev, old_commit)
        old_ids = old_source.blobs
        working: _WorkingSide | None = None
        if new_commit is not None:
            new_source = GitSource(repo, root, new_rev or "", new_commit)
            new_ids: dict[str, str | None] = dict(new_source.blobs)
        else:
            working = _WorkingSide(root, next(iter(old_ids.values()), "0" * 40))
            new_ids = {f: working.blob_id(f) for f in working.files}
        unread = {p.path for p in working.tree.problems} if working is not None else set()
        everything = sorted(set(old_ids) | set(new_ids) | unread, key=_file_order)
        wanted = _path_filter(root, paths, everything) if paths else None

        def read_blob(blob: str | None) -> bytes | int | None:
            if blob is None:
                return None
            size = repo.blob_size(blob)
            return size if size > MAX_BYTES else repo.read_blob(blob)

        def read_old(relpath: str) -> bytes | int | None:
            return read_blob(old_ids.get(relpath))

        def read_new(relpath: str) -> bytes | int | None:
            if relpath not in new_ids:
                return None
            if working is not None:
                return working.raw(relpath)
            return read_blob(new_ids[relpath])

        result = Diff(
            "revisions",
            old_rev,
            new_rev or "working tree",
            from_commit=old_commit,
            to_commit=new_commit,
            command=f"kpss diff --rev {spec}",
        )
        changed = [
            f
            for f in everything
            if (
                compare_all
                or old_ids.get(f) != new_ids.get(f)
                or (f in new_ids and new_ids[f] is None)
                or (working is not None and working.problem_of(f) is not None)
            )
        ]
        files = [
            rf for rf in (classify(f) for f in changed) if rf is not None and rf.kind != "misplaced"
        ]
        # An action plan pairs its items through the renumbering of its plan's measures, so a
        # changed plan is compared even when only its action plans were asked for.
        needed_plans = {
            rf.plan_id
            for rf in files
            if rf.kind == "action_plan" and (wanted is None or wanted(rf.path))
        }
        renumbering: dict[str, dict[str, tuple[str, str | None]]] = {}
        for rf in files:
            shown = wanted is None or wanted(rf.path)
            if not shown and not (rf.kind == "plan" and rf.plan_id in needed_plans):
                continue
            problem = working.problem_of(rf.path) if working is not None else None
            if problem is not None:  # not read: the finding, never everything in it "removed"
                if shown:
                    result.files.append(rf.path)
                    result.invalid.append(InvalidFile(rf.path, "to", result.to_label, [problem]))
                continue
            old_side, new_side = load_sides(rf, read_old(rf.path), read_new(rf.path))
            if shown:
                result.files.append(rf.path)
            ctx = Ctx(rf.path, with_members=with_members)
            invalid = False
            for side, label, state in (
                ("from", old_rev, old_side),
                ("to", result.to_label, new_side),
            ):
                if state.present and not state.valid:
                    invalid = True
                    if shown:
                        result.invalid.append(InvalidFile(rf.path, side, label, state.errors))
            if invalid:
                continue
            numbering = compare_file(
                rf, old_side, new_side, ctx, renumbering.get(rf.plan_id or "")
            )
            if rf.kind == "plan" and rf.plan_id:
                renumbering[rf.plan_id] = numbering or {}
            if shown:
                result.changes.extend(ctx.changes)
        result.probable_skipped = budget.skipped
    return result


def compare_file(
    rf: RepoFile,
    old: Side,
    new: Side,
    ctx: Ctx,
    renumbering: dict[str, tuple[str, str | None]] | None,
) -> dict[str, tuple[str, str | None]] | None:
    """Build the models of both versions of a file and compare them; a plan returns renumbering."""
    if rf.kind == "manifest":
        compare_manifests(
            model.build_manifest(old.data) if old.present else None,
            model.build_manifest(new.data) if new.present else None,
            ctx,
        )
    elif rf.kind == "services":
        empty: tuple[list[model.Provider], list[model.Service]] = ([], [])
        compare_services(
            model.build_services(old.data) if old.present else empty,
            model.build_services(new.data) if new.present else empty,
            ctx,
        )
    elif rf.kind == "groups":
        compare_groups(
            model.build_groups(old.data) if old.present else [],
            model.build_groups(new.data) if new.present else [],
            ctx,
        )
    elif rf.kind == "plan":
        return compare_plans(
            model.build_plan(old.data, rf.path) if old.present else None,
            model.build_plan(new.data, rf.path) if new.present else None,
            ctx,
        )
    elif rf.kind == "grants":
        compare_grants(
            model.build_grants(old.data, rf.path) if old.present else None,
            model.build_grants(new.data, rf.path) if new.present else None,
            ctx,
        )
    elif rf.kind == "action_plan":
        compare_action_plans(
            model.build_action_plan(old.data, rf.path) if old.present else None,
            model.build_action_plan(new.data, rf.path) if new.present else None,
            ctx,
            renumbering,
        )
    elif rf.kind in ("consultation", "meeting"):
        _compare_participation(rf, old, new, ctx)
    return None


def _compare_participation(rf: RepoFile, old: Side, new: Side, ctx: Ctx) -> None:
    """consultation.yaml (entities consultation, comment) and meetings/ (entity meeting)."""
    from kpss_cli.diff.participation import compare_consultations, compare_meetings

    if rf.kind == "consultation":
        plan_id = rf.plan_id or ""
        compare_consultations(
            model.build_consultation(old.data, plan_id, rf.path) if old.present else None,
            model.build_consultation(new.data, plan_id, rf.path) if new.present else None,
            ctx,
        )
    else:
        compare_meetings(
            model.build_meeting(old.data, rf.path) if old.present else None,
            model.build_meeting(new.data, rf.path) if new.present else None,
            ctx,
        )
