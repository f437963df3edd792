"""Start-up stays light: no heavy library is imported before a command needs it."""

from __future__ import annotations

import subprocess
import sys

HEAVY = ("docx", "git", "jsonschema", "jsonschema_rs", "matplotlib", "openpyxl", "ruamel", "yaml", "lxml", "ryml")

PROBE = """
import sys
sys.argv = ["kpss"] + {args!r}
from kpss_cli.entry import main
try:
    main()
except SystemExit:
    pass
heavy = sorted(m for m in sys.modules if m.split(".")[0] in {heavy!r})
print("HEAVY:" + ",".join(heavy), file=sys.stderr)
"""


def imported_heavy(*args: str) -> list[str]:
    done = subprocess.run(
        [sys.executable, "-c", PROBE.format(args=list(args), heavy=HEAVY)], capture_output=True, text=True
    )
    line = [ln for ln in done.stderr.splitlines() if ln.startswith("HEAVY:")][-1]
    return [m for m in line[len("HEAVY:"):].split(",") if m]


def test_version_imports_nothing_heavy() -> None:
    assert imported_heavy("--version") == []


def test_help_imports_nothing_heavy() -> None:
    assert imported_heavy("--help") == []


def test_every_command_help_imports_nothing_heavy() -> None:
    for command in (["validate"], ["rollover"], ["diff"], ["report", "fulfilment"], ["render"], ["import", "registry"], ["init"], ["schema"]):
        assert imported_heavy(*command, "--help") == [], command
