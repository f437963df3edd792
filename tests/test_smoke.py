from pathlib import Path


def test_example_validates(run_kpss, example_repo: Path) -> None:
    result = run_kpss("validate", "--repo", example_repo)
    assert result.exit_code == 0, result.output
    assert "valid" in result.stdout
