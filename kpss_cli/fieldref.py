"""docs/cs/pole.md: the Czech field reference, generated from the JSON Schemas (kpss_cli/schemagen.py).

Per file kind every key (a dotted path; ``[]`` marks the items of a list), its type, whether it is
required, its allowed codes with their Czech labels and its Czech description: what the editor
shows on hover, on one page. ``python -m kpss_cli.schemagen`` writes it; a test fails when the
checked-in page is stale.
"""

from __future__ import annotations

from typing import Any

from kpss_cli import codes

Schema = dict[str, Any]

# The files of a repository, in the order a coordinator meets them: schema name -> where it lives.
FILES: list[tuple[str, str]] = [
    ("manifest", "kpss.yaml"),
    ("services", "services.yaml"),
    ("groups", "groups.yaml"),
    ("plan", "plans/<období>/plan.yaml"),
    ("action-plan", "plans/<období>/action-plans/<rok>.yaml"),
    ("consultation", "plans/<období>/consultation.yaml"),
    ("meeting", "meetings/<RRRR-MM-DD>-<skupina>.yaml"),
    ("grants", "grants/<rok>.yaml"),
]

# Shared definitions shown by what they mean rather than by their JSON type.
DEF_TYPES = {
    "id": "identifikátor",
    "year": "rok",
    "money": "částka v Kč",
    "text": "text",
    "date": "datum RRRR-MM-DD",
    "text_list": "seznam textů",
    "budget_by_source": "zdroj → Kč",
    "budget_by_year": "rok → zdroj → Kč",
    "indicator_value": "číslo nebo true/false",
    "municipality_code": "kód obce (6 číslic)",
    "approval": "objekt",
    "years": "objekt",
    "network_entry": "rok nebo objekt",
}
JSON_TYPES = {
    "string": "text",
    "integer": "celé číslo",
    "number": "číslo",
    "boolean": "true/false",
    "array": "seznam",
    "object": "objekt",
    "null": "null",
}
INLINE_CODES = 6  # longer code lists get their own table at the end of the page


def _cell(text: str) -> str:
    return " ".join(text.replace("|", "\\|").split())


class _Page:
    def __init__(self, schemas: dict[str, Schema]) -> None:
        self.schemas = schemas
        self.long_lists: list[str] = []

    def resolve(self, prop: Schema, defs: dict[str, Schema]) -> tuple[str | None, Schema]:
        """(name of the $defs entry or None, the schema it stands for)."""
        ref = prop.get("$ref", "")
        if ref.startswith("#/$defs/"):
            name = ref.rsplit("/", 1)[1]
            return name, defs[name]
        return None, prop

    def code_list(self, prop: Schema, defs: dict[str, Schema]) -> str | None:
        """The code list a value (or each item of a list) comes from."""
        name, target = self.resolve(prop, defs)
        if name in codes.CODE_LISTS:
            return name
        if target.get("type") == "array" and isinstance(target.get("items"), dict):
            return self.code_list(target["items"], defs)
        # A mapping keyed by codes (a budget: funding source -> amount), or of such mappings.
        if target.get("type") == "object" and "properties" not in target:
            for part in ("propertyNames", "additionalProperties"):
                if isinstance(target.get(part), dict):
                    found = self.code_list(target[part], defs)
                    if found:
                        return found
        return None

    def type_of(self, prop: Schema, defs: dict[str, Schema]) -> str:
        name, target = self.resolve(prop, defs)
        if name in codes.CODE_LISTS:
            return "kód"
        if name in DEF_TYPES:
            return DEF_TYPES[name]
        if name is not None:
            return self.type_of(target, defs)
        if "const" in prop:
            return f"přesně `{prop['const']}`"
        if "enum" in prop:
            return "kód"
        kind = prop.get("type")
        if kind == "array" or (name is None and self.code_list(prop, defs)):
            items = prop.get("items")
            if isinstance(items, dict):
                if self.code_list(items, defs):
                    return "seznam kódů"
                inner = self.type_of(items, defs)
                return "seznam objektů" if inner == "objekt" else f"seznam: {inner}"
            return "seznam"
        if kind == "object" and "additionalProperties" in prop and "properties" not in prop:
            keys = "klíč"
            names = prop.get("propertyNames") or {}
            key_name, _ = self.resolve(names, defs) if names else (None, {})
            if key_name in DEF_TYPES:
                keys = DEF_TYPES[key_name]
            elif names.get("pattern", "").startswith("^(20"):
                keys = "rok"
            elif key_name in codes.CODE_LISTS:
                keys = "kód"
            value = prop["additionalProperties"]
            shown = self.type_of(value, defs) if isinstance(value, dict) and value else "hodnota"
            return f"{keys} → {shown}"
        if isinstance(kind, list):
            return " nebo ".join(JSON_TYPES.get(k, k) for k in kind)
        if kind in JSON_TYPES:
            return JSON_TYPES[kind]
        if "if" in prop and "then" in prop:
            return f"{self.type_of(prop['then'], defs)} nebo {self.type_of(prop.get('else', {}), defs)}"
        return "hodnota"

    def description(self, prop: Schema, defs: dict[str, Schema]) -> str:
        text = prop.get("description")
        if text is None:
            _, target = self.resolve(prop, defs)
            text = target.get("description", "")
        title = prop.get("title") or self.resolve(prop, defs)[1].get("title", "")
        if not title or title in codes.CODE_LISTS:
            return text
        if not text or text.rstrip(".") == title:
            return f"**{title}.**"
        return f"**{title}.** {text}"

    def codes_cell(self, prop: Schema, defs: dict[str, Schema]) -> str:
        name = self.code_list(prop, defs)
        values: list[tuple[str, str]] = []
        if name is not None:
            table = codes.CODE_LISTS[name]
            if len(table) > INLINE_CODES:
                if name not in self.long_lists:
                    self.long_lists.append(name)
                return f"[{len(table)} kódů, seznam {name}](#{_anchor(name)})"
            values = [(c.code, c.cs) for c in table.values()]
        else:
            _, target = self.resolve(prop, defs)
            if "enum" in target:
                values = [(str(v), "") for v in target["enum"]]
        return ", ".join(f"`{code}` {label}".strip() for code, label in values)

    @staticmethod
    def condition(clause: Schema) -> str:
        """Czech words for the two shapes of `if` the schemas use."""
        negated = "not" in clause
        inner = clause.get("not", clause)
        parts = []
        for key, sub in (inner.get("properties") or {}).items():
            value = sub.get("const")
            shown = "false" if value is False else "true" if value is True else str(value)
            parts.append(f"`{key}: {shown}`")
        words = " a ".join(parts)
        return f"kromě {words}" if negated else f"při {words}"

    def rows(self, node: Schema, defs: dict[str, Schema], path: str, out: list[str]) -> None:
        required = set(node.get("required") or [])
        conditional: dict[str, str] = {}
        if isinstance(node.get("if"), dict) and isinstance(node.get("then"), dict):
            for key in node["then"].get("required") or []:
                conditional[key] = self.condition(node["if"])
        for key, prop in (node.get("properties") or {}).items():
            if key == "$schema":
                continue
            dotted = f"{path}.{key}" if path else key
            if key in required:
                needed = "ano"
            elif key in conditional:
                needed = f"ano, {conditional[key]}"
            else:
                needed = "ne"
            out.append(
                f"| `{dotted}` | {self.type_of(prop, defs)} | {needed} | {_cell(self.codes_cell(prop, defs))} "
                f"| {_cell(self.description(prop, defs))} |\n"
            )
            for child, child_path in self.children(prop, defs, dotted):
                self.rows(child, defs, child_path, out)

    def children(self, prop: Schema, defs: dict[str, Schema], dotted: str) -> list[tuple[Schema, str]]:
        """The objects whose keys are listed under ``dotted``: the object itself, a list's items."""
        name, target = self.resolve(prop, defs)
        if name in codes.CODE_LISTS:
            return []
        if "properties" in target:
            return [(target, dotted)]
        if isinstance(target.get("then"), dict) and "properties" in target["then"]:
            return [(target["then"], dotted)]
        items = target.get("items")
        if isinstance(items, dict):
            return self.children(items, defs, f"{dotted}[]")
        return []

    def render(self) -> str:
        out = [
            "# Přehled polí souborů plánu\n\n",
            "<!-- Generováno ze schémat (kpss_cli/schemagen.py) příkazem `python -m kpss_cli.schemagen`;\n"
            "     neupravujte ručně, test ověřuje, že stránka odpovídá schématům. -->\n\n",
            "Všechna pole všech souborů repozitáře plánu, jak je kontroluje `kpss validate` a jak je\n"
            "editor nabízí při psaní. **Klíč** je cesta k poli: `priorities[].measures[].id` je `id`\n"
            "každého opatření v seznamu `measures` každé priority; **povinné** říká, zda pole musí být\n"
            "vyplněno („ano, při `status: approved`“: jen ve schváleném dokumentu). Kódy se píší\n"
            "anglicky a bez diakritiky, jak stojí v tabulce; jejich české názvy jsou u nich. Klíče\n"
            "začínající `x-` jsou vlastní rozšíření: kpss je ponechá a nekontroluje. Formát souborů\n"
            "podrobně popisuje [docs/format.md](../format.md), seznamy kódů [docs/codes.md](../codes.md).\n",
        ]
        for name, where in FILES:
            schema = self.schemas[name]
            defs = schema.get("$defs", {})
            out.append(f"\n## {schema['title']}\n\n")
            out.append(f"Soubor `{where}`. {schema.get('description', '')}\n\n")
            out.append("| klíč | typ | povinné | kódy | popis |\n|---|---|---|---|---|\n")
            self.rows(schema, defs, "", out)
        if self.long_lists:
            out.append("\n## Delší seznamy kódů\n")
            for name in self.long_lists:
                out.append(f"\n### {name}\n\n| kód | česky |\n|---|---|\n")
                for c in codes.CODE_LISTS[name].values():
                    extra = f" (§ {c.extra})" if name == "service_type" and c.extra else ""
                    out.append(f"| `{c.code}` | {c.cs}{extra} |\n")
        return "".join(out)


def _anchor(name: str) -> str:
    """The anchor GitHub gives the heading ``### name`` (lower case, ``_`` kept)."""
    return name.lower()


def markdown(schemas: dict[str, Schema]) -> str:
    """docs/cs/pole.md from the built schemas (schemagen.build_all())."""
    return _Page(schemas).render()
