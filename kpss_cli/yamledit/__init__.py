"""Editing the user's YAML without losing how it is written.

- :mod:`kpss_cli.yamledit.roundtrip`: load and dump round-trip (ruamel) in the file's own style
  (BOM, line endings, indentation), and atomic writes;
- :mod:`kpss_cli.yamledit.comments`: the edits (insert, delete, reorder keys and items) that keep
  the comments and blank lines between elements where the reader expects them.

ruamel is imported only inside the functions, so importing this package costs nothing.
"""

from __future__ import annotations

from kpss_cli.yamledit.comments import (
    delete_item,
    delete_key,
    insert_item,
    insert_key,
    pop_pre,
    pop_tail,
    push_pre,
    push_tail,
    rebuild_seq,
)
from kpss_cli.yamledit.roundtrip import (
    FileStyle,
    atomic_write,
    detect_style,
    dump_roundtrip,
    load_roundtrip,
    read_roundtrip,
)

__all__ = [
    "FileStyle",
    "atomic_write",
    "delete_item",
    "delete_key",
    "detect_style",
    "dump_roundtrip",
    "insert_item",
    "insert_key",
    "load_roundtrip",
    "pop_pre",
    "pop_tail",
    "push_pre",
    "push_tail",
    "read_roundtrip",
    "rebuild_seq",
]
