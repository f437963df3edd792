"""The fixed-width table of the reports (cli.report.grid): the layout a reader sees, and the fast
word wrap that must give textwrap's lines."""

from __future__ import annotations

import io
import textwrap

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
