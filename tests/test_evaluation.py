"""kpss collect and kpss import results: real workbooks written, filled as a person would, read back."""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from openpyxl import load_workbook

AP = Path("plans/2024-2027/action-plans/2026.yaml")
CITY = "vyhodnoceni-2026-mesto-zidlochovice.xlsx"
SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")


@pytest.fixture
def after_year(monkeypatch: pytest.MonkeyPatch) -> None:
    """The evaluation of 2026 happens in January 2027."""
    monkeypatch.setenv("KPSS_TODAY", "2027-01-20")


@pytest.fixture
def sent(example_repo: Path, run_kpss, after_year) -> Path:
    """The workbooks of the action plan 2026, written into <repo>/out."""
    done = run_kpss("collect", "2026", "--due", "31. 1. 2027", "-o", example_repo / "out", "--repo", example_repo)
    assert done.exit_code == 0, done.output
    return example_repo / "out"


def rows(ws) -> dict[str, dict[str, object]]:
    """A data sheet as {key: {header: value}} (header row 3)."""
    values = list(ws.iter_rows(values_only=True))
    header = values[2]
    return {r[0]: dict(zip(header, r, strict=False)) for r in values[3:] if r[0]}


def cell_of(ws, key: str, header: str) -> str:
    """The coordinate of the input cell of the row with ``key`` under ``header``."""
    head = [c.value for c in ws[3]]
    col = head.index(header) + 1
    for row in ws.iter_rows(min_row=4):
        if row[0].value == key:
            return row[col - 1].coordinate
    raise KeyError(key)


def fill(path: Path, target: Path, values: dict[tuple[str, str, str], object], filled: object = None) -> None:
    """Type values into a workbook as a person would (openpyxl writing into the input cells)."""
    wb = load_workbook(path)
    for (sheet, key, header), value in values.items():
        ws = wb[sheet]
        ws[cell_of(ws, key, header)] = value
    if filled is not None:
        ws = wb["Pokyny"]
        for row in ws.iter_rows():
            if row[0].value == "Datum vyplnění":
                row[1].value = filled
    wb.save(target)


# -- collect ---------------------------------------------------------------------------------------


def test_collect_writes_one_workbook_per_realizator(sent: Path) -> None:
    names = sorted(p.name for p in sent.iterdir())
    # 2026 has 16 items; their measures name 10 distinct realizátoři.
    assert len(names) == 10
    assert CITY in names
    assert "vyhodnoceni-2026-oblastni-charita-rajhrad.xlsx" in names
    assert "vyhodnoceni-2026-diakonie-cce-stredisko-v-brne.xlsx" in names


def test_collect_workbook_sheets_rows_and_prefilled_values(sent: Path) -> None:
    wb = load_workbook(sent / CITY)
    assert wb.sheetnames == ["Pokyny", "Indikátory", "Finance", "Opatření", "kpss"]
    assert wb["kpss"].sheet_state == "hidden"
    ind = rows(wb["Indikátory"])
    # Město Židlochovice is responsible for measures 1.2, 4.1, 4.2 and 4.3 (plan.yaml).
    assert sorted({r["Opatření"] for r in ind.values()}) == ["1.2", "4.1", "4.2", "4.3"]
    row = ind["1.2|1.2.a"]
    assert row["Cíl 2026"] == 35  # the item's target
    assert row["Skutečnost 2025"] == 36  # last year's actual in 2025.yaml
    assert row["Skutečnost 2026"] is None  # not reported yet
    assert row["Výchozí hodnota"] == "18 (2023)"
    assert ind["4.1|4.1.a"]["Typ"] == "ano/ne"
    assert ind["4.1|4.1.a"]["Cíl 2026"] == "ano"
    money = rows(wb["Finance"])
    assert money["1.2|mpsv"]["Plánováno 2026 (Kč)"] == 1650000
    assert money["1.2|mpsv"]["Zdroj financování"] == "dotace MPSV (přes kraj, §101a)"
    assert set(money) == {"1.2|mpsv", "1.2|obce", "1.2|uhrady", "4.1|obce", "4.3|obce", "4.3|kraj"}
    items = rows(wb["Opatření"])
    assert set(items) == {"1.2", "4.1", "4.2", "4.3"}
    identity = {r[0]: r[1] for r in wb["kpss"].iter_rows(values_only=True) if r[0]}
    assert identity["territory"] == "SO ORP Židlochovice"
    assert identity["plan"] == "2024-2027"
    assert identity["year"] == 2026
    assert identity["responsible"] == "Město Židlochovice"
    assert identity["created"] == "2027-01-20"
    assert identity["due"] == "2027-01-31"
    texts = [c.value for row in wb["Pokyny"].iter_rows() for c in row if isinstance(c.value, str)]
    assert "31. 1. 2027" in texts
    assert any("kpss@zidlochovice.cz" in t for t in texts)


def test_collect_protects_everything_but_the_input_cells(sent: Path) -> None:
    wb = load_workbook(sent / CITY)
    ws = wb["Indikátory"]
    assert ws.protection.sheet is True
    assert not ws.protection.password
    actual = ws[cell_of(ws, "1.2|1.2.a", "Skutečnost 2026")]
    target = ws[cell_of(ws, "1.2|1.2.a", "Cíl 2026")]
    assert actual.protection.locked is False
    assert target.protection.locked is True
    assert ws.column_dimensions["A"].hidden
    validations = {str(dv.sqref): dv for dv in ws.data_validations.dataValidation}
    number = next(dv for dv in validations.values() if actual.coordinate in str(dv.sqref))
    assert number.type == "decimal" and number.operator == "greaterThanOrEqual" and number.formula1 == "0"
    boolean_cell = cell_of(ws, "4.1|4.1.a", "Skutečnost 2026")
    yes_no = next(dv for dv in validations.values() if boolean_cell in str(dv.sqref))
    assert yes_no.type == "list" and yes_no.formula1 == '"ano,ne"'
    status = wb["Opatření"].data_validations.dataValidation[0]
    assert status.type == "list"
    assert "částečně splněno" in status.formula1 and "nevyhodnoceno" not in status.formula1
    assert wb.security.lockStructure


def test_collect_workbook_looks_as_designed(sent: Path) -> None:
    # kpss writes the XLSX itself (kpss_cli/evaluation/xlsxwrite.py): what a user sees, read back.
    wb = load_workbook(sent / CITY)
    assert wb.active.title == "Pokyny"
    ws = wb["Indikátory"]
    assert ws.freeze_panes == "C4"  # keys and measure ids stay in view
    assert ws.print_title_rows == "$3:$3"
    assert ws.page_setup.orientation == "landscape" and int(ws.page_setup.paperSize) == 9  # A4
    assert ws.sheet_properties.pageSetUpPr.fitToPage and ws.page_setup.fitToWidth == 1
    assert ws.column_dimensions["C"].width == 34 and ws.row_dimensions[3].height == 32
    title, header, target = ws["B1"], ws["B3"], ws[cell_of(ws, "1.2|1.2.a", "Cíl 2026")]
    actual = ws[cell_of(ws, "1.2|1.2.a", "Skutečnost 2026")]
    assert title.font.b and title.font.sz == 14 and title.font.name == "Calibri"
    assert header.font.b and header.fill.fgColor.rgb.endswith("D9E2F3")
    assert ws["K3"].fill.fgColor.rgb.endswith("FFD966")  # the input column's header
    assert actual.fill.fgColor.rgb.endswith("FFF2CC") and actual.border.left.style == "thin"
    assert target.number_format == "#,##0" and target.alignment.horizontal == "right"
    money = wb["Finance"]
    assert money[cell_of(money, "1.2|mpsv", "Plánováno 2026 (Kč)")].number_format == '#,##0" Kč"'
    assert money.protection.sheet and not money.protection.formatColumns  # widths may be changed
    assert wb["Pokyny"][next(f"B{c.row}" for c in wb["Pokyny"]["A"] if c.value == "Datum vyplnění")
                        ].number_format == "d. m. yyyy"
    assert wb["kpss"].protection.sheet


def test_xlsx_writer_escapes_text_and_drops_what_xml_cannot_hold() -> None:
    import io

    from kpss_cli.evaluation.xlsxwrite import Workbook

    book = Workbook()
    sheet = book.add_sheet("Data & <čísla>")
    sheet.put(1, 1, 'a < b & "c" > d')
    sheet.put(1, 2, "  mezery \n a řádek ")
    sheet.put(1, 3, "zvonek\x07 a\x00 nula")
    sheet.put(1, 4, "=1+1")
    sheet.put(2, 1, 12.5)
    sheet.put(2, 2, True)
    data = book.to_bytes()
    assert data == book.to_bytes()  # the same workbook gives the same bytes
    wb = load_workbook(io.BytesIO(data))
    ws = wb["Data & <čísla>"]
    assert [c.value for c in ws[1]] == ['a < b & "c" > d', "  mezery \n a řádek ", "zvonek a nula", "=1+1"]
    assert ws["D1"].data_type == "s"  # text, never a formula
    assert ws["A2"].value == 12.5 and ws["B2"].value is True


def test_collect_by_all_and_prefills_known_values(example_repo: Path, run_kpss, after_year) -> None:
    out = example_repo / "all"
    done = run_kpss("collect", "2025", "--by", "all", "-o", out, "--repo", example_repo, "--format", "json")
    assert done.exit_code == 0, done.output
    report = json.loads(done.stdout)
    assert [Path(w["file"]).name for w in report["workbooks"]] == ["vyhodnoceni-2025.xlsx"]
    wb = load_workbook(out / "vyhodnoceni-2025.xlsx")
    ind = rows(wb["Indikátory"])
    assert ind["1.1|1.1.b"]["Skutečnost 2025"] == 16.75  # 2025.yaml already holds it
    money = rows(wb["Finance"])
    # eu_jine was spent without being planned: a row of its own, pre-filled.
    assert money["1.1|eu_jine"]["Čerpáno 2025 (Kč)"] == 1080000
    assert money["1.1|eu_jine"]["Plánováno 2025 (Kč)"] == "–"


def test_collect_refuses_a_year_without_action_plan(example_repo: Path, run_kpss) -> None:
    done = run_kpss("collect", "2027", "-o", example_repo / "out", "--repo", example_repo)
    assert done.exit_code == 2
    assert "no action plan for 2027" in done.stderr
    assert not (example_repo / "out").exists()


def test_collect_keeps_formula_text_as_text(example_repo: Path, run_kpss, after_year) -> None:
    plan = example_repo / "plans/2024-2027/plan.yaml"
    text = plan.read_text(encoding="utf-8")
    plan.write_text(text.replace("responsible: Město Židlochovice", 'responsible: "=HYPERLINK(\\"x\\")"', 1),
                    encoding="utf-8")
    done = run_kpss("collect", "2026", "-o", example_repo / "out", "--repo", example_repo)
    assert done.exit_code == 0, done.output
    book = next((example_repo / "out").glob("vyhodnoceni-2026-hyperlink*.xlsx"))
    wb = load_workbook(book)
    values = [c for row in wb["Pokyny"].iter_rows() for c in row if c.value and "HYPERLINK" in str(c.value)]
    assert values and all(c.data_type == "s" for c in values)


# -- import results --------------------------------------------------------------------------------


def test_import_reads_czech_input_and_keeps_the_yaml(sent: Path, example_repo: Path, run_kpss) -> None:
    filled = sent / "filled.xlsx"
    fill(
        sent / CITY,
        filled,
        {
            ("Indikátory", "1.2|1.2.a", "Skutečnost 2026"): "37",
            ("Indikátory", "1.2|1.2.b", "Skutečnost 2026"): "9 310,5",
            ("Indikátory", "4.1|4.1.a", "Skutečnost 2026"): "ano",
            ("Indikátory", "4.1|4.1.b", "Skutečnost 2026"): "dvanáct",
            ("Finance", "1.2|mpsv", "Čerpáno 2026 (Kč)"): "1 650 000 Kč",
            ("Finance", "1.2|obce", "Čerpáno 2026 (Kč)"): 198500,
            ("Opatření", "1.2", "Stav plnění 2026"): "splněno",
            ("Opatření", "1.2", "Komentář (co se podařilo, co ne a proč)"): "Tlačítka předána 37 seniorům.",
        },
        filled="15. 1. 2027",
    )
    before = (example_repo / AP).read_text(encoding="utf-8")
    done = run_kpss("import", "results", filled, "--repo", example_repo)
    # 'dvanáct' is a finding: exit 1, the rest imported.
    assert done.exit_code == 1, done.output
    wb = load_workbook(filled)
    bad = cell_of(wb["Indikátory"], "4.1|4.1.b", "Skutečnost 2026")
    assert f"filled.xlsx: Indikátory!{bad}: 'dvanáct' is not a number" in done.stderr
    assert "measure 1.2: actual of 1.2.a – → 37" in done.stdout
    assert "measure 1.2: actual of 1.2.b – → 9,310.5" in done.stdout
    assert "measure 1.2: spent mpsv – → 1,650,000 CZK" in done.stdout
    after = (example_repo / AP).read_text(encoding="utf-8")
    assert "# Priorita 2 – rodina, děti a mládež" in after
    assert "# Ukazatel 4.1.a nemá cíl po letech – platí jeho celková cílová hodnota (true)" in after
    # Nothing else of the file changed: every line of before is still there, in order.
    kept = iter(after.splitlines())
    assert all(any(line == other for other in kept) for line in before.splitlines())
    from kpss_cli.loader import load_text

    data = load_text(after, str(AP)).data
    item = next(i for i in data["items"] if i["measure"] == "1.2")
    assert item["result"]["actuals"] == {"1.2.a": 37, "1.2.b": 9310.5}
    assert item["result"]["spent"] == {"mpsv": 1650000, "obce": 198500}
    assert item["result"]["status"] == "fulfilled"
    assert item["result"]["comment"] == "Tlačítka předána 37 seniorům."
    assert str(item["result"]["evaluated"]) == "2027-01-15"
    assert item["result"]["reported_by"] == "Město Židlochovice"
    other = next(i for i in data["items"] if i["measure"] == "4.1")
    assert other["result"]["actuals"] == {"4.1.a": True}  # 4.1.b was unreadable: nothing of it
    assert "result" not in next(i for i in data["items"] if i["measure"] == "4.2")  # nothing filled
    assert run_kpss("validate", "--repo", example_repo).exit_code == 0

    # The same file again changes nothing.
    again = run_kpss("import", "results", filled, "--repo", example_repo)
    assert "nothing to change" in again.stdout
    assert (example_repo / AP).read_text(encoding="utf-8") == after


def test_import_dry_run_writes_nothing(sent: Path, example_repo: Path, run_kpss) -> None:
    filled = sent / "filled.xlsx"
    fill(sent / CITY, filled, {("Indikátory", "1.2|1.2.a", "Skutečnost 2026"): 12})
    before = (example_repo / AP).read_bytes()
    done = run_kpss("import", "results", filled, "--dry-run", "--format", "json", "--repo", example_repo)
    assert done.exit_code == 0, done.output
    report = json.loads(done.stdout)
    assert report["dry_run"] is True and report["written"] is False
    changes = report["action_plans"][0]["changes"]
    assert {"measure": "1.2", "field": "actual", "key": "1.2.a", "old": None, "new": 12}.items() <= changes[0].items()
    assert (example_repo / AP).read_bytes() == before


def test_import_conflict_needs_force(sent: Path, example_repo: Path, run_kpss) -> None:
    filled = sent / "filled.xlsx"
    fill(sent / CITY, filled, {("Indikátory", "1.2|1.2.a", "Skutečnost 2026"): 37,
                               ("Indikátory", "1.2|1.2.b", "Skutečnost 2026"): 9400})
    # Since the export the coordinator typed 1.2.a in by hand.
    path = example_repo / AP
    text = path.read_text(encoding="utf-8")
    text = text.replace('      "1.2.b": 9500\n', '      "1.2.b": 9500\n    result:\n      actuals:\n        "1.2.a": 36\n', 1)
    path.write_text(text, encoding="utf-8")
    done = run_kpss("import", "results", filled, "--repo", example_repo)
    assert done.exit_code == 1, done.output
    assert "conflict: measure 1.2: actual of 1.2.a 36 → 37" in done.stdout
    assert "use --force" in done.stdout
    after = path.read_text(encoding="utf-8")
    assert '"1.2.a": 36' in after  # not applied
    assert '"1.2.b": 9400' in after  # the rest is
    forced = run_kpss("import", "results", filled, "--force", "--repo", example_repo)
    assert forced.exit_code == 0, forced.output
    assert '"1.2.a": 37' in path.read_text(encoding="utf-8")


def test_import_left_prefilled_value_is_no_conflict(example_repo: Path, run_kpss, after_year) -> None:
    out = example_repo / "out"
    assert run_kpss("collect", "2025", "-o", out, "--repo", example_repo).exit_code == 0
    book = out / "vyhodnoceni-2025-pecovatelska-sluzba-zidlochovice.xlsx"
    # The coordinator corrects 1.1.a (309 -> 310) after the export; the workbook still says 309.
    path = example_repo / "plans/2024-2027/action-plans/2025.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace('"1.1.a": 309', '"1.1.a": 310'), encoding="utf-8")
    done = run_kpss("import", "results", book, "--repo", example_repo)
    assert done.exit_code == 0, done.output
    assert "nothing to change" in done.stdout
    assert '"1.1.a": 310' in path.read_text(encoding="utf-8")


def test_import_refuses_another_territory_or_year(sent: Path, example_repo: Path, run_kpss) -> None:
    wb = load_workbook(sent / CITY)
    ws = wb["kpss"]
    for row in ws.iter_rows():
        if row[0].value == "territory":
            row[1].value = "SO ORP Kyjov"
    wb.save(sent / "kyjov.xlsx")
    before = (example_repo / AP).read_bytes()
    done = run_kpss("import", "results", sent / "kyjov.xlsx", "--repo", example_repo)
    assert done.exit_code == 2
    assert "SO ORP Kyjov" in done.stderr and "nothing was imported" in done.stderr
    wb = load_workbook(sent / CITY)
    for row in wb["kpss"].iter_rows():
        if row[0].value == "year":
            row[1].value = 2027
    wb.save(sent / "2027.xlsx")
    done = run_kpss("import", "results", sent / "2027.xlsx", "--repo", example_repo)
    assert done.exit_code == 2
    assert "no action plan for 2027" in done.stderr
    assert (example_repo / AP).read_bytes() == before


def test_import_damaged_files_are_findings(sent: Path, example_repo: Path, run_kpss) -> None:
    (sent / "broken.xlsx").write_bytes((sent / CITY).read_bytes()[:2000])
    (sent / "note.xlsx").write_text("not a workbook", encoding="utf-8")
    from openpyxl import Workbook

    Workbook().save(sent / "foreign.xlsx")
    done = run_kpss("import", "results", sent / "broken.xlsx", sent / "note.xlsx", sent / "foreign.xlsx",
                    "--repo", example_repo)
    assert done.exit_code == 1, done.output
    assert "Traceback" not in done.output
    assert "broken.xlsx: cannot be read as an XLSX workbook" in done.stderr
    assert "note.xlsx: is not an XLSX workbook" in done.stderr
    assert "foreign.xlsx: is not an evaluation workbook of kpss collect" in done.stderr


def test_import_csv_with_czech_excel_conventions(sent: Path, example_repo: Path, run_kpss) -> None:
    # What Czech Excel writes for "CSV (oddělený středníkem)": cp1250, semicolons, title rows above.
    csv_text = (
        "Indikátory – skutečně dosažené hodnoty za rok 2026;;;\n"
        "Klíč;Opatření;Indikátor;Skutečnost 2025;Skutečnost 2026\n"
        "1.2|1.2.a;1.2;1.2.a;36;38\n"
        "3.3|3.3.a;3.3;3.3.a;;24,0\n"
        ";9.9;9.9.a;;5\n"
    )
    (sent / "ind.csv").write_bytes(csv_text.encode("cp1250"))
    done = run_kpss("import", "results", sent / "ind.csv", "--repo", example_repo)
    assert done.exit_code == 1, done.output  # the row without a key is reported
    assert "ind.csv: E5: a row without a key" in done.stderr
    assert "measure 1.2: actual of 1.2.a – → 38" in done.stdout
    assert "measure 3.3: actual of 3.3.a – → 24" in done.stdout
    text = (example_repo / AP).read_text(encoding="utf-8")
    assert '"3.3.a": 24' in text
    # Without a workbook's identity, reported_by is the measure's realizátor.
    assert "reported_by: Spondea, z. ú." in text or "reported_by: Práh jižní Morava, z. ú." in text


def sheet_as_csv(book: Path, sheet: str, target: Path, identity: dict[str, object] | None = None) -> None:
    """One sheet saved as Czech Excel's "CSV (oddělený středníkem)": every column (the hidden one
    too), semicolons, windows-1250, decimal commas. ``identity`` replaces keys of the A1 mark."""
    import csv

    wb = load_workbook(book)
    ws = wb[sheet]
    if identity is not None:
        mark = json.loads(ws["A1"].value)
        ws["A1"] = json.dumps({**mark, **identity}, ensure_ascii=False)
    with target.open("w", encoding="cp1250", newline="") as out:
        writer = csv.writer(out, delimiter=";")
        for row in ws.iter_rows(values_only=True):
            writer.writerow(["" if v is None else str(v).replace(".", ",") if isinstance(v, float) else v
                             for v in row])


def test_collect_marks_each_data_sheet_with_its_identity(sent: Path) -> None:
    wb = load_workbook(sent / CITY)
    for sheet in ("Indikátory", "Finance", "Opatření"):
        assert json.loads(wb[sheet]["A1"].value) == {
            "format": "kpss-vyhodnoceni", "territory": "SO ORP Židlochovice", "plan": "2024-2027",
            "year": 2026, "responsible": "Město Židlochovice",
        }
        assert wb[sheet].column_dimensions["A"].hidden  # the mark is in the hidden key column


def test_import_csv_saved_from_a_workbook_is_checked_like_the_workbook(sent: Path, example_repo: Path,
                                                                       run_kpss) -> None:
    filled = sent / "filled.xlsx"
    fill(sent / CITY, filled, {("Indikátory", "1.2|1.2.a", "Skutečnost 2026"): "37"})
    sheet_as_csv(filled, "Indikátory", sent / "ind.csv")
    before = (example_repo / AP).read_bytes()
    for identity, said in (
        ({"territory": "SO ORP Kyjov"}, "was made for the territory 'SO ORP Kyjov'"),
        ({"plan": "2019-2022"}, "2019-2022"),
        ({"year": 2027}, "no action plan for 2027"),
    ):
        sheet_as_csv(filled, "Indikátory", sent / "other.csv", identity)
        done = run_kpss("import", "results", sent / "other.csv", "--repo", example_repo)
        assert done.exit_code == 2, (identity, done.output)
        assert said in done.stderr and "nothing was imported" in done.stderr
        assert "Traceback" not in done.output
    assert (example_repo / AP).read_bytes() == before
    done = run_kpss("import", "results", sent / "ind.csv", "--repo", example_repo)
    assert done.exit_code == 0, done.output
    assert "measure 1.2: actual of 1.2.a – → 37" in done.stdout
    assert "names no territory" not in done.stdout
    text = (example_repo / AP).read_text(encoding="utf-8")
    assert '"1.2.a": 37' in text
    # The identity names the realizátor of the workbook the CSV was saved from.
    assert "reported_by: Město Židlochovice" in text


def test_import_refuses_a_hand_made_csv_of_another_repository(sent: Path, example_repo: Path, run_kpss) -> None:
    # No identity cell, and not one key is an item of the action plan 2026 (measures of another plan).
    csv_text = "Klíč;Skutečnost 2026\n7.1|7.1.a;12\n7.2|7.2.a;3\n"
    (sent / "foreign.csv").write_text(csv_text, encoding="utf-8")
    before = (example_repo / AP).read_bytes()
    done = run_kpss("import", "results", sent / "foreign.csv", "--repo", example_repo)
    assert done.exit_code == 2, done.output
    assert "foreign.csv names no territory, and none of its rows is an item of the action plan" in done.stderr
    assert (example_repo / AP).read_bytes() == before


@pytest.mark.skipif(SOFFICE is None and not os.environ.get("CI"), reason="LibreOffice (soffice) is not installed")
def test_import_csv_saved_by_libreoffice_from_a_data_sheet(sent: Path, example_repo: Path, run_kpss,
                                                           tmp_path: Path) -> None:
    assert SOFFICE is not None, "CI must have LibreOffice (soffice)"
    filled = tmp_path / "typed" / CITY
    filled.parent.mkdir()
    fill(sent / CITY, filled, {("Finance", "4.3|kraj", "Čerpáno 2026 (Kč)"): "95 000 Kč"})
    # Sheet 3 (Finance) as CSV: separator ';' (59), text quoted '"' (34), UTF-8 (76), …, sheet 3.
    done = subprocess.run(
        [SOFFICE, f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}", "--headless", "--norestore",
         "--convert-to", "csv:Text - txt - csv (StarCalc):59,34,76,1,,0,false,true,false,false,false,3",
         "--outdir", str(tmp_path / "csv"), str(filled)],
        capture_output=True, text=True, timeout=300, env={**os.environ, "HOME": str(tmp_path)},
    )
    assert done.returncode == 0, done.stderr
    saved = next((tmp_path / "csv").glob("*.csv"))
    assert "kpss-vyhodnoceni" in saved.read_text(encoding="utf-8").splitlines()[0]
    result = run_kpss("import", "results", saved, "--format", "json", "--repo", example_repo)
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["files"][0]["responsible"] == "Město Židlochovice"
    changes = {(c["measure"], c["field"], c["key"]): c["new"] for c in report["action_plans"][0]["changes"]}
    assert changes[("4.3", "spent", "kraj")] == 95000


@pytest.mark.skipif(SOFFICE is None and not os.environ.get("CI"), reason="LibreOffice (soffice) is not installed")
def test_import_workbook_saved_again_by_libreoffice(sent: Path, example_repo: Path, run_kpss, tmp_path: Path) -> None:
    assert SOFFICE is not None, "CI must have LibreOffice (soffice)"
    filled = tmp_path / "typed" / CITY
    filled.parent.mkdir()
    fill(sent / CITY, filled, {
        ("Indikátory", "1.2|1.2.a", "Skutečnost 2026"): 37,
        ("Indikátory", "1.2|1.2.b", "Skutečnost 2026"): "9 310,5",
        ("Indikátory", "4.1|4.1.a", "Skutečnost 2026"): "ne",
        ("Finance", "4.3|kraj", "Čerpáno 2026 (Kč)"): "95 000 Kč",
        ("Opatření", "4.3", "Stav plnění 2026"): "průběžně plněno",
    }, filled=dt.datetime(2027, 1, 18))
    resaved = tmp_path / "resaved"
    profile = (tmp_path / "profile").as_uri()
    done = subprocess.run(
        [SOFFICE, f"-env:UserInstallation={profile}", "--headless", "--norestore", "--convert-to", "xlsx",
         "--outdir", str(resaved), str(filled)],
        capture_output=True, text=True, timeout=300, env={**os.environ, "HOME": str(tmp_path)},
    )
    assert done.returncode == 0, done.stderr
    result = run_kpss("import", "results", resaved / CITY, "--format", "json", "--repo", example_repo)
    assert result.exit_code == 0, result.output
    changes = {(c["measure"], c["field"], c["key"]): c["new"] for c in json.loads(result.stdout)["action_plans"][0]["changes"]}
    assert changes[("1.2", "actual", "1.2.a")] == 37
    assert changes[("1.2", "actual", "1.2.b")] == 9310.5
    assert changes[("4.1", "actual", "4.1.a")] is False
    assert changes[("4.3", "spent", "kraj")] == 95000
    assert changes[("4.3", "status", None)] == "ongoing"
    assert changes[("4.3", "evaluated", None)] == "2027-01-18"


# -- saved again by Microsoft Excel ----------------------------------------------------------------

EXCEL = Path(__file__).parent / "data" / "excel"


def serial(day: dt.date) -> int:
    """A spreadsheet's day number, counted by hand: days since 30. 12. 1899."""
    return (day - dt.date(1899, 12, 30)).days


def test_import_workbook_saved_again_by_excel(sent: Path, example_repo: Path, run_kpss, tmp_path: Path) -> None:
    from excelsave import resave_like_excel

    from kpss_cli.evaluation.xlsx import read_values

    typed = tmp_path / "typed.xlsx"
    # What Czech Excel stores for what the accountant typed: 9 310,5 and 95 000 become numbers,
    # ano/ne and the status come from the drop-downs, 15. 1. 2027 becomes a date.
    fill(sent / CITY, typed, {
        ("Indikátory", "1.2|1.2.b", "Skutečnost 2026"): 9310.5,
        ("Indikátory", "4.1|4.1.a", "Skutečnost 2026"): "ne",
        ("Indikátory", "4.1|4.1.b", "Skutečnost 2026"): "dvanáct",
        ("Finance", "4.3|kraj", "Čerpáno 2026 (Kč)"): 95000,
        ("Opatření", "4.3", "Stav plnění 2026"): "průběžně plněno",
        ("Opatření", "4.3", "Komentář (co se podařilo, co ne a proč)"): "Jezdí se.\r\nBez potíží _x0041_",
    }, filled=dt.datetime(2027, 1, 18))
    wb = load_workbook(typed)
    actual_12a = cell_of(wb["Indikátory"], "1.2|1.2.a", "Skutečnost 2026")
    comment_12 = cell_of(wb["Opatření"], "1.2", "Komentář (co se podařilo, co ne a proč)")
    bad = cell_of(wb["Indikátory"], "4.1|4.1.b", "Skutečnost 2026")
    saved = tmp_path / "excel" / CITY
    saved.parent.mkdir()
    resave_like_excel(typed, saved, formulas={
        ("Indikátory", actual_12a): ("30+7", 37),  # typed as =30+7: the cached result is read
        ("Opatření", comment_12): ('"Předáno "&"37 seniorům."', "Předáno 37 seniorům."),  # a t="str" result
    })
    raw = saved.read_bytes()
    import zipfile

    with zipfile.ZipFile(saved) as z:
        sheet = z.read("xl/worksheets/sheet2.xml").decode()
        strings = z.read("xl/sharedStrings.xml").decode()
        book = z.read("xl/workbook.xml").decode()
    assert 't="inlineStr"' not in sheet and 'x14ac:dyDescent' in sheet and "<f>30+7</f><v>37</v>" in sheet
    assert "_x000D_" in strings and "_x005F_x0041_" in strings
    assert 'state="hidden"' in book and 'r:id="rId5"' in book  # the first sheet is rId5 now
    read_values(raw)  # the fast reader reads it (no fall-back to openpyxl)

    result = run_kpss("import", "results", saved, "--format", "json", "--repo", example_repo)
    assert result.exit_code == 1, result.output  # 'dvanáct'
    report = json.loads(result.stdout)
    assert report["findings"] == [{"file": str(saved), "sheet": "Indikátory", "cell": bad,
                                   "message": "'dvanáct' is not a number"}]
    assert report["files"][0]["responsible"] == "Město Židlochovice"
    assert report["files"][0]["filled"] == "2027-01-18"
    changes = {(c["measure"], c["field"], c["key"]): c["new"] for c in report["action_plans"][0]["changes"]}
    assert changes[("1.2", "actual", "1.2.a")] == 37
    assert changes[("1.2", "actual", "1.2.b")] == 9310.5
    assert changes[("1.2", "comment", None)] == "Předáno 37 seniorům."
    assert changes[("4.1", "actual", "4.1.a")] is False
    assert ("4.1", "actual", "4.1.b") not in changes
    assert changes[("4.3", "spent", "kraj")] == 95000
    assert changes[("4.3", "status", None)] == "ongoing"
    # Excel's _x000D_ is a carriage return (Windows line end: one line break in the YAML), and a
    # literal _x0041_ typed in stays as typed.
    assert changes[("4.3", "comment", None)] == "Jezdí se.\nBez potíží _x0041_"
    assert changes[("4.3", "evaluated", None)] == "2027-01-18"

    # Another territory, after Excel: refused like the workbook kpss wrote.
    wb = load_workbook(typed)
    for row in wb["kpss"].iter_rows():
        if row[0].value == "territory":
            row[1].value = "SO ORP Kyjov"
    wb.save(tmp_path / "kyjov-typed.xlsx")
    resave_like_excel(tmp_path / "kyjov-typed.xlsx", tmp_path / "kyjov.xlsx")
    done = run_kpss("import", "results", tmp_path / "kyjov.xlsx", "--repo", example_repo)
    assert done.exit_code == 2 and "SO ORP Kyjov" in done.stderr


def test_fast_reader_reads_real_excel_files_as_openpyxl_does() -> None:
    from kpss_cli.evaluation.xlsx import read_values

    for name in ("issues.xlsx", "has_x000D_.xlsx", "any_sheets.xlsx"):
        fast, date1904 = read_values((EXCEL / name).read_bytes())
        assert not date1904
        wb = load_workbook(EXCEL / name, read_only=True, data_only=True)
        try:
            slow = {n: [list(r) for r in wb[n].iter_rows(values_only=True)] for n in wb.sheetnames
                    if hasattr(wb[n], "iter_rows")}  # not the chart sheet
        finally:
            wb.close()
        assert set(slow) <= set(fast), name
        for sheet, rows in slow.items():
            # The fast reader leaves a date as its day number (the import turns the one date it reads).
            expected = [[serial(v.date()) if isinstance(v, dt.datetime) else v for v in row] for row in rows]
            got = trimmed(fast[sheet])
            if name == "has_x000D_.xlsx":
                # openpyxl leaves Excel's escape as it is; the fast reader turns it into the carriage return.
                assert got == [["ABC\r\nDEF"]] and expected == [["ABC_x000D_\nDEF"]]
                continue
            assert got == trimmed(expected), (name, sheet)
    fast, _ = read_values((EXCEL / "issues.xlsx").read_bytes())
    assert fast["datatypes"][:6] == [[1], [1.5], ["ab"], [False], ["test"], [serial(dt.date(2016, 10, 20))]]
    assert fast["spc_chrs"][:4] == [["&"], ["<"], [">"], ["aaa ' aaa"]]
    assert list(read_values((EXCEL / "any_sheets.xlsx").read_bytes())[0]) == ["Visible", "Hidden", "VeryHidden",
                                                                             "Chart"]


# -- pending values --------------------------------------------------------------------------------


def test_null_actual_is_pending_never_zero(example_repo: Path, run_kpss, after_year) -> None:
    path = example_repo / AP
    text = path.read_text(encoding="utf-8")
    # 1.2: 1.2.a reported (35 of target 35), 1.2.b asked for and not reported; 4.1.a (yes/no) asked for.
    text = text.replace('      "1.2.b": 9500\n', '      "1.2.b": 9500\n    result:\n      actuals:\n'
                        '        "1.2.a": 35\n        "1.2.b": null\n', 1)
    text = text.replace('      "4.1.b": 3000\n', '      "4.1.b": 3000\n    result:\n      actuals:\n'
                        '        "4.1.a": null\n', 1)
    path.write_text(text, encoding="utf-8")
    assert run_kpss("validate", "--repo", example_repo).exit_code == 0
    done = run_kpss("report", "fulfilment", "--year", "2026", "--format", "json", "--repo", example_repo)
    assert done.exit_code == 0, done.output
    report = json.loads(done.stdout)
    m12 = next(m for m in report["measures"] if m["id"] == "1.2")
    # Only 1.2.a counts: 100 %, not the mean of 100 and 0.
    assert m12["achievement"] == 100
    ind = {i["id"]: i for i in m12["indicators"]}
    assert ind["1.2.b"]["actual"] is None and ind["1.2.b"]["pending"] is True
    assert ind["1.2.a"]["pending"] is False
    pending = {(p["measure"], p["indicator"]) for p in report["pending"]}
    assert ("1.2", "1.2.b") in pending and ("4.1", "4.1.a") in pending and ("1.2", "1.2.a") not in pending
    owed = {r["responsible"]: r["indicators"] for r in report["not_reported"]}
    assert "1.2.b" in owed["Město Židlochovice"] and "4.1.a" in owed["Město Židlochovice"]
    table = run_kpss("report", "fulfilment", "--year", "2026", "--repo", example_repo, "--lang", "cs")
    assert "Čeká na podklady" in table.stdout
    assert "Město Židlochovice: 1.2.b, 4.1.a" in table.stdout
    markdown = run_kpss("report", "fulfilment", "--year", "2026", "--format", "markdown", "--repo", example_repo, "--lang", "cs")
    assert "## Čeká na podklady" in markdown.stdout


def test_import_fills_a_pending_value(example_repo: Path, run_kpss, after_year) -> None:
    path = example_repo / AP
    text = path.read_text(encoding="utf-8").replace(
        '      "1.2.b": 9500\n', '      "1.2.b": 9500\n    result:\n      actuals:\n        "1.2.b": null  # čeká\n', 1)
    path.write_text(text, encoding="utf-8")
    out = example_repo / "out"
    assert run_kpss("collect", "2026", "-o", out, "--repo", example_repo).exit_code == 0
    fill(out / CITY, out / "f.xlsx", {("Indikátory", "1.2|1.2.b", "Skutečnost 2026"): "9 100"})
    done = run_kpss("import", "results", out / "f.xlsx", "--repo", example_repo)
    assert done.exit_code == 0, done.output
    assert "measure 1.2: actual of 1.2.b – → 9,100" in done.stdout
    assert '"1.2.b": 9100  # čeká' in path.read_text(encoding="utf-8")


# -- the fast reader -------------------------------------------------------------------------------


def openpyxl_values(path: Path) -> dict[str, list[list[object]]]:
    wb = load_workbook(path, read_only=True, data_only=True)
    try:
        return {n: [list(r) for r in wb[n].iter_rows(values_only=True)] for n in wb.sheetnames}
    finally:
        wb.close()


def trimmed(rows: list[list[object]]) -> list[list[object]]:
    """Rows without trailing empty cells and trailing empty rows (writers differ in the padding)."""
    out = []
    for row in rows:
        row = list(row)
        while row and row[-1] is None:
            row.pop()
        out.append(row)
    while out and not out[-1]:
        out.pop()
    return out


def test_fast_reader_gives_what_openpyxl_gives(sent: Path) -> None:
    from kpss_cli.evaluation.xlsx import read_values

    filled = sent / "filled.xlsx"
    fill(sent / CITY, filled, {("Indikátory", "1.2|1.2.a", "Skutečnost 2026"): "12,5",
                               ("Finance", "1.2|mpsv", "Čerpáno 2026 (Kč)"): 1650000,
                               ("Opatření", "1.2", "Stav plnění 2026"): "splněno"})
    fast, date1904 = read_values(filled.read_bytes())
    slow = openpyxl_values(filled)
    assert not date1904
    assert list(fast) == list(slow)
    for name in slow:
        assert trimmed(fast[name]) == trimmed(slow[name]), name


def test_a_document_type_declaration_goes_to_openpyxl_and_never_expands(sent: Path, example_repo: Path, run_kpss) -> None:
    import zipfile

    from kpss_cli.evaluation.xlsx import NotReadable, read_values

    source = zipfile.ZipFile(sent / CITY)
    bomb = sent / "entities.xlsx"
    with zipfile.ZipFile(bomb, "w") as out:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == "xl/worksheets/sheet2.xml":
                doctype = b'<!DOCTYPE worksheet [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;">]>'
                head, sep, rest = data.partition(b"?>") if data.startswith(b"<?xml") else (b"", b"", data)
                data = head + sep + doctype + rest
            out.writestr(info, data)
    with pytest.raises(NotReadable):
        read_values(bomb.read_bytes())
    done = run_kpss("import", "results", bomb, "--dry-run", "--repo", example_repo)
    assert done.exit_code in (0, 1)
    assert "Traceback" not in done.output


# -- Czech messages --------------------------------------------------------------------------------


def test_collect_speaks_czech(example_repo: Path, run_kpss, after_year) -> None:
    done = run_kpss("collect", "2026", "-o", example_repo / "out", "--repo", example_repo, "--lang", "cs")
    assert done.exit_code == 0, done.output
    # 10 workbooks: the plural of five and more; Město Židlochovice has 4 measures with 8 indicators.
    assert "Vyhodnocení akčního plánu 2026 (plans/2024-2027/action-plans/2026.yaml): 10 sešitů" in done.stdout
    assert "Město Židlochovice: 4 opatření, 8 indikátorů" in done.stdout
    assert "Pečovatelská služba Židlochovice: 1 opatření, 3 indikátory" in done.stdout
    assert "Rozešlete je realizátorům" in done.stdout
    one = run_kpss("collect", "2026", "--by", "all", "-o", example_repo / "one", "--repo", example_repo, "--lang", "cs")
    assert ": 1 sešit\n" in one.stdout and "všechna opatření" in one.stdout
    missing = run_kpss("collect", "2027", "-o", example_repo / "x", "--repo", example_repo, "--lang", "cs")
    assert missing.exit_code == 2
    assert "plán 2024-2027 nemá akční plán na rok 2027" in missing.stderr
    assert "kpss rollover 2027" in missing.stderr


def test_import_results_speaks_czech(sent: Path, example_repo: Path, run_kpss) -> None:
    filled = sent / "filled.xlsx"
    fill(sent / CITY, filled, {
        ("Indikátory", "1.2|1.2.a", "Skutečnost 2026"): "37",
        ("Indikátory", "4.1|4.1.b", "Skutečnost 2026"): "dvanáct",
        ("Finance", "1.2|mpsv", "Čerpáno 2026 (Kč)"): "-5 Kč",
        ("Opatření", "1.2", "Stav plnění 2026"): "hotovo",
    }, filled="15. 1. 2027")
    wb = load_workbook(filled)
    bad = cell_of(wb["Indikátory"], "4.1|4.1.b", "Skutečnost 2026")
    done = run_kpss("import", "results", filled, "--dry-run", "--repo", example_repo, "--lang", "cs")
    assert done.exit_code == 1, done.output
    assert f"filled.xlsx: Indikátory!{bad}: 'dvanáct' není číslo" in done.stderr
    assert "'-5 Kč' je záporné; čekáme částku v Kč 0 nebo větší" in done.stderr
    assert "'hotovo' není stav plnění; vyberte jeden z: splněno" in done.stderr
    assert "opatření 1.2: skutečnost 1.2.a – → 37" in done.stdout
    assert "opatření 1.2: datum vyhodnocení – → 15. 1. 2027" in done.stdout
    assert "opatření 1.2: vykázal – → 'Město Židlochovice'" in done.stdout
    assert "Zkušební běh (--dry-run): nic nebylo zapsáno." in done.stdout

    # A conflict, in Czech: the coordinator typed 1.2.a in since the export.
    path = example_repo / AP
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace('      "1.2.b": 9500\n', '      "1.2.b": 9500\n    result:\n      actuals:\n'
                                 '        "1.2.a": 36\n', 1), encoding="utf-8")
    done = run_kpss("import", "results", filled, "--repo", example_repo, "--lang", "cs")
    assert ("rozpor: opatření 1.2: skutečnost 1.2.a 36 → 37 (sešit byl odeslán s hodnotou –; "
            in done.stdout)
    assert "nepoužito; použije se jen s --force" in done.stdout
    assert "Nic nezapsáno: nic se nezměnilo." in done.stdout  # the only value was the conflict
    forced = run_kpss("import", "results", filled, "--force", "--repo", example_repo, "--lang", "cs")
    assert "rozpor: opatření 1.2: skutečnost 1.2.a 36 → 37" in forced.stdout and "použito (--force)" in forced.stdout
    assert f"Zapsáno: {AP}." in forced.stdout

    # Another territory, in Czech (exit 2).
    wb = load_workbook(sent / CITY)
    for row in wb["kpss"].iter_rows():
        if row[0].value == "territory":
            row[1].value = "SO ORP Kyjov"
    wb.save(sent / "kyjov.xlsx")
    done = run_kpss("import", "results", sent / "kyjov.xlsx", "--repo", example_repo, "--lang", "cs")
    assert done.exit_code == 2
    assert "byl vytvořen pro území 'SO ORP Kyjov'" in done.stderr and "nic nebylo načteno" in done.stderr
    (sent / "note.xlsx").write_text("není to sešit", encoding="utf-8")
    done = run_kpss("import", "results", sent / "note.xlsx", "--repo", example_repo, "--lang", "cs")
    assert "note.xlsx: není sešit XLSX" in done.stderr
    assert "Poznámka: žádný soubor nešlo přečíst, nic nebylo načteno" in done.stdout
