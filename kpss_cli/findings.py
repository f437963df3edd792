"""Findings (problems found in the repository) and the machine-readable report formats."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field

from kpss_cli.formats import json_text
from kpss_cli.i18n import _, ngettext

ERROR = "error"
WARNING = "warning"


@dataclass(frozen=True, order=True)
class Finding:
    """One problem: where it is, which rule, how bad, and what was expected."""

    file: str
    line: int
    column: int
    code: str
    severity: str
    message: str
    path: str = "$"
    # Sorting and equality use the fields above; help is extra advice for the text format.
    hint: str = field(default="", compare=False)
    # The parser's own text behind a syntax error: shown by the text format under --debug only.
    detail: str = field(default="", compare=False)

    def to_json(self) -> dict[str, object]:
        data = asdict(self)
        data.pop("detail")
        if not self.hint:
            data.pop("hint")
        return data


def sort_findings(findings: Iterable[Finding]) -> list[Finding]:
    """Stable order: by file, then position, then rule code."""
    return sorted(set(findings), key=lambda f: (f.file, f.line, f.column, f.code, f.message))


def counts(findings: list[Finding]) -> tuple[int, int]:
    errors = sum(1 for f in findings if f.severity == ERROR)
    return errors, len(findings) - errors


def to_json(findings: list[Finding]) -> dict[str, object]:
    """The JSON document of ``kpss validate --format json`` (docs/validate.md), as plain data."""
    errors, warnings = counts(findings)
    return {
        "valid": errors == 0,
        "errors": errors,
        "warnings": warnings,
        "findings": [f.to_json() for f in findings],
    }


def _gh_escape(value: str, prop: bool = False) -> str:
    value = value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    if prop:
        value = value.replace(":", "%3A").replace(",", "%2C")
    return value


# GitHub shows at most this many annotations of each level for one step; the rest are dropped
# from the pull-request view without a word (they stay in the log).
GITHUB_SHOWN = 10

def _counts(errors: int, warnings: int) -> str:
    """``12 errors, 0 warnings`` in the language of the run."""
    return ", ".join(
        (
            ngettext("{n} error", "{n} errors", errors).format(n=errors),
            ngettext("{n} warning", "{n} warnings", warnings).format(n=warnings),
        )
    )


def repo_path(prefix: str, file: str) -> str:
    """A finding's file relative to the git root: ``prefix`` is the plan folder inside git ('' or 'a/b')."""
    return f"{prefix}/{file}" if prefix else file


def to_github(findings: list[Finding], prefix: str = "", summary: bool = False) -> str:
    """GitHub Actions workflow commands: annotations on the changed lines of a pull request.

    Paths are relative to the git root (``prefix`` is the plan folder inside it). When more
    findings of a level than GitHub shows, a closing notice counts what the pull-request view
    leaves out; ``summary`` says the full list is in the job summary too.
    """
    lines = []
    for f in findings:
        level = "error" if f.severity == ERROR else "warning"
        props = f"file={_gh_escape(repo_path(prefix, f.file), True)},line={f.line},col={f.column},title={f.code}"
        message = f.message + (f" ({f.hint})" if f.hint else "")
        lines.append(f"::{level} {props}::{_gh_escape(message)}")
    errors, warnings = counts(findings)
    hidden_errors = max(errors - GITHUB_SHOWN, 0)
    hidden_warnings = max(warnings - GITHUB_SHOWN, 0)
    if hidden_errors or hidden_warnings:
        hidden = hidden_errors + hidden_warnings
        text = ngettext(
            "GitHub shows at most {limit} errors and {limit} warnings at the lines; {hidden} more finding "
            "({counts}) is only in the step's log{summary}.",
            "GitHub shows at most {limit} errors and {limit} warnings at the lines; {hidden} more findings "
            "({counts}) are only in the step's log{summary}.",
            hidden,
        ).format(
            limit=GITHUB_SHOWN,
            hidden=hidden,
            counts=_counts(hidden_errors, hidden_warnings),
            summary=_(" and in the run's summary (Summary)") if summary else "",
        )
        lines.append(f"::notice title=kpss::{_gh_escape(text)}")
    return "\n".join(lines)


def _md_cell(text: str) -> str:
    """Text of the repository as a markdown table cell: no line breaks, pipes or HTML."""
    text = " ".join(text.split())
    for plain, escaped in (("\\", "\\\\"), ("|", "\\|"), ("<", "&lt;"), (">", "&gt;"), ("`", "\\`")):
        text = text.replace(plain, escaped)
    return text


def github_summary(findings: list[Finding], prefix: str = "", limit: int = 2000) -> str:
    """Markdown for ``GITHUB_STEP_SUMMARY``: every finding (up to ``limit`` rows; GitHub takes 1 MiB)."""
    errors, warnings = counts(findings)
    out = ["## kpss validate", "", _counts(errors, warnings) + ".", ""]
    if findings:
        out += [_("| file | line | column | severity | code | finding |"), "|---|---:|---:|---|---|---|"]
        for f in findings[:limit]:
            level = _("error") if f.severity == ERROR else _("warning")
            message = f.message + (f" ({f.hint})" if f.hint else "")
            out.append(
                f"| {_md_cell(repo_path(prefix, f.file))} | {f.line} | {f.column} | {level} | {f.code} "
                f"| {_md_cell(message)} |"
            )
        if len(findings) > limit:
            rest = len(findings) - limit
            out += [
                "",
                ngettext(
                    "… and {rest} more finding (the whole list: `kpss validate`).",
                    "… and {rest} more findings (the whole list: `kpss validate`).",
                    rest,
                ).format(rest=rest),
            ]
    return "\n".join(out) + "\n"


def fingerprints(findings: list[Finding]) -> list[str]:
    """What identifies each finding across commits: file, rule, JSON path and which of the
    findings of that rule at that path it is; not the line (lines move) and not the message (it
    follows the language of the run, and a finding is the same in Czech and in English)."""
    import hashlib

    seen: dict[tuple[str, str, str], int] = {}
    out = []
    for f in findings:
        n = seen[(f.file, f.code, f.path)] = seen.get((f.file, f.code, f.path), 0) + 1
        key = "\0".join((f.file, f.code, f.path, str(n)))
        out.append(hashlib.sha256(key.encode("utf-8")).hexdigest()[:32])
    return out


def uri(path: str) -> str:
    """A repository path as a relative URI reference (RFC 3986: space, comma, %, non-ASCII encoded)."""
    from urllib.parse import quote

    return quote(path, safe="/")


def to_sarif(
    findings: list[Finding],
    rules: dict[str, dict[str, str]],  # code -> name, title, description, severity, help_uri
    version: str,
    prefix: str = "",
    information_uri: str = "",
) -> str:
    """SARIF 2.1.0 for code scanning; ``rules`` maps code -> {title, description, help_uri}.

    Every rule of kpss is listed (so a rule index stays the same from run to run); file URIs are
    relative to the git root (``%SRCROOT%``) and percent-encoded; each result has a fingerprint
    that survives lines moving.
    """
    codes = list(rules)
    for f in findings:
        if f.code not in rules:
            codes.append(f.code)
    index = {code: i for i, code in enumerate(codes)}

    def rule(code: str) -> dict[str, object]:
        data = rules.get(code, {"title": code, "description": code, "help_uri": "", "severity": "error"})
        entry: dict[str, object] = {
            "id": code,
            "name": data.get("name") or code.title(),
            "shortDescription": {"text": data["title"]},
            "fullDescription": {"text": data["description"]},
            "help": {"text": data["description"]},
            "defaultConfiguration": {"level": "error" if data.get("severity", "error") == ERROR else "warning"},
        }
        if data.get("help_uri"):
            entry["helpUri"] = data["help_uri"]
        return entry

    driver: dict[str, object] = {
        "name": "kpss",
        "version": version,
        "semanticVersion": version,
        "rules": [rule(code) for code in codes],
    }
    if information_uri:
        driver["informationUri"] = information_uri
    doc = {
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [
            {
                "tool": {"driver": driver},
                "results": [
                    {
                        "ruleId": f.code,
                        "ruleIndex": index[f.code],
                        "level": "error" if f.severity == ERROR else "warning",
                        "message": {"text": f.message + (f" ({f.hint})" if f.hint else "")},
                        "locations": [
                            {
                                "physicalLocation": {
                                    "artifactLocation": {
                                        "uri": uri(repo_path(prefix, f.file)),
                                        "uriBaseId": "%SRCROOT%",
                                    },
                                    "region": {"startLine": f.line, "startColumn": f.column},
                                },
                                "logicalLocations": [{"fullyQualifiedName": f.path}],
                            }
                        ],
                        "partialFingerprints": {"kpssFinding/v2": print_},
                    }
                    for f, print_ in zip(findings, fingerprints(findings), strict=True)
                ],
                "columnKind": "unicodeCodePoints",
            }
        ],
    }
    return json.dumps(doc, ensure_ascii=False, indent=2)


def to_gitlab(findings: list[Finding], prefix: str = "") -> str:
    """GitLab Code Quality report (a JSON list): GitLab marks the findings on the merge-request diff."""
    issues = []
    for f, print_ in zip(findings, fingerprints(findings), strict=True):  # unique, as GitLab needs
        issues.append(
            {
                "type": "issue",
                "check_name": f.code,
                "description": f"{f.code} {f.message}" + (f" ({f.hint})" if f.hint else ""),
                "categories": ["Bug Risk"] if f.severity == ERROR else ["Style"],
                "severity": "major" if f.severity == ERROR else "minor",
                "fingerprint": print_,
                "location": {"path": repo_path(prefix, f.file), "lines": {"begin": f.line}},
            }
        )
    return json.dumps(issues, ensure_ascii=False, indent=2)


def sarif(findings: list[Finding], prefix: str = "") -> str:
    """SARIF with kpss's own rule table, version and home page."""
    from kpss_cli import REPOSITORY_URL, __version__
    from kpss_cli.rules import sarif_rules

    return to_sarif(findings, sarif_rules(), __version__, prefix, REPOSITORY_URL)


# The text formats of findings: each takes the findings and the plan folder inside git ('' or
# 'a/b', the prefix of every path) and returns the whole text. ``text`` (coloured, grouped by
# file) is drawn by the CLI, which also writes GitHub's job summary beside ``github``.
FORMATS: dict[str, Callable[[list[Finding], str], str]] = {
    "json": lambda findings, prefix="": json_text(to_json(findings)),
    "github": to_github,
    "sarif": sarif,
    "gitlab": to_gitlab,
}
