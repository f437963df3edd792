"""Findings (problems found in the repository) and the machine-readable report formats."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field

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


def to_json(findings: list[Finding]) -> str:
    errors, warnings = counts(findings)
    doc = {
        "valid": errors == 0,
        "errors": errors,
        "warnings": warnings,
        "findings": [f.to_json() for f in findings],
    }
    return json.dumps(doc, ensure_ascii=False, indent=2)


def _gh_escape(value: str, prop: bool = False) -> str:
    value = value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    if prop:
        value = value.replace(":", "%3A").replace(",", "%2C")
    return value


def to_github(findings: list[Finding]) -> str:
    """GitHub Actions workflow commands: annotations on the changed lines of a pull request."""
    lines = []
    for f in findings:
        level = "error" if f.severity == ERROR else "warning"
        props = f"file={_gh_escape(f.file, True)},line={f.line},col={f.column},title={f.code}"
        message = f.message + (f" ({f.hint})" if f.hint else "")
        lines.append(f"::{level} {props}::{_gh_escape(message)}")
    return "\n".join(lines)


def to_sarif(findings: list[Finding], rules: dict[str, tuple[str, str]], version: str) -> str:
    """SARIF 2.1.0 for code-scanning UIs; ``rules`` maps code -> (title, help)."""
    used = sorted({f.code for f in findings})
    index = {code: i for i, code in enumerate(used)}
    doc = {
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "kpss",
                        "version": version,
                        "informationUri": "https://github.com/kpss/kpss",
                        "rules": [
                            {
                                "id": code,
                                "name": rules.get(code, (code, ""))[0],
                                "shortDescription": {"text": rules.get(code, (code, ""))[0]},
                                "help": {"text": rules.get(code, ("", ""))[1] or rules.get(code, (code, ""))[0]},
                            }
                            for code in used
                        ],
                    }
                },
                "results": [
                    {
                        "ruleId": f.code,
                        "ruleIndex": index[f.code],
                        "level": "error" if f.severity == ERROR else "warning",
                        "message": {"text": f.message},
                        "locations": [
                            {
                                "physicalLocation": {
                                    "artifactLocation": {"uri": f.file, "uriBaseId": "%SRCROOT%"},
                                    "region": {"startLine": f.line, "startColumn": f.column},
                                },
                                "logicalLocations": [{"fullyQualifiedName": f.path}],
                            }
                        ],
                    }
                    for f in findings
                ],
                "columnKind": "unicodeCodePoints",
            }
        ],
    }
    return json.dumps(doc, ensure_ascii=False, indent=2)


Formatter = Callable[[list[Finding]], str]
