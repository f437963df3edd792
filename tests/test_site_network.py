"""The network page of the web site (kpss render site): the services of the year's network."""

from __future__ import annotations

from pathlib import Path

NBSP = "\u00a0"


def test_the_site_has_the_network_of_the_current_year(run_kpss, example_repo: Path, tmp_path: Path) -> None:
    out = tmp_path / "web"
    done = run_kpss("render", "site", "-o", out, "--repo", example_repo)
    assert done.exit_code == 0, done.output
    page = (out / "sit" / "index.html").read_text(encoding="utf-8")
    assert "Síť sociálních služeb pro rok 2026" in page  # KPSS_TODAY is in 2026
    assert "<caption>§" in page and "pečovatelská služba</caption>" in page
    # the regional and the municipal units of home care in 2026, kept apart
    assert "kraj: úvazky 12,5<br>obec: úvazky 2,5" in page
    assert 'href="../katalog/sluzba-6548211.html"' in page  # links stay relative
    assert "Změna jednotek" in page  # 12.5 fte in 2026 after 11.5 in 2025
    home = (out / "index.html").read_text(encoding="utf-8")
    assert 'href="sit/index.html"' in home  # in the menu


def test_no_network_no_page(run_kpss, example_repo: Path, tmp_path: Path) -> None:
    services = example_repo / "services.yaml"
    lines = services.read_text(encoding="utf-8").splitlines(keepends=True)
    kept, skipping = [], False
    for line in lines:
        if line.startswith("    network:"):
            skipping = True
            continue
        if skipping and line.startswith("      "):
            continue
        skipping = False
        kept.append(line)
    services.write_text("".join(kept), encoding="utf-8")
    for grants in example_repo.glob("grants/*.yaml"):
        grants.unlink()  # granted services outside any network would only warn; keep it clean
    out = tmp_path / "web"
    done = run_kpss("render", "site", "-o", out, "--repo", example_repo)
    assert done.exit_code == 0, done.output
    assert not (out / "sit").exists()
    assert "sit/index.html" not in (out / "index.html").read_text(encoding="utf-8")
