"""`kpss import registry` in Czech: the summary of what came from the registry, and its refusals."""

from __future__ import annotations

import shutil
from pathlib import Path

from english import english_words

DATA = Path(__file__).parent / "data" / "registry"


def test_import_summary_in_czech(run_kpss, tmp_path: Path) -> None:
    repo = tmp_path / "kyjov"
    shutil.copytree(DATA / "repo", repo)
    run = run_kpss("import", "registry", DATA / "rpss-sample.json", "--repo", repo, "--lang", "cs")
    assert run.exit_code == 0, run.output
    out = run.stdout
    lines = out.splitlines()
    assert lines[0] == "Registr rpss-sample.json: 13 záznamů; území: Kyjov (586307), Bzenec (586030)"
    # 8 new services: "Přidáno 8 služeb" (the Czech plural of five and more)
    assert "Přidáno 8 služeb:" in lines
    assert "  + 2934711  Pečovatelská služba Kyjov" in lines
    assert (
        "      pečovatelská služba · terénní, ambulantní · klienti 390 · "
        "poskytovatel pecovatelska-sluzba-kyjov (nový) · podle zařízení v obci Kyjov"
    ) in lines
    assert "      ! cílová skupina CilovaSkupinaOsoby/99 není v cilove-skupiny-osoby.json; vynecháno" in lines
    # 6620135: the registry has 8 beds and two target groups (the catalogue 6 beds, one group)
    assert "Aktualizovány 2 služby:" in lines
    assert "      cílové skupiny: seniori → seniori, osoby_zijici_s_demenci" in lines
    assert "      kapacita lůžka: 6 → 8" in lines
    assert (
        "      místa: — → Odlehčovací služba Charity Kyjov, Komenského 566/12, 697 01 Kyjov, 586307" in lines
    )
    assert "Zaniklé 2 služby: už nejsou v registru nebo jsou ukončené (odstraní je spuštění s --prune):" in lines
    assert "  - 1188220  Dluhová poradna Kyjov — registr ji vede jako ukončenou 31. 12. 2023" in lines
    assert "  ~ charita-kyjov: e-mail, telefon doplněno z registru" in lines
    assert "8 služeb zatím není v žádném opatření plánu (KP404); počítá-li s nimi plán, uveďte je v `services:` opatření." in lines
    assert lines[-1] == "✓ services.yaml zapsán."
    assert english_words(out) == []
    again = run_kpss("import", "registry", DATA / "rpss-sample.json", "--repo", repo, "--lang", "cs")
    assert again.stdout.splitlines()[-1] == "services.yaml je aktuální; není co zapsat."
    assert english_words(again.stdout) == []


def test_import_refusals_in_czech(run_kpss, tmp_path: Path) -> None:
    repo = tmp_path / "kyjov"
    shutil.copytree(DATA / "repo", repo)
    missing = run_kpss("import", "registry", tmp_path / "rpss.json", "--repo", repo, "--lang", "cs")
    assert missing.exit_code == 2 and f"soubor registru {tmp_path / 'rpss.json'} neexistuje" in missing.stderr
    page = tmp_path / "rpss.json"
    page.write_text("<html><body>Not found</body></html>", encoding="utf-8")
    shutil.copy(DATA / "druhy-socialni-sluzby.json", tmp_path)
    shutil.copy(DATA / "cilove-skupiny-osoby.json", tmp_path)
    html = run_kpss("import", "registry", page, "--repo", repo, "--lang", "cs")
    assert html.exit_code == 2
    assert "rpss.json nevypadá jako otevřená data registru (rpss.json)" in html.stderr
    assert "vypadá jako webová stránka (HTML); stáhněte samotný soubor JSON" in html.stderr
    bad = run_kpss("import", "registry", DATA / "rpss-sample.json", "--repo", repo, "--obec", "12", "--lang", "cs")
    assert bad.exit_code == 2 and "--obec potřebuje šestimístné kódy obcí; tyto nejsou: 12" in bad.stderr
