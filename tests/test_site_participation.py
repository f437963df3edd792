"""The site's participation pages: the consultation record and the groups' meetings, never a name."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

NBSP = "\u00a0"
NAMES = ("Jaroslava Malá", "Petr Kovář", "Adam Novotný", "Marie Horáková", "Hana Pospíšilová", "Radek Souček")


class Cells(HTMLParser):
    """The rows of every table as lists of cell texts, and every link."""

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[list[str]] = []
        self.links: list[str] = []
        self._cell: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "tr":
            self.rows.append([])
        elif tag in ("td", "th"):
            self._cell = []
        elif tag == "a":
            self.links.append(str(dict(attrs).get("href")))

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th") and self._cell is not None:
            self.rows[-1].append(" ".join("".join(self._cell).replace(NBSP, " ").split()))
            self._cell = None

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)


def _page(path: Path) -> Cells:
    parser = Cells()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def _site(run_kpss: Any, repo: Path, out: Path) -> Path:
    result = run_kpss("render", "site", "-o", out, "--repo", repo)
    assert result.exit_code == 0, result.output
    return out


def test_consultation_page_shows_every_comment_and_its_settlement(
    run_kpss: Any, example_repo: Path, tmp_path: Path
) -> None:
    out = _site(run_kpss, example_repo, tmp_path / "web")
    page = _page(out / "zapojeni" / "pripominky.html")
    counts = [r for r in page.rows if len(r) == 2]
    assert counts[1:] == [
        ["Akceptováno", "5"], ["Částečně akceptováno", "4"], ["Neakceptováno", "2"],
        ["Bere se na vědomí", "2"], ["Celkem", "13"],
    ]  # fmt: skip
    comments = [r for r in page.rows if len(r) == 5][1:]
    assert [r[0] for r in comments] == [str(n) for n in range(1, 14)]
    four = comments[3]
    assert four[1].startswith("Liga vozíčkářů, z. ú.") and four[2].startswith("1.2 Osobní asistence")
    assert four[4].startswith("Částečně akceptováno") and four[4].endswith("Upravená opatření: 1.2")
    assert "../plan/opatreni-1.2.html" in page.links
    assert comments[6][1].startswith("Veřejnost") and comments[6][2] == "plán jako celek"


def test_participation_page_per_group_and_year(run_kpss: Any, example_repo: Path, tmp_path: Path) -> None:
    out = _site(run_kpss, example_repo, tmp_path / "web")
    page = _page(out / "zapojeni" / "index.html")
    seniors = next(r for r in page.rows if r and r[0].startswith("Senioři") and len(r) == 5)
    assert seniors == ["Senioři a osoby se zdravotním postižením", "4", "5,5", "6", "1.1, 1.2, 1.3, 1.4, 1.5"]
    totals = [r for r in page.rows if r and r[0] == "Celkem"]
    assert totals == [["Celkem", "2", "5,5", "3", "9 opatření"], ["Celkem", "13", "4,9", "20", "14 opatření"]]
    assert "../plan/opatreni-2.3.html" in page.links and "pripominky.html" in page.links
    home = (out / "index.html").read_text(encoding="utf-8")
    assert 'href="zapojeni/index.html"' in home  # in the main menu


def test_no_names_of_people_on_the_participation_pages(run_kpss: Any, example_repo: Path, tmp_path: Path) -> None:
    out = _site(run_kpss, example_repo, tmp_path / "web")
    text = "\n".join(p.read_text(encoding="utf-8") for p in (out / "zapojeni").glob("*.html")).replace(NBSP, " ")
    for name in NAMES:
        assert name not in text


def test_comment_text_is_escaped(run_kpss: Any, example_repo: Path, tmp_path: Path) -> None:
    path = example_repo / "plans" / "2024-2027" / "consultation.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(
        text.replace(
            "    text: >-\n      Navrhujeme prodloužit",
            "    text: >-\n      <img src=x onerror=alert(1)> Navrhujeme prodloužit",
            1,
        ),
        encoding="utf-8",
    )
    out = _site(run_kpss, example_repo, tmp_path / "web")
    html = (out / "zapojeni" / "pripominky.html").read_text(encoding="utf-8")
    assert "<img src=x" not in html and "&lt;img src=x onerror=alert(1)&gt;" in html


def test_without_participation_files_there_is_no_consultation_page(
    run_kpss: Any, example_repo: Path, tmp_path: Path
) -> None:
    (example_repo / "plans" / "2024-2027" / "consultation.yaml").unlink()
    for meeting in (example_repo / "meetings").glob("*.yaml"):
        meeting.unlink()
    out = _site(run_kpss, example_repo, tmp_path / "web")
    assert not (out / "zapojeni" / "pripominky.html").exists()
    page = (out / "zapojeni" / "index.html").read_text(encoding="utf-8")
    assert re.search(r"Záznamy o jednáních skupin zatím nejsou zveřejněny", page)
