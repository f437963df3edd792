"""The fixed-width table of the reports (cli.report.grid): the layout a reader sees, and the fast
word wrap that must give textwrap's lines."""

from __future__ import annotations

import io
import re
import textwrap

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kpss_cli.cli.report import greedy_wrap, grid


def printed(table: object, width: int = 80, colour: bool = False, soft_wrap: bool = True) -> str:
    from rich.console import Console

    buffer = io.StringIO()
    console = Console(
        file=buffer, width=width, force_terminal=colour, color_system="standard" if colour else None,
        no_color=not colour, highlight=False, soft_wrap=soft_wrap,
    )  # fmt: skip
    console.print(table, end="", soft_wrap=soft_wrap)
    return buffer.getvalue()


def test_cells_are_wrapped_padded_and_trailing_blanks_cut() -> None:
    table = grid(
        ["Id", "Název", "Kč"],
        [4, 13, 6],
        {2},
        [
            [("1", ""), ("Pečovatelská služba Židlochovice", ""), ("120", "bold")],
            [],
            [("22", "dim"), ("", ""), ("", "")],
        ],
    )
    assert printed(table) == (
        "Id    Název"
        + " " * 14
        + "Kč\n"
        + "─" * 27
        + "\n"
        + "1     Pečovatelská"
        + " " * 6
        + "120\n"
        + "      služba\n"
        + "      Židlochovice\n"
        + "\n"
        + "22\n"
    )


def test_colour_is_kept_per_cell() -> None:
    table = grid(["A", "B"], [3, 3], set(), [[("x", "red"), ("y", "")]])
    out = printed(table, colour=True)
    assert "\x1b[31mx  \x1b[0m" in out  # the cell and its padding in red, the separator not
    assert out.endswith("  y\n")


def test_control_characters_of_the_repository_are_shown_not_sent() -> None:
    table = grid(["A"], [12], set(), [[("a\x07b\x1b[2J", "")]])
    assert printed(table).splitlines()[-1] == "a\\x07b\\e[2J"  # written out, never obeyed


def test_a_narrower_console_wraps_the_lines_as_rich_does() -> None:
    table = grid(["Název"], [30], set(), [[("slovo " * 5, "")]])
    assert max(len(line) for line in printed(table, width=12, soft_wrap=False).splitlines()) <= 12


words = st.text(alphabet="abcčdeěřšžýáíé0123456789.,()/§ĚŠ", min_size=1, max_size=15)


@settings(max_examples=400, deadline=None)
@given(st.lists(words, min_size=1, max_size=12), st.integers(min_value=3, max_value=40))
def test_the_fast_wrap_gives_textwraps_lines(parts: list[str], width: int) -> None:
    text = " ".join(parts)
    fast = greedy_wrap(text, width)
    if fast is not None:  # None: a word longer than the width, textwrap's own case
        assert fast == textwrap.wrap(text, width)


@settings(max_examples=400, deadline=None)
@given(st.lists(words, min_size=1, max_size=12), st.integers(min_value=1, max_value=40))
def test_the_fast_wrap_declines_only_a_word_longer_than_the_width(parts: list[str], width: int) -> None:
    fast = greedy_wrap(" ".join(parts), width)
    assert (fast is None) == (max(len(p) for p in parts) > width)


def test_the_fast_wrap_declines_what_is_not_single_spaced() -> None:
    for text in ("", " a", "a ", "a  b"):
        assert greedy_wrap(text, 10) is None


ROWS = [
    [("1", "bold"), ("Pečovatelská služba Židlochovice", ""), ("120", "dim"), ("", "dim")],
    [],
    [("22", "dim"), ("   ", "red"), ("", ""), ("", "")],
    [("3", ""), ("Denní stacionář", "yellow"), ("1 234,5", "bold"), ("x", "dim")],
]


def test_a_grid_without_styles_is_the_same_text() -> None:
    # styled=False is what a console without colour gets: not one character may differ
    args = (["Id", "Název", "Kč", "Pozn."], [4, 13, 8, 3], {2}, ROWS)
    assert printed(grid(*args, styled=False)) == printed(grid(*args))
    assert grid(*args, styled=False).spans == []


def test_each_styled_cell_keeps_its_padding_up_to_the_last_shown_column() -> None:
    table = grid(["A", "B", "C"], [3, 4, 2], set(), [[("x", "red"), ("y", "bold"), ("", "dim")]])
    out = printed(table, colour=True)
    assert out.splitlines()[-1] == "\x1b[31mx  \x1b[0m  \x1b[1my\x1b[0m"  # the blank last column cut


def paged(draw, width: int = 80, colour: bool = False, soft_wrap: bool = True) -> str:
    from rich.console import Console

    buffer = io.StringIO()
    console = Console(
        file=buffer, width=width, force_terminal=colour, color_system="standard" if colour else None,
        no_color=not colour, highlight=False, soft_wrap=soft_wrap, emoji=False,
    )  # fmt: skip
    draw(console)
    return buffer.getvalue()


def page_of(console, wrap: bool) -> None:
    from kpss_cli.cli.report import Page

    page = Page(console)
    page.line("Sociální poradenství", "bold", wrap)
    page.grid(grid(["Id", "Název"], [4, 13], set(), [r[:2] for r in ROWS], page.styled))
    page.line()
    page.lines(["  nová služba 1234567", "  bel\x07 zvonek"], "yellow")
    page.line("dlouhý nadpis " * 8, "bold", wrap)
    page.line("konec", "dim")
    page.flush()


def one_by_one(console, wrap: bool) -> None:
    from rich.text import Text

    console.print(Text("Sociální poradenství", style="bold"), soft_wrap=not wrap)
    console.print(grid(["Id", "Název"], [4, 13], set(), [r[:2] for r in ROWS]), end="", soft_wrap=True)
    console.print()
    for line in ["  nová služba 1234567", "  bel\x07 zvonek"]:
        console.print(Text(line, style="yellow"))
    console.print(Text("dlouhý nadpis " * 8, style="bold"), soft_wrap=not wrap)
    console.print(Text("konec", style="dim"))


@pytest.mark.parametrize("colour", [False, True])
@pytest.mark.parametrize("wrap", [False, True])
def test_a_page_prints_what_rich_prints_line_by_line(colour: bool, wrap: bool) -> None:
    # one print of the whole page instead of one per heading and table: the same bytes, in colour
    # too; a line rich would wrap (wider than the console) is still wrapped by rich
    page = paged(lambda c: page_of(c, wrap), width=60, colour=colour)
    assert page == paged(lambda c: one_by_one(c, wrap), width=60, colour=colour)
    assert ("\x1b[" in page) == colour
    assert "bel zvonek" in page  # a control character dropped, as rich's Text drops it
    longest = max(len(re.sub("\x1b\\[[0-9;]*m", "", line)) for line in page.splitlines())
    assert (longest <= 60) == wrap


def test_a_cell_seen_before_is_wrapped_for_its_own_width_and_alignment() -> None:
    # the lines of a cell are remembered across grids, per width, and never for a right-aligned cell
    text = "terénní, ambulantní"
    narrow = printed(grid(["F"], [12], set(), [[(text, "")]])).splitlines()[2:]
    wide = printed(grid(["F"], [30], set(), [[(text, "")]])).splitlines()[2:]
    right = printed(grid(["F"], [12], {0}, [[(text, "")]])).splitlines()[2:]
    assert narrow == ["terénní,", "ambulantní"]
    assert wide == [text]
    assert right == [text]  # a figure is never wrapped, however narrow its column
