"""Every --format a command offers is one entry of its result's table of formats (or the CLI's
own coloured text), and --format json prints exactly the result's to_json()."""

from __future__ import annotations

import enum
import json
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kpss_cli import diff, findings
from kpss_cli.cli import diff as cli_diff
from kpss_cli.cli import validate as cli_validate
from kpss_cli.formats import json_text


def test_validate_formats_are_the_findings_table_plus_text() -> None:
    assert {f.value for f in cli_validate.Format} == {"text", *findings.FORMATS}


def test_diff_formats_are_the_diff_table_plus_text() -> None:
    assert {f.value for f in cli_diff.Format} == {"text", *diff.FORMATS}


def test_validate_json_is_the_findings_document(run_kpss, example_repo: Path) -> None:
    (example_repo / "groups.yaml").write_text("groups: 3\n", encoding="utf-8")
    result = run_kpss("validate", "--repo", example_repo, "--format", "json")
    doc = json.loads(result.stdout)
    assert result.exit_code == 1
    assert doc["valid"] is False and doc["errors"] >= 1
    assert doc == findings.to_json([findings.Finding(**f) for f in doc["findings"]])


def test_github_format_prints_nothing_for_a_valid_repository(run_kpss, example_repo: Path) -> None:
    result = run_kpss("validate", "--repo", example_repo, "--format", "github")
    assert result.exit_code == 0
    assert result.stdout == ""


def test_rollover_json_is_the_rollover_to_json(run_kpss, example_repo: Path) -> None:
    from kpss_cli.rollover import plan_rollover

    result = run_kpss("rollover", "2027", "--repo", example_repo, "--dry-run", "--format", "json")
    doc = json.loads(result.stdout)
    assert doc == plan_rollover(example_repo, 2027).to_json(written=False, commit=None)
    assert doc["written"] is False and doc["commit"] is None and "content" in doc


def test_report_formats_are_the_library_tables_plus_the_table() -> None:
    from kpss_cli.cli import report as cli_report
    from kpss_cli.report_formats import FINANCE_FORMATS, FULFILMENT_FORMATS

    assert {f.value for f in cli_report.Format} == {"table", *FULFILMENT_FORMATS} == {"table", *FINANCE_FORMATS}


def test_report_markdown_is_the_library_markdown(run_kpss, example_repo: Path) -> None:
    from kpss_cli.fulfilment import compute_fulfilment, load_report_repository
    from kpss_cli.report_formats import fulfilment_markdown

    shown = run_kpss("report", "fulfilment", "--year", "2025", "--format", "markdown", "--repo", example_repo)
    assert shown.exit_code == 0, shown.output
    report = compute_fulfilment(load_report_repository(example_repo, None), None, 2025)
    assert shown.stdout == fulfilment_markdown(report)
    assert shown.stdout.startswith("# ")


def test_every_report_offers_exactly_its_table_of_formats_plus_the_table() -> None:
    from kpss_cli.cli import network as cli_network
    from kpss_cli.cli import participation as cli_participation
    from kpss_cli.cli import report as cli_report

    offered = {f.value for f in cli_report.Format}
    for table in (
        cli_network.NETWORK_FORMATS,
        cli_network.GRANTS_FORMATS,
        cli_participation.PARTICIPATION_FORMATS,
    ):
        assert offered == {"table", *table}


def test_report_json_is_the_report_to_json(run_kpss, example_repo: Path) -> None:
    from kpss_cli.finance import compute_finance
    from kpss_cli.fulfilment import load_report_repository

    shown = run_kpss("report", "finance", "--format", "json", "--repo", example_repo)
    assert shown.exit_code == 0, shown.output
    report = compute_finance(load_report_repository(example_repo, None), None, None)
    assert json.loads(shown.stdout) == report.to_json()


def test_gitlab_paths_carry_the_plan_folder_inside_git(run_kpss, tmp_path: Path) -> None:
    """The plan in a folder of a git repository: GitLab's paths are from the git root."""
    import shutil
    import subprocess

    from conftest import EXAMPLE

    plan = tmp_path / "planovani" / "kpss"
    shutil.copytree(EXAMPLE, plan)
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    (plan / "groups.yaml").write_text("groups: 3\n", encoding="utf-8")
    shown = run_kpss("validate", "--repo", plan, "--format", "gitlab")
    assert shown.exit_code == 1
    issues = json.loads(shown.stdout)
    assert {i["location"]["path"] for i in issues} == {"planovani/kpss/groups.yaml"}


# -- json_text: the text of json.dumps(indent=2), written faster ---------------------------------

scalars = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(10**30), max_value=10**30)
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.text(max_size=12)  # any character: quotes, backslashes, control characters, surrogates
)
keys = st.text(max_size=6) | st.integers(-5, 5) | st.floats(allow_nan=True) | st.booleans() | st.none()
plain_data = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=4)
    | st.lists(inner, max_size=3).map(tuple)
    | st.dictionaries(keys, inner, max_size=4),
    max_leaves=30,
)


@settings(max_examples=500, deadline=None)
@given(plain_data)
def test_json_text_is_what_json_dumps_writes(data: object) -> None:
    assert json_text(data) == json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def test_json_text_of_subclasses_and_of_what_is_not_plain_data() -> None:
    class Kind(str, enum.Enum):
        table = "table"

    class Count(enum.IntEnum):
        two = 2

    data = {"kind": Kind.table, "count": Count.two, Kind.table: [1.5, (), {}], "ok": [True, None]}
    assert json_text(data) == json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    assert json_text({"a": [{"b": "ž"}]}) == '{\n  "a": [\n    {\n      "b": "ž"\n    }\n  ]\n}\n'
    with pytest.raises(TypeError, match="Decimal is not JSON serializable"):
        json_text({"amount": [Decimal("1.5")]})
    loop: list[object] = []
    loop.append(loop)
    with pytest.raises(ValueError, match="Circular reference"):
        json_text({"loop": loop})
