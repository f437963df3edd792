"""The citizen fields of a service (description, hours, payment, places, life situations):
checked by the schema, printed by the catalogue."""

from __future__ import annotations

import json
from pathlib import Path

import docx
from test_render import _table_after

NBSP = "\u00a0"


def _edit_service(repo: Path, old: str, new: str) -> None:
    path = repo / "services.yaml"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_catalogue_card_says_what_where_when_and_whether_it_is_paid(
    run_kpss, example_repo: Path, tmp_path: Path
) -> None:
    out = tmp_path / "c.docx"
    result = run_kpss("render", "catalogue", "-o", out, "--repo", example_repo)
    assert result.exit_code == 0, result.output
    card = _table_after(docx.Document(str(out)), "Občanská a dluhová poradna Židlochovice")
    # (the no-break spaces of Czech typography are checked in test_typography_and_links…)
    rows = {row.cells[0].text: row.cells[1].text.replace(NBSP, " ") for row in card.rows}
    assert card.rows[0].cells[0].text == "Co služba nabízí"
    assert rows["Co služba nabízí"].startswith("Bezplatné a důvěrné poradenství")
    assert rows["Životní situace"] == "dluhy a finanční tíseň, ztráta bydlení, bezdomovectví, ztráta zaměstnání"
    assert rows["Úhrada"] == "bez úhrady"
    assert rows["Provozní doba"].startswith("Út 9:00–12:00")
    # two places, one a line, with the note of the second
    assert rows["Kde"].split("\n") == [
        "Městský úřad Židlochovice, Masarykova 100, 667 01 Židlochovice",
        "Obecní úřad Hrušovany u Brna, Náměstí 9, 664 62 Hrušovany u Brna (jednou za měsíc po objednání)",
    ]
    paid = _table_after(docx.Document(str(out)), "Domov pro seniory Židlochovice")
    paid_rows = {row.cells[0].text: row.cells[1].text.replace(NBSP, " ") for row in paid.rows}
    assert paid_rows["Úhrada"].startswith("za úhradu (ubytování a strava dle vyhlášky")


def test_a_service_without_citizen_fields_has_no_empty_rows(
    run_kpss, example_repo: Path, tmp_path: Path
) -> None:
    services = example_repo / "services.yaml"
    lines = services.read_text(encoding="utf-8").split("\n")
    keys = ("    description:", "    hours:", "    payment:", "    payment_note:", "    life_situations:")
    kept, skipping = [], False
    for line in lines:
        if line.startswith("    places:"):
            skipping = True
            continue
        if skipping and line.startswith("      "):
            continue
        skipping = False
        if not line.startswith(keys):
            kept.append(line)
    services.write_text("\n".join(kept), encoding="utf-8")
    out = tmp_path / "c.docx"
    result = run_kpss("render", "catalogue", "-o", out, "--repo", example_repo)
    assert result.exit_code == 0, result.output
    card = _table_after(docx.Document(str(out)), "Pečovatelská služba Židlochovice")
    labels = [row.cells[0].text for row in card.rows]
    assert labels[0] == "Poskytovatel"
    for absent in ("Co služba nabízí", "Životní situace", "Kde", "Provozní doba", "Úhrada"):
        assert absent not in labels


def test_schema_rejects_an_unknown_payment_and_life_situation(run_kpss, example_repo: Path) -> None:
    _edit_service(example_repo, "    payment: free\n", "    payment: zdarma\n")
    _edit_service(example_repo, "life_situations: [dluhy,", "life_situations: [exekuce,")
    result = run_kpss("validate", "--format", "json", "--repo", example_repo)
    assert result.exit_code == 1, result.output
    findings = json.loads(result.stdout)["findings"]
    paths = {f["path"] for f in findings if f["file"] == "services.yaml"}
    assert any(p.endswith(".payment") for p in paths), findings
    assert any(".life_situations[0]" in p for p in paths), findings


def test_schema_requires_address_and_municipality_of_a_place(run_kpss, example_repo: Path) -> None:
    _edit_service(example_repo, '        municipality: "584282"\n', "")
    result = run_kpss("validate", "--format", "json", "--repo", example_repo)
    assert result.exit_code == 1, result.output
    findings = json.loads(result.stdout)["findings"]
    assert any(".places[0]" in f["path"] for f in findings), findings


def test_diff_names_a_changed_citizen_field(run_kpss, example_repo: Path) -> None:
    import subprocess

    def git(*args: str) -> None:
        subprocess.run(["git", *args], cwd=example_repo, check=True, capture_output=True)

    git("init", "-q")
    git("-c", "user.name=t", "-c", "user.email=t@example.cz", "add", ".")
    git("-c", "user.name=t", "-c", "user.email=t@example.cz", "commit", "-qm", "start")
    _edit_service(example_repo, '    hours: "Út 9:00–12:00 a 13:00–17:00, Čt 9:00–12:00"\n', '    hours: "Út a Čt 9:00–17:00"\n')
    _edit_service(example_repo, "life_situations: [dluhy, ztrata_bydleni, zamestnani]", "life_situations: [dluhy]")
    result = run_kpss("diff", "--rev", "HEAD", "--format", "json", "--repo", example_repo)
    assert result.exit_code == 0, result.output
    change = next(c for c in json.loads(result.stdout)["changes"] if c["id"] == "9034561")
    fields = {f["path"]: (f["old"], f["new"]) for f in change["fields"]}
    assert fields["hours"] == ("Út 9:00–12:00 a 13:00–17:00, Čt 9:00–12:00", "Út a Čt 9:00–17:00")
    assert fields["life_situations"] == (["dluhy", "ztrata_bydleni", "zamestnani"], ["dluhy"])


def test_typography_and_links_of_the_catalogue(run_kpss, example_repo: Path, tmp_path: Path) -> None:
    out = tmp_path / "c.docx"
    assert run_kpss("render", "catalogue", "-o", out, "--repo", example_repo).exit_code == 0
    document = docx.Document(str(out))
    card = _table_after(document, f"Občanská a{NBSP}dluhová poradna Židlochovice")
    rows = {row.cells[0].text: row.cells[1].text for row in card.rows}
    # a no-break space after the one-letter word, in the postcode and in "č. 505/2006 Sb."
    assert rows["Co služba nabízí"].startswith(f"Bezplatné a{NBSP}důvěrné poradenství")
    assert f"Masarykova 100, 667{NBSP}01 Židlochovice" in rows["Kde"]
    home = _table_after(document, "Domov pro seniory Židlochovice")
    home_rows = {row.cells[0].text: row.cells[1].text for row in home.rows}
    assert f"vyhlášky č.{NBSP}505/2006{NBSP}Sb." in home_rows["Úhrada"]
    assert f"tel.{NBSP}+420{NBSP}547{NBSP}000{NBSP}301" in home_rows["Kontakt"]
    # web and e-mail addresses are working hyperlinks
    links = {
        rel.target_ref for rel in document.part.rels.values() if rel.reltype.endswith("/hyperlink")
    }
    assert "https://www.spondea.cz" in links
    assert "mailto:info@dps-zidlochovice.cz" in links
    assert b"<w:hyperlink" in __import__("zipfile").ZipFile(out).read("word/document.xml")


def test_fresh_plan_says_unknown_costs_not_zero(run_kpss, tmp_path: Path) -> None:
    repo = tmp_path / "new"
    result = run_kpss("init", repo, "--name", "Obec Nová", "--kind", "obec")
    assert result.exit_code == 0, result.output
    out = tmp_path / "plan.docx"
    result = run_kpss("render", "plan", "-o", out, "--repo", repo)
    assert result.exit_code == 0, result.output
    text = "\n".join(c.text for t in docx.Document(str(out)).tables for r in t.rows for c in r.cells)
    assert "Předpokládané náklady celkem\n–" in text
    assert f"0{NBSP}Kč" not in text
