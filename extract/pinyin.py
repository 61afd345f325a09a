"""Find pinyin reading annotations glued after characters: ``經(jīng)``, ``鎮(zhèn)``.

Some syndication sites (especially those converting simplified text to
traditional) append the reading of every "hard" character in brackets.  They
break words, numbers (``26244個(gè)``) and the figure grammar, so they are cut.

The danger is the genre's own bracketed words: 村(社区), 党(工)委, (文 贺勤思)
contain no Latin letters, and a tone-marked vowel is nearly proof of pinyin.
A toneless syllable such as ``(de)`` is only taken when the document already
carries many tone-marked annotations, i.e. when the page is known to be of
this kind.
"""
from __future__ import annotations

import re
from typing import Final

__all__ = ["TONED_VOWELS", "PINYIN_LETTERS", "find_annotations", "strip_toned"]

# Lower case, then the capitals of proper nouns (山(Shān)西(Xī), 安(Ān)).
TONED_VOWELS: Final = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜńňǹḿ" "ĀÁǍÀĒÉĚÈĪÍǏÌŌÓǑÒŪÚǓÙǕǗǙǛ"
PINYIN_LETTERS: Final = "a-zA-ZüÜ" + TONED_VOWELS + "ê"
_CJK: Final = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"

# A tone-marked syllable of 1-6 letters in ASCII or full-width brackets, after
# any visible character that is not itself a bracket.  Some pages annotate a
# whole word at once (山西(shān xī)): up to four syllables split by single
# spaces, at least one of them tone-marked.
_TONED: Final = re.compile(
    rf"(?<=[^\s()（）])[(（](?=[^()（）\n]{{0,27}}[{TONED_VOWELS}])"
    rf"[{PINYIN_LETTERS}]{{1,6}}(?: [{PINYIN_LETTERS}]{{1,6}}){{0,3}}[)）]"
)
_ANY_TONE: Final = re.compile(f"[{TONED_VOWELS}]")
# A toneless syllable after a CJK character; validity is checked separately.
_TONELESS: Final = re.compile(rf"(?<=[{_CJK}])[(（]([a-zü]{{1,6}})[)）]")
_SYLLABLE: Final = re.compile(
    r"(?:zh|ch|sh|[bpmfdtnlgkhjqxrzcsyw])?"
    r"(?:iang|iong|uang|ueng|ang|eng|ing|ong|ian|iao|uai|uan|üan|ai|ei|ao|ou|an|en|er|in|un|ün"
    r"|ia|ie|iu|ua|uo|ui|üe|ue|a|o|e|i|u|ü|v)"
)
# How many tone-marked annotations make a page "annotated", so that toneless
# ones (neutral tone: 的(de), 们(men)) can be trusted too.
MIN_TONED_FOR_TONELESS: Final = 5


def find_annotations(text: str) -> list[tuple[int, int]]:
    """Return sorted, non-overlapping ``(start, end)`` spans of annotations to delete."""
    if not _ANY_TONE.search(text):  # fast path: most pages have no tone marks at all
        return []
    spans = [m.span() for m in _TONED.finditer(text)]
    if len(spans) >= MIN_TONED_FOR_TONELESS:
        extra = [m.span() for m in _TONELESS.finditer(text) if _SYLLABLE.fullmatch(m.group(1))]
        if extra:
            spans = sorted(set(spans) | set(extra))
    return spans


def strip_toned(line: str) -> str:
    """``line`` without tone-marked annotations (for matching, not for offsets)."""
    if ("(" in line or "（" in line) and _ANY_TONE.search(line):
        return _TONED.sub("", line)
    return line
