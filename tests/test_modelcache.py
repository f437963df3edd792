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
    path.write_bytes(pickle.dumps((modelcache.FORMAT, modelcache.manifest_facts(repo, fake), fake)))
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
