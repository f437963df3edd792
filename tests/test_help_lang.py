"""The placeholders of --help in the language of the run (docs/i18n.md, "--help"): the usage line
([VOLBY], PŘÍKAZ [ARGUMENTY]...), the arguments (ROK, SOUBOR…), the options' values (--output
SOUBOR) and click's own [výchozí: …] / [povinné] are Czech under --lang cs and English under
--lang en, the same words the help texts use."""

from __future__ import annotations

import re

import pytest
from cycle import commands


def page(run_kpss, *args: str) -> list[str]:
    run = run_kpss(*args, "--help")
    assert run.exit_code == 0, run.output
    return run.stdout.splitlines()


def rows(lines: list[str]) -> str:
    """The page with its wrapped lines joined, one space between words."""
    return " ".join(" ".join(lines).split())


@pytest.mark.parametrize(
    "args,cs,en",
    [
        ([], "Použití: kpss [VOLBY] PŘÍKAZ [ARGUMENTY]...", "Usage: kpss [OPTIONS] COMMAND [ARGS]..."),
        (["report"], "Použití: kpss report [VOLBY] PŘÍKAZ [ARGUMENTY]...", "Usage: kpss report [OPTIONS] COMMAND [ARGS]..."),
        (["report", "network"], "Použití: kpss report network [VOLBY] [ROK]", "Usage: kpss report network [OPTIONS] [YEAR]"),
        (["rollover"], "Použití: kpss rollover [VOLBY] {ROK}", "Usage: kpss rollover [OPTIONS] {YEAR}"),
        (["validate"], "Použití: kpss validate [VOLBY] [CESTY…]", "Usage: kpss validate [OPTIONS] [PATHS…]"),
        (["schema"], "Použití: kpss schema [VOLBY] [NÁZEV]", "Usage: kpss schema [OPTIONS] [NAME]"),
        (["init"], "Použití: kpss init [VOLBY] [SLOŽKA]", "Usage: kpss init [OPTIONS] [DIR]"),
        (["diff"], "Použití: kpss diff [VOLBY] [PLÁN|CESTA]", "Usage: kpss diff [OPTIONS] [PLAN|PATH]"),
        (["render"], "Použití: kpss render [VOLBY] {DRUH} [ID]", "Usage: kpss render [OPTIONS] {KIND} [ID]"),
        (["import", "results"], "Použití: kpss import results [VOLBY] {SOUBOR…}", "Usage: kpss import results [OPTIONS] {FILE…}"),
    ],
)
def test_the_usage_line_in_both_languages(run_kpss, args: list[str], cs: str, en: str) -> None:
    assert page(run_kpss, *args, "--lang", "cs")[0] == cs
    assert page(run_kpss, *args, "--lang", "en")[0] == en


def test_the_values_of_options_and_click_s_own_words_in_czech(run_kpss) -> None:
    fulfilment = rows(page(run_kpss, "report", "fulfilment", "--lang", "cs"))
    assert "-o, --output SOUBOR Zapíše do souboru SOUBOR místo na standardní výstup" in fulfilment
    assert "-y, --year ROK Hodnocený rok." in fulfilment and "-p, --plan PLÁN Id plánu" in fulfilment
    assert "-C, --repo SLOŽKA Repozitář plánu (složka s kpss.yaml)." in fulfilment
    # a choice lists its values, which are codes
    assert "-f, --format <table|markdown|json|csv>" in fulfilment
    rollover = rows(page(run_kpss, "rollover", "--lang", "cs"))
    assert "Argumenty: ROK Rok nového akčního plánu, např. 2027. [povinné]" in rollover
    assert "--force Nahradí akční plán roku ROK, pokud už existuje." in rollover
    assert "Formát souhrnu: text, nebo json (jeden dokument na standardní výstup). [výchozí: text]" in rollover
    init = rows(page(run_kpss, "init", "--lang", "cs"))
    assert "--years POČET Délka prvního plánovacího období v letech. [výchozí: 4; 1<=x<=10]" in init
    assert "-C, --repo SLOŽKA Složka nového repozitáře (místo argumentu SLOŽKA)." in init
    diff = rows(page(run_kpss, "diff", "--lang", "cs"))
    assert "-r, --rev VERZE[..VERZE2] Porovná repozitář ve verzi gitu VERZE s verzí VERZE2" in diff
    collect = rows(page(run_kpss, "collect", "--lang", "cs"))
    assert "--due DATUM Datum, do kdy" in collect and "-o, --output SLOŽKA Složka pro sešity" in collect


def test_the_values_of_options_and_click_s_own_words_in_english(run_kpss) -> None:
    fulfilment = rows(page(run_kpss, "report", "fulfilment", "--lang", "en"))
    assert "-o, --output FILE Write to FILE (atomically" in fulfilment
    assert "-y, --year YEAR" in fulfilment and "-p, --plan PLAN" in fulfilment and "-C, --repo DIR" in fulfilment
    rollover = rows(page(run_kpss, "rollover", "--lang", "en"))
    assert "Arguments: YEAR The year of the new action plan, e.g. 2027. [required]" in rollover
    assert "[default: text]" in rollover
    init = rows(page(run_kpss, "init", "--lang", "en"))
    assert "--years COUNT Length of the first plan period in years. [default: 4; 1<=x<=10]" in init
    assert "-C, --repo DIR Folder of the new repository (instead of DIR)." in init


# Every placeholder of kpss in either language (the words of the usage lines and the options'
# values); each language's help has none of the other's.
EN_WORDS = {"OPTIONS", "COMMAND", "ARGS", "YEAR", "FILE", "PATHS", "PATH", "DIR", "NAME", "KIND", "CODE", "PLAN",
            "COUNT", "NUMBER", "DATE", "REV", "REV2"}
CS_WORDS = {"VOLBY", "PŘÍKAZ", "ARGUMENTY", "ROK", "SOUBOR", "CESTY", "CESTA", "SLOŽKA", "NÁZEV", "DRUH", "KÓD",
            "PLÁN", "POČET", "ČÍSLO", "DATUM", "VERZE", "VERZE2"}
_CAPITALS = re.compile(r"(?<![\w-])[A-ZÁČĎÉĚÍŇÓŘŠŤÚŮÝŽ][A-ZÁČĎÉĚÍŇÓŘŠŤÚŮÝŽ0-9]+(?![\w])")


@pytest.mark.parametrize("path", commands(), ids=lambda p: " ".join(("kpss", *p)))
def test_no_placeholder_of_the_other_language(run_kpss, path: tuple[str, ...]) -> None:
    cs = set(_CAPITALS.findall("\n".join(page(run_kpss, *path, "--lang", "cs"))))
    en = set(_CAPITALS.findall("\n".join(page(run_kpss, *path, "--lang", "en"))))
    assert cs & EN_WORDS == set(), path
    assert en & CS_WORDS == set(), path
    # what the usage line names is the word the texts use: ROK in Czech exactly where YEAR in English
    assert len(cs & CS_WORDS) == len(en & EN_WORDS), (path, cs & CS_WORDS, en & EN_WORDS)


def test_a_usage_error_names_the_argument_in_the_language_of_the_run(run_kpss) -> None:
    cs = run_kpss("collect", "--lang", "cs")
    assert cs.exit_code == 2
    assert [ln for ln in cs.stderr.splitlines() if ln.strip()][0] == "Použití: kpss collect [VOLBY] {ROK}"
    assert cs.stderr.rstrip().endswith("Chyba: Chybí argument 'ROK'.")
    en = run_kpss("collect", "--lang", "en")
    assert en.stderr.rstrip().endswith("Error: Missing argument 'YEAR'.")
