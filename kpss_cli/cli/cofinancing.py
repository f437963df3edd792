"""The co-financing split of ``kpss report finance`` as a terminal table (Czech).

Its words and markdown are in the library, beside the finance report's (kpss_cli.report_formats).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from kpss_cli.i18n import _
from kpss_cli.report_formats import COFINANCING_NOTE, cofinancing_columns, cofinancing_heading, cofinancing_rows

if TYPE_CHECKING:
    from rich.console import Console

    from kpss_cli.cofinancing import Cofinancing


def table(split: Cofinancing, out: Console) -> None:
    from rich import box
    from rich.table import Table
    from rich.text import Text

    from kpss_cli.textsafe import visible

    t = Table(
        title=Text(visible(cofinancing_heading(split)), style="bold"),
        title_justify="left",
        box=box.SIMPLE_HEAD,
        show_edge=False,
    )
    head = cofinancing_columns(split)
    t.add_column(head[0], overflow="fold")
    for name in head[1:]:
        t.add_column(name, justify="right", no_wrap=True)
    lines = cofinancing_rows(split)
    for line in lines[:-1]:
        t.add_row(*[Text(visible(c)) for c in line])  # municipality names: no markup, no escapes
    t.add_section()
    t.add_row(*[Text(visible(c), style="bold") for c in lines[-1]])
    out.print(t)
    out.print(Text(_(COFINANCING_NOTE), style="dim"), soft_wrap=False)
