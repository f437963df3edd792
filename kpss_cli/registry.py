"""``kpss import registry``: the services of the territory from the national registry's open data.

The registry (Registr poskytovatelů sociálních služeb, MPSV) publishes ``rpss.json``
(``{"polozky": [service, …]}``, about 100 MB) and code lists (číselníky) beside it. This module

1. streams the registry file record by record (:func:`iter_registry`), so the whole file is never
   held in memory, and reads each record defensively: any field may be null, missing or of an
   unexpected type, and what cannot be read is reported, never fatal;
2. resolves the registry's numeric codes through the code-list files by their Czech names to the
   DOMAIN.md codes of :mod:`kpss_cli.codes` (:class:`CodeLists`);
3. computes the import as data (:func:`plan_import` → :class:`ImportPlan`): which services are
   added, updated (old → new per field), unchanged, gone, removed or skipped, and the new text of
   services.yaml, edited round-trip so the coordinator's comments, order and own fields stay;
4. writes it in a separate step (:func:`apply_import`), atomically.

What the registry does not hold (``network``, ``area``, capacity ``fte`` and ``note``, ``x-…``
keys, the name of a service already in the catalogue) is never touched. Decisions where the SPEC
is silent are listed in docs/import.md.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from kpss_cli import codes, czech
from kpss_cli.changes import FieldChange
from kpss_cli.errors import KpssError
from kpss_cli.findings import ERROR, Finding
from kpss_cli.validate import ico_valid

SERVICES_FILE = "services.yaml"
SERVICE_ID_RE = re.compile(r"^[0-9]{7}$")
MUNICIPALITY_RE = re.compile(r"^[0-9]{6}$")

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
    "type": "service type",
    "target_group": "target group",
    "form": "form",
    "capacity": "capacity type",
}

# Known wording differences between the registry's code lists and DOMAIN.md (registry name → code).
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
CAPACITY_KEYS = ("clients", "beds", "contacts", "interventions", "calls")
CONTACT_KEYS = ("address", "web", "email", "phone")
SERVICE_KEY_ORDER = (
    "id",
    "registered",
    "name",
    "provider",
    "type",
    "forms",
    "target_groups",
    "capacity",
    "area",
    "network",
    "contact",
)
PROVIDER_KEY_ORDER = ("id", "name", "ico", "legal_form", "address", "web", "email", "phone")
# Legal-form endings left out of a provider's id ("Šance pro rodinu, z. s." → sance-pro-rodinu).
_LEGAL_SUFFIX = re.compile(
    r"[,\s]*(z\.\s*s\.|z\.\s*ú\.|o\.\s*p\.\s*s\.|o\.\s*s\.|s\.\s*r\.\s*o\.|spol\.\s*s\s*r\.\s*o\.|a\.\s*s\.|"
    r"příspěvková organizace|p\.\s*o\.|z\.\s*s\.\s*p\.\s*o\.|obecně prospěšná společnost|"
    r"zapsaný spolek|zapsaný ústav)\s*$",
    re.IGNORECASE,
)


class ImportInvalid(KpssError):
    """The imported services.yaml would not validate; nothing was written."""

    def __init__(self, message: str, findings: list[Finding]) -> None:
        super().__init__(message)
        self.findings = findings


# -- reading the registry file -----------------------------------------------------------------

_CHUNK = 1 << 20
_NOT_WS = re.compile(r"[^ \t\r\n]")


class _JsonStream:
    """Reads a JSON text piece by piece with the C decoder, refilling its buffer as needed."""

    def __init__(self, handle: IO[str], name: str) -> None:
        self.handle = handle
        self.name = name
        self.buf = ""
        self.pos = 0
        self.eof = False
        self.dropped_lines = 0
        self.carried = 0  # characters of the current line dropped with the consumed text
        self.decoder = json.JSONDecoder()

    def more(self, size: int | None = None) -> bool:
        """Read the next piece of the file; False at its end."""
        if self.eof:
            return False
        if self.pos:
            self.dropped_lines += self.buf.count("\n", 0, self.pos)
            newline = self.buf.rfind("\n", 0, self.pos)
            self.carried = self.pos - newline - 1 if newline >= 0 else self.carried + self.pos
            self.buf = self.buf[self.pos :]
            self.pos = 0
        chunk = self.handle.read(size or _CHUNK)
        if not chunk:
            self.eof = True
            return False
        self.buf += chunk
        return True

    def peek(self) -> str:
        """The next character that is not white space ('' at the end of the file)."""
        while True:
            match = _NOT_WS.search(self.buf, self.pos)
            if match:
                self.pos = match.start()
                return self.buf[self.pos]
            self.pos = len(self.buf)
            if not self.more():
                return ""

    def expect(self, chars: str, what: str) -> str:
        """Consume one of ``chars`` or raise an error naming ``what`` was expected."""
        found = self.peek()
        if not found or found not in chars:
            raise self.error(
                f"expected {what}"
                + (f", found {found!r}" if found else ", but the file ends (is it cut short?)"),
                self.pos,
            )
        self.pos += 1
        return found

    def value(self) -> Any:
        """The next JSON value, read whole (refilling the buffer until it is complete)."""
        self.peek()
        size = _CHUNK
        while True:
            try:
                obj, end = self.decoder.raw_decode(self.buf, self.pos)
            except json.JSONDecodeError as exc:
                offset = exc.pos - self.pos  # reading more moves the buffer
                if self.more(size):
                    size *= 2  # a long value: read ever larger pieces, never quadratic
                    continue
                raise self.error(exc.msg, self.pos + offset) from None
            except RecursionError:
                raise self.error("the data is nested too deeply", self.pos) from None
            if end == len(self.buf) and not isinstance(obj, (dict, list, str)) and self.more(size):
                continue  # a number or literal may go on in the next piece
            self.pos = end
            return obj

    def error(self, message: str, pos: int) -> KpssError:
        """A KpssError naming the line and column of ``pos``."""
        if self.eof and not self.buf[pos:].strip():
            return KpssError(
                f"{self.name} ends in the middle of the data: the file is cut short; "
                "download it again"
            )
        line = self.dropped_lines + self.buf.count("\n", 0, pos) + 1
        newline = self.buf.rfind("\n", 0, pos)
        column = pos - newline if newline >= 0 else self.carried + pos + 1
        return KpssError(f"{self.name} is not valid JSON: {message} (line {line}, column {column})")


def _shape_error(name: str, found: str) -> KpssError:
    return KpssError(
        f"{name} does not look like the registry's open data (rpss.json): "
        "it should be a JSON object "
        f'{{"polozky": [service, …]}}, but {found}'
    )


def iter_registry(path: Path) -> Iterator[Any]:
    """The items of the registry file's ``polozky`` list, one at a time (the file is streamed)."""
    name = path.name
    try:
        handle = path.open("r", encoding="utf-8-sig", newline="")
    except FileNotFoundError:
        raise KpssError(f"the registry file {path} does not exist") from None
    except IsADirectoryError:
        raise KpssError(f"{path} is a folder; give the registry's JSON file (rpss.json)") from None
    except OSError as exc:
        raise KpssError(f"cannot read {path}: {exc.strerror or exc}") from None
    with handle:
        stream = _JsonStream(handle, name)
        try:
            first = stream.peek()
            if first != "{":
                if not first:
                    raise _shape_error(name, "the file is empty")
                if first == "[":
                    raise _shape_error(name, "it holds a list")
                if first == "<":
                    raise _shape_error(
                        name, "it looks like a web page (HTML); download the JSON file itself"
                    )
                raise _shape_error(name, f"it starts with {first!r}")
            stream.pos += 1
            found = False
            if stream.peek() == "}":
                stream.pos += 1
            else:
                while True:
                    key = stream.value()
                    if not isinstance(key, str):
                        raise stream.error("expected a key in double quotes", stream.pos)
                    stream.expect(":", "':' after a key")
                    if key == "polozky":
                        found = True
                        if stream.peek() != "[":
                            value = stream.value()
                            kind = "null" if value is None else type(value).__name__
                            raise _shape_error(name, f"its 'polozky' is {kind}, not a list")
                        stream.pos += 1
                        if stream.peek() == "]":
                            stream.pos += 1
                        else:
                            while True:
                                yield stream.value()
                                if stream.expect(",]", "',' or ']' in the list 'polozky'") == "]":
                                    break
                    else:
                        stream.value()  # other top-level keys (metadata) are not needed
                    if stream.expect(",}", "',' or '}'") == "}":
                        break
            if not found:
                raise _shape_error(name, "it has no list 'polozky'")
            if stream.peek():
                raise stream.error("extra data after the end of the JSON object", stream.pos)
        except UnicodeDecodeError:
            raise KpssError(
                f"{name} is not UTF-8 text; is it the JSON file itself (not a ZIP or gzip archive)?"
            ) from None


# -- code lists ----------------------------------------------------------------------------------


def _norm(text: str) -> str:
    """Case and white space folded, as registry names and DOMAIN.md labels are compared."""
    text = unicodedata.normalize("NFC", text).casefold()
    text = re.sub(r"[\u2010-\u2015]", "-", text)
    text = re.sub(r"\s+", " ", text).strip()
    text = re.sub(r" ?/ ?", "/", text)
    return re.sub(r" ?, ?", ", ", text)


def _fold(text: str) -> str:
    """``_norm`` without diacritics: the fallback comparison."""
    decomposed = unicodedata.normalize("NFD", _norm(text))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


class _Matcher:
    """Czech name → code, by normalised name, then without diacritics; aliases first-class."""

    def __init__(self, table: dict[str, str], aliases: dict[str, str]) -> None:
        self.exact: dict[str, str] = {}
        folded: dict[str, str | None] = {}
        for name, code in [*table.items(), *aliases.items()]:
            self.exact.setdefault(_norm(name), code)
            key = _fold(name)
            if folded.get(key, code) != code:
                folded[key] = None  # two codes fold alike: refuse to choose
            else:
                folded[key] = code
        self.folded = {k: v for k, v in folded.items() if v is not None}

    def match(self, name: str) -> str | None:
        """The code of a Czech name, or None."""
        return self.exact.get(_norm(name)) or self.folded.get(_fold(name))


def _labels(table: dict[str, codes.Code]) -> dict[str, str]:
    return {entry.cs: code for code, entry in table.items()}


def _read_json(path: Path) -> Any:
    try:
        return json.loads(path.read_text(encoding="utf-8-sig"))
    except OSError as exc:
        raise KpssError(f"cannot read the code list {path}: {exc.strerror or exc}") from None
    except (UnicodeDecodeError, ValueError) as exc:
        raise KpssError(f"the code list {path} is not valid JSON: {exc}") from None


def _list_names(path: Path) -> tuple[dict[str, str], dict[str, str]]:
    """(registry id → Czech name, code → Czech name) of a code-list file."""
    data = _read_json(path)
    items = data.get("polozky") if isinstance(data, dict) else None
    if not isinstance(items, list):
        raise KpssError(
            f'the code list {path} should be a JSON object {{"polozky": [...]}}; it is not'
        )
    names: dict[str, str] = {}
    by_code: dict[str, str] = {}
    for item in items:
        if not isinstance(item, dict):
            continue
        ident = _text(item.get("id"))
        nazev = item.get("nazev")
        name = _text(nazev.get("cs") if isinstance(nazev, dict) else nazev)
        if ident and name:
            names[ident] = name
            by_code[_text(item.get("kod")) or ident.rsplit("/", 1)[-1]] = name
    return names, by_code


@dataclass
class Resolved:
    """A registry code resolved: the kpss code, or why it could not be."""

    code: str | None
    problem: str | None = None


class CodeLists:
    """The registry's code lists of one folder, resolving registry ids to kpss codes."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.names: dict[str, dict[str, str]] = {}
        self.missing: list[str] = []
        self.municipalities: dict[str, str] = {}
        if not folder.is_dir():
            raise KpssError(f"the code-list folder {folder} does not exist; give --codes DIR")
        absent = [
            CODE_LIST_FILES[k]
            for k in REQUIRED_CODE_LISTS
            if not (folder / CODE_LIST_FILES[k]).is_file()
        ]
        if absent:
            raise KpssError(
                f"the registry's code lists {', '.join(absent)} are not in {folder}; kpss needs "
                "them to understand service types and target groups: download them (číselníky) "
                "from the MPSV open "
                "data beside rpss.json, or point --codes DIR at the folder that holds them"
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
        what = WHAT[kind]
        name = self.names[kind].get(ref)
        short = ref.rsplit("/", 1)[-1]
        fallback = {"form": FORM_CODES, "capacity": CAPACITY_CODES}.get(kind, {})
        if name is not None:
            code = self._matchers[kind].match(name) or fallback.get(short)
            if code:
                return Resolved(code)
            return Resolved(None, f"{what} '{name}' ({ref}) matches no kpss code; left out")
        if short in fallback:
            return Resolved(fallback[short])
        file = CODE_LIST_FILES[kind]
        where = (
            f"is not in {file}"
            if file not in self.missing
            else f"is unknown ({file} is not in {self.folder})"
        )
        return Resolved(None, f"{what} {ref} {where}; left out")


# -- reading one record defensively ----------------------------------------------------------------


def _text(value: Any) -> str | None:
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, (int, float)):
        return str(value)
    if isinstance(value, str):
        value = " ".join(value.split())
        return value or None
    return None


def _ref(value: Any) -> str | None:
    """The ``id`` of a code reference ``{"id": "Obec/586307"}`` (or the string itself)."""
    if isinstance(value, dict):
        value = value.get("id")
    return _text(value)


def _items(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def _date(value: Any) -> tuple[dt.date | None, bool]:
    """(date, readable): a missing date is readable (None); garbage is not."""
    text = _text(value)
    if text is None:
        return None, True
    try:
        return dt.date.fromisoformat(text[:10]), True
    except ValueError:
        return None, False


def _municipality(address: Any) -> str | None:
    if not isinstance(address, dict):
        return None
    obec = address.get("obec")
    code = _text(obec.get("kod")) if isinstance(obec, dict) else None
    if code is None:
        ref = _ref(obec)
        code = ref.rsplit("/", 1)[-1] if ref else None
    return code if code and MUNICIPALITY_RE.match(code) else None


def _name_of(value: Any) -> str | None:
    if isinstance(value, dict):
        nazev = value.get("nazev")
        return _text(nazev.get("cs") if isinstance(nazev, dict) else nazev)
    return _text(value)


def format_address(address: Any, municipality_names: dict[str, str]) -> str | None:
    """A registry address as Czech postal text: ``Palackého 1/3, 697 01 Kyjov``."""
    if not isinstance(address, dict):
        return None
    street = _name_of(address.get("ulice"))
    house = _text(address.get("cisloDomovni"))
    orient = _text(address.get("cisloOrientacni"))
    number = f"{house}/{orient}" if house and orient else (house or orient or "")
    code = _municipality(address)
    town = municipality_names.get(code, "") if code else ""
    part = _name_of(address.get("castObce")) or ""
    psc = re.sub(r"\s+", "", _text(address.get("psc")) or "")
    if len(psc) == 5 and psc.isdigit():
        psc = f"{psc[:3]} {psc[3:]}"
    if street:
        first = f"{street} {number}".strip()
    elif number:
        first = f"{part or town} {number}".strip() if (part or town) else f"č. p. {number}"
    else:
        first = ""
    second = " ".join(x for x in (psc, town) if x)
    text = ", ".join(x for x in (first, second) if x)
    return text or None


def _contacts(values: Any, key: str) -> str | None:
    """Distinct contact values (``emaily[].email`` …) joined by a comma."""
    found: list[str] = []
    for item in _items(values):
        value = _text(item.get(key) if isinstance(item, dict) else item)
        if value and value not in found:
            found.append(value)
    return ", ".join(found) or None


def normalise_ico(value: Any) -> str | None:
    """An IČO as 8 digits (leading zeros restored), or None when it is not one."""
    text = _text(value)
    if text is None:
        return None
    text = text.replace(" ", "")
    if not text.isdigit() or len(text) > 8:
        return None
    return text.zfill(8)


def slug(name: str, taken: Iterable[str]) -> str:
    """A readable id from a name: ASCII, no diacritics, lower case, unique among ``taken``."""
    base = name
    for _ in range(2):
        base = _LEGAL_SUFFIX.sub("", base).strip(" ,")
    ascii_text = unicodedata.normalize("NFKD", base or name).encode("ascii", "ignore").decode()
    text = re.sub(r"[^A-Za-z0-9]+", "-", ascii_text).strip("-").lower()
    if len(text) > 48:
        text = text[:48].rsplit("-", 1)[0]
    text = text or "poskytovatel"
    used = set(taken)
    candidate, n = text, 2
    while candidate in used:
        candidate, n = f"{text}-{n}", n + 1
    return candidate


@dataclass(frozen=True)
class Facility:
    """A facility (zařízení) of a service as far as the import needs it."""

    name: str | None
    municipality: str | None
    secret: bool
    place: str | None = None  # the address point (kód adresního místa) or street and numbers
    address: Any = field(default=None, compare=False, hash=False)


@dataclass
class RegistryService:
    """One registry record, read defensively: what the territory test and the merge need."""

    id: str
    raw: dict[str, Any]
    start: dt.date | None
    end: dt.date | None
    facilities: list[Facility]  # deduplicated; active ones only unless the service ended
    contact_municipalities: list[str]
    problems: list[str] = field(default_factory=list)

    def ended(self, today: dt.date) -> bool:
        """True when the service stopped before ``today``."""
        return self.end is not None and self.end < today

    def located(self) -> tuple[str, list[str]]:
        """(how, municipalities): by its facilities' addresses, else by its contact address."""
        places = [f.municipality for f in self.facilities if f.municipality and not f.secret]
        if places:
            return "facility", list(dict.fromkeys(places))
        return "contact_address", list(dict.fromkeys(self.contact_municipalities))


def read_record(raw: Any, today: dt.date) -> RegistryService | str:
    """A registry record as a RegistryService, or the reason it cannot be read."""
    if not isinstance(raw, dict):
        return "the item is not a JSON object"
    ident = _text(raw.get("identifikator"))
    if ident is None:
        return "it has no identifikator"
    if not SERVICE_ID_RE.match(ident):
        return f"its identifikator {ident!r} is not 7 digits"
    problems: list[str] = []
    start, ok_start = _date(raw.get("datumPoskytovaniOd"))
    end, ok_end = _date(raw.get("datumPoskytovaniDo"))
    if not ok_end:
        problems.append(
            f"datumPoskytovaniDo {raw.get('datumPoskytovaniDo')!r} is not a date; "
            "the service is taken as running"
        )
    ended = end is not None and end < today
    facilities: list[Facility] = []
    for item in _items(raw.get("zarizeni")):
        if not isinstance(item, dict):
            continue
        until, ok = _date(item.get("poskytujeDo"))
        if not ended and ok and until is not None and until < today:
            continue  # a facility that closed does not place the service any more
        secret = bool(item.get("utajenaAdresa"))
        address = None if secret else item.get("adresa")
        place = None
        if isinstance(address, dict):
            numbers = [_text(address.get(k)) or "" for k in ("cisloDomovni", "cisloOrientacni")]
            place = _text(address.get("kodAdresnihoMista")) or (
                f"{_name_of(address.get('ulice')) or ''} {'/'.join(numbers)}"
            )
        facility = Facility(
            _text(item.get("nazev")),
            None if secret else _municipality(address),
            secret,
            place,
            address,
        )
        if facility not in facilities:  # the registry repeats facilities (same name and place)
            facilities.append(facility)
    contact_places = []
    for item in _items(raw.get("kontaktniAdresy")):
        code = _municipality(item.get("adresa") if isinstance(item, dict) else None)
        if code:
            contact_places.append(code)
    return RegistryService(ident, raw, start, end, facilities, contact_places, problems)


# -- the import plan -------------------------------------------------------------------------


@dataclass
class ServiceResult:
    """What the import does with one service."""

    id: str
    name: str | None
    status: str  # added, updated, unchanged, gone, removed, skipped
    reason: str | None = None
    fields: list[FieldChange] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    provider: str | None = None
    type: str | None = None
    located_by: str | None = None  # facility, contact_address, catalogue (outside the territory)
    municipalities: list[str] = field(default_factory=list)
    facilities: int = 0
    ended: dt.date | None = None
    referenced_by: list[tuple[str, str]] = field(default_factory=list)  # (plan id, measure id)

    def to_json(self) -> dict[str, Any]:
        """The JSON form of ``--format json``."""
        return {
            "id": self.id,
            "name": self.name,
            "status": self.status,
            "reason": self.reason,
            "provider": self.provider,
            "type": self.type,
            "located_by": self.located_by,
            "municipalities": self.municipalities,
            "facilities": self.facilities,
            "ended": self.ended.isoformat() if self.ended else None,
            "fields": [f.to_json() for f in self.fields],
            "problems": self.problems,
            "referenced_by": [{"plan": p, "measure": m} for p, m in self.referenced_by],
        }


@dataclass
class ProviderResult:
    """A provider the import creates or completes."""

    id: str
    name: str
    ico: str | None
    status: str  # added, updated
    fields: list[FieldChange] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        """The JSON form of ``--format json``."""
        return {
            "id": self.id,
            "name": self.name,
            "ico": self.ico,
            "status": self.status,
            "fields": [f.to_json() for f in self.fields],
        }


STATUSES = ("added", "updated", "unchanged", "gone", "removed", "skipped")


@dataclass
class ImportPlan:
    """The computed import: results per service and provider, and the new services.yaml text."""

    root: Path
    registry: Path
    territory: list[tuple[str, str]]  # (code, name)
    services: list[ServiceResult]
    providers: list[ProviderResult]
    records: int
    unreadable: list[str]
    notes: list[str]
    old_text: str | None
    new_text: str
    prune: bool
    warnings: list[Finding] = field(default_factory=list)

    @property
    def path(self) -> Path:
        """The services.yaml of the repository."""
        return self.root / SERVICES_FILE

    @property
    def changed(self) -> bool:
        """True when services.yaml would be written (created or different)."""
        return self.old_text != self.new_text

    def having(self, status: str) -> list[ServiceResult]:
        """The services with one status."""
        return [s for s in self.services if s.status == status]

    def summary(self) -> dict[str, int]:
        """Counts per status, and of providers added and updated."""
        counts = {status: len(self.having(status)) for status in STATUSES}
        counts["providers_added"] = sum(1 for p in self.providers if p.status == "added")
        counts["providers_updated"] = sum(1 for p in self.providers if p.status == "updated")
        return counts

    def to_json(self, dry_run: bool, written: bool) -> dict[str, Any]:
        """The JSON document of ``--format json``."""
        return {
            "registry": str(self.registry),
            "file": SERVICES_FILE,
            "territory": [{"code": c, "name": n} for c, n in self.territory],
            "dry_run": dry_run,
            "changed": self.changed,
            "written": written,
            "prune": self.prune,
            "summary": self.summary(),
            "services": [s.to_json() for s in self.services],
            "providers": [p.to_json() for p in self.providers],
            "records": {"read": self.records, "unreadable": len(self.unreadable)},
            "notes": self.notes,
            "warnings": [w.to_json() for w in self.warnings],
        }


def _plain(value: Any) -> Any:
    """Round-trip data as plain JSON-able values (for old → new)."""
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, str):
        return str(value)
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, int):
        return int(value)
    if isinstance(value, float):
        return float(value)
    return value


def _same(a: Any, b: Any) -> bool:
    if (
        isinstance(a, (int, float))
        and isinstance(b, (int, float))
        and not isinstance(a, bool)
        and not isinstance(b, bool)
    ):
        return float(a) == float(b)
    return bool(_plain(a) == _plain(b))


def _number(value: Any) -> int | float | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        number = value
    elif isinstance(value, str):
        try:
            number = float(value.replace(",", ".").replace(" ", ""))
        except ValueError:
            return None
    else:
        return None
    if number != number or number < 0 or number in (float("inf"),):
        return None
    return int(number) if float(number).is_integer() else float(number)


@dataclass
class _ProviderData:
    ico: str | None
    name: str | None
    web: str | None
    email: str | None
    phone: str | None
    address: str | None


@dataclass
class _Mapped:
    """A registry record turned into the values of a services.yaml entry."""

    type: str | None = None
    forms: list[str] = field(default_factory=list)
    forms_partial: bool = False
    target_groups: list[str] = field(default_factory=list)
    groups_partial: bool = False
    capacity: dict[str, int | float] = field(default_factory=dict)
    capacity_given: bool = False
    capacity_partial: bool = False
    contact: dict[str, str] = field(default_factory=dict)
    name: str | None = None
    provider: _ProviderData | None = None
    problems: list[str] = field(default_factory=list)
    fatal: str | None = None


def _flow(values: list[str]) -> Any:
    from ruamel.yaml.comments import CommentedSeq

    seq = CommentedSeq(values)
    seq.fa.set_flow_style()
    return seq


def _quoted(text: str) -> Any:
    from ruamel.yaml.scalarstring import DoubleQuotedScalarString

    return DoubleQuotedScalarString(text)


def _put(mapping: Any, key: str, value: Any, order: tuple[str, ...]) -> None:
    """Set a key; a new key goes after the keys that precede it in ``order`` (else at the end)."""
    if key in mapping:
        mapping[key] = value
        return
    rank = order.index(key) if key in order else len(order)
    position = 0
    for i, existing in enumerate(mapping):
        if existing in order and order.index(existing) < rank:
            position = i + 1
    if position >= len(mapping):
        # what followed the old last line (a blank line before the next item) follows the new one
        tail = _take_tail(mapping)
        mapping[key] = value
        _give_tail(mapping, tail)
    else:
        mapping.insert(position, key, value)


def _scalar(text: str) -> Any:
    """Text that YAML would read as a number (a phone number, an IČO), in double quotes."""
    if re.fullmatch(r"[-+0-9. ]*[0-9][-+0-9. ]*", text) and not re.search(r"\d \d", text):
        return _quoted(text)
    return text


# Comments and blank lines in ruamel hang on the last scalar of the item before them; these
# helpers move them so that appended and deleted items leave the layout as the user had it.


def _is_collection(node: Any) -> bool:
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    if isinstance(node, (CommentedMap, CommentedSeq)) and len(node):
        return not node.fa.flow_style()
    return False


def _tail_slot(node: Any) -> tuple[Any, Any, int] | None:
    """(container, key, slot) where the comment after the node's last line is kept."""
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    if isinstance(node, CommentedMap) and len(node):
        key = list(node)[-1]
        if _is_collection(node[key]):
            return _tail_slot(node[key])
        return node, key, 2
    if isinstance(node, CommentedSeq) and len(node):
        index = len(node) - 1
        if _is_collection(node[index]):
            return _tail_slot(node[index])
        return node, index, 0
    return None


def _take_tail(node: Any) -> Any:
    """Detach and return the comment after the node's last line (keeping an end-of-line comment)."""
    from ruamel.yaml.tokens import CommentToken

    slot = _tail_slot(node)
    if slot is None:
        return None
    container, key, index = slot
    entry = container.ca.items.get(key)
    if not entry or len(entry) <= index or entry[index] is None:
        return None
    token = entry[index]
    value = token.value
    if value.lstrip(" ").startswith("#"):
        # "web: x  # note" keeps its note; only what follows the line moves
        cut = value.find("\n") + 1
        if cut <= 0 or cut >= len(value):
            return None
        entry[index] = CommentToken(value[:cut], token.start_mark, None)
        return CommentToken("\n" + value[cut:], token.start_mark, None)
    entry[index] = None
    return token


def _give_tail(node: Any, token: Any) -> None:
    if token is None:
        return
    slot = _tail_slot(node)
    if slot is None:
        return
    container, key, index = slot
    entry = container.ca.items.setdefault(key, [None, None, None, None])
    while len(entry) <= index:
        entry.append(None)
    if entry[index] is None:
        entry[index] = token


def _insert_item(seq: Any, index: int, item: Any, blank_line: bool) -> None:
    """Insert into a block sequence; what followed the item before now follows the new one."""
    tail = _take_tail(seq[index - 1]) if index > 0 else None
    seq.insert(index, item)
    if blank_line and index > 0:
        seq.yaml_set_comment_before_after_key(index, before="\n")
    _give_tail(item, tail)


def _delete_item(seq: Any, index: int) -> None:
    """Delete an item; the comments above it and after it stay where the reader expects them."""
    entry = seq.ca.items.get(index)
    before = list(entry[1]) if entry and len(entry) > 1 and entry[1] else []
    last = index == len(seq) - 1
    tail = _take_tail(seq[index])
    del seq[index]
    if index > 0 and (last or (tail is not None and tail.value.strip())):
        # the item before takes over what followed the deleted one (a blank line before the next
        # key, a comment); at the end of the file it loses the blank line it had before the item
        previous = seq[index - 1]
        old = _take_tail(previous)
        if tail is not None:
            _give_tail(previous, tail)
        elif old is not None and old.value.strip():
            _give_tail(previous, old)
    if before and not last:
        nxt = seq.ca.items.setdefault(index, [None, [], None, None])
        while len(nxt) < 2:
            nxt.append(None)
        kept = [t for t in (nxt[1] or []) if t.value.strip()]
        nxt[1] = before + kept


def _references(validation: Any) -> dict[str, list[tuple[str, str]]]:
    """service id → [(plan id, measure id)] of every measure that lists it (valid or not)."""
    found: dict[str, list[tuple[str, str]]] = {}
    for path, doc in validation.documents.items():
        match = re.match(r"^plans/([^/]+)/plan\.yaml$", path)
        data = doc.data
        if not match or not isinstance(data, dict):
            continue
        plan_id = str(data.get("id") or match.group(1))
        for priority in _items(data.get("priorities")):
            for measure in _items(priority.get("measures") if isinstance(priority, dict) else None):
                if not isinstance(measure, dict):
                    continue
                for service in _items(measure.get("services")):
                    found.setdefault(str(service), []).append((plan_id, str(measure.get("id"))))
    return found


class _Importer:
    def __init__(
        self,
        root: Path,
        registry: Path,
        codes_dir: Path,
        territory: list[str] | None,
        prune: bool,
        today: dt.date,
    ) -> None:
        from kpss_cli.validate import validate_repository

        self.root = root
        self.registry = registry
        self.prune = prune
        self.today = today
        self.lists = CodeLists(codes_dir)
        self.baseline = validate_repository(root)
        manifest = self.baseline.repository.manifest
        names = dict(self.lists.municipalities)
        manifest_codes: list[str] = []
        if manifest is not None:
            for m in manifest.municipalities:
                code, name = str(m.get("code", "")), m.get("name")
                manifest_codes.append(code)
                if name:
                    names[code] = str(name)
        self.names = names
        if territory:
            bad = [c for c in territory if not MUNICIPALITY_RE.match(c)]
            if bad:
                raise KpssError(
                    f"--obec takes 6-digit municipality codes (kód obce); not: {', '.join(bad)}"
                )
            self.territory = list(dict.fromkeys(territory))
        else:
            if manifest is None:
                errors = [
                    f
                    for f in self.baseline.findings
                    if f.file == "kpss.yaml" and f.severity == ERROR
                ]
                detail = (
                    f": {errors[0].line}:{errors[0].column} {errors[0].message}" if errors else ""
                )
                raise KpssError(
                    f"kpss.yaml is not valid{detail}; fix it (kpss validate) "
                    "or give the territory with --obec CODE"
                )
            self.territory = list(dict.fromkeys(manifest_codes))
            if not self.territory:
                raise KpssError(
                    "kpss.yaml lists no municipalities (territory.municipalities), "
                    "so kpss cannot tell which "
                    "services are yours; add them (code and name) or give --obec CODE"
                )
        self.territory_set = set(self.territory)
        self.notes: list[str] = []
        self.unreadable: list[str] = []
        self.records = 0
        self.provider_results: dict[str, ProviderResult] = {}

    # -- services.yaml -------------------------------------------------------------------------
    def load_catalogue(self) -> None:
        """Read services.yaml round-trip (or start a new one) and index it."""
        from ruamel.yaml.comments import CommentedMap, CommentedSeq

        from kpss_cli.yamledit import FileStyle, detect_style, load_roundtrip

        path = self.root / SERVICES_FILE
        self.old_text: str | None = None
        if path.is_file():
            try:
                self.old_text = path.read_bytes().decode("utf-8")
            except OSError as exc:
                raise KpssError(f"cannot read {SERVICES_FILE}: {exc.strerror or exc}") from None
            except UnicodeDecodeError:
                raise KpssError(
                    f"{SERVICES_FILE} is not UTF-8; run `kpss validate` for details"
                ) from None
        if self.old_text is not None and self.old_text.strip(" \t\r\n\ufeff"):
            data, self.style = load_roundtrip(self.old_text)
            if data is None:
                data = CommentedMap()
            if not isinstance(data, CommentedMap):
                raise KpssError(
                    f"{SERVICES_FILE} must hold a mapping with providers and services; "
                    "run `kpss validate`"
                )
            body = self.old_text.lstrip("\ufeff").replace("\r\n", "\n")
            item = " " * self.style.offset + "- "
            self.blank_lines = body.count("\n\n" + item) > 0 or "\n" + item not in body
        else:
            data = CommentedMap()
            data.yaml_set_start_comment(
                "Katalog poskytovatelů a služeb (services.yaml); služby území převzaty z registru "
                "poskytovatelů sociálních služeb příkazem `kpss import registry`"
            )
            self.style = detect_style(self.old_text) if self.old_text else FileStyle()
            self.blank_lines = True
        for key in ("providers", "services"):
            value = data.get(key)
            if value is None or (isinstance(value, CommentedSeq) and not len(value)):
                seq = CommentedSeq()
                if key in data:
                    data[key] = seq
                elif key == "providers" and "services" in data:
                    data.insert(list(data).index("services"), key, seq)
                else:
                    data[key] = seq
            elif not isinstance(value, CommentedSeq):
                raise KpssError(f"{SERVICES_FILE}: '{key}' must be a list; run `kpss validate`")
            elif value.fa.flow_style():
                value.fa.set_block_style()
        self.data = data
        self.providers = data["providers"]
        self.services = data["services"]
        self.by_id: dict[str, Any] = {}
        for item in self.services:
            if isinstance(item, dict) and item.get("id") is not None:
                self.by_id.setdefault(str(item["id"]), item)
        self.provider_by_ico: dict[str, str] = {}
        self.provider_by_name: dict[str, str] = {}
        self.provider_ids: set[str] = set()
        for item in self.providers:
            if not isinstance(item, dict) or item.get("id") is None:
                continue
            pid = str(item["id"])
            self.provider_ids.add(pid)
            ico = normalise_ico(item.get("ico"))
            if ico:
                self.provider_by_ico.setdefault(ico, pid)
            elif _text(item.get("name")):
                self.provider_by_name.setdefault(_norm(str(item["name"])), pid)

    def provider_item(self, pid: str) -> Any:
        """The provider entry of an id."""
        return next(
            (p for p in self.providers if isinstance(p, dict) and str(p.get("id")) == pid), None
        )

    # -- reading the registry ------------------------------------------------------------------
    def read_registry(self) -> dict[str, RegistryService]:
        """The records of the territory and of services.yaml, by identifier."""
        found: dict[str, RegistryService] = {}
        wanted = set(self.by_id)
        readable = 0
        for raw in iter_registry(self.registry):
            self.records += 1
            record = read_record(raw, self.today)
            if isinstance(record, str):
                label = f"item {self.records}"
                if isinstance(raw, dict) and raw.get("portalId") is not None:
                    label += f" (portalId {raw.get('portalId')})"
                self.unreadable.append(f"{label}: {record}")
                continue
            readable += 1
            if record.id not in wanted:
                _, places = record.located()
                if not self.territory_set.intersection(places):
                    continue
            previous = found.get(record.id)
            # the file keeps history: a running record wins over an ended one of the same service
            if previous is not None and not previous.ended(self.today) and record.ended(self.today):
                continue
            found[record.id] = record
        if not readable:
            # an empty or foreign file would make every catalogued service look gone
            detail = f" ({self.unreadable[0]})" if self.unreadable else ""
            raise KpssError(
                f"no service record could be read from {self.registry.name}{detail}; "
                "is it the registry's rpss.json?"
            )
        return found

    # -- mapping a record ----------------------------------------------------------------------
    def map_record(self, rec: RegistryService) -> _Mapped:
        """The services.yaml values of a registry record, with what could not be mapped."""
        raw = rec.raw
        out = _Mapped(problems=list(rec.problems))
        type_ref = _ref(raw.get("druhSocialniSluzby"))
        if type_ref is None:
            out.fatal = (
                "the record names no service type (druhSocialniSluzby); "
                "a registered service needs one"
            )
        else:
            resolved = self.lists.resolve("type", type_ref)
            out.type = resolved.code
            if resolved.code is None:
                out.fatal = (resolved.problem or "").replace(
                    "; left out", ""
                ) + "; a registered service needs a type"
        capacity: dict[str, int | float] = {}
        for form in _items(raw.get("formy")):
            if not isinstance(form, dict):
                continue
            form_ref = _ref(form.get("forma"))
            if form_ref is not None:
                resolved = self.lists.resolve("form", form_ref)
                if resolved.code:
                    if resolved.code not in out.forms:
                        out.forms.append(resolved.code)
                else:
                    out.forms_partial = True
                    out.problems.append(resolved.problem or "")
            for cap in _items(form.get("kapacity")):
                if not isinstance(cap, dict):
                    continue
                out.capacity_given = True
                cap_ref = _ref(cap.get("typ"))
                number = _number(cap.get("pocet"))
                if cap_ref is None:
                    out.capacity_partial = True
                    out.problems.append("a capacity has no type; left out")
                    continue
                resolved = self.lists.resolve("capacity", cap_ref)
                if resolved.code is None:
                    out.capacity_partial = True
                    out.problems.append(resolved.problem or "")
                    continue
                if number is None:
                    out.capacity_partial = True
                    out.problems.append(
                        f"capacity {cap_ref} has no number ({cap.get('pocet')!r}); left out"
                    )
                    continue
                total = capacity.get(resolved.code, 0) + number
                capacity[resolved.code] = int(total) if float(total).is_integer() else total
        out.capacity = {k: capacity[k] for k in CAPACITY_KEYS if k in capacity}
        if not out.forms and out.fatal is None:
            out.fatal = (
                "no form of the service (formy) could be read; a registered service needs one"
            )
        for item in _items(raw.get("ciloveSkupiny")):
            ref = _ref(item.get("cilovaSkupina") if isinstance(item, dict) else item)
            if ref is None:
                continue
            resolved = self.lists.resolve("target_group", ref)
            if resolved.code:
                if resolved.code not in out.target_groups:
                    out.target_groups.append(resolved.code)
            else:
                out.groups_partial = True
                out.problems.append(resolved.problem or "")
        # The contact of the service: its own e-mail, phone and web; the address of the facility
        # in the territory (where people go), else its contact address. Secret addresses never.
        located = [f for f in rec.facilities if f.municipality and not f.secret]
        local = [f for f in located if f.municipality in self.territory_set]
        address = None
        for facility in local + located:
            address = format_address(facility.address, self.names)
            if address:
                break
        if address is None:
            for item in _items(raw.get("kontaktniAdresy")):
                address = format_address(
                    item.get("adresa") if isinstance(item, dict) else None, self.names
                )
                if address:
                    break
        contact = {
            "address": address,
            "web": _contacts(raw.get("weby"), "web"),
            "email": _contacts(raw.get("emaily"), "email"),
            "phone": _contacts(raw.get("telefony"), "telefon"),
        }
        out.contact = {k: v for k, v in contact.items() if v}
        named = [f.name for f in rec.facilities if f.name and f.municipality in self.territory_set]
        named += [f.name for f in rec.facilities if f.name]
        out.name = named[0] if named else None
        provider = raw.get("poskytovatel")
        if isinstance(provider, dict):
            ico_text = _text(provider.get("ico"))
            ico = normalise_ico(ico_text)
            if ico_text and (ico is None or not ico_valid(ico)):
                out.problems.append(
                    f"the provider's IČO {ico_text!r} is not a valid IČO; "
                    "the provider is matched by name"
                )
                ico = None
            data = _ProviderData(
                ico=ico,
                name=_text(provider.get("nazev")),
                web=_contacts(provider.get("weby"), "web"),
                email=_contacts(provider.get("emaily"), "email"),
                phone=_contacts(provider.get("telefony"), "telefon"),
                address=format_address(provider.get("adresa"), self.names),
            )  # statutarniOrgany (people's names) is never read
            if data.ico or data.name:
                out.provider = data
        if out.provider is None and out.fatal is None:
            out.fatal = "the record names no provider (poskytovatel with IČO or name)"
        if out.name is None and out.type and out.provider:
            # no facility name: "Pečovatelská služba – Oblastní charita Kyjov"
            kind = codes.label(codes.SERVICE_TYPE, out.type)
            who = out.provider.name or f"IČO {out.provider.ico}"
            out.name = f"{kind[:1].upper()}{kind[1:]} – {who}"
        out.problems = [p for p in out.problems if p]
        return out

    # -- providers -----------------------------------------------------------------------------
    def resolve_provider(self, data: _ProviderData, current: str | None) -> str:
        """The provider id for the registry's provider: matched by IČO, by name, or created."""
        pid = None
        if data.ico:
            if current and self._ico_of(current) == data.ico:
                pid = current
            else:
                pid = self.provider_by_ico.get(data.ico)
        if pid is None and data.name:
            pid = self.provider_by_name.get(_norm(data.name))
            if pid is not None and data.ico:
                # the same organisation written without its IČO: complete it
                self._fill(pid, {"ico": data.ico})
                self.provider_by_ico[data.ico] = pid
                self.provider_by_name.pop(_norm(data.name), None)
        if pid is not None:
            self._fill(
                pid,
                {
                    "web": data.web,
                    "email": data.email,
                    "phone": data.phone,
                    "address": data.address,
                },
            )
            return pid
        from ruamel.yaml.comments import CommentedMap

        name = data.name or f"Poskytovatel IČO {data.ico}"
        pid = slug(name, self.provider_ids)
        item = CommentedMap()
        item["id"] = pid
        item["name"] = name
        if data.ico:
            item["ico"] = _quoted(data.ico)
        for key in ("address", "web", "email", "phone"):
            value = getattr(data, key)
            if value:
                item[key] = _scalar(value)
        _insert_item(self.providers, len(self.providers), item, self.blank_lines)
        self.provider_ids.add(pid)
        if data.ico:
            self.provider_by_ico[data.ico] = pid
        else:
            self.provider_by_name[_norm(name)] = pid
        self.provider_results[pid] = ProviderResult(
            pid,
            name,
            data.ico,
            "added",
            [FieldChange(k, None, _plain(v)) for k, v in item.items() if k != "id"],
        )
        return pid

    def _ico_of(self, pid: str) -> str | None:
        item = self.provider_item(pid)
        return normalise_ico(item.get("ico")) if isinstance(item, dict) else None

    def _fill(self, pid: str, values: dict[str, str | None]) -> None:
        """Add the registry's values the coordinator has not written; never overwrite theirs."""
        item = self.provider_item(pid)
        if not isinstance(item, dict):
            return
        for key, value in values.items():
            if not value or _text(item.get(key)):
                continue
            _put(item, key, _quoted(value) if key == "ico" else _scalar(value), PROVIDER_KEY_ORDER)
            result = self.provider_results.get(pid)
            if result is None:
                result = self.provider_results[pid] = ProviderResult(
                    pid, str(item.get("name", pid)), normalise_ico(item.get("ico")), "updated"
                )
            if result.status == "updated":
                result.fields.append(FieldChange(key, None, value))
                result.ico = normalise_ico(item.get("ico"))

    # -- merging -------------------------------------------------------------------------------
    def new_service(self, rec: RegistryService, mapped: _Mapped) -> tuple[Any, list[FieldChange]]:
        """A services.yaml entry for a registry service, and its fields for the report."""
        from ruamel.yaml.comments import CommentedMap

        assert mapped.provider is not None and mapped.type is not None
        item = CommentedMap()
        item["id"] = _quoted(rec.id)
        item["name"] = mapped.name
        item["provider"] = self.resolve_provider(mapped.provider, None)
        item["type"] = mapped.type
        item["forms"] = _flow(mapped.forms)
        if mapped.target_groups:
            item["target_groups"] = _flow(mapped.target_groups)
        if mapped.capacity:
            capacity = CommentedMap()
            for key, value in mapped.capacity.items():
                capacity[key] = value
            item["capacity"] = capacity
        if mapped.contact:
            contact = CommentedMap()
            for key in CONTACT_KEYS:
                if key in mapped.contact:
                    contact[key] = _scalar(mapped.contact[key])
            item["contact"] = contact
        changes = [FieldChange(str(k), None, _plain(v)) for k, v in item.items() if k != "id"]
        return item, changes

    def update_service(self, item: Any, mapped: _Mapped) -> list[FieldChange]:
        """Update the registry's fields of an entry in place; the changes made."""
        from ruamel.yaml.comments import CommentedMap

        changes: list[FieldChange] = []
        assert mapped.provider is not None
        current = _text(item.get("provider"))
        pid = self.resolve_provider(mapped.provider, current)
        if pid != current:
            changes.append(FieldChange("provider", current, pid))
            _put(item, "provider", pid, SERVICE_KEY_ORDER)
        if not _same(item.get("type"), mapped.type):
            changes.append(FieldChange("type", _plain(item.get("type")), mapped.type))
            _put(item, "type", mapped.type, SERVICE_KEY_ORDER)
        # An unmapped registry value may stand for a value the coordinator has:
        # then nothing is removed.
        self._update_list(item, "forms", mapped.forms, mapped.forms_partial, changes)
        if mapped.target_groups or mapped.groups_partial:
            self._update_list(
                item, "target_groups", mapped.target_groups, mapped.groups_partial, changes
            )
        if mapped.capacity_given:
            capacity = item.get("capacity")
            if not isinstance(capacity, dict):
                capacity = CommentedMap() if capacity is None else None
            if capacity is not None:
                for key in CAPACITY_KEYS:
                    old = capacity.get(key)
                    if key in mapped.capacity:
                        if old is None or not _same(old, mapped.capacity[key]):
                            changes.append(
                                FieldChange(f"capacity.{key}", _plain(old), mapped.capacity[key])
                            )
                            _put(capacity, key, mapped.capacity[key], CAPACITY_KEYS)
                    elif key in capacity and not mapped.capacity_partial:
                        changes.append(FieldChange(f"capacity.{key}", _plain(old), None))
                        del capacity[key]
                if "capacity" not in item and len(capacity):
                    _put(item, "capacity", capacity, SERVICE_KEY_ORDER)
                elif "capacity" in item and not len(capacity):
                    del item["capacity"]
        if mapped.contact:
            contact = item.get("contact")
            if contact is None:
                contact = CommentedMap()
            if isinstance(contact, dict):
                for key in CONTACT_KEYS:
                    value = mapped.contact.get(key)
                    if value and not _same(contact.get(key), value):
                        changes.append(
                            FieldChange(f"contact.{key}", _plain(contact.get(key)), value)
                        )
                        _put(contact, key, _scalar(value), CONTACT_KEYS)
                if "contact" not in item and len(contact):
                    _put(item, "contact", contact, SERVICE_KEY_ORDER)
        return changes

    def _update_list(
        self, item: Any, key: str, new: list[str], partial: bool, changes: list[FieldChange]
    ) -> None:
        old = item.get(key)
        old_list = [str(v) for v in old] if isinstance(old, list) else []
        wanted = list(new)
        if partial:
            wanted = old_list + [v for v in new if v not in old_list]
        if isinstance(old, list) and set(old_list) == set(wanted):
            return
        changes.append(FieldChange(key, _plain(old), wanted))
        if isinstance(old, list):
            for i in reversed(range(len(old))):
                if str(old[i]) not in wanted:
                    del old[i]
            for value in wanted:
                if value not in [str(v) for v in old]:
                    old.append(value)
        else:
            _put(item, key, _flow(wanted), SERVICE_KEY_ORDER)

    # -- the whole run -------------------------------------------------------------------------
    def run(self) -> ImportPlan:
        """Compute the whole import."""
        self.load_catalogue()
        records = self.read_registry()
        references = _references(self.baseline)
        results: list[ServiceResult] = []
        new_items: list[tuple[tuple[int, str, str], Any, ServiceResult]] = []
        type_rank = {code: i for i, code in enumerate(codes.SERVICE_TYPE)}
        matched: set[str] = set()

        for ident in sorted(records, key=lambda i: (i not in self.by_id, i)):
            rec = records[ident]
            item = self.by_id.get(ident)
            how, places = rec.located()
            local = [p for p in places if p in self.territory_set]
            result = ServiceResult(
                ident,
                None,
                "skipped",
                located_by=how if local else "catalogue",
                municipalities=local,
                facilities=sum(1 for f in rec.facilities if f.municipality in self.territory_set),
            )
            if item is not None and item.get("registered") is False:
                result.name = _text(item.get("name"))
                result.reason = (
                    "services.yaml has an unregistered service (registered: false) "
                    "with this id; left alone"
                )
                results.append(result)
                matched.add(ident)
                continue
            if rec.ended(self.today):
                assert rec.end is not None
                if item is None:
                    result.name = next((f.name for f in rec.facilities if f.name), None)
                    result.ended = rec.end
                    result.reason = f"ended on {czech.date(rec.end, space=' ')}; not imported"
                    results.append(result)
                continue  # a catalogued service that ended is reported as gone below
            matched.add(ident)
            mapped = self.map_record(rec)
            result.problems = mapped.problems
            result.type = mapped.type
            if mapped.fatal:
                result.name = _text(item.get("name")) if item is not None else mapped.name
                result.reason = mapped.fatal + (
                    "; the entry in services.yaml is left as it is" if item is not None else ""
                )
                results.append(result)
                continue
            if item is None:
                new_item, changes = self.new_service(rec, mapped)
                result.status, result.name, result.fields = "added", mapped.name, changes
                result.provider = str(new_item["provider"])
                assert mapped.type is not None
                new_items.append(
                    (
                        (type_rank.get(mapped.type, 999), _fold(mapped.name or ""), ident),
                        new_item,
                        result,
                    )
                )
                results.append(result)
                continue
            result.name = _text(item.get("name"))
            result.fields = self.update_service(item, mapped)
            result.provider = _text(item.get("provider"))
            result.status = "updated" if result.fields else "unchanged"
            results.append(result)

        # New services in the order documents list them (by type, then name), each after the
        # last service of its group of the law (péče, prevence, poradenství), so sections stay.
        for _, new_item, _result in sorted(new_items, key=lambda t: t[0]):
            _insert_item(
                self.services,
                self.insertion_point(str(new_item["type"])),
                new_item,
                self.blank_lines,
            )

        self.gone(records, matched, references, results)
        self.results = results
        self.note_unchecked()
        new_text = self.dump()
        plan = ImportPlan(
            root=self.root,
            registry=self.registry,
            territory=[(c, self.names.get(c, "")) for c in self.territory],
            services=sorted(results, key=lambda r: (STATUSES.index(r.status), r.id)),
            providers=list(self.provider_results.values()),
            records=self.records,
            unreadable=self.unreadable,
            notes=self.notes,
            old_text=self.old_text,
            new_text=new_text,
            prune=self.prune,
        )
        if plan.changed:
            plan.warnings = self.check(new_text)
        return plan

    def insertion_point(self, service_type: str) -> int:
        """Where a new service of this type goes in the services list."""
        group = codes.service_group(service_type)
        same = registered = -1
        for i, item in enumerate(self.services):
            if not isinstance(item, dict) or item.get("registered") is False:
                continue
            registered = i
            kind = item.get("type")
            if (
                isinstance(kind, str)
                and kind in codes.SERVICE_TYPE
                and codes.service_group(kind) == group
            ):
                same = i
        if same >= 0:
            return same + 1
        return registered + 1 if registered >= 0 else len(self.services)

    def gone(
        self,
        records: dict[str, RegistryService],
        matched: set[str],
        references: dict[str, list[tuple[str, str]]],
        results: list[ServiceResult],
    ) -> None:
        """Report (and with --prune remove) catalogued services the registry no longer runs."""
        to_delete: list[str] = []
        for ident, item in self.by_id.items():
            if (
                ident in matched
                or item.get("registered") is False
                or not SERVICE_ID_RE.match(ident)
            ):
                continue
            rec = records.get(ident)
            result = ServiceResult(
                ident,
                _text(item.get("name")),
                "gone",
                provider=_text(item.get("provider")),
                type=_text(item.get("type")),
                located_by="catalogue",
            )
            if rec is not None and rec.end is not None:
                result.ended = rec.end
                result.reason = (
                    f"the registry lists it as ended on {czech.date(rec.end, space=' ')}"
                )
            else:
                result.reason = f"not in the registry file ({self.registry.name})"
            refs = references.get(ident, [])
            result.referenced_by = refs
            if self.prune:
                if refs:
                    where = "; ".join(f"plan {p}, measure {m}" for p, m in refs)
                    result.reason += f"; kept because a measure refers to it ({where})"
                else:
                    result.status = "removed"
                    to_delete.append(ident)
            results.append(result)
        for ident in to_delete:
            index = next(
                i
                for i, s in enumerate(self.services)
                if isinstance(s, dict) and str(s.get("id")) == ident
            )
            _delete_item(self.services, index)

    def note_unchecked(self) -> None:
        """Notes on services kpss cannot check and records it could not read."""
        odd = [
            i
            for i, item in self.by_id.items()
            if item.get("registered") is not False and not SERVICE_ID_RE.match(i)
        ]
        if odd:
            self.notes.append(
                f"{len(odd)} service(s) of services.yaml have no registry identifier (7 digits) "
                f"and are left alone: {', '.join(odd[:10])}{' …' if len(odd) > 10 else ''}; "
                "mark them `registered: false` if they are "
                "not in the registry"
            )
        if self.unreadable:
            shown = "; ".join(self.unreadable[:5])
            more = f"; … and {len(self.unreadable) - 5} more" if len(self.unreadable) > 5 else ""
            self.notes.append(
                f"{len(self.unreadable)} record(s) of the registry could not be read: {shown}{more}"
            )

    def dump(self) -> str:
        """The new text of services.yaml."""
        from kpss_cli.yamledit import dump_roundtrip

        # An import that changes nothing leaves the file byte for byte as it is (the round trip
        # would normalise a few spellings such as `~` or `True`).
        touched = self.provider_results or any(
            r.status in ("added", "updated", "removed") for r in self.results
        )
        if self.old_text is not None and not touched:
            return self.old_text
        return dump_roundtrip(self.data, self.style)

    def check(self, new_text: str) -> list[Finding]:
        """Validate the repository with the new services.yaml; raise when it would be invalid."""
        from kpss_cli.repo import WorkingTree
        from kpss_cli.validate import validate_repository

        source = WorkingTree(self.root, overrides={SERVICES_FILE: new_text.encode("utf-8")})
        after = validate_repository(source=source)
        # lines move when services.yaml changes: compare findings by file, rule and message
        before = {(f.file, f.code, f.message) for f in self.baseline.findings}
        errors = [
            f
            for f in after.errors
            if f.file == SERVICES_FILE or (f.file, f.code, f.message) not in before
        ]
        if errors:
            shown = "\n".join(
                f"  {f.file}:{f.line}:{f.column}: {f.code} {f.message}" for f in errors[:10]
            )
            more = f"\n  … and {len(errors) - 10} more" if len(errors) > 10 else ""
            raise ImportInvalid(
                f"the imported {SERVICES_FILE} would not be valid, so nothing was written "
                f"(fix what `kpss validate` reports, then import again):\n{shown}{more}",
                errors,
            )
        return [
            f
            for f in after.warnings
            if f.file == SERVICES_FILE and (f.file, f.code, f.message) not in before
        ]


def plan_import(
    root: Path,
    registry: Path,
    codes_dir: Path | None = None,
    municipalities: list[str] | None = None,
    prune: bool = False,
    today: dt.date | None = None,
) -> ImportPlan:
    """Compute the import of the registry file into services.yaml (writes nothing)."""
    from kpss_cli.validate import today as current_day

    if not registry.is_file():
        what = (
            "is a folder; give the registry's JSON file (rpss.json)"
            if registry.is_dir()
            else "does not exist"
        )
        raise KpssError(f"the registry file {registry} {what}")
    importer = _Importer(
        root, registry, codes_dir or registry.parent, municipalities, prune, today or current_day()
    )
    return importer.run()


def apply_import(plan: ImportPlan) -> bool:
    """Write the new services.yaml atomically when it changed; True when written."""
    from kpss_cli.yamledit import atomic_write

    if not plan.changed:
        return False
    atomic_write(plan.path, plan.new_text)
    return True
