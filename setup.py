"""Build hook: compile the text pipeline's hot modules to C with mypyc.

Everything else about the package lives in ``pyproject.toml``.  The modules listed in
``extract/compiled.py`` are ordinary, fully typed Python; mypyc turns each into a C
extension that runs the same code about 1.3–1.5× faster (``bench/extract_text.py``).
The compiled build is optional by design: with ``HUANJIE_PURE_PYTHON=1``, or
when mypyc or a C compiler is missing, the package installs as plain Python
and behaves identically, only slower (``extract.compiled.status()`` tells which
one is running).
"""
from __future__ import annotations

import importlib.util
import json
import os
import sys
import tempfile
from pathlib import Path

from setuptools import setup
from setuptools.command.build_ext import build_ext


def _compiled_module():
    """``extract/compiled.py`` (the one list of compiled modules), loaded without importing the package."""
    spec = importlib.util.spec_from_file_location("_huanjie_compiled", Path(__file__).parent / "extract" / "compiled.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


class OptionalBuildExt(build_ext):
    """Build the compiled modules, or leave none behind: a half-built set (a
    module shim without the shared library) would fail at import."""

    def run(self) -> None:
        try:
            super().run()
        except Exception as exc:  # no compiler, no headers, a mypyc failure
            for path in self.get_outputs():
                if os.path.exists(path):
                    os.remove(path)
            sys.stderr.write(f"huanjie: compiled modules not built ({type(exc).__name__}: {exc}); installing pure Python\n")
            return
        if self.extensions:
            self._record_sources()

    def _record_sources(self) -> None:
        """Write which source each build was made from (extract.compiled checks it at import)."""
        module = _compiled_module()
        root = Path(__file__).parent
        digests = {name: module.source_digest(root / "extract" / f"{name}.py") for name in module.COMPILED_MODULES}
        target = (root if self.inplace else Path(self.build_lib)) / "extract" / module.RECORD_NAME
        target.write_text(json.dumps(digests, indent=1, sort_keys=True) + "\n", encoding="utf-8")


# Commands that only describe the package (metadata, an editable install that
# runs the sources in place) need no compiled modules: compiling there costs a
# minute for nothing.  ``make install`` builds them in place afterwards with
# ``setup.py build_ext --inplace``; a wheel build compiles them into the wheel.
_DESCRIBE_ONLY = {"egg_info", "dist_info", "editable_wheel", "sdist", "--version", "--name"}


def _extensions() -> list:
    if os.environ.get("HUANJIE_PURE_PYTHON") == "1" or _DESCRIBE_ONLY.intersection(sys.argv[1:]):
        return []
    try:
        from mypyc.build import mypycify
    except ImportError:
        sys.stderr.write("huanjie: mypyc not available; installing pure Python\n")
        return []
    try:
        # A fresh mypy cache for every build: mypyc 2.4 reusing an older cache
        # after a source changed crashed in code generation ("value is not in list").
        sources = [f"extract/{name}.py" for name in _compiled_module().COMPILED_MODULES]
        with tempfile.TemporaryDirectory(prefix="huanjie-mypy-cache-") as cache:
            return mypycify(
                ["--ignore-missing-imports", "--follow-imports=silent", "--cache-dir", cache, *sources],
                opt_level="3", debug_level="0", separate=True,
            )
    except (Exception, SystemExit) as exc:  # a type error in a compiled module
        sys.stderr.write(f"huanjie: mypyc failed ({type(exc).__name__}: {exc}); installing pure Python\n")
        return []


setup(ext_modules=_extensions(), cmdclass={"build_ext": OptionalBuildExt})
