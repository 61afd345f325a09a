"""Property tests: the normaliser and the figure grammar never raise, and every
figure's offsets point at its quote (in ``text``) and at its source (in ``body``)."""
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from extract.figures import find_figures
from extract.normalise import normalise
from extract.pipeline import extract_text

# Genre pieces make the generator hit the grammar's corners far more often than
# uniform Unicode would: numerals, measure words, qualifiers, quotes, pinyin.
PIECES = st.sampled_from([
    "26244", "16.3", "5.4", "万", "亿", "个", "個", "名", "人次", "场", "%", "％", "成", "个百分点", "岁", "歲",
    "天", "日内", "年", "万元", "余", "多", "近", "超过", "不足", "以上", "以下", "左右", "三", "十六点三",
    "两", "一", "百分之", "分之", "一半", "由", "下降到", "比上届提高", "平均年龄", "第", "“", "”", "《", "》",
    "村(社区)", "“两委”", "一肩挑", "經(jīng)", "換屆", "-", "至", "，", "。", "\n", " ", "2021-02-08", "17:10",
    "3月18日", "0870-2158276", "35岁以下的", "职数", "满", "数百", "(", ")", "１２", "\u3000", "\ufffd",
])
TEXT = st.one_of(st.text(max_size=200), st.lists(st.one_of(PIECES, st.text(max_size=3)), max_size=60).map("".join))


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(TEXT)
def test_grammar_offsets(raw):
    norm = normalise(raw)
    text = norm.text
    for h in find_figures(text):
        assert 0 <= h.start <= h.num_start < h.num_end <= h.end <= len(text)
        assert h.value == h.value  # not NaN
        os_, oe = norm.to_orig(h.start, h.end)
        assert 0 <= os_ <= oe <= len(raw)


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(TEXT)
def test_pipeline_never_raises_and_quotes_match(raw):
    doc = extract_text(raw, source="fuzz")
    assert doc.body == raw
    for f in doc.figures:
        assert doc.text[f.start:f.end] == f.quote
        assert 0 <= f.orig_start <= f.orig_end <= len(raw)
        assert f.kind in ("count", "percent", "average", "change", "duration", "money", "range", "ratio")
        assert f.qualifier in ("exact", "approx", "more_than", "less_than")
