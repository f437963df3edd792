"""kpss init: a new repository that validates at once."""

from __future__ import annotations

import json
from pathlib import Path


def test_init_creates_a_valid_repository(run_kpss, tmp_path: Path) -> None:
    target = tmp_path / "novy"
    result = run_kpss("init", target, "--name", "Mikroregion Hustopečsko", "--kind", "svazek_obci", "--region", "CZ064")
    assert result.exit_code == 0, result.output
    assert (target / "plans" / "2026-2029" / "plan.yaml").is_file()
    check = run_kpss("validate", "--repo", target, "--strict", "--format", "json")
    assert check.exit_code == 0, check.stdout
    assert json.loads(check.stdout)["findings"] == []
    assert "Mikroregion Hustopečsko" in (target / "kpss.yaml").read_text(encoding="utf-8")


def test_editor_settings_map_every_file_to_its_schema(run_kpss, tmp_path: Path) -> None:
    run_kpss("init", tmp_path, "--name", "Obec Vranovice", "--kind", "obec")
    settings = json.loads((tmp_path / ".vscode" / "settings.json").read_text(encoding="utf-8"))
    mapping = settings["yaml.schemas"]
    assert mapping["./.kpss/schemas/plan.schema.json"] == ["plans/*/plan.yaml"]
    assert mapping["./.kpss/schemas/action-plan.schema.json"] == ["plans/*/action-plans/*.yaml"]
    for schema_path in mapping:
        assert (tmp_path / schema_path).is_file()


def test_ci_workflow_validates_pull_requests(run_kpss, tmp_path: Path) -> None:
    run_kpss("init", tmp_path, "--name", "Obec Vranovice", "--kind", "obec")
    workflow = (tmp_path / ".github" / "workflows" / "kpss.yml").read_text(encoding="utf-8")
    assert "pull_request" in workflow
    assert "kpss validate --format github" in workflow


def test_init_never_overwrites(run_kpss, tmp_path: Path) -> None:
    (tmp_path / "kpss.yaml").write_text("# mine\n", encoding="utf-8")
    result = run_kpss("init", tmp_path, "--name", "X", "--kind", "obec")
    assert result.exit_code == 2
    assert "never overwrites" in result.stderr
    assert (tmp_path / "kpss.yaml").read_text(encoding="utf-8") == "# mine\n"
    assert not (tmp_path / "services.yaml").exists()


def test_init_rejects_unknown_kind(run_kpss, tmp_path: Path) -> None:
    result = run_kpss("init", tmp_path, "--name", "X", "--kind", "mesto")
    assert result.exit_code == 2
    assert "obec, orp, svazek_obci, mas, kraj" in result.stderr


def test_init_period_options(run_kpss, tmp_path: Path) -> None:
    result = run_kpss("init", tmp_path, "--name", "Obec Vranovice", "--kind", "obec", "--start", "2027", "--years", "3")
    assert result.exit_code == 0
    assert (tmp_path / "plans" / "2027-2029" / "plan.yaml").is_file()


def _git_home(monkeypatch, home: Path, name: str | None, email: str | None) -> None:
    """git of the test sees only ``home``'s config: the identity given, or none at all."""
    home.mkdir(parents=True, exist_ok=True)
    config = home / ".gitconfig"
    lines = ["[user]"] + ([f"\tname = {name}"] if name else []) + ([f"\temail = {email}"] if email else [])
    config.write_text("\n".join(lines) + "\n", encoding="utf-8")
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(config))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    for key in ("GIT_AUTHOR_NAME", "GIT_AUTHOR_EMAIL", "GIT_COMMITTER_NAME", "GIT_COMMITTER_EMAIL", "EMAIL"):
        monkeypatch.delenv(key, raising=False)


def _git(cwd: Path, *args: str) -> str:
    import subprocess

    return subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, check=True).stdout


def test_init_runs_git_init_makes_the_first_commit_and_lists_the_next_steps(
    run_kpss, tmp_path: Path, monkeypatch
) -> None:
    _git_home(monkeypatch, tmp_path / "home", "Jana Nováková", "jana@example.cz")
    target = tmp_path / "nove"
    result = run_kpss("init", target, "--name", "Obec Test", "--kind", "obec", "--lang", "cs")
    assert result.exit_code == 0, result.output
    assert (target / ".git").is_dir()
    assert _git(target, "rev-parse", "--is-inside-work-tree").strip() == "true"
    # One commit holding every file init wrote, by the configured person, nothing left over.
    assert _git(target, "log", "--format=%an <%ae>|%s").splitlines() == [
        "Jana Nováková <jana@example.cz>|Nový repozitář komunitního plánu: Obec Test (kpss init)"
    ]
    committed = set(_git(target, "ls-files").split())
    written = {p.relative_to(target).as_posix() for p in target.rglob("*") if p.is_file() and ".git" not in p.parts}
    assert committed == written and "kpss.yaml" in committed
    assert _git(target, "status", "--porcelain") == ""
    sha = _git(target, "rev-parse", "--short", "HEAD").strip()
    assert f"Složka je teď repozitář gitu (git init) a všechny soubory jsou v prvním commitu ({sha})." in result.stderr
    assert "kpss rollover ROK" in result.stderr and "git add . && git commit" not in result.stderr
    # Inside an existing repository (a plan kept in a folder of a bigger repository): git is left alone.
    inner = target / "dalsi"
    again = run_kpss("init", inner, "--name", "Obec Test", "--kind", "obec", "--lang", "en")
    assert again.exit_code == 0, again.output
    assert not (inner / ".git").exists() and "already lies in a git repository" in again.stderr
    assert len(_git(target, "log", "--format=%H").split()) == 1  # no commit in the bigger repository


def test_init_without_a_git_identity_says_how_to_set_it(run_kpss, tmp_path: Path, monkeypatch) -> None:
    _git_home(monkeypatch, tmp_path / "home", None, None)
    target = tmp_path / "nove"
    result = run_kpss("init", target, "--name", "Obec Test", "--kind", "obec", "--lang", "cs")
    assert result.exit_code == 0, result.output  # the init itself succeeds
    assert (target / "kpss.yaml").is_file() and (target / ".git").is_dir()
    assert _git(target, "status", "--porcelain")  # files there, not committed
    import subprocess

    assert subprocess.run(["git", "rev-parse", "HEAD"], cwd=target, capture_output=True).returncode != 0
    out = result.stderr
    assert "ale git neví, kdo jste (není nastaveno user.name user.email)" in out
    assert '  git config --global user.name "Jana Nováková"' in out
    assert '  git config --global user.email "jana.novakova@example.cz"' in out
    assert f'cd {target} && git add . && git commit -m "Plán"' in out
    assert "git add . && git commit -m \"Plán\"     první verze v gitu" in out  # the next steps keep it
    # Only the e-mail missing: named alone.
    _git_home(monkeypatch, tmp_path / "home2", "Jana Nováková", None)
    other = run_kpss("init", tmp_path / "druhe", "--name", "Obec Test", "--kind", "obec", "--lang", "en")
    assert other.exit_code == 0
    assert "git does not know who you are (user.email not set)" in other.stderr


def test_init_refusals_in_czech(run_kpss, tmp_path: Path) -> None:
    bare = run_kpss("init", tmp_path / "a", "--lang", "cs")
    assert bare.exit_code == 2
    assert 'kpss init potřebuje --name a --kind, např. --name "Obec Vranovice" --kind obec' in bare.stderr
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "kpss.yaml").write_text("kpss: 1\n", encoding="utf-8")
    clash = run_kpss("init", tmp_path / "b", "--name", "Obec Test", "--kind", "obec", "--lang", "cs")
    assert clash.exit_code == 2
    assert "už jsou kpss.yaml; kpss init soubory nikdy nepřepisuje (zvolte prázdnou složku)" in clash.stderr
