"""The words around a command in the language of the run: click's usage errors, the reports'
headers and summaries. Czech under --lang cs (the default of a real run), English under
--lang en, exactly as a user reads them."""

from __future__ import annotations

from pathlib import Path

import pytest


def stderr_lines(run) -> list[str]:
    return [line for line in run.stderr.splitlines() if line.strip()]


def test_unknown_option_in_czech(run_kpss) -> None:
    run = run_kpss("validate", "--nope", "--lang", "cs")
    assert run.exit_code == 2
    assert stderr_lines(run) == [
        "Použití: kpss validate [VOLBY] [CESTY…]",
        "Nápovědu vypíše 'kpss validate -h'.",
        "Chyba: Neznámá volba: --nope",
    ]


def test_unknown_option_names_the_close_one_in_czech(run_kpss) -> None:
    run = run_kpss("validate", "--formt", "json", "--lang", "cs")
    assert run.exit_code == 2
    assert stderr_lines(run)[-1] == "Chyba: Neznámá volba: --formt (měli jste na mysli --format?)"


def test_missing_argument_in_czech(run_kpss) -> None:
    run = run_kpss("rollover", "--lang", "cs")
    assert run.exit_code == 2
    assert stderr_lines(run)[-1] == "Chyba: Chybí argument 'ROK'."


@pytest.mark.parametrize(
    ("extra", "said"),
    [(["2026"], "Chyba: Nečekaný argument navíc (2026)"), (["2026", "2027"], "Chyba: Nečekané argumenty navíc (2026 2027)")],
)
def test_unexpected_extra_arguments_in_czech(run_kpss, extra: list[str], said: str) -> None:
    run = run_kpss("report", "grants", "2025", *extra, "--lang", "cs")
    assert run.exit_code == 2
    assert stderr_lines(run)[-1] == said


def test_invalid_values_in_czech(run_kpss) -> None:
    choice = run_kpss("report", "fulfilment", "--format", "pdf", "--lang", "cs")
    assert choice.exit_code == 2
    assert stderr_lines(choice)[-1] == (
        "Chyba: Neplatná hodnota '--format' / '-f': 'pdf' není žádná z hodnot 'table', 'markdown', 'json', 'csv'."
    )
    number = run_kpss("report", "fulfilment", "--year", "příští", "--lang", "cs")
    assert number.exit_code == 2
    assert stderr_lines(number)[-1] == "Chyba: Neplatná hodnota '--year' / '-y': 'příští' není celé číslo."


def test_unknown_command_in_czech(run_kpss) -> None:
    run = run_kpss("rollower", "--lang", "cs")
    assert run.exit_code == 2
    assert stderr_lines(run)[-2:] == ["Nápovědu vypíše 'kpss -h'.", "Chyba: Příkaz 'rollower' neexistuje. (měli jste na mysli 'rollover'?)"]


def test_no_english_word_of_click_reaches_a_czech_user(run_kpss) -> None:
    for args in (["validate", "--nope"], ["rollover"], ["report", "grants", "1", "2"], ["diff", "--rev"]):
        text = run_kpss(*args, "--lang", "cs").stderr
        for word in ("Usage", "Try ", "Error", "No such", "Missing", "unexpected", "requires", "Invalid"):
            assert word not in text, (args, text)


def test_usage_errors_stay_as_click_wrote_them_in_english(run_kpss) -> None:
    run = run_kpss("validate", "--nope", "--lang", "en")
    assert run.exit_code == 2
    assert stderr_lines(run) == [
        "Usage: kpss validate [OPTIONS] [PATHS…]",
        "Try 'kpss validate -h' for help.",
        "Error: No such option: --nope",
    ]


# -- the reports ----------------------------------------------------------------------------------


def test_fulfilment_report_in_czech_and_in_english(run_kpss, example_repo: Path) -> None:
    args = ("report", "fulfilment", "--year", "2025", "--format", "markdown", "--repo", example_repo)
    cs = run_kpss(*args, "--lang", "cs").stdout
    assert cs.startswith("# Vyhodnocení plnění: ")
    assert "\n## Souhrn\n" in cs and "| Stav | Počet opatření |" in cs and "| **Celkem** |" in cs
    assert "\n## Financování\n" in cs and "| Zdroj financování | Plánováno | Čerpáno |" in cs
    en = run_kpss(*args, "--lang", "en").stdout
    assert en.startswith("# Fulfilment: ")
    assert "\n## Summary\n" in en and "| Status | Number of measures |" in en and "| **Total** |" in en
    assert "\n## Funding\n" in en and "| Funding source | Planned | Spent |" in en
    # The status labels follow the language too (the code lists carry both).
    assert "| splněno | 8 |" in cs and "| fulfilled | 8 |" in en


def test_finance_table_headers_in_czech(run_kpss, example_repo: Path) -> None:
    run = run_kpss("report", "finance", "--year", "2025", "--repo", example_repo, "--lang", "cs")
    assert run.exit_code == 0, run.output
    for words in ("Financování: ", "Podle zdrojů financování", "Podle let", "Podle priorit", "Čerpáno % ¹"):
        assert words in run.stdout
    en = run_kpss("report", "finance", "--year", "2025", "--repo", example_repo, "--lang", "en")
    for words in ("Funding: ", "By funding source", "By year", "By priority", "Spent % ¹"):
        assert words in en.stdout


def test_written_note_in_czech(run_kpss, example_repo: Path, tmp_path: Path) -> None:
    out = tmp_path / "plneni.md"
    run = run_kpss("report", "fulfilment", "--year", "2025", "-f", "markdown", "-o", out, "--repo", example_repo, "--lang", "cs")
    assert run.exit_code == 0, run.output
    assert run.stderr == f"zapsáno: {out}\n"


def test_plain_csv_keeps_its_english_keys_in_czech(run_kpss, example_repo: Path) -> None:
    run = run_kpss("report", "network", "2025", "--format", "csv", "--repo", example_repo, "--lang", "cs")
    assert run.exit_code == 0, run.output
    assert run.stdout.splitlines()[0].startswith("year,level,group,type,type_label,service,name,provider")


def test_participation_counts_in_czech_plural_forms(run_kpss) -> None:
    from conftest import EXAMPLE

    run = run_kpss("report", "participation", "--year", "2025", "--repo", EXAMPLE, "--lang", "cs")
    assert run.exit_code == 0, run.output
    assert "Zapojení do plánování: rok 2025" in run.stdout
    assert "připomínkování" in run.stdout and " připomínek (" in run.stdout  # 13 připomínek
