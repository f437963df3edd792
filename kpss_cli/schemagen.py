"""Build the JSON Schemas (Draft 2020-12) of the repository format (docs/format.md) and codes.py.

Run ``python -m kpss_cli.schemagen`` after changing a code list or a key; it rewrites
``schemas/*.schema.json``. A test fails when the shipped files and this builder disagree.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from kpss_cli import codes

DRAFT = "https://json-schema.org/draft/2020-12/schema"
BASE_URL = "https://kpss.example.org/schemas/"
SCHEMA_NAMES = ("manifest", "services", "groups", "plan", "action-plan", "grants", "consultation", "meeting")

ID_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$"
YEAR_KEY_PATTERN = r"^(20[0-9][0-9]|2100)$"

Schema = dict[str, Any]


def ref(name: str) -> Schema:
    return {"$ref": f"#/$defs/{name}"}


def obj(
    properties: dict[str, Schema],
    required: list[str] | None = None,
    title: str | None = None,
    description: str | None = None,
    top: bool = False,
) -> Schema:
    """An object that allows only the given keys and user extensions ``x-…``."""
    schema: Schema = {"type": "object"}
    if title:
        schema["title"] = title
    if description:
        schema["description"] = description
    props = dict(properties)
    if top:
        props = {"$schema": {"type": "string", "description": "Odkaz na schéma (pro editory)."}, **props}
    schema["properties"] = props
    if required:
        schema["required"] = required
    schema["patternProperties"] = {"^x-": {"description": "Uživatelské rozšíření: kpss je ponechá a nekontroluje."}}
    schema["additionalProperties"] = False
    return schema


def text(title: str, description: str | None = None) -> Schema:
    schema: Schema = {"$ref": "#/$defs/text", "title": title}
    if description:
        schema["description"] = description
    return schema


def with_doc(schema: Schema, title: str, description: str | None = None) -> Schema:
    out = dict(schema)
    out["title"] = title
    if description:
        out["description"] = description
    return out


def list_of(
    item: Schema, title: str, description: str | None = None, min_items: int = 0, unique: bool = False
) -> Schema:
    schema: Schema = {"type": "array", "title": title, "items": item}
    if description:
        schema["description"] = description
    if min_items:
        schema["minItems"] = min_items
    if unique:
        schema["uniqueItems"] = True
    return schema


def code_def(name: str) -> Schema:
    table = codes.CODE_LISTS[name]
    return {
        "type": "string",
        "title": name,
        "enum": list(table),
        "enumDescriptions": [f"{c.cs} ({c.en})" for c in table.values()],
        "markdownEnumDescriptions": [f"**{c.cs}** – {c.en}" for c in table.values()],
    }


def common_defs() -> dict[str, Schema]:
    defs: dict[str, Schema] = {
        "id": {
            "type": "string",
            "pattern": ID_PATTERN,
            "description": "Identifikátor: písmena bez diakritiky, číslice, tečka, pomlčka, podtržítko "
            "(max. 64 znaků). "
            'Čísla jako 1.10 pište v uvozovkách: "1.10".',
        },
        "year": {"type": "integer", "minimum": 2000, "maximum": 2100, "description": "Rok (2000–2100)."},
        "money": {"type": "number", "minimum": 0, "description": "Částka v Kč (nezáporné číslo, bez mezer)."},
        "text": {"type": "string", "minLength": 1, "pattern": r"\S", "description": "Neprázdný text."},
        "date": {
            "type": "string",
            "format": "date",
            "pattern": r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$",
            "description": "Datum ve tvaru RRRR-MM-DD.",
        },
        "text_list": {"type": "array", "items": ref("text")},
        "target_groups": list_of(ref("target_group"), "Cílové skupiny", unique=True),
        "service_types": list_of(ref("service_type"), "Druhy sociálních služeb", unique=True),
        "budget_by_source": {
            "type": "object",
            "title": "Částky podle zdrojů financování",
            "description": "Zdroj financování → částka v Kč.",
            "propertyNames": ref("funding_source"),
            "additionalProperties": ref("money"),
        },
        "budget_by_year": {
            "type": "object",
            "title": "Rozpočet podle let",
            "description": "Rok → (zdroj financování → částka v Kč).",
            "propertyNames": {"pattern": YEAR_KEY_PATTERN},
            "additionalProperties": ref("budget_by_source"),
        },
        "approval": obj(
            {
                "date": with_doc(ref("date"), "Datum schválení"),
                "by": text("Schválil", "Orgán, např. Zastupitelstvo města Židlochovice."),
                "resolution": text("Usnesení", "Číslo usnesení."),
            },
            required=["date", "by", "resolution"],
            title="Schválení",
        ),
        "years": obj(
            {
                "from": with_doc(ref("year"), "Od roku", "První rok, v němž opatření nebo aktivita běží."),
                "to": with_doc(
                    ref("year"), "Do roku", "Poslední rok, v němž opatření nebo aktivita běží (týž rok jako from, "
                    "běží-li jen jeden)."
                ),
            },
            required=["from", "to"],
            title="Roky platnosti",
            description="Roky, v nichž opatření nebo aktivita běží (výchozí: celé období plánu).",
        ),
        "indicator_value": {
            "type": ["number", "boolean"],
            "description": "Číslo, u ukazatele typu boolean true/false.",
        },
        "municipality_code": {
            "type": "string",
            "pattern": "^[0-9]{6}$",
            "description": "Kód obce (6 číslic), v uvozovkách.",
        },
    }
    for name in codes.CODE_LISTS:
        defs[name] = code_def(name)
    return defs


def finish(name: str, title: str, description: str, root: Schema, defs: dict[str, Schema]) -> Schema:
    schema: Schema = {
        "$schema": DRAFT,
        "$id": f"{BASE_URL}{name}.schema.json",
        "title": title,
        "description": description,
    }
    schema.update(root)
    schema["$defs"] = {**common_defs(), **defs}
    _describe(schema, HOVER.get(name, {}))
    return schema


# -- what an editor shows on hover where a key has no description of its own -----------------
# schema name -> dotted key path (list items continue the path) -> Czech description.
HOVER: dict[str, dict[str, str]] = {
    "plan": {
        "title": "Úplný název plánu, jak stojí na titulní straně dokumentu.",
        "period": "První a poslední rok plánu; id plánu je \"<start>-<end>\".",
        "period.start": "První rok platnosti plánu.",
        "period.end": "Poslední rok platnosti plánu.",
        "status": "draft: návrh (lze měnit); approved: schválený zastupitelstvem; archived: starší, ukončený plán.",
        "approved": "Kdy a kým byl plán schválen (datum, orgán, číslo usnesení).",
        "regional_plan": "Střednědobý plán rozvoje sociálních služeb kraje, na který plán navazuje.",
        "vision": "Vize: jak má síť sociálních služeb území vypadat na konci období.",
        "needs": "Potřeby zjištěné analýzou; opatření na ně odkazují v addresses.",
        "needs.text": "Zjištěná potřeba jednou či dvěma větami.",
        "needs.target_groups": "Kterých cílových skupin se potřeba týká.",
        "priorities": "Priority plánu, každá se svými opatřeními.",
        "priorities.title": "Název priority (oblasti), jak se objeví v nadpisu kapitoly.",
        "priorities.description": "Úvod k prioritě: proč je důležitá a co zahrnuje.",
        "priorities.target_groups": "Cílové skupiny priority.",
        "priorities.swot": "SWOT analýza oblasti priority.",
        "priorities.swot.strengths": "Silné stránky: na čem lze stavět.",
        "priorities.swot.weaknesses": "Slabé stránky: co chybí nebo nefunguje.",
        "priorities.swot.opportunities": "Příležitosti zvenčí (dotace, spolupráce, legislativa).",
        "priorities.swot.threats": "Hrozby zvenčí (financování, personál, demografie).",
        "priorities.measures": "Opatření priority; každé má realizátora a ukazatele.",
        "priorities.measures.indicators.name": "Co ukazatel měří, např. Počet klientů pečovatelské služby.",
        "priorities.measures.indicators.baseline": "Výchozí stav: hodnota a rok, od nichž se plnění měří.",
        "priorities.measures.indicators.baseline.year": "Rok výchozí hodnoty.",
        "priorities.measures.indicators.targets": "Cílové hodnoty po letech (rok → hodnota), je-li cíl rozložen.",
    },
    "action-plan": {
        "status": "draft: návrh; approved: schválený (pak se po skončení roku čeká vyhodnocení).",
        "approved": "Kdy a kým byl akční plán schválen.",
        "items": "Opatření plánu, která se v roce provádějí, s cíli a rozpočtem roku a s vyhodnocením.",
        "items.activities": "Které aktivity opatření se v roce provádějí (jejich id).",
        "items.note": "Poznámka k položce akčního plánu.",
        "items.targets": "Cílové hodnoty ukazatelů pro tento rok (id ukazatele → hodnota).",
        "items.result": "Vyhodnocení po skončení roku: stav, skutečné hodnoty, čerpání, komentář.",
        "items.result.comment": "Slovní zhodnocení: co se podařilo, co ne a proč.",
        "items.result.reported_by": "Kdo hodnoty vykázal (realizátor, kontaktní osoba).",
    },
    "services": {
        "providers": "Poskytovatelé sociálních služeb na území (organizace).",
        "providers.name": "Název poskytovatele podle rejstříku.",
        "providers.legal_form": "Právní forma (obec, příspěvková organizace, spolek, o.p.s. …).",
        "services": "Sociální a návazné služby; opatření na ně odkazují v services.",
        "services.name": "Název služby, jak ji zná veřejnost.",
        "services.type": "Druh sociální služby podle zákona 108/2006 Sb.",
        "services.forms": "Forma poskytování: pobytová, ambulantní, terénní.",
        "services.target_groups": "Komu je služba určena.",
        "services.capacity": "Kapacita služby (klienti, lůžka, úvazky, kontakty …).",
        "services.contact": "Kontakt na službu pro veřejnost.",
    },
    "manifest": {
        "territory": "Území, pro které se plánuje (obec, ORP, svazek obcí, MAS, kraj).",
        "territory.kind": "Druh území: obec, orp, svazek_obci, mas nebo kraj.",
        "territory.municipalities": "Obce území (kód a název); podle nich se berou služby z registru.",
        "territory.municipalities.name": "Název obce.",
        "coordinator": "Koordinátor komunitního plánování (kontakt uváděný v dokumentech).",
        "coordinator.name": "Jméno a příjmení koordinátora.",
        "coordinator.email": "E-mail koordinátora.",
        "coordinator.phone": "Telefon koordinátora.",
        "coordinator.organisation": "Úřad nebo organizace koordinátora.",
        "fulfilment": "Jak se hodnotí plnění opatření.",
        "documents": "Nastavení dokumentů DOCX (šablona).",
    },
    "groups": {
        "groups": "Řídicí skupina a pracovní skupiny plánování.",
        "groups.name": "Název skupiny.",
        "groups.kind": "steering: řídicí skupina; working: pracovní skupina; team: realizační tým.",
        "groups.target_groups": "Cílové skupiny, jimiž se pracovní skupina zabývá.",
        "groups.lead": "Kdo skupinu vede.",
        "groups.members.name": "Jméno člena skupiny.",
        "groups.members.organisation": "Organizace, kterou člen zastupuje.",
        "groups.members.role": (
            "Za kterou stranu triády člen ve skupině jedná: uživatel, poskytovatel, zadavatel, veřejnost."
        ),
    },
}
GENERIC_DESCRIPTIONS = {"Neprázdný text.", "Rok (2000–2100).", "Částka v Kč (nezáporné číslo, bez mezer)."}


def _describe(schema: Schema, table: dict[str, str]) -> None:
    """Give the properties named in ``table`` their description (where they have none of their own)."""
    defs = schema.get("$defs", {})

    def own(prop: Schema) -> str | None:
        text = prop.get("description")
        if text is None and "$ref" in prop:
            text = defs.get(prop["$ref"].rsplit("/", 1)[-1], {}).get("description")
        return None if text in GENERIC_DESCRIPTIONS else text

    def walk(node: Any, path: str) -> None:
        if isinstance(node, dict):
            for key, prop in (node.get("properties") or {}).items():
                dotted = f"{path}.{key}" if path else key
                if isinstance(prop, dict) and dotted in table and own(prop) is None:
                    prop["description"] = table[dotted]
                walk(prop, dotted)
            for key in ("items", "allOf", "anyOf", "oneOf", "then", "else"):
                child = node.get(key)
                if isinstance(child, list):
                    for sub in child:
                        walk(sub, path)
                elif isinstance(child, dict):
                    walk(child, path)

    walk(schema, "")


def manifest_schema() -> Schema:
    municipality = obj(
        {
            "code": with_doc(ref("municipality_code"), "Kód obce"),
            "name": text("Název obce"),
            "population": {
                "type": "integer",
                "minimum": 0,
                "title": "Počet obyvatel",
                "description": "Pro klíč spolufinancování per_capita (docs/finance.md).",
            },
        },
        required=["code", "name"],
        title="Obec",
    )
    root = obj(
        {
            "kpss": {"const": 1, "title": "Verze formátu", "description": "Verze formátu repozitáře: 1."},
            "territory": obj(
                {
                    "name": text("Název území", "Např. SO ORP Židlochovice."),
                    "kind": with_doc(ref("territory_kind"), "Druh území"),
                    "region": {
                        "type": "string",
                        "pattern": "^CZ0[0-9]{2}$",
                        "title": "Kraj (NUTS 3)",
                        "description": "Kód kraje, např. CZ064.",
                    },
                    "municipalities": list_of(municipality, "Obce území"),
                },
                required=["name", "kind"],
                title="Území",
            ),
            "coordinator": obj(
                {
                    "name": text("Jméno koordinátora"),
                    "email": text("E-mail"),
                    "phone": text("Telefon"),
                    "organisation": text("Organizace"),
                },
                required=["name"],
                title="Koordinátor KPSS",
            ),
            "fulfilment": obj(
                {
                    "partial_threshold": {
                        "type": "number",
                        "minimum": 0,
                        "maximum": 100,
                        "default": 50,
                        "title": "Práh částečného splnění (%)",
                        "description": "Pod tímto průměrným plněním ukazatelů je opatření nesplněno.",
                    }
                },
                title="Vyhodnocení plnění",
            ),
            "documents": obj(
                {"template": text("Šablona DOCX", "Cesta k referenčnímu dokumentu .docx se styly.")},
                title="Dokumenty",
            ),
            "cofinancing": cofinancing_schema(),
            "language": {
                "enum": ["cs", "en"],
                "default": "cs",
                "title": "Jazyk hlášení",
                "description": "Jazyk, kterým kpss mluví (cs česky, en anglicky), když ho neurčí "
                "volba --lang ani proměnná KPSS_LANG.",
            },
        },
        required=["kpss", "territory"],
        top=True,
    )
    return finish("manifest", "kpss.yaml – manifest repozitáře KPSS", "Území, koordinátor a nastavení.", root, {})


def cofinancing_schema() -> Schema:
    """How the money of the municipalities (source ``obce``) is split among them."""
    return obj(
        {
            "key": with_doc(
                ref("cofinancing_key"),
                "Klíč spolufinancování",
                "per_capita: podle počtu obyvatel; equal: rovným dílem; shares: podle podílů v %.",
            ),
            "shares": {
                "type": "object",
                "title": "Podíly obcí (%)",
                "description": "Kód obce → podíl v procentech; součet 100.",
                "propertyNames": ref("municipality_code"),
                "additionalProperties": {"type": "number", "minimum": 0, "maximum": 100},
            },
            "year": with_doc(
                ref("year"),
                "Rok údajů o počtu obyvatel",
                "Ke kterému roku jsou počty obyvatel (population) obcí, podle nichž se dělí u klíče per_capita.",
            ),
        },
        required=["key"],
        title="Spolufinancování obcí",
        description="Jak se částky zdroje obce dělí mezi obce území (docs/finance.md).",
    )


def citizen_properties() -> dict[str, Schema]:
    """The fields of a service written for citizens (the catalogue and the web site)."""
    place = obj(
        {
            "name": text("Název místa", "Např. pobočka, kontaktní místo."),
            "address": text("Adresa", "Ulice, číslo popisné, PSČ a obec místa, kde služba přijímá klienty."),
            "municipality": with_doc(ref("municipality_code"), "Obec", "Kód obce (6 číslic), v uvozovkách."),
            "note": text("Poznámka", "Např. úřední hodiny pobočky."),
        },
        required=["address", "municipality"],
        title="Místo poskytování",
    )
    return {
        "description": text("Popis služby", "Co služba dělá, slovy pro občany (poslání, činnosti)."),
        "hours": text("Provozní doba", "Kdy je služba k dispozici, např. „Po–Pá 7:00–15:30“, „nepřetržitě“."),
        "payment": with_doc(
            ref("payment"), "Úhrada", "free bez úhrady, paid za úhradu, partly_paid část úkonů za úhradu."
        ),
        "payment_note": text("Poznámka k úhradě", "Např. „dle ceníku, max. dle vyhlášky č. 505/2006 Sb.“"),
        "places": list_of(place, "Místa poskytování", "Pobočky a kontaktní místa, kde se služba poskytuje."),
        "life_situations": list_of(
            ref("life_situation"),
            "Životní situace",
            "Situace, v nichž občan službu hledá (péče o blízkého, dluhy …).",
            unique=True,
        ),
    }


def contact_properties(whose: str, address: str) -> dict[str, Schema]:
    """Address, web, e-mail and phone, described for ``whose`` (Czech genitive: "poskytovatele", "služby").

    Built anew for each use: finish() writes descriptions into the schema objects, so two objects
    sharing one property would share its description too.
    """
    return {
        "address": text("Adresa", f"{address}: ulice, číslo popisné, PSČ a obec."),
        "web": text("Web", f"Webová stránka {whose}, celá adresa včetně https://."),
        "email": text("E-mail", f"Kontaktní e-mail {whose}."),
        "phone": text("Telefon", f"Kontaktní telefon {whose}, např. +420 547 000 000."),
    }


def services_schema() -> Schema:
    provider = obj(
        {
            "id": with_doc(ref("id"), "Identifikátor poskytovatele"),
            "name": text("Název poskytovatele"),
            "ico": {
                "type": "string",
                "pattern": "^[0-9]{8}$",
                "title": "IČO",
                "description": "8 číslic v uvozovkách, s platnou kontrolní číslicí.",
            },
            "legal_form": with_doc(ref("legal_form"), "Právní forma"),
            **contact_properties("poskytovatele", "Sídlo poskytovatele"),
        },
        required=["id", "name"],
        title="Poskytovatel",
    )
    number = {"type": "number", "minimum": 0}
    capacity = obj(
        {
            "clients": with_doc(number, "Klienti", "Kolik klientů služba může mít současně (okamžitá kapacita)."),
            "beds": with_doc(number, "Lůžka", "Počet lůžek pobytové služby."),
            "fte": with_doc(number, "Úvazky", "Přepočtené úvazky pracovníků v přímé péči, např. 4,5 (pište 4.5)."),
            "contacts": with_doc(
                number, "Kontakty", "Počet kontaktů s klienty za rok (u kontaktních a terénních služeb)."
            ),
            "interventions": with_doc(
                number, "Intervence", "Počet intervencí za rok (u krizových a poradenských služeb)."
            ),
            "calls": with_doc(number, "Hovory", "Počet telefonických hovorů za rok (u telefonické krizové pomoci)."),
            "note": text("Poznámka", "Upřesnění kapacity, např. „z toho 2 lůžka odlehčovací služby“."),
        },
        title="Kapacita",
    )
    service = obj(
        {
            "id": with_doc(
                ref("id"),
                "Identifikátor služby",
                "Identifikátor z registru (7 číslic, v uvozovkách), jinak krátký název.",
            ),
            "registered": {
                "type": "boolean",
                "default": True,
                "title": "Registrovaná služba",
                "description": "false pro služby mimo registr (návazné služby).",
            },
            "name": text("Název služby"),
            "provider": with_doc(ref("id"), "Poskytovatel", "Identifikátor poskytovatele ze seznamu providers."),
            "type": with_doc(ref("service_type"), "Druh služby (zákon 108/2006 Sb.)"),
            "forms": list_of(ref("service_form"), "Formy poskytování", min_items=1, unique=True),
            "target_groups": ref("target_groups"),
            "capacity": capacity,
            # `all`, or a list of codes; if/then/else (not anyOf) so that a wrong entry of the list
            # is reported at its own line, not as "none of the forms" at the key.
            "area": {
                "title": "Působnost",
                "description": "all (celé území), nebo seznam kódů obcí (6 číslic v uvozovkách); "
                "seznam, v němž je all, se čte jako all.",
                "type": ["string", "array"],
                "if": {"type": "string"},
                "then": {"const": "all"},
                "else": {"items": {"anyOf": [ref("municipality_code"), {"const": "all"}]}, "uniqueItems": True},
            },
            "network": list_of(
                ref("network_entry"),
                "Zařazení do sítě",
                "Roky, v nichž je služba v síti: rok, nebo {year, level, units, resolution} (docs/network.md).",
                unique=True,
            ),
            "contact": obj(contact_properties("služby", "Adresa služby"), title="Kontakt"),
            **citizen_properties(),
        },
        required=["id", "name", "provider"],
        title="Služba",
    )
    service["if"] = {"not": {"properties": {"registered": {"const": False}}, "required": ["registered"]}}
    service["then"] = {"required": ["type", "forms"]}
    root = obj(
        {
            "providers": list_of(provider, "Poskytovatelé"),
            "services": list_of(service, "Služby"),
        },
        top=True,
    )
    return finish(
        "services",
        "services.yaml – katalog poskytovatelů a služeb",
        "Poskytovatelé a jejich služby.",
        root,
        {"network_entry": network_entry_schema()},
    )


def network_entry_schema() -> Schema:
    """A year of the network: a plain year (level unknown) or ``{year, level, units?, resolution?}``."""
    number = {"type": "number", "minimum": 0}
    entry = obj(
        {
            "year": with_doc(ref("year"), "Rok", "Rok, v němž je služba zařazena do sítě."),
            "level": with_doc(ref("network_level"), "Úroveň sítě", "kraj: síť kraje; obec: obecní (minimální) síť."),
            "units": obj(
                {
                    "fte": with_doc(
                        number,
                        "Úvazky v přímé péči",
                        "Přepočtené úvazky v přímé péči, které síť v roce hradí, např. 4.5.",
                    ),
                    "beds": with_doc(number, "Lůžka", "Počet lůžek zařazených do sítě."),
                    "clients": with_doc(number, "Klienti", "Počet klientů (okamžitá kapacita) zařazených do sítě."),
                    "contacts": with_doc(number, "Kontakty", "Počet kontaktů za rok, s nimiž síť počítá."),
                    "interventions": with_doc(number, "Intervence", "Počet intervencí za rok, s nimiž síť počítá."),
                    "calls": with_doc(number, "Hovory", "Počet hovorů za rok, s nimiž síť počítá."),
                },
                title="Jednotky sítě",
                description="Kapacita schválená v síti (může se lišit od registrované kapacity).",
            ),
            "resolution": text("Usnesení", "Usnesení, jímž byla služba do sítě zařazena."),
        },
        required=["year", "level"],
        title="Zařazení do sítě v roce",
    )
    # if/then/else rather than anyOf: a mistake inside an entry is reported as itself
    # (an unknown level, a missing year), not as "matches none of the alternatives".
    return {
        "title": "Rok v síti",
        "description": "Rok (úroveň neuvedena), nebo {year, level, units, resolution}.",
        "if": {"type": "object"},
        "then": entry,
        "else": ref("year"),
    }


def groups_schema() -> Schema:
    member = obj(
        {
            "name": text("Jméno"),
            "organisation": text("Organizace"),
            "role": with_doc(ref("triad_role"), "Role v triádě"),
        },
        required=["name", "role"],
        title="Člen skupiny",
    )
    group = obj(
        {
            "id": with_doc(ref("id"), "Identifikátor skupiny"),
            "name": text("Název skupiny"),
            "kind": with_doc(ref("group_kind"), "Druh skupiny"),
            "target_groups": ref("target_groups"),
            "lead": text("Vedoucí / manažer skupiny"),
            "members": list_of(member, "Členové", "Osobní údaje: dokumenty je vypisují jen s --with-members."),
        },
        required=["id", "name", "kind"],
        title="Skupina",
    )
    root = obj({"groups": list_of(group, "Řídicí a pracovní skupiny")}, top=True)
    return finish("groups", "groups.yaml – řídicí a pracovní skupiny", "Organizační struktura plánování.", root, {})


def plan_schema() -> Schema:
    indicator = obj(
        {
            "id": with_doc(ref("id"), "Identifikátor ukazatele", 'Např. "1.2.a".'),
            "name": text("Název ukazatele"),
            "unit": text("Jednotka", "Např. osoby, úvazky, lůžka."),
            "kind": with_doc(
                ref("indicator_kind"),
                "Druh ukazatele",
                "at_least: více je lépe; at_most: méně je lépe; boolean: ano/ne.",
            ),
            "baseline": obj(
                {"year": with_doc(ref("year"), "Rok"), "value": with_doc(ref("indicator_value"), "Hodnota")},
                required=["year", "value"],
                title="Výchozí hodnota",
            ),
            "target": with_doc(ref("indicator_value"), "Cílová hodnota"),
            "targets": {
                "type": "object",
                "title": "Cílové hodnoty podle let",
                "propertyNames": {"pattern": YEAR_KEY_PATTERN},
                "additionalProperties": ref("indicator_value"),
            },
            "aggregate": with_doc(
                ref("aggregate"), "Souhrn za období", "last: poslední hodnota; sum: součet; max: maximum."
            ),
        },
        required=["id", "name", "target"],
        title="Ukazatel (indikátor)",
    )
    activity = obj(
        {
            "id": with_doc(ref("id"), "Identifikátor aktivity", 'Např. "1.2.1".'),
            "title": text("Název aktivity", "Krátký název aktivity, jak se objeví v tabulce opatření."),
            "description": text("Popis", "Co se v rámci aktivity udělá; jedna nebo dvě věty."),
            "responsible": text("Odpovědnost", "Kdo aktivitu zajišťuje, pokud jiný než realizátor opatření."),
            "years": with_doc(ref("years"), "Roky aktivity", "Roky, v nichž aktivita běží; uvnitř let opatření."),
            "budget": with_doc(ref("budget_by_year"), "Náklady aktivity", "Rok → zdroj financování → částka v Kč."),
        },
        required=["id", "title"],
        title="Aktivita",
    )
    measure = obj(
        {
            "id": with_doc(ref("id"), "Identifikátor opatření", 'Např. "1.2" (v uvozovkách).'),
            "title": text("Název opatření", "Krátký název opatření, jak se objeví v dokumentech plánu."),
            "description": text(
                "Popis", "Co opatření přinese a jak se bude provádět; text dokumentu plánu (odstavce odděluje prázdný "
                "řádek)."
            ),
            "rationale": text("Odůvodnění", "Proč je opatření potřeba: zjištění analýzy, čísla, zdroje."),
            "kind": with_doc(
                ref("measure_kind"),
                "Druh opatření",
                "maintain: udržení stávající služby; develop: rozvoj (více kapacity, nové území); "
                "new: nová služba nebo aktivita; support: podpůrné opatření (informovanost, koordinace).",
            ),
            "target_groups": with_doc(
                ref("target_groups"), "Cílové skupiny", "Komu opatření pomáhá (kódy cílových skupin)."
            ),
            "service_types": with_doc(
                ref("service_types"), "Druhy služeb", "Druhy sociálních služeb podle zákona 108/2006 Sb., jichž se "
                "opatření týká."
            ),
            "services": list_of(ref("id"), "Služby", "Identifikátory služeb ze services.yaml.", unique=True),
            "responsible": text(
                "Realizátor / odpovědnost", "Kdo opatření zajišťuje a vykazuje jeho plnění (organizace nebo osoba)."
            ),
            "partners": list_of(ref("text"), "Partneři", "Další organizace, které se na opatření podílejí."),
            "years": with_doc(
                ref("years"), "Roky opatření", "Roky, v nichž opatření běží (výchozí: celé období plánu)."
            ),
            "addresses": list_of(ref("id"), "Řeší potřeby", "Identifikátory potřeb (needs) tohoto plánu.", unique=True),
            "continues": {
                "type": "string",
                "pattern": r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}/[A-Za-z0-9][A-Za-z0-9._-]{0,63}$",
                "title": "Navazuje na opatření",
                "description": '"<id plánu>/<id opatření>" dřívějšího plánu, např. "2020-2023/1.2".',
            },
            "regional_link": text(
                "Vazba na SPRSS kraje", "Na které opatření střednědobého plánu kraje opatření navazuje."
            ),
            "budget": with_doc(ref("budget_by_year"), "Předpokládané náklady", "Rok → zdroj → Kč."),
            "indicators": list_of(
                indicator, "Ukazatele", "Podle ukazatelů se hodnotí plnění opatření; bez nich nelze opatření "
                "vyhodnotit."
            ),
            "activities": list_of(activity, "Aktivity", "Kroky, jimiž se opatření provádí."),
        },
        required=["id", "title", "responsible"],
        title="Opatření",
    )
    swot = obj(
        {
            "strengths": with_doc(ref("text_list"), "Silné stránky"),
            "weaknesses": with_doc(ref("text_list"), "Slabé stránky"),
            "opportunities": with_doc(ref("text_list"), "Příležitosti"),
            "threats": with_doc(ref("text_list"), "Hrozby"),
        },
        title="SWOT analýza",
    )
    priority = obj(
        {
            "id": with_doc(ref("id"), "Identifikátor priority", "Např. P1."),
            "title": text("Název priority"),
            "description": text("Popis"),
            "working_group": with_doc(ref("id"), "Pracovní skupina", "Identifikátor skupiny z groups.yaml."),
            "target_groups": ref("target_groups"),
            "swot": swot,
            "measures": list_of(measure, "Opatření", min_items=1),
        },
        required=["id", "title", "measures"],
        title="Priorita",
    )
    need = obj(
        {
            "id": with_doc(ref("id"), "Identifikátor potřeby"),
            "text": text("Zjištěná potřeba"),
            "source": text("Zdroj", "Např. dotazníkové šetření 2022."),
            "target_groups": ref("target_groups"),
        },
        required=["id", "text"],
        title="Zjištěná potřeba",
    )
    root = obj(
        {
            "id": with_doc(ref("id"), "Identifikátor plánu", "Shodný s názvem složky, např. 2020-2023."),
            "title": text("Název plánu"),
            "period": obj(
                {"start": with_doc(ref("year"), "Počáteční rok"), "end": with_doc(ref("year"), "Koncový rok")},
                required=["start", "end"],
                title="Období",
            ),
            "status": with_doc(ref("plan_status"), "Stav"),
            "approved": ref("approval"),
            "previous": with_doc(ref("id"), "Předchozí plán"),
            "regional_plan": text("Střednědobý plán kraje (SPRSS)"),
            "vision": text("Vize"),
            "needs": list_of(need, "Zjištěné potřeby"),
            "priorities": list_of(priority, "Priority", min_items=1),
        },
        required=["id", "title", "period", "status", "priorities"],
        top=True,
    )
    root["if"] = {"properties": {"status": {"const": "approved"}}, "required": ["status"]}
    root["then"] = {"required": ["approved"]}
    return finish(
        "plan",
        "plan.yaml – komunitní plán",
        "Víceletý komunitní plán: priority, opatření, aktivity, ukazatele.",
        root,
        {},
    )


def action_plan_schema() -> Schema:
    result = obj(
        {
            "status": with_doc(ref("result_status"), "Stav plnění", "Když chybí, spočte se z ukazatelů."),
            "actuals": {
                "type": "object",
                "title": "Skutečné hodnoty ukazatelů",
                "description": "null = vyžádáno, zatím nevykázáno (čeká na podklady); nikdy se nepočítá jako 0.",
                "propertyNames": ref("id"),
                "additionalProperties": {"anyOf": [ref("indicator_value"), {"type": "null"}]},
            },
            "spent": with_doc(ref("budget_by_source"), "Skutečně čerpáno"),
            "comment": text("Komentář"),
            "evaluated": with_doc(ref("date"), "Datum vyhodnocení"),
            "reported_by": text("Vykázal (realizátor)"),
        },
        title="Vyhodnocení",
    )
    item = obj(
        {
            "measure": with_doc(ref("id"), "Opatření", "Identifikátor opatření plánu."),
            "activities": list_of(ref("id"), "Aktivity", unique=True),
            "note": text("Poznámka"),
            "budget": with_doc(ref("budget_by_source"), "Rozpočet na rok"),
            "targets": {
                "type": "object",
                "title": "Cílové hodnoty na rok",
                "propertyNames": ref("id"),
                "additionalProperties": ref("indicator_value"),
            },
            "carried_over": with_doc(ref("year"), "Převzato z roku", "Nedokončeno v uvedeném roce."),
            "result": result,
        },
        required=["measure"],
        title="Položka akčního plánu",
    )
    root = obj(
        {
            "plan": with_doc(ref("id"), "Komunitní plán", "Identifikátor plánu, k němuž akční plán patří."),
            "year": with_doc(ref("year"), "Rok", "Shodný s názvem souboru."),
            "status": with_doc(ref("plan_status"), "Stav"),
            "approved": ref("approval"),
            "items": list_of(item, "Položky"),
        },
        required=["plan", "year", "status", "items"],
        top=True,
    )
    root["if"] = {"properties": {"status": {"const": "approved"}}, "required": ["status"]}
    root["then"] = {"required": ["approved"]}
    return finish(
        "action-plan", "Akční plán na rok", "Opatření na jeden rok, jejich rozpočet, cíle a vyhodnocení.", root, {}
    )


def grants_schema() -> Schema:
    """grants/<year>.yaml: one round of the town's grant programme for social services."""
    application = obj(
        {
            "id": with_doc(ref("id"), "Identifikátor žádosti", "Např. číslo jednací nebo pořadové číslo."),
            "service": with_doc(ref("id"), "Služba", "Identifikátor služby ze services.yaml."),
            "requested": with_doc(ref("money"), "Požadováno (Kč)", "Kolik služba v žádosti požaduje, v Kč."),
            "granted": with_doc(ref("money"), "Přiděleno (Kč)", "Chybí, dokud o žádosti nebylo rozhodnuto."),
            "paid": with_doc(
                ref("money"), "Vyplaceno (Kč)", "Kolik obec skutečně vyplatila; nejvýše přidělená částka."
            ),
            "settled": with_doc(
                ref("money"), "Vyúčtováno (Kč)", "Kolik poskytovatel vyúčtoval (doložil); nejvýše vyplacená částka."
            ),
            "note": text("Poznámka", "Např. důvod krácení, podmínky smlouvy, termín vyúčtování."),
        },
        required=["id", "service", "requested"],
        title="Žádost o dotaci",
    )
    root = obj(
        {
            "programme": text("Dotační program", "Např. Dotační program města Židlochovice pro sociální služby."),
            "year": with_doc(ref("year"), "Rok", "Shodný s názvem souboru grants/<rok>.yaml."),
            "budget": with_doc(
                ref("money"), "Alokace programu (Kč)", "Kolik obec na program v roce vyčlenila; přidělené částky ji "
                "nemají překročit."
            ),
            "approved": with_doc(
                ref("approval"), "Schválení", "Kdy a kým bylo rozdělení dotací schváleno (datum, orgán, číslo "
                "usnesení)."
            ),
            "applications": list_of(application, "Žádosti", "Žádosti služeb o dotaci v tomto kole programu."),
        },
        required=["programme", "year", "budget", "applications"],
        top=True,
    )
    return finish(
        "grants",
        "grants/<rok>.yaml – dotační program",
        "Žádosti služeb o dotaci z rozpočtu obce: požadováno, přiděleno, vyplaceno, vyúčtováno.",
        root,
        {},
    )


def consultation_schema() -> Schema:
    commenter = obj(
        {
            "kind": with_doc(
                ref("commenter_kind"),
                "Kdo připomínku podal",
                "Role v triádě (uzivatel, poskytovatel, zadavatel, verejnost) nebo organisation.",
            ),
            "organisation": text("Organizace", "Název organizace; tiskne se v tabulce vypořádání."),
            "name": text(
                "Jméno",
                "Osobní údaj: dokumenty jej tisknou jen s --with-members, web nikdy.",
            ),
        },
        required=["kind"],
        title="Připomínkující",
    )
    comment = obj(
        {
            "id": with_doc(ref("id"), "Číslo připomínky", 'Např. "1" nebo "K01" (v uvozovkách).'),
            "received": with_doc(ref("date"), "Datum doručení", "Uvnitř období opened–closed."),
            "from": with_doc(commenter, "Připomínkující", "Kdo připomínku podal: role v triádě, organizace, jméno."),
            "channel": text("Jak připomínka přišla", "Např. e-mail, písemně, veřejné projednání 12. 10."),
            "about": with_doc(
                ref("id"),
                "Čeho se týká",
                "plan (celý plán), nebo identifikátor priority, opatření či potřeby plánu.",
            ),
            "text": text("Znění připomínky", "Co připomínkující navrhuje nebo namítá, jeho slovy."),
            "decision": with_doc(
                ref("comment_decision"),
                "Vypořádání",
                "Před schválením plánu musí mít rozhodnutí každá připomínka.",
            ),
            "response": text(
                "Odůvodnění vypořádání", "Proč byla připomínka přijata či nepřijata a co se v plánu změnilo; tiskne "
                "se ve vypořádání."
            ),
            "changed": list_of(
                ref("id"), "Upravená opatření", "Identifikátory opatření, která se kvůli připomínce změnila.",
                unique=True,
            ),
        },
        required=["id", "received", "from", "text"],
        title="Připomínka",
    )
    root = obj(
        {
            "opened": with_doc(ref("date"), "Připomínkování zahájeno"),
            "closed": with_doc(ref("date"), "Připomínkování ukončeno"),
            "channels": list_of(
                ref("text"), "Jak lze připomínkovat", "Např. e-mail koordinátorce, písemně na podatelnu."
            ),
            "comments": list_of(comment, "Připomínky", "Každá došlá připomínka k návrhu plánu a její vypořádání."),
        },
        required=["opened", "comments"],
        top=True,
    )
    return finish(
        "consultation",
        "consultation.yaml – připomínky k návrhu plánu a jejich vypořádání",
        "Připomínkové řízení / veřejné projednání návrhu komunitního plánu.",
        root,
        {},
    )


def meeting_schema() -> Schema:
    decision = obj(
        {
            "text": text("Usnesení / závěr", "Co skupina rozhodla nebo na čem se shodla, jednou či dvěma větami."),
            "measures": list_of(ref("id"), "Projednaná opatření", "Identifikátory opatření plánu.", unique=True),
        },
        required=["text"],
        title="Závěr jednání",
    )
    root = obj(
        {
            "group": with_doc(ref("id"), "Skupina", "Identifikátor skupiny z groups.yaml (shodný s názvem souboru)."),
            "date": with_doc(ref("date"), "Datum jednání", "Shodné s názvem souboru RRRR-MM-DD-skupina.yaml."),
            "place": text("Místo", "Kde jednání proběhlo, např. zasedací místnost městského úřadu."),
            "present": {
                "type": "integer",
                "minimum": 0,
                "title": "Počet přítomných členů",
                "description": (
                    "Kolik členů skupiny bylo přítomno (hosté se nepočítají); nejméně tolik, kolik je jmen v "
                    "members_present."
                ),
            },
            "members_present": list_of(
                ref("text"), "Přítomní členové", "Osobní údaje: tisknou se jen s --with-members."
            ),
            "guests": {
                "type": "integer",
                "minimum": 0,
                "title": "Počet hostů",
                "description": "Kolik bylo přítomno hostů, kteří nejsou členy skupiny.",
            },
            "agenda": list_of(ref("text"), "Program", "Body programu jednání, jeden bod na řádek."),
            "decisions": list_of(
                decision, "Závěry a usnesení", "Závěry jednání; u každého lze uvést opatření plánu, jichž se týká "
                "(measures)."
            ),
            "minutes": text("Zápis", "Cesta k souboru zápisu uvnitř repozitáře, např. zapisy/2025-03-12.pdf."),
        },
        required=["group", "date", "present"],
        top=True,
    )
    return finish(
        "meeting",
        "meetings/RRRR-MM-DD-skupina.yaml – jednání skupiny",
        "Jedno jednání řídicí nebo pracovní skupiny: účast, program, závěry.",
        root,
        {},
    )


BUILDERS = {
    "manifest": manifest_schema,
    "services": services_schema,
    "groups": groups_schema,
    "plan": plan_schema,
    "action-plan": action_plan_schema,
    "grants": grants_schema,
    "consultation": consultation_schema,
    "meeting": meeting_schema,
}


def build_all() -> dict[str, Schema]:
    """Every schema by name."""
    return {name: BUILDERS[name]() for name in SCHEMA_NAMES}


def dump(schema: Schema) -> str:
    return json.dumps(schema, ensure_ascii=False, indent=2) + "\n"


def generated_docs() -> dict[str, str]:
    """docs/ files generated from the code lists, the rule table and the schemas (the Czech field reference)."""
    from kpss_cli import fieldref, rules

    return {"codes.md": codes.markdown(), "rules.md": rules.markdown(), "cs/pole.md": fieldref.markdown(build_all())}


def main(argv: list[str] | None = None) -> int:
    project = Path(__file__).resolve().parent.parent
    target = Path(argv[0]) if argv else project / "schemas"
    target.mkdir(parents=True, exist_ok=True)
    for name, schema in build_all().items():
        (target / f"{name}.schema.json").write_text(dump(schema), encoding="utf-8", newline="\n")
    for name, text in generated_docs().items():
        (project / "docs" / name).write_text(text, encoding="utf-8", newline="\n")
    print(f"wrote {len(SCHEMA_NAMES)} schemas to {target} and docs/codes.md, docs/rules.md, docs/cs/pole.md")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
