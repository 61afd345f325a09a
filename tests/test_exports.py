"""Exports: the same dataset from the CLI and the web, in every format, with a codebook that describes it.

Checks that the files parse, agree with each other and with the store, that
the Data Package lists every column and the codebook's metrics, that the
manifest's hashes and counts are those of the files written, and that
encoders stream (many chunks, constant memory) instead of building the file.
"""
from __future__ import annotations

import csv
import hashlib
import io
import json
import zipfile
from pathlib import Path

import pyarrow.parquet as pq
import pytest
import yaml
from fastapi.testclient import TestClient

import web_corpus
from huanjie import codebook
from huanjie.cli import main as cli
from search_ui import exports

CONTRACT = {"value", "value_max", "unit", "kind", "qualifier", "direction", "subject", "metric", "as_of",
            "quote", "sentence", "start", "end", "orig_start", "orig_end",
            "doc_id", "url", "outlet", "published", "extractor_version"}


@pytest.fixture(scope="module")
def home() -> Path:
    return web_corpus.corpus()["settings"].home


@pytest.fixture(scope="module")
def client():
    from search_ui.app import create_app

    with TestClient(create_app(web_corpus.corpus()["settings"]), raise_server_exceptions=False) as c:
        yield c


def _read(path: Path, fmt: str) -> list[dict]:
    if fmt == "csv":
        return list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))
    if fmt == "jsonl":
        return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    return pq.read_table(path).to_pylist()


@pytest.fixture(scope="module")
def figure_exports(home, tmp_path_factory) -> dict[str, Path]:
    out = {}
    for fmt in ("csv", "jsonl", "parquet"):
        d = tmp_path_factory.mktemp(f"fig-{fmt}")
        assert cli(["export", "--home", str(home), "--format", fmt, "--what", "figures", "--out", str(d)]) == 0
        out[fmt] = d
    return out


def test_figures_all_formats_agree_with_the_store(figure_exports):
    from corpus.store import Store

    facts = web_corpus.corpus()
    rows = {fmt: _read(d / f"figures.{fmt}", fmt) for fmt, d in figure_exports.items()}
    n = {fmt: len(r) for fmt, r in rows.items()}
    assert len(set(n.values())) == 1 and n["csv"] > 1000, n
    assert CONTRACT <= set(rows["csv"][0]) and CONTRACT <= set(rows["parquet"][0])
    assert [r["figure_id"] for r in rows["jsonl"]] == [r["figure_id"] for r in rows["parquet"]]
    assert [int(r["figure_id"]) for r in rows["csv"]] == [r["figure_id"] for r in rows["parquet"]]
    with Store.open(facts["settings"].store_path) as store:
        assert n["csv"] == sum(1 for _ in store.figure_rows())
        # offsets in a row point at the quote in the stored texts
        for r in rows["parquet"][::97]:
            sd = store.get(r["doc_id"])
            assert sd.text[r["start"]:r["end"]] == r["quote"]
            assert sd.body[r["orig_start"]:r["orig_end"]] == r["quote"]
            assert r["url"] == sd.url and r["extractor_version"] == web_corpus.EXTRACTOR_VERSION
    # values survive each format's typing
    by_id = {r["figure_id"]: r for r in rows["parquet"]}
    for r in rows["csv"][:200]:
        assert float(r["value"]) == pytest.approx(by_id[int(r["figure_id"])]["value"])


def test_datapackage_manifest_and_citation(figure_exports):
    d = figure_exports["csv"]
    dp = json.loads((d / "datapackage.json").read_text(encoding="utf-8"))
    data = dp["resources"][0]
    assert data["path"] == "figures.csv" and (d / data["path"]).exists()
    names = [f["name"] for f in data["schema"]["fields"]]
    with open(d / "figures.csv", encoding="utf-8") as fh:
        assert next(csv.reader(fh)) == names, "every column is described, in order"
    assert all(f["description"] and f["type"] in ("string", "integer", "number", "boolean")
               for f in data["schema"]["fields"])
    metric_field = next(f for f in data["schema"]["fields"] if f["name"] == "metric")
    assert metric_field["constraints"]["enum"] == [m.key for m in codebook.METRICS]
    metrics = dp["resources"][1]
    assert [m["key"] for m in metrics["data"]] == [m.key for m in codebook.METRICS]
    assert metrics["data"][0]["label_zh"] == codebook.METRICS[0].label_zh

    manifest = json.loads((d / "manifest.json").read_text(encoding="utf-8"))
    for name, info in manifest["files"].items():
        blob = (d / name).read_bytes()
        assert info["bytes"] == len(blob) and info["sha256"] == hashlib.sha256(blob).hexdigest()
    with open(d / "figures.csv", encoding="utf-8") as fh:
        assert manifest["counts"]["rows"] == sum(1 for _ in csv.DictReader(fh))
    assert manifest["extractor_versions"] == [web_corpus.EXTRACTOR_VERSION]
    assert manifest["query"] == {"q": "", "filters": []}

    cff = yaml.safe_load((d / "CITATION.cff").read_text(encoding="utf-8"))
    assert cff["cff-version"] == "1.2.0" and cff["type"] == "dataset" and cff["authors"]


def test_query_restricts_documents_and_figures(home, tmp_path, client):
    q = "一肩挑"
    hits = client.get("/search.json", params={"q": q, "collapse": "0", "per_page": 100}).json()
    assert 0 < hits["total"] <= 100
    matching = {h["doc_id"] for h in hits["hits"]}
    assert cli(["export", "--home", str(home), "--what", "documents", "--format", "jsonl", "-q", q,
                "--out", str(tmp_path / "d")]) == 0
    docs = _read(tmp_path / "d" / "documents.jsonl", "jsonl")
    assert {r["doc_id"] for r in docs} == matching
    assert all(r["content_hash"] and r["text"] for r in docs)
    manifest = json.loads((tmp_path / "d" / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["counts"]["documents"] == len(matching) and manifest["documents_content_sha256"]
    assert cli(["export", "--home", str(home), "--what", "figures", "--format", "csv", "-q", q,
                "--metric", "concurrent_rate", "--out", str(tmp_path / "f")]) == 0
    figs = _read(tmp_path / "f" / "figures.csv", "csv")
    assert figs and all(r["metric"] == "concurrent_rate" and int(r["doc_id"]) in matching for r in figs)


def test_web_stream_equals_cli(client, figure_exports):
    r = client.get("/export/figures.jsonl")
    assert r.status_code == 200 and r.headers["content-type"].startswith("application/x-ndjson")
    assert "attachment" in r.headers["content-disposition"]
    web = [json.loads(x) for x in r.text.splitlines()]
    cli_rows = _read(figure_exports["jsonl"] / "figures.jsonl", "jsonl")
    assert web == cli_rows
    p = client.get("/export/figures.parquet", params={"q": "换届", "year": "2021"})
    assert p.status_code == 200
    table = pq.read_table(io.BytesIO(p.content))
    assert table.num_rows > 0 and all(d.startswith("2021") for d in table.column("published").to_pylist())


def test_bundle_zip(client):
    r = client.get("/export/bundle.zip", params={"what": "metrics", "format": "csv", "metric": "concurrent_rate",
                                                 "level": "province"})
    assert r.status_code == 200
    z = zipfile.ZipFile(io.BytesIO(r.content))
    names = sorted(Path(n).name for n in z.namelist())
    assert names == ["CITATION.cff", "datapackage.json", "manifest.json", "metrics.csv"]
    prefix = Path(z.namelist()[0]).parent
    rows = list(csv.DictReader(io.StringIO(z.read(f"{prefix}/metrics.csv").decode("utf-8"))))
    anhui = next(r for r in rows if r["region_code"] == "340000" and r["round"] == "2021")
    assert anhui["conflict"] == "true" and anhui["n_sources"] == "2" and float(anhui["value"]) == 91.5
    manifest = json.loads(z.read(f"{prefix}/manifest.json"))
    assert manifest["files"]["metrics.csv"]["sha256"] == hashlib.sha256(z.read(f"{prefix}/metrics.csv")).hexdigest()
    assert manifest["query"] == {"metrics": ["concurrent_rate"], "level": "province"}


def _synthetic_rows(n: int):
    for i in range(n):
        yield {"figure_id": i, "doc_id": i // 10, "url": f"https://x.example/{i}", "outlet": "某县融媒体中心",
               "published": "2021-03-01", "value": i * 0.5, "unit": "%", "kind": "percent",
               "qualifier": "exact", "metric": "concurrent_rate", "quote": "95%", "sentence": "比例达95%。" * 5,
               "start": 1, "end": 4, "orig_start": 1, "orig_end": 4, "extractor_version": "v"}


@pytest.mark.parametrize("fmt", ["csv", "jsonl", "parquet"])
def test_encoders_stream(fmt, tmp_path):
    cols = exports.COLUMNS["figures"]
    chunks = 0
    path = tmp_path / f"big.{fmt}"
    with open(path, "wb") as fh:
        for chunk in exports.ENCODERS[fmt](_synthetic_rows(60_000), cols):
            chunks += 1
            fh.write(chunk)
    assert chunks >= 3, "the file is handed out in pieces while rows are read"
    rows = _read(path, fmt)
    assert len(rows) == 60_000
    assert float(rows[-1]["value"]) == 29999.5


def test_cli_export_rejects_unknown_metric(home, tmp_path, capsys):
    assert cli(["export", "--home", str(home), "--what", "figures", "--metric", "nonsense",
                "--out", str(tmp_path)]) == 2
    assert "unknown metric" in capsys.readouterr().err


def test_compare_cli_json(home, capsys):
    assert cli(["compare", "concurrent_rate", "--home", str(home), "--json"]) == 0
    t = json.loads(capsys.readouterr().out)
    cell = next(c for c in t["cells"] if c["region_code"] == "340000" and c["round"] == "2021")
    assert cell["conflict"] and len(cell["figures"]) == 2
