"""The co-financing split of ``kpss report finance`` as a terminal table and as markdown (Czech)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from kpss_cli import czech

if TYPE_CHECKING:
    from rich.console import Console

    from kpss_cli.cofinancing import Cofinancing


def heading(split: Cofinancing) -> str:
    """``Spolufinancování obcí: podle počtu obyvatel (2024)``."""
    year = f" ({split.population_year})" if split.population_year and split.key == "per_capita" else ""
    return f"Spolufinancování obcí (zdroj obce): {split.key_label}{year}"


def weight_text(split: Cofinancing, party: Any) -> str:
    if split.key == "per_capita":
        return czech.number(party.population or 0)
    share = party.weight * 100 / split.weight_sum if split.weight_sum else None
    return czech.percent(None if share is None else float(share), decimals=2)


def rows(split: Cofinancing) -> list[list[str]]:
    """Per municipality: name, population or share, planned, spent; then the total."""
    planned, spent = split.sums("planned"), split.sums("spent")
    out = [
        [
            p.name,
            weight_text(split, p),
            czech.money(planned[p.code] if planned else None),
            czech.money(spent[p.code] if spent else None),
        ]
        for p in split.parties
    ]
    total_weight = czech.number(sum(p.population or 0 for p in split.parties)) if split.key == "per_capita" else "100 %"
    out.append(["Celkem", total_weight, czech.money(split.total("planned")), czech.money(split.total("spent"))])
    return out


def columns(split: Cofinancing) -> list[str]:
    return ["Obec", "Obyvatel" if split.key == "per_capita" else "Podíl", "Plánováno", "Čerpáno"]


NOTE = (
    "Každá částka zdroje obce (opatření a rok) je rozdělena zvlášť na celé koruny; zbytek po "
    "zaokrouhlení nese největší podíl, takže díly dávají přesně celek."
)


def table(split: Cofinancing, out: Console) -> None:
    from rich import box
    from rich.table import Table
    from rich.text import Text

    t = Table(title=Text(heading(split), style="bold"), title_justify="left", box=box.SIMPLE_HEAD, show_edge=False)
    head = columns(split)
    t.add_column(head[0], overflow="fold")
    for name in head[1:]:
        t.add_column(name, justify="right", no_wrap=True)
    lines = rows(split)
    for line in lines[:-1]:
        t.add_row(*line)
    t.add_section()
    t.add_row(*[Text(c, style="bold") for c in lines[-1]])
    out.print(t)
    out.print(Text(NOTE, style="dim"), soft_wrap=False)


def markdown(split: Cofinancing) -> list[str]:
    from kpss_cli.cli.report import _md_table

    lines = rows(split)
    lines[-1] = [f"**{c}**" for c in lines[-1]]
    return ["", f"## {heading(split)}", "", *_md_table(columns(split), lines, right=[1, 2, 3]), "", f"_{NOTE}_"]
