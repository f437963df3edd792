"""rules.CHECKED_IN names, for every rule code, the functions that write its finding: read from the
code here, so that the table a newcomer searches can never point to the wrong place."""

from __future__ import annotations

import ast
import re
from collections import defaultdict
from pathlib import Path

import kpss_cli
from kpss_cli.rules import CHECKED_IN, RULES

PACKAGE = Path(kpss_cli.__file__).parent
CODE = re.compile(r"KP\d{3}")


def _visit(node: ast.AST, module: str, names: list[str], found: dict[str, set[str]]) -> None:
    for child in ast.iter_child_nodes(node):
        if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            _visit(child, module, [*names, child.name], found)
            continue
        if isinstance(child, ast.Constant) and isinstance(child.value, str) and CODE.fullmatch(child.value):
            found[child.value].add(f"{module}:{'.'.join(names)}")
        _visit(child, module, names, found)


def written_in() -> dict[str, tuple[str, ...]]:
    """code -> the functions (module:qualified name) whose body holds the code as a literal."""
    found: dict[str, set[str]] = defaultdict(set)
    for path in sorted(PACKAGE.rglob("*.py")):
        relative = path.relative_to(PACKAGE.parent)
        if relative.parts[1] == "cli" or path.name in ("rules.py", "schemagen.py"):
            continue  # the CLI formats findings and the generator documents them; neither checks
        module = ".".join(relative.with_suffix("").parts)
        _visit(ast.parse(path.read_text(encoding="utf-8")), module, [], found)
    return {code: tuple(sorted(places)) for code, places in found.items()}


def test_every_rule_has_its_place() -> None:
    assert set(CHECKED_IN) == set(RULES)


def test_the_table_says_where_each_finding_is_written() -> None:
    actual = written_in()
    wrong = {code: actual.get(code, ()) for code in RULES if tuple(sorted(CHECKED_IN[code])) != actual.get(code, ())}
    assert not wrong, f"update CHECKED_IN in kpss_cli/rules.py: {wrong}"


def test_the_per_document_rules_are_written_once() -> None:
    # validate and diff share one per-document check; one helper writes each of these rules
    assert CHECKED_IN["KP010"] == ("kpss_cli.validate:check_document",)
    assert CHECKED_IN["KP208"] == ("kpss_cli.validate:_Checker._check_continues",)
    assert CHECKED_IN["KP222"] == ("kpss_cli.validate:_Checker._year_outside",)
