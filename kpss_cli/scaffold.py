"""``kpss init``: the files of a new plan repository, computed as data (path -> text)."""

from __future__ import annotations

import contextlib
import json
import re
from pathlib import Path

from kpss_cli import __version__, codes
from kpss_cli.errors import KpssError, UsageError
from kpss_cli.schemas import SCHEMA_NAMES, schema_text
from kpss_cli.yamledit import atomic_write

SCHEMA_DIR = ".kpss/schemas"

# Which files each schema checks, as globs for the YAML language server (VS Code and others).
SCHEMA_GLOBS = {
    "manifest": ["kpss.yaml"],
    "services": ["services.yaml"],
    "groups": ["groups.yaml"],
    "plan": ["plans/*/plan.yaml"],
    "action-plan": ["plans/*/action-plans/*.yaml"],
    "grants": ["grants/*.yaml"],
    "consultation": ["plans/*/consultation.yaml"],
    "meeting": ["meetings/*.yaml"],
}


def _quote(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


def scaffold(name: str, kind: str, start: int, end: int, region: str | None = None) -> dict[str, str]:
    """The files of a new repository that validates (manifest, catalogue, groups, first plan, editor, CI)."""
    if kind not in codes.TERRITORY_KIND:
        raise UsageError(f"unknown territory kind '{kind}'; use one of: {', '.join(codes.TERRITORY_KIND)}")
    if not name.strip():
        raise UsageError('the territory name must not be empty, e.g. --name "SO ORP Židlochovice"')
    if region is not None and not re.fullmatch(r"CZ0[0-9]{2}", region):
        raise UsageError(f"--region must be a NUTS 3 code such as CZ064, got {region!r}")
    if not (2000 <= start <= end <= 2100):
        raise UsageError(f"the period {start}–{end} is not valid (years 2000–2100, start ≤ end)")
    plan_id = f"{start}-{end}"
    region_line = f"  region: {region}\n" if region else ""
    files: dict[str, str] = {}
    files["kpss.yaml"] = (
        "# Manifest repozitáře komunitního plánování sociálních služeb (kpss).\n"
        "kpss: 1\n"
        "territory:\n"
        f"  name: {_quote(name)}\n"
        f"  kind: {kind}\n"
        f"{region_line}"
        "  # municipalities:\n"
        '  #   - code: "584282"\n'
        "  #     name: Židlochovice\n"
        "# coordinator:\n"
        "#   name: Jméno Příjmení\n"
        "#   email: koordinator@example.cz\n"
        "fulfilment:\n"
        "  partial_threshold: 50  # % pod nímž je opatření nesplněné\n"
    )
    files["services.yaml"] = (
        "# Katalog poskytovatelů a služeb. Doplňte ručně nebo: kpss import registry rpss.json\n"
        "providers: []\n"
        "services: []\n"
    )
    files["groups.yaml"] = (
        "# Řídicí a pracovní skupiny komunitního plánování.\n"
        "groups:\n"
        '  - id: "RS"\n'
        "    name: Řídicí skupina\n"
        "    kind: steering\n"
    )
    files[f"plans/{plan_id}/plan.yaml"] = (
        f"# Komunitní plán {start}–{end}. Stav návrh (draft); po schválení doplňte approved.\n"
        f'id: "{plan_id}"\n'
        f"title: {_quote(f'Komunitní plán sociálních služeb {name} na období {start}–{end}')}\n"
        "period:\n"
        f"  start: {start}\n"
        f"  end: {end}\n"
        "status: draft\n"
        "needs: []\n"
        "priorities:\n"
        '  - id: "P1"\n'
        "    title: Udržení stávající sítě sociálních služeb\n"
        "    measures:\n"
        '      - id: "1.1"\n'
        "        title: Zachování dostupnosti terénních sociálních služeb\n"
        "        responsible: Koordinátor komunitního plánování\n"
        "        indicators:\n"
        '          - id: "1.1.a"\n'
        "            name: Počet podpořených sociálních služeb\n"
        "            unit: služby\n"
        "            target: 1\n"
    )
    settings = {
        "yaml.schemas": schema_mapping(),
        "files.encoding": "utf8",
        "files.eol": "\n",
        "[yaml]": {"editor.insertSpaces": True, "editor.tabSize": 2},
    }
    files[".vscode/settings.json"] = json.dumps(settings, ensure_ascii=False, indent=2) + "\n"
    files[".vscode/extensions.json"] = json.dumps({"recommendations": ["redhat.vscode-yaml"]}, indent=2) + "\n"
    for schema_name in SCHEMA_NAMES:
        files[f"{SCHEMA_DIR}/{schema_name}.schema.json"] = schema_text(schema_name)
    files[".github/workflows/kpss.yml"] = workflow()
    files[".gitattributes"] = "*.yaml text eol=lf\n*.docx binary\n"
    files[".gitignore"] = GITIGNORE
    for rel in list(files):
        line = modeline_for(rel)
        if line is not None:
            files[rel] = line + "\n" + files[rel]
    return files


def workflow(ref: str | None = None) -> str:
    """The GitHub workflow of a new repository: kpss from its own repository at a pinned ``ref``."""
    from kpss_cli import DISTRIBUTION, REPOSITORY_URL

    pinned = ref or f"v{__version__}"
    return (
        "# Checks the plan repository on every pull request; findings appear on the changed lines.\n"
        f"# KPSS_REF pins kpss: a release tag or a full commit id of {REPOSITORY_URL}.\n"
        "name: kpss\n"
        "on:\n"
        "  pull_request:\n"
        "  push:\n"
        "    branches: [main]\n"
        "env:\n"
        f"  KPSS_REF: {pinned}\n"
        "permissions:\n"
        "  contents: read\n"
        "jobs:\n"
        "  validate:\n"
        "    runs-on: ubuntu-latest\n"
        "    steps:\n"
        "      - uses: actions/checkout@v4\n"
        "      - uses: actions/setup-python@v5\n"
        "        with:\n"
        '          python-version: "3.12"\n'
        "      - name: Install kpss\n"
        f'        run: python -m pip install "{DISTRIBUTION} @ git+{REPOSITORY_URL}@${{KPSS_REF}}"\n'
        "      - name: Validate\n"
        "        run: kpss validate --format github\n"
    )


# A write kpss is killed in the middle of leaves its temporary file; the next run removes it.
GITIGNORE = "# temporary files of a kpss write that was interrupted (the next run removes them)\n.*.kpss-tmp\n"


def existing(root: Path, files: dict[str, str]) -> list[str]:
    """The files of the scaffold that already exist (init never overwrites)."""
    return [rel for rel in files if rel != ".gitignore" and (root / rel).exists()]


def write(root: Path, files: dict[str, str]) -> None:
    """Write every file (atomically each); an existing .gitignore gets kpss's lines appended.

    When a write fails (a full disk, a read-only folder), what was already written is removed
    again, so no half-made repository is left behind.
    """
    made: list[Path] = []
    folders = [p for p in (root, *root.parents) if not p.exists()]
    try:
        for rel, text in files.items():
            target = root / rel
            if rel == ".gitignore" and target.exists():
                old = target.read_text(encoding="utf-8", errors="replace")
                if ".*.kpss-tmp" not in old.splitlines():
                    atomic_write(target, old + ("" if old.endswith("\n") or not old else "\n") + GITIGNORE)
                continue
            missing = [p for p in (target.parent, *target.parent.parents) if not p.exists()]
            atomic_write(target, text)
            made.append(target)
            folders.extend(missing)
    except OSError as exc:
        for path in reversed(made):
            with contextlib.suppress(OSError):
                path.unlink()
        for folder in sorted(set(folders), key=lambda p: len(p.parts), reverse=True):
            with contextlib.suppress(OSError):
                folder.rmdir()
        raise KpssError(
            f"cannot create the repository in {root}: {exc.strerror or exc} ({exc.filename or root}); "
            "nothing was left behind"
        ) from None


# -- editors: the schema mapping of an existing repository (kpss init --editor) ---------------

MODELINE = "# yaml-language-server: $schema="


def modeline_for(relpath: str) -> str | None:
    """The ``# yaml-language-server: $schema=…`` line for a repository file (path relative to it)."""
    from kpss_cli.repo import SCHEMA_OF_KIND, classify

    f = classify(relpath)
    if f is None or f.kind not in SCHEMA_OF_KIND:
        return None
    up = "../" * relpath.count("/")
    return f"{MODELINE}{up}{SCHEMA_DIR}/{SCHEMA_OF_KIND[f.kind]}.schema.json"


def with_modeline(raw: bytes, line: str) -> bytes | None:
    """The file's bytes with ``line`` as its first line (replacing an older modeline); None if unchanged.

    Everything else is kept byte for byte: a BOM stays in front, CRLF files get a CRLF line.
    """
    bom = b"\xef\xbb\xbf" if raw.startswith(b"\xef\xbb\xbf") else b""
    body = raw[len(bom):]
    first, sep, rest = body.partition(b"\n")
    newline = b"\r\n" if first.endswith(b"\r") else b"\n"
    wanted = line.encode("utf-8")
    if first.rstrip(b"\r").startswith(MODELINE.encode()):
        if first.rstrip(b"\r") == wanted:
            return None
        return bom + wanted + (b"\r" if first.endswith(b"\r") else b"") + sep + rest
    return bom + wanted + newline + body


def vscode_settings(existing: str | None) -> str:
    """.vscode/settings.json with kpss's ``yaml.schemas`` entries set; other settings kept.

    A settings file VS Code wrote may hold comments (JSONC): that is refused with a clear
    message rather than rewritten without them.
    """
    settings: dict[str, object] = {}
    if existing is not None and existing.strip():
        try:
            loaded = json.loads(existing)
        except ValueError:
            raise UsageError(
                ".vscode/settings.json is not plain JSON (comments?); kpss init --editor will not rewrite it. "
                'Add to it by hand: "yaml.schemas": ' + json.dumps(schema_mapping(), ensure_ascii=False)
            ) from None
        if not isinstance(loaded, dict):
            raise UsageError(".vscode/settings.json must hold a JSON object")
        settings = loaded
    mapping = settings.get("yaml.schemas")
    mapping = dict(mapping) if isinstance(mapping, dict) else {}
    for key in [k for k in mapping if isinstance(k, str) and k.startswith(f"./{SCHEMA_DIR}/")]:
        del mapping[key]  # a schema kpss no longer ships
    mapping.update(schema_mapping())
    settings["yaml.schemas"] = mapping
    settings.setdefault("files.encoding", "utf8")
    return json.dumps(settings, ensure_ascii=False, indent=2) + "\n"


def schema_mapping() -> dict[str, list[str]]:
    return {f"./{SCHEMA_DIR}/{n}.schema.json": SCHEMA_GLOBS[n] for n in SCHEMA_NAMES}


def editor_files(root: Path) -> dict[str, bytes]:
    """What ``kpss init --editor`` writes in an existing repository: path -> new bytes (changed only).

    The copied schemas (refreshed to this kpss's), the VS Code mapping, the extension
    recommendation, and the modeline at the top of every repository YAML file.
    """
    from kpss_cli.repo import WorkingTree

    out: dict[str, bytes] = {}

    def put(rel: str, data: bytes) -> None:
        path = root / rel
        if not path.is_file() or path.read_bytes() != data:
            out[rel] = data

    for schema_name in SCHEMA_NAMES:
        put(f"{SCHEMA_DIR}/{schema_name}.schema.json", schema_text(schema_name).encode("utf-8"))
    settings = root / ".vscode" / "settings.json"
    current = settings.read_text(encoding="utf-8-sig") if settings.is_file() else None
    put(".vscode/settings.json", vscode_settings(current).encode("utf-8"))
    if not (root / ".vscode" / "extensions.json").exists():
        extensions = json.dumps({"recommendations": ["redhat.vscode-yaml"]}, indent=2) + "\n"
        put(".vscode/extensions.json", extensions.encode())
    for rel in WorkingTree(root).list_files():
        line = modeline_for(rel)
        if line is None:
            continue
        changed = with_modeline((root / rel).read_bytes(), line)
        if changed is not None:
            out[rel] = changed
    return out
