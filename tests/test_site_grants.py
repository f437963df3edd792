"""The grants page of the web site (kpss render site [--public]): the example's programme 2025.

grants/2025.yaml of the example: budget 1 200 000; DP-2025-01 requested 450 000, granted and paid
420 000; DP-2025-02 280 000 / 250 000 / 250 000; DP-2025-03 220 000 / 180 000 / paid 90 000;
DP-2025-04 150 000 / 120 000 / 120 000; DP-2025-05 requested 95 000,50 and not decided yet.
So: requested 1 195 000,50 (1 100 000 without the pending one), granted 970 000, paid 880 000,
not granted 1 200 000 − 970 000 = 230 000.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

NBSP = "\u00a0"


def kc(text: str) -> str:
    """A Czech amount as the site writes it: no-break spaces between the thousands and before Kč."""
    return text.replace(" ", NBSP) + NBSP + "Kč"


def render(run_kpss, repo: Path, out: Path, *args: str) -> Path:
    done = run_kpss("render", "site", "-o", out, *args, "--repo", repo)
    assert done.exit_code == 0, done.output
    return out


def test_the_programme_with_every_application(run_kpss, example_repo: Path, tmp_path: Path) -> None:
    out = render(run_kpss, example_repo, tmp_path / "web")
    page = (out / "dotace" / "index.html").read_text(encoding="utf-8")
    assert '<h2 id="rok-2025">Rok 2025</h2>' in page
    assert "Dotační program města Židlochovice na podporu sociálních služeb" in page
    assert kc("1 200 000") in page  # the budget
    assert "5/III/2025" in page  # the resolution
    row = next(line for line in page.splitlines() if "DP-2025-03" in line)
    assert 'href="../katalog/sluzba-3385917.html"' in row and "Oblastní charita Rajhrad" in row
    assert [kc("220 000"), kc("180 000"), kc("90 000")] == [
        cell.split(">")[-1] for cell in row.split("</td>") if 'class="num' in cell
    ]
    pending = next(line for line in page.splitlines() if "DP-2025-05" in line)
    assert kc("95 000,50") in pending and "čeká na rozhodnutí" in pending
    total = next(line for line in page.splitlines() if "<tfoot>" in line)
    assert kc("1 195 000,50") in total and kc("970 000") in total and kc("880 000") in total
    assert kc("230 000") in page  # not granted
    # one link in the menu, and the open data listed
    assert 'href="dotace/index.html"' in (out / "index.html").read_text(encoding="utf-8")
    assert 'href="dotace.json"' in (out / "data" / "index.html").read_text(encoding="utf-8")
    # the coordinator's note on DP-2025-05 is a working remark, never published
    assert not any("druhém kole" in p.read_text(encoding="utf-8") for p in out.rglob("*") if p.is_file())
    # without --public the open data has every amount
    rows = list(csv.DictReader(io.StringIO((out / "data" / "dotace.csv").read_text(encoding="utf-8"))))
    assert rows[-1]["application"] == "DP-2025-05" and rows[-1]["requested"] == "95000.5"
    assert rows[-1]["pending"] == "true"


def test_public_hides_the_amounts_of_pending_applications(run_kpss, example_repo: Path, tmp_path: Path) -> None:
    out = render(run_kpss, example_repo, tmp_path / "web", "--public")
    again = render(run_kpss, example_repo, tmp_path / "again", "--public")
    for name in ("dotace/index.html", "data/dotace.json", "data/dotace.csv", "data/index.html"):
        assert (out / name).read_bytes() == (again / name).read_bytes()  # the same input, the same bytes
    page = (out / "dotace" / "index.html").read_text(encoding="utf-8")
    pending = next(line for line in page.splitlines() if "DP-2025-05" in line)
    assert "nezveřejněno" in pending and "čeká na rozhodnutí" in pending
    assert "95" + NBSP + "000,50" not in page
    total = next(line for line in page.splitlines() if "<tfoot>" in line)
    assert kc("1 100 000") in total  # the decided applications only: 1 195 000,50 would give it away
    data = json.loads((out / "data" / "dotace.json").read_text(encoding="utf-8"))
    (year,) = data["years"]
    (round_,) = year["rounds"]
    pending_json = next(a for a in round_["applications"] if a["id"] == "DP-2025-05")
    assert pending_json == {**pending_json, "pending": True, "requested": None, "granted": None}
    assert round_["requested"] == 1100000 and year["granted"] == 970000
    assert "95000.5" not in (out / "data" / "dotace.json").read_text(encoding="utf-8")
    rows = list(csv.DictReader(io.StringIO((out / "data" / "dotace.csv").read_text(encoding="utf-8"))))
    assert [r["requested"] for r in rows] == ["450000", "280000", "220000", "150000", ""]
    assert [r["granted"] for r in rows] == ["420000", "250000", "180000", "120000", ""]


def test_in_english_and_the_repository_text_escaped(run_kpss, example_repo: Path, tmp_path: Path) -> None:
    grants = example_repo / "grants" / "2025.yaml"
    text = grants.read_text(encoding="utf-8").replace(
        "programme: Dotační program", 'programme: "<script>alert(1)</script> Dotační program', 1
    )
    grants.write_text(text.replace("sociálních služeb\nyear:", 'sociálních služeb"\nyear:', 1), encoding="utf-8")
    out = render(run_kpss, example_repo, tmp_path / "web", "--lang", "en")
    page = (out / "dotace" / "index.html").read_text(encoding="utf-8")
    assert "<h1>Grant programme for social services</h1>" in page and "awaiting a decision" in page
    assert "<script>alert" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_no_grants_no_page(run_kpss, example_repo: Path, tmp_path: Path) -> None:
    for grants in example_repo.glob("grants/*.yaml"):
        grants.unlink()
    out = render(run_kpss, example_repo, tmp_path / "web")
    assert not (out / "dotace").exists() and not (out / "data" / "dotace.json").exists()
    assert "dotace/index.html" not in (out / "index.html").read_text(encoding="utf-8")


def test_public_is_for_the_site_only(run_kpss, example_repo: Path, tmp_path: Path) -> None:
    done = run_kpss("render", "plan", "--public", "-o", tmp_path / "plan.docx", "--repo", example_repo)
    assert done.exit_code == 2 and "--public" in done.output and "Traceback" not in done.output
