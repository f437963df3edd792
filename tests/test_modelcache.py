"""The model cache of ``report network`` / ``report grants``: the same answers as without it, a
changed or broken file is read again, and only a private folder is trusted."""

from __future__ import annotations

import json
import os
import pickle
import shutil
from pathlib import Path

import pytest
from test_golden import BASE
from test_grants import GRANTS
from test_network import SERVICES

from kpss_cli import modelcache
from kpss_cli.model import Repository, Service


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("KPSS_CACHE", "on")
    monkeypatch.setenv("KPSS_CACHE_DIR", str(folder))
    return folder


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    root = tmp_path / "repo"
    shutil.copytree(BASE, root)
    (root / "services.yaml").write_text(SERVICES, encoding="utf-8")
    (root / "grants").mkdir()
    (root / "grants" / "2025.yaml").write_text(GRANTS, encoding="utf-8")
    return root


def entries(folder: Path) -> list[Path]:
    return sorted(folder.glob("*" + modelcache.SUFFIX))


def test_the_second_report_comes_from_the_cache_and_says_the_same(
    run_kpss, repo: Path, cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    args = ("report", "network", "2025", "--format", "json", "--repo", repo)
    first = run_kpss(*args)
    assert first.exit_code == 0, first.output
    assert len(entries(cache)) == 1
    # From now on validating would fail the test: the answer must come from the cache.
    import kpss_cli.validate

    def no_validation(*_a: object, **_k: object) -> None:
        raise AssertionError("validated again")

    with monkeypatch.context() as patched:
        patched.setattr(kpss_cli.validate, "validate_repository", no_validation)
        second = run_kpss(*args)
    assert second.exit_code == 0, second.output
    assert second.stdout == first.stdout
    monkeypatch.setenv("KPSS_CACHE", "off")
    assert run_kpss(*args).stdout == first.stdout  # and without the cache, the same again


def test_a_broken_catalogue_is_refused_although_a_valid_one_was_cached(run_kpss, repo: Path, cache: Path) -> None:
    assert run_kpss("report", "network", "2025", "--repo", repo).exit_code == 0
    (repo / "services.yaml").write_text(
        SERVICES.replace("level: obec, units: {fte: 2}", "level: obecni, units: {fte: 2}"), encoding="utf-8"
    )
    broken = run_kpss("report", "network", "2025", "--repo", repo)
    assert broken.exit_code == 2
    assert "services.yaml:" in broken.stderr and "KP104" in broken.stderr
    assert len(entries(cache)) == 1  # an invalid repository is never cached


def test_a_changed_file_is_read_again(run_kpss, repo: Path, cache: Path) -> None:
    first = json.loads(run_kpss("report", "grants", "2025", "-f", "json", "--repo", repo).stdout)
    grants = (repo / "grants" / "2025.yaml").read_text(encoding="utf-8")
    (repo / "grants" / "2025.yaml").write_text(grants.replace("requested: 120000", "requested: 130000"), "utf-8")
    second = json.loads(run_kpss("report", "grants", "2025", "-f", "json", "--repo", repo).stdout)
    assert second["totals"]["requested"] == first["totals"]["requested"] + 10000
    assert len(entries(cache)) == 2


def test_off_writes_nothing(run_kpss, repo: Path, cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KPSS_CACHE", "off")
    assert run_kpss("report", "network", "2025", "--repo", repo).exit_code == 0
    assert not cache.exists()


def test_a_damaged_entry_is_recomputed(run_kpss, repo: Path, cache: Path) -> None:
    args = ("report", "network", "2025", "-f", "json", "--repo", repo)
    first = run_kpss(*args).stdout
    (entry,) = entries(cache)
    entry.write_bytes(b"not a pickle")
    again = run_kpss(*args)
    assert again.exit_code == 0 and again.stdout == first
    assert entry.read_bytes().startswith(b"\x80")  # written anew


def _planted(repo: Path, cache: Path) -> Path:
    """An entry under the key of the repository's files holding a model nobody validated."""
    from kpss_cli.repo import WorkingTree
    from kpss_cli.validate import today

    read = ["grants/2025.yaml", "kpss.yaml", "services.yaml"]
    tree = WorkingTree(repo)
    unread = [p for p in tree.list_files() if p not in read]
    key = modelcache.key({p: tree.read(p) for p in read}, unread, today())
    fake = Repository(services=[Service(id="X", name="podvržená služba", provider="p")])
    cache.mkdir(mode=0o700, exist_ok=True)
    path = cache / (key + modelcache.SUFFIX)
    path.write_bytes(pickle.dumps((modelcache.FORMAT, modelcache.manifest_facts(repo, fake), modelcache._pack(fake))))
    return path


@pytest.mark.skipif(os.name != "posix", reason="folder permissions are POSIX")
def test_only_a_private_folder_is_trusted(repo: Path, cache: Path) -> None:
    from kpss_cli.grants import load_grants_repository

    _planted(repo, cache)
    assert [s.name for s in load_grants_repository(repo).services] == ["podvržená služba"]  # the key is right
    cache.chmod(0o777)  # anyone could have put it there: not read
    assert "podvržená služba" not in [s.name for s in load_grants_repository(repo).services]


def test_at_most_max_entries_are_kept(tmp_path: Path, cache: Path) -> None:
    for i in range(modelcache.MAX_ENTRIES + 3):
        modelcache.store(f"{i:064x}", None, Repository())
    assert len(entries(cache)) == modelcache.MAX_ENTRIES
    assert not list(cache.glob(".tmp-*"))


def test_a_changed_schema_is_new_code(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    package = tmp_path / "pkg" / "kpss_cli"
    (package / "schemas").mkdir(parents=True)
    (package / "modelcache.py").write_text("# a module\n", encoding="utf-8")
    schema = package / "schemas" / "services.schema.json"
    schema.write_text("{}", encoding="utf-8")
    monkeypatch.setattr(modelcache, "__file__", str(package / "modelcache.py"))
    before = modelcache.code_fingerprint()
    schema.write_text('{"type": "object"}', encoding="utf-8")
    assert modelcache.code_fingerprint() != before


def test_an_unreadable_catalogue_is_a_message_not_a_traceback(
    run_kpss, repo: Path, cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from kpss_cli.repo import WorkingTree

    read = WorkingTree.read

    def refused(self: WorkingTree, relpath: str) -> bytes:
        if relpath == "services.yaml":
            raise PermissionError(13, "Permission denied")
        return read(self, relpath)

    monkeypatch.setattr(WorkingTree, "read", refused)
    done = run_kpss("report", "network", "2025", "--repo", repo)
    assert done.exit_code == 2 and "cannot read services.yaml" in done.stderr
    assert "Traceback" not in done.output


def test_the_model_comes_back_from_the_cache_as_it_was_stored(repo: Path, cache: Path) -> None:
    """The services are kept as rows of plain values (modelcache._pack): every field, the network
    entries with their levels, units and positions, and the rest of the model come back equal."""
    from kpss_cli.grants import load_grants_repository
    from kpss_cli.model import NetworkEntry

    model = load_grants_repository(repo)  # validated and stored
    assert len(entries(cache)) == 1
    (entry,) = entries(cache)
    stored = pickle.loads(entry.read_bytes())
    assert stored[2][0] == "rows" and stored[2][1].services == []
    back = modelcache._unpack(stored[2])
    assert back == model
    assert [s.id for s in back.services] == [s.id for s in model.services]
    served = {s.id: s for s in back.services}
    kraj = [e for s in back.services for e in s.network_entries if e.level == "kraj"]
    assert kraj and all(type(e) is NetworkEntry for e in kraj)
    first = model.services[0]
    assert vars(served[first.id]) == vars(first)
    assert load_grants_repository(repo) == model  # and read from the cache, the same


def test_a_model_marshal_cannot_write_is_kept_as_a_plain_pickle() -> None:
    from decimal import Decimal

    model = Repository(services=[Service(id="s1", name="S", provider="p", capacity={"fte": Decimal("1.5")})])
    packed = modelcache._pack(model)
    assert packed[0] == "pickle"
    assert modelcache._unpack(pickle.loads(pickle.dumps(packed))) == model


def test_an_entry_of_another_layout_is_not_used(repo: Path, cache: Path) -> None:
    from kpss_cli.grants import load_grants_repository

    model = load_grants_repository(repo)
    (entry,) = entries(cache)
    facts = pickle.loads(entry.read_bytes())[1]
    for foreign in [("columns", Repository(), b""), ("rows", "not a model", b""), ("rows", Repository(), b"garbage"), model, None]:
        entry.write_bytes(pickle.dumps((modelcache.FORMAT, facts, foreign)))
        assert load_grants_repository(repo) == model  # validated again, and stored anew:
        assert pickle.loads(entry.read_bytes())[2][0] == "rows"


@pytest.mark.parametrize(
    ("what", "old", "new", "code"),
    [
        ("a level outside the code list", "level: obec, units: {fte: 2}", "level: obecni, units: {fte: 2}", "KP104"),
        ("a key twice", "units: {fte: 6}}", "units: {fte: 6, fte: 7}}", "KP005"),
        ("a number out of range", "units: {fte: 1.5}", "units: {fte: 1.5e999}", "KP013"),
        ("the same year and level twice", "level: obec, units: {fte: 1.5}}]",
         "level: obec, units: {fte: 1.5}}, {year: 2024, level: obec}]", "KP240"),
    ],
)
@pytest.mark.parametrize("command", [("report", "network", "2025"), ("report", "grants", "2025")])
def test_an_invalid_catalogue_is_refused_alike_cold_warm_without_the_cache_and_on_the_exact_path(
    run_kpss, repo: Path, cache: Path, monkeypatch: pytest.MonkeyPatch,
    what: str, old: str, new: str, code: str, command: tuple[str, ...],
) -> None:
    """The shortcuts of reading (the fast path's checks, json's own float, the cache) never change
    a refusal: the first run on an empty cache, a second run, a run without the cache and one on
    the exact loader give exit status 2 and the same message, and nothing is cached."""
    assert SERVICES.count(old) == 1, what
    (repo / "services.yaml").write_text(SERVICES.replace(old, new), encoding="utf-8")
    args = (*command, "--repo", repo)
    cold = run_kpss(*args)
    warm = run_kpss(*args)
    monkeypatch.setenv("KPSS_CACHE", "off")
    uncached = run_kpss(*args)
    monkeypatch.setenv("KPSS_LOADER", "exact")
    exact = run_kpss(*args)
    assert cold.exit_code == 2, cold.output
    assert "services.yaml:" in cold.stderr and code in cold.stderr, cold.stderr
    assert "Traceback" not in cold.stderr
    for other in (warm, uncached, exact):
        assert (other.exit_code, other.stdout, other.stderr) == (cold.exit_code, cold.stdout, cold.stderr)
    assert entries(cache) == []
