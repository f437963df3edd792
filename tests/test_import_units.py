"""The parts of the registry import on their own: the streaming reader, code matching, slugs,
addresses, and that damaged registry records never crash the import."""

from __future__ import annotations

import copy
import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kpss_cli.errors import KpssError
from kpss_cli.registry import (
    CodeLists,
    ImportInvalid,
    format_address,
    iter_registry,
    plan_import,
    slug,
    stream,
)

DATA = Path(__file__).parent / "data" / "registry"
SAMPLE = DATA / "rpss-sample.json"


@pytest.mark.parametrize("chunk", [1, 7, 64, 1 << 20])
def test_streamed_records_equal_json_load(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, chunk: int
) -> None:
    """Whatever the piece size, the stream yields exactly the records json.load sees."""
    records = json.loads(SAMPLE.read_text(encoding="utf-8"))["polozky"]
    wrapped = tmp_path / "rpss.json"
    # other top-level keys before and after the list, CRLF and a BOM, as exports may have
    text = json.dumps(
        {"meta": {"verze": 2, "x": [1, 2.5, None]}, "polozky": records, "pocet": 13},
        ensure_ascii=False,
        indent=2,
    )
    wrapped.write_bytes(b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode("utf-8"))
    monkeypatch.setattr(stream, "CHUNK", chunk)
    assert list(iter_registry(wrapped)) == records


def test_error_position_is_counted_across_pieces(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    text = SAMPLE.read_text(encoding="utf-8")
    at = text.index('"portalId": 7005')
    broken = tmp_path / "rpss.json"
    broken.write_text(text[:at] + '"x" 1, ' + text[at:], encoding="utf-8")
    line = text[:at].count("\n") + 1
    column = at - text.rfind("\n", 0, at) + 4
    monkeypatch.setattr(stream, "CHUNK", 100)
    with pytest.raises(KpssError, match=rf"line {line}, column {column}\)"):
        list(iter_registry(broken))


def _code_lists(
    folder: Path, types: dict[str, str], groups: dict[str, str], forms: dict[str, str] | None = None
) -> CodeLists:
    def write(name: str, kind: str, names: dict[str, str]) -> None:
        items = [{"id": f"{kind}/{k}", "nazev": {"cs": v}} for k, v in names.items()]
        (folder / name).write_text(
            json.dumps({"polozky": items}, ensure_ascii=False), encoding="utf-8"
        )

    write("druhy-socialni-sluzby.json", "DruhSocialniSluzby", types)
    write("cilove-skupiny-osoby.json", "CilovaSkupinaOsoby", groups)
    if forms is not None:
        write("formy-soc-sluzby.json", "FormaSocialniSluzby", forms)
    return CodeLists(folder)


def test_names_match_by_case_space_then_without_diacritics(tmp_path: Path) -> None:
    lists = _code_lists(
        tmp_path,
        {
            "1": "  PEČOVATELSKÁ   služba ",
            "2": "domovy pro seniory",
            "3": "Tisnova pece",
            "4": "něco úplně jiného",
        },
        {"1": "Rodiny s dítětem / dětmi", "2": "osoby žijící v sociálně vyloučených komunitách"},
        {"amb": "ambulantní", "pob": "pobytové", "x": "dálková"},
    )
    assert lists.resolve("type", "DruhSocialniSluzby/1").code == "pecovatelska_sluzba"
    assert lists.resolve("type", "DruhSocialniSluzby/2").code == "domovy_pro_seniory"
    assert lists.resolve("type", "DruhSocialniSluzby/3").code == "tisnova_pece"  # no diacritics
    unknown = lists.resolve("type", "DruhSocialniSluzby/4")
    assert unknown.code is None and "'něco úplně jiného'" in (unknown.problem or "")
    missing = lists.resolve("type", "DruhSocialniSluzby/99")
    assert missing.code is None and "is not in druhy-socialni-sluzby.json" in (
        missing.problem or ""
    )
    assert lists.resolve("target_group", "CilovaSkupinaOsoby/1").code == "rodiny_s_detmi"
    assert (
        lists.resolve("target_group", "CilovaSkupinaOsoby/2").code
        == "osoby_zijici_v_socialne_vyloucenych_lokalitach"
    )
    assert lists.resolve("form", "FormaSocialniSluzby/pob").code == "pobytova"  # alias
    assert lists.resolve("form", "FormaSocialniSluzby/x").code is None
    assert (
        lists.resolve("capacity", "TypKapacitySocialniSluzby/luzka").code == "beds"
    )  # documented code
    assert lists.resolve("capacity", "TypKapacitySocialniSluzby/mistnost").code is None


def test_forms_fall_back_to_their_short_codes_without_the_list(tmp_path: Path) -> None:
    lists = _code_lists(tmp_path, {"1": "raná péče"}, {})
    assert lists.resolve("form", "FormaSocialniSluzby/ter").code == "terenni"
    problem = lists.resolve("form", "FormaSocialniSluzby/zzz").problem or ""
    assert "formy-soc-sluzby.json is not in" in problem


def test_every_service_type_of_the_sample_list_resolves() -> None:
    lists = CodeLists(DATA)
    unresolved = [ref for ref in lists.names["type"] if lists.resolve("type", ref).code is None]
    assert unresolved == []


def test_slug_is_readable_ascii_and_unique() -> None:
    assert (
        slug("Pečovatelská služba Kyjov, příspěvková organizace", []) == "pecovatelska-sluzba-kyjov"
    )
    assert slug("Azylový dům Kyjovsko, o. p. s.", []) == "azylovy-dum-kyjovsko"
    assert slug("Šance pro rodinu, z. s.", ["sance-pro-rodinu"]) == "sance-pro-rodinu-2"
    assert slug("Senior centrum Hodonín, z. ú.", []) == "senior-centrum-hodonin"
    assert slug("Diakonie ČCE – středisko v Brně", []) == "diakonie-cce-stredisko-v-brne"
    long = slug("Velmi dlouhý název organizace " * 5, [])
    assert len(long) <= 48 and not long.endswith("-")
    assert slug("!!!", []) == "poskytovatel"


def test_address_is_written_as_czech_postal_text() -> None:
    names = {"586307": "Kyjov"}
    address = {
        "ulice": {"nazev": "Komenského"},
        "cisloDomovni": 566,
        "cisloOrientacni": "12",
        "psc": "69701",
        "obec": {"id": "Obec/586307"},
    }
    assert format_address(address, names) == "Komenského 566/12, 697 01 Kyjov"
    village = {
        "ulice": None,
        "cisloDomovni": 123,
        "psc": "69642",
        "obec": {"id": "Obec/586374"},
        "castObce": {"nazev": "Vracov"},
    }
    assert format_address(village, names) == "Vracov 123, 696 42"
    assert format_address(None, names) is None
    assert format_address({"obec": "nonsense"}, names) is None


# -- damaged records never crash the import ---------------------------------------------------

RECORDS: list[Any] = json.loads(SAMPLE.read_text(encoding="utf-8"))["polozky"]
JUNK = st.sampled_from(
    [
        None,
        "",
        0,
        -5,
        1.5,
        True,
        [],
        {},
        "x",
        [None],
        {"id": None},
        {"id": 7},
        "Obec/abc",
        "2023-99-99",
        "2020-01-01",
        "9999-12-31",
        [{"id": "X/1"}],
    ]
)


def _paths(node: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [prefix]
    if isinstance(node, dict):
        for key, value in node.items():
            found.extend(_paths(value, (*prefix, key)))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            found.extend(_paths(value, (*prefix, index)))
    return found


@st.composite
def damaged(draw: st.DrawFn) -> list[Any]:
    records = copy.deepcopy(RECORDS)
    for _ in range(draw(st.integers(1, 10))):
        index = draw(st.integers(0, len(records) - 1))
        paths = _paths(records[index])
        path = draw(st.sampled_from(paths))
        if not path:
            records[index] = draw(JUNK)
            continue
        parent: Any = records[index]
        for step in path[:-1]:
            parent = parent[step]
        if draw(st.booleans()):
            del parent[path[-1]]
        else:
            parent[path[-1]] = draw(JUNK)
    return records


@pytest.fixture(scope="module")
def repo_copy(tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = tmp_path_factory.mktemp("damaged") / "repo"
    shutil.copytree(DATA / "repo", target)
    return target


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(records=damaged())
def test_damaged_records_never_crash_nor_give_an_invalid_file(
    repo_copy: Path, records: list[Any]
) -> None:
    folder = repo_copy.parent / "registry"
    folder.mkdir(exist_ok=True)
    for name in (
        "druhy-socialni-sluzby.json",
        "cilove-skupiny-osoby.json",
        "formy-soc-sluzby.json",
        "obce.json",
    ):
        if not (folder / name).exists():
            shutil.copy(DATA / name, folder / name)
    target = folder / "rpss.json"
    target.write_text(json.dumps({"polozky": records}, ensure_ascii=False), encoding="utf-8")
    before = (repo_copy / "services.yaml").read_bytes()
    try:
        plan = plan_import(repo_copy, target, prune=True)
    except ImportInvalid as exc:  # the import itself wrote something invalid: a bug
        raise AssertionError(str(exc)) from None
    except KpssError as exc:
        assert "no service record could be read" in str(exc)
        return
    assert plan.records == len(records)
    assert (repo_copy / "services.yaml").read_bytes() == before  # computing writes nothing
