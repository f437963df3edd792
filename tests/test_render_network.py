"""The documents of the network and the money, read back with python-docx: ``kpss render network``,
the co-financing split in the plan and report documents, the grant annex of the action plan."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from test_cofinancing import POPULATION
from test_golden import BASE
from test_network import SERVICES

NBSP = "\u00a0"

GRANTS = """\
programme: Dotační program města Židlochovice pro sociální služby
year: 2025
budget: 300000
approved: {date: 2025-03-20, by: Zastupitelstvo města Židlochovice, resolution: usnesení č. 4/III/2025}
applications:
  - id: "2025-01"
    service: "6548211"
    requested: 200000
    granted: 180000.50
    paid: 180000.50
    settled: 179500
  - id: "2025-02"
    service: "7724051"
    requested: 60000
"""


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    root = tmp_path / "repo"
    shutil.copytree(BASE, root)
    (root / "services.yaml").write_text(SERVICES, encoding="utf-8")
    text = (root / "kpss.yaml").read_text(encoding="utf-8")
    for name, people in POPULATION.items():
        text = text.replace(f"      name: {name}\n", f"      name: {name}\n      population: {people}\n")
    (root / "kpss.yaml").write_text(text + "cofinancing:\n  key: per_capita\n  year: 2024\n", encoding="utf-8")
    (root / "grants").mkdir()
    (root / "grants" / "2025.yaml").write_text(GRANTS, encoding="utf-8")
    return root


def read(path: Path):
    import docx

    return docx.Document(str(path))


def headings(document) -> list[str]:
    return [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]


def table_after(document, first_cell: str) -> list[list[str]]:
    for t in document.tables:
        if t.rows[0].cells[0].text == first_cell:
            return [[c.text for c in r.cells] for r in t.rows]
    raise AssertionError(f"no table starting with {first_cell!r}")


def test_render_network_document(run_kpss, repo: Path, tmp_path: Path) -> None:
    out = tmp_path / "sit-2025.docx"
    done = run_kpss("render", "network", "2025", "-o", out, "--repo", repo)
    assert done.exit_code == 0, done.output
    document = read(out)
    assert document.core_properties.title == "Síť sociálních služeb na území Svazek obcí Židlochovicko pro rok 2025"
    hs = headings(document)
    assert "2.1\u2002Služby sociální péče" in hs
    assert f"pečovatelská služba (§{NBSP}40)" in hs and f"denní stacionáře (§{NBSP}46)" in hs
    assert hs.index(f"pečovatelská služba (§{NBSP}40)") < hs.index(f"denní stacionáře (§{NBSP}46)")
    services = table_after(document, "Služba")
    assert services[1] == [
        "Pečovatelská služba Židlochovice (6548211)",
        "Město Židlochovice",
        "terénní, ambulantní",
        "kraj: úvazky 6,5; klienti 120\nobec: úvazky 2",
        "všechny obce území",
    ]
    by_type = table_after(document, "Podle druhu služby")
    assert by_type[-1] == ["Celkem", "2", "kraj: úvazky 9,75; klienti 140\nobec: úvazky 2"]
    text = "\n".join(p.text for p in document.paragraphs)
    assert f"opatření 2.1: Občanská a{NBSP}dluhová poradna Rajhrad (2918342)" in text  # Czech no-break space
    assert f"usnesení č.{NBSP}7/2024 RM" in text  # the resolution recorded in the network entry
    assert "Návrh usnesení: Zastupitelstvo schvaluje síť sociálních služeb" in text.replace(NBSP, " ")
    changes = [r for t in document.tables for r in ([c.text for c in row.cells] for row in t.rows)]
    assert ["Denní stacionář sv. Josefa (7724051)", f"denní stacionáře (§{NBSP}46)"] in changes
    again = tmp_path / "again.docx"
    run_kpss("render", "network", "2025", "-o", again, "--repo", repo)
    assert again.read_bytes() == out.read_bytes()  # the same data, the same bytes


def test_render_network_needs_a_year(run_kpss, repo: Path, tmp_path: Path) -> None:
    done = run_kpss("render", "network", "-o", tmp_path / "x.docx", "--repo", repo)
    assert done.exit_code == 2 and "uveďte rok" in done.stderr
    assert not (tmp_path / "x.docx").exists()


def test_plan_document_splits_the_plan_budgets(run_kpss, repo: Path, tmp_path: Path) -> None:
    out = tmp_path / "plan.docx"
    assert run_kpss("render", "plan", "2023-2026", "-o", out, "--repo", repo).exit_code == 0
    rows = table_after(read(out), f"Obec (v{NBSP}Kč)")
    # obce money of plan.yaml: 1 800 000 + 80 000 (2025) and 1 900 000 (2026), each split per capita:
    # 1 900 000 → Nosislav 374 153,85 → 374 154; Žabčice 438 461,54 → 438 462; Židlochovice 1 087 384.
    assert rows[1] == ["Židlochovice", f"3{NBSP}720", f"2{NBSP}163{NBSP}321"]
    assert rows[2] == ["Nosislav", f"1{NBSP}280", f"744{NBSP}370"]
    assert rows[3] == ["Žabčice", f"1{NBSP}500", f"872{NBSP}309"]
    assert rows[4] == ["Celkem", f"6{NBSP}500", f"3{NBSP}780{NBSP}000"]


def test_report_document_splits_planned_and_spent(run_kpss, repo: Path, tmp_path: Path) -> None:
    out = tmp_path / "report.docx"
    assert run_kpss("render", "report", "2023-2026", "--year", "2025", "-o", out, "--repo", repo).exit_code == 0
    rows = table_after(read(out), f"Obec (v{NBSP}Kč)")
    assert rows[-1] == ["Celkem", f"6{NBSP}500", f"1{NBSP}880{NBSP}000", f"2{NBSP}026{NBSP}500"]
    assert rows[2] == ["Nosislav", f"1{NBSP}280", f"370{NBSP}216", f"399{NBSP}065"]


def test_action_plan_document_has_the_grant_annex(run_kpss, repo: Path, tmp_path: Path) -> None:
    out = tmp_path / "ap.docx"
    assert run_kpss("render", "action-plan", "2025", "-o", out, "--repo", repo).exit_code == 0
    document = read(out)
    assert "Příloha: Dotační program 2025" in headings(document)
    rows = table_after(document, "Žádost")
    assert rows[1][2:] == [f"200{NBSP}000", f"180{NBSP}000,50", f"180{NBSP}000,50", f"179{NBSP}500"]
    assert rows[2][3] == "čeká"  # no decision yet: pending, not 0
    assert rows[-1][2:] == [f"260{NBSP}000", f"180{NBSP}000,50", f"180{NBSP}000,50", f"179{NBSP}500"]
    text = "\n".join(p.text for p in document.paragraphs)
    assert f"alokace 300{NBSP}000{NBSP}Kč, přiděleno 180{NBSP}000,50{NBSP}Kč, zbývá 119{NBSP}999,50{NBSP}Kč" in text
