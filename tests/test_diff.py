"""`kpss diff --rev`: entity changes between revisions of real git repositories in tmp_path."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from conftest import git

PLAN = "plans/2024-2027/plan.yaml"
AP2024 = "plans/2024-2027/action-plans/2024.yaml"
AP2025 = "plans/2024-2027/action-plans/2025.yaml"
AP2026 = "plans/2024-2027/action-plans/2026.yaml"
NEW_TITLE = "Osobní asistence a tísňová péče pro seniory žijící samostatně"


def edit(root: Path, relpath: str, old: str, new: str, count: int = 1) -> None:
    """Replace text in a repository file, checking that it occurs as often as expected."""
    path = root / relpath
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == count, f"{old!r} occurs {text.count(old)} times in {relpath}"
    path.write_text(text.replace(old, new), encoding="utf-8")


def commit(root: Path, message: str) -> str:
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", message)
    return git(root, "rev-parse", "HEAD").strip()


def renumber_2_1(root: Path) -> None:
    """Measure 2.1 (continues 2020-2023/2.1) becomes 2.5 with its indicators, activities, items."""
    edit(root, PLAN, 'id: "2.1"', 'id: "2.5"')
    for suffix in ('.a"', '.b"', '.1"', '.2"'):
        edit(root, PLAN, f'id: "2.1{suffix}', f'id: "2.5{suffix}')
    for ap in (AP2024, AP2025, AP2026):
        text = (root / ap).read_text(encoding="utf-8")
        text = text.replace('measure: "2.1"', 'measure: "2.5"').replace('"2.1.', '"2.5.')
        (root / ap).write_text(text, encoding="utf-8")


@pytest.fixture
def history(git_repo: Path) -> dict[str, str]:
    """Three commits: the example; an action plan broken; a pull request of many kinds of change."""
    root = git_repo
    commits = {"initial": git(root, "rev-parse", "HEAD").strip()}
    good_2026 = (root / AP2026).read_text(encoding="utf-8")
    edit(root, AP2026, "status: approved", "status: [approved")
    commits["broken"] = commit(root, "Break the 2026 action plan")
    (root / AP2026).write_text(good_2026, encoding="utf-8")
    # The pull request
    edit(
        root,
        PLAN,
        "title: Osobní asistence, tísňová péče a poradenství pro osoby žijící samostatně",
        f"title: {NEW_TITLE}",
    )
    edit(root, PLAN, "target: 320", "target: 340")
    edit(root, PLAN, "obce: 2900000", "obce: 3100000")
    edit(
        root,
        PLAN,
        'services: ["4471035", "9150283", "8312276"]',
        'services: ["4471035", "9150283"]',
    )
    services = (root / "services.yaml").read_text(encoding="utf-8")
    services = re.sub(r'\n  - id: "8312276"\n(?:    .*\n|\n)*?(?=  [-#])', "\n", services)
    (root / "services.yaml").write_text(services, encoding="utf-8")
    renumber_2_1(root)
    edit(root, AP2026, '"2.5.a": 53', '"2.5.a": 54')
    edit(root, AP2025, '"2.5.a": 53', '"2.5.a": 52')  # an actual of the 2025 evaluation
    commits["pr"] = commit(root, "Pull request: rename, retarget, renumber, drop a service")
    return commits


def changes_of(run_kpss, root: Path, *args: str) -> dict:
    run = run_kpss("diff", *args, "--format", "json", cwd=root)
    assert run.exit_code == 0, run.output
    return json.loads(run.stdout)


def find(doc: dict, **want: object) -> dict:
    found = [c for c in doc["changes"] if all(c.get(k) == v for k, v in want.items())]
    assert len(found) == 1, (
        f"{want}: {len(found)} matches in {[c['message'] for c in doc['changes']]}"
    )
    return found[0]


def test_pull_request_changes_are_entity_changes(
    run_kpss, git_repo: Path, history: dict[str, str]
) -> None:
    doc = changes_of(run_kpss, git_repo, "--rev", f"{history['initial']}..{history['pr']}")
    assert doc["from"] == history["initial"] and doc["to"] == history["pr"]
    assert doc["from_commit"] == history["initial"] and doc["to_commit"] == history["pr"]
    assert doc["invalid"] == []

    renamed = find(doc, entity="measure", id="1.2")
    assert renamed["kind"] == "changed" and renamed["match"] == "id" and renamed["old_id"] == "1.2"
    assert {
        "path": "title",
        "old": "Osobní asistence, tísňová péče a poradenství pro osoby žijící samostatně",
        "new": NEW_TITLE,
    } in renamed["fields"]
    assert {
        "path": "services",
        "old": ["4471035", "9150283", "8312276"],
        "new": ["4471035", "9150283"],
    } in renamed["fields"]

    retargeted = find(doc, entity="measure", id="1.1")
    assert {"path": "indicators[1.1.a].target", "old": 320, "new": 340} in retargeted["fields"]
    assert {"path": "budget.2024.obce", "old": 2900000, "new": 3100000} in retargeted["fields"]
    assert "target of indicator 1.1.a 320 → 340" in retargeted["message"]
    assert (
        "budget 2024 obce 2,900,000 → 3,100,000\u00a0CZK"
        in retargeted["message"]
    )

    renumbered = find(doc, entity="measure", id="2.5")
    assert renumbered["old_id"] == "2.1" and renumbered["match"] == "continues"
    assert renumbered["fields"] == []  # its indicators and activities were renumbered with it
    assert "was 2.1, matched by continues" in renumbered["message"]
    assert not [
        c
        for c in doc["changes"]
        if c["entity"] in ("measure", "indicator", "activity") and c["kind"] in ("added", "removed")
    ]

    service = find(doc, entity="service", id="8312276")
    assert service["kind"] == "removed" and service["file"] == "services.yaml"
    assert {"path": "provider", "old": service["fields"][2]["old"], "new": None} in service[
        "fields"
    ]

    # Items follow their measure's new number; their target keys are renumbered with it.
    item_2024 = find(doc, entity="item", id="2.5", year=2024)
    assert (
        item_2024["old_id"] == "2.1"
        and item_2024["match"] == "continues"
        and item_2024["fields"] == []
    )
    item_2026 = find(doc, entity="item", id="2.5", year=2026)
    assert item_2026["fields"] == [{"path": "targets[2.5.a]", "old": 53, "new": 54}]
    result_2025 = find(doc, entity="result", id="2.5", year=2025)
    assert result_2025["fields"] == [{"path": "actuals[2.5.a]", "old": 53, "new": 52}]
    assert result_2025["plan"] == "2024-2027" and result_2025["file"] == AP2025

    assert doc["summary"] == {
        "added": sum(c["kind"] == "added" for c in doc["changes"]),
        "removed": sum(c["kind"] == "removed" for c in doc["changes"]),
        "changed": sum(c["kind"] == "changed" for c in doc["changes"]),
        "invalid": 0,
    }
    assert doc["summary"]["removed"] == 1  # only the service


def test_file_invalid_at_the_base_revision_is_reported_not_a_crash(
    run_kpss, git_repo: Path, history: dict[str, str]
) -> None:
    doc = changes_of(run_kpss, git_repo, "--rev", f"{history['broken']}..{history['pr']}")
    assert len(doc["invalid"]) == 1
    invalid = doc["invalid"][0]
    assert (
        invalid["file"] == AP2026
        and invalid["side"] == "from"
        and invalid["revision"] == history["broken"]
    )
    assert invalid["errors"] >= 1 and invalid["findings"][0]["line"] in (
        4,
        5,
    )  # where libyaml notices
    assert "is invalid at" in invalid["message"]
    assert doc["summary"]["invalid"] == 1
    assert not [c for c in doc["changes"] if c["file"] == AP2026]  # not compared
    find(doc, entity="measure", id="1.1")  # the rest is compared as usual

    text = run_kpss("diff", "--rev", f"{history['broken']}..{history['pr']}", cwd=git_repo)
    assert text.exit_code == 0
    assert f"{AP2026} is invalid at {history['broken']}" in text.stdout


def test_broken_in_the_working_tree_is_reported_at_the_working_tree(
    run_kpss, git_repo: Path
) -> None:
    (git_repo / "groups.yaml").write_text("groups:\n  - id: [x\n", encoding="utf-8")
    doc = changes_of(run_kpss, git_repo, "--rev", "HEAD")
    assert [(i["file"], i["side"], i["revision"]) for i in doc["invalid"]] == [
        ("groups.yaml", "to", "working tree")
    ]
    assert run_kpss("diff", "--exit-code", cwd=git_repo).exit_code == 1


def test_markdown_comment(run_kpss, git_repo: Path, history: dict[str, str]) -> None:
    run = run_kpss(
        "diff",
        "--rev",
        f"{history['broken']}..{history['pr']}",
        "--format",
        "markdown",
        cwd=git_repo,
    )
    assert run.exit_code == 0
    md = run.stdout
    lines = md.splitlines()
    assert lines[0].startswith("### kpss diff: ")
    counts = next(line for line in lines if line.startswith("**"))
    assert re.match(r"\*\*\d+ changed, \d+ removed\*\* in \d+ files\.", counts), counts
    assert lines.index(counts) < lines.index(next(line for line in lines if "<details>" in line))
    assert "> ⚠️ **1 removed:** service 8312276" in md
    assert "> ❗ " in md and AP2026 in md
    assert "<details><summary><b>services.yaml</b> — 1 removed</summary>" in md
    assert f"<details><summary><b>{PLAN}</b>" in md
    assert "- ✏️ **measure 1.1**" in md
    assert "  - target of indicator 1.1.a 320 → 340" in md
    assert "  - budget 2024 obce 2,900,000 → 3,100,000\u00a0CZK" in md
    assert "_(was 2.1, matched by continues)_" in md
    assert md.count("<details>") == md.count("</details>")
    assert f"kpss diff --rev {history['broken']}..{history['pr']}" in md


def test_markdown_stays_under_the_limit_and_says_how_to_see_the_rest(
    git_repo: Path, history: dict[str, str]
) -> None:
    from kpss_cli.diff import diff_revisions, to_markdown

    result = diff_revisions(git_repo, f"{history['initial']}..{history['pr']}")
    full = to_markdown(result)
    assert "not shown" not in full
    short = to_markdown(result, limit=2500, full_command="kpss diff --rev origin/main")
    assert len(short.encode("utf-16-le")) // 2 <= 2500
    assert "changes are not shown" in short and "`kpss diff --rev origin/main`" in short
    assert short.count("<details>") == short.count("</details>")
    assert short.splitlines()[2].startswith("**")  # the counts still come first


def test_markdown_of_a_huge_change_fits_a_github_comment(git_repo: Path) -> None:
    """A new plan of 600 measures: far past 65,536 characters in full, summarised to fit."""
    from kpss_cli.diff import MARKDOWN_LIMIT, diff_revisions, to_markdown

    plan = (git_repo / PLAN).read_text(encoding="utf-8")
    big = [
        'id: "2028-2031"\ntitle: Velký plán\nperiod:\n  start: 2028\n  end: 2031\n'
        "status: draft\npriorities:\n"
    ]
    for p in range(6):
        big.append(f'  - id: "P{p}"\n    title: Priorita {p}\n    measures:\n')
        for m in range(100):
            big.append(
                f'      - id: "{p}.{m}"\n        title: Opatření {p}.{m} s dlouhým názvem, aby '
                f"komentář rychle rostl, protože každý řádek komentáře stojí přes sto znaků\n"
                f"        responsible: Město\n"
            )
    (git_repo / "plans/2028-2031").mkdir()
    (git_repo / "plans/2028-2031/plan.yaml").write_text("".join(big), encoding="utf-8")
    assert plan  # the other plans stay as they are
    result = diff_revisions(git_repo, "HEAD")
    assert result.summary["added"] == 1 + 6 + 600
    md = to_markdown(result)
    assert len(md.encode("utf-16-le")) // 2 <= MARKDOWN_LIMIT < 65_536
    assert "changes are not shown" in md


def test_working_tree_is_the_default_newer_side(run_kpss, git_repo: Path) -> None:
    assert run_kpss("diff", "--exit-code", cwd=git_repo).exit_code == 0
    edit(git_repo, PLAN, "target: 320", "target: 330")
    doc = changes_of(run_kpss, git_repo)  # no arguments: HEAD against the working tree
    assert doc["from"] == "HEAD" and doc["to"] == "working tree" and doc["to_commit"] is None
    assert [c["message"] for c in doc["changes"]] == [
        "measure 1.1: target of indicator 1.1.a 320 → 330"
    ]
    assert doc["files"] == [PLAN]
    run = run_kpss("diff", "--exit-code", cwd=git_repo)
    assert run.exit_code == 1
    assert "measure 1.1" in run.stdout and "target of indicator 1.1.a 320 → 330" in run.stdout
    assert "1 changed" in run.stdout
    # The working tree and the index were only read.
    assert git(git_repo, "status", "--porcelain").strip() == f"M {PLAN}"


def test_same_revision_and_unchanged_tree_give_no_changes(run_kpss, git_repo: Path) -> None:
    run = run_kpss("diff", "--rev", "HEAD..HEAD", "--exit-code", cwd=git_repo)
    assert run.exit_code == 0
    assert "no changes" in run.stdout
    md = run_kpss("diff", "--rev", "HEAD", "--format", "markdown", cwd=git_repo)
    assert "No changes in the plan data." in md.stdout


def test_added_and_deleted_files_are_their_entities(run_kpss, git_repo: Path) -> None:
    base = git(git_repo, "rev-parse", "HEAD").strip()
    (git_repo / AP2026).unlink()
    (git_repo / "groups.yaml").unlink()
    new_ap = (git_repo / AP2024).read_text(encoding="utf-8").replace("year: 2024", "year: 2027")
    (git_repo / "plans/2024-2027/action-plans/2027.yaml").write_text(new_ap, encoding="utf-8")
    commit(git_repo, "Drop 2026 and the groups, add 2027")
    doc = changes_of(run_kpss, git_repo, "--rev", f"{base}..HEAD")
    removed_ap = find(doc, entity="action_plan", id="2024-2027/2026")
    assert removed_ap["kind"] == "removed" and removed_ap["file"] == AP2026
    items_2026 = [c for c in doc["changes"] if c["entity"] == "item" and c["year"] == 2026]
    assert items_2026 and all(c["kind"] == "removed" for c in items_2026)
    assert find(doc, entity="action_plan", id="2024-2027/2027")["kind"] == "added"
    results_2027 = [c for c in doc["changes"] if c["entity"] == "result" and c["year"] == 2027]
    assert results_2027 and all(c["kind"] == "added" for c in results_2027)
    groups = [c for c in doc["changes"] if c["entity"] == "group"]
    assert groups and all(c["kind"] == "removed" and c["file"] == "groups.yaml" for c in groups)


def test_members_are_counted_unless_asked_for(run_kpss, git_repo: Path) -> None:
    """Members and leads are personal data: a PR comment shows that they changed, not who."""
    edit(
        git_repo,
        "groups.yaml",
        "      - name: Marie Šebestová\n"
        "        organisation: Obec Žabčice\n"
        "        role: zadavatel\n",
        "",
    )
    edit(git_repo, "groups.yaml", "name: Bc. Ondřej Kalina", "name: Ing. Petra Malá")
    edit(git_repo, "groups.yaml", "lead: Mgr. Alena Kratochvílová", "lead: Ing. Petra Malá")
    plain = changes_of(run_kpss, git_repo)
    group = find(plain, entity="group", id="ridici-skupina")
    assert group["fields"] == [
        {"path": "lead", "old": "(hidden)", "new": "(hidden)"},
        {"path": "members", "old": 6, "new": 5},
    ]
    text = json.dumps(plain, ensure_ascii=False)
    assert "Šebestová" not in text and "Malá" not in text and "Kratochvílová" not in text
    named = changes_of(run_kpss, git_repo, "--with-members")
    fields = find(named, entity="group", id="ridici-skupina")["fields"]
    assert {"path": "members[Marie Šebestová].role", "old": "zadavatel", "new": None} in fields
    assert {"path": "lead", "old": "Mgr. Alena Kratochvílová", "new": "Ing. Petra Malá"} in fields


def test_paths_limit_the_files_compared(run_kpss, git_repo: Path, history: dict[str, str]) -> None:
    spec = f"{history['initial']}..{history['pr']}"
    only_services = changes_of(run_kpss, git_repo, "--rev", spec, "services.yaml")
    assert {c["file"] for c in only_services["changes"]} == {"services.yaml"}
    # An action plan alone still pairs its items through the plan's renumbering.
    only_ap = changes_of(run_kpss, git_repo, "--rev", spec, "plans/2024-2027/action-plans")
    assert {c["file"] for c in only_ap["changes"]} == {AP2024, AP2025, AP2026}
    assert find(only_ap, entity="item", id="2.5", year=2024)["old_id"] == "2.1"
    # A folder path from inside the repository
    sub = changes_of(
        run_kpss, git_repo / "plans", "--rev", spec, "2024-2027/action-plans/2026.yaml"
    )
    assert {c["file"] for c in sub["changes"]} == {AP2026}


def test_merge_base_range_compares_from_the_fork_point(run_kpss, git_repo: Path) -> None:
    git(git_repo, "checkout", "-q", "-b", "proposal")
    edit(git_repo, PLAN, "target: 320", "target: 360")
    commit(git_repo, "Proposal: higher target")
    git(git_repo, "checkout", "-q", "main")
    edit(git_repo, "services.yaml", "name: Ratolest Brno, z. s.", "name: Ratolest Brno, z. ú.")
    commit(git_repo, "Main moved on")
    two_dots = changes_of(run_kpss, git_repo, "--rev", "main..proposal")
    three_dots = changes_of(run_kpss, git_repo, "--rev", "main...proposal")
    assert {c["entity"] for c in two_dots["changes"]} == {"measure", "provider"}
    assert [c["message"] for c in three_dots["changes"]] == [
        "measure 1.1: target of indicator 1.1.a 320 → 360"
    ]


def test_repository_in_a_subfolder_of_the_git_repository(
    run_kpss, tmp_path: Path, example_repo: Path
) -> None:
    outer = tmp_path / "outer"
    outer.mkdir()
    example_repo.rename(outer / "kpss")
    root = outer / "kpss"
    git(outer, "init", "-q", "-b", "main")
    git(outer, "add", "-A")
    git(outer, "commit", "-q", "-m", "init")
    edit(root, PLAN, "target: 320", "target: 321")
    doc = changes_of(run_kpss, outer, "--repo", str(root), "--rev", "HEAD")
    assert [c["file"] for c in doc["changes"]] == [PLAN]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--rev", "no-such-branch"], "unknown revision 'no-such-branch'"),
        (["--rev", "HEAD..nope"], "unknown revision 'nope'"),
        (["--rev", "-x"], "starts with '-'"),
        (["--rev=--output=/tmp/x"], "starts with '-'"),
        (["--rev", "HEAD..-p"], "starts with '-'"),
        (["--rev", "HEAD", "/"], "lies outside the repository"),
        (["--rev", "HEAD", "plans/1999-2000"], "is no repository file"),
        (["--rev", "HEAD", "--format", "yaml"], "yaml"),
        (["2020-2023", "9999-9999"], "no plan '9999-9999'"),
        (["a", "b", "c"], "at most two plans"),
    ],
)
def test_errors_exit_2_with_a_clear_message(
    run_kpss, git_repo: Path, args: list[str], message: str
) -> None:
    run = run_kpss("diff", *args, cwd=git_repo)
    assert run.exit_code == 2, run.output
    assert message in run.output
    assert "Traceback" not in run.output


def test_not_a_git_repository_exits_2(run_kpss, example_repo: Path) -> None:
    run = run_kpss("diff", "--rev", "HEAD", cwd=example_repo)
    assert run.exit_code == 2
    assert "is not inside a git repository" in run.stderr


def test_empty_git_repository_exits_2(run_kpss, example_repo: Path) -> None:
    git(example_repo, "init", "-q", "-b", "main")
    run = run_kpss("diff", cwd=example_repo)
    assert run.exit_code == 2
    assert "unknown revision 'HEAD' (the repository has no commits yet)" in run.stderr


def test_revision_that_is_not_a_commit_exits_2(run_kpss, git_repo: Path) -> None:
    blob = git(git_repo, "rev-parse", "HEAD:kpss.yaml").strip()
    run = run_kpss("diff", "--rev", blob, cwd=git_repo)
    assert run.exit_code == 2
    assert "names a blob, not a commit" in run.stderr


def test_no_git_process_is_left_running(git_repo: Path) -> None:
    import os

    from kpss_cli.diff import diff_revisions

    def children() -> set[str]:
        """Processes whose parent is this one (git cat-file readers would be)."""
        found = set()
        for pid in os.listdir("/proc"):
            if pid.isdigit():
                try:
                    stat = Path(f"/proc/{pid}/stat").read_text()
                except OSError:
                    continue
                if stat.rsplit(")", 1)[1].split()[1] == str(os.getpid()):
                    found.add(pid)
        return found

    before = children()
    diff_revisions(git_repo, "HEAD")
    assert children() <= before


def test_file_over_the_size_limit_is_invalid_not_read(run_kpss, git_repo: Path) -> None:
    with (git_repo / "groups.yaml").open("a", encoding="utf-8") as f:
        f.write(("# " + "x" * 1000 + "\n") * 21_000)
    doc = changes_of(run_kpss, git_repo)
    assert [(i["file"], i["side"]) for i in doc["invalid"]] == [("groups.yaml", "to")]
    assert doc["invalid"][0]["findings"][0]["code"] == "KP003"
