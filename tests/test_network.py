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


SHARED_UNITS = SERVICES + "".join(
    f"""  - id: "{8000001 + i}"
    name: Pečovatelská služba {i}
    provider: charita-rajhrad
    type: pecovatelska_sluzba
    forms: [terenni]
    target_groups: [seniori]
    area: [all]
    network:
      - {{year: 2024, level: kraj, units: {{fte: {0.1 if i < 7 else 0.2}}}}}
      - {{year: 2025, level: kraj, units: {{fte: {"0.1" if i < 7 else "0.25"}, clients: 3}}}}
"""
    for i in range(10)
)


def test_many_services_of_the_same_units_add_up_to_the_exact_sum(run_kpss, repo: Path) -> None:
    # Rows of equal units are counted together (n x the amount): the sums stay exact, as ten
    # additions of 0.1 in binary floats would not (0.7999999999999999).
    (repo / "services.yaml").write_text(SHARED_UNITS, encoding="utf-8")
    data = network_json(run_kpss, repo, "2025")
    # 2025, the ten added: 7 x 0.1 + 3 x 0.25 = 1.45 FTE, 10 x 3 = 30 clients; with 6548211
    # (kraj 6.5 FTE, 120 clients; obec 2 FTE) and 7724051 (kraj 3.25 FTE, 20 clients):
    # kraj 1.45 + 6.5 + 3.25 = 11.2 FTE, 30 + 120 + 20 = 170 clients
    assert data["totals"] == {
        "services": 12,
        "units": {"kraj": {"fte": 11.2, "clients": 170}, "obec": {"fte": 2}},
    }
    home_care = next(t for t in data["types"] if t["type"] == "pecovatelska_sluzba")
    assert home_care["services"] == 11  # 1.45 + 6.5 = 7.95 FTE, 30 + 120 clients
    assert home_care["units"] == {"kraj": {"fte": 7.95, "clients": 150}, "obec": {"fte": 2}}
    # 2024: 7 x 0.1 + 3 x 0.2 = 1.3, with 6548211's 6: 7.3 (kraj); 2918342's 1.5 (obec)
    assert network_json(run_kpss, repo, "2024")["totals"]["units"] == {"kraj": {"fte": 7.3}, "obec": {"fte": 1.5}}
    changed = {c["id"]: c for c in data["changes"]["units_changed"]}
    assert len(changed) == 11  # the ten and 6548211 (6 -> 6.5 FTE and 120 clients)
    assert (changed["8000001"]["old"], changed["8000001"]["new"]) == ({"fte": 0.1}, {"fte": 0.1, "clients": 3})
    assert (changed["8000010"]["old"], changed["8000010"]["new"]) == ({"fte": 0.2}, {"fte": 0.25, "clients": 3})


def test_an_amount_for_json_is_what_the_decimal_gives() -> None:
    from hypothesis import given, settings
    from hypothesis import strategies as st

    from kpss_cli.money import dec, to_json
    from kpss_cli.network import amount_json

    @settings(max_examples=500, deadline=None)
    @given(st.integers(min_value=0, max_value=10**20) | st.floats(min_value=0, allow_infinity=False))
    def same(value: float) -> None:
        got, expected = amount_json(value), to_json(dec(value))
        assert got == expected and type(got) is type(expected)

    same()
    # a whole float past 2**53: the integer of its decimal text, as the Decimal gives it
    assert amount_json(2.0**60) == 1152921504606847000 and amount_json(1e300) == 10**300
