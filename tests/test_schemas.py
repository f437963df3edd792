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
