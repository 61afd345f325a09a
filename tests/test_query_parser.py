"""The query language: what parses into what, and every bad input a clear QueryError.

Runs without any index; the tokenizer facts the index relies on (word
boundaries, traditional = simplified, one function for documents and queries)
are pinned here too.
"""
from __future__ import annotations

import pytest
from hypothesis import given, settings, strategies as st

from index.query import (And, DateFilter, HasFilter, MetricFilter, Not, Or, OutletFilter, QueryError,
                         RegionFilter, Terms, parse)
from index.tokens import token_spans, tokens


# ------------------------------------------------------------------ tokenizer


def test_two_character_words_are_whole_tokens_and_traps_are_not():
    assert "书记" in tokens("村党支部书记") and "书记" in tokens("党组织书记")
    assert "书记" not in tokens("各村整理图书记录") and "书记" not in tokens("秘书记录了要点")
    assert "两委" in tokens("村（社区）“两委”换届") and "两委" not in tokens("会上两委员发言")
    assert "换届" in tokens("换届选举")


def test_traditional_fullwidth_and_case_normalise_to_the_same_tokens():
    assert tokens("兩委換屆") == tokens("两委换届")
    assert tokens("黨組織書記") == tokens("党组织书记")
    assert tokens("ＡＢＣ１２３") == tokens("abc123")


def test_token_spans_index_the_text_and_match_tokens():
    text = "村党支部书记，图书记录"
    spans = token_spans(text)
    assert [t for t, _, _ in spans] == tokens(text)
    assert all(text[s:e] == t for t, s, e in spans)


def test_matches_jieba_search_mode_on_genre_text():
    """rjieba (HMM off) gives jieba's cut_for_search tokens, minus punctuation and domain words."""
    import jieba

    from index.tokens import DOMAIN_WORDS, _keep, normalise

    text = normalise("2021年3月，沿滩区村（社区）“两委”换届选举圆满完成，新当选的村党支部书记平均年龄45.3岁。")
    ours = tokens(text)
    theirs = [t for t in jieba.cut_for_search(text, HMM=False) if _keep(t)]
    assert [t for t in ours if t not in DOMAIN_WORDS] == [t for t in theirs if t not in DOMAIN_WORDS]


GENRE_SENTENCES = [
    "2021年3月，沿滩区村（社区）“两委”换届选举圆满完成，新当选的村党支部书记平均年龄45.3岁。",
    "全县村党组织书记和村委会主任“一肩挑”比例达到95.6%，较上届提高12个百分点。",
    "推行“三级联审”机制，组织、纪检、政法等部门协同把关，坚决防止“带病参选”。",
    "新一届村“两委”班子成员中，大专及以上学历占比38.2%，女性成员占比27.1%。",
    "县委组织部举办新任村干部培训班6期，培训村党组织书记、村务监督委员会主任1200余人次。",
]


def test_words_of_recovers_the_ordinary_cut_from_the_search_stream():
    """Pairs and query anchors rest on this: skipping each word's own sub-words gives jieba's default cut."""
    from index.tokens import _jieba, _keep, normalise, words_of

    for sent in GENRE_SENTENCES:
        norm = normalise(sent)
        cut = [t for t in _jieba().cut(norm, False) if _keep(t)]
        assert words_of(tokens(sent)) == cut, sent


def test_phrase_anchors_and_pairs():
    from index.tokens import pair_string, pair_terms, phrase_anchors

    # one word of the ordinary cut: a plain term on the whole word
    assert phrase_anchors(tuple(tokens("平均年龄"))) == ((2, "平均年龄"),)
    assert phrase_anchors(tuple(tokens("党组织书记"))) == ((4, "党组织书记"),)
    assert phrase_anchors(tuple(tokens("一肩挑"))) == ((1, "一肩挑"),)
    # several words keep their positions in the stream; the pairs join neighbours
    anchors = phrase_anchors(tuple(tokens("村党组织书记")))
    assert anchors == ((0, "村"), (5, "党组织书记"))
    assert pair_terms([w for _, w in anchors]) == ["村|党组织书记"]
    assert phrase_anchors(tuple(tokens("贺勤思"))) == ((0, "贺"), (1, "勤"), (2, "思"))
    # a document's pairs hold every adjacent pair of its words, whatever punctuation sat between
    doc_pairs = pair_string(tokens("全县村党组织书记和村委会主任“一肩挑”比例达到95%")).split()
    assert "村|党组织书记" in doc_pairs and "主任|一肩挑" in doc_pairs and "书记|和" not in doc_pairs


# ------------------------------------------------------------------ parsing


def test_words_phrases_and_boolean_structure():
    pq = parse('书记 两委')
    assert pq.root == And((Terms("书记", ("书记",)), Terms("两委", ("两委",))))
    assert parse("书记 AND 两委").root == pq.root
    pq = parse("书记 OR 图书 NOT 两委")
    assert isinstance(pq.root, Or)
    assert pq.root.children[1] == And((Terms("图书", ("图书",)), Not(Terms("两委", ("两委",)))))
    assert parse("(书记 OR 图书) -两委").describe() == "((书记 OR 图书) AND NOT 两委)"
    assert parse("“一肩挑”").root == Terms("一肩挑", tuple(tokens("一肩挑")))
    assert parse('"两委 换届"').root.tokens == ("两委", "换届")
    assert parse("NOT NOT 书记").root == Terms("书记", ("书记",))


def test_multi_token_words_become_phrases_and_names_stay_whole():
    assert parse("贺勤思").root == Terms("贺勤思", ("贺", "勤", "思"))
    assert parse("換屆").root == Terms("換屆", ("换届",))


def test_highlight_tokens_are_positive_words_only():
    assert parse("书记 -图书 title:换届").highlight_tokens == ("书记", "换届")


def test_empty_query_matches_everything():
    assert parse("").root is None
    assert parse("   ").root is None


def test_fields():
    assert parse("region:440000").root == RegionFilter("region:440000", ("440000",), ())
    r = parse("region:自贡市").root
    assert isinstance(r, RegionFilter) and {"自贡市", "自贡"} <= set(r.names)
    assert parse("region:“梅县区”").root.names[:1] == ("梅县区",)
    assert parse("outlet:乡村干部报").root == OutletFilter("outlet:乡村干部报", "乡村干部报")
    assert parse("outlet:鄉村幹部報").root.outlet == "乡村干部报"
    assert parse("date:2021-01..2021-06").root == DateFilter("date:2021-01..2021-06", 20210101, 20210630)
    assert parse("date:2020-02").root == DateFilter("date:2020-02", 20200201, 20200229)
    assert parse("date:2021").root == DateFilter("date:2021", 20210101, 20211231)
    assert parse("date:..2019").root.lo is None and parse("date:2019..").root.hi is None
    assert parse("metric:concurrent_rate>=90").root == MetricFilter("metric:concurrent_rate>=90", "concurrent_rate", ">=", 90.0)
    assert parse("metric:avg_age<45.5").root.value == 45.5
    assert parse("metric:female_rate").root == MetricFilter("metric:female_rate", "female_rate", None)
    assert parse("has:figures").root == HasFilter("has:figures", "figures")
    assert parse("title:换届").root == Terms("换届", ("换届",), field="title")
    assert parse("REGION：广东").root.names[0] == "广东"  # full-width colon, any case


@pytest.mark.parametrize("q, fragment", [
    ('"两委', "unbalanced quote"),
    ("“两委", "unbalanced quote"),
    ("两委”", "unbalanced quote"),
    ("(书记", "unbalanced parenthesis"),
    ("书记)", "unbalanced parenthesis"),
    ("((书记)", "unbalanced parenthesis"),
    ("()", "empty parentheses"),
    ("x" * 10_000, "query too long"),
    ("书" * 1001, "query too long"),
    ("foo:bar", "unknown field"),
    ("body:书记", "unknown field"),
    ("metric:nosuch>1", "unknown metric"),
    ("metric:avg_age>>1", "bad metric filter"),
    ("metric:avg_age>abc", "bad metric filter"),
    ("date:2021-13", "no such month"),
    ("date:2021-02-30", "no such day"),
    ("date:2021-06..2021-01", "ends before it starts"),
    ("date:yesterday", "bad date"),
    ("date:..", "at least one end"),
    ("has:everything", "has:everything is unknown"),
    ("region:", "needs a value"),
    ("region:1; DROP TABLE documents", "bad region"),
    ('{"query": {"match_all": {}}}', "not allowed"),
    ("书记 OR 1=1", "not allowed"),
    ("换*", "wildcards"),
    ("<script>alert(1)</script>", "not allowed"),
    ("AND 书记", "needs something on its left"),
    ("书记 OR", "both sides"),
    ("书记 AND", "both sides"),
    ("NOT", "needs something to exclude"),
    ("，。！", "nothing to search for"),
    ('""', "no searchable words"),
    ("书记\x00", "control characters"),
    ("(" * 40 + "书记" + ")" * 40, "nested deeper"),
    (" ".join(["书记"] * 70), "too many clauses"),
])
def test_bad_input_is_a_clear_query_error(q, fragment):
    with pytest.raises(QueryError) as exc:
        parse(q)
    assert fragment in exc.value.message
    assert 0 <= exc.value.position <= len(q)
    assert "at character" in str(exc.value)


def test_error_positions_point_at_the_culprit():
    with pytest.raises(QueryError) as exc:
        parse('书记 AND "两委')
    assert exc.value.position == 7
    with pytest.raises(QueryError) as exc:
        parse("书记 foo:1")
    assert exc.value.position == 3


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list('书记两委換屆 ()"“”-:ANDORNOTregiondatemetric>=9.{}*\\;，。')),
               max_size=60))
def test_any_input_parses_or_raises_query_error(q):
    try:
        pq = parse(q)
    except QueryError as exc:
        assert exc.message
        return
    assert pq.text == q
    if pq.root is not None:
        assert pq.describe()
