"""The messages of the network, co-financing and grant rules in Czech (``--lang cs``), as a clerk
reads them; the English ones are asserted in test_network.py, test_cofinancing.py, test_grants.py."""

from __future__ import annotations

import json
from pathlib import Path

from test_cofinancing import make_repo
from test_grants import GRANTS
from test_grants import repo as grants_repo  # noqa: F401  (the fixture)
from test_network import SERVICES
from test_network import repo as network_repo  # noqa: F401  (the fixture)

NBSP = "\u00a0"


def messages(run_kpss, root: Path, file: str) -> dict[str, str]:
    done = run_kpss("validate", "--format", "json", "--lang", "cs", "--repo", root)
    assert done.exit_code == 1, done.output
    return {f["code"]: f["message"] for f in json.loads(done.stdout)["findings"] if f["file"] == file}


def test_the_same_year_and_level_twice(run_kpss, network_repo: Path) -> None:  # noqa: F811
    # The 2025 obec entry of 6548211 (line 17) becomes a second 2025 kraj entry; the first is on line 16.
    text = SERVICES.replace("level: obec, units: {fte: 2}", "level: kraj, units: {fte: 2}")
    (network_repo / "services.yaml").write_text(text, encoding="utf-8")
    assert messages(run_kpss, network_repo, "services.yaml")["KP240"] == (
        "služba 6548211 je v krajské síti na rok 2025 dvakrát (poprvé na řádku 16); "
        "ponechte jeden záznam na rok a úroveň"
    )


def test_grant_amounts_out_of_order_and_over_the_budget(run_kpss, grants_repo: Path) -> None:  # noqa: F811
    # A2: paid 70 000 against granted 60 000,20; the budget 200 000 against 150 000 + 60 000,20 granted.
    text = GRANTS.replace("paid: 30000.10", "paid: 70000").replace("budget: 500000", "budget: 200000")
    (grants_repo / "grants" / "2025.yaml").write_text(text, encoding="utf-8")
    found = messages(run_kpss, grants_repo, "grants/2025.yaml")
    assert found["KP242"] == (
        f"žádost A2: paid 70{NBSP}000{NBSP}Kč je víc než granted 60{NBSP}000,20{NBSP}Kč; musí platit "
        "settled ≤ paid ≤ granted ≤ requested (vyúčtováno ≤ vyplaceno ≤ přiděleno ≤ požadováno)"
    )
    assert found["KP243"] == (
        f"žádostem je přiděleno celkem 210{NBSP}000,20{NBSP}Kč, víc než alokace programu 200{NBSP}000{NBSP}Kč"
    )


def test_a_year_without_a_grants_file(run_kpss, grants_repo: Path) -> None:  # noqa: F811
    done = run_kpss("report", "grants", "2024", "--lang", "cs", "--repo", grants_repo)
    assert done.exit_code == 2
    assert "pro rok 2024 není soubor dotačního programu (grants/2024.yaml); roky, které ho mají: 2025" in done.stderr


def test_shares_that_do_not_add_up(run_kpss, tmp_path: Path) -> None:
    root = make_repo(tmp_path, 'cofinancing:\n  key: shares\n  shares: {"584282": 50, "584720": 40}\n')
    found = messages(run_kpss, root, "kpss.yaml")
    assert found["KP244"] == "podíly spolufinancování dávají dohromady 90 %, ne 100 %"
