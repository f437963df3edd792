"""``kpss collect``: the evaluation workbooks of an action plan, one per realizátor (or one for all).

:func:`plan_collection` computes what goes into each workbook as data (rows with their keys and
the values already known); :func:`write_collection` writes the XLSX files (xlsxwrite.py, kpss's
own small writer: openpyxl took most of the command's time). The layout (sheets, columns, keys,
the hidden identity sheet) is in layout.py, shared with the import.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kpss_cli import codes, czech
from kpss_cli.errors import KpssError, UsageError
from kpss_cli.evaluation import layout as L
from kpss_cli.i18n import _
from kpss_cli.model import ActionPlan, Item, Measure, Plan, Repository, Value
from kpss_cli.status import year_target

BY_RESPONSIBLE = "responsible"
BY_ALL = "all"


@dataclass
class IndicatorRow:
    key: str
    measure: str
    measure_title: str
    indicator: str
    name: str
    unit: str | None
    kind: str
    baseline: str
    target: Value | None
    last: Value | None
    actual: Value | None  # pre-filled: the value the action plan already holds


@dataclass
class MoneyRow:
    key: str
    measure: str
    measure_title: str
    source: str
    planned: float | None
    spent: float | None


@dataclass
class ItemRow:
    key: str
    measure: str
    measure_title: str
    activities: str
    status: str | None
    comment: str | None


@dataclass
class Workbook:
    """One workbook: for one realizátor (``responsible``), or for the whole action plan (None)."""

    file_name: str
    responsible: str | None
    measures: list[str]
    indicators: list[IndicatorRow] = field(default_factory=list)
    money: list[MoneyRow] = field(default_factory=list)
    items: list[ItemRow] = field(default_factory=list)

    def to_json(self, folder: Path | None) -> dict[str, Any]:
        return {
            "file": str(folder / self.file_name) if folder is not None else self.file_name,
            "responsible": self.responsible,
            "measures": list(self.measures),
            "indicators": len(self.indicators),
            "money_rows": len(self.money),
            "items": len(self.items),
        }


@dataclass
class Collection:
    """The workbooks of one action plan's evaluation, as data."""

    territory: str
    plan_id: str
    plan_title: str
    period: tuple[int, int]
    year: int
    action_plan_file: str
    created: dt.date
    due: dt.date | None
    coordinator: dict[str, str]
    workbooks: list[Workbook]

    def to_json(self, folder: Path | None, written: bool) -> dict[str, Any]:
        """What ``kpss collect --format json`` prints."""
        return {
            "plan": self.plan_id,
            "year": self.year,
            "action_plan": self.action_plan_file,
            "territory": self.territory,
            "created": self.created.isoformat(),
            "due": self.due.isoformat() if self.due else None,
            "written": written,
            "workbooks": [w.to_json(folder) for w in self.workbooks],
        }


# -- compute ---------------------------------------------------------------------------------------

_PERIOD = re.compile(r"^(\d{4})-(\d{4})$")


def load_for_year(root: Path, year: int, plan_id: str | None) -> tuple[Repository, Plan, ActionPlan]:
    """The validated model of the plan holding ``year`` (or ``plan_id``) and its action plan of ``year``.

    Reads kpss.yaml, that plan and its action plans only (a big repository stays fast); refuses
    when one of them has an error, when no plan holds the year and when the action plan is missing.
    """
    from kpss_cli.fulfilment import load_report_repository
    from kpss_cli.repo import WorkingTree, classify

    if not 2000 <= year <= 2100:
        raise UsageError(_("the year must lie between 2000 and 2100, got {year}").format(year=year))
    if plan_id is None:
        listed = [f for f in (classify(p) for p in WorkingTree(root).list_files()) if f is not None]
        ids = sorted({f.plan_id for f in listed if f.kind == "plan" and f.plan_id})
        holding = []
        for pid in ids:
            match = _PERIOD.match(pid)
            if match and int(match.group(1)) <= year <= int(match.group(2)):
                holding.append(pid)
        plan_id = holding[-1] if holding else None
        if plan_id is None and all(_PERIOD.match(pid) for pid in ids):
            known = ", ".join(ids) or _("none")
            raise KpssError(
                _("no plan holds the year {year} (plans: {known}); give --plan or another year").format(
                    year=year, known=known
                )
            )
    repo = load_report_repository(root, plan_id)
    plan = repo.plans.get(plan_id) if plan_id is not None else repo.plan_holding(year)
    if plan is None:
        known = ", ".join(repo.plans) or _("none")
        raise KpssError(
            _("no plan holds the year {year} (plans: {known}); give --plan or another year").format(
                year=year, known=known
            )
        )
    if not plan.holds(year):
        raise KpssError(
            _("the year {year} lies outside the period {start}–{end} of plan {plan}").format(
                year=year, start=plan.start, end=plan.end, plan=plan.id
            )
        )
    ap = plan.action_plans.get(year)
    if ap is None:
        raise KpssError(
            _(
                "plan {plan} has no action plan for {year} ({file}); create it first, e.g. with `kpss rollover {year}`"
            ).format(plan=plan.id, year=year, file=f"plans/{plan.id}/action-plans/{year}.yaml")
        )
    return repo, plan, ap


def parse_due(text: str | None) -> dt.date | None:
    """``--due``: ``2027-01-31`` or ``31. 1. 2027``."""
    if text is None:
        return None
    from kpss_cli.evaluation.parse import CellError, parse_date

    try:
        day = parse_date(text)
    except CellError:
        day = None
    if day is None:
        raise UsageError(
            _("--due must be a date such as 2027-01-31 or 31. 1. 2027, got {text}").format(text=repr(text))
        )
    return day


def _baseline(measure: Measure, indicator_id: str) -> str:
    ind = measure.indicator(indicator_id)
    if ind is None or not ind.baseline:
        return L.NONE
    value = ind.baseline.get("value")
    text = _plain_value(value)
    year = ind.baseline.get("year")
    return f"{text} ({year})" if year else text


def _plain_value(value: Any) -> str:
    """A value as a person reads it in a cell: ``ano``/``ne``, ``12,5``; no unit."""
    if value is None:
        return L.NONE
    if isinstance(value, bool):
        return L.YES if value else L.NO
    return czech.number(value, "cs").replace(czech.NBSP, " ")


def _actual(item: Item | None, indicator_id: str) -> Value | None:
    if item is None or item.result is None:
        return None
    value = item.result.actuals.get(indicator_id)
    return value


def _planned(measure: Measure, item: Item, year: int) -> dict[str, float]:
    if item.budget:
        return dict(item.budget)
    return dict(measure.budget.get(year) or {})


def _sources_in_order(sources: set[str]) -> list[str]:
    order = {code: i for i, code in enumerate(codes.FUNDING_SOURCE)}
    return sorted(sources, key=lambda s: (order.get(s, len(order)), s))


def _activities(measure: Measure, item: Item) -> str:
    parts = []
    for aid in item.activities:
        activity = measure.activity(aid)
        parts.append(f"{aid} {activity.title}" if activity is not None else aid)
    return "\n".join(parts) if parts else L.NONE


def _fill(book: Workbook, measure: Measure, item: Item, year: int, last_ap: ActionPlan | None) -> None:
    last_item = last_ap.item(measure.id) if last_ap is not None else None
    result = item.result
    for ind in measure.indicators:
        book.indicators.append(
            IndicatorRow(
                key=L.key_of(measure.id, ind.id),
                measure=measure.id,
                measure_title=measure.title,
                indicator=ind.id,
                name=ind.name,
                unit=ind.unit,
                kind=ind.kind,
                baseline=_baseline(measure, ind.id),
                target=year_target(ind, item, year),
                last=_actual(last_item, ind.id),
                actual=_actual(item, ind.id),
            )
        )
    planned = _planned(measure, item, year)
    spent = dict(result.spent) if result is not None else {}
    for source in _sources_in_order(set(planned) | set(spent)):
        book.money.append(
            MoneyRow(
                key=L.key_of(measure.id, source),
                measure=measure.id,
                measure_title=measure.title,
                source=source,
                planned=planned.get(source),
                spent=spent.get(source),
            )
        )
    book.items.append(
        ItemRow(
            key=L.key_of(measure.id),
            measure=measure.id,
            measure_title=measure.title,
            activities=_activities(measure, item),
            status=result.status if result is not None else None,
            comment=result.comment if result is not None else None,
        )
    )


def plan_collection(
    root: Path,
    year: int,
    plan_id: str | None = None,
    by: str = BY_RESPONSIBLE,
    due: dt.date | None = None,
    on: dt.date | None = None,
) -> Collection:
    """What the workbooks of the action plan of ``year`` hold (nothing is written)."""
    from kpss_cli.validate import today

    if by not in (BY_RESPONSIBLE, BY_ALL):
        raise UsageError(
            _("--by must be '{responsible}' or '{all}', got {by}").format(
                responsible=BY_RESPONSIBLE, all=BY_ALL, by=repr(by)
            )
        )
    repo, plan, ap = load_for_year(root, year, plan_id)
    last_ap = plan.action_plans.get(year - 1)
    books: dict[str | None, Workbook] = {}
    for item in ap.items:
        measure = plan.measure(item.measure)
        if measure is None:  # a valid action plan names measures of its plan
            continue
        who = measure.responsible if by == BY_RESPONSIBLE else None
        book = books.get(who)
        if book is None:
            book = books[who] = Workbook(L.file_name(year, who), who, [])
        book.measures.append(measure.id)
        _fill(book, measure, item, year, last_ap)
    if not books:
        raise KpssError(_("the action plan {file} has no items, so there is nothing to collect").format(file=ap.file))
    _unique_names(list(books.values()))
    manifest = repo.manifest
    return Collection(
        territory=manifest.territory_name if manifest else "",
        plan_id=plan.id,
        plan_title=plan.title,
        period=plan.period,
        year=year,
        action_plan_file=ap.file,
        created=on or today(),
        due=due,
        coordinator=dict(manifest.coordinator) if manifest else {},
        workbooks=list(books.values()),
    )


def _unique_names(books: list[Workbook]) -> None:
    """Two realizátoři whose names give the same file name get -2, -3 …"""
    seen: dict[str, int] = {}
    for book in books:
        n = seen.get(book.file_name, 0) + 1
        seen[book.file_name] = n
        if n > 1:
            book.file_name = book.file_name.replace(".xlsx", f"-{n}.xlsx")


# -- write -----------------------------------------------------------------------------------------


def write_collection(collection: Collection, folder: Path) -> list[Path]:
    """Write every workbook into ``folder`` (created when missing), each file atomically."""
    from kpss_cli.yamledit import atomic_write

    if folder.exists() and not folder.is_dir():
        raise UsageError(_("{folder} is not a folder; give -o a folder for the workbooks").format(folder=folder))
    written = []
    for book in collection.workbooks:
        path = folder / book.file_name
        data = workbook_bytes(collection, book)
        try:
            atomic_write(path, data)
        except OSError as exc:
            raise KpssError(_("cannot write {path}: {error}").format(path=path, error=exc.strerror or exc)) from None
        written.append(path)
    return written


# Each look of a cell; the writer registers each (style, number format) pair once per workbook.
_BORDER = "B7B7B7"
STYLES: dict[str, Any] = {}


def _styles() -> dict[str, Any]:
    from kpss_cli.evaluation.xlsxwrite import Style

    if not STYLES:
        STYLES.update(
            {
                "title": Style(bold=True, size=14),
                "hint": Style(italic=True, color="444444", wrap=True, vertical="top"),
                "note": Style(italic=True, color="444444"),
                "header": Style(bold=True, fill="D9E2F3", wrap=True, vertical="center", border=_BORDER),
                "header_input": Style(bold=True, fill="FFD966", wrap=True, vertical="center", border=_BORDER),
                "cell": Style(wrap=True, vertical="top", border=_BORDER),
                "number": Style(horizontal="right", vertical="top", border=_BORDER),
                "input": Style(fill="FFF2CC", locked=False, wrap=True, vertical="top", border=_BORDER),
                "label": Style(bold=True, vertical="top"),
                "text": Style(wrap=True, vertical="top"),
            }
        )
    return STYLES


class _Sheet:
    """Writes cells by style name: text never becomes a formula, input cells unlocked and yellow."""

    def __init__(self, sheet: Any) -> None:
        self.sheet = sheet
        self.styles = _styles()

    def put(self, row: int, col: int, value: Any, style: str | None = None, fmt: str | None = None) -> str:
        return str(self.sheet.put(row, col, value, self.styles[style] if style else None, fmt or "General"))


MONEY_FORMAT_WHOLE = '#,##0" Kč"'
MONEY_FORMAT_CENTS = '#,##0.00" Kč"'
NUMBER_FORMAT = "General"
DATE_FORMAT = "d. m. yyyy"


def _number_format(value: Any) -> str:
    """Thousands grouped by the reader's locale (1 234 567 in Czech); decimals only where there are some."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return NUMBER_FORMAT
    return "#,##0" if float(value).is_integer() else "#,##0.0#"


def _fit_rows(sheet: Any, columns: tuple[L.Column, ...], first: int, last: int, min_lines: int = 1) -> None:
    """Row heights that show wrapped text whole (spreadsheets do not grow rows of a written file)."""
    import math

    for r in range(first, last + 1):
        lines = min_lines
        for n, column in enumerate(columns, start=1):
            if column.id == "key":
                continue
            value = sheet.value(r, n)
            if isinstance(value, str) and value:
                per_line = max(column.width * 1.15 - 1, 1)
                lines = max(lines, sum(math.ceil(max(len(part), 1) / per_line) for part in value.split("\n")))
        sheet.heights[r] = 15 * min(lines, 20)


def _money_format(value: Any) -> str:
    return MONEY_FORMAT_WHOLE if value is None or float(value).is_integer() else MONEY_FORMAT_CENTS


def _cell_value(value: Value | None, kind: str) -> Any:
    """A pre-filled indicator value as the cell holds it: a number, or ano/ne."""
    if value is None:
        return None
    if kind == "boolean" or isinstance(value, bool):
        return L.YES if value else L.NO
    return value


@functools.lru_cache(maxsize=8)
def _validation(kind: str) -> Any:
    from kpss_cli.evaluation.xlsxwrite import Validation

    title, prompt = L.VALIDATION[kind]
    common = {"prompt_title": title, "prompt": prompt, "error_title": L.VALIDATION_ERROR, "error": prompt}
    if kind in ("number", "money"):
        return Validation("decimal", "0", operator="greaterThanOrEqual", **common)
    if kind == "boolean":
        return Validation("list", f'"{L.YES},{L.NO}"', **common)
    if kind == "status":
        labels = ",".join(c.cs for c in codes.RESULT_STATUS.values())
        return Validation("list", f'"{labels}"', **common)
    return Validation("date", "36526", operator="greaterThan", **common)  # after 1. 1. 2000


def _page(sheet: Any) -> None:
    """Printed on A4 landscape, one page wide; everything locked but the input cells, no password."""
    sheet.landscape_fit_width = True
    sheet.protected = True  # a protection against slips only
    sheet.allow_format_columns_rows = True  # column widths and row heights may be changed


def _data_sheet(wb: Any, name: str, year: int, mark: str) -> tuple[Any, _Sheet]:
    sheet = wb.add_sheet(name)
    out = _Sheet(sheet)
    columns = L.SHEETS[name]
    out.put(1, 1, mark)  # the identity, in the hidden key column: a CSV saved from the sheet keeps it
    out.put(1, 2, L.SHEET_TITLES[name].format(year=year), "title")
    # The hint runs on over the empty cells to its right.
    out.put(2, 2, L.SHEET_HINTS[name].format(year=year), "note")
    for n, column in enumerate(columns, start=1):
        out.put(L.HEADER_ROW, n, column.title(year), "header_input" if column.input else "header")
        sheet.widths[n] = column.width
    sheet.hidden_columns.add(1)
    sheet.heights[L.HEADER_ROW] = 32
    sheet.freeze = (L.FIRST_ROW, 3)
    sheet.print_title_rows = (L.HEADER_ROW, L.HEADER_ROW)
    _page(sheet)
    return sheet, out


def workbook_bytes(collection: Collection, book: Workbook) -> bytes:
    """The XLSX file of one workbook."""
    from kpss_cli import __version__
    from kpss_cli.evaluation.xlsxwrite import Workbook as XlsxWorkbook

    created = dt.datetime(collection.created.year, collection.created.month, collection.created.day)
    wb = XlsxWorkbook(lock_structure=True, created=created, creator=f"kpss {__version__}")
    year = collection.year
    cells: list[tuple[str, str, str, str, Any]] = []  # sheet, cell, key, field, exported value

    filled_cell = _instructions(wb.add_sheet(L.INSTRUCTIONS), collection, book)
    mark = L.identity_mark(collection.territory, collection.plan_id, year, book.responsible)

    col = {c.id: n for n, c in enumerate(L.INDICATOR_COLUMNS, start=1)}
    sheet, out = _data_sheet(wb, L.INDICATORS, year, mark)
    numbers: list[str] = []
    booleans: list[str] = []
    for r, row in enumerate(book.indicators, start=L.FIRST_ROW):
        out.put(r, col["key"], row.key)
        out.put(r, col["measure"], row.measure, "cell")
        out.put(r, col["measure_title"], row.measure_title, "cell")
        out.put(r, col["indicator"], row.indicator, "cell")
        out.put(r, col["name"], row.name, "cell")
        out.put(r, col["unit"], row.unit or L.NONE, "cell")
        out.put(r, col["kind"], L.KIND_LABELS.get(row.kind, row.kind), "cell")
        out.put(r, col["baseline"], row.baseline, "number")
        target = _cell_value(row.target, row.kind) if row.target is not None else L.NONE
        out.put(r, col["target"], target, "number", _number_format(target))
        last = _cell_value(row.last, row.kind) if row.last is not None else L.NONE
        out.put(r, col["last"], last, "number", _number_format(last))
        ref = out.put(r, col["actual"], _cell_value(row.actual, row.kind), "input")
        (booleans if row.kind == "boolean" else numbers).append(ref)
        cells.append((L.INDICATORS, ref, row.key, L.ACTUAL, row.actual))
    sheet.validate(_validation("number"), numbers)
    sheet.validate(_validation("boolean"), booleans)
    _fit_rows(sheet, L.INDICATOR_COLUMNS, L.FIRST_ROW, L.FIRST_ROW + len(book.indicators) - 1)

    col = {c.id: n for n, c in enumerate(L.MONEY_COLUMNS, start=1)}
    sheet, out = _data_sheet(wb, L.MONEY, year, mark)
    money: list[str] = []
    for r, mrow in enumerate(book.money, start=L.FIRST_ROW):
        out.put(r, col["key"], mrow.key)
        out.put(r, col["measure"], mrow.measure, "cell")
        out.put(r, col["measure_title"], mrow.measure_title, "cell")
        out.put(r, col["source"], codes.label(codes.FUNDING_SOURCE, mrow.source, "cs"), "cell")
        out.put(r, col["planned"], mrow.planned if mrow.planned is not None else L.NONE, "number",
                _money_format(mrow.planned))
        ref = out.put(r, col["spent"], mrow.spent, "input", _money_format(mrow.spent))
        money.append(ref)
        cells.append((L.MONEY, ref, mrow.key, L.SPENT, mrow.spent))
    sheet.validate(_validation("money"), money)
    _fit_rows(sheet, L.MONEY_COLUMNS, L.FIRST_ROW, L.FIRST_ROW + len(book.money) - 1)

    col = {c.id: n for n, c in enumerate(L.ITEM_COLUMNS, start=1)}
    sheet, out = _data_sheet(wb, L.ITEMS, year, mark)
    statuses: list[str] = []
    for r, irow in enumerate(book.items, start=L.FIRST_ROW):
        out.put(r, col["key"], irow.key)
        out.put(r, col["measure"], irow.measure, "cell")
        out.put(r, col["measure_title"], irow.measure_title, "cell")
        out.put(r, col["activities"], irow.activities, "cell")
        label = codes.label(codes.RESULT_STATUS, irow.status, "cs") if irow.status else None
        ref = out.put(r, col["status"], label, "input")
        statuses.append(ref)
        cells.append((L.ITEMS, ref, irow.key, L.STATUS, irow.status))
        ref = out.put(r, col["comment"], irow.comment, "input")
        cells.append((L.ITEMS, ref, irow.key, L.COMMENT, irow.comment))
    sheet.validate(_validation("status"), statuses)
    _fit_rows(sheet, L.ITEM_COLUMNS, L.FIRST_ROW, L.FIRST_ROW + len(book.items) - 1, min_lines=3)

    _identity(wb.add_sheet(L.IDENTITY, hidden=True), collection, book, filled_cell, cells)
    return bytes(wb.to_bytes())


def _instructions(sheet: Any, collection: Collection, book: Workbook) -> str:
    """The first sheet: what to fill in, by when, whom to return it to. Returns the date cell."""
    out = _Sheet(sheet)
    sheet.widths.update({1: 26, 2: 90})
    out.put(1, 1, L.INSTRUCTIONS_TITLE.format(year=collection.year), "title")
    out.put(2, 1, collection.territory, "label")
    c = collection.coordinator
    contact = ", ".join(x for x in (c.get("name"), c.get("organisation"), c.get("email"), c.get("phone")) if x)
    rows: list[tuple[str, str]] = [
        ("Komunitní plán", f"{collection.plan_title} ({czech.period(*collection.period)})"),
        ("Akční plán", f"{collection.year}"),
        ("Realizátor", book.responsible or "všechna opatření akčního plánu"),
        ("Opatření v sešitu", ", ".join(book.measures)),
    ]
    if collection.due is not None:
        rows.append(("Vyplněný sešit vraťte do", czech.date(collection.due, "cs", space=" ")))
    rows.append(("Komu jej vrátit", contact or "koordinátorovi komunitního plánování"))
    rows.append(("Sešit vytvořen", czech.date(collection.created, "cs", space=" ")))
    r = 4
    for label, value in rows:
        out.put(r, 1, label, "label")
        out.put(r, 2, value, "text")
        r += 1
    r += 1
    out.put(r, 1, "Jak vyplnit", "label")
    for line in L.INSTRUCTION_LINES:
        out.put(r, 2, "• " + line.format(year=collection.year), "text")
        sheet.heights[r] = 32
        r += 1
    r += 1
    out.put(r, 1, L.FILLED_LABEL, "label")
    ref = out.put(r, 2, None, "input", DATE_FORMAT)
    sheet.validate(_validation("date"), [ref])
    out.put(r + 1, 2, L.FILLED_HINT, "hint")
    _page(sheet)
    return ref


def _identity(
    sheet: Any, collection: Collection, book: Workbook, filled_cell: str, cells: list[tuple[str, str, str, str, Any]]
) -> None:
    """The hidden sheet: whose workbook this is, and per input cell its key and exported value."""
    from kpss_cli import __version__

    out = _Sheet(sheet)
    rows: list[tuple[str, Any]] = [
        (L.ID_FORMAT, L.FORMAT),
        (L.ID_VERSION, L.FORMAT_VERSION),
        (L.ID_TERRITORY, collection.territory),
        (L.ID_PLAN, collection.plan_id),
        (L.ID_YEAR, collection.year),
        (L.ID_RESPONSIBLE, book.responsible or ""),
        (L.ID_CREATED, collection.created.isoformat()),
        (L.ID_DUE, collection.due.isoformat() if collection.due else ""),
        (L.ID_KPSS, __version__),
        (L.ID_FILLED_CELL, f"{L.INSTRUCTIONS}!{filled_cell}"),
    ]
    r = 1
    for label, value in rows:
        out.put(r, 1, label)
        out.put(r, 2, value)
        r += 1
    out.put(r, 1, L.ID_CELLS)
    for n, head in enumerate(("sheet", "cell", "key", "field", "exported"), start=2):
        out.put(r, n, head)
    for sheet_name, ref, key, fieldname, value in cells:
        r += 1
        out.put(r, 2, sheet_name)
        out.put(r, 3, ref)
        out.put(r, 4, key)
        out.put(r, 5, fieldname)
        out.put(r, 6, json.dumps(value, ensure_ascii=False))
    sheet.protected = True
