"""One definition of a control character (`jxkg.store.text`), the same for a record's text, a
request's text and a name to resolve: C0 but tab and line ends, DEL, C1 and a lone surrogate."""

from __future__ import annotations

import pytest

from jxkg.errors import ParameterError
from jxkg.graph_api.text_guard import first_control_character
from jxkg.ingest.records import control_character
from jxkg.queries.resolve import check_text
from jxkg.store.text import control_character_at

REFUSED = ["\x00", "\x07", "\x1b", "\x7f", "\x85", "\x9f", "\ud800"]


@pytest.mark.parametrize("char", REFUSED)
def test_every_face_refuses_the_same_characters(char: str) -> None:
    text = f"赣州{char}市"
    assert control_character_at(text) == 2
    assert control_character(text) == f"holds the control character U+{ord(char):04X} at character 3"
    assert first_control_character(text) == char
    with pytest.raises(ParameterError, match=f"U\\+{ord(char):04X}"):
        check_text(text)


def test_tab_and_line_ends_are_text_but_not_in_a_name() -> None:
    for char in "\t\n\r":
        text = f"第一行{char}第二行"
        assert control_character_at(text) is None and control_character(text) is None
        assert first_control_character(text) is None
        with pytest.raises(ParameterError):
            check_text(text)  # a name to resolve holds none
    assert control_character_at("赣州市 Ganzhou") is None
