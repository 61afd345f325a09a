"""Publication dates from article headers and reference dates (``as_of``) of figures.

A report's body is full of dates — meetings, deadlines, the day the count was
taken — and none of them is the publication date.  ``find_published`` only
trusts the header block (title, byline with 来源/作者/编辑, or a date with a
clock time), explicitly labelled dates (发布时间：…) and a sign-off date under
the last paragraph (…组织部 / 2021年3月5日); otherwise it returns ``None``
rather than guess.  Day-first headers (08.02.2015) are read day first for
dots; with slashes or dashes only when the report's own months agree.

``as_of`` gives the date a figure refers to: 截至3月18日 in a report published
2021-05-21 means 2021-03-18; 目前 means the publication date.
"""
from __future__ import annotations

import calendar
import re
from datetime import date
from typing import Final

from extract.furniture import keyword_regex

__all__ = ["find_published", "as_of", "parse_date"]

_Y: Final = r"((?:19|20)\d{2})"
_SEP_DATE: Final = re.compile(_Y + r"\s*[-/.]\s*(\d{1,2})\s*[-/.]\s*(\d{1,2})(?!\d)")
# Day first (08.02.2015, 15/01/2015): mirrors and European-made sites.
_DMY_DATE: Final = re.compile(r"(?<![\d./-])(\d{1,2})\s*([-/.])\s*(\d{1,2})\s*\2\s*((?:19|20)\d{2})(?![\d.])")
# Written out (二〇二一年三月五日): the sign-off of government reports.
_HAN_DIGIT: Final = {"〇": 0, "○": 0, "零": 0, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_HAN_DATE: Final = re.compile(
    r"([〇○零一二三四五六七八九]{4})\s*年\s*([一二三四五六七八九十]{1,2})\s*月\s*([一二三四五六七八九十]{1,3})\s*[日号]"
)
_BODY_MONTH: Final = re.compile(r"(?<!\d)(\d{1,2})\s*月")
_CN_DATE: Final = re.compile(_Y + r"\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*[日号]")
_TIME_AFTER: Final = re.compile(r"\s*(?:\d{1,2}[:：]\d{2})")
# A clock time or weekday beside the date (10:20 2021-02-08, 2021年2月8日 星期一 10:20) is header matter.
_CLOCK_OR_WEEKDAY: Final = re.compile(r"\d{1,2}[:：]\d{2}(?:[:：]\d{2})?|(?:星期|礼拜|周)[一二三四五六日天]")
_HEADER_WORDS: Final = re.compile(r"来源|來源|发布|發布|发表|發表|时间|時間|日期|作者|编辑|編輯|责编|稿源|浏览|瀏覽|点击|點擊|记者|記者|通讯员|供稿|字号")
# (keyword-first: an alternation at the start of a pattern is scanned slowly)
_LABEL_TAILS: Final = ("时间", "時間", "日期")
"""Every label ends with one of these: a report holding none of them needs no label scan."""
_LABELLED: Final = re.compile(keyword_regex([a + b for a in "发布 發布 发稿 發稿 更新 刊发 刊發 出版".split()
                                             for b in _LABEL_TAILS]).pattern + r"\s*[:：]?\s*")
_HEAD_LINES: Final = 12
_SIGN_LINES: Final = 3
# Before a date these make it an event or a deadline, not a sign-off.
_SIGN_NOT: Final = re.compile(r"[，。,；;：:！？]|截至|截止|至|到|于|在|从|自|起|前|后|底|以来|期间|之日|时间|日期")
_PARAGRAPH: Final = re.compile(r"[。！？]")
_MIN_YEAR, _MAX_YEAR = 1990, 2035


def parse_date(y: str | int, m: str | int, d: str | int) -> str | None:
    """ISO date or None when the parts are not a real date in range."""
    try:
        yy, mm, dd = int(y), int(m), int(d)
        if not _MIN_YEAR <= yy <= _MAX_YEAR:
            return None
        return date(yy, mm, dd).isoformat()
    except (ValueError, TypeError):
        return None


# Every numeric date pattern above holds a four-digit year, every written-out one 年:
# a line with neither (most header and body lines) needs no full scan.
_YEAR: Final = re.compile(r"(?:19|20)\d{2}")


def _dates_in(line: str, context: str = ""):
    has_year_word = "年" in line
    if not has_year_word and _YEAR.search(line) is None:
        return
    # the numeric forms need a separator, the written ones 年: skip a scan that cannot match
    has_sep = "-" in line or "/" in line or "." in line
    if has_sep:
        for m in _SEP_DATE.finditer(line):
            iso = parse_date(*m.groups())
            if iso:
                yield m, iso
    if has_year_word:
        for m in _CN_DATE.finditer(line):
            iso = parse_date(*m.groups())
            if iso:
                yield m, iso
    if has_sep:
        for m in _DMY_DATE.finditer(line):
            iso = _day_first(m, context)
            if iso:
                yield m, iso
    if has_year_word:
        for m in _HAN_DATE.finditer(line):
            y = "".join(str(_HAN_DIGIT[c]) for c in m.group(1))
            iso = parse_date(y, _num(m.group(2)), _num(m.group(3)))
            if iso:
                yield m, iso


def _day_first(m: re.Match, context: str) -> str | None:
    """A ``DD.MM.YYYY``-style date: the order a field > 12 forces, else day
    first for dots (the European habit); slashes and dashes are read day first
    only when the report's own month mentions (2月6日) agree, never guessed."""
    a, sep, b, y = m.groups()
    dmy, mdy = parse_date(y, b, a), parse_date(y, a, b)
    if not dmy or not mdy or dmy == mdy:
        return dmy or mdy
    months = {int(x) for x in _BODY_MONTH.findall(context[:4000])}
    if int(b) in months and int(a) not in months:
        return dmy
    if int(a) in months and int(b) not in months:
        return mdy
    return dmy if sep == "." else None


def find_published(text: str) -> str | None:
    """The publication date found in the header of ``text`` (ISO ``YYYY-MM-DD``) or None."""
    if not text:
        return None
    # 1. An explicitly labelled date anywhere (发布时间：2021年3月5日).
    if any(w in text for w in _LABEL_TAILS):
        for lab in _LABELLED.finditer(text):
            tail = text[lab.end(): lab.end() + 30]
            for m, iso in _dates_in(tail, text):
                if m.start() == 0:
                    return iso
    # 2. The header block: lines before the first paragraph of prose.
    seen = 0
    pos, n = 0, len(text)
    while pos <= n:  # the lines of text.splitlines(), read only as far as the header goes
        nl = text.find("\n", pos)
        end = n if nl < 0 else nl
        piece = text[pos:end]
        pos = end + 1
        for line in piece.splitlines():  # the other line breaks (\r, \x0b, \u2028 …)
            s = line.strip()
            if not s:
                continue
            seen += 1
            if seen > _HEAD_LINES:
                break
            dates = _dates_in(s, text)
            first = next(dates, None)
            if first is not None:
                # A date opening the line comes first in start order (ties keep
                # _dates_in's order), so a dateline is read without the other scans.
                if first[0].start() == 0 and _reads_as_dateline(s, first[0]):
                    return first[1]
                for m, iso in sorted([first, *dates], key=_match_start):
                    if _reads_as_dateline(s, m):
                        return iso
            if seen > 1 and len(s) > 60 and _PARAGRAPH.search(s):
                seen = _HEAD_LINES + 1  # the body has started: dates from here on are events
                break
        if seen > _HEAD_LINES:
            break
    # 3. A signed-off report (…县委组织部 / 2021年3月5日): a full date standing
    #    alone, or after the signing body, on one of the last lines.
    last = [ln.strip() for ln in text[-600:].splitlines() if ln.strip()][-_SIGN_LINES:]
    for s in reversed(last):
        if len(s) > 40:
            break  # prose: a date above it is an event of the report
        for m, iso in _dates_in(s, text):
            before, after = s[: m.start()].strip(), s[m.end():].strip(" \t)）】]")
            if not after and not _SIGN_NOT.search(before) and len(before) <= 24:
                return iso
    # 4. A wire dateline without a year (湘潭在线1月12日讯, 新华社北京3月1日电)
    #    gives the day; the year comes from the latest full date the report
    #    itself states for its events, rolled forward when the dateline's day
    #    comes earlier in the year (events of 12月24日 2020 → a 1月12日 dateline is 2021).
    return _dateline_date(text)


def _reads_as_dateline(s: str, m: re.Match) -> bool:
    """Whether the date ``m`` on header line ``s`` is the publication date: a clock
    time right after it, or a line that is no prose and either names a header
    field (来源, 作者 …) or holds little beside the date."""
    if _TIME_AFTER.match(s, m.end()):
        return True
    prose = len(s) > 40 and ("。" in s or "，" in s)
    return not prose and (_HEADER_WORDS.search(s) is not None or len(_bare(s, m)) <= 4)


def _match_start(found: tuple[re.Match, str]) -> int:
    """Sort key of ``_dates_in``'s pairs: where the date starts in its line."""
    return found[0].start()


def _bare(line: str, m: re.Match) -> str:
    """The line without the date, clock times and weekdays: what else stands beside the date."""
    return _CLOCK_OR_WEEKDAY.sub("", line.replace(m.group(0), "")).strip(" \t:：|/-()（）【】[]")


_DATELINE: Final = re.compile(r"(?<![\d年])(\d{1,2})月(\d{1,2})日(?:电|讯)")
_EVENT_DATE: Final = re.compile(_Y + r"\s*年\s*(\d{1,2})\s*月(?:\s*(\d{1,2})\s*[日号])?")
# Before a stated date these make it a plan or a deadline, not an event that happened.
_NOT_EVENT: Final = re.compile(r"(?:到|至|预计|计划|力争|将于|将在|争取|确保|要在|拟于|拟在|定于|截至|截止|之前)\s*$")
_DATELINE_REACH: Final = 300


def _dateline_date(text: str) -> str | None:
    head = text[:_DATELINE_REACH]
    mk = _DATELINE.search(head)
    if mk is None:
        return None
    month, day = int(mk.group(1)), int(mk.group(2))
    latest: tuple[int, int, int] | None = None
    for m in _EVENT_DATE.finditer(text):
        if _NOT_EVENT.search(text, max(0, m.start() - 6), m.start()):
            continue
        y, mo, d = int(m.group(1)), int(m.group(2)), int(m.group(3) or 0)
        if not (_MIN_YEAR <= y <= _MAX_YEAR and 1 <= mo <= 12):
            continue
        if latest is None or (y, mo, d) > latest:
            latest = (y, mo, d)
    if latest is None:
        return None
    y = latest[0] + 1 if (month, day) < latest[1:] else latest[0]
    return parse_date(y, month, day)


# ---- as_of -----------------------------------------------------------------

_CN_NUM: Final = {"一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10,
           "十一": 11, "十二": 12}
_NUM: Final = r"(\d{1,2}|十[一二]?|[一二两三四五六七八九])"
_DAY: Final = r"(\d{1,2}|[一二三]?十[一二三四五六七八九]?|[一二两三四五六七八九])"
# The words right before a date (up to spaces) that make it a cut-off (截至6月底) or
# a plan (计划于…, 预计…), and right after it that make it a deadline (6月底前): read
# with ``endswith``/``startswith`` on the stripped neighbours, not a regex call each
# (as ``…\s*$`` / ``^\s*…`` would: ``\s`` and ``str.strip`` agree on whitespace).
_UNTIL_WORDS: Final = ("截至", "截止", "截止到", "截至到", "到", "至")
_FUTURE_WORDS: Final = ("预计", "计划", "力争", "将于", "将在", "争取", "确保", "要在", "拟于", "拟在", "定于")
_DEADLINE_WORDS: Final = ("前", "以前", "之前")
# What a sentence must hold for a pattern to match in it, as bits: 年, 月, a date
# separator (- / .), a year's first digits (19 or 20; a decimal such as 62.8% has a
# separator but seldom these), 底 or 末.  A pattern runs only on a sentence that
# holds all it needs (most sentences name no date at all).
_HAS_YEAR_WORD: Final = 1
_HAS_MONTH: Final = 2
_HAS_SEP: Final = 4
_HAS_YEAR_DIGITS: Final = 8
_HAS_END: Final = 16
_PATTERNS: Final = [
    # (what every match contains, regex, kind)
    (_HAS_YEAR_WORD | _HAS_MONTH | _HAS_YEAR_DIGITS,
     re.compile(rf"{_Y}\s*年\s*{_NUM}\s*月\s*{_DAY}\s*[日号]"), "ymd"),
    (_HAS_YEAR_WORD | _HAS_MONTH | _HAS_YEAR_DIGITS | _HAS_END,
     re.compile(rf"{_Y}\s*年\s*{_NUM}\s*月\s*(?:底|末)"), "ym_end"),
    (_HAS_YEAR_WORD | _HAS_YEAR_DIGITS | _HAS_END, re.compile(rf"{_Y}\s*年\s*(?:底|末)"), "y_end"),
    (_HAS_YEAR_WORD | _HAS_MONTH | _HAS_YEAR_DIGITS,
     re.compile(rf"{_Y}\s*年\s*{_NUM}\s*月(?![底末\d一二三四五六七八九十])"), "ym_end"),
    (_HAS_SEP | _HAS_YEAR_DIGITS, re.compile(_Y + r"\s*[-/.]\s*(\d{1,2})\s*[-/.]\s*(\d{1,2})(?!\d)"), "ymd"),
    (_HAS_MONTH, re.compile(rf"(?<![\d年]){_NUM}\s*月\s*{_DAY}\s*[日号]"), "md"),
    (_HAS_MONTH | _HAS_END, re.compile(rf"(?<![\d年]){_NUM}\s*月\s*(?:底|末)"), "m_end"),
    (_HAS_YEAR_WORD | _HAS_END, re.compile(r"(去年|今年|上年|当年)\s*(?:底|末)"), "rel_y_end"),
]
_NOW_WORDS: Final = "截至目前 截止目前 截至当前 截止当前 截至发稿 截止发稿 截至今天 截至今日 截至日前 目前 当前 现已 日前 近日".split()
_NOW: Final = keyword_regex(_NOW_WORDS)
assert all(any(c in w for c in "前日已稿天") for w in _NOW_WORDS), "_may_say_now must see every _NOW word"


def _num(s: str) -> int:
    if s.isdigit():
        return int(s)
    if s in _CN_NUM:
        return _CN_NUM[s]
    # 二十三, 三十, 二十
    if "十" in s:
        a, _, b = s.partition("十")
        return (_CN_NUM.get(a, 1) if a else 1) * 10 + (_CN_NUM.get(b, 0) if b else 0)
    return 0


def _month_end(y: int, m: int) -> str | None:
    if not (1 <= m <= 12 and _MIN_YEAR <= y <= _MAX_YEAR):
        return None
    return date(y, m, calendar.monthrange(y, m)[1]).isoformat()


def _infer_year(m: int, d: int | None, published: str | None) -> int | None:
    """Year for a month/day without one: the publication year, or the year before
    when the date would lie well after publication (a January report citing 12月31日)."""
    if not published:
        return None
    py, pm = int(published[:4]), int(published[5:7]) if len(published) >= 7 else 12
    return py - 1 if m > pm + 1 else py


def _resolve(kind: str, g: tuple[str, ...], published: str | None) -> str | None:
    if kind == "ymd":
        return parse_date(g[0], _num(g[1]), _num(g[2]))
    if kind == "ym_end":
        return _month_end(int(g[0]), _num(g[1]))
    if kind == "y_end":
        return parse_date(g[0], 12, 31)
    if kind in ("md", "m_end"):
        m = _num(g[0])
        y = _infer_year(m, None, published)
        if y is None:
            return None
        return parse_date(y, m, _num(g[1])) if kind == "md" else _month_end(y, m)
    if kind == "rel_y_end" and published:
        py = int(published[:4])
        return parse_date(py - 1 if g[0] in ("去年", "上年") else py, 12, 31)
    return None


def as_of(sentence: str, published: str | None) -> str | None:
    """The reference date of the figures in ``sentence`` (ISO) or None when it names none."""
    if not sentence:
        return None
    candidates: list[tuple[int, int, str]] = []  # (priority, position, iso)
    has = _date_hints(sentence)
    if has:
        month_from = -1
        for needs, rx, kind in _PATTERNS:
            if needs & has != needs:
                continue
            start = 0
            if kind == "md" or kind == "m_end":
                # these open with a look-behind, so the engine cannot skip ahead to a
                # numeral: start them where the first one can stand
                if month_from < 0:
                    month_from = _month_scan_start(sentence)
                start = month_from
            for m in rx.finditer(sentence, start):
                before = sentence[max(0, m.start() - 8): m.start()].rstrip()
                if before.endswith(_FUTURE_WORDS) or sentence[m.end(): m.end() + 3].lstrip().startswith(
                        _DEADLINE_WORDS):
                    continue
                iso = _resolve(kind, m.groups(), published)
                if not iso:
                    continue
                until = before.endswith(_UNTIL_WORDS)
                candidates.append((0 if until else 2, m.start(), iso))
    if published and _may_say_now(sentence):
        now = _NOW.search(sentence)
        if now:
            candidates.append((0 if now.group(0).startswith("截") else 1, now.start(), published))
    if not candidates:
        return None
    candidates.sort()
    return candidates[0][2]


def _date_hints(sentence: str) -> int:
    """The ``_HAS_…`` bits of what ``sentence`` holds (a few ``in`` tests, no regex).

    Every pattern needs 年, 月 or a separator: a sentence with none of them (most)
    is answered after those tests, with 0 (no pattern can match)."""
    has = 0
    if "年" in sentence:
        has |= _HAS_YEAR_WORD
    if "月" in sentence:
        has |= _HAS_MONTH
    if "-" in sentence or "/" in sentence or "." in sentence:
        has |= _HAS_SEP
    if not has:
        return 0
    if "20" in sentence or "19" in sentence:
        has |= _HAS_YEAR_DIGITS
    if "底" in sentence or "末" in sentence:
        has |= _HAS_END
    return has


def _month_scan_start(sentence: str) -> int:
    """Where the ``md``/``m_end`` patterns (a numeral of at most two characters, spaces,
    月) can first match: two characters before the spaces before the first 月.  A
    match whose 月 is a later one starts after the first 月, since only numerals and
    spaces stand between its start and its 月."""
    j = sentence.find("月")
    if j < 0:
        return len(sentence)
    while j > 0 and sentence[j - 1].isspace():
        j -= 1
    return max(0, j - 2)


def _may_say_now(sentence: str) -> bool:
    """Whether ``sentence`` holds a character that every ``_NOW`` word contains one
    of (目前 当前 日前 近日 现已 截至发稿 截至今天…): a few ``in`` tests spare the
    keyword scan for the sentences that cannot name the present (almost all)."""
    return "前" in sentence or "日" in sentence or "已" in sentence or "稿" in sentence or "天" in sentence
