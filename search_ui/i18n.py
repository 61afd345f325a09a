"""Interface wording in Chinese (default) and English.

Metric names are *not* here: they come from ``huanjie.codebook`` so that the
page, the chart legend and the exported codebook can never disagree.  This
module only holds the words of the interface itself (buttons, headings).
"""
from __future__ import annotations

from huanjie import codebook

LANGS = ("zh", "en")

_UI: dict[str, tuple[str, str]] = {
    "app_title": ("换届新闻数据库", "Huanjie: village election news"),
    "nav_search": ("检索", "Search"),
    "nav_compare": ("地区比较", "Compare regions"),
    "nav_api": ("数据接口", "API"),
    "search": ("检索", "Search"),
    "query_placeholder": ("输入检索式，例如：一肩挑 AND 广东", "Query, e.g. 一肩挑 AND 广东"),
    "query_help": ("检索语法", "Query language"),
    "examples": ("示例", "Examples"),
    "results": ("条结果", "results"),
    "no_results": ("没有匹配的报道。", "No matching reports."),
    "sort": ("排序", "Sort"),
    "sort_relevance": ("相关度", "Relevance"),
    "sort_date_desc": ("最新", "Newest"),
    "sort_date_asc": ("最早", "Oldest"),
    "facet_province": ("省份", "Province"),
    "facet_city": ("地市", "City"),
    "facet_county": ("区县", "County"),
    "facet_year": ("年份", "Year"),
    "facet_outlet": ("来源媒体", "Outlet"),
    "facet_metric": ("指标", "Metric"),
    "active_filters": ("已选条件", "Active filters"),
    "remove": ("移除", "remove"),
    "clear_all": ("全部清除", "Clear all"),
    "coverage": ("报道数量（按月，转载只计一次）", "Reports per month (copies counted once)"),
    "copies": ("转载", "copies"),
    "prev": ("上一页", "Previous"),
    "next": ("下一页", "Next"),
    "page": ("第{n}页", "Page {n}"),
    "export": ("导出", "Export"),
    "export_documents": ("报道", "Documents"),
    "export_figures": ("数字", "Figures"),
    "export_metrics": ("地区×指标表", "Region × metric table"),
    "export_bundle": ("数据包（含代码表、清单、引用信息）", "Bundle (codebook, manifest, citation)"),
    "doc_published": ("发布日期", "Published"),
    "doc_outlet": ("来源", "Outlet"),
    "doc_region": ("地区", "Region"),
    "doc_url": ("原文网址", "Source URL"),
    "doc_fetched": ("抓取时间", "Captured"),
    "doc_warc": ("WARC 存档", "WARC record"),
    "doc_flags": ("抽取标记", "Extraction flags"),
    "doc_copies": ("转载/重复稿件", "Syndicated copies"),
    "doc_version": ("版本", "Version"),
    "doc_extractor": ("抽取器版本", "Extractor version"),
    "doc_original": ("原文（发布时）", "As published"),
    "doc_normalised": ("规范化文本", "Normalised text"),
    "doc_figures": ("抽取的数字", "Extracted figures"),
    "none": ("无", "none"),
    "value": ("数值", "Value"),
    "unit": ("单位", "Unit"),
    "metric": ("指标", "Metric"),
    "subject": ("对象", "Subject"),
    "as_of": ("截至日期", "As of"),
    "quote": ("原文", "Quote"),
    "sentence": ("句子", "Sentence"),
    "sources": ("个来源", "sources"),
    "sg_secretaries": ("书记", "secretaries"),
    "sg_chairs": ("主任", "chairs"),
    "sg_members": ("成员", "members"),
    "conflict": ("来源数值不一致", "Sources disagree"),
    "compare_title": ("地区比较", "Compare regions"),
    "compare_metrics": ("指标（可多选）", "Metrics (one or more)"),
    "compare_level": ("地区层级", "Region level"),
    "level_national": ("全国", "National"),
    "level_province": ("省级", "Province"),
    "level_city": ("地市级", "City"),
    "level_county": ("区县级", "County"),
    "round": ("换届年份", "Election round"),
    "region": ("地区", "Region"),
    "show": ("显示", "Show"),
    "bar_chart": ("柱状图", "Bar chart"),
    "map": ("地图", "Map"),
    "map_note": ("圆点位置为各地区政府驻地坐标，颜色表示数值。", "Dots sit at each region's seat; colour shows the value."),
    "no_data": ("没有该指标的数据。", "No data for this metric."),
    "cell_title": ("数值出处", "Where the value comes from"),
    "open_document": ("查看报道", "Open report"),
    "back_to_compare": ("返回比较表", "Back to the table"),
    "error": ("请求有误", "Bad request"),
    "not_found": ("未找到", "Not found"),
    "lang_switch": ("English", "中文"),
    "api_title": ("数据接口", "JSON API"),
    "api_intro": ("每个页面都有对应的 .json 版本；完整接口说明见 OpenAPI 文档。",
                  "Every page has a .json twin; the OpenAPI schema describes them all."),
    "no_map_coords": ("以下地区没有坐标，未在地图上显示：", "No coordinates for (not on the map): "),
}


def t(key: str, lang: str) -> str:
    """The interface string ``key`` in ``lang``; an unknown key shows itself so gaps are visible."""
    pair = _UI.get(key)
    if pair is None:
        return key
    return pair[1] if lang == "en" else pair[0]


def metric_label(key: str | None, lang: str) -> str:
    """The codebook label of a metric; unknown or empty keys are shown as they are."""
    if not key:
        return "—"
    m = codebook.BY_KEY.get(key)
    if m is None:
        return key
    return m.label_en if lang == "en" else m.label_zh


def level_label(level: str, lang: str) -> str:
    return t(f"level_{level}", lang)


def translator(lang: str):
    """A one-argument ``t`` bound to the page language, for templates."""
    return lambda key, **kw: t(key, lang).format(**kw) if kw else t(key, lang)
