"""Which administrative unit a report is about, and which unit a sentence names.

A report names many places: its outlet (山西大院资讯网, 安徽网库讯), the dateline
city, the province whose policy it follows, neighbours it learned from, and —
most often — the unit it is about.  The resolver

1. finds every gazetteer mention (``extract.gazetteer``) in the normalised text
   (page furniture such as link farms is already gone);
2. weighs each by where it stands: the title counts most, then the first
   paragraph, then the body; header lines (byline, dateline) and outlet names
   count only as *context*;
3. resolves ambiguous and generic names (城区 exists in many cities, 城关镇 in
   hundreds of counties) by the other units named in the same report: a
   candidate wins when its parent or its own townships are named too;
4. adds the weights up the tree (a county's mentions support its city and
   province) and walks down from the whole country, entering a child unit only
   while it carries at least half of its parent's weight and is named more than
   in passing — so a province-wide report stays at the province while a report
   about one township reaches it.  National reports (全国, 中组部, 民政部, or
   three or more provinces named for certain, and no dominant province) come
   out as ``000000``; a name shared by units in several provinces (五龙乡) is
   ambiguous, never national.  Places inside cited document titles
   (《某省…办法》) are context; scope words (全县, 县委) take a report that
   names only its towns down to its county, and keep a county report that
   cites one town at the county.  A report that keeps naming one village
   given with its township (某镇某村, 某街道某社区) is about that village: its
   township is the most specific unit the gazetteer knows.
5. keeps what is not the report's own voice out of the vote: photo captions
   (图为…, …(10月29日摄)) are context; so is one township named once in a
   report that speaks as the city (我市, 全市 — a city paper's anecdote), which
   stays the city's.  Citing the centre (贯彻落实党中央部署) makes no national
   report.
6. falls back, when no unit carries the report: to the one unit whose cited
   document (《某省…》) or whose paper (阳泉日报讯) matches the level the report
   speaks for (全省, 全市); else to the name of an ambiguous unit it is
   plainly about (凤凰山街道 in the headline, in several provinces), returned
   without a code and flagged ``region_ambiguous``.

The sentences of figures are cut from the same text, so :func:`sentence_region`
reuses the mentions the document step found (per thread) instead of matching
every sentence again.

A figure's own region (:func:`sentence_region`) comes from the clause it sits
in, never from another clause of the same long sentence.
"""
from __future__ import annotations

import re
import threading
from collections import defaultdict
from functools import lru_cache
from operator import attrgetter
from itertools import chain
from typing import Final

from extract.figures import bisect_left_ints
from extract.furniture import _is_farm
from extract.gazetteer import NATIONAL, Gazetteer, Mention, gazetteer, leftmost, register_markers
from extract.records import Region

__all__ = ["resolve_document_region", "sentence_region"]

# After a place name, these make it an outlet's name (山西大院资讯网, 安徽网库讯, 阳泉日报).
_OUTLET_AFTER: Final = re.compile(
    r"[\u4e00-\u9fff]{0,6}?(?:新闻网|资讯网|网库|新闻|日报|晚报|早报|商报|时报|都市报|电视台|广播电视台|广播电台|融媒体中心|频道|客户端|发布|在线|网|报|台)"
    r"(?:讯|消息)?(?![\u4e00-\u9fff])"
)
_OUTLET_BEFORE: Final = re.compile(r"(?:来源|來源|稿源|供稿)\s*[:：]?\s*$")
_WIRE_DATELINE: Final = re.compile(r"\s*\d{1,2}月\d{1,2}日电")
# (No two of these words that start alike are one a prefix of the other, so
# the place-name automaton's leftmost hits are this pattern's matches.)
_NATIONAL_WORDS: Final = "全国 中组部 中央组织部 民政部 中共中央 中央办公厅 国务院 党中央".split()
_NATIONAL_MARKERS: Final = re.compile("|".join(_NATIONAL_WORDS))
NATIONAL_TAG, SCOPE_TAG = "national", "scope"
register_markers(NATIONAL_TAG, _NATIONAL_WORDS)
# "Our country": a report that names no place and speaks like this is national.
_COUNTRY_VOICE: Final = re.compile(r"我国|全国")
# Local reports cite the centre as a matter of course ("贯彻落实党中央部署"):
# these speak for a national report only in its headline.
_CITED_CENTRE: Final = {"中共中央", "中央办公厅", "国务院", "党中央"}
_DATE: Final = re.compile(r"(?:19|20)\d{2}\s*[-/.年]\s*\d{1,2}")
# A place inside a cited document's title (《某省村民委员会选举办法》) is whose rules
# apply, not where the report is.
_BOOK_TITLE: Final = re.compile(r"《[^《》\n]{1,60}》")
# Photo captions ("图为…", "…现场(10月29日摄)", "新华社记者 某某 摄") show where a
# picture was taken, often repeated under every photo: context, not scope.
# (Found from their key characters 图 and 摄 first: a pattern opening with an
# alternation or a bracket class scans prose slowly.)
_CAPTION_KEY: Final = re.compile(r"图为|图\s*[:：]|摄")
_PAREN_CREDIT: Final = re.compile(r"[(（][^()（）\n]{0,16}$")
_PAREN_CLOSE: Final = re.compile(r"\s*[)）]")
_NAMED_CREDIT: Final = re.compile(r"(?:(?:记者|通讯员|摄影)\s*[\u4e00-\u9fff]{2,4}\s*)$")
_CJK_AFTER: Final = re.compile(r"[\u4e00-\u9fff]")
_SENTENCE_END: Final = re.compile(r"[。！？!?\n]")
# Scope words say which level a report speaks for (全县15个乡镇…); a report may
# never name its own county, only its towns.
_SCOPE: Final = {
    "township": re.compile(r"全(?:乡|镇|街道)|(?:乡|镇)党委|[本我](?:乡|镇|街道)"),
    "county": re.compile(r"全县|县委|[本我]县|全旗|旗委|全区(?!域)|区委"),
    "city": re.compile(r"全市|市委|[本我]市|全州|州委"),
    "province": re.compile(r"全省|省委|本省|我省|全区(?=各)"),
}
_MUNICIPALITIES: Final = {"11", "12", "31", "50"}  # 北京 天津 上海 重庆: 全市 is the province level
LEVEL_DEPTH: Final = {"province": 1, "city": 2, "county": 3, "township": 4}
# One-character province abbreviations, safe only as a headline's lead-in
# ("粤：…", "【皖】…"); elsewhere they are author tags (粤组宣), plates or
# parts of words.  Characters that are also everyday words (黑 青 新 云 …) are left out.
_ABBREV: Final = {
    "京": "110000", "津": "120000", "冀": "130000", "晋": "140000", "辽": "210000", "沪": "310000",
    "苏": "320000", "浙": "330000", "皖": "340000", "闽": "350000", "赣": "360000", "鲁": "370000",
    "豫": "410000", "鄂": "420000", "湘": "430000", "粤": "440000", "桂": "450000", "琼": "460000",
    "渝": "500000", "川": "510000", "黔": "520000", "滇": "530000", "陕": "610000", "陇": "620000",
}
_ABBREV_LEAD: Final = re.compile(r"\s*(?:【\s*([%s])\s*】|([%s])\s*[:：])" % ("".join(_ABBREV), "".join(_ABBREV)))
# …and only when the report itself speaks for a province.
_PROVINCE_VOICE: Final = re.compile(r"全省|我省|省委|本省|省民政厅|省委组织部")

# A portal's navigation bar (首页 - 新闻 - 体育 …, 新闻中心 > 国内新闻 > …) is not
# the first paragraph, however long: the lead that names the place comes after it.
_NAV_SEP: Final = re.compile(r"\s[-—>|｜/»]\s")
_SENTENCE_PUNCT: Final = re.compile(r"[。，,；;！？]")


def _is_nav_line(line: str) -> bool:
    # Prose punctuation first: it turns up within a few characters of a
    # paragraph, while the separator pattern is tried at every position.
    return not _SENTENCE_PUNCT.search(line) and len(_NAV_SEP.findall(line)) >= 3


# A village named right after its township ("某镇某村") — a report that keeps
# naming one such village is about that village, whose unit is the township.
_VILLAGE_AFTER: Final = re.compile(r"([\u4e00-\u9fff]{1,5}?)(?:村|社区)")
_NOT_VILLAGE: Final = re.compile(
    r"[的各所有个全每农党委书记到在和与及等两三四五六七八九十百千万乡镇县市区]"
    r"|(?:行政|自然|贫困|重点|示范|试点|空壳|城中|中心|合并|涉农|建制|辖|城市|城镇|农村|新型|集体|软弱|涣散)$"
)

W_TITLE, W_FIRST, W_BODY, W_HEAD, W_OUTLET, W_WIRE = 3.0, 2.0, 1.0, 0.3, 0.0, 0.3
KIND_WEIGHT: Final = {"full": 1.0, "historical": 1.0, "short": 0.8, "weak": 0.8}
DESCEND_SHARE: Final = 0.5  # a child must carry this share of its parent's weight
TOWNSHIP_SHARE: Final = 0.6  # stricter for townships: county reports cite their townships as examples
VILLAGE_SHARE: Final = 0.3  # …but the township of the one village a report keeps naming needs less
MIN_DIRECT: Final = 1.5  # and be named with at least this weight itself
NEAR: Final = 12  # characters: "阳泉市城区", "蒙城县立仓镇" name the parent right before


def _nonblank_lines(text: str):
    """(start, end, line) of each line of ``text`` with more than white space, lazily:
    the layout needs the first dozen and the first paragraph, not every line."""
    pos = 0
    for ln in text.split("\n"):
        n = len(ln)
        if n and not ln.isspace():
            yield pos, pos + n, ln
        pos += n + 1


def _layout(text: str, title: str | None) -> tuple[tuple[int, int] | None, int, tuple[int, int] | None]:
    """(title span, end of header block, first paragraph span) in ``text``."""
    t = title.strip() if title else ""
    key = t[:20] if t else None
    # The header block is read from the first dozen lines, but only as far as
    # the dateline and the headline are found.
    lines = _nonblank_lines(text)
    head: list[tuple[int, int, str]] = []
    date_i = None
    title_span = None
    for a, b, ln in lines:
        head.append((a, b, ln))
        if date_i is None and b - a < 120 and _DATE.search(ln):
            date_i = len(head) - 1
        if title_span is None and key is not None and key in ln:
            title_span = (a, b)
        if len(head) == 12 or (date_i is not None and (key is None or title_span is not None)):
            break
    if title_span is None and date_i is not None:
        for a, b, ln in reversed(head[:date_i]):
            s = ln.strip()
            if len(s) >= 6 and not s.endswith(("网", "网站", "频道")):
                title_span = (a, b)
                break
    if title_span is None and head:
        a, b, ln = head[0]
        s = ln.strip()
        if 6 <= len(s) <= 60 and "。" not in s:
            title_span = (a, b)
    head_end = head[date_i][1] if date_i is not None else (title_span[1] if title_span else 0)
    after = max(head_end, title_span[1]) if title_span else head_end
    first = next(((a, b) for a, b, ln in chain(head, lines) if a >= after and b - a >= 20 and not _is_nav_line(ln)),
                 None)
    return title_span, head_end, first


def _caption_spans(text: str) -> list[tuple[int, int]]:
    """Sentences (split at 。！？ and line breaks) that caption a photo.

    "图为…" and a line opening "图：" caption to the end of their sentence;
    "…(10月29日摄)", "记者 某某 摄" and "摄影：" close the caption they end, so
    the report's next sentence (often on the same line) stays the report's.
    """
    out: list[tuple[int, int]] = []
    for mk in _CAPTION_KEY.finditer(text):
        k = mk.start()
        if mk.group() == "摄":
            if _PAREN_CLOSE.match(text, k + 1) and _PAREN_CREDIT.search(text, max(0, k - 17), k):
                end = _PAREN_CLOSE.match(text, k + 1).end()  # type: ignore[union-attr]  # matched just above
            elif text.startswith("影", k + 1) and text[k + 2: k + 3] in (":", "："):
                end = k + 3
            elif _NAMED_CREDIT.search(text, max(0, k - 12), k) and not _CJK_AFTER.match(text, k + 1):
                end = k + 1
            else:
                continue
        else:
            if mk.group() != "图为" and text[text.rfind("\n", 0, k) + 1: k].strip():
                continue  # "图：" only where it opens a line
            e = _SENTENCE_END.search(text, mk.end())
            end = e.start() if e else len(text)
        a = 0
        for e in _SENTENCE_END.finditer(text, max(0, k - 200), k):
            a = e.end()
        if out and out[-1][1] >= a:
            out[-1] = (out[-1][0], max(end, out[-1][1]))
        else:
            out.append((a, end))
    return out


def _is_outlet(text: str, m: Mention) -> bool:
    return _outlet_at(text, m.start, m.end)


def _outlet_at(text: str, start: int, end: int) -> bool:
    """True when the name at ``text[start:end]`` is part of an outlet's name (reads
    at most ``_OUTLET_READS_BEFORE`` characters before it and ``_OUTLET_READS_AFTER`` after)."""
    if _OUTLET_AFTER.match(text, end):
        return True
    return bool(_OUTLET_BEFORE.search(text, max(0, start - _OUTLET_READS_BEFORE), start))


# How far _outlet_at looks: six characters before the name; after it up to six
# characters, a five-character outlet word, 消息 and one look-ahead character.
_OUTLET_READS_BEFORE, _OUTLET_READS_AFTER = 6, 6 + 5 + 2 + 1


def _weigh(text: str, mentions: list[Mention], layout) -> tuple[list[tuple[Mention, float, bool]], list[Mention]]:
    """Each mention with its weight and whether it may only serve as context; and the outlet names among them."""
    title_span, head_end, first = layout
    out = []
    outlets = []
    farm_lines: dict[int, bool] = {}
    # A link farm line has four or more bars: without one in the text there is none.
    pipes = "|" in text or "｜" in text
    books = [mk.span() for mk in _BOOK_TITLE.finditer(text)] if "《" in text else []
    captions = _caption_spans(text) if ("摄" in text or "图" in text) else []
    # A wire dateline (…10月29日电) holds 日电: without it, no mention needs the pattern.
    wire = "日电" in text
    for m in mentions:
        if pipes:
            # Link farms are normally gone already (normalise); stay safe on raw text.
            ls = text.rfind("\n", 0, m.start) + 1
            farm = farm_lines.get(ls)
            if farm is None:
                le = text.find("\n", m.start)
                line = text[ls: le if le >= 0 else len(text)]
                farm = farm_lines[ls] = line.count("|") + line.count("｜") >= 4 and _is_farm(line.strip())
            if farm:
                if _is_outlet(text, m):
                    outlets.append(m)
                out.append((m, W_OUTLET, True))
                continue
        if _is_outlet(text, m):
            outlets.append(m)
            out.append((m, W_OUTLET, True))
            continue
        if books and any(a < m.start and m.end < b for a, b in books):
            out.append((m, W_OUTLET, True))
            continue
        if title_span and title_span[0] <= m.start < title_span[1]:
            w = W_TITLE
        elif m.start < head_end or (captions and any(a <= m.start < b for a, b in captions)):
            w = W_HEAD
        elif first and first[0] <= m.start < first[1]:
            w = W_FIRST
        else:
            w = W_BODY
        if wire and _WIRE_DATELINE.match(text, m.end):
            w = min(w, W_WIRE)
        out.append((m, w * KIND_WEIGHT.get(m.kind, 1.0), w <= W_HEAD))
    return out, outlets


def _resolve_candidates(
    g: Gazetteer, weighed: list[tuple[Mention, float, bool]], text_len: int
) -> tuple[list[tuple[Mention, float, list[Region]]], bool]:
    """Pick each mention's candidates by the other units named; returns (resolved, ambiguous_seen)."""
    if all(len(m.candidates) == 1 and m.kind != "weak" for m, _, _ in weighed):
        # Nothing to choose between: the evidence below would never be read.
        return [(m, w, m.candidates) for m, w, _ in weighed], False
    chain = _chain_codes
    # Evidence: units named unambiguously (and not weakly), with their ancestors;
    # and, for each unit, how often units below it are named (its townships
    # support an ambiguous county name).
    evidence: dict[str, float] = defaultdict(float)
    below: dict[str, float] = defaultdict(float)
    for m, w, _ in weighed:
        if len(m.candidates) == 1 and m.kind != "weak":
            for c in chain(m.candidates[0].code):
                evidence[c] += 1.0
        if len(m.candidates) <= 3:
            for r in m.candidates:
                for a in chain(r.code)[:-1]:
                    below[a] += 0.5
    resolved = []
    ambiguous = False
    for idx, (m, w, ctx_only) in enumerate(weighed):
        cands = m.candidates
        if len(cands) == 1 and m.kind != "weak":
            resolved.append((m, w, cands))
            continue
        scores = []
        for r in cands:
            anc = chain(r.code)[:-1]
            s = sum(evidence.get(a, 0.0) for a in anc)
            # A parent named right before ("阳泉市城区") is near-certain.
            for m2, _, _ in weighed[max(0, idx - 2): idx]:
                if m.start - m2.end <= NEAR and any(c.code in anc for c in m2.candidates):
                    s += 5.0
            # Units below this candidate named elsewhere (its townships) support it.
            s += below.get(r.code, 0.0)
            scores.append(s)
        best = max(scores) if scores else 0.0
        if best <= 0:
            if m.kind != "weak" and len(cands) <= 3 and not ctx_only:
                resolved.append((m, w, cands))  # genuinely ambiguous: split the weight
            ambiguous = True
            continue
        top = [r for r, s in zip(cands, scores) if s == best]
        if len(top) > 1:
            ambiguous = True
        resolved.append((m, w, top))
    return resolved, ambiguous


def resolve_document_region(
    text: str, *, title: str | None = None, byline: str | None = None
) -> tuple[Region | None, list[str]]:
    """The most specific unit ``text`` reports on, or national, or None; plus flags."""
    flags: list[str] = []
    if not text and not title:
        return None, flags
    text = text or ""
    g = gazetteer()
    # One automaton pass finds the place names and the national and scope words.
    scan = g.scan(text)
    mentions = scan.mentions
    layout = _layout(text, title)
    scope = _scope_counts(text, scan.markers.get(SCOPE_TAG), layout[1])
    weighed, outlets = _weigh(text, mentions, layout)
    # Figures' sentences are cut from this text: keep its mentions so that
    # sentence_region slices them instead of matching every sentence again.
    _last_doc.value = _DocMentions(text, mentions, scan.markers.get(WIDE_TAG, []), outlets)
    extra = []
    if title and title.strip() and text.find(title.strip()[:20], 0, 2000) < 0:
        extra.append(title)
    for s, w in [(t, W_TITLE) for t in extra] + ([(byline, W_HEAD)] if byline else []):
        for m in g.find_mentions(s):
            outlet = _is_outlet(s, m)
            if outlet:
                outlets.append(m)
            weighed.append((m, 0.0 if outlet else w * KIND_WEIGHT.get(m.kind, 1.0), outlet or w <= W_HEAD))

    weighed.extend(_abbreviated_province(g, text, layout[0], extra))

    resolved, ambiguous = _resolve_candidates(g, weighed, len(text))

    resolved = _qualifiers_to_child(g, resolved)
    village_town, village_more = _village_township(text, resolved)
    direct: dict[str, float] = defaultdict(float)
    for m, w, cands in resolved:
        if w <= 0:
            continue
        share = w / len(cands)
        for r in cands:
            direct[r.code] += share
    if village_town:
        # The village named on its own is a place inside its township too.
        direct[village_town] += village_more * W_BODY * KIND_WEIGHT["short"]
    # National markers: 全国 / central organs, weighed like mentions.
    title_span, head_end, first = layout
    national = 0.0
    for a, b in leftmost(scan.markers.get(NATIONAL_TAG, [])):
        if title_span and title_span[0] <= a < title_span[1]:
            national += W_TITLE
        elif text[a:b] in _CITED_CENTRE:
            continue
        elif first and first[0] <= a < first[1]:
            national += W_FIRST
        elif a >= head_end:
            national += W_BODY * 0.5
    for t in extra:
        national += W_TITLE * len(_NATIONAL_MARKERS.findall(t))

    support: dict[str, float] = defaultdict(float)
    children: dict[str, set[str]] = defaultdict(set)
    for code, w in direct.items():
        lin = _chain_codes(code)
        parent = "000000"
        for c in lin:
            support[c] += w
            children[parent].add(c)
            parent = c
    total = sum(direct.values())
    if total <= 0:
        if national >= W_FIRST or (
                (national > 0 or _COUNTRY_VOICE.search(text)) and not _scope_depth(scope)):
            # no place named; the report speaks of the country (我国, 民政部 …)
            # and for no lower level (全县, 我市): a national commentary
            return NATIONAL, flags + (["region_ambiguous"] if ambiguous else [])
        fallback = (_cited_unit(g, text, weighed, scope) or _outlet_voice(g, outlets, scope)
                    or _name_only(weighed))
        if fallback is not None:
            return fallback, flags + (["region_ambiguous"] if not fallback.code else [])
        return None, flags + (["region_ambiguous"] if ambiguous else ["region_unknown"])

    current = "000000"
    current_support = total + national
    while True:
        kids = children.get(current)
        if not kids:
            break
        best = max(kids, key=lambda c: (support[c], direct.get(c, 0.0), c))
        named = direct.get(best, 0.0) + max(
            (direct.get(d, 0.0) for d in _descendants_named(best, children)), default=0.0
        )
        need = (VILLAGE_SHARE if best == village_town else TOWNSHIP_SHARE) if len(best) > 6 else DESCEND_SHARE
        if support[best] < need * current_support or named < MIN_DIRECT:
            break
        if any(c != best and support[c] >= support[best] * 0.999 for c in kids):
            ambiguous = True  # two units tie: naming either would be a guess
            break
        current, current_support = best, support[best]
    # A report speaking for a lower level than the names alone reach (全县… with
    # only its towns named) goes down to that level while one unit clearly
    # carries the weight.
    titled = _title_codes(resolved)
    want = _scope_depth(scope)
    if len(current) > 6 and _speaks_for_county(scope):
        current = current[:6]  # a county report that cites one town more than anything else
    elif len(current) >= 6 and current != village_town and _speaks_for_city(scope) \
            and _times_named(current, resolved) <= (2 if not _title_below_city(g, titled) else 1) \
            and (len(current) > 6 or current not in titled):
        # "我市…", "全市…" throughout, one township (or county) named once or
        # twice where an anecdote or a ceremony happened: the city's report.
        # In a municipality (上海, 北京 …) 全市 is the province level itself.
        city = _city_of(g, current)
        if city is not None:
            current = city.code
    while not ambiguous and want and LEVEL_DEPTH.get(getattr(g.by_code(current), "level", ""), 0) < want \
            and not (current == "000000" and national > 0):
        kids = children.get(current)
        if not kids:
            break
        best = max(kids, key=lambda c: (support[c], direct.get(c, 0.0), c))
        in_title = [c for c in kids if c in titled or any(t.startswith(c) for t in titled)]
        if support[best] < DESCEND_SHARE * current_support and len(in_title) == 1:
            # A county's plan (标题: 某县…方案, 全县 throughout) that cites its
            # city's documents and bodies at every turn: the headline's unit.
            best = in_title[0]
            if any(c != best and c in titled for c in kids):
                break
        elif support[best] < DESCEND_SHARE * current_support:
            break
        if LEVEL_DEPTH.get(g.by_code(best).level, 9) > want:  # type: ignore[union-attr]  # a child code is a known unit
            break
        if any(c != best and support[c] >= support[best] * 0.999 for c in kids):
            break
        current, current_support = best, support[best]
    if ambiguous:
        flags.append("region_ambiguous")
    if current == "000000":
        # Many provinces named for sure make a national round-up; one name that
        # exists in several provinces does not (五龙乡 in three of them).
        firm = {_chain_codes(cands[0].code)[0] for _, w, cands in resolved if w > 0 and len(cands) == 1}
        if national >= W_FIRST or len(firm) >= 3:
            return NATIONAL, flags
        only_name = _name_only(weighed)
        if only_name is not None:
            return only_name, flags if ambiguous else flags + ["region_ambiguous"]
        return None, flags if ambiguous else flags + ["region_unknown"]
    return g.by_code(current), flags


def _cited_unit(g: Gazetteer, text: str, weighed: list[tuple[Mention, float, bool]], scope: dict[str, int]) -> Region | None:
    """A report that names no place of its own but speaks for a level (全省…) and
    cites one unit's document (《某省村务公开…教材》) is about that unit, at that level."""
    if "《" not in text:
        return None
    want = _scope_depth(scope)
    if not want:
        return None
    books = [mk.span() for mk in _BOOK_TITLE.finditer(text)]
    units = set()
    for m, _, _ in weighed:
        if len(m.candidates) != 1 or m.kind == "weak" or text[m.start:m.end] != m.surface:
            continue
        if any(a < m.start and m.end < b for a, b in books):
            chain = _chain_codes(m.candidates[0].code)
            if len(chain) < want:
                return None  # a unit above the level the report speaks for
            units.add(chain[want - 1])
    return g.by_code(units.pop()) if len(units) == 1 else None


def _outlet_voice(g: Gazetteer, outlets: list[Mention], scope: dict[str, int]) -> Region | None:
    """A report that names no place but speaks for a level (全市…, 我县…) in a paper
    named after one unit of that level (阳泉日报讯) is about that unit."""
    if not outlets:
        return None
    want = _scope_depth(scope)
    if not want:
        return None
    units = set()
    for m in outlets:
        if len(m.candidates) != 1 or m.kind == "weak":
            continue
        chain = _chain_codes(m.candidates[0].code)
        if len(chain) >= want:
            units.add(chain[want - 1])
    if len(units) != 1:
        return None
    r = g.by_code(units.pop())
    return r if r is not None and LEVEL_DEPTH.get(r.level) == want else None


def _name_only(weighed: list[tuple[Mention, float, bool]]) -> Region | None:
    """The name of an ambiguous unit the report is plainly about (凤凰山街道 in its
    headline, in several provinces, none named), as a region without a code.

    Better than nothing for a reader and for name matching; flagged
    ``region_ambiguous`` by the caller.
    """
    by_surface: dict[str, float] = defaultdict(float)
    level: dict[str, str] = {}
    for m, w, ctx_only in weighed:
        if w <= 0 or ctx_only or len(m.candidates) < 2 or m.kind == "weak":
            continue
        levels = {r.level for r in m.candidates}
        if len(levels) != 1:
            continue
        by_surface[m.surface] += w
        level[m.surface] = levels.pop()
    if not by_surface:
        return None
    best = max(by_surface, key=lambda k: (by_surface[k], k))
    if by_surface[best] < W_TITLE or any(v >= by_surface[best] for k, v in by_surface.items() if k != best):
        return None
    return Region("", best, level[best])


def _village_township(text: str, resolved: list[tuple[Mention, float, list[Region]]]) -> tuple[str | None, int]:
    """The township of the one village the report is about (or None), and how
    often the village is named without its township.

    "某镇某村" names a village with its township; when exactly one such village
    is named again elsewhere in the report (a village report repeats its
    village), its township is the report's most specific unit.  Several
    villages named that way make it a report about their common unit.
    """
    towns: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for m, w, cands in resolved:
        if len(cands) != 1 or cands[0].level != "township" or w <= 0 or text[m.start:m.end] != m.surface:
            continue  # (mentions from the byline or a separate title have other offsets)
        mk = _VILLAGE_AFTER.match(text, m.end)
        if mk and not _NOT_VILLAGE.search(mk.group(1)):
            towns[cands[0].code][mk.group(0)] += 1
    villages = [(t, text.count(v) - n) for t, vs in towns.items() for v, n in vs.items() if text.count(v) >= 2]
    if len(villages) != 1:
        return None, 0
    return villages[0]


# Scope words, found by the place-name automaton (no two start alike, so its
# leftmost hits are a regex alternation's matches).
_SCOPE_WORD_LIST: Final = ("全乡 全镇 全街道 乡党委 镇党委 本乡 本镇 本街道 我乡 我镇 我街道 全县 县委 本县 我县 全旗 旗委 全区 区委 "
                    "全市 市委 本市 我市 全州 州委 全省 省委 本省 我省").split()
register_markers(SCOPE_TAG, _SCOPE_WORD_LIST)
# What each scope word counts for, as the ``_SCOPE`` patterns read it: one
# dictionary look-up per word instead of four pattern matches.  全区 alone
# depends on the next character (全区域 is no scope word; 全区各… speaks for a
# county and for an autonomous region alike), so it is read in place.
_SCOPE_WORD_LEVELS: dict[str, tuple[str, ...]] = {
    w: tuple(lv for lv, rx in _SCOPE.items() if rx.match(w + "x")) for w in _SCOPE_WORD_LIST if w != "全区"
}


# A party body named after others in a list (中央、省委、市委和区委) is cited as
# a superior whose rules apply: a township's plan cites its district that way.
_CITED_CHAIN: Final = re.compile(r"(?:委|中央)\s*[、和及与]\s*$")


def _scope_counts(text: str, hits: list[tuple[int, int]] | None, pos: int) -> dict[str, int]:
    """How often each level's scope words occur in ``text[pos:]`` (as the ``_SCOPE`` patterns count them).

    ``hits`` are the scope words' spans from the document's automaton pass.
    """
    counts = dict.fromkeys(_SCOPE, 0)
    if not hits:
        return counts
    levels_of = _SCOPE_WORD_LEVELS
    for a, b in leftmost(hits, pos):
        if _CITED_CHAIN.search(text, max(pos, a - 4), a):
            continue  # 根据中央、市委和区委…: the bodies above the author, not its own voice
        levels = levels_of.get(text[a:b])
        if levels is None:  # 全区
            nxt = text[b: b + 1]
            levels = () if nxt == "域" else ("county", "province") if nxt == "各" else ("county",)
        for lv in levels:
            counts[lv] += 1
    return counts


def _scope_depth(counts: dict[str, int]) -> int:
    """The level the report's own scope words point to (全县 → county), 0 when unclear."""
    top = max(counts.values())
    if top == 0:
        return 0
    levels = [lv for lv, n in counts.items() if n == top]
    return LEVEL_DEPTH[levels[0]] if len(levels) == 1 else 0


def _speaks_for_city(counts: dict[str, int]) -> bool:
    """我市/全市 clearly outnumber the county's and townships' own scope words."""
    return counts["city"] >= 2 and counts["city"] > 2 * (counts["county"] + counts["township"])


def _title_codes(resolved: list[tuple[Mention, float, list[Region]]]) -> set[str]:
    """Codes of the units the headline names (only a headline mention weighs this much)."""
    floor = W_TITLE * min(KIND_WEIGHT.values())
    return {cands[0].code for m, w, cands in resolved if len(cands) == 1 and w >= floor and m.kind != "weak"}


def _title_below_city(g: Gazetteer, titled: set[str]) -> bool:
    """The headline names a county or a township (not only a city or province)."""
    return any(getattr(g.by_code(c), "level", "") in ("county", "township") for c in titled)


def _city_of(g: Gazetteer, code: str) -> Region | None:
    """The city ``code`` lies in; for a municipality's district, the municipality."""
    lin = g.lineage(code)
    city = next((r for r in lin if r.level == "city"), None)
    if city is None and lin and lin[0].code[:2] in _MUNICIPALITIES:
        return lin[0]
    return city


def _times_named(code: str, resolved: list[tuple[Mention, float, list[Region]]]) -> int:
    return sum(1 for m, w, cands in resolved if len(cands) == 1 and cands[0].code == code)


def _speaks_for_county(counts: dict[str, int]) -> bool:
    """全县/县委 clearly outnumber 全镇/镇党委: the report speaks for the county."""
    return counts["county"] >= 2 and counts["county"] > 2 * counts["township"]


def _abbreviated_province(
    g: Gazetteer, text: str, title_span: tuple[int, int] | None, extra: list[str]
) -> list[tuple[Mention, float, bool]]:
    """A headline led by a province's one-character name ("粤：…") in a report that speaks for a province."""
    heads = [(text, title_span[0])] if title_span else []
    heads += [(t, 0) for t in extra]
    out = []
    for src, pos in heads:
        mk = _ABBREV_LEAD.match(src, pos)
        if not mk or not _PROVINCE_VOICE.search(text):
            continue
        grp = 1 if mk.group(1) else 2
        region = g.by_code(_ABBREV[mk.group(grp)])
        if region is not None:
            m = Mention(mk.start(grp), mk.end(grp), mk.group(grp), [region], "short")
            out.append((m, W_TITLE * KIND_WEIGHT["short"], False))
    return out


def _qualifiers_to_child(
    g: Gazetteer, resolved: list[tuple[Mention, float, list[Region]]]
) -> list[tuple[Mention, float, list[Region]]]:
    """In "蒙城县立仓镇" or "自贡市沿滩区" the parent only qualifies the child: give its weight to the child."""
    out = list(resolved)
    for i in range(1, len(out)):
        # Adjacency first: most neighbouring mentions stand apart, and that
        # test needs no tuple unpacked (out[i - 1] may be the one just rewritten).
        first, second = out[i - 1], out[i]
        m1, m2 = first[0], second[0]
        if not 0 <= m2.start - m1.end <= 1:
            continue
        w1, c1 = first[1], first[2]
        c2 = second[2]
        if w1 <= 0 or len(c1) != 1 or len(c2) != 1:
            continue
        if c1[0].code != c2[0].code and g.is_within(c2[0].code, c1[0].code):
            out[i - 1] = (m1, 0.0, c1)
            out[i] = (m2, second[1] + w1, c2)
    return out


def _descendants_named(code: str, children: dict[str, set[str]]) -> list[str]:
    out = []
    stack = list(children.get(code, ()))
    while stack:
        c = stack.pop()
        out.append(c)
        stack.extend(children.get(c, ()))
    return out


# Figure-level regions look only at the clause a figure sits in: a long
# sentence often names a township in one clause and counts county-wide things
# in the next ("…28名区级领导下沉一线，…，某镇党委精心组织").
_CLAUSE_SEP: Final = re.compile(r"[，,；;。！!？?\n]")
_UP_TO_CLAUSE_SEP: Final = re.compile(r".*[，,；;。！!？?\n]", re.S)  # …to the last separator
_LIST_SEP: Final = re.compile(r"[、]")
_UP_TO_LIST_SEP: Final = re.compile(r".*、", re.S)
_LIST_JOIN: Final = re.compile(r"^[\s、和及与]*$")
_JOINED: Final = re.compile(r"^\s*(?:、|和|及|与|以及)\s*$")  # two names with a joiner, not 市+区 qualifying
_SEVERAL: Final = re.compile(r"分别|各自|依次")
# 全国 as the unit a figure is about (全国共有…, 全国各地…), not an honour (全国先进…).
_NATION_SCOPE: Final = re.compile(r"全国(?=[共有已将各范村社约近超\d])")
# 全省/全市/全县 speak for the document's own province, city or county (a city
# report quoting the province's total); never 全省首家, 在全省率先 ….
_LEVEL_SCOPE: Final = re.compile(r"全(省|市|州|盟|县|旗)(?=[共有已将各范村社约近超新平累\d])")
_SCOPE_LEVEL: Final = {"省": "province", "市": "city", "州": "city", "盟": "city", "县": "county", "旗": "county"}


# Both scope patterns open with one of these words: the document's automaton
# pass finds them, and a sentence without one needs no pattern at all.
WIDE_TAG: Final = "wide"
register_markers(WIDE_TAG, "全国 全省 全市 全州 全盟 全县 全旗".split())


class _DocMentions:
    """The place mentions and scope-word spots of the document resolved last,
    and (filled as figures ask) the mentions of each of its sentences."""

    __slots__ = ("text", "mentions", "starts", "wide", "wide_starts", "item_starts", "outlets", "seen")

    def __init__(self, text: str, mentions: list[Mention], wide: list[tuple[int, int]],
                 outlets: list[Mention]) -> None:
        self.text = text
        self.mentions = mentions
        self.starts = [m.start for m in mentions]
        self.wide = wide
        self.wide_starts = [a for a, _ in wide]
        self.item_starts = sorted(self.starts + self.wide_starts)
        self.outlets = {id(m) for m in outlets}
        """The mentions that are part of an outlet's name, read in the whole text."""
        self.seen: dict[str, tuple[Mention, ...]] = {}

    def of_sentence(self, sentence: str, at: int = -1) -> tuple[Mention, ...] | None:
        """The mentions of ``sentence`` (offsets within it), None when it is not cut from this text.

        ``at``, when the caller knows it, is where the sentence stands in the
        text: its first occurrence (the one read) is then looked for up to
        there, not through the rest of the text.

        The same as matching the sentence on its own reading: a scope
        pattern's look-ahead stops at the sentence's end (``endpos``), and an
        outlet name is judged within the sentence.  (Callers look in
        ``seen`` first.)
        """
        got: tuple[Mention, ...]
        k = self.text.find(sentence, 0, at + len(sentence)) if at >= 0 else -1
        if k < 0:
            k = self.text.find(sentence)
        if k < 0:
            return None
        end = k + len(sentence)
        item_starts = self.item_starts
        i = bisect_left_ints(item_starts, k)
        if i == len(item_starts) or item_starts[i] >= end:
            got = self.seen[sentence] = ()  # most sentences name no place
            return got
        starts, wide_starts = self.starts, self.wide_starts
        i = bisect_left_ints(starts, k)
        j = bisect_left_ints(wide_starts, k)
        mentions = []
        doc_mentions = self.mentions
        n = len(sentence)
        while i < len(doc_mentions) and doc_mentions[i].start < end:
            m = doc_mentions[i]
            i += 1
            if m.end <= end:
                a, b = m.start - k, m.end - k
                # Whether it names an outlet, as read in the whole text, holds
                # for the sentence when everything the test reads lies inside it.
                if a >= _OUTLET_READS_BEFORE and b + _OUTLET_READS_AFTER <= n:
                    outlet = id(m) in self.outlets
                else:
                    outlet = _outlet_at(sentence, a, b)
                if not outlet:
                    mentions.append(Mention(a, b, m.surface, m.candidates, m.kind))
        scopes = []
        text = self.text
        wide = self.wide
        while j < len(wide) and wide[j][0] < end:
            a = wide[j][0]
            j += 1
            if _NATION_SCOPE.match(text, a, end):
                scopes.append(Mention(a - k, a - k + 2, "全国", [NATIONAL]))
            elif _LEVEL_SCOPE.match(text, a, end):
                scopes.append(Mention(a - k, a - k + 2, text[a:a + 2], [], "scope"))
        got = self.seen[sentence] = tuple(sorted(mentions + scopes, key=_START)) if scopes else tuple(mentions)
        return got


_START: Final = attrgetter("start")


# Per thread, ``.value``: the document resolve_document_region saw last.  A plain
# ``threading.local`` (a subclass of it is no class mypyc can compile).
_last_doc = threading.local()


def _last_doc_seen() -> _DocMentions | None:
    last: _DocMentions | None = getattr(_last_doc, "value", None)
    return last


def _sentence_mentions(sentence: str) -> tuple[Mention, ...]:
    """Place mentions of a sentence (outlet names dropped, 全国 added).

    A sentence of the document whose region was resolved last (in this
    thread) takes that document's mentions inside it, shifted; any other
    sentence is matched on its own (and cached: every figure of a sentence
    asks again).
    """
    last = _last_doc_seen()
    if last is not None and sentence:
        got = last.seen.get(sentence)
        if got is None:
            got = last.of_sentence(sentence)
        if got is not None:
            return got
    return _matched_sentence_mentions(sentence)


@lru_cache(maxsize=2048)
def _matched_sentence_mentions(sentence: str) -> tuple[Mention, ...]:
    return _with_scopes(sentence, gazetteer().find_mentions(sentence))


def _with_scopes(sentence: str, found: list[Mention]) -> tuple[Mention, ...]:
    mentions = [m for m in found if not _is_outlet(sentence, m)]
    if "全" not in sentence:  # both scope patterns start with 全
        return tuple(mentions)
    nation = [Mention(mk.start(), mk.end(), "全国", [NATIONAL]) for mk in _NATION_SCOPE.finditer(sentence)]
    nation += [Mention(mk.start(), mk.end(), mk.group(), [], "scope") for mk in _LEVEL_SCOPE.finditer(sentence)]
    return tuple(sorted(mentions + nation, key=lambda m: m.start)) if nation else tuple(mentions)


@lru_cache(maxsize=4096)
def _chain_codes(code: str) -> list[str]:
    """Codes from the province down to ``code`` (callers never modify the list)."""
    return [r.code for r in gazetteer().lineage(code)]


@lru_cache(maxsize=4096)
def _unit_at_level(code: str, level: str | None) -> Region | None:
    """The unit of ``level`` in ``code``'s lineage (the unit itself or an ancestor)."""
    g = gazetteer()
    return next((r for c in _chain_codes(code) if (r := g.by_code(c)) is not None and r.level == level), None)


def _scoped_pick(g: Gazetteer, m: Mention, doc_chain: list[str], before: Mention | None) -> Region | None:
    """The one region ``m`` means here: a parent named right before it, else
    candidates under the document's unit (most specific first), else none."""
    if m.kind == "scope":  # 全省 → the document's province
        return _unit_at_level(doc_chain[-1], _SCOPE_LEVEL.get(m.surface[-1])) if doc_chain else None
    cands = m.candidates
    if before is not None and 0 <= m.start - before.end <= 1:
        under = [r for r in cands if any(g.is_within(r.code, p.code) and r.code != p.code for p in before.candidates)]
        if len(under) == 1:
            return under[0]
    if len(cands) == 1 and m.kind != "weak":
        return cands[0]
    for anc in reversed(doc_chain):
        scoped = [r for r in cands if g.is_within(r.code, anc)]
        if scoped:
            return scoped[0] if len(scoped) == 1 else None
    return None


def _places_of(sentence: str, at: int = -1) -> tuple[Mention, ...]:
    """The place mentions ``sentence_region`` reads (``_sentence_mentions``, the
    document's sentence table first: most sentences of a report name no place);
    ``at``: the sentence's offset in the document, when known (``of_sentence``)."""
    last = _last_doc_seen()
    if last is not None:
        mentions = last.seen.get(sentence)
        if mentions is None:
            mentions = last.of_sentence(sentence, at)
            if mentions is None:
                mentions = _matched_sentence_mentions(sentence)
        return mentions
    return _matched_sentence_mentions(sentence)


def names_places(sentence: str, at: int = -1) -> bool:
    """Whether ``sentence`` names a place (or a scope word) that ``sentence_region``
    reads: when not, it returns None for every figure of the sentence, so a caller
    with many figures per sentence asks this once instead.  ``at``: where the
    sentence stands in the text the document region was resolved on, when known."""
    return bool(sentence) and bool(_places_of(sentence, at))


def _clause_bounds(sentence: str, start: int, end: int) -> tuple[int, int]:
    # The greedy pattern runs to ``start`` and backs up to the last separator before it.
    mk = _UP_TO_CLAUSE_SEP.match(sentence, 0, start)
    a = mk.end() if mk else 0
    mk = _CLAUSE_SEP.search(sentence, end)
    return a, (mk.start() if mk else len(sentence))


def _pick(g: Gazetteer, mentions: tuple[Mention, ...], i: int, doc_chain: list[str]) -> Region | None:
    """The region ``mentions[i]`` means (``_scoped_pick``, the mention before it as a parent).

    (A module function, not a closure in ``sentence_region``: compiled, a direct
    call instead of a Python call of a closure object built per figure.)"""
    return _scoped_pick(g, mentions[i], doc_chain, mentions[i - 1] if i > 0 else None)


def _differs(doc_code: str | None, r: Region | None) -> Region | None:
    """``r`` unless it is none or the document's own unit."""
    return None if r is None or r.code == doc_code else r


def sentence_region(
    sentence: str,
    doc_region: Region | None,
    *,
    figure_start: int | None = None,
    figure_end: int | None = None,
) -> Region | None:
    """The unit a sentence (or one figure in it) is about when that is not the document's unit.

    With ``figure_start``/``figure_end`` (offsets of the figure within
    ``sentence``) only the figure's own clause counts (split at ，；。 and
    line breaks), and within it the 、-list item the figure sits in: "其中，甲镇22个村、
    乙镇18个村" gives each count its township, while a township named in
    another clause of the same long sentence leaves the figure with the
    document's unit.  Without offsets the whole sentence is one clause and
    must name exactly one unit besides the document's own.

    Names with several candidates (城区, 义井镇) are read under the document's
    unit first.  Returns ``None`` when the figure belongs to the document's
    unit (or nothing can be said for sure): callers fall back to the document
    region.
    """
    if not sentence:
        return None
    mentions = _places_of(sentence)
    if not mentions:
        return None
    if figure_start is not None:
        n = len(sentence)
        fs = min(max(figure_start, 0), n)
        fe = min(max(figure_end if figure_end is not None else fs, fs), n)
        a, b = _clause_bounds(sentence, fs, fe)
        in_clause = [i for i, m in enumerate(mentions) if m.start >= a and m.end <= b]
        if not in_clause:
            return None
    g = gazetteer()
    doc_code = doc_region.code if doc_region else None
    doc_chain = _chain_codes(doc_code) if doc_code and doc_code != "000000" else []

    if figure_start is None:
        units = {r.code: r for i, m in enumerate(mentions)
                 if (r := _pick(g, mentions, i, doc_chain)) is not None and r.code not in doc_chain
                 and r.code != doc_code}
        return next(iter(units.values())) if len(units) == 1 else None

    # The 、-list item holding the figure.
    if "、" in sentence:
        mk = _UP_TO_LIST_SEP.match(sentence, a, fs)
        sa = mk.end() if mk else a
        mk = _LIST_SEP.search(sentence, fe, b)
        sb = mk.start() if mk else b
    else:
        sa, sb = a, b
    before = []
    after = []
    for i in in_clause:
        m = mentions[i]
        if m.start >= sa and m.end <= sb:
            if m.end <= fs:
                before.append(i)
            if m.start >= fe:
                after.append(i)
    several = bool(_SEVERAL.search(sentence, a, b))
    if before:
        # "甲镇、乙镇分别有22个、18个村" or "甲镇和乙镇共…": a list of places, not one.
        first = mentions[before[0]]
        listed = len(before) > 1 and any(
            _JOINED.match(sentence[mentions[x].end: mentions[y].start]) for x, y in zip(before, before[1:])
        )
        if first.start - sa <= 1:
            prev_items = [mentions[i] for i in in_clause if mentions[i].end <= sa]
            if prev_items and _only_places(sentence, a, sa, prev_items):
                listed = True
        if listed or several:
            # Several places share the figure: their common unit, when it lies
            # below the document's ("甲镇、乙镇等6个乡镇" in a city report → the county).
            picked = [_pick(g, mentions, i, doc_chain) for i in in_clause]
            listed_units: list[Region] = [r for r in picked if r is not None]
            for i, r in zip(in_clause, picked):
                if r is None and listed_units:  # 张庄镇 (many) beside 青驼镇 (one): read it next to its sibling
                    near = [c for c in mentions[i].candidates
                            if any(u.level == c.level and (up := g.parent(u.code)) is not None
                                   and g.is_within(c.code, up.code) for u in listed_units)]
                    if len(near) != 1:
                        return None
                    listed_units.append(near[0])
            if len(listed_units) != len(in_clause):
                return None
            common = _common_unit(g, listed_units)
            if common is None or common.code in doc_chain:
                return None
            return _differs(doc_code, common) if not doc_chain or g.is_within(common.code, doc_chain[-1]) else None
        return _differs(doc_code, _pick(g, mentions, before[-1], doc_chain))
    if after and not several:
        return _differs(doc_code, _pick(g, mentions, after[0], doc_chain))
    # Named in another item of the clause's 、-list: it heads the list
    # ("甲镇12个村、53个社区") only when it is the one unit named before the figure.
    earlier = [i for i in in_clause if mentions[i].end <= sa]
    if not earlier:
        return None
    mk = _LIST_SEP.search(sentence, a, b)
    head_end = mk.start() if mk else b
    units = {r.code: r for i in earlier if (r := _pick(g, mentions, i, doc_chain)) is not None}
    if len(units) == 1 and all(mentions[i].end <= head_end for i in earlier) and not several:
        return _differs(doc_code, next(iter(units.values())))
    return None


def _common_unit(g: Gazetteer, units: list[Region]) -> Region | None:
    """The lowest unit containing all of ``units`` (None when they share no province)."""
    if not units:
        return None
    chains = [[r.code for r in g.lineage(u.code)] for u in units]
    common = None
    for level in zip(*chains):
        if len(set(level)) != 1:
            break
        common = level[0]
    return g.by_code(common) if common else None


def _only_places(sentence: str, a: int, b: int, ms: list[Mention]) -> bool:
    """True when ``sentence[a:b]`` holds nothing but the place names ``ms`` and list joiners."""
    rest, pos = [], a
    for m in ms:
        rest.append(sentence[pos:m.start])
        pos = m.end
    rest.append(sentence[pos:b])
    return bool(_LIST_JOIN.match("".join(rest)))
