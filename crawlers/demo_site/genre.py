"""Synthetic reports on 村(社区)“两委”换届 with known figures.

Why: benchmarks need up to a million genre documents and the demo site needs
pages whose every figure is known in advance.  Real reports are copyrighted and
cannot be committed, so this module writes its own prose from phrase banks and
records, for each number it prints, the figure a perfect extractor would return
(DESIGN.md, "What counts as a figure"): value in plain units, unit as written
(simplified; 成 → %), kind, qualifier, direction, subject, codebook metric, and
the quote (the shortest text ending at the number's end that first occurs at
the figure's position, like the shared gold files).  ``start``/``end`` give the
quote's span in ``GenArticle.text``.

Numbers that are not figures are printed on purpose too, so extractors meet
them: dates and times in the header and the body (截至3月18日), ordinals
(第十一届), group thresholds (35岁以下, 60岁以上) and numbers in set phrases
(两委, 一肩挑, 三级联审, 十不选, 五个到位).  Every other number is recorded.

Generation is deterministic for a given ``seed`` and prefix-stable (the first k
articles of ``generate_articles(n, s)`` do not depend on n); it runs well above
20,000 articles per second on one core.
"""
from __future__ import annotations

import random
from itertools import accumulate
from dataclasses import dataclass, field
from typing import Any, Callable, Iterator

from .places import (
    COUNTY_PLACES,
    CITY_PLACES,
    MUNICIPALITIES,
    PROVINCE_PLACES,
    TOWNSHIP_PLACES,
    Place,
    as_of_year,
)

__all__ = ["GenArticle", "generate_articles", "generate_offtopic"]


@dataclass
class GenArticle:
    title: str
    text: str
    """The whole report as a .txt file would hold it: title line, header line, paragraphs."""
    published: str
    region_code: str
    region_name: str
    outlet: str
    figures: list[dict[str, Any]]
    level: str = "county"
    on_topic: bool = True
    author: str | None = None
    body: str = ""
    """The paragraphs only (no title or header line), for pages that print those separately."""
    uid: str = ""
    """Stable id: ``g<seed>-<i>`` (on-topic) or ``o<seed>-<i>`` (off-topic)."""
    year: int = 0
    extra: dict[str, Any] = field(default_factory=dict)
    """``round``, ``stage``, ``header`` (the header line) and ``body_spans``: for each
    figure, the (start, end) of its number as printed in ``body`` (for re-quoting when
    the body is laid out or converted elsewhere, e.g. on the demo site)."""


# ---------------------------------------------------------------- phrase banks

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范廖石金贾夏韦付方邹熊白孟秦邱侯江尹薛闫段雷龙黎史陶贺顾毛郝龚邵万覃武钱戴严莫孔向常汤"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红春海建国文林云峰志宏丹晓鹏飞斌宇浩凯婷琳雪梅亮健波辉俊琴燕欣怡然思远博涵睿泽"


FILLER = (
    "坚持把政治标准放在首位，严格落实“十不选”要求，把好人选入口关。",
    "推行“三级联审”机制，组织、纪检、政法、信访等部门协同把关，坚决防止“带病参选”。",
    "实行县级领导包乡镇、乡镇干部包村的工作机制，做到责任到人、压力到岗。",
    "通过入户走访、座谈交流等方式广泛听取党员群众意见，摸清选情民情。",
    "针对重点难点村逐村制定工作预案，一村一策推进，确保换届平稳有序。",
    "开通换届风气监督举报电话，对拉票贿选等违纪违法行为露头就打。",
    "把换届纪律要求送到每一名党员和选民手中，营造风清气正的换届环境。",
    "各乡镇(街道)党(工)委履行直接责任，书记亲自抓、负总责。",
    "坚持“五个到位”工作要求，做到思想认识、组织领导、宣传发动、人选把关、纪律监督全面到位。",
    "注重从致富能手、外出务工经商返乡人员、本乡本土大学毕业生、退役军人中选拔村干部。",
    "严格按照法定程序组织选举，选举大会现场公开唱票、公开计票、当场公布选举结果。",
    "新一届班子产生后，及时组织开展集体谈话和任职培训，帮助新任干部尽快进入角色。",
    "对离任村干部做好思想引导和关心关爱工作，引导他们继续支持村里发展。",
    "充分运用大数据比对手段，对拟推荐人选开展全面筛查。",
    "坚持把“四级党委”抓换届的责任落到实处，层层传导压力。",
    "市县乡三级联动，形成了一级抓一级、层层抓落实的工作格局。",
    "新班子结构进一步优化，为推进乡村振兴提供了坚强组织保证。",
    "下一步，将持续巩固拓展换届成果，推动新班子尽快转变角色、履职尽责。",
    "在村民委员会选举中推行“自荐直选”等方式，充分保障群众的知情权、参与权和选择权。",
    "换届期间同步做好疫情防控，严格落实各项防控措施。",
    "选举日当天，各投票站秩序井然，群众踊跃投票。",
    "坚持党组织领导、依法依规、民主公开、分类指导的原则，稳妥有序推进各项工作。",
)

CLOSERS = (
    "下一步，{P}将扎实做好换届“后半篇文章”，推动新一届班子开好局、起好步。",
    "{P}有关负责人表示，将持续加强对新一届村(社区)“两委”班子的教育管理监督，切实把换届成果转化为推动发展的强大动力。",
    "据悉，{P}将以此次换届为契机，全面加强基层组织建设，为全面推进乡村振兴提供坚强组织保证。",
    "接下来，{P}将持续跟踪问效，建立健全新任村干部履职档案，确保换届工作善始善终。",
)

OUTLET_PATTERNS_LOCAL = ("{c}融媒体中心", "{c}人民政府", "{c}组工", "{c}新闻网", "{c}党建网")
OUTLET_PATTERNS_CITY = ("{ci}日报", "{ci}新闻网", "{ci}晚报")
OUTLET_PATTERNS_PROV = ("{ps}日报", "{ps}先锋网", "{ps}新闻网", "人民网-{ps}频道", "{ps}组工网")
OUTLETS_NATIONAL = ("中国组织人事报", "乡村干部报", "国际在线", "新华网", "人民网", "共产党员网", "农民日报", "中国社会报")

CN_DIGITS = "零一二三四五六七八九十"

# ------------------------------------------------------------ small helpers


def _trim(x: float, nd: int = 1) -> float | int:
    """Round for printing and storing: 44.0 → 44, 44.44 → 44.4."""
    y = round(x, nd)
    return int(y) if float(y).is_integer() else y


def _num(x: float | int) -> str:
    if isinstance(x, float) and x.is_integer():
        x = int(x)
    return str(x)


def _round_down(x: int) -> int:
    """A round number below x for 余/多/超过 (1988 → 1900, 236 → 230, 57 → 50)."""
    if x < 20:
        return x
    mag = 10 ** (len(str(x)) - 2) if x >= 100 else 10
    return max(mag, (x // mag) * mag)


def _round_up(x: int) -> int:
    """A round number just above x for 近 (1988 → 2000, 236 → 240)."""
    if x < 20:
        return x + 1
    mag = 10 ** (len(str(x)) - 2) if x >= 100 else 10
    return (x // mag + 1) * mag


class _Writer:
    """Accumulates text pieces and the figures printed among them.

    ``t`` is the bound ``list.append`` (no Python frame per call: this is the hot
    path).  A figure is stored as a tuple holding the index of its piece; offsets
    are computed once per article, in C, by ``accumulate``.
    """

    __slots__ = ("parts", "figs", "r", "t")

    def __init__(self, r: Callable[[], float]) -> None:
        self.parts: list[str] = []
        self.t = self.parts.append
        self.figs: list[tuple] = []
        self.r = r

    def drop_last(self) -> str:
        """Remove and return the last piece (only ever plain text)."""
        return self.parts.pop()

    def f(self, surface: str, value: float | int, unit: str | None, kind: str, metric: str | None,
          subject: str, qualifier: str = "exact", direction: str | None = None,
          value_max: float | int | None = None) -> None:
        parts = self.parts
        self.figs.append((len(parts), surface, value, value_max, unit, kind, qualifier, direction, subject, metric))
        parts.append(surface)

    def pick(self, seq):  # noqa: ANN001 - any sequence
        return seq[int(self.r() * len(seq))]

    def count(self, x: int, unit: str, metric: str | None, subject: str, *, plain: bool = False) -> None:
        """Print a count in one of the genre's forms and record it (value from the printed form)."""
        r = self.r()
        if plain or x < 20:
            if not plain and x <= 10 and r < 0.3:
                self.f(CN_DIGITS[x] + unit, x, unit, "count", metric, subject)
            else:
                self.f(f"{x}{unit}", x, unit, "count", metric, subject)
            return
        if x >= 10000:
            if x < 100000 and r < 0.5:
                self.f(f"{x}{unit}", x, unit, "count", metric, subject)
                return
            w = x / 10000
            r2 = self.r()
            if r2 < 0.4:
                v = _trim(w, 1)
                self.f(f"{_num(v)}万{unit}", int(round(v * 10000)), unit, "count", metric, subject)
            elif r2 < 0.6:
                v = int(w) if w >= 10 else _trim(int(w * 10) / 10, 1)
                self.f(f"{_num(v)}万余{unit}", int(round(v * 10000)), unit, "count", metric, subject, "more_than")
            elif r2 < 0.75:
                v = _trim(int(w * 10) / 10, 1)
                self.f(f"{_num(v)}万多{unit}", int(round(v * 10000)), unit, "count", metric, subject, "more_than")
            elif r2 < 0.87:
                v = int(w) if w >= 10 else _trim(int(w * 10) / 10, 1)
                self.f(f"超过{_num(v)}万{unit}", int(round(v * 10000)), unit, "count", metric, subject, "more_than")
            else:
                v = int(w) + 1 if w >= 10 else _trim(int(w * 10 + 1) / 10, 1)
                self.f(f"近{_num(v)}万{unit}", int(round(v * 10000)), unit, "count", metric, subject, "approx")
            return
        if r < 0.62:
            self.f(f"{x}{unit}", x, unit, "count", metric, subject)
        elif r < 0.77:
            v = _round_down(x)
            self.f(f"{v}余{unit}", v, unit, "count", metric, subject, "more_than")
        elif r < 0.87:
            v = _round_up(x)
            self.f(f"近{v}{unit}", v, unit, "count", metric, subject, "approx")
        elif r < 0.94:
            v = _round_down(x)
            self.f(f"{v}多{unit}", v, unit, "count", metric, subject, "more_than")
        else:
            v = _round_down(x)
            self.f(f"约{v}{unit}", v, unit, "count", metric, subject, "approx")

    def pct(self, x: float, metric: str | None, subject: str, *, words: bool = True) -> None:
        """Print a share: 96.4%, 近3成, 九成以上, 超过一半, 近一半."""
        r = self.r()
        if words and r < 0.1:
            if 45 <= x < 50:
                self.f("近一半", 50, "%", "percent", metric, subject, "approx")
                return
            if 50 < x < 58:
                self.f("超过一半", 50, "%", "percent", metric, subject, "more_than")
                return
            if 90 < x < 100:
                self.f("九成以上", 90, "%", "percent", metric, subject, "more_than")
                return
            if 66 <= x < 67.5:
                self.f("三分之二", 66.7, "%", "percent", metric, subject)
                return
        v = _trim(x, 1 if r < 0.9 else 2)
        self.f(f"{_num(v)}%", v, "%", "percent", metric, subject)


# ------------------------------------------------------------------ context


@dataclass
class _Ctx:
    place: Place
    year: int
    round_year: int
    stage: str
    """done (results reported) | running (in progress) | prep (next round prepared)"""
    n_units: int
    n_villages: int
    n_communities: int
    P: str
    """How the body names the unit on first mention (沿滩区, 广东省, 蒙城县立仓镇)."""
    scope: str
    members: int = 0
    """Committee members elected; the structure shares are of this group."""
    heads: bool = False
    """Whether paragraphs get subheadings (then they drop their own lead phrase)."""


def _pick_place(r: Callable[[], float]) -> Place:
    x = r()
    if x < 0.14:
        seq = PROVINCE_PLACES
    elif x < 0.28:
        seq = CITY_PLACES
    elif x < 0.83:
        seq = COUNTY_PLACES
    else:
        seq = TOWNSHIP_PLACES
    return seq[int(r() * len(seq))]


ROUNDS = (2008, 2011, 2014, 2017, 2021)


def _pick_time(r: Callable[[], float]) -> tuple[int, int, int, str]:
    """(round year, publication year, month, stage) — reports cluster around each round."""
    x = r()
    if x < 0.12:
        return 2026, 2025, 1 + int(r() * 12), "prep"
    ry = ROUNDS[min(int(r() * 5.6), 4)]  # the 2021 round is reported most
    # rounds run from late in the previous year into the first half of the round year
    m = (10, 11, 12, 1, 2, 3, 4, 5, 6, 7, 8)[int(r() * 11)]
    y = ry - 1 if m >= 10 else ry
    stage = "running" if (m >= 10 or m <= 2) and r() < 0.5 else "done"
    return ry, y, m, stage


def _units_for(place: Place, r: Callable[[], float]) -> tuple[int, int]:
    """(villages, communities) drawn at the scale of the unit."""
    lvl = place.level
    if lvl == "province":
        if place.code[:2] in MUNICIPALITIES:
            n = 2500 + int(r() * 7000)
            return int(n * 0.55), n - int(n * 0.55)
        n = 9000 + int(r() * 21000)
        c = int(n * (0.08 + r() * 0.14))
    elif lvl == "city":
        n = 700 + int(r() * 3300)
        c = int(n * (0.06 + r() * 0.2))
    elif lvl == "county":
        n = 100 + int(r() * 300)
        c = int(n * (0.04 + r() * 0.18))
    else:
        n = 10 + int(r() * 21)
        c = int(r() * 4)
    return n - c, c


def _first_name(place: Place, r: Callable[[], float]) -> str:
    if place.level == "township":
        return (place.county or "") + place.name if r() < 0.7 else place.name
    if place.level == "county" and place.city and r() < 0.35:
        return place.city + place.name
    return place.name


# ------------------------------------------------------------ paragraph writers
# Each writer prints one paragraph into w and records the figures it prints.


def _p_intro(w: _Writer, c: _Ctx, asof: str) -> None:
    pk = w.pick
    if c.stage == "prep":
        w.t(pk(("今年以来，", "近期，", "为做好新一轮村(社区)“两委”换届准备工作，")))
        w.t(f"{c.P}提前谋划、主动作为，围绕{c.scope}")
        w.count(c.n_units, "个", "units_total", "纳入换届准备的村(社区)")
        w.t(pk(("村(社区)开展换届风险排查和班子运行分析研判，", "村(社区)全面开展“两委”班子运行情况分析研判，")))
        w.t("为高质量完成换届打下坚实基础。")
        return
    if c.round_year <= 2014:
        w.t(pk(("今年以来，", "自村级组织换届选举工作启动以来，", "按照省、市统一部署，")))
        w.t(f"{c.P}精心组织、周密部署，")
        if c.stage == "done":
            w.t(f"{asof}，{c.scope}")
            w.count(c.n_units, "个", "units_completed", "完成换届选举的村(社区)")
            w.t(pk(("村(社区)党组织和村(居)民委员会换届选举全部完成。", "村(社区)顺利完成第")))
            if w.parts[-1].endswith("第"):
                w.t(pk(("九", "十", "十一")) + "届村(居)民委员会换届选举。")
        else:
            w.t(f"{c.scope}")
            w.count(c.n_units, "个", "units_total", "参加换届选举的村(社区)")
            w.t("村(社区)换届选举工作正有序推进。")
        return
    w.t(pk(("自村(社区)“两委”换届工作启动以来，", "今年以来，", "按照中央和省委统一部署，", "")))
    w.t(f"{c.P}" + pk(("坚持党的全面领导，", "牢牢把握正确方向，", "提前谋划、精心组织、严格程序，", "")))
    if c.stage == "done":
        w.t(f"截至{asof}，" if w.r() < 0.7 else "目前，")
        if c.n_communities >= 3 and w.r() < 0.35:
            w.t(f"{c.scope}")
            w.count(c.n_villages, "个", "units_completed", "完成“两委”换届的村", plain=True)
            w.t("村、")
            w.count(c.n_communities, "个", "units_completed", "完成“两委”换届的社区", plain=True)
            w.t("社区")
            w.t(pk(("全部完成“两委”换届选举。", "的“两委”换届选举工作已圆满完成。")))
        else:
            w.t(f"{c.scope}")
            w.count(c.n_units, "个", "units_completed", "完成“两委”换届的村(社区)")
            w.t(pk(("村(社区)全部完成“两委”换届。", "村(社区)“两委”换届选举工作圆满完成，实现了党组织意图与党员群众意愿的高度统一。",
                    "村(社区)高质量完成“两委”换届选举。")))
    else:
        w.t(f"{c.scope}")
        w.count(c.n_units, "个", "units_total", "参加换届的村(社区)")
        w.t(pk(("村(社区)“两委”换届工作正有序推进，", "村(社区)“两委”换届已进入选举阶段，")))
        share = 20 + w.r() * 70
        w.t("已完成换届的村(社区)占")
        w.pct(share, None, "已完成换届的村(社区)占比", words=False)
        w.t("。")


def _p_result(w: _Writer, c: _Ctx) -> None:
    pk = w.pick
    n = c.n_units
    members = c.members
    w.t(pk(("本次换届", "此次换届", "换届后", "")) + pk(("共选举产生", "共选出", "选举产生新一届")))
    w.t(pk(("村(社区)“两委”班子成员", "村(社区)“两委”成员", "“两委”干部")))
    w.count(members, "名", "members_elected", "新一届村(社区)“两委”成员")
    if w.r() < 0.8:
        w.t("，其中" + pk(("村(社区)党组织书记", "党组织书记")))
        w.count(n if w.r() < 0.7 else n - int(w.r() * 0.02 * n), "名", "secretaries_elected", "村(社区)党组织书记")
    w.t("。")
    if c.round_year >= 2017 or w.r() < 0.3:
        base = (88 + w.r() * 11.5) if c.round_year >= 2021 else (25 + w.r() * 45)
        if c.stage == "prep":
            base = 90 + w.r() * 9.5
        x = w.r()
        if x < 0.45:
            w.t(pk(("书记、主任“一肩挑”比例达", "“一肩挑”比例达", "村(社区)党组织书记和村(居)委会主任“一肩挑”比例为")))
            w.pct(base, "concurrent_rate", "书记、主任“一肩挑”比例")
            w.t("，")
        elif x < 0.7:
            k = min(n, int(round(n * base / 100)))
            w.t("实现“一肩挑”的")
            w.count(k, "个", "concurrent_count", "实现书记、主任“一肩挑”的村(社区)", plain=True)
            w.t("，占")
            w.pct(100 * k / n, "concurrent_rate", "书记、主任“一肩挑”比例", words=False)
            w.t("，")
        else:
            w.t("“一肩挑”比例" + pk(("达到", "提高到")))
            w.pct(base, "concurrent_rate", "书记、主任“一肩挑”比例")
            w.t("，")
        w.t("“两委”成员交叉任职比例")
        w.pct(35 + w.r() * 45, "cross_appointment_rate", "“两委”成员交叉任职比例", words=False)
        w.t("。")


def _p_structure(w: _Writer, c: _Ctx) -> None:
    """Age, education, gender, youth, newcomers: the 'structure' paragraph every report has."""
    pk = w.pick
    later = c.round_year >= 2021
    who = pk(("村(社区)党组织书记", "新一届“两委”成员", "村(社区)“两委”班子成员"))
    subj_who = "书记" if "书记" in who else "“两委”成员"
    w.t(pk(("从班子结构看，", "新一届班子结构明显优化：", "换届后，", "")))
    age = (41 + w.r() * 8) if later else (44 + w.r() * 7)
    age = _trim(age, 1)
    drop = _trim(1 + w.r() * 4.5, 1)
    x = w.r()
    if x < 0.45:
        w.t(f"{who}平均年龄")
        w.f(f"{_num(age)}岁", age, "岁", "average", "avg_age", f"{subj_who}平均年龄")
        w.t(pk(("，比上届", "、比上届", "，较上届")) + pk(("下降", "降低")))
        w.f(f"{_num(drop)}岁", drop, "岁", "change", "avg_age_change", f"{subj_who}平均年龄比上届下降", direction="down")
    elif x < 0.8:
        prev = _trim(age + drop, 1)
        w.t(f"{who}平均年龄由")
        w.f(f"{_num(prev)}岁", prev, "岁", "average", None, f"上届{subj_who}平均年龄")
        w.t(pk(("下降到", "下降至", "降至")))
        w.f(f"{_num(age)}岁", age, "岁", "average", "avg_age", f"{subj_who}平均年龄")
    else:
        w.t(f"{who}平均年龄为")
        w.f(f"{_num(age)}岁", age, "岁", "average", "avg_age", f"{subj_who}平均年龄")
    w.t("；")
    col = (30 + w.r() * 45) if later else (8 + w.r() * 30)
    col = _trim(col, 1)
    pp = _trim(min(5 + w.r() * 20, col * 0.6), 1)
    x = w.r()
    if x < 0.5:
        w.t("大专以上学历占")
        w.pct(col, "college_rate", f"{subj_who}大专以上学历占比", words=False)
        w.t("，比上届" + pk(("提高", "提升", "增加")))
        w.f(f"{_num(pp)}个百分点", pp, "个百分点", "change", "college_rate_change",
            f"{subj_who}大专以上学历占比比上届提高", direction="up")
    elif x < 0.8:
        prev = _trim(max(1.0, col - pp), 1)
        w.t("大专以上学历的比例由")
        w.pct(prev, None, f"上届{subj_who}大专以上学历占比", words=False)
        w.t("提高到")
        w.pct(col, "college_rate", f"{subj_who}大专以上学历占比", words=False)
    else:
        w.t("具有大专以上学历的")
        w.count(int(c.n_units * col / 100) + 1, "名", None, f"大专以上学历的{subj_who}", plain=True)
        w.t("，占")
        w.pct(col, "college_rate", f"{subj_who}大专以上学历占比", words=False)
        if col < 45 and w.r() < 0.5:
            rise = 20 + int(w.r() * 10)
            w.t("，比上届提高")
            w.f(f"近{rise // 10}成", (rise // 10) * 10, "%", "change", "college_rate_change",
                f"{subj_who}大专以上学历占比比上届提高", "approx", direction="up")
    w.t("。")
    if w.r() < 0.8:
        members = c.members
        fr = 15 + w.r() * 20
        if w.r() < 0.5:
            w.t("女性成员")
            w.count(int(members * fr / 100), "名", "female_count", "“两委”成员中的女性", plain=True)
            w.t("，占")
            w.pct(fr, "female_rate", "“两委”成员中女性占比", words=False)
        else:
            w.t("女性占比" + pk(("达到", "为", "提高到")))
            w.pct(fr, "female_rate", "“两委”成员中女性占比", words=False)
        w.t("；")
    if w.r() < 0.75:
        yr = 8 + w.r() * 18
        if w.r() < 0.6 or c.round_year < 2017:
            w.t("35岁以下年轻干部")
            w.count(int(c.members * yr / 100) + 1, "名", "young_count", "35岁以下“两委”成员", plain=True)
            w.t("，占")
            w.pct(yr, "young_rate", "35岁以下“两委”成员占比", words=False)
        else:
            w.t("“80后”“90后”干部占比")
            w.pct(yr, "young_rate", "“80后”“90后”“两委”成员占比", words=False)
        w.t("；")
    if w.r() < 0.6:
        nr = 18 + w.r() * 30
        w.t("新当选" + pk(("成员", "“两委”干部")))
        w.count(int(c.members * nr / 100) + 1, "名", "new_count", "新当选“两委”成员", plain=True)
        w.t("，占")
        w.pct(nr, "new_rate", "新当选“两委”成员占比", words=False)
        w.t("；")
    if w.parts[-1] == "；":
        w.parts[-1] = "。"
    else:
        w.t("班子结构实现“一升一降”。")


def _p_review(w: _Writer, c: _Ctx) -> None:
    pk = w.pick
    if not c.heads:
        w.t(pk(("严把人选关口。", "把好人选入口关。", "")))
    w.t(pk(FILLER[:3]))
    k = int(c.n_units * (3 + w.r() * 6))
    w.t("全面落实候选人资格联审制度，" + pk(("对", "共对")))
    w.count(k, "名", "candidates_reviewed", "资格联审的候选人")
    w.t("候选人人选开展资格联审，")
    if w.r() < 0.7:
        j = max(2, int(k * (0.003 + w.r() * 0.01)))
        w.t(pk(("取消", "劝退")))
        w.count(j, "名", None, "被取消候选人资格的人员", plain=True)
        w.t("不符合条件人员的候选人资格。")
    else:
        w.t("确保人选政治过硬、群众公认。")
    if w.r() < 0.6:
        w.t("同时，")
        w.t(pk(("集中整顿", "排查整顿")))
        w.count(max(2, int(c.n_units * (0.02 + w.r() * 0.04))), "个", None, "整顿的软弱涣散村党组织", plain=True)
        w.t("软弱涣散村党组织，")
        w.t(pk(("为换届扫清障碍。", "确保换届前问题清仓见底。")))


def _p_reserve(w: _Writer, c: _Ctx) -> None:
    pk = w.pick
    if not c.heads:
        w.t(pk(("注重长远储备。", "着眼队伍建设。", "")))
    w.t(pk(("实施村级后备力量培育工程，", "坚持内选外引相结合，", "深入实施“头雁”培育计划，")))
    w.t(pk(("动态储备村级后备干部", "共储备村级后备力量", "建立后备干部人才库，入库")))
    w.count(int(c.n_units * (1.5 + w.r() * 2.2)), "名", "reserve_cadres", "储备的村级后备干部")
    w.t("，")
    w.t(pk(("为每个村(社区)储备2名以上后备人选。", "实行动态管理、跟踪培养。", "形成梯次合理的人才梯队。")))
    if w.parts[-1].startswith("为每个"):
        # "2名以上" per village is a target (quota), a figure with no metric
        w.drop_last()
        w.t("为每个村(社区)储备")
        w.f("2名以上", 2, "名", "count", None, "每个村(社区)储备的后备人选", "more_than")
        w.t("后备人选。")


def _p_training(w: _Writer, c: _Ctx) -> None:
    pk = w.pick
    if not c.heads:
        w.t(pk(("抓实履职培训。", "强化能力提升。", "")))
    w.t("换届结束后，" + pk(("分级分类", "坚持全员", "")) + "开展新任村(社区)干部培训，")
    w.t(pk(("举办培训班", "组织专题培训")))
    sess = max(3, int(c.n_units * (0.05 + w.r() * 0.15)))
    w.count(sess, pk(("期", "场", "场次")), "trainings", "举办的新任村干部培训")
    w.t("，培训")
    w.count(int(c.n_units * (5 + w.r() * 6)), pk(("人次", "人")), "trainees", "参加培训的村(社区)干部")
    w.t(pk(("，实现新任干部培训全覆盖。", "，帮助新任干部尽快转变角色、进入状态。")))


def _p_vote(w: _Writer, c: _Ctx) -> None:
    pk = w.pick
    if not c.heads:
        w.t(pk(("依法规范选举。", "精心组织选举。", "")))
    per_unit = 900 + w.r() * 1800
    voters = int(c.n_units * per_unit)
    if w.r() < 0.5:
        w.t(f"{c.scope}共登记选民")
    else:
        w.t(f"{c.scope}选民登记")
    w.count(voters, "人", "voters_registered", "登记选民")
    w.t(pk(("，参选率达", "，平均参选率", "，选民参选率为")))
    w.pct(86 + w.r() * 12.5, "turnout_rate", "选民参选率", words=False)
    w.t("。")
    w.t(pk(FILLER[10:11] + FILLER[18:21]))


def _p_discipline(w: _Writer, c: _Ctx) -> None:
    pk = w.pick
    if not c.heads:
        w.t(pk(("严肃换届纪律。", "营造风清气正的换届环境。", "")))
    x = w.r()
    if x < 0.5:
        w.t(pk(("组建", "成立")))
        k = 3 + int(w.r() * 8)
        w.count(k, "个", None, "换届风气督导组")
        w.t(pk(("换届风气督导组", "督导组")) + "，")
    w.t(pk(("印发换届纪律提醒卡、承诺书等宣传资料", "发放“十严禁”纪律要求宣传资料")))
    w.count(int(c.n_units * (20 + w.r() * 80)), "份", None, "印发的换届纪律宣传资料")
    w.t("，")
    if w.r() < 0.6:
        w.t("受理换届信访举报")
        w.count(max(1, int(c.n_units * w.r() * 0.08)), "件", None, "受理的换届信访举报", plain=True)
        w.t("，" + pk(("均已按期办结。", "全部调查处理到位。")))
    else:
        w.t(pk(FILLER[5:7]))


def _p_handover(w: _Writer, c: _Ctx) -> None:
    pk = w.pick
    if not c.heads:
        w.t(pk(("扎实做好交接。", "做好“后半篇文章”。", "")))
    w.t("新老班子在新班子产生后")
    d = pk((7, 10, 15))
    w.f(f"{d}日内", d, "日", "duration", None, "新老班子完成工作移交的时限", "less_than")
    w.t("完成公章、档案、集体“三资”等移交工作")
    if w.r() < 0.5:
        w.t("，" + pk(("乡镇", "县级")) + "巡回指导组提前")
        a = 1 + int(w.r() * 2)
        w.f(f"{a}-{a + 1}天", a, "天", "range", None, "巡回指导组提前到位的时间", value_max=a + 1)
        w.t("进驻指导")
    w.t("。")
    if w.r() < 0.5:
        w.t("对")
        w.count(int(c.n_units * (0.8 + w.r() * 1.5)), "名", None, "离任、落选村(社区)“两委”干部")
        w.t("离任、落选干部逐一开展谈心谈话，其中60岁以上的老干部由乡镇党委书记" + pk(("亲自谈话。", "带队走访。")))


def _p_money(w: _Writer, c: _Ctx) -> None:
    pk = w.pick
    if not c.heads:
        w.t(pk(("强化保障。", "")))
    w.t(f"{c.place.name}" + pk(("财政安排换届工作经费", "统筹安排专项经费")))
    lo, hi = {"province": (2000, 12000), "city": (300, 2000), "county": (50, 300)}.get(c.place.level, (5, 30))
    amt = lo + int(w.r() * (hi - lo))
    w.f(f"{amt}万元", amt, "万元", "money", None, "换届工作经费")
    w.t("，" + pk(("保障换届工作顺利开展。", "确保经费足额到位。")))


def _p_filler(w: _Writer, c: _Ctx) -> None:
    pk = w.pick
    a = pk(FILLER)
    b = pk(FILLER)
    w.t(a + (b if b != a else ""))


SUBHEADS: dict[Callable[[_Writer, _Ctx], None], tuple[str, ...]] = {
    _p_structure: ("聚焦关键 优化班子结构", "结构优化 队伍焕发新活力"),
    _p_review: ("严把人选 选优配强班子", "摸清底数 精准研判选情", "严格把关 防止“带病参选”"),
    _p_reserve: ("着眼长远 储备后备力量", "内选外引 建强人才梯队"),
    _p_training: ("强化培训 提升履职能力", "以训促干 助力新班子开局"),
    _p_vote: ("精心组织 规范选举程序", "依法依规 保障群众权利"),
    _p_discipline: ("严明纪律 营造清朗风气", "强化监督 护航换届全程"),
    _p_handover: ("统筹兼顾 做好后半篇文章", "关心关爱 做好离任干部工作"),
    _p_money: ("高位推动 压实换届责任", "强化保障 夯实换届基础"),
    _p_filler: ("超前谋划 打牢换届基础", "数据赋能 提升换届质效", "压实责任 凝聚工作合力"),
}

BODY_WRITERS = (_p_review, _p_reserve, _p_training, _p_vote, _p_discipline, _p_handover, _p_money, _p_filler)


# ------------------------------------------------------------ titles & headers


def _title(c: _Ctx, r: Callable[[], float], figs: list[tuple]) -> tuple[str, tuple | None]:
    """A headline; sometimes it repeats a body figure (which then is quoted from the title)."""
    p = c.place
    name = p.name if r() < 0.6 else p.short
    wants = [f for f in figs if f[9] in ("concurrent_rate", "avg_age", "members_elected") and f[6] == "exact"]
    if wants and r() < 0.3:
        f = wants[0]
        if f[9] == "concurrent_rate":
            return f"{name}村(社区)“两委”换届“一肩挑”比例达{f[1]}", f
        if f[9] == "avg_age":
            return f"{name}：新一届村(社区)党组织书记平均年龄{f[1]}", f
        return f"{name}选举产生新一届村(社区)“两委”班子成员{f[1]}", f
    seq = (
        "{n}：选好“领头雁” 配强“当家人”", "{n}圆满完成村(社区)“两委”换届选举工作", "{n}扎实推进村(社区)“两委”换届",
        "{n}：高质量完成村(社区)“两委”换届", "【换届进行时】{n}：严把人选关 选优配强村级班子",
        "{n}多措并举推进村(社区)“两委”换届工作", "{n}：换届风清气正 班子结构优化", "{n}村“两委”换届实现“一升一降”",
        "{n}做好村(社区)“两委”换届“后半篇文章”", "强基固本 {n}村(社区)“两委”换届交出高分答卷",
    )
    if c.stage == "prep":
        seq = ("{n}提前谋划新一轮村(社区)“两委”换届", "{n}：未雨绸缪做好村“两委”换届准备", "{n}全面开展村级班子运行分析研判")
    elif c.round_year <= 2014:
        seq = ("{n}村级组织换届选举工作顺利完成", "{n}扎实开展村级组织换届选举", "{n}：村民委员会换届选举平稳有序")
    return seq[int(r() * len(seq))].format(n=name), None


def _outlet(c: _Ctx, r: Callable[[], float]) -> str:
    p = c.place
    x = r()
    county = p.county if p.level in ("county", "township") else None
    if county and x < 0.55:
        pat = OUTLET_PATTERNS_LOCAL[int(r() * len(OUTLET_PATTERNS_LOCAL))]
        return pat.format(c=county)
    if p.city and x < 0.75:
        ci = p.city[:-1] if p.city.endswith("市") and len(p.city) > 2 else p.city
        return OUTLET_PATTERNS_CITY[int(r() * len(OUTLET_PATTERNS_CITY))].format(ci=ci)
    if x < 0.9:
        pat = OUTLET_PATTERNS_PROV[int(r() * len(OUTLET_PATTERNS_PROV))]
        return pat.format(p=p.province, ps=p.province[:2] if not p.province.startswith(("内蒙古", "黑龙江")) else p.province[:3])
    return OUTLETS_NATIONAL[int(r() * len(OUTLETS_NATIONAL))]


def _person(r: Callable[[], float]) -> str:
    s = SURNAMES[int(r() * len(SURNAMES))]
    g = GIVEN[int(r() * len(GIVEN))]
    if r() < 0.6:
        g += GIVEN[int(r() * len(GIVEN))]
    return s + g


def _header(y: int, m: int, d: int, outlet: str, editor: str, r: Callable[[], float]) -> str:
    hh, mm, ss = 7 + int(r() * 13), int(r() * 60), int(r() * 60)
    date = f"{y}-{m:02d}-{d:02d}"
    x = r()
    if x < 0.35:
        return f"{date} {hh:02d}:{mm:02d}:{ss:02d} 来源:{outlet} 编辑:{editor}"
    if x < 0.55:
        return f"{date} {hh:02d}:{mm:02d}:{ss:02d}来源:{outlet}编辑:{editor}"
    if x < 0.8:
        return f"{date} {hh:02d}:{mm:02d}  来源：{outlet}  作者：{editor}"
    return f"发布时间：{y}年{m}月{d}日  来源：{outlet}"


# --------------------------------------------------------------- assembling


# Writer orders: a fixed table of permutations is much cheaper than shuffling per article.
_ORDERS: tuple[tuple[int, ...], ...] = tuple(
    tuple(random.Random(k).sample(range(8), 8)) for k in range(512)
)
_PREP_WRITERS = frozenset((_p_review, _p_reserve, _p_discipline, _p_filler, _p_money))


def _article(rng: random.Random, seed: int, i: int) -> GenArticle:
    """One report drawn from ``rng`` (the stream's generator)."""
    r = rng.random
    region = _pick_place(r)
    ry, y, m, stage = _pick_time(r)
    place = as_of_year(region, y)  # named as reports of that year name it
    d = 1 + int(r() * 28)
    vil, com = _units_for(place, r)
    P = _first_name(place, r)
    c = _Ctx(place, y, ry, stage, vil + com, vil, com, P, place.scope)
    c.members = int(c.n_units * (4.2 + r() * 2.6))
    am = m - 1 if m > 1 and d < 8 else m
    ad = min(28, max(1, d - 1 - int(r() * 6))) if am == m else 25 + int(r() * 4)
    asof = f"{am}月{ad}日" if r() < 0.8 else f"{am}月底"
    outlet = _outlet(c, r)
    editor = _person(r)

    # body first (figures offsets relative to body start), then title + header
    w = _Writer(r)
    sep = ("\n\n　　", "\n\n", "\n　　", "\n\n  ")[int(r() * 4)]
    lead = sep.lstrip("\n")
    w.t(lead)
    _p_intro(w, c, asof)
    n_par = 4 + int(r() * 7)
    writers: list[Callable[[_Writer, _Ctx], None]] = []
    if stage != "prep":
        if stage == "done":
            writers += [_p_result, _p_structure]
    order = _ORDERS[int(r() * 512)]
    if stage == "prep":
        pool = [BODY_WRITERS[k] for k in order if BODY_WRITERS[k] in _PREP_WRITERS] + [_p_filler]
    else:
        pool = [BODY_WRITERS[k] for k in order]
    for fn in pool:
        if len(writers) + 2 >= n_par:
            break
        writers.append(fn)
    c.heads = r() < 0.4
    for fn in writers:
        w.t(sep)
        if c.heads and fn is not _p_result:
            hs = SUBHEADS[fn]
            w.t(hs[int(r() * len(hs))])
            w.t(sep)
        fn(w, c)
    w.t(sep)
    w.t(CLOSERS[int(r() * len(CLOSERS))].format(P=place.name))
    parts = w.parts
    body = "".join(parts)
    offs = list(accumulate(map(len, parts), initial=0))
    title, tfig = _title(c, r, w.figs)
    pub = f"{y}-{m:02d}-{d:02d}"
    header = _header(y, m, d, outlet, editor, r)
    prefix = title + "\n" + header + "\n"
    off = len(prefix)  # body starts right after the header line
    text = prefix + body
    L = len(lead)
    find = text.find
    figs: list[dict[str, Any]] = []
    spans: list[tuple[int, int]] = []  # in the stripped body, where each number is printed
    for t in w.figs:
        idx, surface, value, value_max, unit, kind, qual, direction, subject, metric = t
        bs = offs[idx]
        be = bs + len(surface)
        if t is tfig:
            # the title repeats a body figure: one figure, quoted at its first mention
            s = title.index(surface)
            e = s + len(surface)
        else:
            s, e = bs + off, be + off
        # the gold convention: where the same string occurs earlier, add context to the left
        while s > 0 and find(text[s:e]) != s:
            s -= 1
        figs.append({"value": value, "value_max": value_max, "unit": unit, "kind": kind, "qualifier": qual,
                     "direction": direction, "subject": subject, "metric": metric, "quote": text[s:e],
                     "start": s, "end": e})
        spans.append((bs - L, be - L))
    if tfig is not None:
        k = w.figs.index(tfig)
        figs.insert(0, figs.pop(k))
        spans.insert(0, spans.pop(k))
    return GenArticle(
        title=title, text=text, published=pub, region_code=region.code, region_name=region.full_name,
        outlet=outlet, figures=figs, level=region.level, on_topic=True, author=editor, body=body.strip(),
        uid=f"g{seed}-{i}", year=y, extra={"round": ry, "stage": stage, "header": header, "body_spans": spans},
    )


def generate_articles(n: int, seed: int = 0) -> Iterator[GenArticle]:
    """``n`` synthetic on-topic reports, deterministic for ``seed``.

    One generator per stream (seeding one per article would cost a tenth of the
    time budget), so the stream is prefix-stable: the first k articles are the
    same whatever ``n`` is.  Streams with different seeds are independent.
    """
    rng = random.Random(seed * 1_000_003 + 7)
    for i in range(n):
        yield _article(rng, seed, i)


# ---------------------------------------------------------------- off-topic

_OFF_TITLES = {
    "sport": ("{n}第{k}届全民健身运动会开幕", "{n}举办乡村篮球联赛", "{n}青少年足球邀请赛落幕"),
    "weather": ("{n}气象台发布暴雨蓝色预警", "{n}迎来今冬首场降雪", "{n}未来三天天气晴好"),
    "tourism": ("{n}乡村旅游节开幕", "{n}“五一”假期接待游客创新高", "{n}打造精品乡村旅游线路"),
    "farm": ("{n}抢抓农时推进春耕生产", "{n}秋粮收获进度过半", "{n}高标准农田建设提速"),
}


def _off_body(kind: str, place: Place, r: Callable[[], float], sep: str) -> list[str]:
    n = place.name
    a, b, cc = 100 + int(r() * 900), 10 + int(r() * 90), 1 + int(r() * 9)
    if kind == "sport":
        return [f"近日，{n}全民健身运动会在体育中心开幕，来自各乡镇和机关单位的{a}名运动员参加比赛。",
                f"本届运动会设篮球、乒乓球、拔河等{b}个比赛项目，赛期{cc}天。",
                "运动会的举办进一步激发了群众参与体育健身的热情。"]
    if kind == "weather":
        return [f"据{n}气象台消息，受冷空气影响，预计未来{cc}天全县将出现明显降温降雨天气，",
                f"最高气温{b % 30 + 5}℃，局地累计降雨量可达{a // 10}毫米。",
                "气象部门提醒广大群众注意防范，合理安排出行。"]
    if kind == "tourism":
        return [f"{n}乡村旅游节日前开幕，活动持续{cc}天，推出精品线路{b % 12 + 3}条。",
                f"假期期间全域接待游客{a}万人次，实现旅游收入{a * 3}万元。",
                "当地将持续丰富文旅业态，推动文旅融合发展。"]
    return [f"眼下正值春耕时节，{n}各地抢抓农时，全县已完成早稻播种{a}万亩。",
            f"农业部门组织{b}个技术服务小组深入田间地头开展指导。",
            "各乡镇同步做好农资供应和病虫害防治工作。"]


def generate_offtopic(n: int, seed: int = 0) -> Iterator[GenArticle]:
    """Off-topic local news (sport, weather, tourism, farming) from the same outlets and places.

    Their numbers are not election figures: ``figures`` is empty and ``on_topic`` False.
    """
    kinds = ("sport", "weather", "tourism", "farm")
    for i in range(n):
        rng = random.Random(seed * 7_000_003 + i + 17)
        r = rng.random
        place = COUNTY_PLACES[int(r() * len(COUNTY_PLACES))]
        kind = kinds[int(r() * len(kinds))]
        y, m, d = 2008 + int(r() * 18), 1 + int(r() * 12), 1 + int(r() * 28)
        named = as_of_year(place, y)
        tpl = _OFF_TITLES[kind][int(r() * 3)]
        title = tpl.format(n=named.name, k=CN_DIGITS[2 + int(r() * 8)])
        outlet = f"{named.name}融媒体中心"
        editor = _person(r)
        header = _header(y, m, d, outlet, editor, r)
        body = "\n\n".join("　　" + s for s in _off_body(kind, named, r, "\n\n"))
        yield GenArticle(
            title=title, text=title + "\n" + header + "\n" + body, published=f"{y}-{m:02d}-{d:02d}",
            region_code=place.code, region_name=place.full_name, outlet=outlet, figures=[],
            level="county", on_topic=False, author=editor, body=body, uid=f"o{seed}-{i}", year=y,
            extra={"topic": kind, "header": header},
        )
