"""Writing the rollover (:func:`write_rollover`) and committing it (:func:`check_commit`, :func:`commit_rollover`)."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

from kpss_cli import codes
from kpss_cli.errors import GitError, KpssError
from kpss_cli.i18n import _, ngettext
from kpss_cli.rollover.result import ADDED, CARRIED, CARRIED_OVER, DROPPED, Rollover, RolloverSummary


def invalid_message(rollover: Rollover) -> str:
    """Why the new file was not written: its errors, one a line."""
    shown = "\n".join(
        f"  {f.file}:{f.line}:{f.column}: {f.code} {f.message}" for f in rollover.errors[:10]
    )
    left = len(rollover.errors) - 10
    more = "\n  " + ngettext("… and {n} more", "… and {n} more", left).format(n=left) if left > 0 else ""
    return (
        _("the new action plan {file} would not be valid, so nothing was written:").format(file=rollover.relpath)
        + f"\n{shown}{more}\n"
        + _("This is most likely a bug in kpss rollover; please report it with the files involved.")
    )


def write_rollover(rollover: Rollover, force: bool = False) -> Path:
    """Write the new action plan atomically; refuse an invalid file, and an existing one without ``force``."""
    from kpss_cli.yamledit import atomic_write

    if rollover.errors:
        raise KpssError(invalid_message(rollover))
    path = rollover.path
    if path.exists() and not force:
        raise KpssError(
            _(
                "{file} already exists, so nothing was written; use --force to replace it "
                "(edits made to it would be lost), or --dry-run to see the new file first"
            ).format(file=rollover.relpath)
        )
    try:
        # Without --force the file must not exist when it is created, not only when checked:
        # of two runs at once exactly one writes it.
        atomic_write(path, rollover.text, exclusive=not force)
    except FileExistsError:
        raise KpssError(
            _(
                "{file} was created by another run meanwhile, so nothing was written; use --force to replace it"
            ).format(file=rollover.relpath)
        ) from None
    except OSError as exc:
        raise KpssError(
            _("cannot write {file}: {reason}; the repository was left as it was").format(
                file=rollover.relpath, reason=exc.strerror or exc
            )
        ) from None
    return path


# The lines of the commit message in each language a repository may have. Not the message
# catalogue: that follows the run's language, and the message follows the repository's.
_COMMIT_TEXTS = {
    "cs": {
        "alone": "Akční plán {year}: vytvořeno z plánu {plan}",
        "across": "Akční plán {year}: převzato z roku {prev} (plán {old_plan} → {plan})",
        "from": "Akční plán {year}: převzato z roku {prev}",
        "made": "Vytvořeno příkazem kpss rollover {year}.",
        CARRIED: "Pokračující opatření: {n}",
        CARRIED_OVER: "Nedokončená opatření převedená z roku {prev}: {n}",
        ADDED: "Nově zařazená opatření: {n}",
        DROPPED: "Vypuštěná opatření: {n}",
    },
    "en": {
        "alone": "Action plan {year}: made from plan {plan}",
        "across": "Action plan {year}: carried over from {prev} (plan {old_plan} → {plan})",
        "from": "Action plan {year}: carried over from {prev}",
        "made": "Made by kpss rollover {year}.",
        CARRIED: "Measures carried on: {n}",
        CARRIED_OVER: "Unfinished measures carried over from {prev}: {n}",
        ADDED: "Measures added: {n}",
        DROPPED: "Measures dropped: {n}",
    },
}


def commit_message(summary: RolloverSummary) -> str:
    """The commit message: the year and its source in the first line, the counts below.

    In the repository's language (``language`` of kpss.yaml), not the run's: the history of a
    Czech town's plan stays Czech whoever rolls it over."""
    texts = _COMMIT_TEXTS["en" if summary.lang == "en" else "cs"]
    counts = summary.counts()
    fill = {
        "year": summary.year,
        "plan": summary.plan_id,
        "prev": summary.previous_year,
        "old_plan": summary.previous_plan_id,
    }
    if summary.from_plan_alone:
        subject = texts["alone"]
    elif summary.crosses_periods:
        subject = texts["across"]
    else:
        subject = texts["from"]
    lines = [subject.format(**fill), "", texts["made"].format(**fill)]
    lines += [texts[kind].format(n=counts[kind], **fill) for kind in (CARRIED, CARRIED_OVER, ADDED, DROPPED)]
    dropped = ", ".join(o.measure for o in summary.dropped)
    if dropped:
        lines[-1] += f" ({dropped})"
    return "\n".join(lines) + "\n"


def _git(root: Path, *args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    exe = shutil.which("git")
    if exe is None:
        raise GitError(_("git is not installed (or not on PATH), so --commit cannot work; leave out --commit"))
    env = {**os.environ, "GIT_LITERAL_PATHSPECS": "1", "GIT_TERMINAL_PROMPT": "0", "LC_ALL": "C"}
    try:
        return subprocess.run(
            [exe, *args],
            cwd=root,
            input=stdin,
            capture_output=True,
            text=True,
            env=env,
            encoding="utf-8",
            errors="replace",
        )
    except OSError as exc:
        raise GitError(_("cannot run git: {reason}").format(reason=exc.strerror or exc)) from None


def check_commit(rollover: Rollover) -> None:
    """Refuse --commit before anything is written: no git repository, or other changes staged."""
    root = rollover.root
    inside = _git(root, "rev-parse", "--is-inside-work-tree")
    if inside.returncode != 0 or inside.stdout.strip() != "true":
        raise GitError(
            _(
                "{folder} is not inside a git repository, so --commit cannot work; "
                "run `git init` there first, or leave out --commit; nothing was written"
            ).format(folder=root)
        )
    staged = _git(root, "diff", "--cached", "--name-only", "-z")
    if staged.returncode != 0:
        raise GitError(
            _("git cannot list the staged changes: {reason}; nothing was written").format(reason=staged.stderr.strip())
        )
    identity = _git(root, "var", "GIT_COMMITTER_IDENT")
    if identity.returncode != 0:
        raise GitError(
            _(
                "git does not know who commits (user.name and user.email are not set), so --commit "
                "cannot work; set them with `git config user.name …` and `git config user.email …`; "
                "nothing was written"
            )
        )
    names = [n for n in staged.stdout.split("\0") if n]
    if names:
        files = ngettext("{n} file", "{n} files", len(names)).format(n=len(names))
        shown = ", ".join(names[:5]) + (f", … ({files})" if len(names) > 5 else "")
        raise GitError(
            _(
                "the git index already holds staged changes ({files}); commit or unstage them first "
                "(git restore --staged <file>) so that the rollover commit holds only the new action plan; "
                "nothing was written"
            ).format(files=shown)
        )


def commit_rollover(rollover: Rollover) -> str:
    """Commit just the new action plan; return the commit id ("" when the file is as committed)."""
    root = rollover.root
    added = _git(root, "add", "--", rollover.relpath)
    if added.returncode != 0:
        raise GitError(
            _("{file} was written, but git could not stage it: {reason}").format(
                file=rollover.relpath, reason=added.stderr.strip()
            )
        )
    unchanged = _git(root, "diff", "--cached", "--quiet", "--", rollover.relpath)
    if unchanged.returncode == 0:
        return ""
    done = _git(
        root,
        "commit",
        "--quiet",
        "--file=-",
        "--",
        rollover.relpath,
        stdin=commit_message(rollover.summary),
    )
    if done.returncode != 0:
        detail = (done.stderr or done.stdout).strip()
        _git(root, "reset", "--quiet", "--", rollover.relpath)  # leave the index as it was
        raise GitError(
            _("{file} was written, but git could not commit it: {reason}").format(file=rollover.relpath, reason=detail)
            + "\n"
            + _("Commit it yourself (git add, git commit) once the cause is fixed.")
        )
    head = _git(root, "rev-parse", "HEAD")
    return head.stdout.strip()


def status_label(status: str | None) -> str:
    """The Czech label of a §6 status (``nevyhodnoceno`` included)."""
    return codes.label(codes.ALL_STATUSES, status) if status else ""
