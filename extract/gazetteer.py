"""China's administrative divisions: codes, names, lineage, coordinates, and name matching.

The table ships with the package (``extract/data/gazetteer.tsv.gz``, built by
``extract/data/build_gazetteer.py`` from public data, see LICENSES.md) so the
extractor needs no network and no gazetteer package at run time.

Codes are GB/T 2260: 6 digits for provinces, cities and counties, 9 digits for
townships (the first nine of the 12-digit statistical code).  ``Region.name``
is the full name down from the province (``四川省自贡市沿滩区``) because short
names such as 城区 are meaningless on their own; :meth:`Gazetteer.own_name`
gives the unit's own name.

Name matching uses an Aho-Corasick automaton over every full name, safe short
name (沿滩区 → 沿滩, 凉山彝族自治州 → 凉山) and historical name (襄樊 → 襄阳市,
郫县 → 郫都区), taking the leftmost-longest match.
"""
from __future__ import annotations

import gzip
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Final

import ahocorasick_rs

from extract.records import Region

_SURROGATES: Final = re.compile("[" + chr(0xD800) + "-" + chr(0xDFFF) + "]")  # chr(): mypyc takes no surrogate literals

__all__ = ["Gazetteer", "Mention", "Scan", "register_markers", "leftmost", "gazetteer", "by_code", "lineage", "coords", "find_mentions", "NATIONAL"]

DATA: Final = Path(__file__).resolve().parent / "data" / "gazetteer.tsv.gz"
NATIONAL: Final = Region("000000", "全国", "national")

# Kinds of surface, strongest first: full name, short name, historical name
# (a current unit's short name beats an old name spelt the same), weak (generic names like 城区 or one-character ones like 和县: they need a
# parent unit named nearby before they mean anything).
KIND_RANK: Final = {"f": 0, "s": 1, "h": 2, "w": 3}
KIND_NAMES: Final = {"f": "full", "h": "historical", "s": "short", "w": "weak"}
LEVEL_RANK: Final = {"national": 0, "province": 1, "city": 2, "county": 3, "township": 4}

# A place name followed by these is a street, school or building, not the unit.
_NOT_UNIT_AFTER: Final = re.compile(r"(?:路|大街|街(?!道)|大道|巷|大学|学院|中学|小学|公园|广场|宾馆|酒店|大厦|机场|火车站|高速)")
# A short name (no 市/县/区) followed by a policy word is part of it (惠农政策, 惠农补贴).
# A short name before 桥 names a local place (苏州桥, 卢沟桥), not the unit.
_NOT_SHORT_AFTER: Final = re.compile(r"(?:政策|补贴|资金|贷款|措施|举措|桥)")
# …and followed by 社区/村 it may name a community or village called after the
# place (城南街道中山社区) — or the place's own communities (天津社区居委会,
# 北京村委会换届): it is the former when, somewhere in the report, it comes
# right after a township (街道/镇/乡), or when the name is shared by several units.  "某地村(社区)", "村级", "村“两委”" stay.
_COMMUNITY_AFTER: Final = re.compile(r"(?:社区|村(?![(（“\"\s]|级|两委|、|和|与|及|居|组织))")
_TOWN_BEFORE: Final = re.compile(r"(?:街道|镇|乡|办事处)$")
# Person names: a surname character, then a two-character place name (蒋海东,
# 于永和), after a title (市委副书记蒋海东到…) — and the same three characters
# again anywhere in the report (蒋海东要求…).
# (Characters that are mostly function words — 和 向 全 时 应 — are left out:
# "党员和海东的群众" names the place.)
_SURNAMES: Final = set(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石"
    "廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂佟臧闵苟邬边卞姬师仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池查麻苑迟邝"
)
_TITLE_BEFORE: Final = re.compile(
    r"(?:书记|主任|主席|委员|常委|市长|县长|区长|乡长|镇长|部长|局长|厅长|处长|科长|组长|队长|站长|所长|院长|校长|社长|秘书长"
    r"|记者|通讯员|编辑|作者|同志|村民|居民|党员|干部|代表|老人|大爷|大妈|负责人|经理|会计|专干|村官|选民|候选人)[\s:：]?$"
)


_CHECK_MAX: Final = 3  # short, weak and historical surfaces up to this length get a word-boundary check
_WINDOW: Final = 6


def _on_word_boundaries(text: str, start: int, end: int) -> bool:
    """True when segmentation agrees that ``text[start:end]`` is a word of its own.

    Two-character short names hide inside ordinary words: 新和 in 创新和发展,
    千山 in 千山万水, 城区 in 老城区.  A tiny segmentation of the surrounding
    window (rjieba, a project dependency) tells them apart.
    """
    a = max(0, start - _WINDOW)
    return _window_agrees(text[a: end + _WINDOW], start - a, end - a)


@lru_cache(maxsize=8192)
def _window_agrees(window: str, start: int, end: int) -> bool:
    """Cached: the same name in the same few characters recurs within and across reports."""
    try:
        import rjieba
    except ImportError:  # pragma: no cover - degrade to accepting the match
        return True
    pos = 0
    bounds = {0}
    for tok in rjieba.cut(window):
        pos += len(tok)
        bounds.add(pos)
    return start in bounds and end in bounds


@dataclass(init=False)
class Mention:
    """A place name found in a text, with the units it may name.

    The ``__init__`` is written out: the one ``dataclass`` generates stays
    interpreted Python in the compiled build (see ``extract.compiled``), and
    mentions are made for every place name of every report."""

    start: int
    end: int
    surface: str
    candidates: list[Region]
    kind: str = "full"
    """``full`` | ``short`` | ``historical`` | ``weak`` (weak needs a parent named nearby)."""

    def __init__(self, start: int, end: int, surface: str, candidates: list[Region], kind: str = "full") -> None:
        self.start = start
        self.end = end
        self.surface = surface
        self.candidates = candidates
        self.kind = kind


# A unit is a plain tuple (level, own name, parent code, lon, lat text): 40k of
# them load several times faster than as objects.
LEVEL, NAME, PARENT, LON, LAT = range(5)


@dataclass
class Gazetteer:
    units: dict[str, tuple[str, str, str, str, str]]
    surfaces: dict[str, list[tuple[str, str]]]
    _regions: dict[str, Region] = field(default_factory=dict)
    _automaton: tuple[ahocorasick_rs.AhoCorasick, list[tuple[int, tuple | None, tuple[str, ...] | None]]] | None = None
    _zone_bases: dict[str, tuple[str, ...]] = field(default_factory=dict)
    """Bare township names (恒口) → counties, read only before a zone word (示范区)."""
    _picked: dict[int, tuple[str, tuple[Region, ...]]] = field(default_factory=dict)
    """Per surface (keyed by its automaton entry): strongest kind and its candidates, sorted."""
    _marker_version: int = -1
    _chains: dict[str, tuple[str, ...]] = field(default_factory=dict)

    @property
    def automaton(self) -> tuple[ahocorasick_rs.AhoCorasick, list[tuple[int, tuple | None, tuple[str, ...] | None]]]:
        """The matcher and, per pattern index, its (length, unit entries or None,
        marker tags or None).  Built on first use: code look-ups (store, index,
        exports) never need it.

        Marker words (:func:`register_markers`) ride along in the same pass, so
        callers need no extra scan of the text for them.  ``ahocorasick_rs``
        compiles the ~37k names into a DFA and reports character offsets: about
        twice as fast per text as a trie walked over UTF-8 bytes, and no byte
        to character bookkeeping.
        """
        if self._automaton is None or self._marker_version != _MARKER_VERSION[0]:
            surfaces = sorted(self.surfaces.keys() | _MARKERS.keys())
            values: list[tuple[int, tuple | None, tuple[str, ...] | None]] = []
            for s in surfaces:
                entries = self.surfaces.get(s)
                tags = _MARKERS.get(s)
                values.append((len(s), tuple(entries) if entries else None, tuple(sorted(tags)) if tags else None))
            matcher = ahocorasick_rs.AhoCorasick(surfaces, implementation=ahocorasick_rs.Implementation.DFA)
            self._picked.clear()  # keyed by id() of the old automaton's entries
            self._automaton = (matcher, values)
            self._marker_version = _MARKER_VERSION[0]
        return self._automaton

    # ---- lookups -------------------------------------------------------------
    def by_code(self, code: str | None) -> Region | None:
        """The region for a code (6 or 9 digits; 12-digit codes and ``000000`` accepted)."""
        r = self._regions.get(code)  # type: ignore[arg-type]
        if r is not None:
            return r
        code = _norm_code(code)
        if code is None:
            return None
        if code == "000000":
            return NATIONAL
        r = self._regions.get(code)
        if r is None:
            u = self.units.get(code)
            if u is None:
                return None
            full = "".join(self.units[c][NAME] for c in self._chain(code))
            r = Region(code, full, u[LEVEL])
            self._regions[code] = r
        return r

    def own_name(self, code: str) -> str | None:
        u = self.units.get(_norm_code(code) or "")
        return u[NAME] if u else None

    def _chain(self, code: str) -> tuple[str, ...]:
        """Codes from the province down to ``code`` (kept per unit: asked again and again)."""
        got = self._chains.get(code)
        if got is not None:
            return got
        out = []
        seen = set()
        c = code
        while c and c in self.units and c not in seen:
            seen.add(c)
            out.append(c)
            c = self.units[c][PARENT]
        got = tuple(out[::-1])
        if code in self.units:
            self._chains[code] = got
        return got

    def lineage(self, code: str | None) -> list[Region]:
        """province → city → county → township down to ``code``; ``[]`` when unknown."""
        if code not in self.units:
            code = _norm_code(code)
        if not code or code not in self.units:
            return []
        return [r for c in self._chain(code) if (r := self.by_code(c)) is not None]

    def parent(self, code: str) -> Region | None:
        u = self.units.get(_norm_code(code) or "")
        return self.by_code(u[PARENT]) if u and u[PARENT] else None

    def coords(self, code: str | None) -> tuple[float, float] | None:
        """(lon, lat) of the unit's seat; a township or a unit missing in the
        coordinate source gets its nearest ancestor's."""
        code = _norm_code(code)
        for c in reversed(self._chain(code or "")):
            u = self.units[c]
            if u[LON] and u[LAT]:
                return (float(u[LON]), float(u[LAT]))
        return None

    def is_within(self, code: str, ancestor: str) -> bool:
        """True when ``ancestor`` is ``code`` itself or one of its ancestors (``000000`` contains all)."""
        if ancestor == "000000":
            return True
        return ancestor in self._chain(code)

    # ---- matching ------------------------------------------------------------
    def _pick(self, entries: tuple[tuple[str, str], ...]) -> tuple[str, tuple[Region, ...]]:
        """A surface's strongest kind and the units it names with that kind, sorted by level and code."""
        best = min(KIND_RANK[k] for _, k in entries)
        kind = next(k for k, v in KIND_RANK.items() if v == best)
        cands = [r for code, k in entries if k == kind and (r := self.by_code(code)) is not None]
        cands.sort(key=lambda r: (LEVEL_RANK.get(r.level, 9), r.code))
        return kind, tuple(cands)

    def find_mentions(self, text: str) -> list[Mention]:
        """Leftmost-longest, non-overlapping place-name mentions in ``text``."""
        return self.scan(text).mentions

    def scan(self, text: str) -> Scan:
        """Place-name mentions of ``text`` and where its marker words stand, in one automaton pass."""
        if not text:
            return Scan([], {})
        matcher, values = self.automaton
        try:
            found = matcher.find_matches_as_indexes(text, overlapping=True)
        except UnicodeEncodeError:  # a lone surrogate: same length, so offsets hold
            found = matcher.find_matches_as_indexes(_SURROGATES.sub("\ufffd", text), overlapping=True)
        if not found:
            return Scan([], {})
        # (start, -length) is unique per hit, so plain tuple order is leftmost-longest first.
        raw = sorted([(start, start - end, idx) for idx, start, end in found])
        hits = []
        markers: dict[str, list[tuple[int, int]]] = {}
        for start, nlen, idx in raw:
            _, entries, tags = values[idx]
            if entries is not None:
                hits.append((start, start - nlen, entries))
            if tags is not None:
                for tag in tags:
                    markers.setdefault(tag, []).append((start, start - nlen))
        out = self._accept(text, hits) if hits else []
        zones = markers.get(ZONE)
        if zones:
            out = self._with_zones(text, out, leftmost(zones))
        return Scan(out, markers)

    def _accept(self, text: str, hits: list[tuple[int, int, tuple]]) -> list[Mention]:
        """The mentions among overlapping automaton hits (sorted leftmost-longest first)."""
        out: list[Mention] = []
        last_end = -1
        # Furthest end of a place name that starts after the last accepted
        # mention but was itself rejected: a later match starting inside it
        # would cut a known name in two (南沙 + 沙湾区 in "南沙湾区").
        free_reach = reach_here = -1
        here = -1
        picked_by_id = self._picked
        for start, end, entries in hits:
            if start != here:  # only names starting further left can cut this one
                here = start
                if reach_here > free_reach:
                    free_reach = reach_here
            if start < last_end:
                continue
            if end > reach_here:
                reach_here = end
            if start < free_reach:
                continue
            if _NOT_UNIT_AFTER.match(text, end):
                continue
            picked = picked_by_id.get(id(entries))
            if picked is None:
                picked = picked_by_id[id(entries)] = self._pick(entries)
            kind, cands = picked
            if kind != "f" and (end - start <= _CHECK_MAX and not _on_word_boundaries(text, start, end)
                                or _NOT_SHORT_AFTER.match(text, end)):
                continue
            out.append(Mention(start, end, text[start:end], list(cands), KIND_NAMES[kind]))
            last_end = end
            free_reach = reach_here = end
        if out:
            out = _drop_person_names(text, out)
            out = _drop_community_names(text, out)
        return out

    # ---- development zones -----------------------------------------------------
    def _with_zones(self, text: str, found: list[Mention], suffixes: list[tuple[int, int]]) -> list[Mention]:
        """Add zones named after a township (恒口示范区, 某某新区) as mentions of that township's county.

        Special zones (示范区, 开发区, 高新区, 新区 …) are no units of the
        division tables; most are named after the town they grew from and are
        run by its county.  A zone whose name is a county's or city's short
        name (沿滩高新区) is already a mention of that unit and is left alone.
        """
        bases = self._zone_bases or {}
        taken = [(m.start, m.end) for m in found]
        added = []
        for e, zone_end in suffixes:
            for n in (4, 3, 2):
                a = e - n
                counties = bases.get(text[a:e]) if a >= 0 else None
                if counties:
                    break
            else:
                continue
            if any(x < zone_end and a < y for x, y in taken):
                continue
            cands = sorted((r for c in counties if (r := self.by_code(c)) is not None), key=lambda r: r.code)
            if cands:
                added.append(Mention(a, zone_end, text[a:zone_end], cands, "short"))
        if not added:
            return found
        return sorted(found + added, key=lambda m: m.start)


@dataclass(init=False)
class Scan:
    """What one automaton pass over a text found (``__init__`` written out, as for ``Mention``)."""

    mentions: list[Mention]
    markers: dict[str, list[tuple[int, int]]]
    """Per marker tag, every (start, end) of its words, overlapping, leftmost-longest first (see :func:`leftmost`)."""

    def __init__(self, mentions: list[Mention], markers: dict[str, list[tuple[int, int]]]) -> None:
        self.mentions = mentions
        self.markers = markers


# Marker words: short fixed words other stages look for in the same text
# (scope words, national organs, zone suffixes).  Registered at import; found
# by the place-name automaton in its one pass instead of a regex scan each.
_MARKERS: dict[str, set[str]] = {}
_MARKER_VERSION: Final = [0]
ZONE: Final = "zone"


def register_markers(tag: str, words) -> None:
    """Have :meth:`Gazetteer.scan` report where ``words`` occur, under ``tag``."""
    changed = False
    for w in words:
        tags = _MARKERS.setdefault(w, set())
        if tag not in tags:
            tags.add(tag)
            changed = True
    if changed:
        _MARKER_VERSION[0] += 1


def leftmost(hits: list[tuple[int, int]], pos: int = 0) -> list[tuple[int, int]]:
    """Non-overlapping hits from ``pos`` on, leftmost first, the longest where several start together.

    The same spans ``re.finditer(pos=pos)`` gives for an alternation of the
    words when no two words that start alike are one a prefix of the other
    (true of every marker set here).
    """
    out = []
    last = pos
    for a, b in hits:
        if a >= last:
            out.append((a, b))
            last = b
    return out


# Zones (示范区, 高新区 …): no two share a first character, so leftmost hits are the regex's.
register_markers(ZONE, "示范区 开发区 高新区 经开区 新区 试验区 实验区 管理区 园区".split())


def _drop_person_names(text: str, found: list[Mention]) -> list[Mention]:
    """Drop two-character names that are the given name of a person (市委书记蒋海东)."""
    persons: dict[str, bool] = {}
    out = []
    for m in found:
        if m.kind != "full" and m.end - m.start == 2 and m.start > 0 and text[m.start - 1] in _SURNAMES:
            name = text[m.start - 1: m.end]
            is_person = persons.get(name)
            if is_person is None:
                is_person = persons[name] = _titled(text, name)
            if is_person:
                continue
        out.append(m)
    return out


def _drop_community_names(text: str, found: list[Mention]) -> list[Mention]:
    """Drop short names that name a community or village (某街道中山社区 … 在中山社区)."""
    named: dict[str, bool] = {}
    out = []
    for m in found:
        if m.kind != "full":
            mk = _COMMUNITY_AFTER.match(text, m.end)
            if mk is not None:
                word = m.surface + mk.group()
                hit = named.get(word)
                if hit is None:
                    # A name shared by several units is no one place's villages
                    # (桥西社区): a community called so.  So is one whose unit
                    # holds none of the townships the text names in full
                    # (白沙社区 in 新安江街道 is no county's community).
                    hit = named[word] = (len(m.candidates) > 1 or _after_township(text, word)
                                         or _outside_named_townships(m, found))
                if hit:
                    continue
        out.append(m)
    return out


def _outside_named_townships(m: Mention, found: list[Mention]) -> bool:
    """True when the text names townships in full and none lies inside ``m``'s unit."""
    code = m.candidates[0].code
    towns = [c.code for t in found if t.kind == "full" and len(t.candidates) == 1
             for c in t.candidates if c.level == "township"]
    return bool(towns) and not any(code in {r.code for r in lineage(t)} for t in towns)


def _after_township(text: str, word: str) -> bool:
    """True when ``word`` follows a township word somewhere in ``text`` (某街道中山社区)."""
    return _preceded_somewhere(text, word, _TOWN_BEFORE, 3)


def _titled(text: str, name: str) -> bool:
    """True when ``name`` follows a title or role somewhere in ``text`` (书记蒋海东, 记者 王城南)."""
    return _preceded_somewhere(text, name, _TITLE_BEFORE, 5)


def _preceded_somewhere(text: str, word: str, before: re.Pattern[str], reach: int) -> bool:
    """True when ``before`` ends right where some occurrence of ``word`` starts (looking ``reach`` characters back)."""
    k = text.find(word)
    while k >= 0:
        if before.search(text, max(0, k - reach), k):
            return True
        k = text.find(word, k + 1)
    return False


def _norm_code(code: str | None) -> str | None:
    """6 or 9 digits; 12-digit statistical codes are shortened (…000000 → 6, …000 → 9)."""
    if code is None:
        return None
    c = re.sub(r"\D", "", str(code))
    if len(c) == 12:
        c = c[:6] if c.endswith("000000") else c[:9]
    if len(c) == 9 and c.endswith("000"):
        c = c[:6]
    return c if len(c) in (6, 9) else None


def _load(path: Path = DATA) -> Gazetteer:
    units: dict[str, tuple[str, str, str, str, str]] = {}
    surfaces: dict[str, list[tuple[str, str]]] = {}
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        data = fh.read()
    zones: dict[str, list[str]] = {}
    for line in data.split("\n"):
        if not line or line[0] == "#":
            continue
        code, level, name, parent, lon, lat, surf = line.split("\t")
        units[code] = (level, name, parent, lon, lat)
        for item in surf.split("|"):
            s, _, k = item.rpartition(":")
            if k == "z":
                zones.setdefault(s, []).append(parent)
            elif s:
                entries = surfaces.get(s)
                if entries is None:
                    surfaces[s] = [(code, k)]
                else:
                    entries.append((code, k))
    return Gazetteer(units, surfaces, _zone_bases={k: tuple(sorted(set(v))) for k, v in zones.items()})


@lru_cache(maxsize=1)
def gazetteer() -> Gazetteer:
    """The shared gazetteer, loaded once per process."""
    return _load()


def by_code(code: str | None) -> Region | None:
    return gazetteer().by_code(code)


def lineage(code: str | None) -> list[Region]:
    return gazetteer().lineage(code)


def coords(code: str | None) -> tuple[float, float] | None:
    return gazetteer().coords(code)


def find_mentions(text: str) -> list[Mention]:
    return gazetteer().find_mentions(text)
