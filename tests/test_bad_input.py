"""Bad input gives a clear error object or flags, never a traceback."""
import json
import random

import pytest

from extract.files import MAX_TEXT_BYTES, extract_path
from extract.pipeline import extract_text
from huanjie import cli

GENRE = "截至3月18日，全县圆满完成126个村(社区)“两委”换届，大专以上学历占62.8%。\n"


def one(path):
    docs = list(extract_path(path))
    assert len(docs) == 1
    return docs[0]


def test_empty_file(tmp_path):
    p = tmp_path / "empty.txt"
    p.write_bytes(b"")
    doc = one(p)
    assert doc.error is None and doc.figures == [] and "empty" in doc.flags


def test_binary_file_is_an_error(tmp_path):
    p = tmp_path / "blob.txt"
    p.write_bytes(bytes(range(256)) * 64)
    doc = one(p)
    assert doc.error and "binary" in doc.error


def test_huge_file_is_cut_and_flagged(tmp_path):
    p = tmp_path / "huge.txt"
    chunk = (GENRE * 200).encode("utf-8")
    with p.open("wb") as fh:
        while fh.tell() < 50_000_000:
            fh.write(chunk)
    doc = one(p)
    assert doc.error is None
    assert "body_truncated" in doc.flags
    assert len(doc.body.encode("utf-8")) <= MAX_TEXT_BYTES
    # the repeated paragraph is one fact each
    assert sorted((f.value, f.unit) for f in doc.figures) == [(62.8, "%"), (126, "个")]


def test_gbk_file_is_decoded(tmp_path):
    p = tmp_path / "gbk.txt"
    p.write_bytes(("某县换届圆满完成\n2021-03-20 09:00:00 来源:某县融媒体中心\n" + GENRE * 3).encode("gbk"))
    doc = one(p)
    assert doc.error is None
    assert [(f.value, f.unit) for f in doc.figures] == [(126, "个"), (62.8, "%")]
    assert doc.extra["encoding"] in ("gb18030", "gbk", "gb2312")


def test_big5_file_is_decoded(tmp_path):
    p = tmp_path / "big5.txt"
    p.write_bytes("全縣圓滿完成126個村(社區)換屆，大專以上學歷佔62.8%。".encode("big5"))
    doc = one(p)
    assert doc.error is None and doc.variant == "hant"
    assert [(f.value, f.unit) for f in doc.figures] == [(126, "个"), (62.8, "%")]


def test_invalid_utf8_does_not_crash(tmp_path):
    p = tmp_path / "broken.txt"
    p.write_bytes(GENRE.encode("utf-8")[:-5] + b"\xff\xfe\xc3" + GENRE.encode("utf-8"))
    doc = one(p)
    assert doc.error or doc.figures  # decoded somehow, or a clear error


def test_random_unicode_text():
    rng = random.Random(7)
    for _ in range(30):
        n = rng.randint(0, 400)
        text = "".join(chr(rng.choice([rng.randint(0x20, 0x7E), rng.randint(0x4E00, 0x9FFF),
                                      rng.randint(0x3000, 0x303F), rng.randint(0x1F300, 0x1F5FF),
                                      rng.randint(0xD800, 0xDFFF), rng.randint(0, 0x1F)]))
                       for _ in range(n))
        doc = extract_text(text, source="random")
        json.dumps(doc.to_json(), ensure_ascii=False)  # always serialisable
        for f in doc.figures:
            assert doc.text[f.start:f.end] == f.quote


@pytest.mark.parametrize("name, data", [
    ("nul.txt", b"\x00" * 100),
    ("page.html", b"\x00\x01\x02 not html at all"),
    ("capture.warc.gz", b"this is not gzip"),
    ("capture.warc", b"WARC/1.0\r\nnonsense\r\n\r\n"),
])
def test_cli_never_prints_a_traceback(tmp_path, capsys, name, data):
    p = tmp_path / name
    p.write_bytes(data)
    rc = cli.main(["extract", str(p)])
    cap = capsys.readouterr()
    assert "Traceback" not in cap.err and "Traceback" not in cap.out
    docs = [json.loads(x) for x in cap.out.splitlines()]
    assert docs
    assert rc == (1 if any(d.get("error") for d in docs) else 0)
