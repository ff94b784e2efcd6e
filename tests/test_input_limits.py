"""The input limits file loads, and every limit says why it is where it is."""

from __future__ import annotations

import pytest

from procdocs.input_limits import InputLimit, all_input_limits, input_limit


def test_every_limit_is_positive_and_has_a_reason() -> None:
    for key, limit in all_input_limits().items():
        assert limit.value > 0, key
        assert len(limit.reason) >= 10, key


def test_limits_print_as_messages_say_them() -> None:
    assert InputLimit(value=2 * 1024 * 1024, unit="字节", reason="x").text == "2 MB"
    assert InputLimit(value=1500, unit="字节", reason="x").text == "1,500 字节"
    assert InputLimit(value=20000, unit="列", reason="x").text == "20,000 列"


def test_an_unknown_key_names_the_file_to_add_it_to() -> None:
    with pytest.raises(KeyError, match=r"input_limits\.yaml"):
        input_limit("no.such_limit")
