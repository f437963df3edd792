"""Czech (and English) figures of every command (kpss_cli.czech), on hand-written expectations;
then the promise the module exists for: ``kpss report fulfilment --format markdown`` and the
rendered report document show the same figures."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn
from hypothesis import given, settings
from hypothesis import strategies as st

from kpss_cli import czech

NBSP = "\u00a0"
MINUS = "\u2212"
DASH = "\u2013"


def nb(text: str) -> str:
    """Write the expectations with ordinary spaces; the module puts no-break ones."""
    return text.replace(" ", NBSP)


@pytest.fixture(autouse=True)
def _czech_run() -> None:
    """Without a language the functions write in that of the run: Czech here (the tests of the
    English ones pass "en"; the suite's other tests run in English, tests/conftest.py)."""
    from kpss_cli import i18n

    i18n.set_language("cs")


def test_without_a_language_the_figures_follow_the_run() -> None:
    from kpss_cli import codes, i18n

    assert czech.money(1200000) == nb("1 200 000 Kč")
    assert codes.label(codes.ALL_STATUSES, "not_evaluated") == "nevyhodnoceno"
    i18n.set_language("en")
    assert czech.money(1200000) == f"1,200,000{NBSP}CZK"
    assert czech.percent(87.5) == "87.5%"
    assert czech.date("2025-03-19") == "19 March 2025"
    assert czech.number(11400000) == "11,400,000"
    assert czech.yes_no(True) == "yes"
    assert codes.label(codes.ALL_STATUSES, "not_evaluated") == "not evaluated"
    # an explicit language wins over the run's: a Czech workbook in an English run
    assert czech.money(1200000, "cs") == nb("1 200 000 Kč")
    assert codes.label(codes.FUNDING_SOURCE, "obce", "cs") == "obce (město a obce území)"


# -- numbers --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (0, "0"),
        (0.0, "0"),
        (7, "7"),
        (999, "999"),
        (1000, "1 000"),
        (1234567, "1 234 567"),
        (12_345_678_901_234_567_890, "12 345 678 901 234 567 890"),
        (16.75, "16,75"),
        (16.5, "16,5"),  # no trailing zero
        (0.1 + 0.2, "0,3"),  # binary noise gone
        (2.675, "2,68"),  # half up from the decimals as written (the float is 2.67499…)
        (1234.5678, "1 234,57"),
        (-3, f"{MINUS}3"),
        (-1234.5, f"{MINUS}1 234,5"),
        (-0.001, "0"),  # no "−0"
        (True, "ano"),
    ],
)
def test_number(value: float, expected: str) -> None:
    assert czech.number(value) == nb(expected)


def test_number_options() -> None:
    assert czech.number(1500, decimals=2) == nb("1 500,00")
    assert czech.number(2.5, decimals=0) == "3"  # half up, not to even
    assert czech.number(3.5, decimals=0) == "4"
    assert czech.number(0.1234567, max_decimals=6) == "0,123457"
    # Four-digit numbers left whole where Czech typesetting allows it (kpss diff).
    assert czech.number(1500, group_from=10_000) == "1500"
    assert czech.number(15000, group_from=10_000) == nb("15 000")
    assert czech.number(1234567.5, "en") == "1,234,567.5"
    assert czech.number(float("inf")) == "inf"


# -- money ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (0, "0 Kč"),
        (950000, "950 000 Kč"),
        (1234567, "1 234 567 Kč"),
        (1234567.0, "1 234 567 Kč"),
        (1234.5, "1 234,50 Kč"),  # haléře always with two digits
        (1234.05, "1 234,05 Kč"),
        (1234.999, "1 235 Kč"),  # rounds to whole crowns: no ",00"
        (0.125, "0,13 Kč"),  # half up (Python's round gives 0.12)
        (2_727_731_862.9, "2 727 731 862,90 Kč"),
        (-1500, f"{MINUS}1 500 Kč"),
    ],
)
def test_money(value: float, expected: str) -> None:
    assert czech.money(value) == nb(expected)


def test_money_missing_without_unit_and_in_english() -> None:
    assert czech.money(None) == DASH
    assert czech.money(1234.5, unit=False) == nb("1 234,50")
    assert czech.money(None, unit=False) == DASH
    assert czech.money(1234567, "en") == f"1,234,567{NBSP}CZK"
    assert czech.money(1234.5, "en", unit=False) == "1,234.50"


def test_money_change_is_signed() -> None:
    assert czech.money_change(62_700_000) == nb("+62 700 000 Kč")
    assert czech.money_change(-88000, unit=False) == nb(f"{MINUS}88 000")
    assert czech.money_change(0.5) == nb("+0,50 Kč")
    assert czech.money_change(0) == "0"
    assert czech.money_change(0.004) == "0"  # less than a haléř is no change
    assert czech.money_change(1e-9 - 1e-9 + 0.1 + 0.2 - 0.3) == "0"


# -- percent --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (0, "0 %"),
        (0.0, "0 %"),
        (87.5, "87,5 %"),
        (100, "100 %"),
        (100.0, "100 %"),
        (150.04, "150 %"),  # over the target: uncapped, whole
        (106.25, "106,3 %"),
        # 0.05 boundaries: half up from the decimals, where round() would go to even or down.
        (91.25, "91,3 %"),
        (6.25, "6,3 %"),
        (0.05, "0,1 %"),
        (0.15, "0,2 %"),  # the float is 0.1499999…
        (91.24999999999999, "91,3 %"),  # 91.25 computed with binary noise
        (91.2499, "91,2 %"),
        (0.04999, "0 %"),
        # What falls short of 100 never reads as 100 %.
        (99.94, "99,9 %"),
        (99.95, "99,9 %"),
        (99.96, "99,9 %"),
        (99.996, "99,9 %"),
        (100 * 24999 / 25000, "99,9 %"),
        (100.04, "100 %"),
        (-2.25, f"{MINUS}2,3 %"),
    ],
)
def test_percent(value: float, expected: str) -> None:
    assert czech.percent(value) == nb(expected)


def test_percent_missing_english_and_more_decimals() -> None:
    assert czech.percent(None) == DASH  # missing data is never 0 %
    assert czech.percent(87.5, "en") == "87.5%"
    assert czech.percent(99.95, "en") == "99.9%"
    assert czech.percent(1234.5, "en") == "1,234.5%"
    assert czech.percent(12.345, decimals=2) == nb("12,35 %")
    assert czech.percent(99.999, decimals=2) == nb("99,99 %")


# -- values, dates, periods, words ----------------------------------------------------------------


def test_indicator_values() -> None:
    assert czech.value(None) == DASH
    assert czech.value(True) == "ano" and czech.value(False) == "ne"
    assert czech.value(True, "en") == "yes"
    assert czech.value(12, unit="osoby") == nb("12 osoby")
    assert czech.value(1500, unit="hodiny") == nb("1 500 hodiny")
    assert czech.value(16.75) == "16,75"
    assert czech.value(0) == "0"
    assert czech.value("viz příloha") == "viz příloha"


def test_dates() -> None:
    assert czech.date("2019-12-11") == nb("11. 12. 2019")
    assert czech.date(dt.date(2026, 2, 3)) == nb("3. 2. 2026")
    assert czech.date(dt.datetime(2026, 2, 3, 10, 30)) == nb("3. 2. 2026")
    assert czech.date(dt.date(2023, 12, 31), space=" ") == "31. 12. 2023"
    assert czech.date("2019-12-11", "en") == "11 December 2019"
    assert czech.date(None) == DASH
    assert czech.date("2019-13-45") == "2019-13-45"  # not a date: as written
    assert czech.date("podzim 2024") == "podzim 2024"


def test_periods() -> None:
    assert czech.period(2020, 2023) == "2020–2023"
    assert czech.period(2024, 2024) == "2024"
    assert czech.year_ranges([2020, 2021, 2022, 2024, 2026, 2025]) == "2020–2022, 2024–2026"
    assert czech.year_ranges([2025, 2025]) == "2025"
    assert czech.year_ranges([]) == DASH


def test_words() -> None:
    assert [czech.count(n, "municipality") for n in (1, 2, 4, 5, 17, 0)] == [
        nb(t) for t in ("1 obec", "2 obce", "4 obce", "5 obcí", "17 obcí", "0 obcí")
    ]
    assert czech.count(1, "service", "en") == nb("1 service")
    assert czech.count(3, "service", "en") == nb("3 services")
    assert czech.paragraph_sign("40") == nb("§ 40") and czech.paragraph_sign("") == ""
    assert czech.join([]) == DASH and czech.join(["a", "b"]) == "a, b"
    names = ["Žabčice", "Chrlice", "Hrušovany", "Čejč", "Cvrčovice", "Šitbořice", "Řeznovice"]
    assert sorted(names, key=czech.czech_key) == [
        "Cvrčovice", "Čejč", "Hrušovany", "Chrlice", "Řeznovice", "Šitbořice", "Žabčice",
    ]  # fmt: skip


# -- the report in markdown and as a document show the same figures -------------------------------

PLAN = """\
id: "2020-2022"
title: Komunitní plán Testov 2020–2022
period: {start: 2020, end: 2022}
status: draft
priorities:
  - id: "P1"
    title: Senioři
    measures:
      - id: "1.1"
        title: Pečovatelská služba
        responsible: Město
        indicators:
          - {id: "1.1.a", name: Klienti, unit: osoby, target: 80}
      - id: "1.2"
        title: Odlehčovací služba
        responsible: Město
        indicators:
          - {id: "1.2.a", name: Hodiny péče, unit: hodiny, target: 25000}
      - id: "1.3"
        title: Denní stacionář
        responsible: Spolek
        indicators:
          - {id: "1.3.a", name: Akce, target: 16}
"""

ACTION_PLAN = """\
plan: "2020-2022"
year: 2021
status: draft
items:
  - measure: "1.1"          # 73/80 = 91.25 %
    budget: {obce: 1234.5}
    result:
      actuals: {"1.1.a": 73}
      spent: {obce: 1000.25}
  - measure: "1.2"          # 24999/25000 = 99.996 %: short of the target
    budget: {mpsv: 2000}
    result:
      actuals: {"1.2.a": 24999}
      spent: {mpsv: 1825}
  - measure: "1.3"          # 1/16 = 6.25 %
    result:
      actuals: {"1.3.a": 1}
"""


@pytest.fixture
def boundaries(tmp_path: Path) -> Path:
    """A plan whose achievements and money sit on the rounding boundaries."""
    root = tmp_path / "boundaries"
    (root / "plans" / "2020-2022" / "action-plans").mkdir(parents=True)
    (root / "kpss.yaml").write_text("kpss: 1\nterritory:\n  name: Testov\n  kind: obec\n", "utf-8")
    (root / "plans" / "2020-2022" / "plan.yaml").write_text(PLAN, "utf-8")
    (root / "plans" / "2020-2022" / "action-plans" / "2021.yaml").write_text(ACTION_PLAN, "utf-8")
    return root


Figures = dict[str, object]


def markdown_figures(md: str) -> Figures:
    """Achievements from the markdown report: measures by id, indicators in order, the plan's."""
    measures, indicators = {}, []
    for line in md.splitlines():
        cells = [c.strip() for c in line.strip("|").split("|")]
        if not re.match(r"^\d+(\.\d+)+", cells[0]):
            continue
        if len(cells) == 5:  # measure: "1.1 title", status, achievement, planned, spent
            measures[cells[0].split()[0]] = cells[2]
        elif len(cells) == 4:  # indicator: "1.1.a name", target, actual, achievement
            indicators.append(cells[3])
    mean = re.search(r"Průměrné naplnění opatření: \*\*(.+?)\*\*", md)
    return {"measures": measures, "indicators": indicators, "plan": mean and mean.group(1)}


def document_figures(path: Path) -> Figures:
    """The same figures from the rendered report's tables and its summary line."""
    document = docx.Document(str(path))
    measures, indicators = {}, []
    for table in document.tables:
        in_indicators = False  # a measure's indicators come under its section row
        for row in table.rows:
            cells = [c.text for c in row.cells]
            merged = len(set(cells)) == 1  # a section row spans the table
            if re.fullmatch(r"\d+(\.\d+)+", cells[0]) and len(cells) == 4:
                measures[cells[0]] = cells[-1]  # number, title, status, achievement
            elif merged and cells[0].startswith("Opatření "):
                in_indicators = True
            elif in_indicators and not merged:
                indicators.append(cells[-1])  # name, target, actual, achievement
    body = document.element.body
    lines = ["".join(t.text or "" for t in p.iter(qn("w:t"))) for p in body.iter(qn("w:p"))]
    mean = [t for t in lines if t.startswith("Průměrné naplnění plánu: ")]
    plan = mean[0].removeprefix("Průměrné naplnění plánu: ").rstrip(".") if mean else None
    return {"measures": measures, "indicators": indicators, "plan": plan}


@pytest.mark.parametrize(("plan", "year"), [("2020-2022", "2021")])
def test_report_markdown_and_document_agree_on_the_boundaries(
    run_kpss, boundaries: Path, tmp_path: Path, plan: str, year: str
) -> None:
    md = run_kpss(
        "report", "fulfilment", "-p", plan, "-y", year, "-f", "markdown", "--repo", boundaries, "--lang", "cs"
    )
    assert md.exit_code == 0, md.output
    out = tmp_path / "report.docx"
    rendered = run_kpss("render", "report", plan, "--year", year, "-o", out, "--repo", boundaries)
    assert rendered.exit_code == 0, rendered.output
    in_markdown, in_document = markdown_figures(md.stdout), document_figures(out)
    assert in_markdown == in_document
    assert in_markdown["measures"] == {
        "1.1": nb("91,3 %"),  # 91.25: half up (round() gave 91,2)
        "1.2": nb("99,9 %"),  # 99.996: short of the target, never 100 %
        "1.3": nb("6,3 %"),  # 6.25
    }
    assert in_markdown["indicators"] == [nb("91,3 %"), nb("99,9 %"), nb("6,3 %")]
    assert in_markdown["plan"] == nb("65,8 %")  # (91.25 + 99.996 + 6.25) / 3 = 65.832
    # Money with haléře: two decimals in both (the document's table header names the currency).
    assert f"| {nb('1 234,50 Kč')} | {nb('1 000,25 Kč')} |" in md.stdout
    texts = [c.text for t in docx.Document(str(out)).tables for r in t.rows for c in r.cells]
    assert nb("1 234,50") in texts and nb("1 000,25") in texts
    # The spent share of a source: 1825 / 2000 = 91.25 % in the finance report and the document.
    finance = run_kpss("report", "finance", "-y", year, "-f", "markdown", "--repo", boundaries, "--lang", "cs")
    assert f"| {nb('2 000 Kč')} | {nb('1 825 Kč')} | {nb('91,3 %')} |" in finance.stdout
    assert nb("91,3 %") in texts


@pytest.mark.parametrize(
    ("plan", "year"), [("2024-2027", None), ("2024-2027", "2024"), ("2020-2023", None)]
)
def test_report_markdown_and_document_agree_on_the_example(
    run_kpss, example_repo: Path, tmp_path: Path, plan: str, year: str | None
) -> None:
    scope = ["--year", year] if year else []
    md = run_kpss(
        "report", "fulfilment", "-p", plan, *scope, "-f", "markdown", "--repo", example_repo, "--lang", "cs"
    )
    assert md.exit_code == 0, md.output
    out = tmp_path / "report.docx"
    rendered = run_kpss("render", "report", plan, *scope, "-o", out, "--repo", example_repo)
    assert rendered.exit_code == 0, rendered.output
    in_markdown = markdown_figures(md.stdout)
    assert len(in_markdown["measures"]) >= 10 and len(in_markdown["indicators"]) >= 20
    assert in_markdown == document_figures(out)


@settings(max_examples=600, deadline=None)
@given(
    st.floats(allow_nan=False, allow_infinity=False, min_value=-1e18, max_value=1e18)
    | st.integers(min_value=-(10**30), max_value=10**30)
    | st.decimals(allow_nan=False, allow_infinity=False, places=4, min_value=-(10**15), max_value=10**15)
    | st.decimals(allow_nan=False, allow_infinity=False, places=2, min_value=-(10**12), max_value=10**12),
    st.sampled_from(["cs", "en"]),
)
def test_money_rounds_once_to_what_number_writes(value, lang: str) -> None:
    # czech.money writes its figure from the amount rounded to haléře; that must be what
    # number(value, decimals=2, or 0 when there are no haléře) wrote before
    exact = czech.rounded(value, 2)
    decimals = 2 if exact != exact.to_integral_value() else 0
    assert czech.money(value, lang, unit=False) == czech.number(value, lang, decimals=decimals)
