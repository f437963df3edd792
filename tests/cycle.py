"""The coordinator's whole year on the bundled example, in one language: the steps and their output.

One run of the yearly cycle (docs/cs/README.md, "Roční cyklus"), every command with ``--lang``: a
new repository (``init``, ``validate``), then on the example kept in git ``validate``,
``rollover``, ``diff`` (text and the pull-request comment), the reports, ``render``, ``import
registry`` (offline, the registry's sample files), ``collect`` and ``import results``; and
``validate`` of a copy of the example with mistakes in it (``with_mistakes``) in the formats for
machines (json, sarif, github), of which only the texts for people are kept (``readable``).
``help_pages`` is the ``--help`` of every command and subcommand in one language.
tests/test_cycle_czech.py looks for English words in the Czech run, tests/test_cycle_english.py
for Czech words of kpss's own in the English run.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import EXAMPLE, TODAY, _invoke

DATA = Path(__file__).parent / "data" / "registry"

STEPS = (
    "init",
    "validate new",
    "validate",
    "rollover",
    "diff",
    "diff markdown",
    "report fulfilment",
    "report finance",
    "report finance markdown",
    "report network",
    "report participation",
    "report grants",
    "render",
    "import registry",
    "collect",
    "import results",
    "validate json",
    "validate sarif",
    "validate github",
)

NAME = "Koordinátorka"
EMAIL = "kpss@example.cz"


def _git(cwd: Path, *args: str) -> None:
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": NAME, "GIT_AUTHOR_EMAIL": EMAIL,
        "GIT_COMMITTER_NAME": NAME, "GIT_COMMITTER_EMAIL": EMAIL,
    }
    subprocess.run(["git", *args], cwd=cwd, env=env, capture_output=True, text=True, check=True)


def with_mistakes(repo: Path) -> None:
    """Mistakes of four kinds in a copy of the example: a wrong IČO check digit, a misspelled
    key (unknown key, required key missing), an action plan naming a measure the plan does not
    have and a grant above its request."""

    def edit(name: str, old: str, new: str) -> None:
        path = repo / name
        text = path.read_text(encoding="utf-8")
        assert old in text, (name, old)
        path.write_text(text.replace(old, new, 1), encoding="utf-8")

    edit("services.yaml", 'ico: "00283703"', 'ico: "00283704"')
    edit("plans/2024-2027/plan.yaml", "responsible:", "responsibel:")
    edit("plans/2020-2023/action-plans/2023.yaml", 'measure: "1.1"', 'measure: "9.9"')
    edit("grants/2025.yaml", "granted: 180000", "granted: 250000")


def readable(fmt: str, output: str) -> str:
    """The texts for people in the output of ``kpss validate --format fmt``, one a line: the
    findings' messages and hints, the SARIF rules' descriptions, the GitHub annotations' texts.
    Keys, codes, levels, paths and fingerprints are for programs and stay English."""
    import json

    lines: list[str] = []
    if fmt == "json":
        for finding in json.loads(output)["findings"]:
            lines += [finding["message"], finding.get("hint", "")]
    elif fmt == "sarif":
        run = json.loads(output)["runs"][0]
        for rule in run["tool"]["driver"]["rules"]:
            lines += [rule[key]["text"] for key in ("shortDescription", "fullDescription", "help")]
        lines += [result["message"]["text"] for result in run["results"]]
    elif fmt == "github":
        for line in output.splitlines():
            assert line.startswith(("::error ", "::warning ", "::notice ")), line
            lines.append(line.split("::", 2)[2])
    else:
        raise ValueError(fmt)
    return "\n".join(line for line in lines if line)


def run_year(base: Path, lang: str) -> dict[str, tuple[int, str]]:
    """Every step of the year in ``lang``: its exit status and all it printed (stdout and stderr).

    The files of the year are left under ``base``: the new repository ``vranovice``, the example
    ``zidlochovicko``, the action plan ``akcni-plan-2027.docx`` and the workbooks in
    ``vyhodnoceni``.
    """
    from kpss_cli import i18n

    out: dict[str, tuple[int, str]] = {}

    def run(step: str, *args: object, cwd: Path, fmt: str = "") -> None:
        result = _invoke([str(a) for a in (*args, "--lang", lang)], cwd)
        stdout = readable(fmt, result.stdout) if fmt and result.exit_code in (0, 1) else result.stdout
        out[step] = (result.exit_code, stdout + result.stderr)

    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("KPSS_TODAY", TODAY)
        mp.setenv("NO_COLOR", "1")
        mp.delenv("KPSS_LANG", raising=False)
        for key, value in (("GIT_AUTHOR_NAME", NAME), ("GIT_AUTHOR_EMAIL", EMAIL),
                           ("GIT_COMMITTER_NAME", NAME), ("GIT_COMMITTER_EMAIL", EMAIL)):
            mp.setenv(key, value)
        new = base / "vranovice"
        run("init", "init", new, "--name", "Obec Vranovice", "--kind", "obec", cwd=base)
        run("validate new", "validate", cwd=new)

        repo = base / "zidlochovicko"
        shutil.copytree(EXAMPLE, repo)
        _git(repo, "init", "-q", "-b", "main")
        _git(repo, "add", "-A")
        _git(repo, "commit", "-q", "-m", "Plán")
        run("validate", "validate", cwd=repo)
        run("rollover", "rollover", "2027", cwd=repo)
        run("diff", "diff", cwd=repo)
        run("diff markdown", "diff", "--format", "markdown", cwd=repo)
        run("report fulfilment", "report", "fulfilment", cwd=repo)
        run("report finance", "report", "finance", cwd=repo)
        run("report finance markdown", "report", "finance", "--format", "markdown", cwd=repo)
        run("report network", "report", "network", "2025", cwd=repo)
        run("report participation", "report", "participation", cwd=repo)
        run("report grants", "report", "grants", "2025", cwd=repo)
        run("render", "render", "action-plan", "2027", "-o", base / "akcni-plan-2027.docx", cwd=repo)
        run(
            "import registry", "import", "registry", DATA / "rpss-sample.json",
            "--obec", "586307,586030", "--dry-run", cwd=repo,
        )
        run("collect", "collect", "2026", "--due", "2027-01-31", "-o", base / "vyhodnoceni", cwd=repo)
        books = sorted((base / "vyhodnoceni").glob("*.xlsx"))
        run("import results", "import", "results", *books, "--dry-run", cwd=repo)

        mistakes = base / "s-chybami"
        shutil.copytree(EXAMPLE, mistakes)
        with_mistakes(mistakes)
        mp.delenv("GITHUB_STEP_SUMMARY", raising=False)
        for fmt in ("json", "sarif", "github"):
            run(f"validate {fmt}", "validate", "--format", fmt, cwd=mistakes, fmt=fmt)
    i18n.set_language("en")  # the other tests read English
    return out


def document_text(path: Path) -> str:
    """Every text of a rendered DOCX a reader sees: paragraphs, table cells, headers and footers."""
    import docx

    document = docx.Document(str(path))
    lines = [p.text for p in document.paragraphs]
    for table in document.tables:
        lines += [" | ".join(cell.text for cell in row.cells) for row in table.rows]
    for section in document.sections:
        lines += [p.text for p in (*section.header.paragraphs, *section.footer.paragraphs)]
    return "\n".join(lines)


def site_text(folder: Path) -> str:
    """The text a visitor reads on every page of a rendered web site (no tags, scripts or styles)."""
    import html
    import re

    pages = []
    for page in sorted(folder.rglob("*.html")):
        text = re.sub(r"<script.*?</script>|<style.*?</style>", "", page.read_text(encoding="utf-8"), flags=re.S)
        pages.append(html.unescape(re.sub(r"<[^>]+>", "\n", text)))
    return "\n".join(pages)


def commands() -> list[tuple[str, ...]]:
    """Every command and subcommand of kpss (the root first), as typed after ``kpss``."""
    import typer.main

    from kpss_cli.cli import app

    found: list[tuple[str, ...]] = []

    def walk(command, path: tuple[str, ...]) -> None:  # type: ignore[no-untyped-def]
        found.append(path)
        for name, sub in getattr(command, "commands", {}).items():
            if not getattr(sub, "hidden", False):
                walk(sub, (*path, name))

    walk(typer.main.get_command(app), ())
    return found


def help_pages(lang: str) -> dict[str, tuple[int, str]]:
    """``kpss … --help --lang lang`` of every command: its exit status and all it printed."""
    from kpss_cli import i18n

    out = {}
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("COLUMNS", "100")
        mp.delenv("KPSS_LANG", raising=False)
        for path in commands():
            result = _invoke([*path, "--help", "--lang", lang], None)
            out[" ".join(("kpss", *path))] = (result.exit_code, result.stdout + result.stderr)
    i18n.set_language("en")  # the other tests read English
    return out


def unwrapped(text: str) -> str:
    """A --help page with the lines click wrapped joined again, so that a code span (`2 350 000
    Kč`) or a file name broken at its hyphen (druhy-socialni-sluzby.json) is whole for the
    detectors; an option's row stays a line of its own."""
    import re

    text = re.sub(r"(?<=\w)-\n[ \t]+(?=\w)", "-", text)
    return re.sub(r"\n[ \t]+(?=[^\s-])", " ", text)
