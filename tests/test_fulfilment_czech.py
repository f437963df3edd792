"""`kpss report fulfilment` refusals in Czech (the report itself: tests/test_cycle_czech.py)."""

from __future__ import annotations

from pathlib import Path

from english import english_words


def test_report_refusals_in_czech(run_kpss, example_repo: Path) -> None:
    outside = run_kpss("report", "fulfilment", "--year", "1999", "--lang", "cs", cwd=example_repo)
    assert outside.exit_code == 2
    assert (
        "rok 1999 leží mimo období 2024–2027 plánu 2024-2027; zadejte rok od 2024 do 2027, "
        "nebo zvolte plán, do něhož rok 1999 patří"
    ) in " ".join(outside.stderr.split())
    unknown = run_kpss("report", "fulfilment", "--plan", "1990-1993", "--lang", "cs", cwd=example_repo)
    assert unknown.exit_code == 2
    assert "plán '1990-1993' neexistuje; známé plány: 2020-2023, 2024-2027" in unknown.stderr
    assert english_words(outside.stderr + unknown.stderr) == []
