"""Wheel build hook: compiles the message catalogues (kpss_cli/locale/*/LC_MESSAGES/kpss.po) to .mo.

The .po files are the sources kept in git; the compiled .mo files are not (they would conflict
on every merge) and are made here, so an installed kpss always carries them. See docs/i18n.md.

The compiler is the few lines below, not Babel's: a build dependency is installed into pip's
isolated build environment on every install from the repository, and that includes the
pre-commit hook's first run in every plan repository. Babel is an 11 MB wheel (its locale data)
that cost about 1 s of CPU and the download there, to compile one catalogue (docs/validate.md,
"How heavy the hook is"). tests/test_i18n.py checks that this compiler gives the catalogue Babel
gives.
"""

from __future__ import annotations

import ast
import shutil
import struct
import tempfile
from pathlib import Path
from typing import Any

from hatchling.builders.hooks.plugin.interface import BuildHookInterface


def read_po(text: str) -> dict[bytes, bytes]:
    """The translated messages of a .po file as .mo keys and values (fuzzy and obsolete ones left out).

    Keys follow GNU gettext: ``msgctxt "\\x04" msgid`` and ``msgid "\\0" msgid_plural``; a plural's
    value is its forms joined by NUL. The header (msgid "") is kept; an entry without any
    translation is left out, so gettext falls back to the English text.
    """
    messages: dict[bytes, bytes] = {}
    entry: dict[str, str] = {}
    fuzzy = False
    last = ""

    def flush() -> None:
        nonlocal entry, fuzzy
        if "msgid" in entry:
            forms = [entry[k] for k in sorted(k for k in entry if k.startswith("msgstr"))]
            header = entry["msgid"] == ""
            if (header or not fuzzy) and any(forms):
                key = entry["msgid"]
                if "msgid_plural" in entry:
                    key += "\0" + entry["msgid_plural"]
                if "msgctxt" in entry:
                    key = entry["msgctxt"] + "\x04" + key
                messages[key.encode("utf-8")] = "\0".join(forms).encode("utf-8")
        entry, fuzzy = {}, False

    for raw in text.splitlines():
        line = raw.strip()
        if not line:
            flush()
            continue
        if line.startswith("#"):
            if any(k.startswith("msgstr") for k in entry):
                flush()
            if line.startswith("#,") and "fuzzy" in (flag.strip() for flag in line[2:].split(",")):
                fuzzy = True
            continue
        if line.startswith('"'):
            entry[last] += ast.literal_eval(line)
            continue
        keyword, _, literal = line.partition(" ")
        if keyword in ("msgctxt", "msgid") and any(k.startswith("msgstr") for k in entry):
            flush()
        if keyword.startswith("msgstr["):
            keyword = f"msgstr[{int(keyword[7:-1]):03d}]"  # sorted numerically for the plural forms
        entry[keyword] = ast.literal_eval(literal.strip())
        last = keyword
    flush()
    return messages


def write_mo(messages: dict[bytes, bytes]) -> bytes:
    """A GNU .mo file (little-endian, no hash table) of the messages."""
    keys = sorted(messages)
    ids = b"".join(k + b"\0" for k in keys)
    strs = b"".join(messages[k] + b"\0" for k in keys)
    key_start = 7 * 4 + 16 * len(keys)
    value_start = key_start + len(ids)
    key_table: list[int] = []
    value_table: list[int] = []
    id_offset = str_offset = 0
    for k in keys:
        key_table += [len(k), key_start + id_offset]
        value_table += [len(messages[k]), value_start + str_offset]
        id_offset += len(k) + 1
        str_offset += len(messages[k]) + 1
    header = struct.pack("<7I", 0x950412DE, 0, len(keys), 7 * 4, 7 * 4 + 8 * len(keys), 0, key_start)
    tables = struct.pack(f"<{len(key_table)}I", *key_table) + struct.pack(f"<{len(value_table)}I", *value_table)
    return header + tables + ids + strs


class CustomBuildHook(BuildHookInterface):
    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        if self.target_name != "wheel":
            return
        self._mo_dir = Path(tempfile.mkdtemp(prefix="kpss-mo-"))
        for po in sorted(Path(self.root, "kpss_cli", "locale").glob("*/LC_MESSAGES/kpss.po")):
            lang = po.parent.parent.name
            mo = self._mo_dir / lang / "kpss.mo"
            mo.parent.mkdir(parents=True)
            mo.write_bytes(write_mo(read_po(po.read_text(encoding="utf-8"))))
            build_data["force_include"][str(mo)] = f"kpss_cli/locale/{lang}/LC_MESSAGES/kpss.mo"

    def finalize(self, version: str, build_data: dict[str, Any], artifact_path: str) -> None:
        mo_dir = getattr(self, "_mo_dir", None)
        if mo_dir is not None:
            shutil.rmtree(mo_dir, ignore_errors=True)
