"""`kpss diff` in Czech: the pull-request comment and the terminal text a Czech reviewer reads.

The JSON keeps its English keys, kinds and paths (machines read it); its `message` and every
line of the markdown and text forms are Czech, with the Czech label beside a code.
"""

from __future__ import annotations

import json
from pathlib import Path

from english import english_words
from test_diff import commit, edit, history  # noqa: F401  (the fixture of a pull request)

NBSP = "\u00a0"


def test_pull_request_comment_in_czech(run_kpss, git_repo: Path, history: dict[str, str]) -> None:  # noqa: F811
    span = f"{history['initial']}..{history['pr']}"
    run = run_kpss("diff", "--rev", span, "--format", "markdown", "--lang", "cs", cwd=git_repo)
    assert run.exit_code == 0, run.output
    md = run.stdout
    # Counts first (no agreement to get wrong: "změněno 7"), then the removal flagged.
    assert "**změněno 7, odstraněno 1** v 5 souborech." in md
    assert "> ⚠️ **odstraněno 1:** služba 8312276 „Poradenské centrum Ligy vozíčkářů“" in md
    assert "| Soubor | ➕ přidáno | ➖ odstraněno | ✏️ změněno |" in md
    assert "<details><summary><b>services.yaml</b> — odstraněno 1</summary>" in md
    # The entity and its fields in words, money and numbers in Czech format.
    assert "- ✏️ **opatření 1.1** „Udržení pečovatelské služby včetně večerní a víkendové péče“" in md
    assert "  - cílová hodnota indikátoru 1.1.a 320 → 340" in md
    assert f"  - rozpočet 2024 obce 2{NBSP}900{NBSP}000 → 3{NBSP}100{NBSP}000{NBSP}Kč" in md
    assert "  - služby: −8312276" in md
    # A renumbered measure: how it was matched, and that nothing else changed.
    assert (
        "- ✏️ **opatření 2.5** „Sociálně aktivizační služby a poradenství pro rodiny s dětmi“ "
        "_(dříve 2.1, spárováno podle pole continues)_\n  - přečíslováno, nic jiného se nezměnilo"
    ) in md
    assert "- ✏️ **výsledek položky 2.5 v akčním plánu 2025**" in md
    assert "  - skutečná hodnota indikátoru 2.5.a 53 → 52" in md
    # A removed service lists its values, codes with their Czech labels, true as "ano".
    assert "- ➖ **služba 8312276** „Poradenské centrum Ligy vozíčkářů“ — **odstraněno**" in md
    assert "  - registrovaná: ano" in md
    assert "  - druh služby: odborne\\_socialni\\_poradenstvi (odborné sociální poradenství)" in md
    assert "  - formy: ambulantni (ambulantní), terenni (terénní)" in md
    assert "  - působnost: all (celé území)" in md
    assert "  - … a ještě 7 hodnot" in md
    assert f"<sub>Vytvořeno příkazem <code>kpss diff --rev {span}</code>.</sub>" in md
    assert english_words(md) == []


def test_json_keeps_its_machine_fields_with_a_czech_message(
    run_kpss, git_repo: Path, history: dict[str, str]  # noqa: F811
) -> None:
    span = f"{history['initial']}..{history['pr']}"
    run = run_kpss("diff", "--rev", span, "--format", "json", "--lang", "cs", cwd=git_repo)
    doc = json.loads(run.stdout)
    assert doc["summary"] == {"added": 0, "removed": 1, "changed": 7, "invalid": 0}
    measure = next(c for c in doc["changes"] if c["entity"] == "measure" and c["id"] == "1.1")
    assert measure["kind"] == "changed"
    assert {"path": "indicators[1.1.a].target", "old": 320, "new": 340} in measure["fields"]
    assert measure["message"].startswith("opatření 1.1: ")
    assert "cílová hodnota indikátoru 1.1.a 320 → 340" in measure["message"]


def test_terminal_text_of_an_invalid_file_in_czech(
    run_kpss, git_repo: Path, history: dict[str, str]  # noqa: F811
) -> None:
    run = run_kpss("diff", "--rev", f"{history['initial']}..{history['broken']}", "--lang", "cs", cwd=git_repo)
    assert run.exit_code == 0, run.output
    out = " ".join(run.stdout.split())
    assert (
        f"soubor plans/2024-2027/action-plans/2026.yaml je v revizi {history['broken']} neplatný "
        "(1 chyba), a proto se jeho obsah neporovnává; spusťte tam `kpss validate`. První chyba: řádek 5:"
    ) in out
    assert out.endswith("žádné změny v obsahu plánu, 1 neplatný soubor")
    assert english_words(run.stdout) == []


def test_working_tree_and_no_changes_in_czech(run_kpss, git_repo: Path) -> None:
    same = run_kpss("diff", "--format", "markdown", "--lang", "cs", cwd=git_repo)
    assert same.stdout == "### kpss diff: `HEAD` → `pracovní kopie`\n\nV datech plánu se nic nezměnilo.\n"
    text = run_kpss("diff", "--lang", "cs", cwd=git_repo).stdout
    assert text.startswith("HEAD → pracovní kopie") and "v datech plánu se nic nezměnilo" in text
    edit(git_repo, "services.yaml", "    capacity:\n      clients: 30\n      calls: 400", "    capacity:\n      clients: 35\n      calls: 400")
    changed = run_kpss("diff", "--lang", "cs", cwd=git_repo).stdout
    assert "~ služba 8312276 „Poradenské centrum Ligy vozíčkářů“" in changed
    assert "kapacita klienti 30 → 35" in changed
    assert english_words(changed) == []


def test_plan_periods_in_czech_with_the_budget_tables(run_kpss, example_repo: Path) -> None:
    md = run_kpss("diff", "2020-2023", "2024-2027", "--format", "markdown", "--lang", "cs", cwd=example_repo).stdout
    assert md.startswith("### kpss diff: plán 2020-2023 → 2024-2027\n\n**změněno 17, přidáno 26, odstraněno 19** v 5 oddílech.")
    assert "| Zdroj financování | 2020-2023 | 2024-2027 | rozdíl |" in md
    assert f"| dotace MPSV (přes kraj, §101a) | 131{NBSP}350{NBSP}000{NBSP}Kč | 194{NBSP}050{NBSP}000{NBSP}Kč |" in md
    assert f"| **celkem** | **295{NBSP}750{NBSP}000{NBSP}Kč** |" in md
    assert "| Priorita | 2020-2023 | 2024-2027 | rozdíl |" in md
    assert "| Oddíl | ➕ přidáno | ➖ odstraněno | ✏️ změněno |" in md
    assert "| Potřeby | 5 | 4 | 2 |" in md
    assert "<details><summary><b>Priorita P1: Senioři a osoby se zdravotním postižením</b> — změněno 4, přidáno 9, odstraněno 5</summary>" in md
    assert "  - druh: at\\_least (alespoň (více je lépe))" in md
    assert "  - rok výchozí hodnoty indikátoru 1.1.a 2019 → 2023" in md
    assert english_words(md) == []
    text = run_kpss("diff", "2020-2023", "2024-2027", "--lang", "cs", cwd=example_repo).stdout
    assert "Rozpočet za celé období (opatření)" in text and "rozdíl" in text
    assert "priorita P1" in text and "celkem" in text
    assert text.rstrip().endswith("změněno 17, přidáno 26, odstraněno 19")
    assert english_words(text) == []


def test_errors_of_diff_in_czech(run_kpss, git_repo: Path) -> None:
    example_repo = git_repo
    run = run_kpss("diff", "1999-2000", "--lang", "cs", cwd=example_repo)
    assert run.exit_code == 2
    assert "v repozitáři není plán '1999-2000'; známé plány: 2020-2023, 2024-2027" in run.stderr
    three = run_kpss("diff", "a", "b", "c", "--lang", "cs", cwd=example_repo)
    assert three.exit_code == 2
    assert "zadejte nejvýše dva plány k porovnání (zadáno: 3)" in three.stderr
    outside = run_kpss("diff", "--rev", "HEAD", "/", "--lang", "cs", cwd=example_repo)
    assert outside.exit_code == 2 and "leží mimo repozitář" in outside.stderr


def test_git_errors_in_czech(run_kpss, example_repo: Path) -> None:
    plain = run_kpss("diff", "--rev", "HEAD", "--lang", "cs", cwd=example_repo)
    assert plain.exit_code == 2
    assert "není v repozitáři gitu, a proto nemá revize k porovnání; spusťte `git init`" in plain.stderr
    dash = run_kpss("diff", "--rev=-x", "--lang", "cs", cwd=example_repo)
    assert dash.exit_code == 2 and "revize '-x' začíná znakem '-'" in dash.stderr
    assert english_words(plain.stderr + dash.stderr) == []
