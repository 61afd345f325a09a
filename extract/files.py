"""Files in, ``Document`` records out: dispatch by suffix, never raise.

``.txt`` → decode (``extract.encoding``) + ``extract_text``; ``.html/.htm`` →
``extract.html.extract_html``; ``.warc/.warc.gz`` →
``extract.warc.iter_warc_documents``.  The HTML and WARC readers are imported
only when such a file comes along, so extracting text files never pays for
lxml, readability or warcio.

Whatever goes wrong with one input (missing, unreadable, binary, undecodable,
unknown type) comes back as one ``Document(source=..., error="…")`` so a batch
goes on and the caller can report it.
"""
from __future__ import annotations

import logging
import os
from pathlib import Path
from typing import Final, Iterator

from extract.records import Document

__all__ = ["extract_path", "MAX_TEXT_BYTES", "SUFFIXES"]

log = logging.getLogger(__name__)

MAX_TEXT_BYTES: Final = 4_000_000
"""A plain-text report is a few kB; beyond this the file is read only this far
(flag ``body_truncated``) so one stray dump cannot stall a batch."""
MAX_HTML_BYTES: Final = 50_000_000
SUFFIXES: Final = (".txt", ".html", ".htm", ".warc", ".warc.gz")


def _suffix(path: Path) -> str:
    name = path.name.lower()
    if name.endswith(".warc.gz"):
        return ".warc.gz"
    return path.suffix.lower()


def extract_path(path: str | Path) -> Iterator[Document]:
    """Documents in ``path`` (one for .txt/.html, one per record for WARC)."""
    source = str(path)
    try:
        if _is_txt_name(source):
            # The common case: open the file straight away; only when that fails
            # do the checks below find the words for what is wrong.
            try:
                data, truncated = _read_prefix(source, MAX_TEXT_BYTES)
            except (OSError, ValueError):  # ValueError: a NUL in the name
                pass
            else:
                yield _txt_document(data, truncated, source)
                return
        p = Path(path)
        if not p.exists():
            yield Document(source=source, error="file not found")
            return
        if p.is_dir():
            yield Document(source=source, error="is a directory, not a file")
            return
        kind = _suffix(p)
        if kind == ".txt":
            yield _from_txt(p, source)
        elif kind in (".html", ".htm"):
            yield _from_html(p, source)
        elif kind in (".warc", ".warc.gz"):
            yield from _from_warc(p, source)
        else:
            yield Document(source=source, error=f"unsupported file type {kind or '(none)'!r}; "
                                                f"expected one of {', '.join(SUFFIXES)}")
    except Exception as exc:  # a bad input must never end the batch with a traceback
        log.debug("extract failed for %s", source, exc_info=True)
        yield Document(source=source, error=f"extraction failed: {type(exc).__name__}: {exc}")


def _is_txt_name(source: str) -> bool:
    """``_suffix(Path(source)) == ".txt"`` for plain names, without building a ``Path``
    (a name that is only ``.txt`` has no suffix, as for ``Path``)."""
    name = source.rpartition("/")[2]
    return len(name) > 4 and name[-4:].lower() == ".txt"


def _read_prefix(path: str | Path, limit: int) -> tuple[bytes, bool]:
    """At most ``limit`` bytes of the file and whether there was more; ``OSError`` as raised.

    The read is sized by the file: asking for ``limit + 1`` bytes up front makes
    Python allocate the whole limit for every small report.  It works on the file
    descriptor (``os.open``/``os.read``, the calls ``open(path, "rb", buffering=0)``
    and ``readall`` make) without building a file object per report.
    """
    fd = os.open(path, _READ_FLAGS)
    try:
        size = os.fstat(fd).st_size
        if 0 < size <= limit:
            # as FileIO.readall: read until the file says end (it may have grown)
            data = os.read(fd, size + 1)
            if data:
                more = os.read(fd, _CHUNK)
                if more:
                    parts = [data, more]
                    while more:
                        more = os.read(fd, _CHUNK)
                        parts.append(more)
                    data = b"".join(parts)
        else:
            data = os.read(fd, limit + 1)
    finally:
        os.close(fd)
    if len(data) > limit:
        return data[:limit], True
    return data, False


_READ_FLAGS: Final = os.O_RDONLY | getattr(os, "O_BINARY", 0)
_CHUNK: Final = 1 << 16


def _read_limited(p: Path, limit: int) -> tuple[bytes, bool]:
    try:
        return _read_prefix(p, limit)
    except OSError as exc:
        raise _ReadError(f"cannot read file: {exc.strerror or exc}") from exc


class _ReadError(Exception):
    pass


def _from_txt(p: Path, source: str) -> Document:
    try:
        data, truncated = _read_limited(p, MAX_TEXT_BYTES)
    except _ReadError as exc:
        return Document(source=source, error=str(exc))
    return _txt_document(data, truncated, source)


def _txt_document(data: bytes, truncated: bool, source: str) -> Document:
    """Decode and extract the bytes of a .txt file."""
    DecodeError, decode_bytes, extract_text = _text_stage or _load_text_stage()
    if truncated:
        data = _cut_to_char_boundary(data)
    try:
        decoded = decode_bytes(data)
    except DecodeError as exc:
        return Document(source=source, error=f"cannot decode: {exc}")
    doc = extract_text(decoded.text, source=source)
    flags = list(decoded.flags)
    doc.flags = flags + [f for f in doc.flags if f not in flags]
    if truncated and "body_truncated" not in doc.flags:
        doc.flags.append("body_truncated")
    doc.extra["encoding"] = decoded.encoding
    return doc


_text_stage: tuple | None = None


def _load_text_stage() -> tuple:
    """Import the decoder and the text pipeline on first use (once: a function-level
    import statement costs as much as reading a small file)."""
    global _text_stage
    from extract.encoding import DecodeError, decode_bytes
    from extract.pipeline import extract_text

    _text_stage = (DecodeError, decode_bytes, extract_text)
    return _text_stage


def _cut_to_char_boundary(data: bytes) -> bytes:
    """Drop a UTF-8 sequence cut in half by the size limit (other encodings: 1 byte slack)."""
    for back in range(1, 4):
        if len(data) > back and (data[-back] & 0xC0) == 0xC0:  # lead byte of a cut sequence
            return data[:-back]
        if len(data) > back and (data[-back] & 0x80) == 0:
            return data
    return data


def _from_html(p: Path, source: str) -> Document:
    from extract.html import extract_html

    try:
        data, truncated = _read_limited(p, MAX_HTML_BYTES)
    except _ReadError as exc:
        return Document(source=source, error=str(exc))
    doc = extract_html(data, source=source)
    if truncated:
        doc.flags.append("body_truncated")
    return doc


def _from_warc(p: Path, source: str) -> Iterator[Document]:
    from extract.warc import iter_warc_documents

    n = 0
    for doc in iter_warc_documents(p):
        n += 1
        yield doc
    if n == 0:
        yield Document(source=source, error="no readable response records in WARC file")
