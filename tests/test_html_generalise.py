"""Failure modes found on held-out real pages (other outlets and CMSs), each
pinned with a rule-level test and a fixture page of our own prose
(tests/fixtures/html/: tw_roc_big5, portal_short_brief, gov_table_broken; their
page-level scores run in test_html_pages.test_fixtures_meet_targets)."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from extract.html import extract_html
from extract.html.decode import decode_page
from extract.html.maintext import prose_score
from extract.html.metadata import iso_date, zone_date
from extract.html.repair import repair_lines
from extract.html.titles import choose_title, strip_site_suffix

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "html"


def _page(name: str):
    gold = json.loads((FIXTURES / f"{name}.gold.json").read_text(encoding="utf-8"))
    return extract_html((FIXTURES / f"{name}.html").read_bytes(), source=name, text_pipeline=False), gold


@pytest.mark.parametrize("text,want", [
    ("民國110年3月5日", "2021-03-05"),
    ("發布日期：110-03-25 14:32", "2021-03-25"),
    ("110/03/05 下午 2:10", "2021-03-05"),
    ("中华民国98年12月1日", "2009-12-01"),
    ("二〇二一年三月十五日", "2021-03-15"),
    ("二〇一九年十二月三十一日", "2019-12-31"),
    ("2021年3月5日 星期五", "2021-03-05"),
    ("98年3月5日", None),          # two-digit year without the era name: ambiguous
    ("共110.5万人参加", None),
])
def test_roc_and_chinese_numeral_dates(text, want):
    assert iso_date(text) == want


def test_header_date_is_labelled_or_nearest_the_body():
    lines = ["上一篇 :", "白水乡召开换届工作推进会--2021年11月2日", "下一篇 :", "青山镇完成换届",
             "2021-11-21 09:15:40 某某网"]
    assert zone_date(lines, nearest_last=True) == "2021-11-21"
    assert zone_date(["相关：2020-01-02 旧闻", "发布时间：2021-06-08"], nearest_last=True) == "2021-06-08"


def test_taiwanese_big5_page_with_vendor_bytes_and_roc_date():
    doc, gold = _page("tw_roc_big5")
    assert doc.extra["encoding"] == "big5hkscs"
    assert (doc.title, doc.published, doc.outlet) == (gold["title"], "2021-03-25", gold["outlet"])
    assert doc.body == gold["body"]  # no 延伸閱讀, 讀者留言 or 點擊進入專題 line


def test_big5_page_with_a_broken_byte_is_not_read_as_gbk():
    raw = (FIXTURES / "big5_traditional.html").read_bytes()
    i = raw.find("換屆".encode("big5"))
    page = decode_page(raw[:i] + b"\x80" + raw[i:])
    assert page.encoding == "big5hkscs" and "decode_errors" in page.flags
    assert "換屆" in page.text


def test_short_brief_is_not_replaced_by_page_chrome():
    doc, gold = _page("portal_short_brief")
    assert doc.extra["method"] == "readability"
    assert doc.body == gold["body"]  # no tag line, author box, counters or disclaimer
    assert doc.published == "2021-11-21"  # not the previous-article link's date


def test_prose_score_prefers_prose_over_link_lists():
    clean = "今年全县共有238个村完成换届，选出“两委”成员1426名，平均年龄42.7岁。"
    chrome = "\n".join(["标签", "换届|村两委", "上一篇 :", "白水乡召开换届工作推进会", "当前位置：", "主页",
                        clean, "总篇数", "1260", "暂无简介", "精华文章", "全县村级换届工作综述"])
    assert prose_score(clean) > prose_score(chrome)


def test_old_table_layout_with_bold_heading_and_unclosed_tags():
    doc, gold = _page("gov_table_broken")
    assert doc.title == gold["title"]  # column prefix and site suffix gone, subtitle dash kept
    assert doc.body == gold["body"]
    assert (doc.published, doc.outlet) == ("2021-06-08", "县委组织部")


@pytest.mark.parametrize("raw,want", [
    ("工作动态 - 全县换届完成——新一届班子结构明显优化 - 某某县人民政府门户网站", "全县换届完成——新一届班子结构明显优化"),
    ("全市村级换届选举全面完成——某某日报", "全市村级换届选举全面完成"),
    ("明日股市预测--最新出炉联合国贸发报告：2019年全球经济增长率降至2.3%", "最新出炉联合国贸发报告：2019年全球经济增长率降至2.3%"),
])
def test_title_prefixes_suffixes_and_subtitle_dashes(raw, want):
    assert strip_site_suffix(raw) == want


def test_heading_bounded_by_separators_in_title_wins():
    t = choose_title(html_title="基层快讯 - 青山镇完成村级换届 - 某某县融媒体中心官方网站欢迎您",
                     meta_titles=[], headings=["青山镇完成村级换届"])
    assert t == "青山镇完成村级换届"


def test_tail_tags_disclaimer_and_inline_widgets_are_dropped():
    body = "\n".join(["全镇14个村全部完成换届，选出“两委”成员86名。", "点击进入专题：村级组织换届选举",
                      "新班子平均年龄41.3岁，较上届下降4.8岁。", "换届|村两委|青山镇",
                      "县委组织部供稿  摄影/王明  编辑/赵静",
                      "声明：本站部分信息转载自公开渠道，仅供参考。", "返回某某网首页>>"])
    assert repair_lines(body) == "全镇14个村全部完成换届，选出“两委”成员86名。\n新班子平均年龄41.3岁，较上届下降4.8岁。"


def test_captions_and_original_title_lines_stay():
    """The gold keeps 原标题 lines and photo captions: they are published text."""
    body = "原标题：全县完成村级换届\n全县238个村完成换届选举。\n图为选举现场。（张三摄）\n新班子平均年龄42.7岁。"
    assert repair_lines(body) == body


def test_stray_end_tags_from_a_header_template_do_not_hide_the_article():
    # A portal's included header closes its own page (</body></html>); browsers
    # ignore that and so must we, or the article lands outside the parsed tree.
    page = """<!DOCTYPE html><html><head><meta charset="utf-8"><title>某县召开村级换届工作推进会_某县人民政府</title>
<meta name="PubDate" content="2021-03-02 09:30"></head><body>
<div class="header"><a href="/">首页</a> <a href="/zwgk/">政务公开</a></div></body></html>
<div class="content"><div class="article">
<h1>某县召开村级换届工作推进会</h1>
<div class="pages_content" id="UCAP-CONTENT">
<p>3月1日，某县召开村（社区）“两委”换届工作推进会，通报前一阶段工作进展。截至目前，全县已有126个村完成换届选举。</p>
<p>会议要求，各乡镇要严格换届纪律，确保换届风清气正。</p>
</div></div></div>
<div class="footer">版权所有：某县人民政府</div></body></html>"""
    doc = extract_html(page.encode("utf-8"), source="stray-end-tags", text_pipeline=False)
    assert doc.kind == "article", doc.flags
    assert "126个村完成换届选举" in doc.body and "换届风清气正" in doc.body
    assert "版权所有" not in doc.body and "政务公开" not in doc.body
