"""The words around a command in the language of the run: the reports' headers and summaries.
Czech under --lang cs (the default of a real run), English under --lang en, exactly as a user
reads them."""

from __future__ import annotations

from pathlib import Path

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
