"""The repository at a git revision, read straight from git objects.

Nothing is checked out: the working tree and the index are never touched. GitPython resolves
revisions and lists trees; blob contents come through the one persistent ``git cat-file --batch``
process that GitPython's object database keeps open, so every file read is a request on a pipe,
not a new git process (measured: several times faster than a ``git show`` per file).

GitPython is imported only inside :class:`GitRepository`, so commands that do not touch git do
not pay for its import.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path
from types import TracebackType
from typing import Any

from kpss_cli.errors import GitError, UsageError
from kpss_cli.i18n import _
from kpss_cli.repo import MANIFEST, YAML_SUFFIXES

# Regular files only: symlinks (120000) and submodules (160000) are not plan files.
_FILE_MODES = (0o100644, 0o100755)
_TOP_FILES = (MANIFEST, "services.yaml", "groups.yaml")
_FOLDERS = ("plans", "meetings", "grants")  # folders whose YAML files kpss reads
_BAD_REV_CHARS = re.compile(r"[\x00-\x20\x7f]")


def check_revision(rev: str) -> str:
    """The revision text, or a UsageError when it could be taken as an option or is malformed."""
    if not rev:
        raise UsageError(_("the revision is empty; give a branch, tag or commit, e.g. --rev HEAD~1"))
    if rev.startswith("-"):
        raise UsageError(
            _(
                "the revision '{rev}' starts with '-'; revisions are never passed to git as options. "
                "Give a branch, tag or commit such as HEAD~1 or origin/main"
            ).format(rev=rev)
        )
    if _BAD_REV_CHARS.search(rev):
        raise UsageError(
            _("the revision {rev} contains spaces or control characters; give a branch, tag or commit").format(
                rev=repr(rev)
            )
        )
    return rev


class GitRepository:
    """An open git repository; use it as a context manager so its git processes end."""

    def __init__(self, folder: Path) -> None:
        import git

        self.folder = folder
        try:
            self._repo = git.Repo(folder, search_parent_directories=True)
        except git.InvalidGitRepositoryError:
            raise GitError(
                _(
                    "{folder} is not inside a git repository, so it has no revisions to compare; "
                    "run `git init` and commit the plan repository first "
                    "(`kpss diff PLAN_A PLAN_B` compares two plans without git)"
                ).format(folder=folder)
            ) from None
        except git.NoSuchPathError:
            raise GitError(_("the folder {folder} does not exist").format(folder=folder)) from None
        except git.GitCommandNotFound:
            raise GitError(_("git is not installed or not on PATH; `kpss diff --rev` needs it")) from None
        worktree = self._repo.working_tree_dir
        self._path_of: dict[str, str] = {}  # blob id -> a path it was listed under (for messages)
        self.toplevel: Path | None = Path(worktree).resolve() if worktree is not None else None

    def __enter__(self) -> GitRepository:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def close(self) -> None:
        """End the git processes GitPython keeps open (cat-file readers)."""
        self._repo.close()

    def prefix_of(self, root: Path) -> str:
        """The path of ``root`` inside the repository ('' for the top), '/' separators."""
        if self.toplevel is None:
            raise GitError(
                _("the git repository of {folder} is bare; it has no working tree to find kpss.yaml in").format(
                    folder=root
                )
            )
        try:
            rel = root.resolve().relative_to(self.toplevel)
        except ValueError:
            raise GitError(
                _("{folder} lies outside the git repository {repo}").format(folder=root, repo=self.toplevel)
            ) from None
        text = rel.as_posix()
        return "" if text == "." else text

    def _git(self, *args: str) -> tuple[int, str, str]:
        """Run git in the repository: (exit status, stdout, stderr); git's status is trusted."""
        status, out, err = self._repo.git.execute(
            ["git", *args], with_extended_output=True, with_exceptions=False
        )
        return int(status or 0), str(out), str(err)

    def resolve(self, rev: str) -> str:
        """The commit id a revision names; GitError for unknown revisions or non-commits.

        git itself resolves the revision (any syntax git knows: ``HEAD@{yesterday}``,
        ``main~3``, ``v1^{}``), and its exit status decides; when it fails, the message says
        why in the user's terms: no commits yet, a shallow clone, a damaged repository.
        """
        check_revision(rev)
        status, out, _stderr = self._git("rev-parse", "--verify", "--quiet", "--end-of-options", f"{rev}^{{commit}}")
        if status == 0 and out.strip():
            return out.strip()
        status, out, err = self._git("rev-parse", "--verify", "--quiet", "--end-of-options", rev)
        if status == 0 and out.strip():
            sha = out.strip()
            status, kind, err = self._git("cat-file", "-t", sha)
            if status != 0 and _damage_reported(err):
                raise GitError(
                    _(
                        "the revision '{rev}' names the object {object}, which git cannot read: "
                        "{reason}. The repository is damaged; run `git fsck`"
                    ).format(rev=rev, object=sha[:12], reason=_git_message(err))
                )
            if status == 0:
                raise GitError(
                    _("the revision '{rev}' names a {kind}, not a commit").format(rev=rev, kind=kind.strip())
                )
        where = self.toplevel or self._repo.git_dir
        if not self._has_refs():
            raise GitError(
                _(
                    "unknown revision '{rev}' (the repository has no commits yet): the git repository at "
                    "{folder} has no branch or tag; commit the plan repository first"
                ).format(rev=rev, folder=where)
            )
        if self._git("rev-parse", "--is-shallow-repository")[1].strip() == "true":
            raise GitError(
                _(
                    "unknown revision '{rev}': this clone is shallow (it holds only the newest commits), "
                    "so older commits and other branches are missing. Fetch the whole history with "
                    "`git fetch --unshallow`; in GitHub Actions give actions/checkout `fetch-depth: 0`"
                ).format(rev=rev)
            )
        raise GitError(
            _(
                "unknown revision '{rev}': no branch, tag or commit of that name in the git "
                "repository at {folder}; list them with `git branch -a`, `git tag` or `git log --oneline`"
            ).format(rev=rev, folder=where)
        )

    def _has_refs(self) -> bool:
        """Whether any branch or tag exists (an unborn HEAD has none)."""
        status, out, _stderr = self._git("for-each-ref", "--count=1", "--format=%(refname)")
        return status != 0 or bool(out.strip())

    def merge_base(self, a: str, b: str) -> str:
        """The best common ancestor of two commits (for ``A...B``)."""
        import git

        try:
            bases = self._repo.merge_base(a, b)
        except git.GitCommandError as exc:
            raise GitError(
                _("cannot find a common ancestor of {a} and {b}: {reason}").format(
                    a=a[:12], b=b[:12], reason=exc.stderr.strip()
                )
            ) from None
        if not bases:
            raise GitError(_("the commits {a} and {b} have no common ancestor").format(a=a[:12], b=b[:12]))
        return str(bases[0].hexsha)

    def list_blobs(self, commit: str, prefix: str) -> dict[str, str]:
        """Repository files under ``prefix`` at ``commit``: path relative to prefix -> blob id.

        Only the files kpss reads are listed (the three top-level files and YAML under plans/
        and grants/),
        so a kpss repository inside a big monorepo does not walk the whole tree.
        """
        try:
            found = self._list_blobs(commit, prefix)
        except (ValueError, KeyError, OSError) as exc:  # GitPython's words for an unreadable object
            raise GitError(
                _(
                    "git cannot read the files of commit {commit}: {reason}. The repository is damaged; "
                    "run `git fsck`"
                ).format(commit=commit[:12], reason=exc)
            ) from None
        for path, sha in found.items():
            self._path_of.setdefault(sha, path)
        return found

    def _list_blobs(self, commit: str, prefix: str) -> dict[str, str]:
        tree: Any = self._repo.commit(commit).tree
        if prefix:
            try:
                tree = tree / prefix
            except KeyError:
                return {}
            if tree.type != "tree":
                return {}
        found: dict[str, str] = {}
        for name in _TOP_FILES:
            try:
                blob = tree / name
            except KeyError:
                continue
            if blob.type == "blob" and blob.mode in _FILE_MODES:
                found[name] = blob.hexsha
        cut = len(tree.path) + 1 if tree.path else 0
        for folder in _FOLDERS:
            try:
                sub = tree / folder
            except KeyError:
                continue
            if sub.type != "tree":
                continue
            for item in sub.traverse():
                if (
                    item.type == "blob"
                    and item.mode in _FILE_MODES
                    and item.path.endswith(YAML_SUFFIXES)
                ):
                    found[item.path[cut:]] = item.hexsha
        return dict(sorted(found.items()))

    def read_blob(self, blob_id: str, path: str = "") -> bytes:
        """The bytes of a blob, through the persistent ``git cat-file --batch`` process.

        The bytes are checked against the blob id: ``cat-file --batch`` does not verify a loose
        object, and a damaged one must be git's error, not a finding about the plan.
        """
        try:
            data = bytes(self._repo.odb.stream(bytes.fromhex(blob_id)).read())
        except (ValueError, OSError) as exc:
            raise _damaged(blob_id, path or self._path_of.get(blob_id, ""), str(exc)) from None
        if blob_id_of(data, blob_id) != blob_id:
            raise _damaged(blob_id, path or self._path_of.get(blob_id, ""), _("its content does not match its id"))
        return data

    def blob_size(self, blob_id: str, path: str = "") -> int:
        """The size of a blob without reading it (``cat-file --batch-check``)."""
        try:
            return int(self._repo.odb.info(bytes.fromhex(blob_id)).size)
        except (ValueError, OSError) as exc:
            raise _damaged(blob_id, path or self._path_of.get(blob_id, ""), str(exc)) from None


def _damage_reported(stderr: str) -> bool:
    """Whether git said an object is damaged (rather than absent)."""
    return any(word in stderr for word in ("corrupt", "is empty", "unable to unpack", "inflate"))


def _git_message(stderr: str) -> str:
    """git's own error lines, joined (the last ``fatal:`` line says the most)."""
    lines = [line.strip() for line in stderr.splitlines() if line.strip()]
    return "; ".join(lines[-2:]) if lines else _("git gave no reason")


def _damaged(blob_id: str, path: str, why: str) -> GitError:
    of = f" ({path})" if path else ""
    return GitError(
        _(
            "git cannot read the object {object}{path}: {reason}. The repository is damaged; "
            "run `git fsck` (a fresh clone usually repairs it)"
        ).format(object=blob_id[:12], path=of, reason=why)
    )


def blob_id_of(data: bytes, like: str) -> str:
    """The git blob id of ``data`` in the object format (sha1 or sha256) of the id ``like``."""
    digest = hashlib.sha256() if len(like) == 64 else hashlib.sha1()  # noqa: S324 (git's object id, not security)
    digest.update(b"blob %d\0" % len(data))
    digest.update(data)
    return digest.hexdigest()


class GitSource:
    """A :class:`kpss_cli.repo.Source` reading the files of ``root`` at a git revision."""

    def __init__(
        self, repo: GitRepository, root: Path, rev: str, commit: str | None = None
    ) -> None:
        self.repo = repo
        self.rev = rev
        self.commit = commit or repo.resolve(rev)
        self.label = rev
        self.prefix = repo.prefix_of(root)
        self.blobs = repo.list_blobs(self.commit, self.prefix)

    def list_files(self) -> list[str]:
        """Paths relative to the root, sorted (the files kpss reads)."""
        return list(self.blobs)

    def blob_id(self, relpath: str) -> str | None:
        """The blob id of a file at this revision, None when the file does not exist there."""
        return self.blobs.get(relpath)

    def _blob(self, relpath: str) -> str:
        blob = self.blobs.get(relpath)
        if blob is None:
            raise FileNotFoundError(2, _("no such file at {rev}").format(rev=self.rev), relpath)
        return blob

    def read(self, relpath: str) -> bytes:
        """The bytes of one file at this revision."""
        return self.repo.read_blob(self._blob(relpath), relpath)

    def size(self, relpath: str) -> int:
        """The size of one file at this revision, without reading it."""
        return self.repo.blob_size(self._blob(relpath), relpath)
