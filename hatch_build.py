"""Wheel build hook: compiles the message catalogues (kpss_cli/locale/*/LC_MESSAGES/kpss.po) to .mo.

The .po files are the sources kept in git; the compiled .mo files are not (they would conflict
on every merge) and are made here, so an installed kpss always carries them. See docs/i18n.md.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path
from typing import Any

from hatchling.builders.hooks.plugin.interface import BuildHookInterface


class CustomBuildHook(BuildHookInterface):
    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        if self.target_name != "wheel":
            return
        from babel.messages.mofile import write_mo
        from babel.messages.pofile import read_po

        self._mo_dir = Path(tempfile.mkdtemp(prefix="kpss-mo-"))
        for po in sorted(Path(self.root, "kpss_cli", "locale").glob("*/LC_MESSAGES/kpss.po")):
            lang = po.parent.parent.name
            with open(po, "rb") as handle:
                catalog = read_po(handle, locale=lang, domain="kpss")
            mo = self._mo_dir / lang / "kpss.mo"
            mo.parent.mkdir(parents=True)
            with open(mo, "wb") as handle:
                write_mo(handle, catalog, use_fuzzy=False)
            build_data["force_include"][str(mo)] = f"kpss_cli/locale/{lang}/LC_MESSAGES/kpss.mo"

    def finalize(self, version: str, build_data: dict[str, Any], artifact_path: str) -> None:
        mo_dir = getattr(self, "_mo_dir", None)
        if mo_dir is not None:
            shutil.rmtree(mo_dir, ignore_errors=True)
