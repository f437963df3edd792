"""The mistakes people make writing a plan by hand, recognised so a finding can name the fix.

* a Czech label, an English label, a paragraph of law 108/2006 Sb. (``§ 40``) or a common
  abbreviation (``NZDM``, ``SAS``) where a code is expected: :func:`codes_for`;
* ``ano`` / ``ne`` where true / false is expected: :func:`boolean_for`;
* money written with thousands separators (``40.000``, ``1.200.000``, ``1,200,000``,
  ``1 200 000``): :func:`thousands`.

Pure functions of the text; the messages are made by the callers (kpss_cli/schemas.py).
"""

from __future__ import annotations

import re
import unicodedata

from kpss_cli.codes import CODE_LISTS, Code

# Abbreviations used in Czech community plans and the registry, by service type code.
ABBREVIATIONS: dict[str, tuple[str, ...]] = {
    "osp": ("odborne_socialni_poradenstvi",),
    "oa": ("osobni_asistence",),
    "ps": ("pecovatelska_sluzba",),
    "cds": ("centra_dennich_sluzeb",),
    "ds": ("domovy_pro_seniory",),
    "dps": ("domovy_pro_seniory",),
    "dzr": ("domovy_se_zvlastnim_rezimem",),
    "dozp": ("domovy_pro_osoby_se_zdravotnim_postizenim",),
    "chb": ("chranene_bydleni",),
    "psb": ("podpora_samostatneho_bydleni",),
    "ndc": ("nizkoprahova_denni_centra",),
    "nzdm": ("nizkoprahova_zarizeni_pro_deti_a_mladez",),
    "sas": ("sas_pro_rodiny_s_detmi", "sas_pro_seniory_a_osoby_se_zdravotnim_postizenim"),
    "sasrd": ("sas_pro_rodiny_s_detmi",),
    "std": ("socialne_terapeuticke_dilny",),
    "tp": ("terenni_programy",),
    "sr": ("socialni_rehabilitace",),
    "kc": ("kontaktni_centra",),
    "ad": ("azylove_domy",),
    "dpc": ("domy_na_pul_cesty",),
    "ic": ("intervencni_centra",),
    "cdz": ("centra_dusevniho_zdravi",),
    "tkp": ("telefonicka_krizova_pomoc",),
}

YES = ("ano", "a", "yes", "y", "pravda", "splněno")
NO = ("ne", "n", "no", "nepravda", "nesplněno")


def plain(text: str) -> str:
    """Lower case, without diacritics, punctuation and repeated spaces: ``§ 40`` → ``40``."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    ascii_text = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(re.sub(r"[^a-z0-9]+", " ", ascii_text).split())


def _table_for(options: list[str]) -> dict[str, Code] | None:
    wanted = set(options)
    for table in CODE_LISTS.values():
        if set(table) == wanted:
            return table
    for table in CODE_LISTS.values():
        if wanted <= set(table):
            return {code: table[code] for code in options}
    return None


def codes_for(value: str, options: list[str]) -> list[str]:
    """The codes ``value`` stands for when it is a label, a paragraph or an abbreviation; else []."""
    table = _table_for(options)
    if table is None:
        return []
    key = plain(value)
    if not key:
        return []
    found: list[str] = []
    for code in table.values():
        labels = {plain(code.cs), plain(code.en), plain(code.code), plain(re.sub(r"\(.*?\)", "", code.cs))}
        if key in labels:
            found.append(code.code)
    if found:
        return found
    # A paragraph of the law: "§ 40", "§40", "40" (service types keep it in Code.extra).
    if value.strip().startswith("§") or key.isdigit() or re.fullmatch(r"\d+ ?a", key):
        paragraph = key.replace(" ", "")
        found = [code.code for code in table.values() if code.extra and code.extra == paragraph]
        if found:
            return found
    abbreviation = ABBREVIATIONS.get(key.replace(" ", ""))
    if abbreviation:
        return [code for code in abbreviation if code in table]
    # A near miss ("seniory", "domov pro seniory") is left to the "did you mean" of the caller.
    return []


def boolean_for(value: str) -> bool | None:
    """True for ``ano``, False for ``ne`` (and their English forms); None for anything else."""
    key = value.strip().lower()
    if key in YES:
        return True
    if key in NO:
        return False
    return None


_THOUSANDS = (
    re.compile(r"^\d{1,3}(?:\.\d{3})+$"),  # 40.000, 1.200.000
    re.compile(r"^\d{1,3}(?:,\d{3})+$"),  # 1,200,000
    re.compile(r"^\d{1,3}(?:[ \u00a0\u202f]\d{3})+$"),  # 1 200 000
    re.compile(r"^\d{1,3}(?:'\d{3})+$"),  # 1'200'000
)


def thousands(raw: str) -> int | None:
    """The whole number ``raw`` means when it is written with thousands separators, else None.

    ``40.000`` → 40000 (YAML reads it as 40.0), ``1.200.000`` → 1200000, ``1,200,000``,
    ``1 200 000``. ``40.5`` or ``1.25`` are ordinary decimals and give None.
    """
    text = raw.strip().removesuffix("Kč").strip()
    for pattern in _THOUSANDS:
        if pattern.match(text):
            return int(re.sub(r"\D", "", text))
    return None
