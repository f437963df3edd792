"""textsafe.no_commands: no printed line starts a CI workflow command; text without one is left as it is."""

from __future__ import annotations

from kpss_cli.textsafe import no_commands


def test_every_line_start_of_a_command_is_escaped_and_nothing_else() -> None:
    text = "a::b\n  ::error file=x\n::add-mask::tajné\nkonec ::"
    assert no_commands(text) == "a::b\n  \\::error file=x\n\\::add-mask::tajné\nkonec ::"


def test_text_without_two_colons_is_returned_as_it_is() -> None:
    # the common case of a large report: no search line by line, the same text back
    text = "Služba    Název / poskytovatel\n" * 1000 + ":\n: :"
    assert no_commands(text) is text
