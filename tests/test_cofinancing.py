"""Co-financing in ``kpss report finance``: the ``obce`` money split among the municipalities.

The base repository plans for 2025 obce money 1 800 000 (measure 1.1) and 80 000 (1.2), and spent
1 950 000 and 76 500. Each amount is split on its own; the expected parts are worked out by hand.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from test_golden import BASE

POPULATION = {"Židlochovice": 3720, "Nosislav": 1280, "Žabčice": 1500}  # 6 500 in all


def make_repo(tmp_path: Path, cofinancing: str, population: bool = True) -> Path:
    root = tmp_path / "repo"
    shutil.copytree(BASE, root)
    text = (root / "kpss.yaml").read_text(encoding="utf-8")
    if population:
        for name, people in POPULATION.items():
            text = text.replace(f"      name: {name}\n", f"      name: {name}\n      population: {people}\n")
    (root / "kpss.yaml").write_text(text + cofinancing, encoding="utf-8")
    return root


def split_of(run_kpss, root: Path) -> dict:
    done = run_kpss("report", "finance", "--year", "2025", "--format", "json", "--repo", root)
    assert done.exit_code == 0, done.output
    return json.loads(done.stdout)["cofinancing"]


def parts(split: dict, kind: str) -> dict[str, int]:
    return {m["name"]: m[kind] for m in split["municipalities"]}


def test_per_capita(run_kpss, tmp_path: Path) -> None:
    split = split_of(run_kpss, make_repo(tmp_path, "cofinancing:\n  key: per_capita\n  year: 2024\n"))
    # 1 800 000: Nosislav 1280/6500 = 354 461,54 → 354 462; Žabčice 1500/6500 = 415 384,62 → 415 385;
    #            Židlochovice (largest) 1 800 000 − 354 462 − 415 385 = 1 030 153.
    #     80 000: Nosislav 15 753,85 → 15 754; Žabčice 18 461,54 → 18 462; Židlochovice 45 784.
    assert parts(split, "planned") == {"Židlochovice": 1075937, "Nosislav": 370216, "Žabčice": 433847}
    # 1 950 000: Nosislav 384 000, Žabčice 450 000 (exact), Židlochovice 1 116 000;
    #     76 500: Nosislav 15 064,62 → 15 065; Žabčice 17 653,85 → 17 654; Židlochovice 43 781.
    assert parts(split, "spent") == {"Židlochovice": 1159781, "Nosislav": 399065, "Žabčice": 467654}
    assert split["planned_total"] == 1880000 and split["spent_total"] == 2026500
    assert split["population_year"] == 2024
    assert [m["population"] for m in split["municipalities"]] == [3720, 1280, 1500]


def test_equal_parts_put_the_remainder_on_the_first_largest(run_kpss, tmp_path: Path) -> None:
    split = split_of(run_kpss, make_repo(tmp_path, "cofinancing:\n  key: equal\n", population=False))
    # 1 800 000 / 3 = 600 000 each; 80 000 / 3 = 26 666,67: 26 667 for the second and third,
    # the first of the equal largest takes 80 000 − 2 × 26 667 = 26 666.
    assert parts(split, "planned") == {"Židlochovice": 626666, "Nosislav": 626667, "Žabčice": 626667}
    assert sum(parts(split, "planned").values()) == 1880000


def test_agreed_shares(run_kpss, tmp_path: Path) -> None:
    cof = 'cofinancing:\n  key: shares\n  shares: {"584282": 50, "584720": 33.5, "584231": 16.5}\n'
    split = split_of(run_kpss, make_repo(tmp_path, cof, population=False))
    # 1 800 000: 900 000 / 603 000 / 297 000; 80 000: 40 000 / 26 800 / 13 200.
    assert parts(split, "planned") == {"Židlochovice": 940000, "Nosislav": 629800, "Žabčice": 310200}
    assert [m["share_percent"] for m in split["municipalities"]] == [50.0, 33.5, 16.5]


def test_table_and_markdown_show_the_split(run_kpss, tmp_path: Path) -> None:
    root = make_repo(tmp_path, "cofinancing:\n  key: per_capita\n  year: 2024\n")
    table = run_kpss("report", "--lang", "cs", "finance", "--year", "2025", "--repo", root).stdout
    assert "Spolufinancování obcí (zdroj obce): podle počtu obyvatel (2024)" in table
    assert "1\u00a0075\u00a0937\u00a0Kč" in table
    md = run_kpss("report", "--lang", "cs", "finance", "--year", "2025", "--format", "markdown", "--repo", root).stdout
    assert "| Nosislav | 1\u00a0280 | 370\u00a0216\u00a0Kč | 399\u00a0065\u00a0Kč |" in md
    assert "| **Celkem** | **6\u00a0500** | **1\u00a0880\u00a0000\u00a0Kč** | **2\u00a0026\u00a0500\u00a0Kč** |" in md


def test_without_cofinancing_nothing_changes(run_kpss, tmp_path: Path) -> None:
    root = make_repo(tmp_path, "", population=False)
    assert split_of(run_kpss, root) is None
    assert "Spolufinancování" not in run_kpss("report", "finance", "--repo", root).stdout


@pytest.mark.parametrize(
    ("cofinancing", "population", "code", "line"),
    [
        ("cofinancing:\n  key: per_capita\n", False, "KP246", 8),  # the first municipality lacks it
        ('cofinancing:\n  key: shares\n  shares: {"584282": 50, "584720": 40}\n', False, "KP244", 23),
        ('cofinancing:\n  key: shares\n  shares:\n    "584282": 50\n    "999999": 50\n', False, "KP245", 25),
    ],
)
def test_bad_keys_stop_the_report_with_the_position(
    run_kpss, tmp_path: Path, cofinancing, population, code, line
) -> None:
    root = make_repo(tmp_path, cofinancing, population=population)
    done = run_kpss("report", "finance", "--year", "2025", "--repo", root)
    assert done.exit_code == 2
    assert f"kpss.yaml:{line}:" in done.stderr and code in done.stderr
    assert "Traceback" not in done.output
