"""`area: all`, the natural way to say "the whole territory", works in every command.

One such line used to be a schema error, and because render, import and diff refuse an invalid
repository, it stopped all of them.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from conftest import git
from docx import Document

DATA = Path(__file__).parent / "data" / "registry"


def _cell_texts(path: Path) -> list[str]:
    doc = Document(str(path))
    return [cell.text for table in doc.tables for row in table.rows for cell in row.cells]


def test_example_says_area_all_and_validates(run_kpss, example_repo: Path) -> None:
    text = (example_repo / "services.yaml").read_text(encoding="utf-8")
    assert "    area: all\n" in text
    result = run_kpss("validate", "--repo", example_repo)
    assert result.exit_code == 0, result.output


def test_catalogue_shows_all_municipalities(run_kpss, example_repo: Path, tmp_path: Path) -> None:
    out = tmp_path / "katalog.docx"
    result = run_kpss("render", "catalogue", "-o", out, "--repo", example_repo)
    assert result.exit_code == 0, result.output
    assert "všechny obce území" in _cell_texts(out)


def test_list_and_word_forms_are_the_same_to_diff(run_kpss, git_repo: Path) -> None:
    services = git_repo / "services.yaml"
    services.write_text(services.read_text(encoding="utf-8").replace("area: all", "area: [all]"), encoding="utf-8")
    git(git_repo, "commit", "-qam", "area as a list")
    services.write_text(services.read_text(encoding="utf-8").replace("area: [all]", "area: all"), encoding="utf-8")
    result = run_kpss("diff", "--rev", "HEAD", "--exit-code", "--format", "json", "--repo", git_repo)
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["changes"] == []


def test_import_registry_keeps_area_all(run_kpss, tmp_path: Path) -> None:
    repo = tmp_path / "kyjov"
    shutil.copytree(DATA / "repo", repo)
    services = repo / "services.yaml"
    text = services.read_text(encoding="utf-8")
    assert '    area: ["586307"]' in text
    services.write_text(text.replace('    area: ["586307"]', "    area: all"), encoding="utf-8")
    result = run_kpss("import", "registry", DATA / "rpss-sample.json", "--repo", repo)
    assert result.exit_code == 0, result.output
    assert "    area: all\n" in services.read_text(encoding="utf-8")
