"""The metric codebook: the one place that says what each canonical metric means.

Extraction assigns these keys, the web app labels charts with them, exports write
them into ``datapackage.json``.  Everything reads this table; nothing copies it.
"""
from __future__ import annotations

from dataclasses import dataclass, asdict


@dataclass(frozen=True)
class Metric:
    key: str
    label_zh: str
    label_en: str
    unit: str | None
    """Canonical unit of the value: ``%``, ``岁``, ``个百分点``, ``个``, ``名``, ``人次`` …"""
    denominator: str | None
    """For rates: what the percentage is a share of."""
    definition: str
    kind: str
    """The figure kind this metric normally has (count, percent, average, change)."""

    def as_dict(self) -> dict:
        return asdict(self)


METRICS: tuple[Metric, ...] = (
    Metric("units_total", "换届村(社区)数", "Villages/communities in scope", "个", None,
           "Villages and communities (or their party organisations) in scope of the election round.", "count"),
    Metric("units_completed", "完成换届村(社区)数", "Villages/communities completed", "个", None,
           "Villages and communities (or their party organisations) that completed the election.", "count"),
    Metric("members_elected", "当选“两委”成员数", "Committee members elected", "名", None,
           "Members of the two committees (两委成员, 班子成员) elected in the round.", "count"),
    Metric("secretaries_elected", "当选党组织书记数", "Party secretaries elected", "名", None,
           "Village/community party organisation secretaries elected.", "count"),
    Metric("concurrent_rate", "“一肩挑”比例", "Secretary also chairs committee (share)", "%", "secretaries",
           "Share of villages/communities where the party secretary also chairs the village/residents' committee.", "percent"),
    Metric("concurrent_count", "“一肩挑”人数", "Secretary also chairs committee (count)", "名", None,
           "Number of secretaries who also chair the committee.", "count"),
    Metric("cross_appointment_rate", "交叉任职比例", "Cross-appointment share", "%", "committee members",
           "Share of members who sit on both committees (交叉任职).", "percent"),
    Metric("avg_age", "平均年龄", "Average age", "岁", None,
           "Average age of the group named in the figure's subject (secretaries, members, chairs).", "average"),
    Metric("avg_age_change", "平均年龄变化", "Change in average age", "岁", None,
           "Change of the average age against the previous term; direction says up or down.", "change"),
    Metric("college_rate", "大专以上学历比例", "College education share", "%", "members or secretaries",
           "Share with junior-college (大专) education or above.", "percent"),
    Metric("college_rate_change", "大专以上学历比例变化", "Change in college education share", "%", None,
           "Change of the college share against the previous term, in percent or percentage points.", "change"),
    Metric("female_rate", "女性比例", "Women (share)", "%", "members or secretaries",
           "Share of women among members or secretaries.", "percent"),
    Metric("female_count", "女性人数", "Women (count)", "名", None,
           "Number of women among members or secretaries.", "count"),
    Metric("young_rate", "年轻干部比例", "Young cadres (share)", "%", "members or secretaries",
           "Share under 35 (or born after 1980/1990).", "percent"),
    Metric("young_count", "年轻干部人数", "Young cadres (count)", "名", None,
           "Number under 35 (or born after 1980/1990).", "count"),
    Metric("new_rate", "新当选比例", "Newly elected (share)", "%", "members",
           "Share of members newly elected this term.", "percent"),
    Metric("new_count", "新当选人数", "Newly elected (count)", "名", None,
           "Number of members newly elected this term.", "count"),
    Metric("reelected_count", "连选连任人数", "Re-elected (count)", "名", None,
           "Number of members re-elected.", "count"),
    Metric("turnout_rate", "参选率", "Voter turnout", "%", "registered voters",
           "Share of registered voters who took part (参选率, 参选率达).", "percent"),
    Metric("voters_registered", "登记选民数", "Registered voters", "人", None,
           "Voters registered for the election (选民登记).", "count"),
    Metric("candidates_reviewed", "资格联审人数", "Candidates screened", "名", None,
           "Candidates screened in qualification reviews (资格联审, 审查).", "count"),
    Metric("reserve_cadres", "后备干部人数", "Reserve cadres", "名", None,
           "Reserve cadres (后备干部) identified or trained.", "count"),
    Metric("trainees", "培训人数", "People trained", "人", None,
           "People (or person-times) trained for the new term.", "count"),
    Metric("trainings", "培训场次", "Training sessions", "场", None,
           "Training sessions or classes held.", "count"),
)

BY_KEY: dict[str, Metric] = {m.key: m for m in METRICS}


def get(key: str) -> Metric:
    """The metric for ``key``; ``KeyError`` names the known keys so a typo is obvious."""
    try:
        return BY_KEY[key]
    except KeyError:
        raise KeyError(f"unknown metric {key!r}; known: {', '.join(BY_KEY)}") from None


def is_metric(key: str | None) -> bool:
    return key in BY_KEY
