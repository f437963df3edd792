"""Properties of `kpss diff`: a revision (or a plan) compared with itself is empty; rewriting a
file without changing its meaning changes nothing; the parse of changed entries only gives the
same changes as parsing whole files."""

from __future__ import annotations

import copy
import shutil
import tempfile
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import EXAMPLE, _invoke, git
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from kpss_cli import diff as lib
from kpss_cli import model
from kpss_cli.diff import compare, reduce
from kpss_cli.diff.revisions import compare_file
from kpss_cli.loader import load_bytes
from kpss_cli.repo import classify

PLAN = "plans/2024-2027/plan.yaml"
AP2025 = "plans/2024-2027/action-plans/2025.yaml"


def example_data(relpath: str) -> dict[str, Any]:
    doc = load_bytes((EXAMPLE / relpath).read_bytes(), relpath)
    assert doc.ok
    return doc.data  # type: ignore[no-any-return]


class _Dumper(yaml.SafeDumper):
    """PyYAML writes YAML 1.1: a text such as 00283703 would come back as a number in YAML 1.2."""


def _text(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    from kpss_cli.loader import _resolve_plain

    try:
        plain = _resolve_plain(value)[1] if value else False
    except ValueError:
        plain = False
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=None if plain else '"')


_Dumper.add_representer(str, _text)


def dump(data: Any, **options: Any) -> bytes:
    return yaml.dump(
        data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=4096, **options
    ).encode("utf-8")


# ---------------------------------------------------------------------------------------------
# Edits a working group would make, as data operations on the example's files
# ---------------------------------------------------------------------------------------------

TEXTS = st.text(alphabet="abcdeěščřžýáí ", min_size=3, max_size=30).map(str.strip).filter(bool)
NUMBERS = st.integers(min_value=0, max_value=5_000_000)


def _measures(plan: dict[str, Any]) -> list[tuple[int, int]]:
    return [(pi, mi) for pi, p in enumerate(plan["priorities"]) for mi in range(len(p["measures"]))]


PLAN_OPS = st.one_of(
    st.tuples(st.just("title"), st.integers(0, 99), TEXTS),
    st.tuples(st.just("target"), st.integers(0, 99), NUMBERS),
    st.tuples(st.just("budget"), st.integers(0, 99), NUMBERS),
    st.tuples(st.just("drop_measure"), st.integers(0, 99), st.none()),
    st.tuples(st.just("move_measure"), st.integers(0, 99), st.integers(0, 9)),
    st.tuples(st.just("renumber"), st.integers(0, 99), st.integers(5, 9)),
    st.tuples(st.just("drop_priority"), st.integers(0, 9), st.none()),
    st.tuples(st.just("swap_priorities"), st.integers(0, 9), st.integers(0, 9)),
    st.tuples(st.just("need_text"), st.integers(0, 9), TEXTS),
    st.tuples(st.just("vision"), st.none(), TEXTS),
)


def apply_plan_op(plan: dict[str, Any], op: tuple[str, Any, Any]) -> None:
    what, where, value = op
    measures = _measures(plan)
    priorities = plan["priorities"]
    if (
        what in ("title", "target", "budget", "drop_measure", "move_measure", "renumber")
        and measures
    ):
        pi, mi = measures[where % len(measures)]
        m = priorities[pi]["measures"][mi]
        if what == "title":
            m["title"] = value
        elif (
            what == "target" and m.get("indicators") and m["indicators"][0].get("kind") != "boolean"
        ):
            m["indicators"][0]["target"] = value
        elif what == "budget" and m.get("budget"):
            year = sorted(m["budget"])[0]
            m["budget"][year]["obce"] = value
        elif what == "drop_measure":
            del priorities[pi]["measures"][mi]
        elif what == "move_measure":
            target = value % len(priorities)
            priorities[target]["measures"].append(priorities[pi]["measures"].pop(mi))
        elif what == "renumber":
            m["id"] = f"{m['id']}{value}"
    elif what == "drop_priority" and len(priorities) > 1:
        del priorities[where % len(priorities)]
    elif what == "swap_priorities":
        i, j = where % len(priorities), value % len(priorities)
        priorities[i], priorities[j] = priorities[j], priorities[i]
    elif what == "need_text" and plan.get("needs"):
        plan["needs"][where % len(plan["needs"])]["text"] = value
    elif what == "vision":
        plan["vision"] = value


SERVICE_OPS = st.one_of(
    st.tuples(st.just("name"), st.integers(0, 99), TEXTS),
    st.tuples(st.just("drop"), st.integers(0, 99), st.none()),
    st.tuples(st.just("add"), st.integers(0, 99), st.integers(1_000_000, 9_999_999)),
    st.tuples(st.just("swap"), st.integers(0, 99), st.integers(0, 99)),
    st.tuples(st.just("capacity"), st.integers(0, 99), st.integers(0, 500)),
    st.tuples(st.just("provider_phone"), st.integers(0, 99), TEXTS),
)


def apply_service_op(data: dict[str, Any], op: tuple[str, Any, Any]) -> None:
    what, where, value = op
    services = data["services"]
    if not services:
        return
    s = services[where % len(services)]
    if what == "name":
        s["name"] = value
    elif what == "drop" and len(services) > 1:
        services.remove(s)
    elif what == "add":
        services.append({**copy.deepcopy(s), "id": str(value), "name": f"Nová služba {value}"})
    elif what == "swap":
        i, j = where % len(services), value % len(services)
        services[i], services[j] = services[j], services[i]
    elif what == "capacity":
        s["capacity"] = {"clients": value}
    elif what == "provider_phone":
        providers = data["providers"]
        providers[where % len(providers)]["phone"] = value


ITEM_OPS = st.one_of(
    st.tuples(st.just("actual"), st.integers(0, 99), NUMBERS),
    st.tuples(st.just("drop"), st.integers(0, 99), st.none()),
    st.tuples(
        st.just("status"),
        st.integers(0, 99),
        st.sampled_from(["fulfilled", "not_fulfilled", "cancelled"]),
    ),
    st.tuples(st.just("no_result"), st.integers(0, 99), st.none()),
    st.tuples(st.just("note"), st.integers(0, 99), TEXTS),
)


def apply_item_op(data: dict[str, Any], op: tuple[str, Any, Any]) -> None:
    what, where, value = op
    items = data["items"]
    if not items:
        return
    it = items[where % len(items)]
    if what == "actual" and it.get("result", {}).get("actuals"):
        key = sorted(it["result"]["actuals"])[0]
        if not isinstance(it["result"]["actuals"][key], bool):
            it["result"]["actuals"][key] = value
    elif what == "drop" and len(items) > 1:
        items.remove(it)
    elif what == "status" and "result" in it:
        it["result"]["status"] = value
    elif what == "no_result":
        it.pop("result", None)
    elif what == "note":
        it["note"] = value


def edited(relpath: str, apply: Any, ops: list[Any]) -> tuple[bytes, bytes]:
    """The file dumped before and after the edits (one dumper: untouched entries are equal text)."""
    data = example_data(relpath)
    before = dump(data)
    changed = copy.deepcopy(data)
    for op in ops:
        apply(changed, op)
    return before, dump(changed)


def file_changes(relpath: str, old: bytes, new: bytes, reduced: bool) -> tuple[Any, ...]:
    """Validity of both sides and the changes of one file, parsed reduced or whole."""
    rf = classify(relpath)
    assert rf is not None
    if reduced:
        old_side, new_side = lib.load_pair(rf, old, new)
    else:
        old_side, new_side = reduce.load_whole(old, rf), reduce.load_whole(new, rf)
    validity = (old_side.valid, new_side.valid)
    if not all(validity):
        return validity, [e.code for e in old_side.errors], [e.code for e in new_side.errors]
    ctx = compare.Ctx(relpath)
    compare_file(rf, old_side, new_side, ctx, None)
    return validity, [c.to_json() for c in ctx.changes]


# ---------------------------------------------------------------------------------------------
# Reduced parsing == whole parsing
# ---------------------------------------------------------------------------------------------

FAST = settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)


@pytest.fixture
def reduce_everything(monkeypatch: pytest.MonkeyPatch) -> None:
    """Cut small files up too (the size floor is only a cost choice) so the example exercises it."""
    monkeypatch.setattr(reduce, "REDUCE_MIN_BYTES", 0)
    monkeypatch.setattr(reduce, "NEST_MIN_BYTES", 256)


@FAST
@given(st.lists(PLAN_OPS, min_size=1, max_size=6))
def test_reduced_plan_parse_gives_the_changes_of_whole_files(
    reduce_everything: None, ops: list[Any]
) -> None:
    old, new = edited(PLAN, apply_plan_op, ops)
    assert file_changes(PLAN, old, new, reduced=True) == file_changes(PLAN, old, new, reduced=False)


@FAST
@given(st.lists(SERVICE_OPS, min_size=1, max_size=6))
def test_reduced_services_parse_gives_the_changes_of_whole_files(
    reduce_everything: None, ops: list[Any]
) -> None:
    old, new = edited("services.yaml", apply_service_op, ops)
    assert file_changes("services.yaml", old, new, True) == file_changes(
        "services.yaml", old, new, False
    )


@FAST
@given(st.lists(ITEM_OPS, min_size=1, max_size=6))
def test_reduced_action_plan_parse_gives_the_changes_of_whole_files(
    reduce_everything: None, ops: list[Any]
) -> None:
    old, new = edited(AP2025, apply_item_op, ops)
    assert file_changes(AP2025, old, new, True) == file_changes(AP2025, old, new, False)


def test_reduction_cuts_the_unchanged_entries(reduce_everything: None) -> None:
    """Not vacuous: one changed measure leaves only its priority's changed part to parse."""
    old, new = edited(PLAN, apply_plan_op, [("title", 0, "Nový název")])
    reduced = reduce.reduce_pair(old, new)
    assert reduced is not None
    assert len(reduced[1].text) < len(new) / 4
    assert "Nový název" in reduced[1].text


def test_entries_that_depend_on_context_are_parsed_whole() -> None:
    text = (
        "providers: []\nservices:\n  - &s {id: a, name: A, provider: p}\n  - *s\n"
        + "# pad\n" * 4000
    )
    assert reduce.split_entries(text) is None  # anchors and aliases: no cutting
    assert reduce.split_entries("a: 1\n---\nb: 2\n") is None
    assert reduce.split_entries("items:\n\t- a\n") is None
    assert reduce.split_entries("web: 'https://x.cz/?a=1&b=2'\nitems:\n  - a\n") is not None


# ---------------------------------------------------------------------------------------------
# A plan compared with itself; a revision compared with itself
# ---------------------------------------------------------------------------------------------


@FAST
@given(st.lists(PLAN_OPS, max_size=6))
def test_a_plan_compared_with_itself_is_empty(ops: list[Any]) -> None:
    data = example_data(PLAN)
    for op in ops:
        apply_plan_op(data, op)
    assume(all(p["measures"] for p in data["priorities"]))
    plan = model.build_plan(data, PLAN)
    same = model.build_plan(copy.deepcopy(data), PLAN)
    periods = lib.compare_periods(plan, same)
    assert periods.changes == [] and not periods.has_changes
    assert all(b.old == b.new for b in periods.budget_sources + periods.budget_priorities)
    ctx = compare.Ctx(PLAN)
    lib.compare_plans(plan, same, ctx)
    assert ctx.changes == []


def _new_repo() -> Path:
    folder = Path(tempfile.mkdtemp(prefix="kpss-diff-prop-"))
    root = folder / "repo"
    shutil.copytree(EXAMPLE, root)
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "init")
    return root


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(
        st.tuples(
            st.lists(PLAN_OPS, max_size=3),
            st.lists(SERVICE_OPS, max_size=2),
            st.lists(ITEM_OPS, max_size=2),
        ),
        min_size=1,
        max_size=3,
    ),
    st.data(),
)
def test_any_revision_compared_with_itself_is_empty(
    history: list[Any], data: st.DataObject
) -> None:
    root = _new_repo()
    try:
        revisions = [git(root, "rev-parse", "HEAD").strip()]
        for n, (plan_ops, service_ops, item_ops) in enumerate(history):
            for relpath, apply, ops in (
                (PLAN, apply_plan_op, plan_ops),
                ("services.yaml", apply_service_op, service_ops),
                (AP2025, apply_item_op, item_ops),
            ):
                parsed = load_bytes((root / relpath).read_bytes(), relpath).data
                for op in ops:
                    apply(parsed, op)
                (root / relpath).write_bytes(dump(parsed))
            git(root, "add", "-A")
            git(root, "commit", "-q", "--allow-empty", "-m", f"edit {n}")
            revisions.append(git(root, "rev-parse", "HEAD").strip())
        rev = data.draw(st.sampled_from(revisions))
        compared = lib.diff_revisions(root, f"{rev}..{rev}", compare_all=True)
        assert compared.changes == []
        assert sorted(i.side for i in compared.invalid) == ["from", "to"] * (
            len(compared.invalid) // 2
        )
        run = _invoke(["diff", "--rev", f"{rev}..{rev}", "--exit-code", "--format", "json"], root)
        assert run.exit_code == 0, run.output
        # The working tree is the last revision: nothing to report either.
        assert lib.diff_revisions(root, revisions[-1], compare_all=True).changes == []
    finally:
        shutil.rmtree(root.parent, ignore_errors=True)


# ---------------------------------------------------------------------------------------------
# Rewriting without changing the meaning
# ---------------------------------------------------------------------------------------------

REWRITES = st.lists(
    st.sampled_from(
        ["flow", "reorder", "crlf", "bom", "comments", "defaults", "floats", "shuffle_codes"]
    ),
    min_size=1,
    max_size=4,
    unique=True,
)


def rewrite(data: dict[str, Any], how: list[str], relpath: str) -> bytes:
    data = copy.deepcopy(data)
    if "reorder" in how:
        for key in ("services", "providers", "priorities", "needs", "items", "groups"):
            if isinstance(data.get(key), list):
                data[key].reverse()
        for p in data.get("priorities", []):
            p["measures"].reverse()
    if "defaults" in how:
        for p in data.get("priorities", []):
            for m in p["measures"]:
                for ind in m.get("indicators", []):
                    ind.setdefault("kind", "at_least")
                    ind.setdefault("aggregate", "last")
                m.setdefault(
                    "years", {"from": data["period"]["start"], "to": data["period"]["end"]}
                )
        for s in data.get("services", []):
            s.setdefault("registered", True)
    if "floats" in how:
        for p in data.get("priorities", []):
            for m in p["measures"]:
                for sources in m.get("budget", {}).values():
                    for source in sources:
                        sources[source] = float(sources[source])
    if "shuffle_codes" in how:
        for p in data.get("priorities", []):
            for m in p["measures"]:
                m.get("target_groups", []).reverse()
        for s in data.get("services", []):
            s.get("forms", []).reverse()
    text = dump(data, default_flow_style=None if "flow" in how else False).decode("utf-8")
    if "comments" in how:
        text = "# přepsáno\n" + text.replace("\n  - ", "\n  # položka\n  - ")
    if "crlf" in how:
        text = text.replace("\n", "\r\n")
    raw = text.encode("utf-8")
    return b"\xef\xbb\xbf" + raw if "bom" in how else raw


@FAST
@given(REWRITES, st.sampled_from([PLAN, "services.yaml", AP2025, "groups.yaml", "kpss.yaml"]))
def test_rewriting_a_file_without_changing_its_meaning_changes_nothing(
    how: list[str], relpath: str
) -> None:
    data = example_data(relpath)
    old = (EXAMPLE / relpath).read_bytes()
    new = rewrite(data, how, relpath)
    for reduced in (True, False):
        validity, *rest = file_changes(relpath, old, new, reduced)
        assert validity == (True, True), rest
        assert rest == [[]]


# ---------------------------------------------------------------------------------------------
# Damaged files never make a traceback
# ---------------------------------------------------------------------------------------------

FILES = [PLAN, "services.yaml", AP2025, "groups.yaml", "kpss.yaml", "plans/2020-2023/plan.yaml"]
DAMAGE = st.lists(
    st.tuples(
        st.sampled_from(["drop_line", "repeat_line", "insert", "indent", "bytes"]),
        st.integers(0, 10_000),
        st.sampled_from(
            [
                "  - id: x\n",
                "&a [*a, *a]\n",
                ": :\n",
                "\t- y\n",
                "!!python/object:os.system x\n",
                "measures: []\n",
                "- \n",
                "id: 1.10\n",
                "\ufeff",
                "---\n",
                "target: true\n",
            ]
        ),
    ),
    min_size=1,
    max_size=4,
)


def damage(raw: bytes, how: list[tuple[str, int, str]]) -> bytes:
    lines = raw.split(b"\n")
    for what, where, text in how:
        at = where % max(len(lines), 1)
        if what == "drop_line" and lines:
            del lines[at]
        elif what == "repeat_line" and lines:
            lines.insert(at, lines[at])
        elif what == "insert":
            lines.insert(at, text.encode("utf-8").rstrip(b"\n"))
        elif what == "indent" and lines:
            lines[at] = b"   " + lines[at]
        elif what == "bytes":
            lines.insert(at, bytes([0xC8, 0xE1, 0x9A]))  # cp1250 text in a UTF-8 file
    return b"\n".join(lines)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(FILES), DAMAGE, st.booleans())
def test_damaged_files_are_reported_never_a_traceback(
    relpath: str, how: Any, committed: bool
) -> None:
    root = _new_repo()
    try:
        original = (root / relpath).read_bytes()
        (root / relpath).write_bytes(damage(original, how))
        args = ["diff", "--format", "json"]
        if committed:  # the damage at the older revision, the repaired file in the working tree
            git(root, "commit", "-q", "-am", "damage")
            (root / relpath).write_bytes(original)
            args += ["--rev", "HEAD"]
        run = _invoke(args, root)
        assert run.exit_code == 0, run.output
        doc = json_loads(run.stdout)
        assert set(doc) >= {"from", "to", "summary", "changes"}
        for fmt in ("text", "markdown"):
            assert _invoke([*args[:1], "--format", fmt, *args[3:]], root).exit_code == 0
    finally:
        shutil.rmtree(root.parent, ignore_errors=True)


def json_loads(text: str) -> Any:
    import json

    return json.loads(text)
