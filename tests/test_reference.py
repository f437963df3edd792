"""The project carries its own contract: the command reference is generated from the commands,
and no file points to a document the repository does not hold."""

from __future__ import annotations

import re

from conftest import ROOT

from kpss_cli.cli.reference import reference

# Names of documents that are not part of the repository (the contract lives in docs/).
OUTSIDE = re.compile(r"\bSPEC\b|DOMAIN\.md|NOTES\.md|\.\./shared/")


def test_command_reference_is_fresh() -> None:
    written = (ROOT / "docs" / "commands.md").read_text(encoding="utf-8")
    assert written == reference(), "docs/commands.md is stale: run `python -m kpss_cli.cli.reference`"


def test_every_command_is_in_the_reference() -> None:
    text = (ROOT / "docs" / "commands.md").read_text(encoding="utf-8")
    for name in ("validate", "init", "rollover", "diff", "report fulfilment", "report finance", "render", "import registry", "schema"):
        assert f"## kpss {name}\n" in text, name


def test_nothing_cites_a_document_outside_the_repository() -> None:
    cited = []
    for folder in ("kpss_cli", "docs", "tests", "bench"):
        for path in sorted((ROOT / folder).rglob("*")):
            if path.suffix not in (".py", ".md", ".yaml", ".json", ".txt") or "__pycache__" in path.parts:
                continue
            if path.name == "test_reference.py":
                continue
            for n, line in enumerate(path.read_text(encoding="utf-8", errors="replace").splitlines(), 1):
                if OUTSIDE.search(line):
                    cited.append(f"{path.relative_to(ROOT)}:{n}: {line.strip()}")
    for n, line in enumerate((ROOT / "README.md").read_text(encoding="utf-8").splitlines(), 1):
        if OUTSIDE.search(line):
            cited.append(f"README.md:{n}: {line.strip()}")
    assert not cited, "cite docs/… instead:\n" + "\n".join(cited)
