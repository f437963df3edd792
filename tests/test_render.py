"""``kpss render``: every document kind from the example, read back with python-docx."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn

from kpss_cli import czech as fmt

NBSP = "\u00a0"


def render(run_kpss, repo: Path, out: Path, *args: object):
    """Run `kpss render …` and return (Run, Document | None)."""
    result = run_kpss("render", *args, "-o", out, "--repo", repo)
    document = docx.Document(str(out)) if result.exit_code == 0 else None
    return result, document


def texts(document) -> list[str]:
    """Every paragraph text of the body, tables included, in document order."""
    body = document.element.body
    return ["".join(t.text or "" for t in p.iter(qn("w:t"))) for p in body.iter(qn("w:p"))]


def headings(document, level: int) -> list[str]:
    return [p.text for p in document.paragraphs if p.style.name == f"Heading {level}"]


def instructions(part_element) -> list[str]:
    return [(t.text or "").strip() for t in part_element.iter(qn("w:instrText"))]


@pytest.fixture
def plan_doc(run_kpss, example_repo: Path, tmp_path: Path):
    result, document = render(run_kpss, example_repo, tmp_path / "plan.docx", "plan", "2024-2027")
    assert result.exit_code == 0, result.output
    return document


# -- formatting -------------------------------------------------------------------------------


def test_czech_formatting_of_money_dates_periods_and_percent() -> None:
    from kpss_cli import i18n

    i18n.set_language("cs")  # without a language the figures are in that of the run
    assert fmt.money(1234567) == f"1{NBSP}234{NBSP}567{NBSP}Kč"
    assert fmt.money(1234.5) == f"1{NBSP}234,50{NBSP}Kč"
    assert fmt.money(0) == f"0{NBSP}Kč"
    assert fmt.date("2019-12-11") == f"11.{NBSP}12.{NBSP}2019"
    assert fmt.period(2020, 2023) == "2020\u20132023"
    assert fmt.percent(87.5) == f"87,5{NBSP}%"
    assert fmt.percent(100.0) == f"100{NBSP}%"
    assert fmt.percent(6.25) == f"6,3{NBSP}%"  # rounded as people round
    assert fmt.percent(99.96) == f"99,9{NBSP}%"  # short of the target never reads 100 %
    assert fmt.percent(None) == "\u2013"
    assert fmt.number(16.75) == "16,75"
    assert fmt.number(0.1 + 0.2) == "0,3"
    assert fmt.value(True) == "ano" and fmt.value(False) == "ne"
    assert fmt.count(1, "municipality") == f"1{NBSP}obec"
    assert fmt.count(3, "municipality") == f"3{NBSP}obce"
    assert fmt.count(17, "municipality") == f"17{NBSP}obcí"
    assert fmt.year_ranges([2020, 2021, 2022, 2024, 2026, 2025]) == "2020\u20132022, 2024\u20132026"


def test_english_formatting() -> None:
    assert fmt.money(1234567, "en") == f"1,234,567{NBSP}CZK"
    assert fmt.percent(87.5, "en") == "87.5%"
    assert fmt.date("2019-12-11", "en") == "11 December 2019"
    assert fmt.value(True, "en") == "yes"


def test_czech_alphabetical_order() -> None:
    names = [
        "Žabčice",
        "Chrlice",
        "Holasice",
        "Čejkovice",
        "Cvrčovice",
        "Řeznovice",
        "Rajhrad",
        "Ábel",
    ]
    assert sorted(names, key=fmt.czech_key) == [
        "Ábel",
        "Cvrčovice",
        "Čejkovice",
        "Holasice",
        "Chrlice",
        "Rajhrad",
        "Řeznovice",
        "Žabčice",
    ]


# -- the plan ---------------------------------------------------------------------------------


def test_plan_has_cover_numbered_chapters_priorities_and_measure_headings(plan_doc) -> None:
    all_text = texts(plan_doc)
    title = [p.text for p in plan_doc.paragraphs if p.style.name == "Title"]
    assert title == ["Komunitní plán sociálních služeb SO ORP Židlochovice na období 2024–2027"]
    h1 = headings(plan_doc, 1)
    assert h1[:3] == ["1\u2002Základní údaje o plánu", "2\u2002Vize", "3\u2002Zjištěné potřeby"]
    assert "Příloha 1: Sociální služby zahrnuté v plánu" in h1
    assert "Priorita 1: Senioři a osoby se zdravotním postižením" in headings(plan_doc, 2)
    assert "5.1\u2002Náklady podle let a zdrojů financování" in headings(plan_doc, 2)
    h3 = headings(plan_doc, 3)
    assert (
        "Opatření 1.2: Osobní asistence, tísňová péče a poradenství pro osoby žijící samostatně"
        in h3
    )
    assert len(h3) == 16  # one heading per measure
    # The approval on the cover, with a Czech date.
    assert any(
        f"Zastupitelstvo města Židlochovice dne 11.{NBSP}12.{NBSP}2023, usnesení č.{NBSP}11/XII/2023"
        in t
        for t in all_text
    )
    assert "Plánovací období 2024\u20132027" in all_text


def _table_after(document, heading_text: str):
    """The first table that follows the paragraph with this text (not its TOC entry)."""
    body = document.element.body
    seen = False
    for child in body.iterchildren():
        style = child.find(f"{qn('w:pPr')}/{qn('w:pStyle')}")
        in_toc = style is not None and style.get(qn("w:val")).upper().startswith("TOC")
        if (
            child.tag == qn("w:p")
            and not in_toc
            and "".join(t.text or "" for t in child.iter(qn("w:t"))).replace(NBSP, " ")
            == heading_text.replace(NBSP, " ")
        ):
            seen = True
        elif seen and child.tag == qn("w:tbl"):
            return docx.table.Table(child, document._body)
    raise AssertionError(f"no table after {heading_text!r}")


def test_one_table_per_measure_with_every_field_in_czech(plan_doc) -> None:
    table = _table_after(
        plan_doc, "Opatření 1.1: Udržení pečovatelské služby včetně večerní a víkendové péče"
    )
    rows = {row.cells[0].text: [c.text for c in row.cells] for row in table.rows}
    for label in (
        "Popis",
        "Odůvodnění",
        "Typ opatření",
        "Cílové skupiny",
        "Druhy služeb",
        "Služby",
        "Realizátor",
        "Partneři",
        "Období realizace",
        "Navazuje na",
        "Vazba na SPRSS kraje",
    ):
        assert label in rows, label
    assert rows["Typ opatření"][1] == "udržení"
    assert (
        rows["Cílové skupiny"][1]
        == f"senioři, osoby se zdravotním postižením, osoby s{NBSP}chronickým onemocněním"
    )
    assert rows["Druhy služeb"][1] == f"pečovatelská služba (§{NBSP}40)"
    assert rows["Období realizace"][1] == "2024\u20132027"
    assert rows["Navazuje na"][1] == "opatření 1.1 plánu 2020\u20132023"
    # Budget by year and source, in thousands separated by no-break spaces.
    assert rows["dotace MPSV (přes kraj, §101a)"][-5:] == [
        f"4{NBSP}900{NBSP}000",
        f"5{NBSP}200{NBSP}000",
        f"5{NBSP}500{NBSP}000",
        f"5{NBSP}800{NBSP}000",
        f"21{NBSP}400{NBSP}000",
    ]
    assert rows["Celkem"][-1] == f"45{NBSP}440{NBSP}000"
    # Indicators with unit, baseline, yearly targets and the target.
    indicator = next(v for k, v in rows.items() if k.startswith(f"Počet úvazků v{NBSP}přímé péči"))
    assert indicator[0] == f"Počet úvazků v{NBSP}přímé péči (úvazky)"
    assert indicator[1] == "15,8 (2023)"
    assert indicator[2:] == ["16,5", "17", "17,5", "18", "18"]
    # Activities.
    assert rows["1.1.2"][1].startswith("Pořízení dvou elektromobilů pro terénní péči")


def test_budget_summaries_and_total_in_czech_money(plan_doc) -> None:
    all_text = texts(plan_doc)
    assert any(f"462{NBSP}940{NBSP}000{NBSP}Kč" in t for t in all_text)
    by_source = _table_after(plan_doc, "5.1\u2002Náklady podle let a zdrojů financování")
    header = [c.text for c in by_source.rows[0].cells]
    assert header == [f"Zdroj financování (v{NBSP}Kč)", "2024", "2025", "2026", "2027", "Celkem"]
    assert by_source.rows[-1].cells[-1].text == f"462{NBSP}940{NBSP}000"
    by_priority = _table_after(plan_doc, "5.2\u2002Náklady podle priorit")
    assert (
        by_priority.rows[1].cells[0].text == f"Priorita 1: Senioři a{NBSP}osoby se zdravotním postižením"
    )


def test_tables_repeat_header_rows_and_rows_never_split(plan_doc) -> None:
    tables = plan_doc.element.body.findall(qn("w:tbl"))
    assert len(tables) > 16
    for tbl in tables:
        for tr in tbl.findall(qn("w:tr")):
            assert tr.find(f"{qn('w:trPr')}/{qn('w:cantSplit')}") is not None
    overview = _table_after(
        plan_doc,
        "Přehled uvádí opatření plánu podle priorit s realizátorem, obdobím a "
        "předpokládanými náklady; podrobnosti o každém opatření jsou v jeho kartě "
        "v následujících podkapitolách.",
    )
    first = overview._tbl.findall(qn("w:tr"))[0]
    assert first.find(f"{qn('w:trPr')}/{qn('w:tblHeader')}") is not None


def test_fields_toc_page_numpages_and_update_on_open(plan_doc) -> None:
    body_fields = instructions(plan_doc.element.body)
    assert body_fields == ['TOC \\o "1-3" \\h \\z \\u']
    section = plan_doc.sections[0]
    footer = section.footer
    assert instructions(footer._element) == ["PAGE", "NUMPAGES"]
    assert "strana" in footer.paragraphs[0].text and " z " in footer.paragraphs[0].text
    settings = plan_doc.settings.element
    assert settings.find(qn("w:updateFields")).get(qn("w:val")) == "true"
    # The TOC already lists the headings (LibreOffice shows them before any update).
    toc = [p.text for p in plan_doc.paragraphs if p.style.name.lower().startswith("toc ")]
    assert "1\u2002Základní údaje o plánu" in toc
    assert section.different_first_page_header_footer  # no footer on the cover


def test_document_properties_are_set_and_stable(plan_doc) -> None:
    core = plan_doc.core_properties
    assert core.title == "Komunitní plán sociálních služeb SO ORP Židlochovice na období 2024–2027"
    assert core.subject == "Komunitní plán sociálních služeb SO ORP Židlochovice 2024–2027"
    assert core.language == "cs-CZ"
    assert core.created.date().isoformat() == "2023-12-11"  # the approval date, not the clock


def test_members_only_with_the_option(
    run_kpss, example_repo: Path, tmp_path: Path, plan_doc
) -> None:
    assert not any("Ing. Pavel Doležal" in t for t in texts(plan_doc))
    result, document = render(
        run_kpss, example_repo, tmp_path / "m.docx", "plan", "2024-2027", "--with-members"
    )
    assert result.exit_code == 0, result.output
    assert any("Ing. Pavel Doležal" in t for t in texts(document))
    assert "Členové: Řídicí skupina KPSS SO ORP Židlochovice" in texts(document)


def test_group_leads_only_with_the_option(
    run_kpss, example_repo: Path, tmp_path: Path, plan_doc
) -> None:
    # groups.yaml names a lead for each group: a person, shown only with --with-members. (The
    # first group's lead is also the coordinator, whose public contact the plan always gives.)
    leads = ("Hana Pospíšilová", "Petra Urbánková", "Martin Zedník")
    assert not any(lead in t for t in texts(plan_doc) for lead in leads)
    assert "Vedoucí" not in texts(plan_doc)
    result, document = render(
        run_kpss, example_repo, tmp_path / "m.docx", "plan", "2024-2027", "--with-members"
    )
    assert result.exit_code == 0, result.output
    assert "Vedoucí" in texts(document)
    for lead in leads:
        assert any(lead in t for t in texts(document)), lead


def test_default_plan_and_previous_plan(run_kpss, example_repo: Path, tmp_path: Path) -> None:
    result, document = render(run_kpss, example_repo, tmp_path / "p.docx", "plan")
    assert result.exit_code == 0
    assert document.core_properties.title.endswith("2024–2027")  # KPSS_TODAY is in 2026
    result, document = render(run_kpss, example_repo, tmp_path / "old.docx", "plan", "2020-2023")
    assert result.exit_code == 0, result.output
    assert document.core_properties.title.endswith("2020–2023")


# -- action plan ------------------------------------------------------------------------------


def test_evaluated_action_plan_has_results_status_and_comments(
    run_kpss, example_repo: Path, tmp_path: Path
) -> None:
    result, document = render(run_kpss, example_repo, tmp_path / "ap.docx", "action-plan", "2025")
    assert result.exit_code == 0, result.output
    assert [p.text for p in document.paragraphs if p.style.name == "Title"] == [
        f"Akční plán sociálních služeb na rok 2025 a{NBSP}jeho vyhodnocení"
    ]
    table = _table_after(
        document, "Opatření 1.1: Udržení pečovatelské služby včetně večerní a víkendové péče"
    )
    rows = {row.cells[0].text: [c.text for c in row.cells] for row in table.rows}
    assert rows["Stav plnění"][1] == f"částečně splněno (vypočteno z{NBSP}indikátorů)"
    assert rows["Komentář"][1].startswith(f"Elektromobily pořízeny v{NBSP}červnu 2025.")
    assert rows["Vyhodnoceno"][1] == f"23.{NBSP}2.{NBSP}2026"
    assert rows[f"Aktivity v{NBSP}roce 2025"]
    assert rows["1.1.1"][1].startswith(f"Večerní a{NBSP}víkendové směny pečovatelské služby")
    indicator = next(v for k, v in rows.items() if k.startswith("Počet úvazků"))
    assert indicator[-3:] == ["17", "16,75", f"98,5{NBSP}%"]
    assert rows["úhrady uživatelů"][-3:] == [
        f"2{NBSP}600{NBSP}000",
        f"2{NBSP}688{NBSP}000",
        f"+88{NBSP}000",
    ]
    statuses = [
        row.cells[-1].text for row in _table_after(document, "2\u2002Přehled opatření").rows
    ]
    assert "průběžně plněno" in statuses and "nesplněno" in statuses
    assert "5\u2002Souhrn vyhodnocení" in headings(document, 1)


def test_action_plan_before_evaluation_shows_plan_only(
    run_kpss, example_repo: Path, tmp_path: Path
) -> None:
    result, document = render(run_kpss, example_repo, tmp_path / "ap.docx", "action-plan", "2026")
    assert result.exit_code == 0, result.output
    all_text = texts(document)
    assert "Akční plán sociálních služeb na rok 2026" in all_text
    assert "Skutečnost" not in all_text and "Stav plnění" not in all_text
    assert "Cílové hodnoty indikátorů" in all_text


# -- report -----------------------------------------------------------------------------------


def test_report_has_a_chart_per_priority_and_the_figures(
    run_kpss, example_repo: Path, tmp_path: Path
) -> None:
    result, document = render(run_kpss, example_repo, tmp_path / "r.docx", "report")
    assert result.exit_code == 0, result.output
    assert len(document.inline_shapes) == 4  # four priorities
    with zipfile.ZipFile(tmp_path / "r.docx") as archive:
        # Native Word charts (the council can restyle them), no pictures.
        charts = sorted(n for n in archive.namelist() if n.startswith("word/charts/chart"))
        assert charts == [f"word/charts/chart{i}.xml" for i in range(1, 5)]
        assert not [n for n in archive.namelist() if n.startswith("word/media/")]
        assert archive.read("[Content_Types].xml").count(b"drawingml.chart+xml") == 4
    all_text = texts(document)
    assert f"Průměrné naplnění plánu: 91,9{NBSP}%." in all_text
    assert "Vyhodnocení plnění komunitního plánu za rok 2025" in all_text
    assert any(t.startswith("Graf 1: Naplnění opatření priority 1") for t in all_text)
    assert "Priorita 4: Informovanost, koordinace a financování" in headings(document, 2)


def test_report_of_a_past_period_and_of_a_year(
    run_kpss, example_repo: Path, tmp_path: Path
) -> None:
    result, document = render(run_kpss, example_repo, tmp_path / "r.docx", "report", "2020-2023")
    assert result.exit_code == 0, result.output
    assert "Vyhodnocení plnění komunitního plánu za období 2020–2023" in texts(document)
    assert "2020, 2021" in texts(document)  # years without an action plan are named
    result, document = render(
        run_kpss, example_repo, tmp_path / "y.docx", "report", "2024-2027", "--year", "2024"
    )
    assert result.exit_code == 0, result.output
    assert "Vyhodnocení plnění komunitního plánu za rok 2024" in texts(document)


def test_report_the_same_numbers_as_report_fulfilment(
    run_kpss, example_repo: Path, tmp_path: Path
) -> None:
    import json

    data = json.loads(
        run_kpss("report", "fulfilment", "--format", "json", "--repo", example_repo).stdout
    )
    result, document = render(run_kpss, example_repo, tmp_path / "r.docx", "report")
    assert result.exit_code == 0
    shown = fmt.percent(data["achievement"])
    assert f"Průměrné naplnění plánu: {shown}." in texts(document)


# -- catalogue --------------------------------------------------------------------------------


def test_catalogue_by_law_groups_and_types_with_contacts_and_index(
    run_kpss, example_repo: Path, tmp_path: Path
) -> None:
    result, document = render(run_kpss, example_repo, tmp_path / "c.docx", "catalogue")
    assert result.exit_code == 0, result.output
    h1 = headings(document, 1)
    assert h1 == [
        "1\u2002Úvodem",
        f"2\u2002Sociální poradenství (§{NBSP}37)",
        f"3\u2002Služby sociální péče (§{NBSP}38–52)",
        f"4\u2002Služby sociální prevence (§{NBSP}53–70)",
        "5\u2002Návazné služby",
        "6\u2002Rejstřík podle cílových skupin",
        "7\u2002Poskytovatelé",
    ]
    assert f"3.2\u2002Pečovatelská služba (§{NBSP}40)" in headings(document, 2)
    card = _table_after(document, "Pečovatelská služba Židlochovice")
    rows = {row.cells[0].text: row.cells[1].text for row in card.rows}
    assert rows["IČO"] == "71123784"
    assert rows["Identifikátor služby"] == "6548211"
    assert rows["Formy"] == "terénní, ambulantní"
    assert rows["Kapacita"].startswith("klienti: 210; úvazky: 11,5")
    assert rows["Působnost"] == "všechny obce území"
    assert f"tel.{NBSP}+420{NBSP}547{NBSP}000{NBSP}121" in rows["Kontakt"]  # kept together
    assert rows["Síť sociálních služeb"] == f"zařazena v{NBSP}letech 2020–2026"
    index = _table_after(document, "6\u2002Rejstřík podle cílových skupin")
    by_group = {row.cells[0].text: row.cells[1].text for row in index.rows}
    assert "Pečovatelská služba Židlochovice – pečovatelská služba" in by_group["Senioři"]


# -- language ---------------------------------------------------------------------------------


def test_english_labels(run_kpss, example_repo: Path, tmp_path: Path) -> None:
    result, document = render(run_kpss, example_repo, tmp_path / "en.docx", "plan", "--lang", "en")
    assert result.exit_code == 0, result.output
    assert "Measure 1.1: Udržení pečovatelské služby včetně večerní a víkendové péče" in headings(
        document, 3
    )
    assert "1\u2002About the plan" in headings(document, 1)
    footer = document.sections[0].footer.paragraphs[0].text
    assert "page" in footer and " of " in footer
    assert any(f"462,940,000{NBSP}CZK" in t for t in texts(document))
    assert document.core_properties.language == "en-GB"


# -- stable output ----------------------------------------------------------------------------


@pytest.mark.parametrize("args", [("plan",), ("action-plan", "2025"), ("report",), ("catalogue",)])
def test_same_input_gives_identical_bytes(
    run_kpss, example_repo: Path, tmp_path: Path, args
) -> None:
    first, second = tmp_path / "a.docx", tmp_path / "b.docx"
    assert run_kpss("render", *args, "-o", first, "--repo", example_repo).exit_code == 0
    assert run_kpss("render", *args, "-o", second, "--repo", example_repo).exit_code == 0
    assert first.read_bytes() == second.read_bytes()
    with zipfile.ZipFile(first) as archive:
        assert {info.date_time for info in archive.infolist()} == {(1980, 1, 1, 0, 0, 0)}


# -- templates --------------------------------------------------------------------------------


def _town_template(path: Path, czech_ids: bool = False) -> Path:
    """A town's reference document: Georgia headings, Letter paper, a header, some body text."""
    from docx.shared import RGBColor

    document = docx.Document()
    heading = document.styles["Heading 1"]
    heading.font.name = "Georgia"
    heading.font.color.rgb = RGBColor(0x8B, 0x00, 0x00)
    section = document.sections[0]
    section.header.is_linked_to_previous = False
    section.header.paragraphs[0].text = "Město Testov – odbor sociálních věcí"
    document.add_paragraph("Text of the template that must not reach the document")
    buffer = io.BytesIO()
    document.save(buffer)
    data = buffer.getvalue()
    if czech_ids:  # as Czech Word names them: style id "Nadpis1", name still "heading 1"
        source = zipfile.ZipFile(io.BytesIO(data))
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
            for info in source.infolist():
                payload = source.read(info)
                if info.filename in ("word/styles.xml", "word/stylesWithEffects.xml"):
                    payload = payload.replace(b'"Heading1"', b'"Nadpis1"')
                target.writestr(info, payload)
        data = out.getvalue()
    path.write_bytes(data)
    return path


def test_template_gives_styles_page_setup_and_header(
    run_kpss, example_repo: Path, tmp_path: Path
) -> None:
    reference = _town_template(tmp_path / "town.docx")
    result, document = render(
        run_kpss, example_repo, tmp_path / "t.docx", "plan", "--template", reference
    )
    assert result.exit_code == 0, result.output
    heading = document.styles["Heading 1"]
    assert heading.font.name == "Georgia"
    assert str(heading.font.color.rgb) == "8B0000"
    assert "2\u2002Vize" in headings(document, 1)
    assert round(document.sections[0].page_width.inches, 1) == 8.5  # Letter, from the template
    assert document.sections[0].header.paragraphs[0].text == "Město Testov – odbor sociálních věcí"
    assert "Text of the template that must not reach the document" not in texts(document)
    # Styles the template lacks are added, so the tables keep their look.
    assert document.styles["KPSS Table Text"] is not None
    assert instructions(document.sections[0].footer._element) == ["PAGE", "NUMPAGES"]


def test_template_with_czech_style_ids(run_kpss, example_repo: Path, tmp_path: Path) -> None:
    reference = _town_template(tmp_path / "cz.docx", czech_ids=True)
    result, document = render(
        run_kpss, example_repo, tmp_path / "t.docx", "catalogue", "--template", reference
    )
    assert result.exit_code == 0, result.output
    first = next(
        p
        for p in document.paragraphs
        if p.text == "1\u2002Úvodem" and not p.style.name.startswith("toc")
    )
    assert first.style.style_id == "Nadpis1"
    assert first.style.font.name == "Georgia"


def test_template_from_kpss_yaml_relative_to_the_repository(
    run_kpss, example_repo: Path, tmp_path: Path
) -> None:
    (example_repo / "docs").mkdir()
    _town_template(example_repo / "docs" / "town.docx")
    manifest = example_repo / "kpss.yaml"
    manifest.write_text(
        manifest.read_text(encoding="utf-8") + "\ndocuments:\n  template: docs/town.docx\n",
        encoding="utf-8",
    )
    result, document = render(run_kpss, example_repo, tmp_path / "t.docx", "catalogue")
    assert result.exit_code == 0, result.output
    assert document.styles["Heading 1"].font.name == "Georgia"


def test_dotx_template_is_accepted(run_kpss, example_repo: Path, tmp_path: Path) -> None:
    reference = _town_template(tmp_path / "town.docx")
    dotx = tmp_path / "town.dotx"
    source = zipfile.ZipFile(reference)
    with zipfile.ZipFile(dotx, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            payload = source.read(info)
            if info.filename == "[Content_Types].xml":
                payload = payload.replace(b"document.main+xml", b"template.main+xml")
            target.writestr(info, payload)
    result, document = render(
        run_kpss, example_repo, tmp_path / "t.docx", "catalogue", "--template", dotx
    )
    assert result.exit_code == 0, result.output
    assert document.styles["Heading 1"].font.name == "Georgia"


def test_bundled_template_can_be_written_and_reused(
    run_kpss, example_repo: Path, tmp_path: Path
) -> None:
    reference = tmp_path / "reference.docx"
    result = run_kpss("render", "template", "-o", reference)
    assert result.exit_code == 0, result.output
    styles = {s.name for s in docx.Document(str(reference)).styles}
    assert {"Heading 1", "Title", "KPSS Table Text", "TOC Heading"} <= styles
    result, document = render(
        run_kpss, example_repo, tmp_path / "p.docx", "catalogue", "--template", reference
    )
    assert result.exit_code == 0, result.output


# -- characters XML cannot hold ---------------------------------------------------------------


def test_control_characters_are_removed_with_a_warning(
    run_kpss, example_repo: Path, tmp_path: Path
) -> None:
    plan = example_repo / "plans" / "2024-2027" / "plan.yaml"
    text = plan.read_text(encoding="utf-8")
    text = text.replace(
        "title: Udržení pečovatelské služby včetně večerní a víkendové péče",
        'title: "Udržení pečovatelské\\vslužby včetně večerní\\x1b a víkendové péče"',
        1,
    )
    plan.write_text(text, encoding="utf-8")
    result, document = render(run_kpss, example_repo, tmp_path / "c.docx", "plan")
    assert result.exit_code == 0, result.output
    assert "plans/2024-2027/plan.yaml: $.priorities[0].measures[0].title" in result.stderr
    assert "U+000B, U+001B" in result.stderr
    assert "Opatření 1.1: Udržení pečovatelské služby včetně večerní a víkendové péče" in headings(
        document, 3
    )


# -- bad input: a message, exit 2, nothing written ----------------------------------------------


@pytest.mark.parametrize(
    ("args", "message"),
    [
        # Czech messages: the tests render Czech documents (--lang cs, tests/conftest.py).
        (("plan", "2030-2033"), "v repozitáři není plán '2030-2033'"),
        (("action-plan", "2027"), "nemá akční plán na rok 2027"),
        (("action-plan", "2031"), "rok 2031 nepatří do žádného plánu"),
        (("action-plan", "next"), "akční plán se určuje rokem"),
        (("action-plan",), "uveďte rok"),
        (("report", "2030-2033"), "2030-2033"),
        (("report", "2024-2027", "--year", "2031"), "leží mimo období"),  # render runs in Czech (conftest)
        (("plan", "--year", "2025"), "--year platí jen pro `kpss render report`"),
        (("catalogue", "x"), "nebere žádné ID"),
    ],
)
def test_bad_input_exits_2_and_writes_nothing(
    run_kpss, example_repo: Path, tmp_path: Path, args, message
) -> None:
    out = tmp_path / "out.docx"
    result = run_kpss("render", *args, "-o", out, "--repo", example_repo)
    assert result.exit_code == 2
    assert message in result.stderr
    assert "Traceback" not in result.output
    assert not out.exists()
    assert list(tmp_path.iterdir()) == [example_repo]  # no temporary file left behind


def test_bad_template_or_output_exits_2_and_keeps_the_old_file(
    run_kpss, example_repo: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out.docx"
    out.write_bytes(b"old")
    not_docx = tmp_path / "notes.docx"
    not_docx.write_text("just text", encoding="utf-8")
    not_word = tmp_path / "book.docx"
    with zipfile.ZipFile(not_word, "w") as archive:
        archive.writestr("hello.txt", "not an office document")
    cases = [
        (("--template", tmp_path / "missing.docx"), "nebyla nalezena"),
        (("--template", not_docx), "není soubor DOCX"),
        (("--template", not_word), "není"),
        (("--template", tmp_path), "je složka"),
    ]
    for extra, message in cases:
        result = run_kpss("render", "plan", "-o", out, "--repo", example_repo, *extra)
        assert result.exit_code == 2, extra
        assert message in result.stderr, (extra, result.stderr)
        assert out.read_bytes() == b"old"
    result = run_kpss(
        "render", "plan", "-o", tmp_path / "no" / "such" / "folder.docx", "--repo", example_repo
    )
    assert result.exit_code == 2 and "neexistuje" in result.stderr
    assert not (tmp_path / "no").exists()
    result = run_kpss("render", "plan", "-o", tmp_path, "--repo", example_repo)
    assert result.exit_code == 2 and "je složka" in result.stderr


def test_invalid_repository_is_refused(run_kpss, example_repo: Path, tmp_path: Path) -> None:
    plan = example_repo / "plans" / "2024-2027" / "plan.yaml"
    plan.write_text(
        plan.read_text(encoding="utf-8").replace("status: approved", "status: maybe", 1),
        encoding="utf-8",
    )
    result = run_kpss("render", "plan", "-o", tmp_path / "p.docx", "--repo", example_repo)
    assert result.exit_code == 2
    assert "repozitář má 1 chybu; nejdřív ji opravte" in result.stderr  # render runs in Czech in the tests (conftest)
    assert not (tmp_path / "p.docx").exists()


def test_missing_template_in_kpss_yaml_is_named(
    run_kpss, example_repo: Path, tmp_path: Path
) -> None:
    manifest = example_repo / "kpss.yaml"
    manifest.write_text(
        manifest.read_text(encoding="utf-8") + "\ndocuments:\n  template: town.docx\n",
        encoding="utf-8",
    )
    result = run_kpss("render", "catalogue", "-o", tmp_path / "c.docx", "--repo", example_repo)
    assert result.exit_code == 2
    assert "documents.template v kpss.yaml" in result.stderr


def test_help_has_an_example(run_kpss) -> None:
    result = run_kpss("render", "--help")
    assert result.exit_code == 0
    assert "Example: kpss render plan" in result.stdout


def test_template_that_numbers_its_headings_gets_no_second_number(
    run_kpss, example_repo: Path, tmp_path: Path
) -> None:
    from docx.oxml import parse_xml

    document = docx.Document()
    ppr = document.styles["Heading 1"].element.find(qn("w:pPr"))
    keep_lines = ppr.find(qn("w:keepLines"))
    keep_lines.addnext(
        parse_xml(
            '<w:numPr xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
            '<w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr>'
        )
    )
    reference = tmp_path / "numbered.docx"
    document.save(str(reference))
    result, rendered = render(
        run_kpss, example_repo, tmp_path / "c.docx", "catalogue", "--template", reference
    )
    assert result.exit_code == 0, result.output
    assert headings(rendered, 1)[0] == "Úvodem"


def test_report_without_any_evaluation_is_refused(
    run_kpss, example_repo: Path, tmp_path: Path
) -> None:
    import shutil

    shutil.rmtree(example_repo / "plans" / "2020-2023" / "action-plans")
    result = run_kpss(
        "render", "report", "2020-2023", "-o", tmp_path / "r.docx", "--repo", example_repo
    )
    assert result.exit_code == 2
    assert "zatím nemá žádný vyhodnocený rok" in result.stderr  # render runs in Czech (conftest)
    assert not (tmp_path / "r.docx").exists()


def test_catalogue_without_services(run_kpss, example_repo: Path, tmp_path: Path) -> None:
    (example_repo / "services.yaml").unlink()
    for grants in example_repo.glob("grants/*.yaml"):  # nor may grants
        grants.unlink()
    for plan in example_repo.glob("plans/*/plan.yaml"):  # measures may not name unknown services
        lines = plan.read_text(encoding="utf-8").splitlines(keepends=True)
        plan.write_text(
            "".join(x for x in lines if not x.lstrip().startswith("services:")), encoding="utf-8"
        )
    result, document = render(run_kpss, example_repo, tmp_path / "c.docx", "catalogue")
    assert result.exit_code == 0, result.output
    assert "Repozitář neuvádí žádné služby." in texts(document)


def test_a_row_longer_than_a_page_may_split(run_kpss, example_repo: Path, tmp_path: Path) -> None:
    """Word cuts off a row that may not split but is taller than a page; kpss lets it split."""
    plan = example_repo / "plans" / "2024-2027" / "plan.yaml"
    long_text = " ".join(["Dlouhý popis opatření, který se na jednu stránku nevejde."] * 120)
    text = plan.read_text(encoding="utf-8")
    # measure 1.1's description is a folded scalar; replace it by one very long line
    start = text.index("description: >-\n          Zajistit pečovatelskou službu")
    end = text.index("rationale:", start)
    text = text[:start] + f'description: "{long_text}"\n        ' + text[end:]
    plan.write_text(text, encoding="utf-8")
    result, document = render(run_kpss, example_repo, tmp_path / "p.docx", "plan")
    assert result.exit_code == 0, result.output
    card = _table_after(
        document, "Opatření 1.1: Udržení pečovatelské služby včetně večerní a víkendové péče"
    )
    rows = card._tbl.findall(qn("w:tr"))
    split = [tr.find(f"{qn('w:trPr')}/{qn('w:cantSplit')}") is None for tr in rows]
    assert split[0] is True  # the description
    assert not any(split[1:])


def test_report_chart_labels_with_control_characters_raise_no_python_warning(run_kpss, example_repo, tmp_path) -> None:
    plan = example_repo / "plans" / "2024-2027" / "plan.yaml"
    text = plan.read_text(encoding="utf-8")
    first_title = next(line for line in text.splitlines() if line.strip().startswith("title:") and line.startswith("        "))
    marker = "Podpora\\x0bpečujících\\x01osob"
    plan.write_text(text.replace(first_title, first_title.split("title:")[0] + f'title: "{marker}"', 1), encoding="utf-8")
    out = tmp_path / "r.docx"
    result = run_kpss("render", "report", "--repo", example_repo, "-o", out, "--year", "2025")
    assert result.exit_code == 0, result.output
    assert "UserWarning" not in result.stderr and "Glyph" not in result.stderr
    assert "Varování:" in result.stderr  # kpss's own warning (the run is Czech: conftest renders in cs)
    assert out.is_file()


def test_report_charts_hold_each_measures_achievement_in_its_status_colour(run_kpss, example_repo, tmp_path) -> None:
    import json

    from lxml import etree

    result, _document = render(run_kpss, example_repo, tmp_path / "r.docx", "report", "--year", "2025")
    assert result.exit_code == 0, result.output
    data = json.loads(run_kpss("report", "fulfilment", "--repo", example_repo, "--year", "2025", "-f", "json").stdout)
    measures = [m for m in data["measures"] if m["priority"] == data["priorities"][0]["id"]]
    ns = {"c": "http://schemas.openxmlformats.org/drawingml/2006/chart", "a": "http://schemas.openxmlformats.org/drawingml/2006/main"}
    with zipfile.ZipFile(tmp_path / "r.docx") as archive:
        root = etree.fromstring(archive.read("word/charts/chart1.xml"))
    assert root.find(".//c:barChart/c:barDir", ns).get("val") == "bar"
    series = root.findall(".//c:ser", ns)
    seen: dict[int, tuple[str, float]] = {}
    for ser in series:
        name = ser.find("c:tx//c:v", ns).text
        colour = ser.find("c:spPr/a:solidFill/a:srgbClr", ns).get("val")
        labels = [pt.find("c:v", ns).text for pt in ser.findall("c:cat//c:pt", ns)]
        for pt in ser.findall("c:val//c:pt", ns):
            seen[int(pt.get("idx"))] = (name, colour, float(pt.find("c:v", ns).text))
    assert [label.split(" ", 1)[0] for label in labels] == [m["id"] for m in measures]
    # Each status its own series (the legend), in the colour of the report's status scheme.
    scheme = {"fulfilled": ("splněno", "2E7D32"), "partially_fulfilled": ("částečně splněno", "F2A900"),
              "not_fulfilled": ("nesplněno", "C62828"), "ongoing": ("průběžně plněno", "1F6FB2")}
    assert len(series) == len({m["status"] for m in measures if m.get("achievement") is not None})
    for i, m in enumerate(measures):
        if m.get("achievement") is None:
            assert i not in seen
            continue
        name, colour, value = seen[i]
        assert abs(value - m["achievement"]) < 0.051
        assert colour == scheme[m["status"]][1]
        assert name.startswith(scheme[m["status"]][0][:5])


def test_report_charts_embed_their_figures_as_a_workbook_word_can_edit(run_kpss, example_repo, tmp_path) -> None:
    """"Edit data" in Word: each chart names an embedded XLSX (c:externalData), the relationship
    resolves to a part in the package, and the sheet holds the very figures of the chart's cache."""
    import io
    import posixpath

    from lxml import etree
    from openpyxl import load_workbook

    result, _document = render(run_kpss, example_repo, tmp_path / "r.docx", "report", "--year", "2025")
    assert result.exit_code == 0, result.output
    ns = {
        "c": "http://schemas.openxmlformats.org/drawingml/2006/chart",
        "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
        "rel": "http://schemas.openxmlformats.org/package/2006/relationships",
    }
    with zipfile.ZipFile(tmp_path / "r.docx") as archive:
        names = set(archive.namelist())
        embedded = sorted(n for n in names if n.startswith("word/embeddings/"))
        assert embedded == [f"word/embeddings/Microsoft_Excel_Worksheet{i}.xlsx" for i in range(1, 5)]
        types = etree.fromstring(archive.read("[Content_Types].xml"))
        declared = {o.get("PartName"): o.get("ContentType") for o in types}
        defaults = {d.get("Extension"): d.get("ContentType") for d in types if d.get("Extension")}
        sheet_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        for number in range(1, 5):
            chart = etree.fromstring(archive.read(f"word/charts/chart{number}.xml"))
            rid = chart.find("c:externalData", ns).get(f"{{{ns['r']}}}id")
            rels = etree.fromstring(archive.read(f"word/charts/_rels/chart{number}.xml.rels"))
            (relationship,) = [r for r in rels if r.get("Id") == rid]
            assert relationship.get("Type").endswith("/relationships/package")
            target = posixpath.normpath(posixpath.join("word/charts", relationship.get("Target")))
            assert target in names
            assert declared.get("/" + target, defaults.get("xlsx")) == sheet_type
            sheet = load_workbook(io.BytesIO(archive.read(target)))["List1"]
            cells = {cell.coordinate: cell for row in sheet.iter_rows() for cell in row if cell.value is not None}
            # Every cell a formula of the chart names holds what the cache shows, and nothing else is there.
            expected = {}
            for ser in chart.findall(".//c:ser", ns):
                column = ser.find("c:tx/c:strRef/c:f", ns).text.split("$")[1]
                expected[f"{column}1"] = ser.find("c:tx//c:v", ns).text
                for pt in ser.findall("c:cat//c:pt", ns):
                    expected[f"A{int(pt.get('idx')) + 2}"] = pt.find("c:v", ns).text
                for pt in ser.findall("c:val//c:pt", ns):
                    expected[f"{column}{int(pt.get('idx')) + 2}"] = float(pt.find("c:v", ns).text)
            assert {ref: cell.value for ref, cell in cells.items()} == expected
            numbers = [cell for cell in cells.values() if isinstance(cell.value, float)]
            assert numbers and all(cell.number_format == '0.0"\u00a0%"' for cell in numbers)
    # Chart 1 by hand (report fulfilment of 2025): 1.1 partly fulfilled at 99.51 %, 1.2 fulfilled
    # at 100 %; the columns follow the status order, fulfilled first; one decimal, rounded half up.
    with zipfile.ZipFile(tmp_path / "r.docx") as archive:
        first = load_workbook(io.BytesIO(archive.read("word/embeddings/Microsoft_Excel_Worksheet1.xlsx")))["List1"]
    assert (first["B1"].value, first["C1"].value) == ("splněno", "částečně splněno")
    assert first["A2"].value.startswith("1.1 ") and first["A3"].value.startswith("1.2 ")
    assert (first["B2"].value, first["C2"].value) == (None, 99.5)
    assert (first["B3"].value, first["C3"].value) == (100, None)


def test_the_same_report_gives_the_same_bytes_with_its_workbooks(run_kpss, example_repo, tmp_path) -> None:
    one, _ = render(run_kpss, example_repo, tmp_path / "a.docx", "report", "--year", "2025")
    two, _ = render(run_kpss, example_repo, tmp_path / "b.docx", "report", "--year", "2025")
    assert one.exit_code == two.exit_code == 0
    assert (tmp_path / "a.docx").read_bytes() == (tmp_path / "b.docx").read_bytes()


def test_columns_widened_for_their_longest_word() -> None:
    from kpss_cli.render.builder import _fit_columns

    # The first column needs 1,500 twips; the other two give 250 each, in proportion to their room.
    assert _fit_columns([1000, 1000, 1000], [1500, 0, 0], cap=4000) == [1500, 750, 750]
    # Room of 400 and 100 above their needs: 500 missing in all, taken 4:1 from them.
    assert _fit_columns([1000, 1000, 1000], [1500, 600, 900], cap=4000) == [1500, 600, 900]
    # Nothing to take: as given. A need above the cap counts as the cap.
    assert _fit_columns([1000, 1000], [1200, 1100], cap=4000) == [1000, 1000]
    assert _fit_columns([1000, 2000], [2500, 0], cap=1500) == [1500, 1500]


def test_catalogue_links_open_the_address_they_show_next_to_a_templates_own_links(
    run_kpss, example_repo: Path, tmp_path: Path
) -> None:
    """The builder numbers hyperlink relationships itself (python-docx scanned all of them per
    link): a template's own links keep their ids, an address shared by services is one
    relationship, and every link in the body opens the address its text shows."""
    from docx.opc.constants import RELATIONSHIP_TYPE as RT

    template = docx.Document()
    part = template.part
    own = part.relate_to("https://www.spondea.cz", RT.HYPERLINK, is_external=True)
    old = part.relate_to("https://example.org/old", RT.HYPERLINK, is_external=True)
    template.save(str(tmp_path / "t.docx"))
    out = tmp_path / "c.docx"
    result = run_kpss("render", "catalogue", "-o", out, "--template", tmp_path / "t.docx", "--repo", example_repo)
    assert result.exit_code == 0, result.output
    document = docx.Document(str(out))
    rels = document.part.rels
    targets = [rel.target_ref for rel in rels.values() if rel.reltype == RT.HYPERLINK]
    assert len(targets) == len(set(targets))  # one relationship per address
    assert rels[own].target_ref == "https://www.spondea.cz" and rels[old].target_ref == "https://example.org/old"
    shown: dict[str, str] = {}
    for link in document.element.body.iter(qn("w:hyperlink")):
        rid = link.get(qn("r:id"))
        text = "".join(t.text or "" for t in link.iter(qn("w:t")))
        target = rels[rid].target_ref
        assert target in (text, "mailto:" + text, "https://" + text), (rid, text, target)
        shown[text] = rid
    assert shown["https://www.spondea.cz"] == own  # the template's relationship, reused
    assert shown["info@spondea.cz"] != own
    assert "mailto:pecovatelska@zidlochovice.cz" in targets and "https://www.podaneruce.cz" in targets
