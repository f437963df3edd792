"""One language per run: --lang > KPSS_LANG > language in kpss.yaml > Czech; the Czech catalogue is complete."""

from __future__ import annotations

import importlib.util
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from kpss_cli import i18n

ROOT = Path(__file__).resolve().parent.parent


def _tool():
    spec = importlib.util.spec_from_file_location("kpss_i18n_tool", ROOT / "tools" / "i18n.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while it loads
    spec.loader.exec_module(module)
    return module


# --- the catalogue ---------------------------------------------------------------------------


def test_every_message_has_a_czech_translation_with_the_same_placeholders() -> None:
    problems = _tool().problems()
    assert problems == [], "\n".join(["run `.venv/bin/python tools/i18n.py update` and translate:", *problems])


def test_the_check_catches_a_missing_translation_and_a_lost_placeholder(tmp_path: Path, monkeypatch) -> None:
    tool = _tool()
    package = tmp_path / "kpss_cli"
    (package / "cli").mkdir(parents=True)
    (package / "m.py").write_text(
        'from kpss_cli.i18n import _\n_("in measure {measure} the {field} is missing")\n_("untranslated")\n'
        '_(f"cannot {x}")\n',
        encoding="utf-8",
    )
    po = package / "locale" / "cs" / "LC_MESSAGES" / "kpss.po"
    po.parent.mkdir(parents=True)
    po.write_text(
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=utf-8\\n"\n\n'
        'msgid "in measure {measure} the {field} is missing"\nmsgstr "v opatření {measure} chybí pole"\n\n'
        'msgid "untranslated"\nmsgstr ""\n',
        encoding="utf-8",
    )
    monkeypatch.setattr(tool, "ROOT", tmp_path)
    monkeypatch.setattr(tool, "PACKAGE", package)
    monkeypatch.setattr(tool, "LOCALE", package / "locale")
    found = "\n".join(tool.problems())
    assert "['{field}', '{measure}']" in found and "v opatření {measure} chybí pole" in found
    assert "no cs translation of 'untranslated'" in found
    assert 'kpss_cli/m.py:4: _(f"…") cannot be translated' in found


def _fake_package(tmp_path: Path, monkeypatch, modules: dict[str, str], po_entries: str):
    """A kpss_cli of ``modules`` (name -> source) and a Czech catalogue of ``po_entries``."""
    tool = _tool()
    package = tmp_path / "kpss_cli"
    (package / "cli").mkdir(parents=True)
    for name, source in modules.items():
        (package / name).write_text(source, encoding="utf-8")
    po = package / "locale" / "cs" / "LC_MESSAGES" / "kpss.po"
    po.parent.mkdir(parents=True)
    po.write_text(
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=utf-8\\n"\n'
        '"Plural-Forms: nplurals=3; plural=((n==1) ? 0 : (n>=2 && n<=4) ? 1 : 2);\\n"\n\n' + po_entries,
        encoding="utf-8",
    )
    monkeypatch.setattr(tool, "ROOT", tmp_path)
    monkeypatch.setattr(tool, "PACKAGE", package)
    monkeypatch.setattr(tool, "LOCALE", package / "locale")
    return tool


def test_a_text_passed_through_a_wrapper_of_ngettext_is_a_message(tmp_path: Path, monkeypatch) -> None:
    tool = _fake_package(
        tmp_path,
        monkeypatch,
        {
            "words.py": (
                "from kpss_cli.i18n import ngettext\n"
                "def counted(n, one, many):\n    return ngettext(one, many, n).format(n=n)\n"
            ),
            "m.py": (
                "from kpss_cli.words import counted\n"
                'counted(3, "{n} workbook", "{n} workbooks")\n'
                'counted(1, one="{n} sheet", many="{n} sheets")\n'
                'counted(2, f"{x} file", "{n} files")\n'
            ),
        },
        "",
    )
    found = tool.extract()
    assert found.messages["{n} workbook"].plural == "{n} workbooks"
    assert found.messages["{n} sheet"].plural == "{n} sheets"
    assert found.messages["{n} workbook"].locations == {"kpss_cli/m.py"}
    problems = "\n".join(tool.problems())
    assert "no cs translation of '{n} workbook'" in problems or "no entry for '{n} workbook'" in problems
    assert "kpss_cli/m.py:4: counted(f\"…\")" in problems


def test_each_plural_form_keeps_the_placeholders_of_the_plural_message(tmp_path: Path, monkeypatch) -> None:
    tool = _fake_package(
        tmp_path,
        monkeypatch,
        {"m.py": 'from kpss_cli.i18n import ngettext\nngettext("one file in {folder}", "{n} files in {folder}", 2)\n'},
        'msgid "one file in {folder}"\nmsgid_plural "{n} files in {folder}"\n'
        'msgstr[0] "jeden soubor v {folder}"\nmsgstr[1] "{n} soubory v {folder}"\nmsgstr[2] "soubory v {folder}"\n',
    )
    problems = tool.problems()
    # the third form (5 and more) lost the count the plural message has; the first may leave it out
    assert len(problems) == 1, problems
    assert "the plural (form 2) ['{folder}', '{n}']" in problems[0] and "'soubory v {folder}'" in problems[0]


def test_a_short_message_shared_by_two_modules_is_flagged_until_reviewed(tmp_path: Path, monkeypatch) -> None:
    tool = _fake_package(
        tmp_path,
        monkeypatch,
        {
            "consultation.py": 'from kpss_cli.i18n import _\n_("comment")\n_("the consultation has closed")\n',
            "workbook.py": 'from kpss_cli.i18n import _\n_("comment")\n_("the consultation has closed")\n',
        },
        'msgid "comment"\nmsgstr "připomínka"\n\nmsgid "the consultation has closed"\nmsgstr "připomínky jsou uzavřeny"\n',
    )
    shared = tmp_path / "shared.txt"
    monkeypatch.setattr(tool, "SHARED", shared)
    problems = tool.problems()
    # a sentence means the same wherever it stands; a bare word may not
    assert len(problems) == 1, problems
    assert "'comment' is used by kpss_cli/consultation.py, kpss_cli/workbook.py" in problems[0]
    assert 'add the line "comment" to shared.txt' in problems[0]
    shared.write_text('# reviewed\n"comment"\n', encoding="utf-8")
    assert tool.problems() == []


def test_the_installed_package_carries_the_compiled_czech_catalogue() -> None:
    mo = Path(i18n.__file__).parent / "locale" / "cs" / "LC_MESSAGES" / "kpss.mo"
    assert mo.is_file(), "the wheel build (hatch_build.py) compiles kpss.po to kpss.mo"
    i18n.set_language("cs")
    try:
        assert i18n._("Show the version and exit.") == "Vypíše verzi a skončí."
        # Czech plural forms: 1, 2–4, 5 and more
        assert [i18n.ngettext("{n} error", "{n} errors", n).format(n=n) for n in (1, 3, 5)] == [
            "1 chyba",
            "3 chyby",
            "5 chyb",
        ]
    finally:
        i18n.set_language("en")


# --- choosing the language -------------------------------------------------------------------


def test_command_line_beats_environment_beats_manifest_beats_czech(tmp_path: Path) -> None:
    (tmp_path / "kpss.yaml").write_text("kpss: 1\nlanguage: en  # the working language\n", encoding="utf-8")
    inner = tmp_path / "plans"
    inner.mkdir()
    try:
        assert i18n.choose(["--lang", "cs", "validate", "--repo", str(tmp_path)], {"KPSS_LANG": "en"}) == (
            "cs",
            ["validate", "--repo", str(tmp_path)],
        )
        assert i18n.choose(["validate", "--lang=en"], {"KPSS_LANG": "cs"}) == ("en", ["validate"])
        assert i18n.choose(["validate", "--repo", str(tmp_path)], {"KPSS_LANG": "cs"})[0] == "cs"
        assert i18n.choose(["validate", "--repo", str(tmp_path)], {})[0] == "en"
        assert i18n.choose(["validate", "-C", str(inner)], {})[0] == "cs"  # no kpss.yaml there
        assert i18n.manifest_language(start=inner) == ("en", tmp_path / "kpss.yaml")
        assert i18n.choose(["validate", "--", "--lang", "en"], {})[0] == "cs"  # after -- it is an argument
    finally:
        i18n.set_language("en")


def test_czech_is_the_default(run_kpss, example_repo: Path, monkeypatch) -> None:
    monkeypatch.delenv("KPSS_LANG")
    run = run_kpss("validate", "--repo", example_repo)
    assert run.exit_code == 0, run.output
    assert "v pořádku: žádné chyby, žádná varování" in run.stdout
    assert "Použití:" in run_kpss("validate", "--help").stdout


def test_english_on_request(run_kpss, example_repo: Path, monkeypatch) -> None:
    monkeypatch.setenv("KPSS_LANG", "cs")
    run = run_kpss("validate", "--repo", example_repo, "--lang", "en")
    assert "valid: no errors, no warnings" in run.stdout
    helped = run_kpss("--lang", "en", "validate", "--help").stdout
    assert "Check every file against its schema" in helped and "Show this message and exit." in helped


def test_help_of_every_command_is_czech(run_kpss) -> None:
    root = run_kpss("--lang", "cs", "--help").stdout
    assert "Příkazy:" in root and "Vypíše verzi a skončí." in root
    assert "Zkontroluje každý soubor podle jeho schématu" in root  # the short help of validate
    rollover = " ".join(run_kpss("rollover", "--help", "--lang", "cs").stdout.split())  # unwrapped
    assert "Vytvoří akční plán na rok ROK z akčního plánu roku ROK-1" in rollover and "(na chybový výstup); nic nezapíše." in rollover
    assert rollover.startswith("Použití: kpss rollover [VOLBY] {ROK} ")


@pytest.mark.parametrize("args,env", [(["--lang", "de"], {}), ([], {"KPSS_LANG": "sk"}), (["--lang"], {})])
def test_an_unknown_language_is_exit_2_with_the_allowed_values(run_kpss, monkeypatch, args, env) -> None:
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    run = run_kpss("validate", *args)
    assert run.exit_code == 2
    assert "cs, en" in run.stderr and "Traceback" not in run.output


def test_an_unknown_language_in_the_manifest_is_exit_2_naming_the_file(
    run_kpss, example_repo: Path, monkeypatch
) -> None:
    monkeypatch.delenv("KPSS_LANG")
    manifest = example_repo / "kpss.yaml"
    manifest.write_text(manifest.read_text(encoding="utf-8") + "language: čeština\n", encoding="utf-8")
    run = run_kpss("validate", "--repo", example_repo)
    assert run.exit_code == 2
    assert "'čeština'" in run.stderr and "kpss.yaml" in run.stderr and "cs, en" in run.stderr


def test_a_missing_or_broken_catalogue_falls_back_to_english(tmp_path: Path) -> None:
    """A copy of the installed package whose kpss.mo is cut off, then removed: English, said under --debug."""
    installed = Path(i18n.__file__).parent
    copy = tmp_path / "kpss_cli"
    shutil.copytree(installed, copy, ignore=shutil.ignore_patterns("__pycache__"))
    mo = copy / "locale" / "cs" / "LC_MESSAGES" / "kpss.mo"
    mo.write_bytes(mo.read_bytes()[:30])
    probe = "from kpss_cli.entry import main; main()"
    env = {"PATH": "/usr/bin:/bin", "KPSS_LANG": "cs", "NO_COLOR": "1", "PYTHONPATH": str(tmp_path)}
    for _ in ("broken", "missing"):
        done = subprocess.run(
            [sys.executable, "-c", probe, "schema", "--list", "--debug"],
            capture_output=True,
            text=True,
            env=env,
            cwd=tmp_path,
        )
        assert done.returncode == 0, done.stderr
        assert "Traceback" not in done.stderr
        assert "messages are in English" in done.stderr and str(mo) in done.stderr
        quiet = subprocess.run(
            [sys.executable, "-c", probe, "--help"], capture_output=True, text=True, env=env, cwd=tmp_path
        )
        assert quiet.returncode == 0 and "Usage:" in quiet.stdout and "messages are in English" not in quiet.stderr
        mo.unlink(missing_ok=True)


def test_messages_are_never_built_as_f_strings_inside_the_gettext_call() -> None:
    assert [p for p in _tool().extract().problems] == []


def test_forgiving_input_is_named_in_czech(run_kpss, tmp_path: Path) -> None:
    """The mistakes of a hand-written plan, in the words of the coordinator (tests/cases/invalid has the English)."""
    repo = tmp_path / "repo"
    shutil.copytree(ROOT / "tests" / "cases" / "base", repo)
    plan = repo / "plans" / "2020-2022" / "action-plans" / "2022.yaml"
    text = plan.read_text(encoding="utf-8")
    text = text.replace("      obce: 1600000\n    targets", "      obce: 40.000\n    targets", 1)
    plan.write_text(text.replace("status: approved", "status: schváleno", 1), encoding="utf-8")
    run = run_kpss("validate", "--repo", repo, "--lang", "cs")
    assert run.exit_code == 1
    out = " ".join(run.stdout.split())
    assert "'obce' v položce 1.1: 40.000 se čte jako číslo 40" in out and "napište částku bez tečky mezi tisíci: 40000" in out
    assert "'schváleno' je název, ne kód: napište místo něj kód approved (schváleno) (pole 'status')" in out
    assert "2 chyby, 0 varování" in out


def test_the_parsers_words_only_under_debug(run_kpss, tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    shutil.copytree(ROOT / "tests" / "cases" / "base", repo)
    plan = repo / "plans" / "2023-2026" / "plan.yaml"
    plan.write_text(plan.read_text(encoding="utf-8").replace('  - id: "N2"\n', '  id: "N2"\n', 1), encoding="utf-8")
    plain_run = run_kpss("validate", "--repo", repo, "--lang", "cs")
    assert plain_run.exit_code == 1
    assert "položce seznamu chybí pomlčka" in plain_run.stdout and "libyaml" not in plain_run.output
    assert "expected '-' indicator" not in plain_run.output
    debug_run = run_kpss("validate", "--repo", repo, "--lang", "cs", "--debug")
    assert "libyaml: did not find expected '-' indicator" in debug_run.stdout


def _build_hook(monkeypatch: pytest.MonkeyPatch):
    """hatch_build.py, loaded without hatchling (only the wheel build has it)."""
    import types

    interface = types.ModuleType("hatchling.builders.hooks.plugin.interface")
    interface.BuildHookInterface = object  # type: ignore[attr-defined]
    for name in ["hatchling", "hatchling.builders", "hatchling.builders.hooks", "hatchling.builders.hooks.plugin"]:
        monkeypatch.setitem(sys.modules, name, types.ModuleType(name))
    monkeypatch.setitem(sys.modules, interface.__name__, interface)
    spec = importlib.util.spec_from_file_location("kpss_hatch_build", ROOT / "hatch_build.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_wheel_build_compiles_the_catalogue_as_babel_does(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """The build's own .po -> .mo compiler (no Babel in the build environment) gives Babel's catalogue."""
    import gettext
    import io

    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    hook = _build_hook(monkeypatch)
    po = ROOT / "kpss_cli" / "locale" / "cs" / "LC_MESSAGES" / "kpss.po"
    ours = gettext.GNUTranslations(io.BytesIO(hook.write_mo(hook.read_po(po.read_text(encoding="utf-8")))))
    buffer = io.BytesIO()
    with open(po, "rb") as handle:
        write_mo(buffer, read_po(handle, locale="cs", domain="kpss"), use_fuzzy=False)
    buffer.seek(0)
    babel = gettext.GNUTranslations(buffer)
    assert ours._catalog == babel._catalog  # type: ignore[attr-defined]
    assert len(ours._catalog) > 100  # type: ignore[attr-defined]
    assert [ours.ngettext("{n} error", "{n} errors", n) for n in (1, 3, 5)] == ["{n} chyba", "{n} chyby", "{n} chyb"]


def test_the_wheel_build_leaves_out_fuzzy_and_untranslated_messages(monkeypatch: pytest.MonkeyPatch) -> None:
    import gettext
    import io

    hook = _build_hook(monkeypatch)
    po = "\n".join([
        'msgid ""',
        'msgstr ""',
        '"Language: cs\\n"',
        '"Plural-Forms: nplurals=3; plural=(n == 1 ? 0 : n >= 2 && n <= 4 ? 1 : 2);\\n"',
        '"Content-Type: text/plain; charset=utf-8\\n"',
        "",
        "#, fuzzy, python-brace-format",
        'msgid "guessed"',
        'msgstr "odhadnuto"',
        "",
        'msgid "empty"',
        'msgstr ""',
        "",
        "#: kpss_cli/x.py",
        'msgid "two "',
        '"lines"',
        'msgstr "dva "',
        '"řádky \\"v uvozovkách\\"\\n"',
        "",
        'msgctxt "status"',
        'msgid "done"',
        'msgstr "splněno"',
        "",
        '#~ msgid "old"',
        '#~ msgstr "staré"',
    ])
    catalogue = gettext.GNUTranslations(io.BytesIO(hook.write_mo(hook.read_po(po))))
    assert catalogue.gettext("guessed") == "guessed"
    assert catalogue.gettext("empty") == "empty"
    assert catalogue.gettext("two lines") == 'dva řádky "v uvozovkách"\n'
    assert catalogue.pgettext("status", "done") == "splněno"
    assert catalogue.gettext("old") == "old"
