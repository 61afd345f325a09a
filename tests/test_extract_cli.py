"""``huanjie extract``: JSON Lines contract, exit codes, error objects, dispatch."""
import json
import subprocess
import sys
from pathlib import Path

from huanjie import cli

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
REPORTS = ROOT / "tests" / "fixtures" / "reports"
KEYS = ["source", "title", "published", "outlet", "author", "kind", "variant", "region", "body", "text",
        "flags", "figures"]
FIGURE_KEYS = ["value", "value_max", "unit", "kind", "qualifier", "direction", "subject", "metric", "as_of",
               "region", "quote", "sentence", "start", "end", "orig_start", "orig_end"]


def run_cli(capsys, *args):
    rc = cli.main(["extract", *map(str, args)])
    cap = capsys.readouterr()
    return rc, cap.out, cap.err


def test_json_lines_contract(capsys):
    seed = SHARED / "seeds" / "001_582de9dc6bb4c8d3.txt"
    rc, out, _ = run_cli(capsys, seed)
    assert rc == 0
    lines = out.splitlines()
    assert len(lines) == 1
    assert "广东" in lines[0] and "\\u5e7f" not in lines[0]  # UTF-8, no ASCII escapes
    doc = json.loads(lines[0])
    assert list(doc)[: len(KEYS)] == KEYS
    assert doc["variant"] == "hant" and "pinyin_stripped" in doc["flags"]
    assert doc["region"]["code"] == "440000" and doc["published"] == "2021-05-21"
    first = doc["figures"][0]
    assert list(first) == FIGURE_KEYS
    assert (first["value"], first["unit"], first["metric"], first["as_of"]) == (26244, "个", "units_completed", "2021-03-18")
    assert doc["body"][first["orig_start"]:first["orig_end"]] == "26244個"


def test_failures_still_print_an_object_and_exit_1(capsys, tmp_path):
    missing = tmp_path / "nope.txt"
    odd = tmp_path / "notes.docx"
    odd.write_bytes(b"PK\x03\x04")
    good = REPORTS / "r04_national.txt"
    rc, out, err = run_cli(capsys, missing, good, odd)
    assert rc == 1
    docs = [json.loads(x) for x in out.splitlines()]
    assert [Path(d["source"]).name for d in docs] == ["nope.txt", "r04_national.txt", "notes.docx"]
    assert "not found" in docs[0]["error"] and "unsupported" in docs[2]["error"]
    assert "error" not in docs[1] and docs[1]["figures"]
    assert "nope.txt" in err and "Traceback" not in err


def test_pretty_and_directories(capsys, tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "r.txt").write_text((REPORTS / "r05_zhenze_township.txt").read_text(encoding="utf-8"),
                                          encoding="utf-8")
    (tmp_path / "a" / "skip.md").write_text("x", encoding="utf-8")
    rc, out, _ = run_cli(capsys, "--pretty", tmp_path / "a")
    assert rc == 0
    doc = json.loads(out)
    assert out.count("\n") > 20
    assert doc["region"]["level"] == "township"


def test_html_dispatch(capsys):
    page = SHARED / "pages" / "gne_people_1.html"
    rc, out, _ = run_cli(capsys, page)
    assert rc == 0
    doc = json.loads(out)
    assert doc["source"].endswith(".html") and doc["text"]


def test_console_entry_point_runs(tmp_path):
    res = subprocess.run([sys.executable, "-m", "huanjie.cli", "extract", str(REPORTS / "r02_guangshan_turnout.txt")],
                         capture_output=True, text=True, cwd=ROOT)
    assert res.returncode == 0, res.stderr
    doc = json.loads(res.stdout)
    assert {"turnout_rate", "voters_registered"} <= {f["metric"] for f in doc["figures"]}


def test_json_lines_writer_keeps_records_orjson_refuses():
    """Compact UTF-8 normally; a lone surrogate or a huge integer falls back to escaped JSON, never lost."""
    from huanjie.jsonl import encode_line

    plain = encode_line({"title": "换届", "value": 62.8, "n": None})
    assert plain == '{"title":"换届","value":62.8,"n":null}\n'.encode("utf-8")
    odd = {"text": "坏\ud800字", "value": 2**70}
    line = encode_line(odd)
    assert line.endswith(b"\n") and line.count(b"\n") == 1
    assert json.loads(line.decode("ascii")) == odd


def test_warm_up_sets_the_loaded_tables_aside_from_the_collector():
    """``warm_up`` (run by the batch commands) loads every lazy table and freezes
    it: the gazetteer's objects then sit in the permanent generation, outside
    what full collections walk, and extraction still works afterwards."""
    code = (
        "import gc\n"
        "from extract.pipeline import warm_up, extract_text\n"
        "from extract.gazetteer import gazetteer\n"
        "assert gc.get_freeze_count() == 0\n"
        "warm_up()\n"
        "g = gazetteer()\n"
        "walked = {id(o) for o in gc.get_objects()}\n"
        "assert id(g) not in walked and id(g.__dict__ if hasattr(g, '__dict__') else g) not in walked\n"
        "assert gc.get_freeze_count() > 50_000, gc.get_freeze_count()\n"
        "doc = extract_text('湖北省某县326个村全部完成换届，一肩挑比例达98.5%。', source='t')\n"
        "assert [f.value for f in doc.figures] == [326, 98.5], doc.figures\n"
        "print('ok')\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "ok"
