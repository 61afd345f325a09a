"""The Must-show numbers: ``huanjie extract`` output scored by the shared scorer.

Seeds (real reports, read from ../shared): figure F1 ≥ 0.97, metric accuracy ≥
0.95, region and date right for all five.  Our own genre reports
(tests/fixtures/reports: traditional text with pinyin, national, township,
truncated, thresholds, ranges, 个百分点, 由…下降到…): F1 and metric accuracy ≥ 0.95.
"""
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from huanjie import cli

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
REPORTS = ROOT / "tests" / "fixtures" / "reports"


def _extract_and_score(tmp_path, inputs, gold_dir, capsys):
    rc = cli.main(["extract", *map(str, inputs)])
    out = capsys.readouterr().out
    assert rc == 0
    pred = tmp_path / "pred.jsonl"
    pred.write_text(out, encoding="utf-8")
    assert len(out.strip().splitlines()) == len(inputs)
    res = subprocess.run([sys.executable, str(SHARED / "tools" / "score_figures.py"), str(gold_dir), str(pred)],
                         capture_output=True, text=True, check=True)
    last = res.stdout.strip().splitlines()[-1]
    scores = {k: float(v) for k, v in re.findall(r"(\w+)=([0-9.]+)", last)}
    return scores, [json.loads(line) for line in out.splitlines()]


def test_seed_scores(tmp_path, capsys):
    seeds = sorted((SHARED / "seeds").glob("*.txt"))
    assert len(seeds) == 5
    scores, docs = _extract_and_score(tmp_path, seeds, SHARED / "gold", capsys)
    assert scores["figure_f1"] >= 0.97, scores
    assert scores["metric_acc"] >= 0.95, scores
    assert scores["region_acc"] == 1.0, scores
    assert scores["date_acc"] == 1.0, scores
    # the one seed without a publication date must not get one invented
    by_stem = {Path(d["source"]).stem[:3]: d for d in docs}
    assert by_stem["003"]["published"] is None


def test_own_report_scores(tmp_path, capsys):
    reports = sorted(REPORTS.glob("*.txt"))
    assert len(reports) >= 8
    golds = sorted(REPORTS.glob("*.json"))
    assert [p.stem for p in golds] == [p.stem for p in reports]
    scores, _ = _extract_and_score(tmp_path, reports, REPORTS, capsys)
    assert scores["figure_f1"] >= 0.95, scores
    assert scores["metric_acc"] >= 0.95, scores
    assert scores["region_acc"] == 1.0, scores
    assert scores["date_acc"] == 1.0, scores


@pytest.mark.parametrize("seed", sorted((SHARED / "seeds").glob("*.txt")), ids=lambda p: p.stem[:3])
def test_offsets_point_at_the_quote(seed):
    from extract.files import extract_path
    from extract.normalise import normalise

    doc = next(iter(extract_path(seed)))
    assert doc.figures
    for f in doc.figures:
        assert doc.text[f.start:f.end] == f.quote
        assert f.quote in f.sentence
        # the original span is the published form of the quote (traditional, with pinyin)
        assert normalise(doc.body[f.orig_start:f.orig_end]).text == f.quote
