"""Network entries and grants in ``kpss diff --rev`` (entity ``grant``), and ``kpss import
registry`` keeping a service's network entries as the coordinator wrote them."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from conftest import git
from test_import_registry import DATA, block, run_import


def edit(root: Path, rel: str, old: str, new: str) -> None:
    path = root / rel
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {rel}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def changes(run_kpss, root: Path) -> list[dict]:
    done = run_kpss("diff", "--format", "json", cwd=root)
    assert done.exit_code == 0, done.output
    return json.loads(done.stdout)["changes"]


def test_network_entries_in_the_diff(run_kpss, git_repo: Path) -> None:
    edit(
        git_repo,
        "services.yaml",
        "{year: 2026, level: kraj, units: {fte: 12.5}}",
        "{year: 2026, level: kraj, units: {fte: 13}}",
    )
    edit(
        git_repo,
        "services.yaml",
        "      - {year: 2026, level: obec, units: {fte: 2.5}, resolution: usnesení RM č. 9/2025}\n",
        "",
    )
    found = changes(run_kpss, git_repo)
    assert [(c["entity"], c["id"]) for c in found] == [("service", "6548211")]
    fields = {f["path"]: (f["old"], f["new"]) for f in found[0]["fields"]}
    assert fields == {
        "network[2026/kraj].units.fte": (12.5, 13),
        "network[2026/obec]": ("obec", None),
        "network[2026/obec].units.fte": (2.5, None),
        "network[2026/obec].resolution": ("usnesení RM č. 9/2025", None),
    }


def test_grants_are_the_entity_grant(run_kpss, git_repo: Path) -> None:
    edit(git_repo, "grants/2025.yaml", "    granted: 250000\n", "    granted: 260000\n")
    edit(git_repo, "grants/2025.yaml", "budget: 1200000", "budget: 1250000")
    found = changes(run_kpss, git_repo)
    by_id = {c["id"]: c for c in found}
    assert set(by_id) == {"2025", "2025/DP-2025-02"}
    assert all(c["entity"] == "grant" and c["file"] == "grants/2025.yaml" for c in found)
    assert by_id["2025"]["fields"] == [{"path": "budget", "old": 1200000, "new": 1250000}]
    assert by_id["2025/DP-2025-02"]["fields"] == [{"path": "granted", "old": 250000, "new": 260000}]
    text = run_kpss("diff", cwd=git_repo).stdout
    assert "granted 250,000 → 260,000\u00a0CZK" in text


def test_a_new_grants_file_is_added(run_kpss, git_repo: Path) -> None:
    (git_repo / "grants" / "2026.yaml").write_text(
        "programme: Dotační program 2026\nyear: 2026\nbudget: 1300000\napplications:\n"
        '  - id: "DP-2026-01"\n    service: "6548211"\n    requested: 460000\n',
        encoding="utf-8",
    )
    found = changes(run_kpss, git_repo)
    assert [(c["kind"], c["entity"], c["id"]) for c in found] == [
        ("added", "grant", "2026"),
        ("added", "grant", "2026/DP-2026-01"),
    ]
    git(git_repo, "add", "-A")
    git(git_repo, "commit", "-q", "-m", "grants 2026")
    rev = run_kpss("diff", "--rev", "HEAD~1..HEAD", "--format", "json", cwd=git_repo)
    assert [c["id"] for c in json.loads(rev.stdout)["changes"]] == ["2026", "2026/DP-2026-01"]


def test_import_registry_keeps_network_entries(run_kpss, tmp_path: Path) -> None:
    repo = tmp_path / "kyjov"
    shutil.copytree(DATA / "repo", repo)
    entries = (
        "    network:\n"
        "      - 2024\n"
        "      - {year: 2025, level: kraj, units: {fte: 4.5, beds: 6}}\n"
        "      - {year: 2025, level: obec, units: {fte: 1}, resolution: usnesení RM Kyjov č. 3/2025}\n"
    )
    edit(repo, "services.yaml", "    network: [2024, 2025, 2026]\n", entries)
    assert run_kpss("validate", "--repo", repo).exit_code == 0
    done = run_import(run_kpss, repo)
    assert done.exit_code == 0, done.output
    text = (repo / "services.yaml").read_text(encoding="utf-8")
    assert entries in text
    assert "beds: 8" in block(text, "6620135")  # the registry's own update still applied
