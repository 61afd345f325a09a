"""Simplified → traditional text as converter ("big5 gate") sites publish it.

Such sites run the page through a character converter and, for many converted
characters, glue a tone-marked pinyin reading right after the character:
``經(jīng)得起歷史檢驗(yàn)``.  We reproduce that with OpenCC (``s2t``) and pypinyin,
and keep a map from every input position to its output position, so figure
quotes can be re-cut in the converted text.
"""
from __future__ import annotations

from functools import lru_cache

import opencc
from pypinyin import Style, pinyin

_S2T = opencc.OpenCC("s2t")


@lru_cache(maxsize=None)
def _reading(ch: str) -> str:
    return pinyin(ch, style=Style.TONE, heteronym=False)[0][0]


def _annotate(simp: str, trad: str) -> bool:
    """A converter annotates a fixed subset of the characters it changed (same every time)."""
    return simp != trad and (ord(trad) * 2654435761 >> 7) % 100 < 45


def to_hant(text: str, *, pinyin_notes: bool = True) -> tuple[str, list[int]]:
    """(converted text, pos) where ``pos[i]`` is the output index of input char i (len+1 entries).

    ``out[pos[i]:pos[i+1]]`` is input char i converted plus its annotation, if any;
    a quote ``text[s:e]`` becomes ``out[pos[s]:pos[e-1] + 1]`` (a figure's quote ends
    at its last character, before that character's annotation, as the seeds show).
    """
    conv = _S2T.convert(text)
    if len(conv) != len(text):  # phrase conversions that change length: convert char by char
        conv = "".join(_S2T.convert(c) for c in text)
    out: list[str] = []
    pos: list[int] = []
    n = 0
    for s, t in zip(text, conv):
        pos.append(n)
        out.append(t)
        n += 1
        if pinyin_notes and _annotate(s, t):
            note = _reading(s)
            if note and note != s and note.isalpha():
                out.append(f"({note})")
                n += len(note) + 2
    pos.append(n)
    return "".join(out), pos
