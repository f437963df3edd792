"""``kpss render site``: the static web site of the example, read back as files."""

from __future__ import annotations

import csv
import io
import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

NBSP = "\u00a0"


class Links(HTMLParser):
    """Every href/src of a page, its ids, and its text."""

    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []
        self.ids: set[str] = set()
        self.text: list[str] = []
        self.h1 = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        for key in ("href", "src"):
            if values.get(key):
                self.links.append(str(values[key]))
        if values.get("id"):
            self.ids.add(str(values["id"]))
        if tag == "h1":
            self.h1 += 1

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def parse(path: Path) -> Links:
    parser = Links()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


@pytest.fixture
def site(run_kpss, example_repo: Path, tmp_path: Path) -> Path:
    out = tmp_path / "web"
    result = run_kpss("render", "site", "-o", out, "--repo", example_repo)
    assert result.exit_code == 0, result.output
    assert "zapsáno" in result.output  # Czech: the site is rendered with --lang cs (conftest)
    return out


def test_pages_of_the_site(site: Path) -> None:
    pages = {p.relative_to(site).as_posix() for p in site.rglob("*.html")}
    for expected in (
        "index.html",
        "plan/index.html",
        "plan/priorita-p1.html",
        "plan/opatreni-1.1.html",
        "akcni-plany/index.html",
        "akcni-plany/2025.html",
        "vyhodnoceni.html",
        "katalog/index.html",
        "katalog/situace.html",
        "katalog/obce.html",
        "katalog/sluzba-9034561.html",
        "katalog/poskytovatel-spondea.html",
        "katalog/poskytovatele.html",
        "data/index.html",
    ):
        assert expected in pages, expected
    # one page per service (22) and per provider with a service (12)
    assert len([p for p in pages if p.startswith("katalog/sluzba-")]) == 22
    assert len([p for p in pages if p.startswith("katalog/poskytovatel-")]) == 12
    for name in ("katalog.json", "katalog.csv", "plneni.json", "plneni.csv"):
        assert (site / "data" / name).exists()
    assert (site / "assets" / "site.css").exists()


def test_every_link_is_relative_and_resolves(site: Path) -> None:
    for page in site.rglob("*.html"):
        parsed = parse(page)
        assert parsed.h1 == 1, page
        for link in parsed.links:
            if link.startswith(("https://", "http://", "mailto:", "tel:")):
                assert not link.endswith((".css", ".js")), f"{page}: {link}"  # nothing loaded from elsewhere
                continue
            assert not link.startswith("/"), f"{page}: {link} is absolute"
            path, _, fragment = link.partition("#")
            target = (page.parent / path).resolve() if path else page
            assert target.exists(), f"{page}: {link}"
            if fragment and target.suffix == ".html":
                assert fragment in parse(target).ids, f"{page}: {link}"


def test_a_service_page_tells_a_citizen_what_where_when_and_the_price(site: Path) -> None:
    html = (site / "katalog" / "sluzba-9034561.html").read_text(encoding="utf-8")
    text = " ".join(parse(site / "katalog" / "sluzba-9034561.html").text)
    assert "<h1>Občanská a" + NBSP + "dluhová poradna Židlochovice</h1>" in html
    assert "Co služba nabízí" in text
    assert "bez úhrady" in text
    assert "dluhy a" + NBSP + "finanční tíseň" in text
    assert "Městský úřad Židlochovice, Masarykova 100, 667" + NBSP + "01 Židlochovice" in text
    # the hours keep their ranges whole
    assert '<span class="nw">9:00–12:00</span>' in html
    # provider link and the measures that name the service
    assert 'href="poskytovatel-oblastni-charita-rajhrad.html"' in html
    assert 'href="../plan/opatreni-' in html


def test_measure_page_holds_the_card(site: Path) -> None:
    text = " ".join(parse(site / "plan" / "opatreni-1.1.html").text)
    for label in ("Popis", "Odůvodnění", "Cílové skupiny", "Realizátor", "Partneři", "Období realizace",
                  "Vazba na SPRSS kraje", "Předpokládané náklady", "Ukazatele"):  # fmt: skip
        assert label in text, label
    # budget of 1.1 in the example: 2024 10 450 000 … total 45 440 000 (summed by hand from plan.yaml)
    assert f"45{NBSP}440{NBSP}000" in text


def test_report_charts_have_a_data_table_and_shares_add_up(site: Path) -> None:
    html = (site / "vyhodnoceni.html").read_text(encoding="utf-8")
    assert html.count("<svg") == 2
    assert html.count('role="img"') == 2
    assert html.count("Data grafu") == 2
    shares = re.findall(r'<td class="num">([0-9,]+)' + NBSP + "%</td>", html.split('id="h-status"')[1].split("</section>")[0])
    assert shares, html
    total = sum(float(s.replace(",", ".")) for s in shares[:-1])  # the last is the 100 % total row
    assert round(total, 1) == 100.0
    assert shares[-1] == "100"
    assert shares[:-1] == ["50", "37,5", "6,3", "6,2"]  # 8, 6, 1, 1 of 16: the last 1 gives up the rounding


def test_open_data(site: Path) -> None:
    data = json.loads((site / "data" / "katalog.json").read_text(encoding="utf-8"))
    assert len(data["services"]) == 22
    advice = next(s for s in data["services"] if s["id"] == "9034561")
    assert advice["payment"] == "free"
    assert advice["life_situations"] == ["dluhy", "ztrata_bydleni", "zamestnani"]
    rows = list(csv.DictReader(io.StringIO((site / "data" / "katalog.csv").read_text(encoding="utf-8"))))
    assert len(rows) == 22
    assert next(r for r in rows if r["id"] == "9034561")["life_situations"] == "dluhy|ztrata_bydleni|zamestnani"
    report = json.loads((site / "data" / "plneni.json").read_text(encoding="utf-8"))
    assert report["plan"] == "2024-2027"
    assert {"measures", "priorities", "counts", "achievement"} <= set(report)


def test_open_data_json_has_one_record_per_line(site: Path) -> None:
    # A site kept in git diffs line by line: each service and provider is one line of its own.
    lines = (site / "data" / "katalog.json").read_text(encoding="utf-8").splitlines()
    records = [json.loads(line.rstrip(",")) for line in lines if line.startswith('{"id":')]
    assert len([r for r in records if "provider" in r]) == 22  # the example's 22 services
    assert any(r["id"] == "9034561" and r["payment"] == "free" for r in records)
    assert all(": " not in line[:12] for line in lines)  # compact separators


def test_same_input_same_bytes(run_kpss, example_repo: Path, tmp_path: Path) -> None:
    outputs = []
    for name in ("a", "b"):
        out = tmp_path / name
        assert run_kpss("render", "site", "-o", out, "--repo", example_repo).exit_code == 0
        outputs.append({p.relative_to(out).as_posix(): p.read_bytes() for p in out.rglob("*") if p.is_file()})
    assert outputs[0] == outputs[1]


def test_no_personal_data(run_kpss, example_repo: Path, tmp_path: Path) -> None:
    groups = (example_repo / "groups.yaml").read_text(encoding="utf-8")
    members = re.findall(r"- name: (.+)", groups)
    names = [m.strip().strip('"') for m in members if " " in m]
    assert names, "the example has group members"
    ap = example_repo / "plans" / "2024-2027" / "action-plans" / "2025.yaml"
    text = ap.read_text(encoding="utf-8")
    out = tmp_path / "web"
    assert run_kpss("render", "site", "-o", out, "--repo", example_repo).exit_code == 0
    everything = "\n".join(p.read_text(encoding="utf-8") for p in out.rglob("*") if p.suffix in (".html", ".json", ".csv"))
    everything = everything.replace(NBSP, " ")
    coordinator = "Alena Kratochvílová"
    for name in names:
        if name in groups.split("groups:")[0] or coordinator in name:
            continue
        assert name not in everything, name
    for reporter in re.findall(r"reported_by: (.+)", text):
        assert reporter.strip() not in everything


def test_repository_text_is_escaped_and_links_are_safe(run_kpss, example_repo: Path, tmp_path: Path) -> None:
    services = example_repo / "services.yaml"
    text = services.read_text(encoding="utf-8")
    text = text.replace(
        "name: Pečovatelská služba Židlochovice\n", 'name: "<script>alert(1)</script> & spol."\n', 1
    )
    text = text.replace("web: https://www.ligavozic.cz\n", 'web: "javascript:alert(1)"\n', 1)
    services.write_text(text, encoding="utf-8")
    out = tmp_path / "web"
    result = run_kpss("render", "site", "-o", out, "--repo", example_repo)
    assert result.exit_code == 0, result.output
    everything = "\n".join(p.read_text(encoding="utf-8") for p in out.rglob("*.html"))
    assert "<script>alert" not in everything
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp;" in everything
    assert 'href="javascript:' not in everything


def test_base_url_canonical_and_sitemap(run_kpss, example_repo: Path, tmp_path: Path) -> None:
    out = tmp_path / "web"
    result = run_kpss("render", "site", "-o", out, "--base-url", "https://kpss.example.cz/plan", "--repo", example_repo)
    assert result.exit_code == 0, result.output
    html = (out / "katalog" / "index.html").read_text(encoding="utf-8")
    assert '<link rel="canonical" href="https://kpss.example.cz/plan/katalog/index.html">' in html
    assert "<loc>https://kpss.example.cz/plan/index.html</loc>" in (out / "sitemap.xml").read_text(encoding="utf-8")
    assert 'href="../assets/site.css"' in html  # links stay relative


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--base-url", "ftp://x"), "--base-url musí být adresa http"),
        (("--plan", "1999-2000"), "v repozitáři není plán '1999-2000'"),
        (("--with-members",), "web nikdy neukazuje osobní údaje"),
    ],
)
def test_bad_options_exit_2(run_kpss, example_repo: Path, tmp_path: Path, args, message) -> None:
    out = tmp_path / "web"
    result = run_kpss("render", "site", "-o", out, *args, "--repo", example_repo)
    assert result.exit_code == 2, result.output
    assert message in result.output
    assert not out.exists()


def test_refuses_a_folder_it_did_not_write_and_replaces_its_own(run_kpss, example_repo: Path, tmp_path: Path) -> None:
    out = tmp_path / "web"
    out.mkdir()
    (out / "mine.txt").write_text("keep me", encoding="utf-8")
    result = run_kpss("render", "site", "-o", out, "--repo", example_repo)
    assert result.exit_code == 2
    assert "není prázdná" in result.output
    assert (out / "mine.txt").read_text(encoding="utf-8") == "keep me"
    (out / "mine.txt").unlink()
    assert run_kpss("render", "site", "-o", out, "--repo", example_repo).exit_code == 0
    (out / "stale.html").write_text("old", encoding="utf-8")
    assert run_kpss("render", "site", "-o", out, "--repo", example_repo).exit_code == 0
    assert not (out / "stale.html").exists()
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".web")]


def test_without_javascript_every_service_is_listed(site: Path) -> None:
    html = (site / "katalog" / "index.html").read_text(encoding="utf-8")
    assert re.search(r'<form id="filters"[^>]* hidden>', html)
    assert html.count('<li class="card"') == 22


def test_english_site(run_kpss, example_repo: Path, tmp_path: Path) -> None:
    out = tmp_path / "web"
    assert run_kpss("render", "site", "-o", out, "--lang", "en", "--repo", example_repo).exit_code == 0
    html = (out / "index.html").read_text(encoding="utf-8")
    assert '<html lang="en">' in html
    assert "Catalogue of services" in html


def test_municipality_view_lists_whole_territory_services_once(site: Path) -> None:
    html = (site / "katalog" / "obce.html").read_text(encoding="utf-8")
    sections = dict(re.findall(r'<section aria-labelledby="g-([^"]+)">(.*?)</section>', html, flags=re.S))
    assert "Pečovatelská služba Židlochovice" in sections["all"].replace(NBSP, " ")
    # once for the whole territory, once for Židlochovice where its centre is (places)
    assert html.replace(NBSP, " ").count(">Pečovatelská služba Židlochovice</a>") == 2
    # Hrušovany u Brna (583081): the debt advice has a place there; area-all services are not repeated
    hrusovany = sections["583081"].replace(NBSP, " ")
    assert "Občanská a dluhová poradna Židlochovice" in hrusovany
    assert "Pečovatelská služba Židlochovice" not in hrusovany
