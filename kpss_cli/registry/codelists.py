"""The registry's code lists (číselníky) resolved by their Czech names to the codes of :mod:`kpss_cli.codes`."""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kpss_cli import codes
from kpss_cli.errors import KpssError
from kpss_cli.i18n import N_, _
from kpss_cli.registry.record import MUNICIPALITY_RE, text_of

# The code-list files of the registry's open data, by what they resolve.
CODE_LIST_FILES = {
    "type": "druhy-socialni-sluzby.json",
    "target_group": "cilove-skupiny-osoby.json",
    "form": "formy-soc-sluzby.json",
    "capacity": "typy-kapacity-socialni-sluzby.json",
    "municipality": "obce.json",
}
# Without these the import cannot tell what a service is; the others have documented fallbacks.
REQUIRED_CODE_LISTS = ("type", "target_group")

WHAT = {
    "type": N_("service type"),
    "target_group": N_("target group"),
    "form": N_("form"),
    "capacity": N_("capacity type"),
}

# Known wording differences between the registry's code lists and docs/codes.md (registry name → code).
# Only names known to mean the same thing belong here: an unknown name is reported, never guessed.
TYPE_ALIASES = {
    # the wording of § 52 before zákon 372/2011 Sb. replaced "ústavní" by "lůžkové"
    "sociální služby poskytované ve zdravotnických zařízeních ústavní péče": (
        "socialni_sluzby_ve_zdravotnickych_zarizenich"
    ),
    "centrum duševního zdraví": "centra_dusevniho_zdravi",
}
TARGET_GROUP_ALIASES = {
    "osoby žijící v sociálně vyloučených komunitách": (
        "osoby_zijici_v_socialne_vyloucenych_lokalitach"
    ),
    "osoby, které vedou rizikový způsob života nebo jsou tímto způsobem života ohroženy": (
        "osoby_vedouci_rizikovy_zpusob_zivota"
    ),
    "osoby ohrožené závislostí nebo závislé na návykových látkách": "osoby_ohrozene_zavislosti",
    # the registry's older name of the same group
    "alkoholici a toxikomané": "osoby_ohrozene_zavislosti",
    "rodiny s dětmi": "rodiny_s_detmi",
    "rodiny s dítětem": "rodiny_s_detmi",
}
FORM_ALIASES = {
    "pobytové": "pobytova",
    "ambulantní forma": "ambulantni",
    "terénní forma": "terenni",
    "pobytová forma": "pobytova",
}
# Forms and capacity types have short, documented codes (``FormaSocialniSluzby/amb``); they are
# used when the code list is missing or names a form in words kpss does not know.
FORM_CODES = {"amb": "ambulantni", "ter": "terenni", "pob": "pobytova"}
CAPACITY_CODES = {
    "klient": "clients",
    "luzka": "beds",
    "kontakt": "contacts",
    "interv": "interventions",
    "hovor": "calls",
}
CAPACITY_NAMES = {
    "klient": "clients",
    "klienti": "clients",
    "počet klientů": "clients",
    "lůžka": "beds",
    "lůžko": "beds",
    "počet lůžek": "beds",
    "kontakt": "contacts",
    "kontakty": "contacts",
    "počet kontaktů": "contacts",
    "intervence": "interventions",
    "počet intervencí": "interventions",
    "hovor": "calls",
    "hovory": "calls",
    "počet hovorů": "calls",
}




def norm(text: str) -> str:
    """Case and white space folded, as registry names and our labels (docs/codes.md) are compared."""
    text = unicodedata.normalize("NFC", text).casefold()
    text = re.sub(r"[\u2010-\u2015]", "-", text)
    text = re.sub(r"\s+", " ", text).strip()
    text = re.sub(r" ?/ ?", "/", text)
    return re.sub(r" ?, ?", ", ", text)


def fold(text: str) -> str:
    """``_norm`` without diacritics: the fallback comparison."""
    decomposed = unicodedata.normalize("NFD", norm(text))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


class _Matcher:
    """Czech name → code, by normalised name, then without diacritics; aliases first-class."""

    def __init__(self, table: dict[str, str], aliases: dict[str, str]) -> None:
        self.exact: dict[str, str] = {}
        folded: dict[str, str | None] = {}
        for name, code in [*table.items(), *aliases.items()]:
            self.exact.setdefault(norm(name), code)
            key = fold(name)
            if folded.get(key, code) != code:
                folded[key] = None  # two codes fold alike: refuse to choose
            else:
                folded[key] = code
        self.folded = {k: v for k, v in folded.items() if v is not None}

    def match(self, name: str) -> str | None:
        """The code of a Czech name, or None."""
        return self.exact.get(norm(name)) or self.folded.get(fold(name))


def _labels(table: dict[str, codes.Code]) -> dict[str, str]:
    return {entry.cs: code for code, entry in table.items()}


def _read_json(path: Path) -> Any:
    try:
        return json.loads(path.read_text(encoding="utf-8-sig"))
    except OSError as exc:
        raise KpssError(
            _("cannot read the code list {file}: {reason}").format(file=path, reason=exc.strerror or exc)
        ) from None
    except (UnicodeDecodeError, ValueError) as exc:
        raise KpssError(_("the code list {file} is not valid JSON: {reason}").format(file=path, reason=exc)) from None


def _list_names(path: Path) -> tuple[dict[str, str], dict[str, str]]:
    """(registry id → Czech name, code → Czech name) of a code-list file."""
    data = _read_json(path)
    items = data.get("polozky") if isinstance(data, dict) else None
    if not isinstance(items, list):
        raise KpssError(
            _('the code list {file} should be a JSON object {{"polozky": [...]}}; it is not').format(file=path)
        )
    names: dict[str, str] = {}
    by_code: dict[str, str] = {}
    for item in items:
        if not isinstance(item, dict):
            continue
        ident = text_of(item.get("id"))
        nazev = item.get("nazev")
        name = text_of(nazev.get("cs") if isinstance(nazev, dict) else nazev)
        if ident and name:
            names[ident] = name
            by_code[text_of(item.get("kod")) or ident.rsplit("/", 1)[-1]] = name
    return names, by_code


@dataclass
class Resolved:
    """A registry code resolved: the kpss code, or why it could not be."""

    code: str | None
    problem: str | None = None  # why it is left out ("…; left out")
    fatal: str | None = None  # the same without "left out", for a value a service cannot lack


class CodeLists:
    """The registry's code lists of one folder, resolving registry ids to kpss codes."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.names: dict[str, dict[str, str]] = {}
        self.missing: list[str] = []
        self.municipalities: dict[str, str] = {}
        if not folder.is_dir():
            raise KpssError(_("the code-list folder {folder} does not exist; give --codes DIR").format(folder=folder))
        absent = [
            CODE_LIST_FILES[k]
            for k in REQUIRED_CODE_LISTS
            if not (folder / CODE_LIST_FILES[k]).is_file()
        ]
        if absent:
            raise KpssError(
                _(
                    "the registry's code lists {files} are not in {folder}; kpss needs "
                    "them to understand service types and target groups: download them (číselníky) "
                    "from the MPSV open data beside rpss.json, or point --codes DIR at the folder that holds them"
                ).format(files=", ".join(absent), folder=folder)
            )
        for kind, file in CODE_LIST_FILES.items():
            path = folder / file
            if not path.is_file():
                self.missing.append(file)
                self.names[kind] = {}
                continue
            names, by_code = _list_names(path)
            self.names[kind] = names
            if kind == "municipality":
                self.municipalities = {c: n for c, n in by_code.items() if MUNICIPALITY_RE.match(c)}
        self._matchers = {
            "type": _Matcher(_labels(codes.SERVICE_TYPE), TYPE_ALIASES),
            "target_group": _Matcher(_labels(codes.TARGET_GROUP), TARGET_GROUP_ALIASES),
            "form": _Matcher(_labels(codes.SERVICE_FORM), FORM_ALIASES),
            "capacity": _Matcher({}, CAPACITY_NAMES),
        }
        self._cache: dict[tuple[str, str], Resolved] = {}

    def resolve(self, kind: str, ref: str) -> Resolved:
        """The kpss code of a registry id such as ``DruhSocialniSluzby/4``."""
        key = (kind, ref)
        cached = self._cache.get(key)
        if cached is None:
            cached = self._cache[key] = self._resolve(kind, ref)
        return cached

    def _resolve(self, kind: str, ref: str) -> Resolved:
        what = _(WHAT[kind])
        name = self.names[kind].get(ref)
        short = ref.rsplit("/", 1)[-1]
        fallback = {"form": FORM_CODES, "capacity": CAPACITY_CODES}.get(kind, {})
        if name is not None:
            code = self._matchers[kind].match(name) or fallback.get(short)
            if code:
                return Resolved(code)
            why = _("{what} '{name}' ({ref}) matches no kpss code").format(what=what, name=name, ref=ref)
            return Resolved(None, _("{reason}; left out").format(reason=why), why)
        if short in fallback:
            return Resolved(fallback[short])
        file = CODE_LIST_FILES[kind]
        if file not in self.missing:
            why = _("{what} {ref} is not in {file}").format(what=what, ref=ref, file=file)
        else:
            why = _("{what} {ref} is unknown ({file} is not in {folder})").format(
                what=what, ref=ref, file=file, folder=self.folder
            )
        return Resolved(None, _("{reason}; left out").format(reason=why), why)
