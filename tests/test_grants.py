"""``kpss report grants`` and exact money: figures worked out by hand from the files written here."""

from __future__ import annotations

import csv
import io
import json
import random
import shutil
from decimal import Decimal
from pathlib import Path

import pytest
from test_golden import BASE

GRANTS = """\
# Dotační program 2025
programme: Dotační program města Židlochovice pro sociální služby
year: 2025
budget: 500000
approved: {date: 2025-03-20, by: Zastupitelstvo města Židlochovice, resolution: usnesení č. 4/III/2025}
applications:
  - id: A1
    service: "6548211"
    requested: 200000
    granted: 150000
    paid: 150000
    settled: 149500.50
  - id: A2
    service: "2918342"
    requested: 80000.40
    granted: 60000.20
    paid: 30000.10
  - id: A3
    service: "6548211"
    requested: 120000
"""


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    root = tmp_path / "repo"
    shutil.copytree(BASE, root)
    (root / "grants").mkdir()
    (root / "grants" / "2025.yaml").write_text(GRANTS, encoding="utf-8")
    return root


def grants_json(run_kpss, repo: Path, *args: str) -> dict:
    done = run_kpss("report", "grants", *args, "--format", "json", "--repo", repo)
    assert done.exit_code == 0, done.output
    return json.loads(done.stdout)


def test_totals_and_the_share_of_the_budget(run_kpss, repo: Path) -> None:
    data = grants_json(run_kpss, repo)
    assert data["year"] == 2025 and data["budget"] == 500000
    # requested 200 000 + 80 000,40 + 120 000; granted 150 000 + 60 000,20; paid 150 000 + 30 000,10
    assert data["totals"] == {
        "applications": 3, "pending": 1,
        "requested": 400000.4, "granted": 210000.2, "paid": 180000.1, "settled": 149500.5,
        "budget_share": 42.0,  # 210 000,20 / 500 000 = 42,00004 %
    }  # fmt: skip
    assert data["remaining"] == 289999.8
    pending = data["applications"][2]
    assert pending["pending"] is True and pending["granted"] is None and pending["budget_share"] is None


def test_per_service_type_and_provider(run_kpss, repo: Path) -> None:
    data = grants_json(run_kpss, repo, "2025")
    by_type = {t["type"]: t for t in data["types"]}
    assert list(by_type) == ["odborne_socialni_poradenstvi", "pecovatelska_sluzba"]  # law order: § 37, § 40
    assert by_type["pecovatelska_sluzba"] == {
        "type": "pecovatelska_sluzba", "label": "home care service", "applications": 2, "pending": 1,
        "requested": 320000, "granted": 150000, "paid": 150000, "settled": 149500.5, "budget_share": 30.0,
    }  # fmt: skip
    assert by_type["odborne_socialni_poradenstvi"]["settled"] is None  # nothing settled yet is not 0
    providers = [(p["name"], p["granted"]) for p in data["providers"]]
    assert providers == [("Město Židlochovice", 150000), ("Oblastní charita Rajhrad", 60000.2)]


def test_table_markdown_and_csv(run_kpss, repo: Path) -> None:
    table = run_kpss("report", "--lang", "cs", "grants", "--repo", repo)
    assert table.exit_code == 0, table.output
    assert (
        "Alokace: 500\u00a0000\u00a0Kč; přiděleno 210\u00a0000,20\u00a0Kč, zbývá 289\u00a0999,80\u00a0Kč."
        in table.stdout
    )
    assert "čeká" in table.stdout
    md = run_kpss("report", "--lang", "cs", "grants", "--format", "markdown", "--repo", repo).stdout
    assert (
        "| **Celkem** |  |  | **400\u00a0000,40\u00a0Kč** | **210\u00a0000,20\u00a0Kč** | **180\u00a0000,10\u00a0Kč** "
        "| **149\u00a0500,50\u00a0Kč** | **42\u00a0%** |"
    ) in md
    rows = list(csv.DictReader(io.StringIO(run_kpss("report", "--lang", "cs", "grants", "--format", "csv", "--repo", repo).stdout)))
    assert [(r["application"], r["requested"], r["granted"], r["settled"]) for r in rows] == [
        ("A1", "200000", "150000", "149500.50"),
        ("A2", "80000.40", "60000.20", ""),
        ("A3", "120000", "", ""),
    ]
    excel = run_kpss("report", "--lang", "cs", "grants", "--excel", "--repo", repo).stdout
    assert "80000,40" in excel


def test_no_grants_file_for_the_year(run_kpss, repo: Path) -> None:
    done = run_kpss("report", "grants", "2024", "--repo", repo)
    assert done.exit_code == 2
    assert "no grants file for 2024" in done.stderr and "2025" in done.stderr
    shutil.rmtree(repo / "grants")
    none = run_kpss("report", "grants", "--repo", repo)
    assert none.exit_code == 2 and "grants/<year>.yaml" in none.stderr


def test_bad_amounts_are_errors_at_their_line(run_kpss, repo: Path) -> None:
    bad = GRANTS.replace("requested: 80000.40", 'requested: "80 000,40 Kč"').replace(
        "paid: 30000.10", "paid: -30000.10"
    )
    (repo / "grants" / "2025.yaml").write_text(bad, encoding="utf-8")
    done = run_kpss("validate", "--format", "json", "--repo", repo)
    assert done.exit_code == 1
    found = {(f["code"], f["line"]) for f in json.loads(done.stdout)["findings"] if f["file"] == "grants/2025.yaml"}
    assert found == {("KP103", 15), ("KP106", 17)}
    report = run_kpss("report", "grants", "--repo", repo)
    assert report.exit_code == 2 and "grants/2025.yaml:15" in report.stderr and "Traceback" not in report.output


def test_thousands_of_amounts_add_up_to_the_haler(run_kpss, repo: Path) -> None:
    rng = random.Random(20251201)
    cents = [
        (rng.randrange(1, 10**9), rng.randrange(0, 100)) for _ in range(3000)
    ]  # (requested, share of it granted %)
    lines = ["programme: Velký program", "year: 2025", "budget: 99999999999", "applications:"]
    requested_total = granted_total = 0
    for i, (req, pct) in enumerate(cents):
        granted = req * pct // 100  # in haléře, never more than requested
        requested_total += req
        granted_total += granted
        lines += [
            f"  - id: a{i}",
            '    service: "6548211"',
            f"    requested: {req // 100}.{req % 100:02d}",
            f"    granted: {granted // 100}.{granted % 100:02d}",
        ]
    (repo / "grants" / "2025.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    data = grants_json(run_kpss, repo)
    assert Decimal(repr(data["totals"]["requested"])) == Decimal(requested_total) / 100
    assert Decimal(repr(data["totals"]["granted"])) == Decimal(granted_total) / 100
    csv_text = run_kpss("report", "grants", "--format", "csv", "--repo", repo).stdout
    summed = sum((Decimal(r["granted"]) for r in csv.DictReader(io.StringIO(csv_text))), Decimal(0))
    assert summed == Decimal(granted_total) / 100


def test_money_split_is_exact_and_puts_the_remainder_on_the_largest_share() -> None:
    from kpss_cli.money import split

    # 100 000 Kč by 1 : 1 : 1 = 33 333,33… each: two parts of 33 333, the first largest takes 33 334.
    assert split(100000, {"a": 1, "b": 1, "c": 1}) == {"a": Decimal(33334), "b": Decimal(33333), "c": Decimal(33333)}
    # 1 000,50 Kč by 60 : 40: 40 % = 400,20 → 400; the largest takes 600,50 (the haléře stay in the whole).
    assert split(1000.5, {"x": 40, "y": 60}) == {"x": Decimal(400), "y": Decimal("600.5")}
    rng = random.Random(7)
    for _ in range(2000):
        amount = Decimal(rng.randrange(0, 10**10)) / 100
        weights = {str(i): rng.randrange(0, 50000) for i in range(rng.randrange(1, 30))}
        if not any(weights.values()):
            continue
        assert sum(split(amount, weights).values()) == amount
