"""``kpss report network``: the services of a year's network, totals, changes and cross-checks.

Every expected figure is worked out by hand from the repository written here.
"""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path

import pytest
from test_golden import BASE

SERVICES = """\
providers:
  - id: mesto-zidlochovice
    name: Město Židlochovice
  - id: charita-rajhrad
    name: Oblastní charita Rajhrad
services:
  - id: "6548211"
    name: Pečovatelská služba Židlochovice
    provider: mesto-zidlochovice
    type: pecovatelska_sluzba
    forms: [terenni, ambulantni]
    target_groups: [seniori, osoby_se_zdravotnim_postizenim]
    area: [all]
    network:
      - {year: 2024, level: kraj, units: {fte: 6}}
      - {year: 2025, level: kraj, units: {fte: 6.5, clients: 120}}
      - {year: 2025, level: obec, units: {fte: 2}, resolution: usnesení č. 7/2024 RM}
  - id: "2918342"
    name: Občanská a dluhová poradna Rajhrad
    provider: charita-rajhrad
    type: odborne_socialni_poradenstvi
    forms: [ambulantni]
    target_groups: [osoby_ohrozene_socialnim_vyloucenim]
    area: ["584282"]
    network: [{year: 2024, level: obec, units: {fte: 1.5}}]
  - id: "7724051"
    name: Denní stacionář sv. Josefa
    provider: charita-rajhrad
    type: denni_stacionare
    forms: [ambulantni]
    target_groups: [seniori]
    area: ["584282", "584720"]
    network: [{year: 2025, level: kraj, units: {fte: 3.25, clients: 20}}]
  - id: klub-senioru-zabcice
    registered: false
    name: Klub seniorů Žabčice
    provider: mesto-zidlochovice
    target_groups: [seniori]
"""


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    root = tmp_path / "repo"
    shutil.copytree(BASE, root)
    (root / "services.yaml").write_text(SERVICES, encoding="utf-8")
    return root


def network_json(run_kpss, repo: Path, *args: str) -> dict:
    done = run_kpss("report", "network", *args, "--format", "json", "--repo", repo)
    assert done.exit_code == 0, done.output
    return json.loads(done.stdout)


def test_services_of_the_year_by_law_group_and_type(run_kpss, repo: Path) -> None:
    data = network_json(run_kpss, repo, "2025")
    # Care services only in 2025: § 40 before § 46; the counselling service left the network.
    assert [s["id"] for s in data["services"]] == ["6548211", "7724051"]
    assert [(g["group"], [t["type"] for t in g["types"]]) for g in data["groups"]] == [
        ("pece", ["pecovatelska_sluzba", "denni_stacionare"])
    ]
    home_care = data["services"][0]
    assert home_care["provider_name"] == "Město Židlochovice"
    assert home_care["levels"] == ["kraj", "obec"]
    assert home_care["area"] == "all"
    assert data["services"][1]["municipalities"] == ["Židlochovice", "Nosislav"]


def test_totals_keep_the_levels_apart(run_kpss, repo: Path) -> None:
    data = network_json(run_kpss, repo, "2025")
    # kraj: 6.5 + 3.25 = 9.75 úvazku, 120 + 20 = 140 klientů; obec: 2 úvazky.
    assert data["totals"] == {"services": 2, "units": {"kraj": {"fte": 9.75, "clients": 140}, "obec": {"fte": 2}}}
    by_type = {t["type"]: t for t in data["types"]}
    assert by_type["denni_stacionare"]["units"] == {"kraj": {"fte": 3.25, "clients": 20}}
    by_group = {t["target_group"]: t for t in data["target_groups"]}
    # Both services serve seniors; only home care names people with disabilities.
    assert by_group["seniori"]["services"] == 2
    assert by_group["seniori"]["units"] == {"kraj": {"fte": 9.75, "clients": 140}, "obec": {"fte": 2}}
    assert by_group["osoby_se_zdravotnim_postizenim"]["units"] == {
        "kraj": {"fte": 6.5, "clients": 120},
        "obec": {"fte": 2},
    }


def test_changes_against_the_year_before(run_kpss, repo: Path) -> None:
    changes = network_json(run_kpss, repo, "2025")["changes"]
    assert changes["previous_year"] == 2024
    assert [s["id"] for s in changes["entered"]] == ["7724051"]
    assert [s["id"] for s in changes["left"]] == ["2918342"]
    assert changes["units_changed"] == [
        {"id": "6548211", "name": "Pečovatelská služba Židlochovice", "level": "kraj",
         "old": {"fte": 6}, "new": {"fte": 6.5, "clients": 120}}
    ]  # fmt: skip


def test_cross_checks_with_the_measures(run_kpss, repo: Path) -> None:
    checks = network_json(run_kpss, repo, "2025")["checks"]
    assert checks["plans"] == ["2023-2026"]
    # Measures 1.2 (the seniors' club, 2025–2026) and 2.1 (the counselling) name services outside the network.
    assert [(c["measure"], c["service"]) for c in checks["not_in_network"]] == [
        ("1.2", "klub-senioru-zabcice"),
        ("2.1", "2918342"),
    ]
    assert [s["id"] for s in checks["in_no_measure"]] == ["7724051"]


def test_one_level(run_kpss, repo: Path) -> None:
    data = network_json(run_kpss, repo, "2025", "--level", "obec")
    assert data["level"] == "obec"
    assert [s["id"] for s in data["services"]] == ["6548211"]
    assert data["totals"]["units"] == {"obec": {"fte": 2}}
    assert [s["id"] for s in data["changes"]["entered"]] == ["6548211"]  # not in the obec network of 2024
    assert [s["id"] for s in data["changes"]["left"]] == ["2918342"]
    assert data["resolutions"] == ["usnesení č. 7/2024 RM"]


def test_plain_years_count_without_a_level(run_kpss, repo: Path) -> None:
    text = (repo / "services.yaml").read_text(encoding="utf-8")
    (repo / "services.yaml").write_text(
        text.replace("    network: [{year: 2024, level: obec, units: {fte: 1.5}}]", "    network: [2024, 2025]"),
        encoding="utf-8",
    )
    data = network_json(run_kpss, repo, "2025")
    poradna = next(s for s in data["services"] if s["id"] == "2918342")
    assert poradna["levels"] == ["unspecified"] and poradna["entries"][0]["units"] == {}
    assert data["groups"][0]["group"] == "poradenstvi"  # § 37 comes first
    assert "2918342" not in [s["id"] for s in network_json(run_kpss, repo, "2025", "--level", "kraj")["services"]]


def test_table_and_markdown_in_czech(run_kpss, repo: Path) -> None:
    table = run_kpss("report", "--lang", "cs", "network", "2025", "--repo", repo)
    assert table.exit_code == 0, table.output
    assert "Síť sociálních služeb na území Svazek obcí Židlochovicko pro rok 2025" in table.stdout
    assert "§\u00a040 pečovatelská služba" in table.stdout
    assert "Nově v síti: 7724051 Denní stacionář sv. Josefa" in table.stdout
    md = run_kpss("report", "--lang", "cs", "network", "2025", "--format", "markdown", "--repo", repo).stdout
    assert "| **Celkem** | **2** | kraj: úvazky 9,75; klienti 140 \\| obec: úvazky 2 |" in md
    assert "- Vyřazeno ze sítě: 2918342 Občanská a dluhová poradna Rajhrad" in md
    assert "- Změna jednotek (kraj): 6548211 Pečovatelská služba Židlochovice: úvazky 6 → úvazky 6,5; klienti 120" in md


def test_csv_one_row_per_entry(run_kpss, repo: Path) -> None:
    done = run_kpss("report", "network", "2025", "--format", "csv", "--repo", repo)
    rows = list(csv.DictReader(io.StringIO(done.stdout)))
    assert [(r["service"], r["level"], r["fte"], r["change"]) for r in rows] == [
        ("6548211", "kraj", "6.5", "units_changed"),
        ("6548211", "obec", "2", ""),
        ("7724051", "kraj", "3.25", "entered"),
    ]
    assert rows[1]["resolution"] == "usnesení č. 7/2024 RM"


def test_markdown_is_safe_from_the_repository_text(run_kpss, repo: Path) -> None:
    text = (repo / "services.yaml").read_text(encoding="utf-8")
    (repo / "services.yaml").write_text(
        text.replace("name: Denní stacionář sv. Josefa", 'name: "Stacionář | <b>x</b>"'), encoding="utf-8"
    )
    md = run_kpss("report", "network", "2025", "--format", "markdown", "--repo", repo).stdout
    from markdown_it import MarkdownIt

    html = MarkdownIt("commonmark").enable("table").render(md)
    assert "<b>" not in html  # shown as text, never as HTML
    assert "Stacionář | &lt;b&gt;x&lt;/b&gt;" in html  # the pipe stays in its cell


def test_a_year_outside_every_plan_and_an_invalid_catalogue(run_kpss, repo: Path) -> None:
    done = run_kpss("report", "--lang", "cs", "network", "2030", "--repo", repo)
    assert done.exit_code == 0, done.output
    assert "V síti není žádná služba." in done.stdout
    assert "nepatří do žádného plánu" in done.stdout
    (repo / "services.yaml").write_text(
        SERVICES.replace("level: obec, units: {fte: 2}", "level: obecni, units: {fte: 2}"), encoding="utf-8"
    )
    broken = run_kpss("report", "--lang", "cs", "network", "2025", "--repo", repo)
    assert broken.exit_code == 2
    assert "services.yaml:" in broken.stderr and "KP104" in broken.stderr
    assert "Traceback" not in broken.output
