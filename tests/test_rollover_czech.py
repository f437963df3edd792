"""`kpss rollover` in Czech: the summary a coordinator reads after making next year's action plan."""

from __future__ import annotations

from pathlib import Path

from english import english_words


def test_rollover_summary_in_czech(run_kpss, example_repo: Path) -> None:
    run = run_kpss("rollover", "2027", "--lang", "cs", cwd=example_repo)
    assert run.exit_code == 0, run.output
    out = run.stdout
    lines = out.splitlines()
    assert lines[0] == (
        "Akční plán 2027 plánu 2024-2027 z akčního plánu 2026 (plans/2024-2027/action-plans/2026.yaml):"
    )
    assert "Převedená jako nedokončená (carried_over: 2026, aktivity zachovány): 9" in lines
    assert "  1.2  Osobní asistence, tísňová péče a poradenství pro osoby žijící samostatně [2026: nevyhodnoceno]" in lines
    assert "Pokračující (v roce 2026 splněná nebo průběžná, nebo opatření udržení): 6" in lines
    assert "Vypuštěná: 1" in lines
    assert (
        "  4.3  Návazné služby pro seniory – senior taxi a klub seniorů [2026: nevyhodnoceno]: "
        "opatření probíhá v letech 2024–2026, v roce 2027 ne"
    ) in lines
    # 9 + 6 items, 1 dropped: the counts line adds up
    assert "15 opatření: převedeno jako nedokončené 9, pokračuje 6, nově zařazeno 0; vypuštěno 1." in lines
    assert lines[-1] == (
        "Zapsáno: plans/2024-2027/action-plans/2027.yaml (stav draft = návrh; schválení doplňte po "
        "usnesení zastupitelstva)."
    )
    assert (example_repo / "plans/2024-2027/action-plans/2027.yaml").is_file()
    assert english_words(out) == []


def test_rollover_dry_run_and_refusals_in_czech(run_kpss, example_repo: Path) -> None:
    dry = run_kpss("rollover", "2027", "--dry-run", "--lang", "cs", cwd=example_repo)
    assert dry.exit_code == 0
    assert dry.stderr.splitlines()[-1] == (
        "Zkouška nanečisto: nic se nezapsalo; vznikl by soubor plans/2024-2027/action-plans/2027.yaml."
    )
    assert english_words(dry.stderr) == []
    assert run_kpss("rollover", "2027", cwd=example_repo).exit_code == 0
    again = run_kpss("rollover", "2027", "--lang", "cs", cwd=example_repo)
    assert again.exit_code == 2
    assert "plans/2024-2027/action-plans/2027.yaml už existuje, a proto se nic nezapsalo" in again.stderr
    year = run_kpss("rollover", "2200", "--lang", "cs", cwd=example_repo)
    assert year.exit_code == 2 and "rok musí ležet mezi 2000 a 2100, zadáno 2200" in year.stderr
    both = run_kpss("rollover", "2028", "--dry-run", "--commit", "--lang", "cs", cwd=example_repo)
    assert both.exit_code == 2 and "--dry-run nic nezapisuje, a proto ho nelze spojit s --commit" in both.stderr
    assert english_words(again.stderr + year.stderr + both.stderr) == []
