"""The one exception root of kpss: the CLI catches KpssError once and prints its message."""

from __future__ import annotations


class KpssError(Exception):
    """A problem the user can fix; the message is written for them. Exit status 2."""

    exit_code = 2


class RepositoryNotFound(KpssError):
    """No kpss.yaml in the folder or any parent."""


class UsageError(KpssError):
    """A bad option or argument value."""


class GitError(KpssError):
    """A git revision or repository problem."""
