"""The hand-built fast patterns (``extract.regex_tools``) match exactly as ``re.compile``.

``compile_class_led`` writes ``re``'s code by hand so that a search can skip to
the characters a match can start with.  Every pattern it built while the
extraction modules were imported is compared here with the plain compile of
the same source: ``finditer``, and ``search``/``match`` from inside positions,
on the seeds, the project's own fixture reports, generated articles and random
strings made of the characters the patterns care about.
"""
from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings, strategies as st

import extract.figures  # noqa: F401  (builds its patterns at import)
import extract.metrics  # noqa: F401
from crawlers.demo_site.genre import generate_articles
from extract.normalise import normalise
from extract.regex_tools import HAND_BUILT, compile_class_led, first_chars

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"


def _texts() -> list[str]:
    paths = sorted((SHARED / "seeds").glob("*.txt")) + sorted((ROOT / "tests" / "fixtures").rglob("*.txt"))
    texts = [normalise(p.read_text(encoding="utf-8", errors="replace")).text for p in paths]
    texts += [a.text for a in generate_articles(150, seed=11)]
    return texts


def _matches(pattern: re.Pattern, text: str) -> list[tuple]:
    return [(m.span(), m.groups()) for m in pattern.finditer(text)]


def _same_everywhere(fast: re.Pattern, plain: re.Pattern, text: str) -> None:
    assert _matches(fast, text) == _matches(plain, text)
    for pos in range(0, len(text), 7):
        for f, p in ((fast.search(text, pos), plain.search(text, pos)),
                     (fast.match(text, pos), plain.match(text, pos)),
                     (fast.search(text, pos, pos + 40), plain.search(text, pos, pos + 40))):
            assert (f and (f.span(), f.groups())) == (p and (p.span(), p.groups()))


def test_the_project_hand_builds_its_hot_patterns_on_this_python():
    if sys.implementation.name != "cpython" or sys.version_info[:2] != (3, 11):
        pytest.skip("hand-built patterns only on the CPython they were checked on")
    assert len(HAND_BUILT) >= 4  # the figure grammar and the metric scans
    sources = " ".join(src for src, _, _ in HAND_BUILT)
    assert "百分之" in sources and "分之" in sources


@pytest.mark.parametrize("index", range(len(HAND_BUILT)))
def test_hand_built_pattern_matches_as_plain_compile_on_reports(index):
    src, flags, fast = HAND_BUILT[index]
    plain = re.compile(src, flags)
    assert fast.groupindex == plain.groupindex and fast.groups == plain.groups
    for text in _texts():
        _same_everywhere(fast, plain, text)


_ALPHABET = "0123456789.%-～至到余多近约个名村人岁年月日万亿千百十一二两三四五六七八九零半过占全登选比上届下降提高达为的是、，。；\n 　书记主任委员女性党员平均年龄"


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=_ALPHABET, max_size=60))
def test_hand_built_patterns_match_as_plain_compile_on_random_strings(text):
    for src, flags, fast in HAND_BUILT:
        _same_everywhere(fast, re.compile(src, flags), text)


def test_first_chars_and_class_led_compile():
    assert first_chars(r"(?:达到|达|为)+$") == "为达"
    assert first_chars(r"[^a]x") is None  # a negated class: not a small known set
    assert first_chars(r"a?") is None  # can match empty
    pattern = compile_class_led(r"(?=[ab])(?:ab+|b\d)")
    assert [m.group() for m in pattern.finditer("xxabbb b1 cb2")] == ["abbb", "b1", "b2"]
