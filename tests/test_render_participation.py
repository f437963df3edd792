"""``kpss render consultation`` and the plan's chapter on its preparation, read back with python-docx."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import docx
from docx.oxml.ns import qn

NBSP = "\u00a0"
# The people named in the example's consultation.yaml and meetings (personal data).
NAMES = ("Jaroslava Malá", "Ing. Petr Kovář", "Adam Novotný", "Marie Horáková", "Bc. Hana Pospíšilová")


def _render(run_kpss: Any, repo: Path, out: Path, *args: object) -> Any:
    result = run_kpss("render", *args, "-o", out, "--repo", repo)
    assert result.exit_code == 0, result.output
    return docx.Document(str(out))


def _texts(document: Any) -> list[str]:
    body = document.element.body
    return ["".join(t.text or "" for t in p.iter(qn("w:t"))) for p in body.iter(qn("w:p"))]


def _cell_texts(row: Any) -> list[str]:
    return [c.text for c in row.cells]


def _table_with(document: Any, header: str) -> Any:
    for table in document.tables:
        if header in _cell_texts(table.rows[0]):
            return table
    raise AssertionError(f"no table with the column {header!r}")


def test_settlement_table_has_every_comment_with_decision_and_reasoning(
    run_kpss: Any, example_repo: Path, tmp_path: Path
) -> None:
    document = _render(run_kpss, example_repo, tmp_path / "v.docx", "consultation", "2024-2027")
    table = _table_with(document, "Znění připomínky")
    assert _cell_texts(table.rows[0]) == [
        "Č.",
        "Podatel",
        "Týká se",
        "Znění připomínky",
        "Vypořádání a\u00a0odůvodnění",  # Czech typography: no break after "a"
    ]
    rows = [_cell_texts(r) for r in table.rows[1:]]
    assert [r[0] for r in rows] == [str(n) for n in range(1, 14)]
    # Comment 4: an organisation, about measure 1.2, partly accepted, measure 1.2 changed.
    four = rows[3]
    assert four[1].startswith("Liga vozíčkářů, z.\u00a0ú.")  # a legal form is not broken
    assert f"doručeno 12.{NBSP}10.{NBSP}2023, e-mail" in four[1]
    assert four[2].startswith("Opatření 1.2\nOsobní asistence")
    assert four[4].startswith("Částečně akceptováno\nVíkendová asistence")
    assert four[4].endswith("Upraveno: opatření 1.2")
    # Comment 7: the public, anonymous, about the plan as a whole.
    assert rows[6][1].startswith("Veřejnost")
    assert rows[6][2] == "plán jako celek"
    # The header row repeats on every page.
    assert table.rows[0]._tr.find(qn("w:trPr")).find(qn("w:tblHeader")) is not None


def test_settlement_counts_by_decision(run_kpss: Any, example_repo: Path, tmp_path: Path) -> None:
    document = _render(run_kpss, example_repo, tmp_path / "v.docx", "consultation", "2024-2027")
    counts = [_cell_texts(r) for r in _table_with(document, "Způsob vypořádání").rows[1:]]
    # By hand from consultation.yaml: accepted 2, 6, 7, 10, 12; partly 1, 4, 8, 11;
    # rejected 5, 9; noted 3, 13.
    assert counts == [
        ["Akceptováno", "5"],
        ["Částečně akceptováno", "4"],
        ["Neakceptováno", "2"],
        ["Bere se na vědomí", "2"],
        ["Celkem", "13"],
    ]
    text = "\n".join(_texts(document))
    assert "Vypořádání připomínek k návrhu komunitního plánu sociálních služeb SO ORP Židlochovice" in text
    assert f"od 2.{NBSP}10.{NBSP}2023 do 31.{NBSP}10.{NBSP}2023" in text
    changed = [_cell_texts(r) for r in _table_with(document, "Připomínky").rows[1:]]
    assert [r[0].split(" ")[0] for r in changed] == ["1.1", "1.2", "2.4", "3.1", "3.4", "4.1", "4.3"]
    assert changed[0][1] == "1"


def test_names_only_with_members(run_kpss: Any, example_repo: Path, tmp_path: Path) -> None:
    plain = "\n".join(_texts(_render(run_kpss, example_repo, tmp_path / "a.docx", "consultation", "2024-2027")))
    for name in NAMES[:4]:
        assert name not in plain
    assert "Klub seniorů Židlochovice" in plain  # an organisation is not personal data
    named = _render(run_kpss, example_repo, tmp_path / "b.docx", "consultation", "2024-2027", "--with-members")
    text = "\n".join(_texts(named))
    for name in NAMES[:4]:
        assert name in text


def test_unsettled_comments_make_a_working_version(run_kpss: Any, example_repo: Path, tmp_path: Path) -> None:
    plan = example_repo / "plans" / "2024-2027" / "plan.yaml"
    text = plan.read_text(encoding="utf-8")
    plan.write_text(text.replace("status: approved", "status: draft"), encoding="utf-8")
    consultation = example_repo / "plans" / "2024-2027" / "consultation.yaml"
    lines = consultation.read_text(encoding="utf-8").replace("    decision: noted\n", "")
    consultation.write_text(lines, encoding="utf-8")
    document = _render(run_kpss, example_repo, tmp_path / "v.docx", "consultation", "2024-2027")
    text = "\n".join(_texts(document))
    assert "Pracovní verze: 2 z\u00a013 připomínek dosud nemá vypořádání." in text
    counts = [_cell_texts(r) for r in _table_with(document, "Způsob vypořádání").rows[1:]]
    assert ["Bere se na vědomí", "0"] in counts and ["Dosud nevypořádáno", "2"] in counts


def test_a_plan_without_consultation_is_a_clear_error(run_kpss: Any, example_repo: Path, tmp_path: Path) -> None:
    result = run_kpss("render", "consultation", "2020-2023", "-o", tmp_path / "v.docx", "--repo", example_repo)
    assert result.exit_code == 2
    assert "plans/2020-2023/consultation.yaml" in result.stderr
    assert not (tmp_path / "v.docx").exists()


def test_same_input_same_bytes(run_kpss: Any, example_repo: Path, tmp_path: Path) -> None:
    for name in ("a.docx", "b.docx"):
        _render(run_kpss, example_repo, tmp_path / name, "consultation", "2024-2027")
    assert (tmp_path / "a.docx").read_bytes() == (tmp_path / "b.docx").read_bytes()


def test_english_settlement(run_kpss: Any, example_repo: Path, tmp_path: Path) -> None:
    document = _render(run_kpss, example_repo, tmp_path / "v.docx", "consultation", "2024-2027", "--lang", "en")
    counts = [_cell_texts(r) for r in _table_with(document, "Decision").rows[1:]]
    assert counts[0] == ["Accepted", "5"]


def test_plan_has_a_chapter_on_its_preparation(run_kpss: Any, example_repo: Path, tmp_path: Path) -> None:
    document = _render(run_kpss, example_repo, tmp_path / "p.docx", "plan", "2024-2027")
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert any(h.endswith("Jak byl plán připraven") for h in headings)
    meetings = [_cell_texts(r) for r in _table_with(document, "Průměrná účast").rows[1:]]
    # 2023: the steering group met twice (6 and 5 present; 2 + 1 decisions); 2025: 13 meetings.
    assert meetings[0][:5] == ["Řídicí skupina KPSS SO ORP Židlochovice", "2023", "2", "5,5", "3"]
    totals = [r for r in meetings if r[0].startswith("Celkem")]
    assert [(r[0], r[2]) for r in totals] == [("Celkem 2023", "2"), ("Celkem 2025", "13")]
    seniors_2025 = next(r for r in meetings if r[0].startswith("Senioři") and r[1] == "2025")
    # 6, 5, 7 and 4 present: mean 5.5; 2 + 1 + 2 + 1 decisions.
    assert seniors_2025[2:5] == ["4", "5,5", "6"]
    text = "\n".join(_texts(document))
    assert f"došlo 13{NBSP}připomínek" in text
    assert ["Akceptováno", "5"] in [_cell_texts(r) for r in _table_with(document, "Způsob vypořádání").rows]
    for name in ("Ing. Petr Kovář", "Adam Novotný", "Marie Horáková", "Karel Habrman"):
        assert name not in text


def test_settlement_as_pdf(run_kpss: Any, example_repo: Path, tmp_path: Path) -> None:
    """-o FILE.pdf goes through LibreOffice like every document (skipped without it, outside CI)."""
    import os
    import shutil
    import subprocess

    import pytest

    if not (shutil.which("soffice") or os.environ.get("KPSS_SOFFICE")):
        if not os.environ.get("CI"):
            pytest.skip("LibreOffice (soffice) is not installed")
        pytest.fail("CI is set but LibreOffice (soffice) is missing")
    out = tmp_path / "vyporadani.pdf"
    result = run_kpss("render", "consultation", "2024-2027", "-o", out, "--repo", example_repo)
    assert result.exit_code == 0, result.output
    assert out.read_bytes().startswith(b"%PDF")
    if shutil.which("pdftotext"):
        text = subprocess.run(
            ["pdftotext", "-layout", str(out), "-"], capture_output=True, text=True, check=True
        ).stdout
        assert "Vypořádání připomínek k návrhu komunitního" in text
        assert "Částečně akceptováno" in text and "Celkem" in text
