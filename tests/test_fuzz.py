"""Random damage to the example repository never gives a traceback (issue 7).

Byte-level and YAML-level mutations; every run must exit 0 or 1, every finding must have a file
and a line, and validate must write nothing.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import tempfile
from pathlib import Path

from conftest import EXAMPLE, _invoke
from hypothesis import given
from hypothesis import strategies as st

FILES = sorted(p.relative_to(EXAMPLE).as_posix() for p in EXAMPLE.rglob("*.yaml"))
ORIGINAL = {name: (EXAMPLE / name).read_bytes() for name in FILES}
WORKDIR = Path(tempfile.mkdtemp(prefix="kpss-fuzz-"))
REPO = WORKDIR / "repo"
shutil.copytree(EXAMPLE, REPO)

ODD = [
    "\x00", "\x07", "\x0b", "\x1b", "\t", "\r", "\u202e", "\ufeff", "\ufffe", "\u00a0", "𝕜𝕡𝕤𝕤",
    "ěščřžýáíé", "'", '"', ": ", "- ", "#", "&a", "*a", "!!python/object:os.system", "{", "[", "%",
    "@", "`", "|", ">", "---", "...", "~", "1e999", "9" * 400, "-1", ".nan", "null", "yes", "1.10",
]


def tree_digest(root: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(root.rglob("*")):
        digest.update(path.relative_to(root).as_posix().encode())
        if path.is_file():
            digest.update(path.read_bytes())
    return digest.hexdigest()


def check(name: str, content: bytes) -> None:
    target = REPO / name
    target.write_bytes(content)
    before = tree_digest(REPO)
    try:
        result = _invoke(["validate", "--repo", str(REPO), "--format", "json"], None)
        assert result.exit_code in (0, 1), result.output
        assert "Traceback" not in result.output and "internal error" not in result.output
        data = json.loads(result.stdout)
        for finding in data["findings"]:
            assert finding["file"] and "\\" not in finding["file"]
            assert finding["line"] >= 1 and finding["column"] >= 1
            assert finding["code"].startswith("KP")
        assert data["valid"] == (result.exit_code == 0)
        assert tree_digest(REPO) == before, "validate must not write"
    finally:
        target.write_bytes(ORIGINAL[name])


@given(
    name=st.sampled_from(FILES),
    position=st.floats(min_value=0, max_value=1),
    action=st.sampled_from(["insert", "delete", "replace", "truncate"]),
    payload=st.one_of(st.binary(min_size=1, max_size=8), st.sampled_from(ODD).map(lambda s: s.encode("utf-8"))),
    span=st.integers(min_value=1, max_value=40),
)
def test_byte_mutations_never_crash(name: str, position: float, action: str, payload: bytes, span: int) -> None:
    raw = ORIGINAL[name]
    at = int(position * len(raw))
    if action == "insert":
        mutated = raw[:at] + payload + raw[at:]
    elif action == "delete":
        mutated = raw[:at] + raw[at + span:]
    elif action == "replace":
        mutated = raw[:at] + payload + raw[at + len(payload):]
    else:
        mutated = raw[:at]
    check(name, mutated)


def _paths(node, prefix=()):
    yield prefix
    if isinstance(node, dict):
        for key, value in node.items():
            yield from _paths(value, (*prefix, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _paths(value, (*prefix, index))


REPLACEMENTS = st.one_of(
    st.none(), st.booleans(), st.integers(min_value=-(10**30), max_value=10**30),
    st.floats(allow_nan=False, allow_infinity=False), st.text(max_size=20),
    st.sampled_from(ODD), st.just([]), st.just({}), st.just({"x": [1, {"y": None}]}),
    st.sampled_from(["1.1", "P1", "2020-2023/1.1", "seniori", "mpsv", "2024", "zz-unknown"]),
)


@given(
    name=st.sampled_from(FILES),
    pick=st.floats(min_value=0, max_value=1),
    action=st.sampled_from(["drop", "replace", "duplicate", "rename", "nest"]),
    value=REPLACEMENTS,
)
def test_yaml_mutations_never_crash(name: str, pick: float, action: str, value: object) -> None:
    from kpss_cli.loader import load_bytes

    data = load_bytes(ORIGINAL[name], name).data
    paths = [p for p in _paths(data) if p]
    path = paths[int(pick * (len(paths) - 1))]
    parent = data
    for step in path[:-1]:
        parent = parent[step]
    last = path[-1]
    if action == "drop":
        del parent[last]
    elif action == "replace":
        parent[last] = value
    elif action == "duplicate" and isinstance(parent, list):
        parent.append(parent[last])
    elif action == "rename" and isinstance(parent, dict):
        parent[str(value) + "_"] = parent.pop(last)
    else:
        nested: object = parent[last]
        for _ in range(120 if isinstance(value, bool) and value else 5):
            nested = [nested]
        parent[last] = nested
    text = json.dumps(data, ensure_ascii=False)  # JSON is YAML: exact control over what is written
    check(name, text.encode("utf-8", "surrogatepass"))
