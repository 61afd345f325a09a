"""The compiled extraction modules (mypyc, ``setup.py``) and their guard (``extract.compiled``).

``make install`` compiles them, so the suite runs against what users run.  These
tests check that the build is really in use (a silently failed build would only
show up as a slower benchmark), that it gives exactly the records of the plain
Python sources, and that an edited source is never shadowed by an old build.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

import extract.compiled as compiled
from extract.files import extract_path

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT.parent / "shared" / "seeds"
REPORTS = ROOT / "tests" / "fixtures" / "reports"

_PURE = os.environ.get("HUANJIE_PURE_PYTHON") == "1"


@pytest.mark.skipif(_PURE, reason="HUANJIE_PURE_PYTHON=1 asks for the sources")
def test_the_installed_build_is_the_one_running():
    state = compiled.status()
    assert state["mode"] == "compiled", f"extraction runs from source: {state['reason']} (run `make install`)"
    assert set(state["modules"].values()) == {"compiled"}


def _inputs() -> list[Path]:
    return sorted(SEEDS.glob("*.txt")) + sorted(REPORTS.glob("*.txt"))


def _records(paths: list[Path]) -> list[dict]:
    return [doc.to_json() for p in paths for doc in extract_path(str(p))]


def test_compiled_and_source_modules_give_identical_records(tmp_path):
    if compiled.status()["mode"] != "compiled":
        pytest.skip("the modules are not compiled here: nothing to compare")
    paths = _inputs()
    assert len(paths) >= 20
    listing = tmp_path / "paths.json"
    listing.write_text(json.dumps([str(p) for p in paths]), encoding="utf-8")
    script = (
        "import json, sys\n"
        "import extract.compiled as c\n"
        "from extract.files import extract_path\n"
        "assert c.status()['mode'] == 'source'\n"
        "paths = json.load(open(sys.argv[1], encoding='utf-8'))\n"
        "print(json.dumps([d.to_json() for p in paths for d in extract_path(p)], ensure_ascii=False))\n"
    )
    env = {**os.environ, "HUANJIE_PURE_PYTHON": "1"}
    out = subprocess.run([sys.executable, "-c", script, str(listing)], cwd=ROOT, env=env,
                         capture_output=True, text=True, timeout=300, check=True)
    from_source = json.loads(out.stdout)
    from_build = json.loads(json.dumps(_records(paths), ensure_ascii=False))
    assert sum(len(r["figures"]) for r in from_build) > 300
    assert from_build == from_source


def _fake_package(tmp_path: Path, monkeypatch) -> Path:
    """A copy of the compiled modules' layout: sources, one build each, the digest record."""
    import importlib.machinery

    suffix = importlib.machinery.EXTENSION_SUFFIXES[0]
    for name in compiled.COMPILED_MODULES:
        (tmp_path / f"{name}.py").write_text(f"# {name}\n", encoding="utf-8")
        (tmp_path / f"{name}{suffix}").write_bytes(b"\x7fELF")
    record = {n: compiled.source_digest(tmp_path / f"{n}.py") for n in compiled.COMPILED_MODULES}
    (tmp_path / compiled.RECORD_NAME).write_text(json.dumps(record), encoding="utf-8")
    monkeypatch.setattr(compiled, "_HERE", tmp_path)
    monkeypatch.delenv("HUANJIE_PURE_PYTHON", raising=False)
    return tmp_path


def test_current_builds_are_used(tmp_path, monkeypatch):
    _fake_package(tmp_path, monkeypatch)
    assert compiled._why_source() is None


def test_an_edited_source_sends_every_module_to_source(tmp_path, monkeypatch):
    pkg = _fake_package(tmp_path, monkeypatch)
    (pkg / "metrics.py").write_text("# metrics, edited\n", encoding="utf-8")
    assert compiled._why_source() == "metrics.py changed after it was compiled"


def test_a_missing_build_or_record_sends_every_module_to_source(tmp_path, monkeypatch):
    pkg = _fake_package(tmp_path, monkeypatch)
    (pkg / compiled.RECORD_NAME).unlink()
    assert "compiled_sources.json" in compiled._why_source()
    for p in pkg.glob("figures.*"):
        if p.suffix != ".py":
            p.unlink()
    assert compiled._why_source() == "figures has no compiled build"


def test_no_build_at_all_or_the_environment_variable_means_source(tmp_path, monkeypatch):
    pkg = _fake_package(tmp_path, monkeypatch)
    monkeypatch.setenv("HUANJIE_PURE_PYTHON", "1")
    assert compiled._why_source() == "HUANJIE_PURE_PYTHON=1"
    monkeypatch.delenv("HUANJIE_PURE_PYTHON")
    for p in pkg.iterdir():
        if p.suffix not in (".py", ".json"):
            p.unlink()
    assert compiled._why_source() == "not compiled"
