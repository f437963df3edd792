"""``kpss import results``: returned evaluation workbooks (or CSV files) merged into the action plan.

Three steps, so ``--dry-run`` is just the last one skipped:

1. :func:`read_file` turns one file into its identity and a list of :class:`Entry` (one per
   filled input cell, with the row's key and the value it had at the export) plus findings for
   cells that cannot be read. Nothing here knows the repository.
2. :func:`plan_import` checks each file's identity against the repository (another territory,
   plan or year: exit 2), reads the values by the indicator's kind, compares every value with the
   action plan now and at the export (conflicts), and computes the new YAML text of each action
   plan, round-trip, validated with the rest of the repository.
3. :func:`apply_import` writes the changed action plans atomically.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kpss_cli import codes, czech
from kpss_cli.errors import KpssError
from kpss_cli.evaluation import layout as L
from kpss_cli.evaluation.parse import (
    CellError,
    is_empty,
    parse_bool,
    parse_date,
    parse_number,
    parse_status,
    parse_text,
)
from kpss_cli.evaluation.xlsxwrite import column_letter
from kpss_cli.findings import Finding
from kpss_cli.i18n import _
from kpss_cli.model import ActionPlan, Plan, Repository

MAX_FILE_BYTES = 50 * 1024 * 1024
UNKNOWN = object()  # the value at the export is not known (a CSV file)


@dataclass
class ReadFinding:
    """A cell (or a file) that could not be read; nothing of it was imported."""

    file: str
    message: str
    sheet: str | None = None
    cell: str | None = None

    @property
    def where(self) -> str:
        if self.cell is None:
            return self.file
        return f"{self.file}: {self.sheet}!{self.cell}" if self.sheet else f"{self.file}: {self.cell}"

    def to_json(self) -> dict[str, Any]:
        return {"file": self.file, "sheet": self.sheet, "cell": self.cell, "message": self.message}


@dataclass
class Entry:
    """One filled input cell: where it is, the row's key, and the raw value typed in."""

    sheet: str
    cell: str
    key: str
    field: str
    raw: Any
    exported: Any = UNKNOWN


@dataclass
class ReadFile:
    """One returned file: whose it is (identity) and its filled cells."""

    file: str
    kind: str  # xlsx or csv
    plan: str | None = None
    year: int | None = None
    territory: str | None = None
    responsible: str | None = None
    filled: dt.date | None = None
    entries: list[Entry] = field(default_factory=list)
    findings: list[ReadFinding] = field(default_factory=list)
    readable: bool = True


@dataclass
class Change:
    """A value that changes in the action plan (or a conflict, when ``exported`` is set)."""

    measure: str
    field: str
    part: str | None
    old: Any
    new: Any
    file: str
    cell: str | None = None
    exported: Any = UNKNOWN
    applied: bool = True

    def _value(self, value: Any) -> str:
        if value is None:
            return czech.EN_DASH
        if self.field == L.SPENT:
            return czech.money(value).replace(czech.NBSP, " ")
        if self.field == L.STATUS:
            return codes.label(codes.RESULT_STATUS, value)
        if self.field in (L.COMMENT, "reported_by"):
            text = str(value).replace("\n", " ")
            return repr(text if len(text) <= 50 else text[:47] + "…")
        if self.field == "evaluated":
            return czech.date(value, space=" ")
        return czech.value(value).replace(czech.NBSP, " ")

    @property
    def label(self) -> str:
        if self.field == L.ACTUAL:
            return _("actual of {part}").format(part=self.part)
        if self.field == L.SPENT:
            return _("spent {part}").format(part=self.part)
        return {
            L.STATUS: _("status"),
            L.COMMENT: _("comment"),
            "evaluated": _("evaluated"),
            "reported_by": _("reported by"),
        }[self.field]

    def describe(self) -> str:
        """``measure 1.2: actual of 1.2.a – → 8``."""
        text = _("measure {measure}: {label} {old} → {new}").format(
            measure=self.measure, label=self.label, old=self._value(self.old), new=self._value(self.new)
        )
        if self.exported is not UNKNOWN:
            where = f"{self.file} {self.cell}" if self.cell else self.file
            text += _(" (the workbook was sent with {exported}; {where})").format(
                exported=self._value(self.exported), where=where
            )
        return text

    def to_json(self) -> dict[str, Any]:
        data = {
            "measure": self.measure,
            "field": self.field,
            "key": self.part,
            "old": _jsonable(self.old),
            "new": _jsonable(self.new),
            "file": self.file,
            "cell": self.cell,
        }
        if self.exported is not UNKNOWN:
            data["exported"] = _jsonable(self.exported)
            data["applied"] = self.applied
        return data


def _jsonable(value: Any) -> Any:
    return value.isoformat() if isinstance(value, dt.date) else value


@dataclass
class ActionPlanImport:
    """What the returned files change in one action plan, and its new text."""

    plan_id: str
    year: int
    file: str
    changes: list[Change] = field(default_factory=list)
    conflicts: list[Change] = field(default_factory=list)
    old_text: str = ""
    text: str = ""
    errors: list[Finding] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {
            "file": self.file,
            "plan": self.plan_id,
            "year": self.year,
            "changes": [c.to_json() for c in self.changes],
            "conflicts": [c.to_json() for c in self.conflicts],
        }


@dataclass
class ImportResult:
    root: Path
    files: list[ReadFile]
    findings: list[ReadFinding]
    action_plans: list[ActionPlanImport]
    notes: list[str] = field(default_factory=list)

    @property
    def blocked_conflicts(self) -> list[Change]:
        return [c for ap in self.action_plans for c in ap.conflicts if not c.applied]

    @property
    def changed(self) -> bool:
        return any(ap.changes for ap in self.action_plans)

    def to_json(self, dry_run: bool, written: bool) -> dict[str, Any]:
        """What ``kpss import results --format json`` prints."""
        return {
            "files": [
                {
                    "file": f.file,
                    "kind": f.kind,
                    "plan": f.plan,
                    "year": f.year,
                    "responsible": f.responsible,
                    "filled": f.filled.isoformat() if f.filled else None,
                    "values": len(f.entries),
                }
                for f in self.files
            ],
            "findings": [f.to_json() for f in self.findings],
            "action_plans": [ap.to_json() for ap in self.action_plans],
            "changes": sum(len(ap.changes) for ap in self.action_plans),
            "conflicts": len(self.blocked_conflicts),
            "notes": list(self.notes),
            "dry_run": dry_run,
            "written": written,
        }


# -- 1. reading a file -----------------------------------------------------------------------------


def read_file(path: Path) -> ReadFile:
    """The identity and filled cells of a returned XLSX workbook or CSV file; never raises for its content."""
    name = str(path)
    kind = "csv" if path.suffix.lower() in (".csv", ".txt") else "xlsx"
    read = ReadFile(name, kind)
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            return _unreadable(
                read,
                _("the file is {size} MB; an evaluation workbook is far smaller").format(size=size // (1024 * 1024)),
            )
        raw = path.read_bytes()
    except OSError as exc:
        if not path.exists():
            raise KpssError(_("the file {path} does not exist").format(path=path)) from None
        return _unreadable(read, _("cannot be read: {error}").format(error=exc.strerror or exc))
    if kind == "csv":
        _read_csv(read, raw)
    elif not raw.startswith(b"PK"):
        _unreadable(read, _("is not an XLSX workbook (save it from the spreadsheet as .xlsx, or as CSV)"))
    else:
        _read_xlsx(read, raw)
    return read


def _unreadable(read: ReadFile, message: str) -> ReadFile:
    read.readable = False
    read.findings.append(ReadFinding(read.file, message))
    return read


def _read_xlsx(read: ReadFile, raw: bytes) -> None:
    """The cell values by the fast XML reader; by openpyxl when that one does not know the file."""
    from kpss_cli.evaluation.xlsx import NotReadable, read_values

    try:
        book, date1904 = read_values(raw)
    except NotReadable:
        found = _openpyxl_values(read, raw)
        if found is None:
            return
        book, date1904 = found, False
    try:
        _read_book(read, book, date1904)
    except Exception as exc:  # noqa: BLE001 - a damaged sheet must be a finding, never a traceback
        _unreadable(read, _not_xlsx(exc))


def _not_xlsx(exc: Exception) -> str:
    return _("cannot be read as an XLSX workbook ({kind}: {error})").format(kind=type(exc).__name__, error=exc)


def _openpyxl_values(read: ReadFile, raw: bytes) -> dict[str, list[list[Any]]] | None:
    from openpyxl import load_workbook

    from kpss_cli.evaluation.xlsx import unescape

    try:
        wb = load_workbook(io.BytesIO(raw), read_only=True, data_only=True)
    except Exception as exc:  # a damaged file from outside: any error of the XLSX reader is a finding
        _unreadable(read, _not_xlsx(exc))
        return None
    try:
        return {
            name: [[unescape(v) if isinstance(v, str) else v for v in r] for r in wb[name].iter_rows(values_only=True)]
            for name in wb.sheetnames
            if hasattr(wb[name], "iter_rows")  # not a chart sheet
        }
    except Exception as exc:  # noqa: BLE001 - as above
        _unreadable(read, _not_xlsx(exc))
        return None
    finally:
        wb.close()


def _read_book(read: ReadFile, book: dict[str, list[list[Any]]], date1904: bool) -> None:
    if L.IDENTITY not in book:
        _unreadable(
            read,
            _(
                "is not an evaluation workbook of kpss collect (it has no sheet '{sheet}'); "
                "import the workbook that was sent out, or a CSV file with its columns"
            ).format(sheet=L.IDENTITY),
        )
        return
    exported, filled_ref = _read_identity(read, book[L.IDENTITY])
    if not read.readable or read.year is None:
        return
    for sheet in L.SHEETS:
        if sheet not in book:
            read.findings.append(
                ReadFinding(read.file, _("the sheet '{sheet}' is missing; nothing of it imported").format(sheet=sheet))
            )
            continue
        _read_rows(read, sheet, book[sheet], sheet, exported, read.year)
    if filled_ref:
        _read_filled(read, book, filled_ref, date1904)


def _read_identity(read: ReadFile, rows: list[list[Any]]) -> tuple[dict[tuple[str, str, str], Any], str | None]:
    values: dict[str, Any] = {}
    exported: dict[tuple[str, str, str], Any] = {}
    in_cells = False
    for row in rows:
        cells = list(row) + [None] * 6
        if in_cells:
            sheet, _ref, key, fieldname, value = cells[1:6]
            if sheet and key and fieldname:
                try:
                    exported[(str(sheet), str(key), str(fieldname))] = json.loads(value) if value else None
                except (TypeError, ValueError):
                    exported[(str(sheet), str(key), str(fieldname))] = UNKNOWN
            continue
        if cells[0] == L.ID_CELLS:
            in_cells = True
        elif cells[0]:
            values[str(cells[0])] = cells[1]
    if values.get(L.ID_FORMAT) != L.FORMAT:
        _unreadable(
            read,
            _("the sheet '{sheet}' is not that of an evaluation workbook of kpss collect").format(sheet=L.IDENTITY),
        )
        return exported, None
    try:
        read.year = int(values.get(L.ID_YEAR))  # type: ignore[arg-type]
    except (TypeError, ValueError):
        _unreadable(read, _("the sheet '{sheet}' names no year; the workbook is damaged").format(sheet=L.IDENTITY))
        return exported, None
    read.plan = str(values.get(L.ID_PLAN) or "") or None
    read.territory = str(values.get(L.ID_TERRITORY) or "")
    read.responsible = str(values.get(L.ID_RESPONSIBLE) or "") or None
    filled = values.get(L.ID_FILLED_CELL)
    return exported, str(filled) if filled else None


_CELL = re.compile(r"^([A-Z]{1,3})(\d{1,7})$")


def _read_filled(read: ReadFile, book: dict[str, list[list[Any]]], ref: str, date1904: bool) -> None:
    from kpss_cli.evaluation.xlsx import serial_date

    sheet, _, cell = ref.rpartition("!")
    match = _CELL.match(cell)
    if sheet not in book or match is None:
        return
    col = 0
    for ch in match.group(1):
        col = col * 26 + ord(ch) - 64
    rows = book[sheet]
    r = int(match.group(2))
    value = rows[r - 1][col - 1] if r <= len(rows) and col <= len(rows[r - 1]) else None
    if isinstance(value, (int, float)) and not isinstance(value, bool) and 1 <= value < 2_958_466:
        value = serial_date(value, date1904)  # a date cell holds the day number
    try:
        read.filled = parse_date(value)
    except CellError as exc:
        read.findings.append(ReadFinding(read.file, str(exc), sheet, cell))


def _find_header(rows: list[list[Any]]) -> int | None:
    key = L.normalise_header(L.KEY.header)
    for i, row in enumerate(rows[:20]):
        if any(v is not None and L.normalise_header(str(v)) == key for v in row):
            return i
    return None


def _read_rows(
    read: ReadFile,
    sheet: str,
    rows: list[list[Any]],
    label: str | None,
    exported: dict[tuple[str, str, str], Any] | None,
    year: int,
) -> None:
    """The filled input cells of one data sheet (or CSV file), by the header's columns."""
    header_at = _find_header(rows)
    if header_at is None:
        read.findings.append(
            ReadFinding(
                read.file, _("no header row with the column '{column}' found").format(column=L.KEY.header), label, None
            )
        )
        return
    header = [L.plain_header(str(v)) if v is not None else "" for v in rows[header_at]]
    where: dict[str, int] = {}
    for column in L.SHEETS[sheet]:
        wanted = L.plain_header(column.title(year))
        if wanted in header:
            where[column.id] = header.index(wanted)
    if not any(c.input and c.id in where for c in L.SHEETS[sheet]):
        read.findings.append(
            ReadFinding(
                read.file,
                _("no input column for {year} found in the header; nothing of it imported").format(year=year),
                label,
                None,
            )
        )
        return
    inputs = [c for c in L.SHEETS[sheet] if c.input and c.id in where]
    known_keys = {k for (s, k, _f) in exported} if exported is not None else None
    for offset, row in enumerate(rows[header_at + 1 :], start=header_at + 2):
        key_value = row[where["key"]] if where["key"] < len(row) else None
        filled = [(c, row[where[c.id]]) for c in inputs if where[c.id] < len(row) and not is_empty(row[where[c.id]])]
        if not filled:
            continue
        first_cell = f"{column_letter(where[filled[0][0].id] + 1)}{offset}"
        if is_empty(key_value):
            read.findings.append(
                ReadFinding(
                    read.file,
                    _(
                        "a row without a key (added by hand?) is not imported; "
                        "a new value belongs in the action plan, ask the coordinator"
                    ),
                    label,
                    first_cell,
                )
            )
            continue
        key = str(key_value).strip()
        if known_keys is not None and key not in known_keys:
            read.findings.append(
                ReadFinding(
                    read.file,
                    _("the row key '{key}' is not one this workbook was sent with; row not imported").format(key=key),
                    label,
                    first_cell,
                )
            )
            continue
        for column, value in filled:
            cell = f"{column_letter(where[column.id] + 1)}{offset}"
            assert column.field is not None
            exp = UNKNOWN if exported is None else exported.get((sheet, key, column.field), UNKNOWN)
            read.entries.append(Entry(sheet, cell, key, column.field, value, exp))


def _read_csv(read: ReadFile, raw: bytes) -> None:
    text: str | None = None
    for encoding in ("utf-8-sig", "cp1250"):
        try:
            text = raw.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    if text is None or "\x00" in text:
        _unreadable(read, _("is not a CSV text file"))
        return
    first = next((line for line in text.splitlines() if line.strip()), "")
    delimiter = max(";,\t", key=first.count) if first else ","
    try:
        rows = [list(r) for r in csv.reader(io.StringIO(text), delimiter=delimiter)]
    except csv.Error as exc:
        _unreadable(read, _("cannot be read as CSV: {error}").format(error=exc))
        return
    header_at = _find_header(rows)
    sheet = L.sheet_of_headers(rows[header_at]) if header_at is not None else None
    if header_at is None or sheet is None:
        _unreadable(
            read,
            _(
                "is not a CSV file of an evaluation sheet: its header has no column 'Klíč' and no input column "
                "('Skutečnost …', 'Čerpáno …', 'Stav plnění …')"
            ),
        )
        return
    mark = next((m for row in rows[:header_at] for v in row if (m := L.read_identity_mark(v)) is not None), None)
    read.year = L.year_of_headers(sheet, rows[header_at])
    if mark is not None:
        # Saved from a workbook of kpss collect: its identity came along in the key column.
        read.territory = str(mark.get("territory") or "")
        read.plan = str(mark.get("plan") or "") or None
        read.responsible = str(mark.get("responsible") or "") or None
        try:
            read.year = int(mark.get("year"))  # type: ignore[arg-type]
        except (TypeError, ValueError):
            _unreadable(read, _("its identity cell (A1) names no year; the file is damaged"))
            return
    if read.year is None:
        _unreadable(read, _("its header names no year (e.g. 'Skutečnost 2025'), so the action plan is unknown"))
        return
    cleaned = [[v if v != "" else None for v in r] for r in rows]
    _read_rows(read, sheet, cleaned, None, None, read.year)


# -- 2. planning the import -----------------------------------------------------------------------


@dataclass
class _Target:
    """An action plan being imported into: its model, the YAML being edited and what changes."""

    repo: Repository
    plan: Plan
    ap: ActionPlan
    result: ActionPlanImport
    current: dict[tuple[str, str, str | None], Any]
    touched: dict[str, tuple[str | None, dt.date | None]] = field(default_factory=dict)


def _same(a: Any, b: Any) -> bool:
    if a is None or b is None:
        return a is None and b is None
    if isinstance(a, bool) or isinstance(b, bool):
        return isinstance(a, bool) and isinstance(b, bool) and a == b
    if isinstance(a, (int, float)) and isinstance(b, (int, float)):
        return abs(float(a) - float(b)) < 1e-9
    return str(a).strip() == str(b).strip()


def _current_values(ap: ActionPlan) -> dict[tuple[str, str, str | None], Any]:
    values: dict[tuple[str, str, str | None], Any] = {}
    for item in ap.items:
        if item.result is None:
            continue
        for iid, v in item.result.actuals.items():
            values[(item.measure, L.ACTUAL, iid)] = v
        for source, v in item.result.spent.items():
            values[(item.measure, L.SPENT, source)] = v
        values[(item.measure, L.STATUS, None)] = item.result.status
        values[(item.measure, L.COMMENT, None)] = item.result.comment
    return values


def plan_import(root: Path, paths: list[Path], force: bool = False, on: dt.date | None = None) -> ImportResult:
    """Read every file and compute the new action plans; exit 2 (KpssError) for another territory/plan/year."""
    from kpss_cli.validate import today

    if not paths:
        raise KpssError(_("give at least one returned workbook (.xlsx) or CSV file"))
    on = on or today()
    files = [read_file(p) for p in paths]
    findings: list[ReadFinding] = [f for r in files for f in r.findings]
    targets: dict[tuple[str, int], _Target] = {}
    for read in files:
        if not read.readable or read.year is None:
            continue
        target = _target_for(root, read, targets)
        territory = target.repo.manifest.territory_name if target.repo.manifest else ""
        if read.territory is not None and read.territory != territory:
            raise KpssError(
                _(
                    "{file} was made for the territory '{theirs}', but this repository is '{ours}'; "
                    "nothing was imported"
                ).format(file=read.file, theirs=read.territory, ours=territory)
            )
        if read.territory is None:
            _refuse_foreign_csv(read, target)
        _merge(read, target, findings, force)
    result = ImportResult(root, files, findings, [t.result for t in targets.values()])
    for target in targets.values():
        _stamp(target, on)
        _sort(target)
        if target.result.changes:
            _render(root, target)
    for read in files:
        if read.kind == "csv" and read.readable and read.year is not None and read.territory is None:
            result.notes.append(
                _(
                    "{file} names no territory (a CSV file made by hand?): it was matched to the "
                    "action plan by the year of its header and the keys of its rows"
                ).format(file=read.file)
            )
    if not any(r.readable for r in files):
        result.notes.append(_("no file could be read, so nothing was imported"))
    return result


def _refuse_foreign_csv(read: ReadFile, target: _Target) -> None:
    """A CSV file without the identity cell (made by hand) is checked by its rows' keys only.

    When not one of its rows names an item of the action plan it belongs to another repository
    (or another year's plan): refused, exit 2, like a workbook of another territory.
    """
    measures = {L.split_key(e.key)[0] for e in read.entries}
    if measures and not any(target.ap.item(m) is not None for m in measures):
        raise KpssError(
            _(
                "{file} names no territory, and none of its rows is an item of the action plan "
                "{action_plan}; it is not a file of this repository; nothing was imported"
            ).format(file=read.file, action_plan=target.ap.file)
        )


def _target_for(root: Path, read: ReadFile, targets: dict[tuple[str, int], _Target]) -> _Target:
    from kpss_cli.evaluation.collect import load_for_year

    assert read.year is not None
    for (plan_id, year), target in targets.items():
        if year == read.year and (read.plan is None or read.plan == plan_id):
            return target
    try:
        repo, plan, ap = load_for_year(root, read.year, read.plan)
    except KpssError as exc:
        raise KpssError(_("{file}: {error}; nothing was imported").format(file=read.file, error=exc)) from None
    key = (plan.id, ap.year)
    if key not in targets:
        targets[key] = _Target(
            repo, plan, ap, ActionPlanImport(plan.id, ap.year, ap.file), _current_values(ap)
        )
    return targets[key]


def _interpret(entry: Entry, target: _Target) -> tuple[str, str | None, Any]:
    """(measure, part, value) of an entry, read by what its row stands for; CellError when unreadable."""
    measure_id, part = L.split_key(entry.key)
    measure = target.plan.measure(measure_id)
    item = target.ap.item(measure_id)
    if measure is None or item is None:
        raise CellError(
            _("measure {measure} is not in the action plan {year}; row not imported").format(
                measure=measure_id, year=target.ap.year
            )
        )
    if entry.field == L.ACTUAL:
        ind = measure.indicator(part or "")
        if ind is None:
            raise CellError(
                _("'{part}' is not an indicator of measure {measure}; row not imported").format(
                    part=part, measure=measure_id
                )
            )
        return measure_id, part, parse_bool(entry.raw) if ind.kind == "boolean" else parse_number(entry.raw)
    if entry.field == L.SPENT:
        if part not in codes.FUNDING_SOURCE:
            raise CellError(_("'{part}' is not a funding source; row not imported").format(part=part))
        return measure_id, part, parse_number(entry.raw, money=True)
    if entry.field == L.STATUS:
        return measure_id, None, parse_status(entry.raw)
    return measure_id, None, parse_text(entry.raw)


def _merge(read: ReadFile, target: _Target, findings: list[ReadFinding], force: bool) -> None:
    for entry in read.entries:
        sheet = entry.sheet if read.kind == "xlsx" else None
        try:
            measure_id, part, new = _interpret(entry, target)
        except CellError as exc:
            findings.append(ReadFinding(read.file, str(exc), sheet, entry.cell))
            continue
        if new is None:
            continue
        slot = (measure_id, entry.field, part)
        current = target.current.get(slot)
        if _same(new, current):
            continue
        exported = entry.exported
        if exported is not UNKNOWN and _same(new, exported):
            continue  # the workbook left the value it was sent with; the action plan's newer one stays
        base = None if exported is UNKNOWN else exported
        change = Change(measure_id, entry.field, part, current, new, read.file, f"{sheet}!{entry.cell}"
                        if sheet else entry.cell)
        if not _same(current, base):
            change.exported = base
            change.applied = force
            target.result.conflicts.append(change)
            if not force:
                continue
        target.current[slot] = new
        target.result.changes.append(change)
        responsible = read.responsible or (target.plan.measure(measure_id).responsible  # type: ignore[union-attr]
                                           if target.plan.measure(measure_id) else None)
        target.touched[measure_id] = (responsible, read.filled)


def _stamp(target: _Target, on: dt.date) -> None:
    """``evaluated`` and ``reported_by`` of every item that got a value."""
    for measure_id, (responsible, filled) in target.touched.items():
        item = target.ap.item(measure_id)
        result = item.result if item is not None else None
        day = filled or on
        when = dt.date(day.year, day.month, day.day)  # its own object: ruamel would write a shared one as an alias
        old_when = czech.as_date(result.evaluated) if result is not None else None
        if old_when != when:
            target.result.changes.append(Change(measure_id, "evaluated", None, old_when, when, ""))
        old_by = getattr(result, "reported_by", None) if result is not None else None
        if responsible and old_by != responsible:
            target.result.changes.append(Change(measure_id, "reported_by", None, old_by, responsible, ""))


_FIELD_ORDER = (L.ACTUAL, L.SPENT, L.STATUS, L.COMMENT, "evaluated", "reported_by")


def _sort(target: _Target) -> None:
    """Changes in the order of the action plan's items, then of the result's fields."""
    rank = {item.measure: n for n, item in enumerate(target.ap.items)}
    for changes in (target.result.changes, target.result.conflicts):
        changes.sort(key=lambda c: (rank.get(c.measure, len(rank)), _FIELD_ORDER.index(c.field)))


# -- the YAML edit ---------------------------------------------------------------------------------

_RESULT_ORDER = ("status", "actuals", "spent", "comment", "evaluated", "reported_by")


def _render(root: Path, target: _Target) -> None:
    """The new text of the action plan, every change applied round-trip, and its findings."""
    from kpss_cli.yamledit import dump_roundtrip, read_roundtrip

    path = root / target.ap.file
    target.result.old_text = path.read_text(encoding="utf-8-sig")
    data, style = read_roundtrip(path)
    by_measure = {str(it.get("measure")): it for it in data.get("items")}
    edits: dict[str, list[Change]] = {}
    for change in target.result.changes:
        edits.setdefault(change.measure, []).append(change)
    for measure_id, changes in edits.items():
        _edit_item(by_measure[measure_id], changes)
    target.result.text = dump_roundtrip(data, style)
    target.result.errors = _check(root, target)


def _edit_item(item: Any, changes: list[Change]) -> None:
    """Apply one item's changes; a map that is new is built whole before it goes in (comments stay put)."""
    from ruamel.yaml.comments import CommentedMap

    result = item.get("result")
    new_result = not isinstance(result, CommentedMap)
    if new_result:
        result = CommentedMap()
    maps: dict[str, tuple[Any, bool]] = {}
    for change in changes:
        if change.field in (L.ACTUAL, L.SPENT):
            name = "actuals" if change.field == L.ACTUAL else "spent"
            if name not in maps:
                existing = result.get(name)
                fresh = not isinstance(existing, CommentedMap)
                sub = CommentedMap() if fresh else existing
                like = item.get("targets" if name == "actuals" else "budget")
                if fresh and hasattr(like, "fa") and like.fa.flow_style():
                    sub.fa.set_flow_style()
                maps[name] = (sub, fresh)
            sub = maps[name][0]
            if change.field == L.ACTUAL:
                key = _key_like(sub, item.get("targets"), change.part or "")
                _set(sub, key, change.new, None)
            else:
                _set(sub, change.part or "", change.new, list(codes.FUNDING_SOURCE))
        elif change.field == L.COMMENT:
            _set(result, "comment", _comment_value(change.new), _RESULT_ORDER)
        else:
            _set(result, change.field, change.new, _RESULT_ORDER)
    for name, (sub, fresh) in maps.items():
        if fresh:
            _set(result, name, sub, _RESULT_ORDER)
    if new_result:
        _set(item, "result", result, _ITEM_ORDER)


_ITEM_ORDER = ("measure", "activities", "note", "budget", "targets", "carried_over", "result")


def _comment_value(text: str) -> Any:
    if "\n" in text:
        from ruamel.yaml.scalarstring import LiteralScalarString

        return LiteralScalarString(text + "\n")
    return text


def _key_like(mapping: Any, sibling: Any, key: str) -> Any:
    """An indicator id quoted like the ids already in the file (``"1.2.a"`` stays a string)."""
    from ruamel.yaml.scalarstring import DoubleQuotedScalarString, SingleQuotedScalarString

    for source in (mapping, sibling):
        if isinstance(source, dict):
            for k in source:
                if isinstance(k, (DoubleQuotedScalarString, SingleQuotedScalarString)):
                    return type(k)(key)
                if isinstance(k, str):
                    return key
    return DoubleQuotedScalarString(key)


def _set(cm: Any, key: Any, value: Any, order: tuple[str, ...] | list[str] | None) -> None:
    """Set a key; a new one goes where ``order`` puts it (else last), comments kept (shared yamledit code)."""
    from kpss_cli.yamledit import insert_key

    if key in cm:
        cm[key] = value
        return
    known = tuple(order) if order else ()
    if key not in known:
        known = (*[str(k) for k in cm], str(key))  # no order: after the keys already there
    insert_key(cm, key, value, known)


def _check(root: Path, target: _Target) -> list[Finding]:
    """The new file validated with the files it depends on (the manifest, its plan, its action plans)."""
    from kpss_cli.findings import ERROR
    from kpss_cli.repo import Subset, WorkingTree, classify
    from kpss_cli.validate import validate_repository

    relpath = target.ap.file
    tree = WorkingTree(root, overrides={relpath: target.result.text.encode("utf-8")})
    listed = [f for f in (classify(p) for p in tree.list_files()) if f is not None]
    read = [
        f.path
        for f in listed
        if f.kind == "manifest" or (f.kind in ("plan", "action_plan") and f.plan_id == target.plan.id)
    ]
    unread = [f.path for f in listed if f.path not in read]
    checked = validate_repository(source=Subset(tree, read), unread=unread)
    return [f for f in checked.findings if f.file == relpath and f.severity == ERROR]


# -- 3. writing ------------------------------------------------------------------------------------


def invalid_message(ap: ActionPlanImport) -> str:
    shown = "\n".join(f"  {f.file}:{f.line}:{f.column}: {f.code} {f.message}" for f in ap.errors[:10])
    return _(
        "the action plan {file} would not be valid after the import, so nothing was written:\n{shown}\n"
        "This is most likely a bug in kpss import results; please report it with the files involved."
    ).format(file=ap.file, shown=shown)


def apply_import(result: ImportResult) -> bool:
    """Write every changed action plan atomically; nothing at all when one of them would be invalid."""
    from kpss_cli.yamledit import atomic_write

    changed = [ap for ap in result.action_plans if ap.changes]
    for ap in changed:
        if ap.errors:
            raise KpssError(invalid_message(ap))
    for ap in changed:
        path = result.root / ap.file
        try:
            atomic_write(path, ap.text)
        except OSError as exc:
            raise KpssError(_("cannot write {path}: {error}").format(path=ap.file, error=exc.strerror or exc)) from None
    return bool(changed)
