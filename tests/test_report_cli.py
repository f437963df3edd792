"""`kpss report fulfilment` and `finance` through the CLI: every format, every exit code."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from test_report import write_repo

from kpss_cli.finance import compute_finance
from kpss_cli.fulfilment import compute_fulfilment, load_report_repository

NBSP = "\u00a0"


@pytest.fixture
def small(tmp_path: Path) -> Path:
    return write_repo(tmp_path / "small")


def library_json(root: Path, *, plan: str | None = None, year: int | None = None) -> dict:
    """What the library computes, serialised and read back like the CLI's output."""
    report = compute_fulfilment(load_report_repository(root, plan), plan, year)
    return json.loads(json.dumps(report.to_json()))


# -- json is the library's object ---------------------------------------------------------------


@pytest.mark.parametrize("args", [[], ["--year", "2024"], ["--plan", "2020-2023"]])
def test_json_equals_the_library_result(run_kpss, example_repo: Path, args: list[str]) -> None:
    run = run_kpss("report", "fulfilment", "--format", "json", "--repo", example_repo, *args)
    assert run.exit_code == 0, run.stderr
    plan = args[1] if args[:1] == ["--plan"] else None
    year = int(args[1]) if args[:1] == ["--year"] else None
    assert json.loads(run.stdout) == library_json(example_repo, plan=plan, year=year)


def test_json_of_the_example(run_kpss, example_repo: Path) -> None:
    data = json.loads(run_kpss("report", "fulfilment", "-f", "json", cwd=example_repo).stdout)
    assert (data["plan"], data["year"]) == ("2024-2027", 2025)  # KPSS_TODAY is 2026-11-23
    assert sum(data["counts"].values()) == len(data["measures"]) == 16
    assert all(isinstance(m["achievement"], (int, float)) for m in data["measures"])


def test_finance_json_equals_the_library_result(run_kpss, example_repo: Path) -> None:
    run = run_kpss("report", "finance", "-f", "json", "--repo", example_repo)
    assert run.exit_code == 0, run.stderr
    expected = compute_finance(load_report_repository(example_repo)).to_json()
    assert json.loads(run.stdout) == json.loads(json.dumps(expected))


# -- table ----------------------------------------------------------------------------------------


def test_table_shows_czech_status_bars_and_totals_in_80_columns(run_kpss, small: Path) -> None:
    run = run_kpss("report", "--lang", "cs", "fulfilment", "--year", "2021", "--repo", small)
    assert run.exit_code == 0, run.stderr
    out = run.stdout
    assert "Priorita P1: Senioři" in out
    assert "částečně splněno" in out and "nevyhodnoceno" in out
    assert "████████░░ 87,8 %" in out.replace(NBSP, " ")  # the bar of measure 1.1
    assert "Celkem" in out and "57,4 %" in out.replace(NBSP, " ")  # P1's mean
    assert "Práh částečného splnění: 60 %" in out.replace(NBSP, " ")
    assert max(len(line) for line in out.splitlines()) <= 80


def test_table_shows_missing_values_as_missing(run_kpss, small: Path) -> None:
    out = run_kpss("report", "fulfilment", "--year", "2021", "--repo", small).stdout
    line = next(line for line in out.splitlines() if line.startswith(" 2.1.a"))
    assert "–" in line and " 0 %" not in line.replace(NBSP, " ")


def test_finance_table(run_kpss, small: Path) -> None:
    run = run_kpss("report", "finance", "--repo", small)
    assert run.exit_code == 0, run.stderr
    out = run.stdout.replace(NBSP, " ")
    assert "MPSV grant (through the region, §101a)" in out
    assert "3,800 CZK" in out and "3,900 CZK" in out
    assert max(len(line) for line in run.stdout.splitlines()) <= 80


# -- markdown -------------------------------------------------------------------------------------


def test_markdown_is_czech_and_pasteable(run_kpss, small: Path) -> None:
    run = run_kpss("report", "--lang", "cs", "fulfilment", "--year", "2021", "-f", "markdown", "--repo", small)
    assert run.exit_code == 0, run.stderr
    md = run.stdout
    assert md.startswith("# Vyhodnocení plnění: Komunitní plán Testov 2020–2022\n")
    assert "| 1.1 Pečovatelská služba | částečně splněno | 87,8 % |" in md.replace(NBSP, " ")
    assert "splněno \\*" in md  # the explicit status of 1.3 is marked and explained
    assert "nevyhodnoceno (není v akčním plánu)" in md
    assert "| 1.1.b Čekatelé | ≤ 10 osoby | 12 osoby | 83,3 % |" in md.replace(NBSP, " ")
    assert "| **Celkem** | **3 950 Kč** | **3 550 Kč** |" in md.replace(NBSP, " ")
    for line in md.splitlines():
        if line.startswith("|"):
            assert line.endswith("|")


def test_markdown_over_the_period_names_the_aggregation(run_kpss, small: Path) -> None:
    md = run_kpss("report", "--lang", "cs", "fulfilment", "-f", "markdown", "--repo", small).stdout
    assert "období 2020–2022 (vyhodnocené roky: 2020, 2021)" in md
    assert "Bez akčního plánu: 2022" in md
    assert "1.2.e Hodiny péče (součet let) | 50 hodiny | 45 hodiny | 90 % |" in md.replace(
        NBSP, " "
    )


def test_finance_markdown(run_kpss, small: Path) -> None:
    md = run_kpss("report", "--lang", "cs", "finance", "-f", "markdown", "--repo", small).stdout.replace(NBSP, " ")
    assert "## Podle zdrojů financování" in md and "## Podle let" in md
    assert "| 2021 | 3 950 Kč | 3 550 Kč | 98,6 % |" in md


# -- csv ------------------------------------------------------------------------------------------


def test_csv_one_row_per_indicator(run_kpss, small: Path) -> None:
    run = run_kpss("report", "fulfilment", "--year", "2021", "-f", "csv", "--repo", small)
    assert run.exit_code == 0, run.stderr
    rows = list(csv.DictReader(io.StringIO(run.stdout)))
    assert len(rows) == 3 + 3 + 1 + 1 + 1 + 1  # indicators of the six measures active in 2021
    b = next(r for r in rows if r["indicator"] == "1.1.b")
    assert (b["kind"], b["target"], b["actual"], b["achievement"]) == (
        "at_most",
        "10",
        "12",
        "83.33",
    )
    c = next(r for r in rows if r["indicator"] == "1.1.c")
    assert (c["target"], c["actual"]) == ("true", "true")
    missing = next(r for r in rows if r["indicator"] == "2.1.a")
    assert (missing["actual"], missing["achievement"], missing["measure_achievement"]) == (
        "",
        "",
        "",
    )
    assert not run.stdout.startswith("\ufeff")


def test_excel_csv_has_bom_semicolons_decimal_comma_crlf(run_kpss, small: Path) -> None:
    out = small / "plneni.csv"
    run = run_kpss("report", "--lang", "cs", "fulfilment", "--year", "2021", "--excel", "-o", out, "--repo", small)
    assert run.exit_code == 0, run.stderr
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and b"\r\n" in raw
    text = raw.decode("utf-8-sig")
    # A person reads the first row in Excel: the columns' Czech titles, in the plain CSV's order.
    assert text.splitlines()[0] == (
        "Plán;Rok;Priorita;Opatření;Název opatření;Kód stavu;Stav;Naplnění opatření (%);Ukazatel;"
        "Název ukazatele;Jednotka;Druh;Za období;Cíl;Skutečnost;Naplnění (%);Čeká;Realizátor"
    )
    rows = list(csv.DictReader(io.StringIO(text, newline=""), delimiter=";"))
    b = next(r for r in rows if r["Ukazatel"] == "1.1.b")
    assert b["Naplnění (%)"] == "83,33"
    assert next(r for r in rows if r["Ukazatel"] == "1.1.c")["Skutečnost"] == "ano"
    assert "Pečovatelská služba" in text


def test_finance_csv_one_row_per_measure_year_source(run_kpss, small: Path) -> None:
    rows = list(
        csv.DictReader(
            io.StringIO(run_kpss("report", "--lang", "cs", "finance", "-f", "csv", "--repo", small).stdout)
        )
    )
    row = next(r for r in rows if (r["measure"], r["year"], r["source"]) == ("1.1", "2021", "obce"))
    assert (row["planned"], row["spent"], row["source_label"]) == (
        "1000",
        "900",
        "obce (město a obce území)",
    )
    from_plan = next(r for r in rows if (r["measure"], r["year"]) == ("1.2", "2021"))
    assert from_plan["planned_from_plan"] == "true"


# -- -o FILE --------------------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["table", "markdown", "json", "csv"])
def test_output_file_holds_what_stdout_would(run_kpss, small: Path, fmt: str) -> None:
    target = small / "out" / f"report.{fmt}"
    run = run_kpss("report", "fulfilment", "-f", fmt, "-o", target, "--repo", small)
    assert run.exit_code == 0, run.stderr
    assert run.stdout == ""
    assert f"written {target}" in run.stderr
    printed = run_kpss("report", "fulfilment", "-f", fmt, "--repo", small).stdout
    assert target.read_text(encoding="utf-8") == printed
    assert [p.name for p in target.parent.iterdir()] == [target.name]  # no temporary left


def test_quiet_output_says_nothing(run_kpss, small: Path) -> None:
    run = run_kpss("report", "finance", "-q", "-f", "json", "-o", small / "f.json", "--repo", small)
    assert run.exit_code == 0 and run.stderr == ""
    assert json.loads((small / "f.json").read_text(encoding="utf-8"))["plan"] == "2020-2022"


def test_output_into_a_folder_fails_cleanly(run_kpss, small: Path) -> None:
    run = run_kpss("report", "fulfilment", "-o", small / "plans", "--repo", small)
    assert run.exit_code == 2
    assert "Traceback" not in run.output


def test_unwritable_output_is_a_clear_error(run_kpss, small: Path) -> None:
    # the "folder" of the output is a file: writing fails, nothing is left behind
    run = run_kpss("report", "fulfilment", "-o", small / "kpss.yaml" / "r.md", "--repo", small)
    assert run.exit_code == 2 and "cannot write" in run.stderr
    assert (small / "kpss.yaml").is_file()


# -- exit codes ------------------------------------------------------------------------------------


@pytest.mark.parametrize("command", ["fulfilment", "finance"])
def test_year_outside_the_period_exits_2(run_kpss, small: Path, command: str) -> None:
    run = run_kpss("report", command, "--year", "2030", "--repo", small)
    assert run.exit_code == 2
    assert "Error: year 2030 lies outside the period 2020–2022" in run.stderr
    assert run.stdout == ""


@pytest.mark.parametrize("command", ["fulfilment", "finance"])
def test_unknown_plan_exits_2(run_kpss, example_repo: Path, command: str) -> None:
    run = run_kpss("report", command, "--plan", "1990-1993", "--repo", example_repo)
    assert run.exit_code == 2
    assert "there is no plan '1990-1993'; known plans: 2020-2023, 2024-2027" in run.stderr


def test_plan_with_no_evaluated_year_exits_2(run_kpss, tmp_path: Path) -> None:
    root = write_repo(tmp_path / "r", with_2021=False)
    (root / "plans" / "2020-2022" / "action-plans" / "2020.yaml").write_text(
        'plan: "2020-2022"\nyear: 2020\nstatus: draft\nitems:\n  - measure: "1.1"\n',
        encoding="utf-8",
    )
    run = run_kpss("report", "fulfilment", "--repo", root)
    assert run.exit_code == 2 and "no evaluated year" in run.stderr
    # the money planned is still worth a report
    assert run_kpss("report", "finance", "--repo", root).exit_code == 0


def test_invalid_plan_exits_2_and_names_the_error(run_kpss, small: Path) -> None:
    ap = small / "plans" / "2020-2022" / "action-plans" / "2021.yaml"
    ap.write_text(
        ap.read_text(encoding="utf-8").replace('"1.4.a": 55', '"1.4.x": 55'), encoding="utf-8"
    )
    run = run_kpss("report", "fulfilment", "--repo", small)
    assert run.exit_code == 2
    assert "plans/2020-2022/action-plans/2021.yaml" in run.stderr and "KP216" in run.stderr


def test_no_repository_exits_2(run_kpss, tmp_path: Path) -> None:
    run = run_kpss("report", "fulfilment", cwd=tmp_path)
    assert run.exit_code == 2 and run.stderr.startswith("Error:")


def test_excel_with_another_format_exits_2(run_kpss, small: Path) -> None:
    run = run_kpss("report", "fulfilment", "--excel", "-f", "json", "--repo", small)
    assert run.exit_code == 2 and "--excel" in run.stderr


@pytest.mark.parametrize("args", [["-f", "pdf"], ["--year", "abc"], ["--bogus"]])
def test_bad_options_exit_2(run_kpss, small: Path, args: list[str]) -> None:
    run = run_kpss("report", "fulfilment", *args, "--repo", small)
    assert run.exit_code == 2
    assert "Traceback" not in run.output


def test_help_names_every_command_and_ends_with_an_example(run_kpss) -> None:
    run = run_kpss("report", "--help")
    assert run.exit_code == 0 and "fulfilment" in run.stdout and "finance" in run.stdout
    for command in ("fulfilment", "finance"):
        text = run_kpss("report", command, "--help").stdout
        assert "Example: kpss report " + command in text
        assert "--excel" in text and "--output" in text
