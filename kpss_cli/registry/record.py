"""Reading one registry record defensively: any field may be null, missing or of an unexpected type."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from kpss_cli.i18n import _

SERVICE_ID_RE = re.compile(r"^[0-9]{7}$")
MUNICIPALITY_RE = re.compile(r"^[0-9]{6}$")
# Legal-form endings left out of a provider's id ("Šance pro rodinu, z. s." → sance-pro-rodinu).
_LEGAL_SUFFIX = re.compile(
    r"[,\s]*(z\.\s*s\.|z\.\s*ú\.|o\.\s*p\.\s*s\.|o\.\s*s\.|s\.\s*r\.\s*o\.|spol\.\s*s\s*r\.\s*o\.|a\.\s*s\.|"
    r"příspěvková organizace|p\.\s*o\.|z\.\s*s\.\s*p\.\s*o\.|obecně prospěšná společnost|"
    r"zapsaný spolek|zapsaný ústav)\s*$",
    re.IGNORECASE,
)




def text_of(value: Any) -> str | None:
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, (int, float)):
        return str(value)
    if isinstance(value, str):
        value = " ".join(value.split())
        return value or None
    return None


def ref_id(value: Any) -> str | None:
    """The ``id`` of a code reference ``{"id": "Obec/586307"}`` (or the string itself)."""
    if isinstance(value, dict):
        value = value.get("id")
    return text_of(value)


def list_of(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def _date(value: Any) -> tuple[dt.date | None, bool]:
    """(date, readable): a missing date is readable (None); garbage is not."""
    text = text_of(value)
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
    code = text_of(obec.get("kod")) if isinstance(obec, dict) else None
    if code is None:
        ref = ref_id(obec)
        code = ref.rsplit("/", 1)[-1] if ref else None
    return code if code and MUNICIPALITY_RE.match(code) else None


def _name_of(value: Any) -> str | None:
    if isinstance(value, dict):
        nazev = value.get("nazev")
        return text_of(nazev.get("cs") if isinstance(nazev, dict) else nazev)
    return text_of(value)


def format_address(address: Any, municipality_names: dict[str, str]) -> str | None:
    """A registry address as Czech postal text: ``Palackého 1/3, 697 01 Kyjov``."""
    if not isinstance(address, dict):
        return None
    street = _name_of(address.get("ulice"))
    house = text_of(address.get("cisloDomovni"))
    orient = text_of(address.get("cisloOrientacni"))
    number = f"{house}/{orient}" if house and orient else (house or orient or "")
    code = _municipality(address)
    town = municipality_names.get(code, "") if code else ""
    part = _name_of(address.get("castObce")) or ""
    psc = re.sub(r"\s+", "", text_of(address.get("psc")) or "")
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


def contacts_of(values: Any, key: str) -> str | None:
    """Distinct contact values (``emaily[].email`` …) joined by a comma."""
    found: list[str] = []
    for item in list_of(values):
        value = text_of(item.get(key) if isinstance(item, dict) else item)
        if value and value not in found:
            found.append(value)
    return ", ".join(found) or None


def normalise_ico(value: Any) -> str | None:
    """An IČO as 8 digits (leading zeros restored), or None when it is not one."""
    text = text_of(value)
    if text is None:
        return None
    text = text.replace(" ", "")
    if not text.isdigit() or len(text) > 8:
        return None
    return text.zfill(8)


def slug(name: str, taken: Iterable[str]) -> str:
    """A readable id from a name: ASCII, no diacritics, lower case, unique among ``taken``."""
    base = name
    for _attempt in range(2):
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
        return _("the item is not a JSON object")
    ident = text_of(raw.get("identifikator"))
    if ident is None:
        return _("it has no identifikator")
    if not SERVICE_ID_RE.match(ident):
        return _("its identifikator {id} is not 7 digits").format(id=repr(ident))
    problems: list[str] = []
    start, ok_start = _date(raw.get("datumPoskytovaniOd"))
    end, ok_end = _date(raw.get("datumPoskytovaniDo"))
    if not ok_end:
        problems.append(
            _("datumPoskytovaniDo {value} is not a date; the service is taken as running").format(
                value=repr(raw.get("datumPoskytovaniDo"))
            )
        )
    ended = end is not None and end < today
    facilities: list[Facility] = []
    for item in list_of(raw.get("zarizeni")):
        if not isinstance(item, dict):
            continue
        until, ok = _date(item.get("poskytujeDo"))
        if not ended and ok and until is not None and until < today:
            continue  # a facility that closed does not place the service any more
        secret = bool(item.get("utajenaAdresa"))
        address = None if secret else item.get("adresa")
        place = None
        if isinstance(address, dict):
            numbers = [text_of(address.get(k)) or "" for k in ("cisloDomovni", "cisloOrientacni")]
            place = text_of(address.get("kodAdresnihoMista")) or (
                f"{_name_of(address.get('ulice')) or ''} {'/'.join(numbers)}"
            )
        facility = Facility(
            text_of(item.get("nazev")),
            None if secret else _municipality(address),
            secret,
            place,
            address,
        )
        if facility not in facilities:  # the registry repeats facilities (same name and place)
            facilities.append(facility)
    contact_places = []
    for item in list_of(raw.get("kontaktniAdresy")):
        code = _municipality(item.get("adresa") if isinstance(item, dict) else None)
        if code:
            contact_places.append(code)
    return RegistryService(ident, raw, start, end, facilities, contact_places, problems)
