"""The coordinator's whole year in English: no Czech word or Czech figure of kpss's own.

The same run of the yearly cycle as tests/test_cycle_czech.py (tests/cycle.py), every command
with ``--lang en``. Each command's output is checked on its own against the Czech vocabulary of
kpss itself (tests/czech_words.py: the Czech catalogue, the caption tables, the Czech labels of
the code lists, every Czech string of the code), without the words of the example's own files
(titles, names and notes a coordinator wrote in Czech are user data) and without code values and
file names; and for figures in the Czech format (``87,5 %``, ``1 200 000 Kč``, ``19. 3. 2025``)
that kpss wrote itself. Each hit names the command, the line and the word.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import EXAMPLE
from cycle import DATA, STEPS, commands, document_text, help_pages, run_year, site_text, unwrapped
from czech_words import czech_words

# What the user wrote: the example repository and the registry's sample files the import reads.
USER_DATA = (EXAMPLE, DATA)


@pytest.fixture(scope="module")
def year(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, tuple[int, str]]]:
    base = tmp_path_factory.mktemp("cycle-en")
    return base, run_year(base, "en")


@pytest.mark.parametrize("step", STEPS)
def test_the_year_in_english_has_no_czech_word_of_kpss(
    year: tuple[Path, dict[str, tuple[int, str]]], step: str
) -> None:
    code, text = year[1][step]
    assert code in (0, 1), f"{step}: exit {code}\n{text}"
    assert text.strip(), f"{step} printed nothing"
    hits = czech_words(text, USER_DATA)
    assert hits == [], f"{step}: Czech of kpss's own in English:\n" + "\n".join(
        f"  line {n}: {word!r} in {line.strip()!r}" for n, word, line in hits
    )


def test_the_action_plan_rendered_in_english_has_no_czech_word_of_kpss(
    year: tuple[Path, dict[str, tuple[int, str]]]
) -> None:
    """The document of the render step: captions, figures and dates in English, the plan's own
    Czech titles as written."""
    text = document_text(year[0] / "akcni-plan-2027.docx")
    assert "Action plan of social services for 2027" in text
    assert "Budget in total | 119,620,000\u00a0CZK" in text
    hits = czech_words(text, USER_DATA)
    assert hits == [], "\n".join(f"  line {n}: {word!r} in {line.strip()!r}" for n, word, line in hits)


def test_the_web_site_in_english_has_no_czech_word_of_kpss(run_kpss, tmp_path: Path) -> None:
    result = run_kpss("render", "site", "-o", tmp_path / "site", "--lang", "en", "--repo", EXAMPLE)
    assert result.exit_code == 0, result.output
    text = site_text(tmp_path / "site")
    assert "Catalogue of services" in text
    hits = czech_words(text, USER_DATA)
    assert hits == [], "\n".join(f"  {word!r} in {line.strip()!r}" for _, word, line in hits)


def test_the_year_ran_every_step(year: tuple[Path, dict[str, tuple[int, str]]]) -> None:
    out = year[1]
    assert list(out) == list(STEPS)
    assert out["init"][0] == 0 and out["validate new"][0] == 0
    assert out["rollover"][0] == 0 and "Wrote plans/2024-2027/action-plans/2027.yaml" in out["rollover"][1]
    assert "  + action plan 2027 (plan 2024-2027) added" in out["diff"][1]
    assert "**16 added** in 1 file." in out["diff markdown"][1]
    assert all(out[f"validate {fmt}"][0] == 1 for fmt in ("json", "sarif", "github"))
    ico = "IČO 00283704 of provider mesto-zidlochovice has a wrong check digit; check it in the business register (ARES)"
    assert ico in out["validate json"][1].splitlines() and ico in out["validate github"][1].splitlines()
    assert "invalid IČO check digit" in out["validate sarif"][1].splitlines()


def test_the_detector_finds_czech_of_kpss_and_lets_user_data_through() -> None:
    """The guard itself: a Czech word of kpss, a Czech figure; a title from the example is fine."""
    line = "1.2  Osobní asistence, tísňová péče a poradenství pro osoby žijící samostatně"
    assert czech_words(line, USER_DATA) == []
    assert [w for _, w, _ in czech_words(f"{line} [2026: nevyhodnoceno]", USER_DATA)] == ["nevyhodnoceno"]
    assert [w for _, w, _ in czech_words("Total 1\u00a0200\u00a0000\u00a0Kč, 87,5\u00a0%", USER_DATA)] == [
        "1\u00a0200\u00a0000\u00a0Kč", "87,5",
    ]
    assert czech_words("Total CZK 1,200,000, 87.5%, 2025-03-19, `services.yaml`", USER_DATA) == []
    assert [w for _, w, _ in czech_words("consultation 19. 3. 2025", USER_DATA)] == ["19. 3. 2025"]


@pytest.fixture(scope="module")
def helps() -> dict[str, tuple[int, str]]:
    return help_pages("en")


@pytest.mark.parametrize("command", [" ".join(("kpss", *path)) for path in commands()])
def test_the_help_of_every_command_in_english_has_no_czech_word_of_kpss(
    helps: dict[str, tuple[int, str]], command: str
) -> None:
    code, text = helps[command]
    assert code == 0, text
    assert text.startswith(f"Usage: {command} [OPTIONS]"), text
    hits = czech_words(unwrapped(text), USER_DATA)
    assert hits == [], f"{command} --help: Czech of kpss's own in English:\n" + "\n".join(
        f"  line {n}: {word!r} in {line.strip()!r}" for n, word, line in hits
    )
