"""The coordinator's whole year in Czech: no English word of kpss's own reaches the screen.

One run of the yearly cycle on the bundled example (tests/cycle.py: init, validate, rollover,
diff, the reports, render, import registry, collect, import results, and validate of a copy with
mistakes in the formats json, sarif and github), every command with
``--lang cs``. Each command's output is then checked on its own against the list of English
words of tests/english.py (code values, file names and commands in backticks are not words). The
same run with ``--lang en`` is tests/test_cycle_english.py.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import EXAMPLE
from cycle import STEPS, commands, document_text, help_pages, run_year, site_text, unwrapped
from english import english_words

# Commands whose Czech belongs to another part of the work and has not landed yet: the reason
# names what is still English. strict: the mark fails as soon as the command is all Czech.
PENDING: dict[str, str] = {}


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("cycle")


@pytest.fixture(scope="module")
def year(base: Path) -> dict[str, tuple[int, str]]:
    """Every step of the year: its exit status and all it printed (stdout and stderr)."""
    return run_year(base, "cs")


@pytest.mark.parametrize(
    "step",
    [
        pytest.param(s, marks=pytest.mark.xfail(strict=True, reason=PENDING[s])) if s in PENDING else s
        for s in STEPS
    ],
)
def test_the_year_in_czech_has_no_english_word(year: dict[str, tuple[int, str]], step: str) -> None:
    code, text = year[step]
    assert code in (0, 1), f"{step}: exit {code}\n{text}"
    assert text.strip(), f"{step} printed nothing"
    assert english_words(text) == [], f"{step}:\n{text}"


def test_the_action_plan_rendered_in_czech_has_no_english_word(year: dict[str, tuple[int, str]], base: Path) -> None:
    text = document_text(base / "akcni-plan-2027.docx")
    assert "Akční plán sociálních služeb na rok 2027" in text
    assert "Rozpočet celkem | 119\u00a0620\u00a0000\u00a0Kč" in text
    assert english_words(text) == [], text


def test_the_web_site_in_czech_has_no_english_word(run_kpss, tmp_path: Path) -> None:
    result = run_kpss("render", "site", "-o", tmp_path / "site", "--lang", "cs", "--repo", EXAMPLE)
    assert result.exit_code == 0, result.output
    text = site_text(tmp_path / "site")
    assert "Katalog služeb" in text
    assert english_words(text) == []


def test_the_year_ran_every_step(year: dict[str, tuple[int, str]]) -> None:
    assert list(year) == list(STEPS)
    assert year["init"][0] == 0 and year["validate new"][0] == 0
    assert year["rollover"][0] == 0 and "Zapsáno: plans/2024-2027/action-plans/2027.yaml" in year["rollover"][1]
    # the new action plan is what the working tree adds to the last commit
    assert "  + akční plán 2027 (plán 2024-2027) přidáno" in year["diff"][1]
    # the action plan and its 15 items (9 carried over, 6 carried on)
    assert "**přidáno 16** v 1 souboru." in year["diff markdown"][1]
    # the copy with mistakes: four errors, the rules of the SARIF in Czech
    assert all(year[f"validate {fmt}"][0] == 1 for fmt in ("json", "sarif", "github"))
    ico = "IČO 00283704 poskytovatele mesto-zidlochovice má chybnou kontrolní číslici; ověřte ho v obchodním rejstříku (ARES)"
    assert ico in year["validate json"][1].splitlines() and ico in year["validate github"][1].splitlines()
    assert "chybná kontrolní číslice IČO" in year["validate sarif"][1].splitlines()


@pytest.fixture(scope="module")
def helps() -> dict[str, tuple[int, str]]:
    return help_pages("cs")


@pytest.mark.parametrize("command", [" ".join(("kpss", *path)) for path in commands()])
def test_the_help_of_every_command_in_czech_has_no_english_word(helps: dict[str, tuple[int, str]], command: str) -> None:
    """--help: the usage line, the placeholders ([VOLBY], ROK, SOUBOR), the texts, click's own."""
    code, text = helps[command]
    assert code == 0, text
    assert text.startswith(f"Použití: {command} [VOLBY]"), text
    assert english_words(unwrapped(text)) == [], f"{command} --help:\n{text}"
