"""The shipped schemas: generated from codes.py, valid Draft 2020-12, printed by `kpss schema`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kpss_cli import codes, schemagen
from kpss_cli.schemas import SCHEMA_NAMES, schema, schema_text

DOCS = Path(__file__).resolve().parent.parent / "docs"


@pytest.mark.parametrize("name", SCHEMA_NAMES)
def test_shipped_schema_equals_generated(name: str) -> None:
    assert schema_text(name) == schemagen.dump(schemagen.build_all()[name]), (
        "schemas/ is stale: run `python -m kpss_cli.schemagen`"
    )


@pytest.mark.parametrize("name", SCHEMA_NAMES)
def test_schema_is_valid_draft_2020_12(name: str) -> None:
    import jsonschema_rs

    doc = schema(name)
    assert doc["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    jsonschema_rs.meta.validate(doc)


def test_code_lists_are_enums_with_labels() -> None:
    defs = schema("plan")["$defs"]
    for list_name, table in codes.CODE_LISTS.items():
        assert defs[list_name]["enum"] == list(table)
        assert len(defs[list_name]["enumDescriptions"]) == len(table)
    assert "pečovatelská služba (home care service)" in defs["service_type"]["enumDescriptions"]


def test_generated_docs_are_current() -> None:
    for name, text in schemagen.generated_docs().items():
        assert (DOCS / name).read_text(encoding="utf-8") == text, f"docs/{name} is stale: run python -m kpss_cli.schemagen"


def test_every_key_has_a_title_for_editor_hover() -> None:
    def titled(sub, defs):
        if "title" in sub:
            return True
        ref = sub.get("$ref", "")
        return ref.startswith("#/$defs/") and "title" in defs[ref.split("/")[-1]]

    def walk(node, where):
        if isinstance(node, dict):
            for key, sub in node.get("properties", {}).items():
                if key == "$schema":
                    continue
                assert titled(sub, defs), f"{where}.{key} has no title"
                walk(sub, f"{where}.{key}")
            for key in ("items", "additionalProperties"):
                if isinstance(node.get(key), dict):
                    walk(node[key], where + "[]")
            for sub_name, sub in node.get("$defs", {}).items():
                walk(sub, f"$defs.{sub_name}")

    for name in SCHEMA_NAMES:
        defs = schema(name)["$defs"]
        walk(schema(name), name)


def test_schema_command(run_kpss) -> None:
    result = run_kpss("schema", "plan")
    assert result.exit_code == 0
    assert json.loads(result.stdout)["title"].startswith("plan.yaml")
    listing = run_kpss("schema", "--list")
    assert listing.exit_code == 0
    assert [line.split()[0] for line in listing.stdout.splitlines()] == list(SCHEMA_NAMES)
    bad = run_kpss("schema", "planz")
    assert bad.exit_code == 2
    assert "unknown schema 'planz'" in bad.stderr


def test_the_czech_field_reference_lists_every_file_and_reads_as_a_coordinator_needs() -> None:
    """docs/cs/pole.md, read as a coordinator reads it: a row per key with type, required, codes, description."""
    page = (DOCS / "cs" / "pole.md").read_text(encoding="utf-8")
    for heading in ("kpss.yaml", "services.yaml", "groups.yaml", "plan.yaml", "consultation.yaml", "grants/<rok>.yaml"):
        assert f"\n## {heading} – " in page, heading
    sections = {part.split(" – ")[0]: part for part in page.split("\n## ")[1:]}

    def table(heading: str) -> dict[str, list[str]]:
        lines = sections[heading].splitlines()
        return {line.split(" | ")[0][3:-1]: line.split(" | ")[1:] for line in lines if line.startswith("| `")}

    rows = table("plan.yaml")
    assert rows["priorities[].measures[].id"][:2] == ["identifikátor", "ano"]
    assert rows["priorities[].measures[].kind"][:3] == [
        "kód", "ne", "`maintain` udržení, `develop` rozvoj, `new` nová služba / aktivita, `support` podpůrné opatření",
    ]
    assert rows["approved"][1] == "ano, při `status: approved`"  # only an approved plan
    assert rows["priorities[].measures[].budget"][0] == "rok → zdroj → Kč"
    assert rows["priorities[].measures[].budget"][2] == "[11 kódů, seznam funding_source](#funding_source)"
    assert "| `obce` | obce (město a obce území) |" in page  # the funding sources listed at the end
    assert table("grants/<rok>.yaml")["approved"][1] == "ne"
    rows = table("services.yaml")
    assert rows["services[].type"][1] == "ano, kromě `registered: false`"
    assert rows["services[].type"][2] == "[34 kódů, seznam service_type](#service_type)"
    assert "\n### service_type\n" in page and "| `pecovatelska_sluzba` | pečovatelská služba (§ 40) |" in page
    rows = table("grants/<rok>.yaml")
    assert rows["applications[].settled"][:2] == ["částka v Kč", "ne"]
    assert "nejvýše vyplacená částka" in rows["applications[].settled"][3]
    assert table("meetings/RRRR-MM-DD-skupina.yaml")["present"][:2] == ["celé číslo", "ano"]
    assert "`$schema`" not in page  # the editor's own key is not a field of the plan
    assert sum(line.startswith("| `") for line in page.splitlines()) > 250
