"""decode_bytes on real seed text re-encoded in the charsets Chinese sites use."""
from pathlib import Path

import pytest

from extract.encoding import DecodeError, canonical_encoding, decode_bytes

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
SEED_HANS = (SHARED / "seeds" / "000_59dccae7a5336f97.txt").read_text(encoding="utf-8")
# Traditional sample of our own (Big5 cannot encode every simplified character).
HANT = "本縣圓滿完成村（社區）兩委換屆選舉，共選出新一屆班子成員三百二十名，平均年齡下降四歲。\n" * 5


def test_utf8_plain_and_with_wrong_label():
    data = SEED_HANS.encode("utf-8")
    assert decode_bytes(data).text == SEED_HANS
    d = decode_bytes(data, declared="gb2312")
    assert d.text == SEED_HANS and d.encoding == "utf-8"
    assert "declared_charset_wrong" in d.flags


@pytest.mark.parametrize("codec", ["gb18030", "gbk"])
def test_gbk_family_declared_or_detected(codec):
    data = SEED_HANS.encode(codec, errors="ignore")
    expected = data.decode("gb18030")
    for declared in (None, "GB2312", "gbk", "iso-8859-1", "utf-8"):
        d = decode_bytes(data, declared=declared)
        assert d.text == expected, declared
        assert d.encoding == "gb18030"


def test_gbk_bytes_declared_big5_are_not_mojibake():
    data = SEED_HANS.encode("gb18030", errors="ignore")
    d = decode_bytes(data, declared="big5")
    assert "沿滩区" in d.text
    assert "declared_charset_wrong" in d.flags


def test_big5_declared_and_detected():
    data = HANT.encode("big5")
    for declared in ("big5", None, "gb2312"):
        d = decode_bytes(data, declared=declared)
        assert d.text == HANT, declared
        assert d.encoding == "big5hkscs"


@pytest.mark.parametrize("codec", ["utf-16", "utf-8-sig", "utf-32"])
def test_bom_wins_over_declared(codec):
    d = decode_bytes(HANT.encode(codec), declared="gbk")
    assert d.text == HANT
    assert "bom" in d.flags


def test_binary_raises_clear_error():
    with pytest.raises(DecodeError, match="binary"):
        decode_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))


def test_empty_input():
    d = decode_bytes(b"")
    assert (d.text, d.encoding, d.flags) == ("", "utf-8", ["empty"])


def test_canonical_names():
    assert canonical_encoding("GB2312") == "gb18030"
    assert canonical_encoding("x-gbk") == "gb18030"
    assert canonical_encoding("Big5") == "big5hkscs"
    assert canonical_encoding("no-such-charset") is None


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_utf16_without_bom(codec):
    text = "2021年，本县126个村（社区）完成换届，平均年龄42.5岁。\n" * 4
    d = decode_bytes(text.encode(codec))
    assert d.text == text and d.encoding == codec


from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402


@settings(max_examples=150, deadline=None)
@given(st.binary(max_size=300), st.sampled_from([None, "gbk", "big5", "utf-8", "latin-1", "bogus"]))
def test_random_bytes_decode_or_clear_error(data, declared):
    try:
        d = decode_bytes(data, declared=declared)
    except DecodeError as e:
        assert "binary" in str(e)
    else:
        assert isinstance(d.text, str) and d.encoding
