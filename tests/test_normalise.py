"""normalise(): pinyin, script, full-width, furniture and mojibake, with an exact offset map."""
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from extract.normalise import normalise

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
SEEDS = {p.name[:3]: p.read_text(encoding="utf-8") for p in sorted((SHARED / "seeds").glob("*.txt"))}
TONES = re.compile("[āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ]")


def _check_map(n):
    """Every span maps inside the original; changed characters come from one source
    character by a known conversion; runs of unchanged characters map to themselves."""
    import opencc

    t2s = opencc.OpenCC("t2s")
    run_start = None
    prev_b = None
    for i, ch in enumerate(n.text + "\0"):
        if i < len(n.text):
            a, b = n.to_orig(i, i + 1)
            assert 0 <= a <= b <= len(n.original)
            same = b - a == 1 and n.original[a] == ch
            if not same:
                src = n.original[a:b]
                assert src, (i, ch)
                assert ch == "\ufffd" or ch.isascii() or ch in t2s.convert(src), (ch, src)
        else:
            same = False
        # extend a run of unchanged, adjacent characters
        if same and run_start is not None and a == prev_b:
            prev_b = b
            continue
        if run_start is not None:
            ra, rb = n.to_orig(run_start, i)
            assert n.original[ra:rb] == n.text[run_start:i]
        run_start, prev_b = (i, b) if same else (None, None)


@pytest.mark.parametrize("key", sorted(SEEDS))
def test_seed_map_is_exact(key):
    n = normalise(SEEDS[key])
    _check_map(n)
    for m in re.finditer(r"\d+(?:\.\d+)?", n.text):
        a, b = n.to_orig(*m.span())
        assert n.original[a:b] == m.group(0)


@pytest.mark.parametrize("key", sorted(SEEDS))
def test_text_keeps_title_line(key):
    orig_first = SEEDS[key].split("\n", 1)[0]
    n = normalise(SEEDS[key])
    first = n.text.split("\n", 1)[0]
    assert n.to_orig(0, len(first)) [0] == 0
    assert len(first) <= len(orig_first)


def test_pinyin_and_traditional_seed():
    n = normalise(SEEDS["001"])
    assert n.variant == "hant"
    assert {"pinyin_stripped", "t2s_converted", "furniture_removed"} <= set(n.flags)
    assert not TONES.search(n.text)
    assert n.text.startswith("广东:让换届成果经得起历史检验")
    assert "26244个村(社区)" in n.text and "党(工)委" in n.text
    assert "2021-05-21" in n.text.split("\n")[1]
    # link farm and editor line are gone, their county names with them
    assert "大英县" not in n.text and "昆山市" not in n.text and "责编" not in n.text
    i = n.text.index("26244个")
    a, b = n.to_orig(i, i + 6)
    assert n.original[a:b] == "26244個"  # the annotation after it is not part of the span


def test_furniture_copyright_and_comments():
    n0 = normalise(SEEDS["000"])
    assert "(文 贺勤思" in n0.text and "650名" in n0.text
    assert "版权与信息产品" not in n0.text and "律师费" not in n0.text
    assert n0.text.split("\n")[1].startswith("2021-02-08 17:10:29来源:")
    n2 = normalise(SEEDS["002"])
    assert "留言与评论" not in n2.text and "Copyright" not in n2.text and "阳泉" in n2.text
    n4 = normalise(SEEDS["004"])
    assert "报料" not in n4.text and "永善县" in n4.text


def test_mojibake_flagged_not_repaired():
    n = normalise(SEEDS["003"])
    assert "mojibake" in n.flags and len(n.mojibake_spans) == 2
    for a, b in n.mojibake_spans:
        assert "?" in n.text[a:b]
    assert "(安徽网库讯)" in n.text and "22个村(社区)" in n.text


def test_synthetic_fullwidth_and_brackets():
    raw = "某县完成换届１２３个村（社区），占９８．５％，党（工）委书记到场（文 张三）。ＡＢＣ"
    n = normalise(raw)
    assert "123个村（社区）" in n.text and "98.5%" in n.text and "ABC" in n.text
    assert "党（工）委" in n.text and "（文 张三）" in n.text and "，" in n.text
    i = n.text.index("98.5%")
    assert n.to_orig(i, i + 5) == (raw.index("９８"), raw.index("９８") + 5)


def test_toneless_syllable_needs_an_annotated_page():
    plain = "选举的(de)结果公布了。"
    assert normalise(plain).text == plain
    annotated = "鄉(xiāng)村換(huàn)屆(jiè)選(xuǎn)舉(jǔ)幹(gàn)部的(de)結(jié)果"
    n = normalise(annotated)
    assert n.text == "乡村换届选举干部的结果"


def test_link_farm_synthetic():
    raw = "标题：某镇换届\n2021-01-02 来源：某报\n正文说某镇完成换届。\n东城区| 西城区| 朝阳区| 海淀区| 丰台区|\n"
    n = normalise(raw)
    assert "海淀" not in n.text and n.text.endswith("完成换届。\n")


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=200))
def test_never_raises_and_maps_inside(raw):
    n = normalise(raw)
    assert isinstance(n.text, str)
    for i in range(0, len(n.text) + 1, 3):
        a, b = n.to_orig(i, min(len(n.text), i + 4))
        assert 0 <= a <= b <= len(raw)
    _check_map(n)


ALPHABET = list("村社区党工委()（）經經后後?|｜１２３％．版权所有责编:上一篇\n 的de") + ["(jīng)", "(zhèn)", "\ufffd"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(ALPHABET), max_size=60).map("".join))
def test_genre_soup_keeps_unchanged_characters(raw):
    n = normalise(raw)
    for i, ch in enumerate(n.text):
        a, b = n.to_orig(i, i + 1)
        assert b - a == 1
        if ch == raw[a]:
            continue
        assert ch in "经后123%." or ch.isascii()


def test_lone_surrogates_and_control_characters():
    raw = "經\ud800濟(jīng)\x00換屆１０個"
    n = normalise(raw)
    assert "surrogates_replaced" in n.flags and "10个" in n.text
    _check_map(n)


def test_length_changing_conversion_keeps_map_exact(monkeypatch):
    """OpenCC may (rarely) change the length of a phrase: the map must stay exact."""
    import extract.normalise as N

    real_t2s, trad_re, simp_re = N._converters()

    class Stretching:
        """Converts like OpenCC but turns 甲 into two characters and drops 丁."""

        def convert(self, s):
            return real_t2s.convert(s).replace("甲", "乙丙").replace("丁", "")

    monkeypatch.setattr(N, "_converters", lambda: (Stretching(), re.compile("[甲丁經]"), simp_re))
    raw = "經(jīng)甲村１２個\n丁鎮完成換屆３名\n"
    n = N.normalise(raw)
    assert n.text == "经乙丙村12个\n镇完成换届3名\n"
    i = n.text.index("乙丙")
    assert n.to_orig(i, i + 2) == (raw.index("甲"), raw.index("甲") + 1)
    assert n.to_orig(i + 1, i + 2) == (raw.index("甲"), raw.index("甲") + 1)
    j = n.text.index("12")
    assert n.original[slice(*n.to_orig(j, j + 2))] == "１２"
    k = n.text.index("3名")
    assert n.original[slice(*n.to_orig(k, k + 2))] == "３名"
    for x in range(len(n.text)):
        a, b = n.to_orig(x, x + 1)
        assert 0 <= a < b <= len(raw)


@pytest.mark.parametrize(
    "raw,flag,text",
    [
        ("全镇共有１２个村完成换届", "fullwidth_converted", "全镇共有12个村完成换届"),
        ("全镇(zhèn)12个村完成换届", "pinyin_stripped", "全镇12个村完成换届"),
        ("全镇12个村完成换届，严守?椕芄芸卮胧纪律", "mojibake", None),
        ("全镇12个村完成换届\ue001选举", "mojibake", None),
    ],
)
def test_one_rare_character_is_enough_for_its_step(raw, flag, text):
    # Plain pages skip the rare steps after one scan; a single rare character must still trigger its step.
    n = normalise(raw)
    assert flag in n.flags
    if text is not None:
        assert n.text == text
    assert normalise("全镇12个村完成换届").flags == []


_HEADLESS_BODY = (
    "某市全面完成村级组织换届\n\n"
    "记者从市委组织部获悉，全市412个村（社区）党组织和村（居）委会已全部完成换届选举，"
    "新当选的村党组织书记平均年龄43.6岁，比上届下降4.1岁，大专以上学历占比达到52.3%，"
    "一肩挑比例达到97.8%，各项指标均好于上届。（记者 某某）\n"
)


@pytest.mark.parametrize("heading", ["相关新闻", "新闻推荐", "热门资讯", "相关内容", "【相关推荐】", "上一篇：某县部署换届"])
def test_related_news_tail_is_cut_even_when_its_items_carry_dates(heading):
    # No header line: the dates of the related items must not pass for a byline
    # (which would shield the tail), and the tail's places and numbers go.
    tail = f"{heading}\n- 2021-03-02某县某镇开展选民登记53人\n- 2021-03-01另一县召开培训会议\n"
    raw = _HEADLESS_BODY + tail
    n = normalise(raw)
    assert "furniture_removed" in n.flags
    assert n.text == _HEADLESS_BODY and "53人" not in n.text
    i = n.text.index("97.8%")
    a, b = n.to_orig(i, i + 5)
    assert raw[a:b] == "97.8%"


def test_a_sentence_opening_with_a_heading_word_is_kept():
    raw = _HEADLESS_BODY + "相关内容显示，全市新当选的村干部中有女性312名。\n"
    assert normalise(raw).text == raw


def test_pinyin_capitals_and_word_annotations_are_stripped_inside_place_names():
    # Proper nouns carry capitalised readings (山(Shān)西(Xī)), and some pages
    # annotate a whole word at once (山西(shān xī)); both must leave the place
    # name whole so the gazetteer finds it, and neither is mojibake.
    for raw in ("山(Shān)西(Xī)省(shěng)全(quán)省(shěng)", "山西(shān xī)省全省", "安(Ān)徽省全省"):
        n = normalise(raw)
        assert n.text.endswith("省全省"), n.text
        assert "(" not in n.text and "pinyin_stripped" in n.flags and "mojibake" not in n.flags
    # Bracketed Latin names without tone marks are not pinyin.
    assert normalise("据(Mary Lee)介绍").text == "据(Mary Lee)介绍"


def test_fast_lexeme_getters_answer_exactly_as_spacys_own():
    """The tokenizer's like_num / like_url shortcuts (extract.components) must give
    spaCy's answer for every word: generated report words, every BMP code point,
    numerals with signs and separators, URL-like strings."""
    import random

    from spacy.lang import lex_attrs as base_attrs
    from spacy.lang.zh import lex_attrs as zh_attrs

    import extract.components as components
    from crawlers.demo_site.genre import generate_articles
    from extract.pipeline import nlp

    nlp()  # installs the shortcuts on the shared vocabulary
    assert components._zh_like_num is zh_attrs.like_num and components._like_url is base_attrs.like_url
    import rjieba

    words = {w for art in generate_articles(40, seed=3) for w in rjieba.cut(art.text)}
    words |= {chr(c) for c in range(0x20, 0x10000) if not 0xD800 <= c <= 0xDFFF}
    rng = random.Random(7)
    alphabet = "0123456789.,，。+-±~/%一二三四五六七八九十百千万亿两零半点几个abcxyz:/wh.t" + "年月日村人"
    words |= {"".join(rng.choice(alphabet) for _ in range(rng.randint(1, 8))) for _ in range(20000)}
    words |= {"http://x", "https://a.b", "www.gov.cn", "a.b", "1.5万", "-3", "+5", "三分之一", "1/2", "２０"}
    for w in words:
        assert components._fast_zh_like_num(w) == bool(zh_attrs.like_num(w)), w
        assert components._fast_like_url(w) == bool(base_attrs.like_url(w)), w
