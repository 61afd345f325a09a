"""Speed and quality of ``extract.html`` side by side with readability-lxml and trafilatura.

usage: python bench/extract_html.py [--repeat N] [--pages DIR]

readability-lxml and trafilatura get the decoded page text; ours gets the
bytes and also decodes, reads metadata and titles, so its numbers include that
work.  "huanjie" adds the text pipeline (normalise, figures, regions);
"huanjie html-only" stops after the HTML stage — the like-for-like comparison.  Quality is the scorer's bag-of-characters body F1 against
the pages' gold.  Prints pages/s for each and our speed ratio to readability.
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
SHARED = ROOT.parent / "shared"
sys.path.insert(0, str(SHARED / "tools"))

import lxml.html  # noqa: E402
import trafilatura  # noqa: E402
from readability import Document as RDocument  # noqa: E402
from score_html import f1  # noqa: E402

from extract.html import extract_html  # noqa: E402
from extract.html.decode import decode_page  # noqa: E402
from extract.html.textify import element_text  # noqa: E402


def _readability(text: str) -> str:
    try:
        html = RDocument(text).summary(html_partial=True)
        return element_text(lxml.html.fragment_fromstring(html, create_parent="div"))
    except Exception:
        return ""


def _trafilatura(text: str) -> str:
    return trafilatura.extract(text) or ""


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--pages", default=str(SHARED / "pages"))
    a = ap.parse_args()
    pages = []
    for p in sorted(Path(a.pages).glob("*.html")):
        gold_p = p.with_suffix(".gold.json")
        gold = json.loads(gold_p.read_text(encoding="utf-8")) if gold_p.exists() else {}
        data = p.read_bytes()
        pages.append((p.name, data, decode_page(data).text, gold.get("body") or ""))
    runners = {
        "huanjie": lambda data, text, name: extract_html(data, source=name).body,
        "huanjie html-only": lambda data, text, name: extract_html(data, source=name, text_pipeline=False).body,
        "readability-lxml": lambda data, text, name: _readability(text),
        "trafilatura": lambda data, text, name: _trafilatura(text),
    }
    speed: dict[str, float] = {}
    print(f"{len(pages)} pages x {a.repeat} repeats")
    for name, fn in runners.items():
        scores = [f1(fn(d, t, n), g) for n, d, t, g in pages if g]
        t0 = time.perf_counter()
        for _ in range(a.repeat):
            for n, d, t, _g in pages:
                fn(d, t, n)
        dt = time.perf_counter() - t0
        speed[name] = len(pages) * a.repeat / dt
        mean = sum(scores) / len(scores) if scores else float("nan")
        print(f"{name:20s} {speed[name]:7.1f} pages/s   body F1 {mean:.3f}  (min {min(scores, default=0):.3f})")
    print(f"ratio huanjie / readability-lxml = {speed['huanjie'] / speed['readability-lxml']:.2f}"
          "  (huanjie includes the text pipeline: normalise, figures, regions)")
    print(f"ratio huanjie html-only / readability-lxml = {speed['huanjie html-only'] / speed['readability-lxml']:.2f}")
    print(f"ratio huanjie / trafilatura      = {speed['huanjie'] / speed['trafilatura']:.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
