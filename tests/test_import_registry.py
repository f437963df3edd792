"""``kpss import registry`` end to end: the registry's sample files into a small Kyjov repository.

The repository (tests/data/registry/repo) covers Kyjov (586307) and Bzenec (586030). Its
services.yaml holds 6620135 (capacity 6 beds, one target group; the registry says 8 beds and
two groups), 4418920 (as in the registry), 1188220 (ended in the registry; measure 1.2 refers to
it), 7777777 (not in the registry) and an unregistered service, with comments and own fields.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

DATA = Path(__file__).parent / "data" / "registry"
SAMPLE = DATA / "rpss-sample.json"
EXTRA = DATA / "rpss-extra.json"


@pytest.fixture
def kyjov(tmp_path: Path) -> Path:
    """A fresh copy of the Kyjov test repository."""
    target = tmp_path / "kyjov"
    shutil.copytree(DATA / "repo", target)
    return target


def run_import(run_kpss, repo: Path, *args: object, registry: Path = SAMPLE):
    return run_kpss("import", "registry", registry, "--repo", repo, *args)


def import_json(run_kpss, repo: Path, *args: object, registry: Path = SAMPLE) -> dict:
    result = run_import(run_kpss, repo, "--format", "json", *args, registry=registry)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def services(doc: dict) -> dict[str, dict]:
    return {s["id"]: s for s in doc["services"]}


def fields(service: dict) -> dict[str, tuple]:
    return {f["path"]: (f["old"], f["new"]) for f in service["fields"]}


def block(text: str, service_id: str) -> str:
    """The lines of one service entry in services.yaml."""
    lines = text.splitlines()
    start = next(
        i
        for i, line in enumerate(lines)
        if line.strip() in (f'- id: "{service_id}"', f"- id: {service_id}")
    )
    end = next(
        (
            i
            for i in range(start + 1, len(lines))
            if not lines[i].strip() or lines[i].lstrip().startswith(("- id:", "#"))
        ),
        len(lines),
    )
    return "\n".join(lines[start:end])


def test_new_service_gets_the_facility_name_and_a_new_provider(run_kpss, kyjov: Path) -> None:
    doc = import_json(run_kpss, kyjov)
    added = services(doc)["2934711"]
    assert added["status"] == "added"
    assert added["name"] == "Pečovatelská služba Kyjov"
    assert added["provider"] == "pecovatelska-sluzba-kyjov"
    text = (kyjov / "services.yaml").read_text(encoding="utf-8")
    entry = block(text, "2934711")
    assert "type: pecovatelska_sluzba" in entry
    assert "forms: [terenni, ambulantni]" in entry
    assert "clients: 390" in entry  # 350 terénní + 40 ambulantní
    assert "address: Palackého 1, 697 01 Kyjov" in entry
    assert "email: ps@kyjov.example.cz" in entry
    provider = block(text, "pecovatelska-sluzba-kyjov")
    assert "name: Pečovatelská služba Kyjov, příspěvková organizace" in provider
    assert 'ico: "00285161"' in provider
    assert "Statutární" not in text  # statutory bodies are people: never copied
    assert any(
        p["id"] == "pecovatelska-sluzba-kyjov" and p["status"] == "added" for p in doc["providers"]
    )


def test_repeated_facilities_count_once(run_kpss, kyjov: Path) -> None:
    added = services(import_json(run_kpss, kyjov))["2934711"]
    assert added["facilities"] == 1
    assert added["municipalities"] == ["586307"]


def test_capacity_and_target_group_updated_old_to_new(run_kpss, kyjov: Path) -> None:
    result = run_import(run_kpss, kyjov)
    assert result.exit_code == 0, result.output
    assert "capacity.beds: 6 → 8" in result.stdout
    assert "target_groups: seniori → seniori, osoby_zijici_s_demenci" in result.stdout
    entry = block((kyjov / "services.yaml").read_text(encoding="utf-8"), "6620135")
    assert "beds: 8" in entry
    assert "target_groups: [seniori, osoby_zijici_s_demenci]" in entry


def test_user_fields_and_comments_are_kept(run_kpss, kyjov: Path) -> None:
    before = (kyjov / "services.yaml").read_text(encoding="utf-8")
    assert run_import(run_kpss, kyjov).exit_code == 0
    text = (kyjov / "services.yaml").read_text(encoding="utf-8")
    for kept in (
        "# Katalog poskytovatelů a služeb Kyjovska (testovací data pro import z registru)",
        "    name: Odlehčovací služba – Charita Kyjov  # název podle katalogu, ne podle registru",
        "    web: https://www.kyjov.charita.cz  # vlastní adresa webu, registr ji nepřepíše",
        "      fte: 4.5",
        "      note: Kapacita dle smlouvy s krajem.",
        '    area: ["586307"]',
        "    network: [2024, 2025, 2026]",
        "    x-poznamka: ověřit kapacitu na jaře",
        "  # --- Služby sociální péče ---",
        "  # --- Služby sociální prevence a poradenství ---",
        "  # --- Návazné služby mimo registr ---",
    ):
        assert kept in text
    # an unregistered service is never touched
    assert block(text, "klub-senioru-kyjov") == block(before, "klub-senioru-kyjov")
    # the service that matches the registry is left byte for byte, only gaining the places
    # (its facilities) it had none of
    assert block(text, "4418920") == block(before, "4418920") + (
        "\n    places:\n      - name: Osobní asistence Charity Kyjov\n"
        '        address: Komenského 566/12, 697 01 Kyjov\n        municipality: "586307"'
    )


def test_ended_service_in_the_catalogue_is_gone_but_kept_without_prune(
    run_kpss, kyjov: Path
) -> None:
    doc = import_json(run_kpss, kyjov)
    ended = services(doc)["1188220"]
    assert ended["status"] == "gone"
    assert ended["ended"] == "2023-12-31"
    assert "ended on 31 December 2023" in ended["reason"]
    assert '- id: "1188220"' in (kyjov / "services.yaml").read_text(encoding="utf-8")


def test_ended_service_not_in_the_catalogue_is_not_imported(run_kpss, kyjov: Path) -> None:
    (kyjov / "services.yaml").unlink()
    doc = import_json(run_kpss, kyjov)
    ended = services(doc)["1188220"]
    assert ended["status"] == "skipped"
    assert "ended on 31 December 2023" in ended["reason"]
    assert "1188220" not in (kyjov / "services.yaml").read_text(encoding="utf-8")


def test_services_outside_the_territory_are_not_imported(run_kpss, kyjov: Path) -> None:
    doc = import_json(run_kpss, kyjov)
    found = services(doc)
    text = (kyjov / "services.yaml").read_text(encoding="utf-8")
    for outside in ("6001234", "7345120"):  # Hodonín, Vracov
        assert outside not in found
        assert outside not in text


def test_obec_option_replaces_the_territory(run_kpss, kyjov: Path) -> None:
    doc = import_json(run_kpss, kyjov, "--obec", "586374,586021", "--dry-run")
    assert [t["name"] for t in doc["territory"]] == ["Vracov", "Hodonín"]
    found = services(doc)
    assert found["7345120"]["status"] == "added"
    assert found["6001234"]["status"] == "added"
    assert "2934711" not in found  # Kyjov is not asked for


def test_facility_in_the_territory_brings_a_service_from_elsewhere(run_kpss, kyjov: Path) -> None:
    added = services(import_json(run_kpss, kyjov))["6001299"]
    assert added["status"] == "added"
    assert added["located_by"] == "facility"
    assert added["municipalities"] == ["586307"]
    assert added["name"] == "Sociální rehabilitace – pobočka Kyjov"
    entry = block((kyjov / "services.yaml").read_text(encoding="utf-8"), "6001299")
    assert "provider: senior-centrum-hodonin" in entry
    assert "address: Svatoborská 40, 697 01 Kyjov" in entry


def test_secret_address_with_contact_address_inside(run_kpss, kyjov: Path) -> None:
    added = services(import_json(run_kpss, kyjov))["5512840"]
    assert added["status"] == "added"
    assert added["located_by"] == "contact_address"
    assert fields(added)["target_groups"][1] == [
        "osoby_zijici_v_socialne_vyloucenych_lokalitach"
    ]  # by alias


def test_secret_address_is_never_copied_and_outside_contact_decides(run_kpss, kyjov: Path) -> None:
    doc = import_json(run_kpss, kyjov, registry=EXTRA)
    found = services(doc)
    assert "5100002" not in found  # secret facility in Kyjov, contact address in Hodonín
    assert "5100009" not in found  # one facility secret, the known one in Hodonín
    assert "5100003" not in found  # its facility in Kyjov closed in 2020
    assert "Tajná" not in (kyjov / "services.yaml").read_text(encoding="utf-8")


def test_unknown_codes_are_reported_and_left_out(run_kpss, kyjov: Path) -> None:
    result = run_import(run_kpss, kyjov)
    assert result.exit_code == 0, result.output
    assert (
        "! target group CilovaSkupinaOsoby/99 is not in cilove-skupiny-osoby.json; left out"
        in result.stdout
    )
    entry = block((kyjov / "services.yaml").read_text(encoding="utf-8"), "2277001")
    assert "target_groups: [seniori]" in entry


def test_unmappable_type_form_or_provider_skips_the_service(run_kpss, kyjov: Path) -> None:
    doc = import_json(run_kpss, kyjov, registry=EXTRA)
    found = services(doc)
    assert found["5100001"]["status"] == "skipped"
    assert (
        "DruhSocialniSluzby/2" in found["5100001"]["reason"]
        and "needs a type" in found["5100001"]["reason"]
    )
    assert found["5100005"]["status"] == "skipped" and "no form" in found["5100005"]["reason"]
    assert found["5100006"]["status"] == "skipped" and "no provider" in found["5100006"]["reason"]
    text = (kyjov / "services.yaml").read_text(encoding="utf-8")
    for skipped in ("5100001", "5100005", "5100006"):
        assert skipped not in text
    # an unknown capacity type is left out, the known one kept
    dilna = found["5100008"]
    assert dilna["status"] == "added"
    assert any("TypKapacitySocialniSluzby/mistnost" in p for p in dilna["problems"])
    assert fields(dilna)["capacity"][1] == {"clients": 12}


def test_records_full_of_nulls_and_history_are_read(run_kpss, kyjov: Path) -> None:
    doc = import_json(run_kpss, kyjov, registry=EXTRA)
    found = services(doc)
    nulls = found["5100004"]
    assert nulls["status"] == "added"
    assert (
        nulls["name"] == "Pečovatelská služba – IČO 00285161"
    )  # no facility name: type and provider
    # a running record wins over an ended record of the same service
    assert found["5100007"]["status"] == "added"
    assert fields(found["5100007"])["target_groups"][1] == ["rodiny_s_detmi", "osoby_v_krizi"]
    assert doc["records"] == {"read": 12, "unreadable": 1}
    assert any("portalId 99" in note for note in doc["notes"])


def test_provider_matched_by_ico_is_not_duplicated(run_kpss, kyjov: Path) -> None:
    doc = import_json(run_kpss, kyjov)
    assert services(doc)["5512840"]["provider"] == "charita-kyjov"
    text = (kyjov / "services.yaml").read_text(encoding="utf-8")
    assert text.count('"44990120"') == 1
    charita = next(p for p in doc["providers"] if p["id"] == "charita-kyjov")
    assert charita["status"] == "updated"
    assert {f["path"] for f in charita["fields"]} == {
        "email",
        "phone",
    }  # the coordinator's web stays
    assert "web: https://www.kyjov.charita.cz" in block(text, "charita-kyjov")


def test_provider_with_a_bad_ico_is_created_without_it(run_kpss, kyjov: Path) -> None:
    doc = import_json(run_kpss, kyjov, registry=EXTRA)
    service = services(doc)["5100010"]
    assert any("12345678" in p for p in service["problems"])
    provider = block(
        (kyjov / "services.yaml").read_text(encoding="utf-8"), "rodinne-centrum-bzenec"
    )
    assert "ico" not in provider
    assert run_kpss("validate", "--repo", kyjov).exit_code == 0


def test_prune_keeps_a_service_a_measure_refers_to(run_kpss, kyjov: Path) -> None:
    result = run_import(run_kpss, kyjov, "--prune")
    assert result.exit_code == 0, result.output
    assert "kept because a measure refers to it (plan 2024-2027, measure 1.2)" in result.stdout
    text = (kyjov / "services.yaml").read_text(encoding="utf-8")
    assert '- id: "1188220"' in text
    assert '- id: "7777777"' not in text
    assert "Removed 1 service (--prune)" in result.stdout
    assert "  # --- Návazné služby mimo registr ---" in text
    assert run_kpss("validate", "--repo", kyjov).exit_code == 0


def test_prune_removes_a_gone_service_no_measure_refers_to(run_kpss, kyjov: Path) -> None:
    plan = kyjov / "plans" / "2024-2027" / "plan.yaml"
    plan.write_text(
        plan.read_text(encoding="utf-8").replace('services: ["1188220"]', "services: []"),
        encoding="utf-8",
    )
    doc = import_json(run_kpss, kyjov, "--prune")
    found = services(doc)
    assert found["1188220"]["status"] == "removed"
    assert found["7777777"]["status"] == "removed"
    text = (kyjov / "services.yaml").read_text(encoding="utf-8")
    assert "1188220" not in text and "7777777" not in text
    assert "  # --- Služby sociální prevence a poradenství ---" in text
    assert run_kpss("validate", "--repo", kyjov).exit_code == 0


def test_dry_run_writes_nothing(run_kpss, kyjov: Path) -> None:
    before = (kyjov / "services.yaml").read_bytes()
    result = run_import(run_kpss, kyjov, "--dry-run", "--prune")
    assert result.exit_code == 0, result.output
    assert "Dry run: services.yaml not written." in result.stdout
    assert (kyjov / "services.yaml").read_bytes() == before
    doc = import_json(run_kpss, kyjov, "--dry-run")
    assert doc["changed"] is True and doc["written"] is False
    assert (kyjov / "services.yaml").read_bytes() == before
    assert [p.name for p in kyjov.iterdir() if p.name.endswith(".kpss-tmp")] == []


def test_second_import_changes_nothing(run_kpss, kyjov: Path) -> None:
    assert run_import(run_kpss, kyjov).exit_code == 0
    first = (kyjov / "services.yaml").read_bytes()
    result = run_import(run_kpss, kyjov)
    assert result.exit_code == 0, result.output
    assert "services.yaml is up to date; nothing to write." in result.stdout
    assert (kyjov / "services.yaml").read_bytes() == first
    doc = import_json(run_kpss, kyjov)
    assert doc["changed"] is False
    assert (
        doc["summary"]["added"]
        == doc["summary"]["updated"]
        == doc["summary"]["providers_added"]
        == 0
    )
    assert (kyjov / "services.yaml").read_bytes() == first


def test_result_validates_new_services_only_warn(run_kpss, kyjov: Path) -> None:
    doc = import_json(run_kpss, kyjov)
    assert doc["warnings"] and {w["code"] for w in doc["warnings"]} == {"KP404"}
    result = run_kpss("validate", "--repo", kyjov)
    assert result.exit_code == 0, result.output


def test_missing_services_yaml_is_created(run_kpss, kyjov: Path) -> None:
    (kyjov / "services.yaml").unlink()
    shutil.rmtree(kyjov / "plans")  # its measures name services of the deleted file
    result = run_import(run_kpss, kyjov)
    assert result.exit_code == 0, result.output
    assert "services.yaml created" in result.stdout
    text = (kyjov / "services.yaml").read_text(encoding="utf-8")
    assert text.startswith("# Katalog poskytovatelů a služeb")
    assert '- id: "2934711"' in text
    assert run_kpss("validate", "--repo", kyjov).exit_code == 0


def test_crlf_and_bom_of_services_yaml_are_kept(run_kpss, kyjov: Path) -> None:
    path = kyjov / "services.yaml"
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes().replace(b"\n", b"\r\n"))
    assert run_import(run_kpss, kyjov).exit_code == 0
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    assert b"\n" not in raw.replace(b"\r\n", b"")
    assert b'- id: "2934711"' in raw


def test_invalid_result_writes_nothing(run_kpss, kyjov: Path) -> None:
    path = kyjov / "services.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace("    x-poznamka:", "    poznamka:"),
        encoding="utf-8",
    )
    before = path.read_bytes()
    result = run_import(run_kpss, kyjov)
    assert result.exit_code == 2
    assert "nothing was written" in result.stderr
    assert "KP101" in result.stderr
    assert path.read_bytes() == before


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"not json at all", "does not look like the registry's open data"),
        (b"[1, 2, 3]", "it holds a list"),
        (b'{"data": []}', "it has no list 'polozky'"),
        (b'{"polozky": null}', "its 'polozky' is null"),
        (b'{"polozky": [{"identifikator": "1234567",', "the file is cut short"),
        (
            b'{"polozky": [{"identifikator" "1234567"}]}',
            "is not valid JSON: Expecting ':' delimiter (line 1, column 31)",
        ),
        (b"\x1f\x8b\x08\x00\xff\xfe\x00", "is not UTF-8"),
        (b"", "the file is empty"),
        (b"<html><body>Chyba</body></html>", "looks like a web page"),
        (b'{"polozky": []}', "no service record could be read"),
    ],
)
def test_bad_registry_file_is_a_clear_error(
    run_kpss, kyjov: Path, tmp_path: Path, content: bytes, message: str
) -> None:
    bad = tmp_path / "rpss.json"
    bad.write_bytes(content)
    before = (kyjov / "services.yaml").read_bytes()
    result = run_import(run_kpss, kyjov, "--codes", DATA, registry=bad)
    assert result.exit_code == 2
    assert result.stderr.startswith("Error: ")
    assert message in result.stderr
    assert "Traceback" not in result.output
    assert (kyjov / "services.yaml").read_bytes() == before


def test_missing_registry_file(run_kpss, kyjov: Path, tmp_path: Path) -> None:
    result = run_import(run_kpss, kyjov, registry=tmp_path / "rpss.json")
    assert result.exit_code == 2
    assert "does not exist" in result.stderr


def test_missing_code_lists(run_kpss, kyjov: Path, tmp_path: Path) -> None:
    result = run_import(run_kpss, kyjov, "--codes", tmp_path)
    assert result.exit_code == 2
    assert "druhy-socialni-sluzby.json" in result.stderr and "--codes DIR" in result.stderr


def test_no_territory(run_kpss, kyjov: Path) -> None:
    manifest = kyjov / "kpss.yaml"
    text = manifest.read_text(encoding="utf-8")
    manifest.write_text(text[: text.index("  municipalities:")], encoding="utf-8")
    result = run_import(run_kpss, kyjov)
    assert result.exit_code == 2
    assert "lists no municipalities" in result.stderr and "--obec" in result.stderr
    assert run_import(run_kpss, kyjov, "--obec", "12345").exit_code == 2


def test_json_output_is_the_library_plan(run_kpss, kyjov: Path) -> None:
    from kpss_cli.registry import plan_import

    plan = plan_import(kyjov, SAMPLE)
    doc = import_json(run_kpss, kyjov, "--dry-run")
    assert doc == json.loads(
        json.dumps(plan.to_json(dry_run=True, written=False), ensure_ascii=False)
    )
    assert set(doc["summary"]) >= {"added", "updated", "unchanged", "gone", "removed", "skipped"}


def test_help_ends_with_an_example(run_kpss) -> None:
    result = run_kpss("import", "registry", "--help")
    assert result.exit_code == 0
    assert "Example: kpss import registry" in result.stdout


def test_catalogued_service_outside_the_territory_is_updated_not_gone(
    run_kpss, kyjov: Path
) -> None:
    doc = import_json(run_kpss, kyjov, "--obec", "586030")  # Bzenec only; 6620135 lies in Kyjov
    service = services(doc)["6620135"]
    assert service["status"] == "updated"
    assert service["located_by"] == "catalogue"
    assert fields(service)["capacity.beds"] == (6, 8)
    assert "2934711" not in services(doc)  # Kyjov's new services are not this territory's


def test_quiet_prints_nothing_but_writes(run_kpss, kyjov: Path) -> None:
    before = (kyjov / "services.yaml").read_bytes()
    result = run_import(run_kpss, kyjov, "--quiet")
    assert result.exit_code == 0
    assert result.stdout == ""
    assert (kyjov / "services.yaml").read_bytes() != before


def test_places_come_from_the_facilities_and_never_replace_the_coordinators(run_kpss, kyjov: Path) -> None:
    services_yaml = kyjov / "services.yaml"
    text = services_yaml.read_text(encoding="utf-8")
    own = '    places:\n      - address: Náměstí 1, 697 01 Kyjov\n        municipality: "586307"\n'
    start = text.index('- id: "6620135"')
    end = text.index("\n\n", start)
    services_yaml.write_text(text[:end] + "\n" + own.rstrip("\n") + text[end:], encoding="utf-8")
    doc = import_json(run_kpss, kyjov)
    assert "places" not in fields(services(doc)["6620135"])
    written = services_yaml.read_text(encoding="utf-8")
    assert own.rstrip("\n") in block(written, "6620135")
    assert block(written, "6620135").count("places:") == 1
    assert block(written, "6620135").count("      - ") == 1  # only the coordinator's place
    added = fields(services(doc)["2934711"])
    assert added["places"][1] == [
        {"name": "Pečovatelská služba Kyjov", "address": "Palackého 1, 697 01 Kyjov", "municipality": "586307"}
    ]
    # a second import changes nothing
    again = import_json(run_kpss, kyjov)
    assert all(s["status"] in ("unchanged", "gone", "kept") for s in again["services"]), again["services"]
