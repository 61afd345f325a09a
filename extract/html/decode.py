"""Bytes of a web page → text.

Order of evidence (why): a BOM is unambiguous; a page that is valid UTF-8 with
non-ASCII bytes is UTF-8 whatever it declares (Chinese pages saved or
re-served by mirrors often keep a stale ``gb2312`` meta tag); then the HTTP
``Content-Type`` charset, then ``<meta charset>``, each only if it decodes
cleanly; then statistical detection.  gbk/gb2312 are decoded as gb18030 (its
superset) so rare characters in names do not become ``?``.  The generic part
(BOM, UTF-8, detection, binary check) is delegated to ``extract.encoding`` when
that module exists; the HTML sniffing lives here.
"""
from __future__ import annotations

import codecs
import re
from dataclasses import dataclass, field

_META_RE = re.compile(
    rb"""<meta[^>]+?charset\s*=\s*["']?\s*([A-Za-z0-9_\-:.]+)""", re.I)
_HEADER_RE = re.compile(r"charset\s*=\s*[\"']?\s*([A-Za-z0-9_\-:.]+)", re.I)

_ALIASES = {
    "gb2312": "gb18030", "gbk": "gb18030", "x-gbk": "gb18030", "cp936": "gb18030",
    "gb_2312-80": "gb18030", "csgb2312": "gb18030", "euc-cn": "gb18030",
    "big5": "big5hkscs", "big5-hkscs": "big5hkscs", "x-big5": "big5hkscs", "cp950": "big5hkscs",
    "utf8": "utf-8", "unicode": "utf-8",
}


class HtmlDecodeError(ValueError):
    """The bytes are not a text document (binary data, images, archives)."""


@dataclass
class DecodedPage:
    text: str
    encoding: str
    declared: str | None
    flags: list[str] = field(default_factory=list)


def canonical(name: str | None) -> str | None:
    """A Python codec name for a declared charset, or None if unknown."""
    if not name:
        return None
    n = name.strip().strip("\"'").lower()
    n = _ALIASES.get(n, n)
    try:
        return codecs.lookup(n).name if n not in ("gb18030", "big5hkscs") else n
    except LookupError:
        return None


def header_charset(content_type: str | None) -> str | None:
    if not content_type:
        return None
    m = _HEADER_RE.search(content_type)
    return canonical(m.group(1)) if m else None


def meta_charset(data: bytes) -> str | None:
    m = _META_RE.search(data[:8192])
    return canonical(m.group(1).decode("ascii", "ignore")) if m else None


def looks_binary(data: bytes) -> bool:
    """NULs or many control bytes in the head: not a text page (UTF-16 has a BOM)."""
    head = data[:4096]
    if not head or head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return False
    if b"\x00" in head:
        return True
    ctrl = sum(1 for b in head if b < 32 and b not in (9, 10, 12, 13, 27))
    return ctrl > len(head) * 0.02


def decode_page(data: bytes, content_type: str | None = None, forced: str | None = None) -> DecodedPage:
    """Decode page bytes; raise HtmlDecodeError for binary data."""
    declared = canonical(forced) or header_charset(content_type) or meta_charset(data)
    if forced and canonical(forced):
        return DecodedPage(data.decode(canonical(forced), "replace"), canonical(forced), declared, ["encoding_forced"])
    nearly = _nearly_utf8(data)
    if nearly is not None:
        flags = ["decode_errors"]
        if declared and declared != "utf-8":
            flags.append("charset_mismatch")
        return DecodedPage(nearly, "utf-8", declared, flags)
    near = _nearly_declared(data, declared)
    if near is not None:
        return near
    try:  # the shared text decoder, when helper T's module has landed
        from extract.encoding import DecodeError, decode_bytes  # type: ignore
    except ImportError:
        decode_bytes = None  # type: ignore[assignment]
    if decode_bytes is not None:
        try:
            d = decode_bytes(data, declared)
        except DecodeError as e:  # type: ignore[misc]
            raise HtmlDecodeError(str(e)) from None
        enc = canonical(d.encoding) or d.encoding
        flags = list(d.flags)
        if declared and enc != declared and "empty" not in flags:
            flags.append("charset_mismatch")
        return DecodedPage(d.text, enc, declared, flags)
    return _decode_fallback(data, declared)


def _nearly_utf8(data: bytes) -> str | None:
    """UTF-8 with a cut last character (a truncated capture) or a handful of bad
    bytes among thousands of good multi-byte sequences is still UTF-8; strict
    decoding would hand it to detection, which then reads it as GBK mojibake."""
    try:
        data.decode("utf-8")
        return None  # clean UTF-8: the general decoder handles it
    except UnicodeDecodeError as e:
        if e.start >= len(data) - 4:
            return data[: e.start].decode("utf-8", "replace")
    text = data.decode("utf-8", "replace")
    bad = text.count("\ufffd")
    multibyte = sum(1 for ch in text if ord(ch) > 0x7F) - bad
    if multibyte >= 200 and bad <= multibyte // 500:
        return text
    return None


_CJK_CODECS = ("gb18030", "big5hkscs")
_CP950_FALLBACK = "huanjie-big5-cp950"


def _cp950_fallback(err: UnicodeDecodeError) -> tuple[str, int]:
    """Decode a byte pair Big5-HKSCS lacks with Windows cp950 (vendor
    extensions such as the euro sign); anything else becomes U+FFFD."""
    pair = err.object[err.start:err.start + 2]
    try:
        return pair.decode("cp950"), err.start + 2
    except UnicodeDecodeError:
        return "\ufffd", err.start + 1


codecs.register_error(_CP950_FALLBACK, _cp950_fallback)


def _nearly_declared(data: bytes, declared: str | None) -> DecodedPage | None:
    """A page in a declared legacy CJK charset with a stray bad byte or two.

    Big5 pages carry vendor extension characters and cut multi-byte sequences;
    one such byte makes a strict decode fail, and statistical detection then
    reads the whole page as GBK mojibake (every Big5 byte pair is also valid
    GBK).  When the strict decode fails, the declared charset is kept if the
    bad pairs are rare (for Big5, each is first tried as cp950).  A clean
    strict decode is left to the shared decoder, which also checks that the
    declaration is plausible."""
    if declared not in _CJK_CODECS:
        return None
    try:
        data.decode(declared)
        return None
    except UnicodeDecodeError:
        pass
    text = data.decode(declared, _CP950_FALLBACK if declared == "big5hkscs" else "replace")
    if text.count("\ufffd") <= max(2, len(text) // 2000):
        return DecodedPage(text, declared, declared, ["decode_errors"])
    return None


def _decode_fallback(data: bytes, declared: str | None) -> DecodedPage:
    if not data:
        return DecodedPage("", "utf-8", declared, ["empty"])
    for bom, enc in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF32_LE, "utf-32"),
                     (codecs.BOM_UTF32_BE, "utf-32"), (codecs.BOM_UTF16_LE, "utf-16"),
                     (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            return DecodedPage(data.decode(enc, "replace"), enc.replace("-sig", ""), declared, [])
    if looks_binary(data):
        raise HtmlDecodeError("binary data, not text")
    flags: list[str] = []
    try:
        text = data.decode("utf-8")
        if declared and declared != "utf-8" and not data.isascii():
            flags.append("charset_mismatch")
        return DecodedPage(text, "utf-8", declared, flags)
    except UnicodeDecodeError:
        pass
    if declared and declared != "utf-8":
        try:
            return DecodedPage(data.decode(declared), declared, declared, flags)
        except (UnicodeDecodeError, LookupError):
            pass
        # A few broken bytes (a truncated capture, one stray byte) do not make the
        # declaration wrong: accept it when errors are rare.
        try:
            text = data.decode(declared, "replace")
            if text.count("\ufffd") <= max(2, len(text) // 2000):
                return DecodedPage(text, declared, declared, flags + ["decode_errors"])
        except LookupError:
            pass
    from charset_normalizer import from_bytes
    best = from_bytes(data[:200_000]).best()
    enc = canonical(best.encoding) if best else None
    if enc is None:
        enc = declared or "gb18030"
    if declared and enc != declared:
        flags.append("charset_mismatch")
    return DecodedPage(data.decode(enc, "replace"), enc, declared, flags + ["charset_detected"])
