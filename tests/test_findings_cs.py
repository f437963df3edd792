"""The findings of `kpss validate --lang cs` are Czech, written for a clerk (docs/i18n.md).

The golden cases of tests/cases/ run in Czech here; the English texts are asserted by
test_golden.py (KPSS_LANG=en). Each expected message below is written out by hand.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from test_golden import CASES, _case_dirs, build_repo

# Words of the English texts that Czech never contains (code values and keys have no spaces).
ENGLISH = (" is ", " must ", "missing", "expected", " not ", " the ", " has ", " which ", " does ")


def _net(finding: dict[str, Any]) -> bool:
    """The network, co-financing and grant findings (KP24x, KP44x, and KP211 of a grants file)
    are translated with their modules (docs/network.md, docs/finance.md), not yet here."""
    code = finding["code"]
    return code.startswith(("KP24", "KP44")) or (code == "KP211" and finding["file"].startswith("grants/"))


@pytest.mark.parametrize("case", _case_dirs("invalid"), ids=lambda p: p.name)
def test_no_english_word_reaches_a_czech_finding(run_kpss: Any, tmp_path: Path, case: Path) -> None:
    found = _czech_findings(run_kpss, case.name, tmp_path)
    assert found, "every invalid case has a finding"
    english = [
        f"{f['code']} {f['message']}"
        for f in found
        if not _net(f) and any(word in f" {f['message']} " for word in ENGLISH)
    ]
    assert not english, "\n".join(english)


def _czech_findings(run_kpss: Any, case: str, tmp_path: Path, *extra: str) -> list[dict[str, Any]]:
    repo = build_repo(CASES / "invalid" / case, tmp_path / "repo")
    run = run_kpss("validate", "--repo", repo, "--format", "json", "--lang", "cs", *extra)
    assert run.exit_code in (0, 1), run.output
    return json.loads(run.stdout)["findings"]  # type: ignore[no-any-return]


@pytest.mark.parametrize(
    "case,code,message",
    [
        (
            "kp102-measure-without-responsible",
            "KP102",
            "v opatření 2.1 chybí povinný klíč 'responsible' (realizátor / odpovědnost)",
        ),
        (
            "kp104-target-group-suggestion",
            "KP104",
            "'seniory' u služby klub-senioru-zabcice není známý kód cílové skupiny; nemysleli jste 'seniori' (senioři)?",
        ),
        (
            "kp104-plan-status-czech-label",
            "KP104",
            "'schváleno' je název, ne kód: napište místo něj kód approved (schváleno) (pole 'status')",
        ),
        (
            "kp103-ico-unquoted",
            "KP103",
            "'ico' u poskytovatele mesto-zidlochovice má být text, ale 00283703 se čte jako číslo; "
            'dejte ho do uvozovek: "00283703"',
        ),
        (
            "kp101-misspelled-required-key",
            "KP101",
            "neznámý klíč 'responsibel' v opatření 1.2; nemysleli jste 'responsible'?",
        ),
        (
            "kp005-duplicate-key",
            "KP005",
            "klíč 'title' je tu dvakrát (poprvé na řádku 95); druhá hodnota by potichu nahradila první: "
            "nechte jen jednu",
        ),
        (
            "kp225-ico-check-digit",
            "KP225",
            "IČO 00283704 poskytovatele mesto-zidlochovice má chybnou kontrolní číslici; ověřte ho v obchodním "
            "rejstříku (ARES)",
        ),
        (
            "kp214-unknown-measure",
            "KP214",
            "opatření 1.3 v plánu 2023-2026 není; opatření plánu: 1.1, 1.2, 2.1",
        ),
        (
            "kp450-decision-without-response",
            "KP450",
            "připomínka 1 je vypořádána (rejected), ale chybí odůvodnění; doplňte response: proč bylo takto rozhodnuto",
        ),
        (
            "kp421-hash-cuts-title",
            "KP421",
            "text u klíče 'title' končí před ' #': YAML bere '#2' jako komentář, takže hodnota je jen 'Občanská a "
            "dluhová poradna'; patří-li # do textu, dejte celý text do uvozovek: title: \"Občanská a dluhová "
            'poradna #2"',
        ),
        (
            "kp002-windows-1250",
            "KP002",
            "soubor není v kódování UTF-8 (vypadá jako windows-1250); uložte ho v UTF-8, např. v Poznámkovém "
            "bloku: Uložit jako → Kódování: UTF-8",
        ),
    ],
)
def test_a_finding_in_czech(run_kpss: Any, tmp_path: Path, case: str, code: str, message: str) -> None:
    found = _czech_findings(run_kpss, case, tmp_path)
    assert [f["message"] for f in found if f["code"] == code] == [message]
    # The machine fields stay English.
    assert all(set(f) >= {"code", "file", "line", "column", "severity", "message"} for f in found)
    assert {f["severity"] for f in found} <= {"error", "warning"}


def test_every_output_format_carries_the_czech_message(run_kpss: Any, tmp_path: Path) -> None:
    repo = build_repo(CASES / "invalid" / "kp225-ico-check-digit", tmp_path / "repo")
    message = (
        "IČO 00283704 poskytovatele mesto-zidlochovice má chybnou kontrolní číslici; ověřte ho v obchodním "
        "rejstříku (ARES)"
    )

    def run(fmt: str) -> str:
        done = run_kpss("validate", "--repo", repo, "--format", fmt, "--lang", "cs")
        assert done.exit_code == 1, done.output
        return done.stdout

    text = run("text")
    assert message in " ".join(text.split()) and "1 chyba, 0 varování" in text
    assert f"title=KP225::{message}" in run("github")
    sarif = json.loads(run("sarif"))["runs"][0]["results"]
    assert [(r["ruleId"], r["message"]["text"]) for r in sarif] == [("KP225", message)]
    gitlab = json.loads(run("gitlab"))
    assert [g["description"] for g in gitlab] == [f"KP225 {message}"]
    # The machine fields stay English under --lang cs.
    doc = json.loads(run("json"))
    assert set(doc) == {"valid", "errors", "warnings", "findings"} and doc["findings"][0]["severity"] == "error"


def test_a_failed_command_names_the_errors_in_czech(run_kpss: Any, tmp_path: Path) -> None:
    repo = build_repo(CASES / "invalid" / "kp225-ico-check-digit", tmp_path / "repo")
    done = run_kpss("render", "plan", "--repo", repo, "-o", tmp_path / "plan.docx", "--lang", "cs")
    assert done.exit_code != 0
    assert "repozitář má 1 chybu; nejdřív ji opravte (spusťte `kpss validate`):" in done.stderr


# -- the rules of the SARIF driver --------------------------------------------------------------

_SARIF_TEXTS = ("shortDescription", "fullDescription", "help")


def _sarif(run_kpss: Any, repo: Path, lang: str) -> dict[str, Any]:
    done = run_kpss("validate", "--repo", repo, "--format", "sarif", "--lang", lang)
    assert done.exit_code == 1, done.output
    return json.loads(done.stdout)  # type: ignore[no-any-return]


def _without_texts(doc: dict[str, Any]) -> dict[str, Any]:
    """The SARIF document without its texts for people: what a program reads."""
    run = doc["runs"][0]
    rules = [{k: v for k, v in rule.items() if k not in _SARIF_TEXTS} for rule in run["tool"]["driver"]["rules"]]
    results = [{k: v for k, v in result.items() if k != "message"} for result in run["results"]]
    return {**doc, "runs": [{**run, "tool": {"driver": {**run["tool"]["driver"], "rules": rules}}, "results": results}]}


def test_the_rules_of_a_czech_sarif_are_czech_and_of_an_english_one_english(run_kpss: Any, tmp_path: Path) -> None:
    repo = build_repo(CASES / "invalid" / "kp225-ico-check-digit", tmp_path / "repo")
    cs, en = _sarif(run_kpss, repo, "cs"), _sarif(run_kpss, repo, "en")
    cs_rules = {r["id"]: r for r in cs["runs"][0]["tool"]["driver"]["rules"]}
    en_rules = {r["id"]: r for r in en["runs"][0]["tool"]["driver"]["rules"]}

    assert cs_rules["KP225"]["shortDescription"] == {"text": "chybná kontrolní číslice IČO"}
    assert cs_rules["KP225"]["fullDescription"] == {
        "text": "Chyba: chybná kontrolní číslice IČO. Příklad opravy: zkopírujte IČO z obchodního rejstříku (ARES)."
    }
    assert cs_rules["KP225"]["help"] == cs_rules["KP225"]["fullDescription"]
    assert cs_rules["KP102"]["fullDescription"]["text"] == (
        "Chyba: chybí povinný klíč. Příklad opravy: doplňte k opatření realizátora: `responsible: Město Židlochovice`."
    )
    assert cs_rules["KP401"]["fullDescription"]["text"] == (
        "Varování (kontrola selže jen s --strict): opatření bez indikátorů. Příklad opravy: doplňte indikátor, "
        "aby šlo plnění opatření vyhodnotit."
    )
    assert cs_rules["KP008"]["shortDescription"]["text"] == "odsazení tabulátorem"

    assert en_rules["KP225"]["shortDescription"] == {"text": "invalid IČO check digit"}
    assert en_rules["KP225"]["fullDescription"] == {
        "text": "Error: invalid IČO check digit. Example fix: copy the IČO from the business register (ARES)."
    }
    assert en_rules["KP401"]["fullDescription"]["text"].startswith("Warning (fails only with --strict): measure without")

    # Every rule has Czech of its own (no title left in English) ...
    assert all(cs_rules[c]["shortDescription"] != en_rules[c]["shortDescription"] for c in en_rules)
    # ... and what a program reads is the same in both languages: ids, PascalCase names,
    # levels, help URIs, rule indexes, locations and fingerprints.
    assert cs_rules["KP225"]["name"] == en_rules["KP225"]["name"] == "InvalidICOCheckDigit"
    assert cs_rules["KP225"]["helpUri"] == "https://github.com/kpss/kpss/blob/main/docs/rules.md#kp225"
    assert cs_rules["KP401"]["defaultConfiguration"] == {"level": "warning"}
    assert _without_texts(cs) == _without_texts(en)


def test_the_rule_reference_stays_english_in_a_czech_run() -> None:
    """docs/rules.md is the English reference generated from the rule table, whatever the language."""
    from kpss_cli import i18n, rules

    i18n.set_language("cs")
    try:
        text = rules.markdown()
        assert "| [KP225](#kp225) | error | invalid IČO check digit | copy the IČO from the business register (ARES) |" in text
        assert "kontrolní" not in text
        assert rules.pascal_name("KP225") == "InvalidICOCheckDigit"
    finally:
        i18n.set_language("en")
