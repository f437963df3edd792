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
from json.encoder import encode_basestring as _string  # the C escaping of a str (ensure_ascii=False)
from typing import Any

_INFINITY = float("inf")


def _float(value: float) -> str:
    if value != value:
        return "NaN"
    if value == _INFINITY:
        return "Infinity"
    if value == -_INFINITY:
        return "-Infinity"
    return float.__repr__(value)


# The scalars by their exact type, written as json.dumps writes them.
_SCALAR = {
    str: _string,
    int: int.__repr__,
    float: _float,
    bool: lambda v: "true" if v else "false",
    type(None): lambda v: "null",
}


def _key(key: Any) -> str:
    if isinstance(key, str):
        return _string(key)
    if key is True or key is False or key is None:
        return '"' + _SCALAR[type(key)](key) + '"'
    if isinstance(key, int):
        return '"' + int.__repr__(key) + '"'
    if isinstance(key, float):
        return '"' + _float(key) + '"'
    raise TypeError(key)


def _write(value: Any, out: list[str], nl: str) -> None:
    """``value`` indented by 2 below the line break and indent ``nl``, as json.dumps(indent=2)."""
    scalar = _SCALAR.get(type(value))
    if scalar is not None:
        out.append(scalar(value))
    elif isinstance(value, dict):
        if not value:
            out.append("{}")
            return
        inner = nl + "  "
        sep = "{" + inner
        for k, v in value.items():
            key = _string(k) if type(k) is str else _key(k)
            scalar = _SCALAR.get(type(v))
            if scalar is not None:
                out.append(sep + key + ": " + scalar(v))
            else:
                out.append(sep + key + ": ")
                _write(v, out, inner)
            sep = "," + inner
        out.append(nl + "}")
    elif isinstance(value, (list, tuple)):
        if not value:
            out.append("[]")
            return
        inner = nl + "  "
        sep = "[" + inner
        for v in value:
            scalar = _SCALAR.get(type(v))
            if scalar is not None:
                out.append(sep + scalar(v))
            else:
                out.append(sep)
                _write(v, out, inner)
            sep = "," + inner
        out.append(nl + "]")
    elif isinstance(value, str):  # a subclass (a str enum), as json writes it
        out.append(_string(value))
    elif isinstance(value, int):
        out.append(int.__repr__(value))
    elif isinstance(value, float):
        out.append(_float(value))
    else:
        raise TypeError(value)


def json_text(data: Any) -> str:
    """Plain data as the JSON text every command prints: UTF-8 as is, indented by 2.

    The text of ``json.dumps(data, ensure_ascii=False, indent=2)``, written here: with ``indent``
    the standard library encodes in pure Python, and a national network (5 MB of JSON) took 0.2 s;
    this writes the containers and hands every scalar to the C escaping (twice as fast). What it
    cannot write (a value that is not plain data) goes to json.dumps for its own error.
    """
    out: list[str] = []
    try:
        _write(data, out, "\n")
    except (TypeError, ValueError, RecursionError):
        return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    out.append("\n")
    return "".join(out)
