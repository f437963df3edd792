"""What every result's table of formats shares.

Each result keeps its text formats beside its data, in one table ``FORMATS = {name: function}``
(check-jsonschema's ``REPORTER_BY_NAME``): :data:`kpss_cli.findings.FORMATS`,
:data:`kpss_cli.diff.FORMATS`, :data:`kpss_cli.report_formats.FULFILMENT_FORMATS`, … A function
takes the result and returns the whole text. The coloured terminal form is the only one the CLI
draws itself (``text``/``table``). ``to_json()`` of a result always returns plain data (a dict);
:func:`json_text` turns it into the text of ``--format json``.
"""

from __future__ import annotations

import json
from typing import Any


def json_text(data: Any) -> str:
    """Plain data as the JSON text every command prints: UTF-8 as is, indented by 2."""
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
