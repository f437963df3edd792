"""The editor support as an editor uses it: `kpss init --editor` in an existing repository (the
bundled example), the `# yaml-language-server: $schema=…` modeline, and yaml-language-server
(the engine of VS Code's YAML extension and of other editors) driven over stdio: a diagnostic for
a wrong value and a completion list of a measure's keys, from the copied schema."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from lspclient import LanguageServer
from npmtools import require

PLAN = "plans/2024-2027/plan.yaml"
ACTION_PLAN = "plans/2024-2027/action-plans/2025.yaml"


def test_init_editor_in_an_existing_repository(run_kpss, example_repo):
    before = (example_repo / ACTION_PLAN).read_bytes()
    result = run_kpss("init", "--editor", example_repo)
    assert result.exit_code == 0, result.output
    settings = json.loads((example_repo / ".vscode" / "settings.json").read_text(encoding="utf-8"))
    assert settings["yaml.schemas"]["./.kpss/schemas/action-plan.schema.json"] == ["plans/*/action-plans/*.yaml"]
    for name in ("manifest", "services", "groups", "plan", "action-plan"):
        assert (example_repo / ".kpss" / "schemas" / f"{name}.schema.json").is_file()
    after = (example_repo / ACTION_PLAN).read_bytes()
    line = b"# yaml-language-server: $schema=../../../.kpss/schemas/action-plan.schema.json\n"
    assert after == line + before  # the rest of the file byte for byte
    assert (example_repo / "kpss.yaml").read_text(encoding="utf-8").startswith(
        "# yaml-language-server: $schema=.kpss/schemas/manifest.schema.json\n"
    )
    assert run_kpss("validate", "--repo", example_repo).exit_code == 0
    # A second run changes nothing.
    again = run_kpss("init", "--editor", example_repo)
    assert again.exit_code == 0 and "up to date" in again.stderr
    assert (example_repo / ACTION_PLAN).read_bytes() == after


def test_init_editor_refreshes_stale_schemas_and_keeps_other_settings(run_kpss, example_repo):
    vscode = example_repo / ".vscode"
    vscode.mkdir()
    (vscode / "settings.json").write_text(
        json.dumps({"editor.fontSize": 15, "yaml.schemas": {"./.kpss/schemas/old.schema.json": ["x.yaml"], "mine.json": ["y.yaml"]}}),
        encoding="utf-8",
    )
    stale = example_repo / ".kpss" / "schemas" / "plan.schema.json"
    stale.parent.mkdir(parents=True)
    stale.write_text("{}", encoding="utf-8")
    assert run_kpss("init", "--editor", example_repo).exit_code == 0
    settings = json.loads((vscode / "settings.json").read_text(encoding="utf-8"))
    assert settings["editor.fontSize"] == 15
    assert settings["yaml.schemas"]["mine.json"] == ["y.yaml"]
    assert "./.kpss/schemas/old.schema.json" not in settings["yaml.schemas"]
    assert json.loads(stale.read_text(encoding="utf-8"))["title"]


def test_init_editor_keeps_bom_and_crlf_and_updates_an_old_modeline(run_kpss, example_repo):
    groups = example_repo / "groups.yaml"
    body = groups.read_bytes().replace(b"\r\n", b"\n").replace(b"\n", b"\r\n")
    groups.write_bytes(b"\xef\xbb\xbf# yaml-language-server: $schema=old.json\r\n" + body)
    assert run_kpss("init", "--editor", example_repo).exit_code == 0
    assert groups.read_bytes() == b"\xef\xbb\xbf# yaml-language-server: $schema=.kpss/schemas/groups.schema.json\r\n" + body


def test_init_editor_refuses_settings_with_comments(run_kpss, example_repo):
    (example_repo / ".vscode").mkdir()
    (example_repo / ".vscode" / "settings.json").write_text('{\n  // mine\n  "a": 1\n}\n', encoding="utf-8")
    result = run_kpss("init", "--editor", example_repo)
    assert result.exit_code == 2
    assert "yaml.schemas" in result.stderr and "Traceback" not in result.output
    assert "// mine" in (example_repo / ".vscode" / "settings.json").read_text(encoding="utf-8")


def test_a_new_repository_has_the_modelines(run_kpss, tmp_path):
    assert run_kpss("init", tmp_path / "n", "--name", "Obec Vranovice", "--kind", "obec").exit_code == 0
    plan = next((tmp_path / "n" / "plans").glob("*/plan.yaml"))
    assert plan.read_text(encoding="utf-8").startswith("# yaml-language-server: $schema=../../.kpss/schemas/plan.schema.json\n")


@pytest.fixture
def server(example_repo):
    script = require("node_modules/yaml-language-server/bin/yaml-language-server")
    settings = {"yaml": {"validate": True, "completion": True, "hover": True, "schemaStore": {"enable": False}}}
    lsp = LanguageServer([shutil.which("node") or "node", str(script), "--stdio"], settings)
    lsp.request("initialize", {
        "processId": None,
        "rootUri": example_repo.as_uri(),
        "capabilities": {"workspace": {"configuration": True}, "textDocument": {"completion": {}}},
    })
    lsp.notify("initialized", {})
    lsp.notify("workspace/didChangeConfiguration", {"settings": settings})
    yield lsp
    lsp.close()


def open_document(lsp: LanguageServer, path: Path, text: str) -> list[dict]:
    uri = path.as_uri()
    lsp.notify("textDocument/didOpen", {"textDocument": {"uri": uri, "languageId": "yaml", "version": 1, "text": text}})
    message = lsp.wait(lambda m: m.get("method") == "textDocument/publishDiagnostics" and m["params"]["uri"] == uri)
    return message["params"]["diagnostics"]


def test_yaml_language_server_checks_and_completes_from_the_modeline(run_kpss, example_repo, server):
    assert run_kpss("init", "--editor", example_repo).exit_code == 0
    path = example_repo / PLAN
    lines = path.read_text(encoding="utf-8").splitlines()
    status = next(i for i, line in enumerate(lines) if line.startswith("status: "))
    lines[status] = "status: hotovo"
    # A new measure with only its id, and the cursor on the empty line under it.
    first = next(i for i, line in enumerate(lines) if line == '      - id: "1.1"')
    lines[first:first] = ['      - id: "1.9"', "        "]
    diagnostics = open_document(server, path, "\n".join(lines) + "\n")
    on_status = [d for d in diagnostics if d["range"]["start"]["line"] == status]
    assert on_status, diagnostics
    assert "draft" in on_status[0]["message"] and "approved" in on_status[0]["message"]
    assert on_status[0]["severity"] == 1  # an error
    result = server.request("textDocument/completion", {
        "textDocument": {"uri": path.as_uri()}, "position": {"line": first + 1, "character": 8},
    })
    items = result["items"] if isinstance(result, dict) else result
    labels = {item["label"] for item in items}
    assert {"title", "responsible", "kind", "indicators", "activities", "budget", "services"} <= labels
    assert "id" not in labels  # already there


def test_a_measures_keys_read_well_on_hover(run_kpss, example_repo, server):
    assert run_kpss("init", "--editor", example_repo).exit_code == 0
    path = example_repo / PLAN
    text = path.read_text(encoding="utf-8")
    open_document(server, path, text)
    lines = text.splitlines()

    def hover(key: str) -> str:
        line = next(i for i, t in enumerate(lines) if t.startswith(f"        {key}:"))
        result = server.request("textDocument/hover", {
            "textDocument": {"uri": path.as_uri()}, "position": {"line": line, "character": 9},
        })
        return result["contents"]["value"]

    assert "udržení stávající služby" in hover("kind")
    assert "Co opatření přinese" in hover("description")
    assert "Neprázdný text." not in hover("description")


def test_every_key_of_a_measure_has_its_own_czech_description():
    from kpss_cli.schemas import schema_text

    schema = json.loads(schema_text("plan"))
    measure = schema["properties"]["priorities"]["items"]["properties"]["measures"]["items"]
    generic = {"Neprázdný text.", "Rok (2000–2100).", None}
    for key, prop in measure["properties"].items():
        if key == "$schema":
            continue
        description = prop.get("description")
        if description is None and "$ref" in prop:
            description = schema["$defs"][prop["$ref"].rsplit("/", 1)[1]].get("description")
        assert description not in generic, key


def test_every_hover_text_names_a_key_of_its_schema():
    from kpss_cli.schemagen import HOVER
    from kpss_cli.schemas import schema_text

    for name, table in HOVER.items():
        schema = json.loads(schema_text(name))
        found: set[str] = set()

        def walk(node, path, found=found, schema=schema, name=name):
            if isinstance(node, dict):
                for key, prop in (node.get("properties") or {}).items():
                    dotted = f"{path}.{key}" if path else key
                    if dotted in HOVER[name] and prop.get("description") == HOVER[name][dotted]:
                        found.add(dotted)
                    walk(prop, dotted)
                for key in ("items", "allOf", "anyOf", "oneOf", "then", "else"):
                    child = node.get(key)
                    for sub in child if isinstance(child, list) else [child] if isinstance(child, dict) else []:
                        walk(sub, path)

        walk(schema, "")
        assert set(table) == found, (name, set(table) - found)


def _properties(node, path=""):
    """(dotted path, property schema) of every property under node, through items, if/then/else, $defs."""
    if not isinstance(node, dict):
        return
    for key, prop in (node.get("properties") or {}).items():
        dotted = f"{path}.{key}" if path else key
        yield dotted, prop
        yield from _properties(prop, dotted)
    for key in ("items", "then", "else", "allOf", "anyOf", "oneOf"):
        child = node.get(key)
        for sub in child if isinstance(child, list) else [child] if isinstance(child, dict) else []:
            yield from _properties(sub, path)


def test_every_property_of_every_schema_has_a_czech_description_of_its_own():
    """What the editor shows on hover: no key without a description, none only "Neprázdný text."."""
    import re

    from kpss_cli.schemagen import SCHEMA_NAMES

    schemas = Path(__file__).resolve().parent.parent / "schemas"
    generic = {"Neprázdný text.", "Rok (2000–2100).", "Částka v Kč (nezáporné číslo, bez mezer)."}
    missing = []
    for name in SCHEMA_NAMES:
        schema = json.loads((schemas / f"{name}.schema.json").read_text(encoding="utf-8"))
        defs = schema["$defs"]
        places = [*_properties({k: v for k, v in schema.items() if k != "$defs"})]
        for def_name, definition in defs.items():
            places += [(f"$defs.{def_name}.{p}", prop) for p, prop in _properties(definition)]
        for dotted, prop in places:
            description = prop.get("description")
            if description is None and "$ref" in prop:
                description = defs[prop["$ref"].rsplit("/", 1)[1]].get("description")
            if description in generic or not description or not re.search("[áčďéěíňóřšťúůýž]", description.lower() + prop.get("title", "")):
                missing.append(f"{name}: {dotted}")
    assert missing == []


def test_a_services_contact_is_described_as_the_services_not_the_providers():
    from kpss_cli.schemas import schema_text

    schema = json.loads(schema_text("services"))
    provider = schema["properties"]["providers"]["items"]["properties"]
    service = schema["properties"]["services"]["items"]["properties"]["contact"]["properties"]
    assert provider["address"]["description"] == "Sídlo poskytovatele: ulice, číslo popisné, PSČ a obec."
    assert service["address"]["description"] == "Adresa služby: ulice, číslo popisné, PSČ a obec."
    assert service["web"]["description"] == "Webová stránka služby, celá adresa včetně https://."


def test_a_services_capacity_and_contact_read_well_on_hover(run_kpss, example_repo, server):
    """The keys that had no description: what the editor shows now, from the copied schema."""
    assert run_kpss("init", "--editor", example_repo).exit_code == 0
    path = example_repo / "services.yaml"
    text = path.read_text(encoding="utf-8")
    open_document(server, path, text)
    lines = text.splitlines()

    def hover(prefix: str) -> str:
        line = next(i for i, t in enumerate(lines) if t.startswith(prefix))
        column = len(prefix) - len(prefix.lstrip()) + 1
        result = server.request("textDocument/hover", {
            "textDocument": {"uri": path.as_uri()}, "position": {"line": line, "character": column},
        })
        return result["contents"]["value"]

    assert "Přepočtené úvazky pracovníků v přímé péči" in hover("      fte:")
    assert "okamžitá kapacita" in hover("      clients:")
