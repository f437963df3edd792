#!/usr/bin/env python3
"""The message catalogues of kpss: extract, update, compile, check (needs Babel: `pip install .[dev]`).

    .venv/bin/python tools/i18n.py update    # new messages of the code into every .po (translate them there)
    .venv/bin/python tools/i18n.py check     # exit 1: a message without a Czech translation, a lost placeholder
    .venv/bin/python tools/i18n.py compile   # .po -> .mo beside it (the wheel build does this itself)
    .venv/bin/python tools/i18n.py extract   # the template kpss.pot to standard output

What is a message: the first argument of ``_()``, ``gettext()``, ``N_()`` and the two of
``ngettext()`` anywhere in kpss_cli/; in kpss_cli/cli/ also every ``help="…"``, ``metavar="…"`` and the docstring
of every command function (a function with a typer.Option/Argument parameter), because the CLI
translates them when it prints ``--help``. The .po files are written sorted by message, with the
file names but not the line numbers, so two branches adding messages rarely conflict; on a
conflict keep both sides' entries and run ``update`` again.
"""

from __future__ import annotations

import ast
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "kpss_cli"
LOCALE = PACKAGE / "locale"
DOMAIN = "kpss"
LANGUAGES = ("cs",)
GETTEXT = {"_", "gettext", "N_"}
NGETTEXT = {"ngettext"}
# str.format fields ({name}, {n:,}, {}) and %-style ones; a literal "{ with }" in a text is not one.
PLACEHOLDER = re.compile(r"\{(?:[A-Za-z_]\w*)?(?:[.!:][^{}]*)?\}|%(?:\([^)]*\))?[sdfr]")


@dataclass
class Message:
    msgid: str
    plural: str | None = None
    locations: set[str] = field(default_factory=set)


@dataclass
class Extracted:
    messages: dict[str, Message] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)

    def add(self, msgid: str, where: str, plural: str | None = None) -> None:
        message = self.messages.setdefault(msgid, Message(msgid, plural))
        if plural and not message.plural:
            message.plural = plural
        message.locations.add(where)


def _string(node: ast.AST | None) -> str | None:
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None


def _call_name(node: ast.Call) -> str:
    func = node.func
    if isinstance(func, ast.Name):
        return func.id
    if isinstance(func, ast.Attribute):
        return func.attr
    return ""


def _is_command(fn: ast.FunctionDef | ast.AsyncFunctionDef) -> bool:
    """A typer command or callback: a parameter defaults to typer.Option/Argument or options.*Option."""
    defaults = [*fn.args.defaults, *[d for d in fn.args.kw_defaults if d is not None]]
    for default in defaults:
        if isinstance(default, ast.Call) and _call_name(default) in ("Option", "Argument"):
            return True
        if isinstance(default, ast.Attribute) and default.attr.endswith(("Option", "Argument")):
            return True
    return False


@dataclass(frozen=True)
class Wrapper:
    """A function that hands its own parameters to ``_``/``ngettext``: ``def plural(n, one, many):
    return ngettext(one, many, n)``. Its callers' texts are messages: ``plural(n, "file", "files")``."""

    name: str
    params: tuple[str, ...]  # the parameters, without self/cls
    texts: tuple[str, ...]  # the parameters that are the message (singular, plural)


def _params(fn: ast.FunctionDef | ast.AsyncFunctionDef) -> tuple[str, ...]:
    names = [a.arg for a in (*fn.args.posonlyargs, *fn.args.args)]
    if names and names[0] in ("self", "cls"):
        names = names[1:]
    return (*names, *(a.arg for a in fn.args.kwonlyargs))


def find_wrappers(tree: ast.AST) -> list[Wrapper]:
    """The functions of ``tree`` that pass a parameter of theirs as the text of a message."""
    found = []
    for fn in ast.walk(tree):
        if not isinstance(fn, (ast.FunctionDef, ast.AsyncFunctionDef)) or fn.name in GETTEXT | NGETTEXT:
            continue
        params = _params(fn)
        for node in ast.walk(fn):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in GETTEXT | NGETTEXT:
                count = 2 if node.func.id in NGETTEXT else 1
                args = node.args[:count]
                if len(args) == count and all(isinstance(a, ast.Name) and a.id in params for a in args):
                    found.append(Wrapper(fn.name, params, tuple(a.id for a in args)))  # type: ignore[attr-defined]
                    break
    return found


def _wrapped_texts(node: ast.Call, wrapper: Wrapper) -> list[ast.AST | None]:
    """The arguments of a call of ``wrapper`` that are its message texts (None: not given)."""
    given: dict[str, ast.AST] = {wrapper.params[i]: a for i, a in enumerate(node.args) if i < len(wrapper.params)}
    given.update({k.arg: k.value for k in node.keywords if k.arg})
    return [given.get(p) for p in wrapper.texts]


def extract_file(path: Path, into: Extracted, wrappers: dict[str, Wrapper] | None = None) -> None:
    where = path.relative_to(ROOT).as_posix()
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=where)
    cli = path.is_relative_to(PACKAGE / "cli")
    wrappers = wrappers if wrappers is not None else {w.name: w for w in find_wrappers(tree)}
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            name = _call_name(node)
            if name in GETTEXT | NGETTEXT and isinstance(node.func, ast.Name) and node.args:
                first = node.args[0]
                if isinstance(first, ast.JoinedStr):
                    into.problems.append(
                        f'{where}:{node.lineno}: {name}(f"…") cannot be translated; '
                        'write _("… {name} …").format(name=…)'
                    )
                elif name in NGETTEXT:
                    singular, plural = _string(first), _string(node.args[1]) if len(node.args) > 1 else None
                    if singular is not None and plural is not None:
                        into.add(singular, where, plural)
                elif (text := _string(first)) is not None:
                    into.add(text, where)
            elif name in wrappers:
                texts = _wrapped_texts(node, wrappers[name])
                if any(isinstance(t, ast.JoinedStr) for t in texts):
                    into.problems.append(
                        f'{where}:{node.lineno}: {name}(f"…") passes an f-string to {name}, which translates it; '
                        'write "… {name} …" and fill it after the translation'
                    )
                strings = [_string(t) for t in texts]
                if all(t is not None for t in strings):
                    into.add(strings[0], where, strings[1] if len(strings) > 1 else None)  # type: ignore[arg-type]
            if cli:
                for keyword in node.keywords:
                    if keyword.arg in ("help", "metavar") and (text := _string(keyword.value)):
                        into.add(text, where)
        elif cli and isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and _is_command(node):
            doc = ast.get_docstring(node, clean=True)
            if doc:
                into.add(doc, where)


def extract() -> Extracted:
    found = Extracted()
    paths = [path for path in sorted(PACKAGE.rglob("*.py")) if "__pycache__" not in path.parts]
    # A wrapper of ngettext may be imported by another module: the callers are found everywhere.
    wrappers: dict[str, Wrapper] = {}
    for path in paths:
        for wrapper in find_wrappers(ast.parse(path.read_text(encoding="utf-8"))):
            wrappers.setdefault(wrapper.name, wrapper)
    for path in paths:
        extract_file(path, found, wrappers)
    return found


def template():  # -> babel Catalog
    from babel.messages.catalog import Catalog

    catalog = Catalog(project="kpss", domain=DOMAIN, charset="utf-8", fuzzy=False)
    for message in sorted(extract().messages.values(), key=lambda m: m.msgid):
        msgid = (message.msgid, message.plural) if message.plural else message.msgid
        catalog.add(msgid, locations=[(where, None) for where in sorted(message.locations)])
    return catalog


def po_path(lang: str) -> Path:
    return LOCALE / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


def read(lang: str):  # -> babel Catalog
    from babel.messages.pofile import read_po

    with open(po_path(lang), "rb") as handle:
        return read_po(handle, locale=lang, domain=DOMAIN)


def write(catalog, path: Path) -> None:
    from babel.messages.pofile import write_po

    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "wb") as handle:
        write_po(handle, catalog, width=100, sort_output=True, include_lineno=False, ignore_obsolete=True)


def update() -> int:
    from babel.messages.catalog import Catalog

    pot = template()
    for lang in LANGUAGES:
        path = po_path(lang)
        if path.exists():
            catalog = read(lang)
        else:
            catalog = Catalog(locale=lang, domain=DOMAIN, project="kpss", charset="utf-8", fuzzy=False)
        catalog.update(pot, no_fuzzy_matching=True, update_header_comment=False, update_creation_date=False)
        _header(catalog)
        write(catalog, path)
        missing = sum(1 for m in catalog if m.id and not _translated(m))
        print(f"{path.relative_to(ROOT)}: {len(pot)} messages, {missing} to translate", file=sys.stderr)
    return 0


def _header(catalog) -> None:
    """A header that does not change from one update to the next (it would conflict on merges)."""
    from datetime import datetime, timezone

    fixed = datetime(2026, 12, 1, tzinfo=timezone.utc)
    catalog.creation_date = fixed
    catalog.revision_date = fixed
    catalog.version = "1"
    catalog.project = "kpss"
    catalog.fuzzy = False
    catalog.copyright_holder = "kpss developers"
    catalog.msgid_bugs_address = ""
    catalog.last_translator = "kpss developers"
    catalog.language_team = "Czech"
    catalog.header_comment = "# Czech messages of kpss (tools/i18n.py update adds new ones; see docs/i18n.md).\n#"


def _translated(message) -> bool:
    strings = message.string if isinstance(message.string, (list, tuple)) else [message.string]
    return bool(strings) and all(strings) and not message.fuzzy


def placeholders(text: str) -> list[str]:
    return sorted(PLACEHOLDER.findall(text))


def _placeholder_problems(path: str, msgid: str, plural: str | None, string: object) -> list[str]:
    """A translation that drops or adds a placeholder of its message.

    A plain message: the same placeholders. A counted one: the first form (Czech: 1) has those of
    the singular, though it may leave out the count ("jedna chyba"); every other form (2–4, 5 and
    more) has exactly those of the plural, and no form has one that neither message has.
    """
    strings = list(string) if isinstance(string, (list, tuple)) else [string]
    out = []
    for index, text in enumerate(strings):
        have = placeholders(str(text))
        if plural is None:
            wanted, ok = placeholders(msgid), have == placeholders(msgid)
        elif index == 0:
            wanted = placeholders(msgid)
            ok = have == wanted or set(have) <= set(wanted)
        else:
            wanted, ok = placeholders(plural), have == placeholders(plural)
        if not ok:
            which = "the message" if plural is None else ("the singular" if index == 0 else f"the plural (form {index})")
            out.append(
                f"{path}: the translation of {msgid!r} has the placeholders {have}, {which} {wanted}: {text!r}"
            )
    return out


# Short messages (a word or a few) that several modules use: one translation serves every place,
# so a word whose Czech depends on where it stands (a consultation's "comment" is a připomínka, a
# workbook's a komentář) reads wrong in one of them. Each shared one is reviewed once and listed
# in this file, one JSON string a line, as meaning the same everywhere; a new one is a problem
# until it is listed there or its texts are made to differ ("consultation comment").
SHARED = Path(__file__).resolve().parent / "i18n-shared.txt"
SHORT = 3  # words


def shared_messages(found: Extracted) -> dict[str, list[str]]:
    """The short messages used by more than one module: msgid -> the modules."""
    return {
        m.msgid: sorted(m.locations)
        for m in found.messages.values()
        if len(m.locations) > 1 and len(m.msgid.split()) <= SHORT
    }


def reviewed_shared() -> set[str]:
    import json

    if not SHARED.exists():
        return set()
    lines = SHARED.read_text(encoding="utf-8").splitlines()
    return {json.loads(line) for line in lines if line.strip() and not line.startswith("#")}


def shared_problems(found: Extracted) -> list[str]:
    reviewed = reviewed_shared()
    return [
        f"{msgid!r} is used by {', '.join(where)}: one translation serves them all. If it means the same "
        f"in each, add the line {json_line(msgid)} to {SHARED.name}; else make the texts differ "
        "(e.g. 'consultation comment' / 'workbook comment')"
        for msgid, where in sorted(shared_messages(found).items())
        if msgid not in reviewed
    ]


def json_line(msgid: str) -> str:
    import json

    return json.dumps(msgid, ensure_ascii=False)


def problems() -> list[str]:
    """Everything that would leave a user with an English or broken message in Czech."""
    found = extract()
    out = list(found.problems) + shared_problems(found)
    for lang in LANGUAGES:
        path = po_path(lang).relative_to(ROOT)
        if not po_path(lang).exists():
            out.append(f"{path}: missing; run tools/i18n.py update")
            continue
        catalog = read(lang)
        for msgid, message in sorted(found.messages.items()):
            entry = catalog.get((msgid, message.plural) if message.plural else msgid)
            if entry is None:
                entry = catalog.get(msgid)
            if entry is None:
                where = ", ".join(sorted(message.locations))
                out.append(f"{path}: no entry for {msgid!r} ({where}); run tools/i18n.py update")
                continue
            if not _translated(entry):
                out.append(f"{path}: no {lang} translation of {msgid!r}{' (fuzzy)' if entry.fuzzy else ''}")
                continue
            out += _placeholder_problems(str(path), msgid, message.plural, entry.string)
        for error in getattr(catalog, "check", lambda: [])():
            message, errors = error
            for err in errors:
                out.append(f"{path}: {message.id!r}: {err}")
    return out


def compile_catalogues(target: Path | None = None) -> list[Path]:
    """Every .po compiled to .mo (beside it, or under ``target``/LANG/LC_MESSAGES/)."""
    from babel.messages.mofile import write_mo

    written = []
    for po in sorted(LOCALE.glob(f"*/LC_MESSAGES/{DOMAIN}.po")):
        lang = po.parent.parent.name
        catalog = read(lang)
        mo = (target / lang / "LC_MESSAGES" / f"{DOMAIN}.mo") if target else po.with_suffix(".mo")
        mo.parent.mkdir(parents=True, exist_ok=True)
        with open(mo, "wb") as handle:
            write_mo(handle, catalog, use_fuzzy=False)
        written.append(mo)
    return written


def main(argv: list[str]) -> int:
    command = argv[0] if argv else ""
    if command == "update":
        return update()
    if command == "check":
        found = problems()
        for line in found:
            print(line)
        print(f"{len(found)} problem(s)", file=sys.stderr)
        return 1 if found else 0
    if command == "compile":
        for mo in compile_catalogues():
            print(mo.relative_to(ROOT))
        return 0
    if command == "extract":
        from io import BytesIO

        from babel.messages.pofile import write_po

        buffer = BytesIO()
        write_po(buffer, template(), width=100, include_lineno=False)
        sys.stdout.write(buffer.getvalue().decode("utf-8"))
        return 0
    print(__doc__)
    return 0 if command in ("-h", "--help") else 2


def fill(translations: dict[str, str | list[str]], lang: str = "cs") -> int:
    """Put translations into the .po of ``lang`` (a helper for scripts; msgid -> msgstr)."""
    catalog = read(lang)
    done = 0
    for message in catalog:
        if message.id and (key := message.id if isinstance(message.id, str) else message.id[0]) in translations:
            message.string = translations[key] if not isinstance(message.id, tuple) else tuple(translations[key])
            message.flags.discard("fuzzy")
            done += 1
    _header(catalog)
    write(catalog, po_path(lang))
    return done


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
