"""Numerals: Arabic, Chinese, magnitudes, fractions (extract.numbers)."""
import pytest

from extract.numbers import (
    NumberError, is_bare_magnitude, is_indefinite_one, is_year_numeral,
    parse_fraction, parse_number, parse_numeral,
)


@pytest.mark.parametrize("text, value", [
    ("26244", 26244), ("26,244", 26244), ("62.8", 62.8), ("三", 3), ("两", 2), ("十", 10),
    ("十六点三", 16.3), ("六十二点八", 62.8), ("一百零五", 105), ("两千", 2000),
])
def test_parse_numeral(text, value):
    assert parse_numeral(text) == pytest.approx(value)


@pytest.mark.parametrize("text, value", [
    ("16.3万", 163000), ("5.4万", 54000), ("十六点三万", 163000), ("96万", 960000),
    ("1.2亿", 1.2e8), ("两亿", 2e8), ("70万", 700000),
])
def test_parse_number_with_magnitude(text, value):
    assert parse_number(text) == pytest.approx(value)


@pytest.mark.parametrize("text, value", [("三分之二", 66.7), ("三分之一", 33.3), ("4分之1", 25.0)])
def test_fractions_are_percentages(text, value):
    assert parse_fraction(text) == pytest.approx(value)


@pytest.mark.parametrize("bad", ["", "百", "千", "abc", "点"])
def test_not_numerals_raise_number_error(bad):
    with pytest.raises(NumberError):
        parse_number(bad)


def test_zero_denominator_is_an_error():
    with pytest.raises(NumberError):
        parse_fraction("零分之一")


def test_word_classes():
    assert is_year_numeral("2021") and is_year_numeral("二〇二一")
    assert not is_year_numeral("五") and not is_year_numeral("113")
    assert is_indefinite_one("一") and not is_indefinite_one("十一")
    assert is_bare_magnitude("千") and is_bare_magnitude("百") and not is_bare_magnitude("十")


@pytest.mark.parametrize("text, value", [
    ("8 941", 8941), ("12 526 012", 12526012), ("48\u2009106", 48106), ("3\u00a0000.5", 3000.5),
])
def test_space_grouped_thousands(text, value):
    assert parse_numeral(text) == pytest.approx(value)
