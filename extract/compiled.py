"""Which extraction modules run compiled, and a guard that never runs a stale build.

``make install`` compiles the modules in ``COMPILED_MODULES`` with mypyc
(``setup.py``): each becomes a C extension beside its source, runs the same
code about 1.3–1.5× faster, and gives the same records (``tests/test_compiled.py``).

A compiled module silently shadows its ``.py``: edit the source without
rebuilding and Python would keep running the old code.  ``use_fresh_modules``
(called when ``extract`` is imported) therefore loads *every* one of these
modules from source when any source differs from the one its build was made
from (``setup.py`` records their digests in ``compiled_sources.json``), or when one is
missing (compiled modules call each other directly, so a mix is unsafe), or
when ``HUANJIE_PURE_PYTHON=1`` asks for plain Python.  ``status()`` says which.
"""
from __future__ import annotations

import hashlib
import importlib.machinery
import importlib.util
import json
import os
import sys
import warnings
from pathlib import Path

__all__ = ["COMPILED_MODULES", "RECORD_NAME", "source_digest", "status", "use_fresh_modules"]

# The stages that run per figure or per place-name mention (profiled with
# bench/extract_text.py).  setup.py reads this list; keep it the only one.
COMPILED_MODULES: tuple[str, ...] = (
    "components", "dates", "figure_dedupe", "figures", "files", "gazetteer",
    "furniture", "metrics", "normalise", "numbers", "pinyin", "pipeline", "records", "regions",
)

RECORD_NAME = "compiled_sources.json"
"""Written beside the builds by ``setup.py build_ext``: each module's source digest."""

_HERE = Path(__file__).resolve().parent
_PACKAGE = __name__.rpartition(".")[0]
_state: dict[str, object] = {"mode": "unknown", "reason": ""}


def _builds(name: str) -> list[Path]:
    return [p for suffix in importlib.machinery.EXTENSION_SUFFIXES
            if (p := _HERE / f"{name}{suffix}").exists()]


def source_digest(path: Path) -> str:
    """What a build is checked against: the SHA-256 of the source it was compiled from."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _why_source() -> str | None:
    """Why the sources must run instead of the builds, or None when the builds are current."""
    if os.environ.get("HUANJIE_PURE_PYTHON") == "1":
        return "HUANJIE_PURE_PYTHON=1"
    built = {name: _builds(name) for name in COMPILED_MODULES}
    if not any(built.values()):
        return "not compiled"
    missing = [name for name, paths in built.items() if not paths]
    if missing:
        return f"{missing[0]} has no compiled build"
    try:
        recorded = json.loads((_HERE / RECORD_NAME).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return f"the build left no readable {RECORD_NAME}"
    for name in COMPILED_MODULES:
        if recorded.get(name) != source_digest(_HERE / f"{name}.py"):
            return f"{name}.py changed after it was compiled"
    return None


class _SourceFirst:
    """A meta-path finder that loads the listed modules from their ``.py`` files."""

    def find_spec(self, fullname: str, path=None, target=None):
        package, _, name = fullname.rpartition(".")
        if package != _PACKAGE or name not in COMPILED_MODULES:
            return None
        return importlib.util.spec_from_file_location(fullname, _HERE / f"{name}.py")


def use_fresh_modules() -> None:
    """Decide, once per process, whether the compiled builds or the sources run."""
    if _state["mode"] != "unknown":
        return
    reason = _why_source()
    if reason is None:
        _state.update(mode="compiled", reason="")
        return
    _state.update(mode="source", reason=reason)
    sys.meta_path.insert(0, _SourceFirst())
    if reason != "not compiled" and not reason.startswith("HUANJIE_PURE_PYTHON"):
        warnings.warn(f"huanjie runs its extraction modules from source: {reason}; "
                      "run `make install` to rebuild the compiled modules", RuntimeWarning, stacklevel=2)


def status() -> dict[str, object]:
    """``{"mode": "compiled" | "source", "reason": str, "modules": {name: "compiled" | "source"}}``,
    read from the modules actually imported."""
    use_fresh_modules()
    modules = {}
    for name in COMPILED_MODULES:
        module = importlib.import_module(f"{_PACKAGE}.{name}")
        origin = getattr(module, "__file__", "") or ""
        modules[name] = "source" if origin.endswith(".py") else "compiled"
    return {"mode": _state["mode"], "reason": _state["reason"], "modules": modules}
