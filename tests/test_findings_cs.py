"""The findings of `kpss validate --lang cs` are Czech, written for a clerk (docs/i18n.md).

The golden cases of tests/cases/ run in Czech here; the English texts are asserted by
test_golden.py (KPSS_LANG=en). Each expected message below is written out by hand.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from test_golden import CASES, build_repo


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
