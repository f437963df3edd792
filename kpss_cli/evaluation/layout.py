"""What an evaluation workbook looks like, shared by ``collect`` (writing) and ``results`` (reading).

Every visible data sheet starts with a hidden column ``Klíč`` holding the row's key, so a row is
found by its key wherever it moved; the hidden sheet ``kpss`` holds the workbook's identity
(territory, plan, year, realizátor, date) and, per input cell, the key it stands for and the value
it had at the export (what a conflict is judged against). A CSV file has the same columns as one
data sheet; its header says which sheet (and which year) it is.

All the Czech text of the workbook is in this module (one place to translate).
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass

FORMAT = "kpss-vyhodnoceni"
FORMAT_VERSION = 1

INSTRUCTIONS = "Pokyny"
INDICATORS = "Indikátory"
MONEY = "Finance"
ITEMS = "Opatření"
IDENTITY = "kpss"

# Fields a row of each sheet can change in the action plan's result.
ACTUAL = "actual"
SPENT = "spent"
STATUS = "status"
COMMENT = "comment"
FILLED = "filled"  # the date the realizátor filled in (Pokyny)


@dataclass(frozen=True)
class Column:
    """One column of a data sheet: an id, its Czech header (with the year where it has one)."""

    id: str
    header: str
    width: float
    input: bool = False
    field: str | None = None  # the result field an input column writes

    def title(self, year: int) -> str:
        return self.header.format(year=year, last=year - 1)


KEY = Column("key", "Klíč", 12)

INDICATOR_COLUMNS = (
    KEY,
    Column("measure", "Opatření", 10),
    Column("measure_title", "Název opatření", 34),
    Column("indicator", "Indikátor", 10),
    Column("name", "Název indikátoru", 36),
    Column("unit", "Jednotka", 11),
    Column("kind", "Typ", 18),
    Column("baseline", "Výchozí hodnota", 15),
    Column("target", "Cíl {year}", 11),
    Column("last", "Skutečnost {last}", 13),
    Column("actual", "Skutečnost {year}", 14, input=True, field=ACTUAL),
)

MONEY_COLUMNS = (
    KEY,
    Column("measure", "Opatření", 10),
    Column("measure_title", "Název opatření", 40),
    Column("source", "Zdroj financování", 36),
    Column("planned", "Plánováno {year} (Kč)", 18),
    Column("spent", "Čerpáno {year} (Kč)", 18, input=True, field=SPENT),
)

ITEM_COLUMNS = (
    KEY,
    Column("measure", "Opatření", 10),
    Column("measure_title", "Název opatření", 40),
    Column("activities", "Aktivity {year}", 40),
    Column("status", "Stav plnění {year}", 24, input=True, field=STATUS),
    Column("comment", "Komentář (co se podařilo, co ne a proč)", 60, input=True, field=COMMENT),
)

SHEETS: dict[str, tuple[Column, ...]] = {
    INDICATORS: INDICATOR_COLUMNS,
    MONEY: MONEY_COLUMNS,
    ITEMS: ITEM_COLUMNS,
}

HEADER_ROW = 3  # row 1: the sheet's title, row 2: what to fill in, row 3: the headers
FIRST_ROW = HEADER_ROW + 1

SHEET_TITLES = {
    INDICATORS: "Indikátory – skutečně dosažené hodnoty za rok {year}",
    MONEY: "Finance – skutečně čerpané prostředky za rok {year}",
    ITEMS: "Opatření – stav plnění a komentář za rok {year}",
}
SHEET_HINTS = {
    INDICATORS: (
        "Vyplňte žlutý sloupec „Skutečnost {year}“: číslo (např. 12 nebo 12,5), "
        "u indikátorů typu ano/ne vyberte ano, nebo ne. Co nevíte, nechte prázdné."
    ),
    MONEY: (
        "Vyplňte žlutý sloupec „Čerpáno {year} (Kč)“: skutečně čerpanou částku v korunách "
        "(např. 1 250 000). Nečerpaný zdroj vyplňte 0, neznámý nechte prázdný."
    ),
    ITEMS: (
        "Ve žlutých sloupcích vyberte stav plnění opatření a napište krátký komentář. "
        "Stav můžete nechat prázdný: spočte se z indikátorů."
    ),
}

KIND_LABELS = {
    "at_least": "více je lépe",
    "at_most": "méně je lépe",
    "boolean": "ano/ne",
}

YES = "ano"
NO = "ne"
NONE = "–"

# Data validation messages (shown by Excel and LibreOffice when a cell is left or hovered).
VALIDATION = {
    "number": ("Nezáporné číslo", "Napište číslo, nejméně 0 (např. 12 nebo 12,5)."),
    "boolean": ("Ano, nebo ne", "Vyberte ano, nebo ne."),
    "money": ("Částka v Kč", "Napište částku v korunách, nejméně 0 (např. 1 250 000)."),
    "status": ("Stav plnění", "Vyberte stav ze seznamu."),
    "date": ("Datum", "Napište datum, např. 15. 1. 2027."),
}
VALIDATION_ERROR = "Neplatná hodnota"

# The instructions sheet: label, value rows. {…} are filled in by collect.
INSTRUCTIONS_TITLE = "Vyhodnocení akčního plánu {year}"
FILLED_LABEL = "Datum vyplnění"
FILLED_HINT = "← vyplňte, až budete hotovi"
INSTRUCTION_LINES = (
    "Co vyplnit: na listu „Indikátory“ skutečně dosažené hodnoty za rok {year}, na listu „Finance“ "
    "skutečně čerpané peníze podle zdrojů a na listu „Opatření“ stav plnění a komentář.",
    "Vyplňte jen žluté buňky; ostatní jsou zamčené. Hodnoty, které už známe, jsou předvyplněné – "
    "opravte je, pokud nesedí.",
    "Prázdná buňka znamená „nevím / zatím nevykázáno“, ne nulu. Nulu napište jako 0.",
    "Řádky nepřidávejte, nemažte ani nepřesouvejte mezi listy; soubor nepřejmenovávejte na jiný formát "
    "než XLSX (nebo CSV).",
)

# Labels of the rows of the identity sheet.
ID_FORMAT = "format"
ID_VERSION = "version"
ID_TERRITORY = "territory"
ID_PLAN = "plan"
ID_YEAR = "year"
ID_RESPONSIBLE = "responsible"
ID_CREATED = "created"
ID_DUE = "due"
ID_KPSS = "kpss"
ID_FILLED_CELL = "filled_cell"
ID_CELLS = "cells"  # the header of the per-cell table: sheet, cell, key, field, exported


def identity_mark(territory: str, plan: str, year: int, responsible: str | None) -> str:
    """The workbook's identity in one cell (A1 of each data sheet, in the hidden key column).

    A CSV file saved from a data sheet keeps it (spreadsheets save hidden columns too), so the
    import can refuse a CSV of another territory, plan or year as it refuses such a workbook.
    """
    return json.dumps(
        {"format": FORMAT, "territory": territory, "plan": plan, "year": year, "responsible": responsible or ""},
        ensure_ascii=False,
        separators=(",", ":"),
    )


def read_identity_mark(value: object) -> dict[str, object] | None:
    """The identity of :func:`identity_mark`, or None when the cell holds none."""
    if not isinstance(value, str) or not value.lstrip().startswith("{") or FORMAT not in value:
        return None
    try:
        data = json.loads(value)
    except ValueError:
        return None
    return data if isinstance(data, dict) and data.get("format") == FORMAT else None


def key_of(measure: str, part: str | None = None) -> str:
    """A row's key: the measure id, and the indicator id or funding source code."""
    return measure if part is None else f"{measure}|{part}"


def split_key(key: str) -> tuple[str, str | None]:
    measure, sep, part = key.partition("|")
    return measure, (part if sep else None)


_SLUG_DROP = re.compile(r"[^a-z0-9]+")


def slug(text: str, limit: int = 60) -> str:
    """``Oblastní charita Kyjov`` -> ``oblastni-charita-kyjov`` (for file names)."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii").lower()
    cut = _SLUG_DROP.sub("-", plain).strip("-")[:limit].strip("-")
    return cut or "realizator"


def file_name(year: int, responsible: str | None) -> str:
    """``vyhodnoceni-2025-oblastni-charita-kyjov.xlsx``; ``vyhodnoceni-2025.xlsx`` for one workbook."""
    return f"vyhodnoceni-{year}.xlsx" if responsible is None else f"vyhodnoceni-{year}-{slug(responsible)}.xlsx"


def normalise_header(text: str) -> str:
    """A header cell compared loosely: case, spaces and the year do not matter."""
    return re.sub(r"\s+", " ", re.sub(r"\d{4}", "", str(text))).strip().casefold()


def plain_header(text: str) -> str:
    """A header cell compared with case and spacing ignored (the year kept)."""
    return re.sub(r"\s+", " ", str(text)).strip().casefold()


def sheet_of_headers(headers: list[str]) -> str | None:
    """Which data sheet a header row (of a CSV file) belongs to, by its columns."""
    seen = {normalise_header(h) for h in headers if h}
    best = None
    for sheet, columns in SHEETS.items():
        wanted = {normalise_header(c.header.format(year=2000, last=2000)) for c in columns}
        inputs = {normalise_header(c.header.format(year=2000, last=2000)) for c in columns if c.input}
        if inputs & seen and normalise_header(KEY.header) in seen:
            score = len(wanted & seen)
            if best is None or score > best[0]:
                best = (score, sheet)
    return best[1] if best else None


_YEAR_IN = re.compile(r"(20\d{2}|2100)")


def year_of_headers(sheet: str, headers: list[str]) -> int | None:
    """The year a CSV file is for, from the header of its input column (``Skutečnost 2025``).

    The indicators sheet also has last year's column (``Skutečnost 2024``): the later year wins.
    """
    years: list[int] = []
    for column in SHEETS[sheet]:
        if not column.input or "{year}" not in column.header:
            continue
        pattern = re.escape(plain_header(column.header.format(year="\x00", last="\x00")))
        pattern = pattern.replace("\x00", r"(\d{4})").replace(re.escape("\x00"), r"(\d{4})")
        for h in headers:
            match = re.fullmatch(pattern, plain_header(h)) if h else None
            if match:
                years.append(int(match.group(1)))
    return max(years) if years else None
