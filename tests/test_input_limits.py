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


@pytest.mark.parametrize("entry", [
    {"value": "5", "unit": "个", "reason": "x"},  # a number written as text
    {"value": True, "unit": "个", "reason": "x"},
    {"value": 5, "unit": "斤", "reason": "x"},  # no such unit
    {"value": 5, "unit": "个"},  # no reason
    {"value": 5, "unit": "个", "reason": "x", "note": "y"},
])
def test_a_malformed_limit_is_a_packaging_error(entry: dict) -> None:
    from procdocs.input_limits import checked_limit

    with pytest.raises(RuntimeError, match=r"input_limits\.yaml is invalid: lint\.x"):
        checked_limit("lint.x", entry)
