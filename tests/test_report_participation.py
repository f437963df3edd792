"""``kpss report participation`` on the example: figures counted by hand from meetings/."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

from conftest import EXAMPLE

# Every personal name of the example's groups, meetings and consultation.
NAMES = ("Pospíšilová", "Kratochvílová", "Doležal", "Malá", "Kovář", "Novotný", "Horáková", "Habrman")


def _json(run_kpss: Any, *args: object) -> dict[str, Any]:
    result = run_kpss("report", "participation", "--repo", EXAMPLE, "--format", "json", *args)
    assert result.exit_code == 0, result.output
    return dict(json.loads(result.stdout))


def test_json_per_group_and_year(run_kpss: Any) -> None:
    report = _json(run_kpss, "--year", "2025")
    assert report["year"] == 2025
    (year,) = report["years"]
    assert year["plan"] == "2024-2027"
    # 3 steering + 4 + 3 + 3 working-group meetings; decisions 2+2+2, 2+1+2+1, 2+1+1, 2+1+1.
    assert year["meetings"] == 13
    assert year["decisions"] == 20
    by_group = {g["group"]: g for g in year["groups"]}
    seniors = by_group["ps-seniori"]
    assert seniors["meetings"] == 4
    assert seniors["mean_attendance"] == 5.5  # (6 + 5 + 7 + 4) / 4
    assert seniors["guests"] == 3
    assert seniors["measures"] == ["1.1", "1.2", "1.3", "1.4", "1.5"]
    assert by_group["ps-rodina"]["mean_attendance"] == 4.0  # (4 + 5 + 3) / 3
    assert by_group["ridici-skupina"]["mean_attendance"] == 5.7  # (6 + 5 + 6) / 3 = 5.67
    # (6+5+6 + 6+5+7+4 + 4+5+3 + 4+5+4) / 13 = 64 / 13 = 4.92
    assert year["mean_attendance"] == 4.9
    assert [m["id"] for m in year["undiscussed"]] == ["2.3", "3.3"]
    (consultation,) = report["consultations"]
    assert consultation["counts"] == {"accepted": 5, "partly_accepted": 4, "rejected": 2, "noted": 2}
    assert consultation["unsettled"] == 0 and consultation["comments"] == 13


def test_every_year_with_a_meeting_by_default(run_kpss: Any) -> None:
    report = _json(run_kpss)
    assert report["year"] is None
    assert [y["year"] for y in report["years"]] == [2023, 2025]
    steering_2023 = next(g for g in report["years"][0]["groups"] if g["group"] == "ridici-skupina")
    assert (steering_2023["meetings"], steering_2023["decisions"]) == (2, 3)


def test_a_year_without_meetings_lists_every_group_with_none(run_kpss: Any) -> None:
    (year,) = _json(run_kpss, "--year", "2024")["years"]
    assert year["meetings"] == 0 and year["mean_attendance"] is None
    assert len(year["groups"]) == 4 and all(g["meetings"] == 0 for g in year["groups"])
    # The 16 measures of 2024-2027 less 3.4, which starts in 2025.
    assert len(year["undiscussed"]) == 15 and "3.4" not in [m["id"] for m in year["undiscussed"]]


def test_table_markdown_csv_say_the_same(run_kpss: Any) -> None:
    table = run_kpss("report", "--lang", "cs", "participation", "--repo", EXAMPLE, "--year", "2025")
    assert table.exit_code == 0, table.output
    assert "Rok 2025 (plán 2024-2027)" in table.stdout
    assert "Opatření, která v roce 2025 žádná skupina neprojednala: 2.3" in table.stdout
    markdown = run_kpss("report", "--lang", "cs", "participation", "--repo", EXAMPLE, "--year", "2025", "-f", "markdown")
    assert "| Senioři a osoby se zdravotním postižením | 4 | 5,5 | 6 | 1.1, 1.2, 1.3, 1.4, 1.5 |" in markdown.stdout
    assert "| **Celkem** | **13** | **4,9** | **20** | **14 opatření** |" in markdown.stdout
    assert "- 3.3 Krizová pomoc a podpora obětí domácího násilí" in markdown.stdout
    as_csv = run_kpss("report", "--lang", "cs", "participation", "--repo", EXAMPLE, "--year", "2025", "-f", "csv")
    rows = list(csv.DictReader(io.StringIO(as_csv.stdout)))
    assert [r["group"] for r in rows] == ["ridici-skupina", "ps-seniori", "ps-rodina", "ps-vylouceni"]
    assert rows[1]["mean_attendance"] == "5.5" and rows[1]["measures"] == "1.1 1.2 1.3 1.4 1.5"
    # the measures no group discussed in 2025 (2.3 and 3.3 of the example) stand on every row of the year
    assert {r["undiscussed_measures"] for r in rows} == {"2.3 3.3"}
    excel = run_kpss("report", "--lang", "cs", "participation", "--repo", EXAMPLE, "--year", "2025", "--excel")
    assert excel.stdout.splitlines()[2].split(";")[6] == "5,5"
    for run in (table, markdown, as_csv):
        for name in NAMES:
            assert name not in run.stdout


def test_no_names_in_json(run_kpss: Any) -> None:
    text = json.dumps(_json(run_kpss), ensure_ascii=False)
    for name in NAMES:
        assert name not in text


def test_pipe_in_a_group_name_stays_in_its_cell(run_kpss: Any, example_repo: Path) -> None:
    groups = example_repo / "groups.yaml"
    groups.write_text(
        groups.read_text(encoding="utf-8").replace("name: Rodina, děti a mládež", "name: Rodina | děti"),
        encoding="utf-8",
    )
    result = run_kpss("report", "participation", "--repo", example_repo, "--year", "2025", "-f", "markdown")
    assert "| Rodina \\| děti | 3 |" in result.stdout


def test_an_invalid_repository_cannot_be_reported(run_kpss: Any, example_repo: Path) -> None:
    meeting = example_repo / "meetings" / "2025-03-12-ps-seniori.yaml"
    meeting.write_text(
        meeting.read_text(encoding="utf-8").replace("group: ps-seniori", "group: ps-nikdo"), encoding="utf-8"
    )
    result = run_kpss("report", "participation", "--repo", example_repo)
    assert result.exit_code == 2
    assert "KP255" in result.stderr and "Traceback" not in result.output
