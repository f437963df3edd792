"""``kpss diff --rev`` shows new comments, changed decisions and meetings (entities comment, meeting)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

CONSULTATION = Path("plans") / "2024-2027" / "consultation.yaml"


def _settle_and_add(repo: Path) -> None:
    path = repo / CONSULTATION
    text = path.read_text(encoding="utf-8")
    text = text.replace(
        "    decision: rejected\n    response: >-\n      Klíč",
        "    decision: partly_accepted\n    response: >-\n      Klíč",
        1,
    )
    text += (
        '\n  - id: "14"\n    received: 2023-10-31\n    channel: "komentář v PR #12"\n'
        "    from:\n      kind: verejnost\n      name: Petr Dvořák\n"
        '    about: "2.3"\n    text: Raná péče by měla mít kontaktní místo v Židlochovicích.\n'
    )
    path.write_text(text, encoding="utf-8")
    (repo / "meetings" / "2025-12-02-ps-rodina.yaml").write_text(
        "group: ps-rodina\ndate: 2025-12-02\npresent: 4\nmembers_present: [Mgr. Petra Urbánková]\n"
        'decisions:\n  - text: Raná péče projednána.\n    measures: ["2.3"]\n',
        encoding="utf-8",
    )


def test_new_comment_changed_decision_and_new_meeting(git_repo: Path, run_kpss: Any) -> None:
    _settle_and_add(git_repo)
    result = run_kpss("diff", "--rev", "HEAD", "--repo", git_repo, "--format", "json")
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    changes = {(c["entity"], c["id"]): c for c in doc["changes"]}
    assert set(changes) == {("comment", "5"), ("comment", "14"), ("meeting", "2025-12-02-ps-rodina")}
    assert changes[("comment", "5")]["kind"] == "changed"
    assert changes[("comment", "5")]["fields"] == [{"path": "decision", "old": "rejected", "new": "partly_accepted"}]
    added = {f["path"]: f["new"] for f in changes[("comment", "14")]["fields"]}
    assert added["channel"] == "komentář v PR #12"
    assert added["about"] == "2.3"
    assert added["from.name"] == "(hidden)"
    meeting = {f["path"]: f["new"] for f in changes[("meeting", "2025-12-02-ps-rodina")]["fields"]}
    assert meeting["members_present"] == 1 and meeting["decisions[1].measures"] == ["2.3"]
    assert "Dvořák" not in result.stdout and "Urbánková" not in result.stdout
    assert doc["summary"]["added"] == 2 and doc["summary"]["changed"] == 1


def test_names_with_members(git_repo: Path, run_kpss: Any) -> None:
    _settle_and_add(git_repo)
    result = run_kpss("diff", "--rev", "HEAD", "--repo", git_repo, "--with-members", "--format", "json")
    assert result.exit_code == 0, result.output
    assert "Petr Dvořák" in result.stdout and "Mgr. Petra Urbánková" in result.stdout
    plain = run_kpss("diff", "--rev", "HEAD", "--repo", git_repo)
    assert "comment 5" in plain.stdout and "decision rejected → partly_accepted" in plain.stdout
    assert "Dvořák" not in plain.stdout


def test_a_removed_meeting(git_repo: Path, run_kpss: Any) -> None:
    (git_repo / "meetings" / "2025-03-19-ps-rodina.yaml").unlink()
    result = run_kpss("diff", "--rev", "HEAD", "--repo", git_repo, "--format", "json", "--exit-code")
    assert result.exit_code == 1
    (change,) = json.loads(result.stdout)["changes"]
    assert (change["entity"], change["id"], change["kind"]) == ("meeting", "2025-03-19-ps-rodina", "removed")
