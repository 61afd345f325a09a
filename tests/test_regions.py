"""Gazetteer look-ups and matching; document and sentence regions on seeds and synthetic reports."""
import json
from pathlib import Path

import pytest

from extract.gazetteer import by_code, coords, find_mentions, gazetteer, lineage
from extract.normalise import normalise
from extract.regions import resolve_document_region, sentence_region

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
SEEDS = sorted((SHARED / "seeds").glob("*.txt"))


def _gold_ok(gold, pred):
    """The shared scorer's rule: same code, or for townships same county and same name."""
    if pred is None:
        return False
    if gold["code"] == pred.code:
        return True
    return len(gold["code"]) > 6 and gold["code"][:6] == pred.code[:6] and pred.name.endswith(gold["name"][-3:])


@pytest.mark.parametrize("path", SEEDS, ids=lambda p: p.stem[:3])
def test_seed_region_matches_gold(path):
    gold = json.loads((SHARED / "gold" / f"{path.stem}.json").read_text(encoding="utf-8"))
    text = normalise(path.read_text(encoding="utf-8")).text
    region, _ = resolve_document_region(text)
    assert _gold_ok(gold["region"], region), (region, gold["region"])


def test_lookups_and_lineage():
    r = by_code("510311")
    assert r.level == "county" and r.name.endswith("沿滩区")
    assert [x.level for x in lineage("510311")] == ["province", "city", "county"]
    assert lineage("999999") == [] and by_code("999999") is None
    assert by_code("000000").level == "national"
    town = lineage("341622112")
    assert [x.level for x in town] == ["province", "city", "county", "township"]
    assert by_code("341622112000") == town[-1]  # 12-digit statistical codes accepted
    lon, lat = coords("510311")
    assert 100 < lon < 110 and 25 < lat < 35
    assert coords("341622112") == coords("341622")  # townships fall back to their county


def test_short_historical_and_common_words():
    got = {m.surface: m for m in find_mentions("襄樊市和郫县的干部到蒙城交流，公安机关和光明村也参加")}
    assert got["襄樊市"].candidates[0].code == "420600"
    assert got["郫县"].candidates[0].code == "510117"
    assert got["蒙城"].kind == "short" and got["蒙城"].candidates[0].code == "341622"
    assert "公安" not in got and "光明" not in got
    # A county abolished into a new district, and an old one-character county name.
    got = {m.surface: m for m in find_mentions("原南汇县和蓟县的村干部参加了培训")}
    assert got["南汇县"].candidates[0].code == "310115" and got["蓟县"].candidates[0].code == "120119"
    weak = find_mentions("城区完成换届")
    assert weak[0].kind == "weak" and len(weak[0].candidates) > 1


def test_short_names_hidden_in_words_are_not_mentions():
    surfaces = {m.surface for m in find_mentions("坚持创新和发展，跨过千山万水，老城区改造完成")}
    assert not surfaces & {"新和", "千山", "城区"}
    assert [m.surface for m in find_mentions("自贡沿滩:选好带头人")] == ["自贡", "沿滩"]


def test_mentions_are_exact_spans_with_astral_characters():
    text = "😀湖北省🎉蒙城县立仓镇"
    for m in find_mentions(text):
        assert text[m.start:m.end] == m.surface


def test_gazetteer_is_cached():
    assert gazetteer() is gazetteer()


SYNTHETIC = {
    "000000": "中组部民政部部署全国村（社区）“两委”换届工作\n2020-11-20 10:00 来源：新华网\n新华网北京11月20日电 日前，中央组织部、民政部联合召开全国村（社区）“两委”换届工作视频会议。会议指出，全国将有数十万个村进行换届。\n会议要求各地加强领导。浙江、江苏、广东等地作了交流发言。",
    "410000": "河南：村“两委”换届全面完成\n2021-03-02 来源：河南日报\n记者从省委组织部获悉，截至2月底，河南省4.6万个村全部完成“两委”换届。\n郑州市、洛阳市、南阳市等地创新做法。信阳市一肩挑比例达98%。全省新当选书记平均年龄45.1岁。",
    "140311": "阳泉市郊区：换届工作平稳有序\n2021-10-09 来源：阳泉日报\n近日，郊区村（社区）“两委”换届工作全面完成。郊区共有村89个。全区选举产生委员500名。",
    "420607": "襄樊市襄阳区村级换届顺利完成\n2009-12-01 来源：襄樊日报\n近日，襄阳区287个村全部完成换届选举工作。襄阳区委组织部介绍，新当选的村干部平均年龄42岁。",
    "530625": "永善县：村级换届稳步推进\n2016-03-04 来源：昭通新闻网\n近日，永善县召开换届工作会议。溪洛渡街道、黄华镇、桧溪镇等乡镇负责人参加。永善县委书记强调要严格程序。全县142个村将完成换届。",
    "110105": "北京朝阳区社区换届圆满完成\n2021-06-01 来源：北京日报\n朝阳区43个街乡437个社区全部完成换届，朝阳区委组织部介绍了经验。",
}


@pytest.mark.parametrize("code", sorted(SYNTHETIC))
def test_synthetic_reports(code):
    region, _ = resolve_document_region(normalise(SYNTHETIC[code]).text)
    assert region is not None and region.code == code


def test_county_report_citing_one_township_stays_at_county():
    text = ("永善县：扎实推进村级换届\n2021-03-01 来源：某报\n近日，永善县召开换届工作推进会，要求各乡镇严格程序。\n"
            "在黄华镇，黄华镇党委组织开展了候选人资格联审，黄华镇22个村全部完成推荐。\n全县各乡镇同步推进。")
    assert resolve_document_region(text)[0].code == "530625"
    town = "蒙城县立仓镇：换届工作有序推进\n立仓镇党委高度重视，立仓镇22个村全部完成推荐工作。"
    assert resolve_document_region(town)[0].level == "township"


def test_outlet_name_does_not_win():
    text = "(皖南网讯)蒙城县双涧镇换届有序推进\n双涧镇党委高度重视，双涧镇18个村全部完成推荐工作。蒙城县委组织部现场指导。"
    region, _ = resolve_document_region(text, byline="山西大院资讯网")
    assert region is not None and region.code.startswith("341622")
    region, _ = resolve_document_region("人民网河南频道\n" + text)
    assert region is not None and region.code.startswith("341622")


def test_generic_name_without_context_is_flagged():
    region, flags = resolve_document_region("城区完成换届选举\n城区12个村全部完成换届，城区选举产生成员100名。")
    assert region is None and "region_ambiguous" in flags
    region, _ = resolve_document_region("城区完成换届选举\n城区12个村全部完成换届，城区选举产生成员100名。", byline="阳泉日报记者")
    assert region is not None and region.code == "140302"


def test_link_farm_in_raw_text_is_ignored():
    raw = SYNTHETIC["530625"] + "\n大英县| 昆山市| 西城区| 敖汉旗| 内江市| 涿鹿县| 云和县| 自贡市| 义乌市| 昆山市|\n" * 3
    region, _ = resolve_document_region(raw)  # not normalised: the farm is still there
    assert region is not None and region.code == "530625"


def test_no_place_at_all():
    assert resolve_document_region("关于做好换届工作的几点思考\n要坚持党的领导。")[0] is None
    assert resolve_document_region("") == (None, [])


def test_sentence_region():
    prov = by_code("410000")
    assert sentence_region("信阳市一肩挑比例达98%", prov).code == "411500"
    assert sentence_region("全省新当选书记平均年龄45.1岁", prov) is None
    assert sentence_region("河南省完成换届", prov) is None
    county = by_code("140302")
    assert sentence_region("城区12个村完成换届", county) is None
    assert sentence_region("城区12个村完成换届", by_code("140300")).code == "140302"


# ---- document level: township, county, city, province and national reports ----------------
# Short reports written for these tests (own prose, invented figures).
LEVEL_REPORTS = {
    # a township report, the county named only as its qualifier
    "361130103": "婺源县江湾镇：村级换届平稳收官\n2021-03-12 09:30 来源：上饶日报\n"
                 "近日，江湾镇16个村全部完成村“两委”换届选举。江湾镇党委提前谋划，全镇共推选候选人212名。\n"
                 "新当选的江湾镇村干部平均年龄43.2岁，全镇实现“一肩挑”16个。",
    # a township report whose county appears in the outlet line only
    "330226111": "西店镇圆满完成村社换届\n2020-12-08 10:05 来源：宁海县融媒体中心\n"
                 "西店镇28个村（社区）日前全部完成换届选举，西店镇党委书记介绍，新一届班子中大专以上学历占62.5%。\n"
                 "全镇共有选民2.1万人，参选率达93.4%。",
    # an ethnic township named without its people (…回族乡 → …乡)
    "110105033": "常营乡社区“两委”换届顺利完成\n2021-06-02 14:00 来源：朝阳报\n"
                 "常营乡9个社区全部完成换届，常营乡党委组织开展了资格联审，全乡选举产生社区“两委”成员71名。",
    # a county report listing several of its townships
    "361130": "婺源县村“两委”换届全面完成\n2021-03-20 16:10 来源：上饶日报\n"
              "记者从婺源县委组织部获悉，全县201个村已全部完成“两委”换届。\n"
              "紫阳镇、秋口镇、江湾镇、赋春镇等乡镇先行先试，紫阳镇12个村率先完成选举。全县“一肩挑”比例达96.5%。",
    # a county report never naming its county: towns plus 全县
    "330329": "全县村级组织换届工作总结\n2021-04-01 08:00\n"
              "按照《浙江省村民委员会选举办法》，全县各乡镇、街道村级换届全部完成。罗阳镇率先完成，"
              "罗阳镇党委书记介绍了经验。全县选举产生村“两委”成员1320名，县委组织部共培训新任干部800余人次。",
    # a city report listing its counties stays at the city
    "360700": "赣州市村“两委”换届圆满完成\n2021-03-25 11:20 来源：赣南日报\n"
              "截至3月20日，赣州市3461个村全部完成“两委”换届选举。\n"
              "瑞金市、于都县、兴国县、宁都县等地创新方式方法，于都县一肩挑比例达98.1%。全市新当选村干部平均年龄42.7岁。",
    "510700": "绵阳：村（社区）换届选举全面完成\n2021-05-10 09:00 来源：绵阳日报\n"
              "绵阳市各县（市、区）村（社区）“两委”换届日前全面完成。江油市、三台县、梓潼县分别召开总结会。"
              "全市共选举产生村（社区）“两委”成员1.6万名，其中女性占31.2%。",
    # a province report led by a one-character abbreviation
    "340000": "皖：全省村“两委”换届完成\n2021-02-28 19:00 来源：安徽日报\n"
              "记者从省委组织部获悉，全省1.6万个村（社区）全部完成“两委”换届。合肥市、芜湖市等地探索了好做法。"
              "全省新一届班子平均年龄44.6岁。",
    # national reports: a central organ, or 全国各地 with several provinces
    "000000": "民政部：全国村委会换届选举进展顺利\n2021-04-15 10:00 来源：新华网\n"
              "民政部有关负责人介绍，截至目前全国已有45万个村完成村委会换届。"
              "浙江、江苏、四川、河南等省份已全面完成，广东省参选率达90%以上。",
    "000000b": "全国各地村“两委”换届扎实推进\n2021-03-01 08:30 来源：人民网\n"
               "今年以来，全国各地有序推进村“两委”换届。江西省完成1.7万个村，湖南省完成2.4万个村，"
               "云南省、贵州省、甘肃省也进入选举阶段。",
}


@pytest.mark.parametrize("key", sorted(LEVEL_REPORTS))
def test_report_level(key):
    region, _ = resolve_document_region(normalise(LEVEL_REPORTS[key]).text)
    assert region is not None and region.code == key[:9].rstrip("b"), region


def test_province_abbreviation_only_in_safe_contexts():
    # An author tag in the byline is not a place.
    text = "村级换届有序推进\n2021-02-01 来源：某报\n全县各乡镇全面完成换届，选举产生村“两委”成员500名。（粤组宣）"
    region, _ = resolve_document_region(text, byline="粤组宣")
    assert region is None or region.code != "440000"
    # A headline lead-in without any province voice in the report stays unresolved.
    region, _ = resolve_document_region("粤：换届工作有序推进\n2021-02-01 来源：某报\n各地选举产生成员500名。")
    assert region is None or region.code != "440000"
    # …with it, the abbreviation names the province.
    region, _ = resolve_document_region("粤：换届工作有序推进\n2021-02-01 来源：某报\n全省选举产生成员5万名。")
    assert region is not None and region.code == "440000"
    # The headline below a site banner; a bracketed lead-in; two provinces are no lead-in.
    region, _ = resolve_document_region("某某网\n\n【川】换届工作有序推进\n2021-02-01 来源：某报\n全省选举产生成员5万名。")
    assert region is not None and region.code == "510000"
    region, _ = resolve_document_region("某某网\n\n川渝：换届工作有序推进\n2021-02-01 来源：某报\n全省选举产生成员5万名。")
    assert region is None


def test_place_inside_a_longer_place_phrase_is_not_matched():
    assert "沙湾区" not in {m.surface for m in find_mentions("项目位于自贸区南沙湾区块")}
    assert [m.surface for m in find_mentions("乐山市沙湾区12个村")] == ["乐山市", "沙湾区"]
    assert [m.surface for m in find_mentions("浙江西湖区")] == ["浙江", "西湖区"]


def test_cited_regulation_does_not_pull_a_county_report_up():
    text = ("泰顺县：村级换届有序推进\n2021-03-01 来源：某报\n"
            "泰顺县严格执行《浙江省村民委员会选举办法》和《浙江省村级组织工作规则》，罗阳镇等乡镇全面完成换届。")
    assert resolve_document_region(text)[0].code == "330329"


# ---- figure level ---------------------------------------------------------------------------

def _fig(sentence: str, doc: str, quote: str, nth: int = 0):
    i = -1
    for _ in range(nth + 1):
        i = sentence.index(quote, i + 1)
    return sentence_region(sentence, by_code(doc), figure_start=i, figure_end=i + len(quote))


def test_township_in_another_clause_does_not_claim_the_figure():
    s = ("这次换届，县委统筹推进，32名县级领导包村蹲点、全程督导，15个联审单位协同把关，"
         "8个指导组分片指导，江湾镇、各街道党（工）委精心组织。")
    for q in ("32名", "15个", "8个"):
        assert _fig(s, "361130", q) is None  # the county's own figures
    # The old sentence-wide reading, kept for callers without offsets, names the town.
    assert sentence_region(s, by_code("361130")).code == "361130103"


def test_figure_in_a_clause_naming_a_unit():
    s = "全县共完成201个村换届，其中，紫阳镇12个村、秋口镇9个村、另有3个社区"
    assert _fig(s, "361130", "201个") is None
    assert _fig(s, "361130", "12个").code == "361130100"
    assert _fig(s, "361130", "9个").code == "361130102"
    assert _fig(s, "361130", "3个") is None  # two towns before it: no single owner
    s = "截至3月20日，瑞金市完成237个村换届，于都县一肩挑比例达98.1%"
    assert _fig(s, "360700", "237个").code == "360781"
    assert _fig(s, "360700", "98.1%").code == "360731"
    # A list item without a name of its own belongs to the unit heading the list.
    s = "紫阳镇12个村、5个社区全部完成换届"
    assert _fig(s, "361130", "5个").code == "361130100"


def test_lists_of_places_share_a_figure():
    s = "紫阳镇、秋口镇分别有12个、9个村完成换届"
    assert _fig(s, "361130", "12个") is None and _fig(s, "361130", "9个") is None
    # Several towns of one county in a city report: the county they share.
    s = "紫阳镇、秋口镇等6个乡镇实现“一肩挑”全覆盖"
    assert _fig(s, "361100", "6个").code == "361130"


def test_ambiguous_names_read_under_the_document_unit():
    s = "张庄镇、青驼镇等5个乡镇率先完成"  # 张庄镇 exists in many counties
    assert _fig(s, "370000", "5个").code == "371321"
    assert _fig("张庄镇18个村全部完成换届", "371321", "18个").code.startswith("371321")
    assert _fig("张庄镇18个村全部完成换届", "000000", "18个") is None  # no scope: no guess
    assert _fig("全国共有50万个村，全省完成2万个村", "440000", "50万个").code == "000000"
    assert _fig("全国共有50万个村，全省完成2万个村", "440000", "2万个") is None
    assert _fig("荣获全国先进基层党组织3个", "361130", "3个") is None


def test_scope_words_name_the_documents_own_ancestors():
    assert _fig("全省共完成1.7万个村换届，我市完成3461个村", "360700", "1.7万个").code == "360000"
    assert _fig("全省共完成1.7万个村换届，我市完成3461个村", "360700", "3461个") is None
    assert _fig("全市新当选书记平均年龄42.7岁", "360731", "42.7岁").code == "360700"
    assert _fig("全省新当选书记平均年龄45.1岁", "360000", "45.1岁") is None  # the document itself
    assert _fig("在全省率先完成12个村换届", "360731", "12个") is None  # a ranking, not the province's count
    assert _fig("全县共有142个村", "000000", "142个") is None  # no document unit to read it under


def test_bad_offsets_never_raise():
    s = "紫阳镇12个村完成换届"
    for a, b in [(-5, 2), (3, 1), (100, 200), (0, None)]:
        sentence_region(s, by_code("361130"), figure_start=a, figure_end=b)
    assert sentence_region("", None, figure_start=0, figure_end=0) is None


# ---- homonyms, ethnic townships, village reports, portal lead-ins ------------------------------

def test_ethnic_township_without_its_people_is_read_by_context():
    # 汤泉满族乡 (遵化市) is written 汤泉乡, like a township of that name in another province.
    cands = {r.code for r in find_mentions("汤泉乡完成换届")[0].candidates}
    assert "130281204" in cands and len({c[:2] for c in cands}) >= 2
    text = ("汤泉乡村委会换届选举圆满完成\n2021-01-12 10:20 来源：遵化市汤泉乡\n"
            "1月10日，汤泉乡18个村同步召开选举大会。汤泉乡党委书记全程督导，汤泉乡选民参选率达95.2%。")
    region, _ = resolve_document_region(text, byline="遵化市汤泉乡")
    assert region is not None and region.code == "130281204"


def test_a_name_shared_by_provinces_is_ambiguous_not_national():
    text = ("汤泉乡村委会换届选举圆满完成\n汤泉乡18个村同步召开选举大会，汤泉乡党委书记全程督导，"
            "汤泉乡选民参选率达95.2%。")
    region, flags = resolve_document_region(text)
    # Not national and no guessed province: the name alone, without a code, flagged.
    assert region is not None and (region.code, region.name, region.level) == ("", "汤泉乡", "township")
    assert "region_ambiguous" in flags
    # Provinces named for sure still make a national round-up.
    text = "各地换届稳步推进\n江西省完成1.7万个村，湖南省完成2.4万个村，贵州省进入选举阶段，甘肃省完成推荐。"
    assert resolve_document_region(text)[0].code == "000000"


def test_village_report_reaches_the_villages_township():
    text = ("蒙城县首个村完成村委会换届\n2023-05-06 09:12 来源：某报\n"
            "近日，作为蒙城县的示范村，立仓镇青枫村率先完成新一届村民委员会选举。\n"
            "立仓镇青枫村 村民 王某：这次选举公开透明，大家都很满意。\n"
            "据了解，青枫村共有选民1210人，参加投票1150人。立仓镇党委副书记表示，将总结经验在全镇推广。")
    region, _ = resolve_document_region(text)
    assert region is not None and region.code.startswith("341622") and region.level == "township", region
    # Several villages of one county, each named with its township: the county's report.
    text = ("蒙城县村委会换届有序推进\n2023-05-06 09:12 来源：某报\n"
            "近日，蒙城县各村相继完成选举。立仓镇青枫村选民参选率98%，双涧镇红柳村选举产生委员5名。"
            "青枫村和红柳村都实行了“一肩挑”。全县共选举产生成员1500名，县委组织部全程督导。")
    region, _ = resolve_document_region(text)
    assert region is not None and region.code == "341622", region


def test_a_portal_navigation_bar_is_not_the_lead():
    text = ("石岭村重新选举村委会 投票率逾八成\n2012年03月04日05:55 来源：某某网\n\n"
            "首页 - 新闻 - 军事 - 体育 - 娱乐 - 财经 - 汽车 - 房产\n新闻中心 > 国内新闻 > 时事\n\n"
            "本报讯 昨日，韶关石岭村重新选举村民委员会，直接选举村委会主任1名、副主任2名和委员4名。\n\n"
            "上午9时，投票在村小学正式开始，村民排队领取选票。")
    region, _ = resolve_document_region(normalise(text).text)
    assert region is not None and region.code == "440200", region


def test_sentence_regions_read_from_the_resolved_document_match_a_fresh_reading():
    import re

    import extract.regions as regions

    text = normalise(SYNTHETIC["530625"]).text
    text += ("\n其中，黄华镇22个村、桧溪镇18个村完成推荐，溪洛渡街道选举产生成员56名。"
             "全县参选率达95.1%，永善县委组织部派出8个督导组。")
    doc_region, _ = resolve_document_region(text)
    sentences = [s for s in re.split(r"(?<=[。！？\n])", text) if s.strip()]
    with_doc = []
    for s in sentences:
        for mk in re.finditer(r"\d+(?:\.\d+)?[个名%]", s):
            with_doc.append(sentence_region(s, doc_region, figure_start=mk.start(), figure_end=mk.end()))
    regions._last_doc.value = None  # forget the document: every sentence is matched on its own
    fresh = []
    for s in sentences:
        for mk in re.finditer(r"\d+(?:\.\d+)?[个名%]", s):
            fresh.append(sentence_region(s, doc_region, figure_start=mk.start(), figure_end=mk.end()))
    assert with_doc == fresh and any(r is not None for r in fresh)


def test_community_report_reaches_its_street():
    text = ("朝阳区首个社区完成居委会换届选举\n2021-06-02 10:00 来源：某报\n"
            "6月1日，作为朝阳区的试点，和平街街道樱花园社区召开居民代表大会，选举产生新一届社区居民委员会。\n"
            "据介绍，樱花园社区共有登记选民3120人，参加投票2980人，参选率95.5%。"
            "樱花园社区党委书记当选居委会主任。")
    region, _ = resolve_document_region(text)
    assert region is not None and region.level == "township" and region.code.startswith("110105"), region
    # 行政村 is no village's name.
    text = ("蒙城县村级换届有序推进\n2023-05-06 09:12 来源：某报\n"
            "近日，蒙城县召开换届推进会。立仓镇行政村选举全部完成，全县各行政村选民参选率98%。")
    region, _ = resolve_document_region(text)
    assert region is not None and region.code == "341622", region


def test_a_community_named_after_a_city_is_not_that_city():
    text = "区委书记到某某区城南街道中山社区调研。在中山社区，他听取了汇报。"
    assert "中山" not in {m.surface for m in find_mentions(text)}
    # …while a place's own communities and villages keep the place.
    assert [m.surface for m in find_mentions("天津社区居委会全部完成换届")] == ["天津"]
    assert [m.surface for m in find_mentions("北京村委会换届选举启动")] == ["北京"]


def test_a_person_named_like_a_place_is_not_the_place():
    text = "市委副书记蒋海东到城南街道调研。蒋海东要求各级党组织严格把关。"
    assert "海东" not in {m.surface for m in find_mentions(text)}
    assert [m.surface for m in find_mentions("海东市各县区村“两委”换届全面完成")] == ["海东市"]


def test_a_place_name_inside_a_policy_word_is_not_the_place():
    assert find_mentions("新一届班子要落实好每一项惠农政策和惠农补贴") == []
    assert [m.surface for m in find_mentions("惠农区村(社区)换届")] == ["惠农区"]


def test_a_zone_named_after_a_town_is_its_county():
    text = "恒口示范区党工委召开全区村（社区）“两委”换届工作会议"
    zone = [m for m in find_mentions(text) if m.surface == "恒口示范区"]
    assert zone and [c.code for c in zone[0].candidates] == ["610902"]
    region, _ = resolve_document_region("恒口示范区部署换届工作\n2020-12-10\n" + text + "，全区成立了换届工作领导小组。")
    assert region is not None and region.code == "610902"
    # A zone named after a county is that county's short name, as before.
    assert [m.surface for m in find_mentions("沿滩高新区")] == ["沿滩"]
    assert find_mentions("城市新区和工业园区建设") == []


def test_citing_the_centre_does_not_make_a_local_report_national():
    text = ("两地交流村级换届经验\n2021-01-14 来源：某某网\n"
            "1月12日，万秀区和沿滩区的组工干部交流村（社区）“两委”换届工作。"
            "会议要求认真贯彻落实党中央部署，严肃换届纪律。国务院有关文件也作了说明。\n")
    region, flags = resolve_document_region(text)
    assert region is None or region.code != "000000", region
    # 全国 in the lead still makes a national report.
    national = text.replace("两地交流", "全国各地交流").replace("1月12日，", "1月12日，全国各地")
    assert resolve_document_region(national)[0].code == "000000"


def test_repeated_photo_captions_do_not_outvote_the_report():
    caption = "这是沿滩区仙市镇某村村民在投票(3月2日摄)。新华社记者 王某某 摄 "
    text = ("四川村(社区)“两委”换届有序推进\n2021-03-03\n\n"
            + caption + "眼下，四川全省的村(社区)“两委”换届正在展开，四川4万多个村(社区)将在3月底前完成换届。"
            + caption * 4 + "\n")
    region, _ = resolve_document_region(text)
    assert region is not None and region.code == "510000", region
    # The same place in the report's own sentences does count.
    own = text.replace("(3月2日摄)", "").replace("新华社记者 王某某 摄 ", "")
    assert resolve_document_region(own)[0].code != "510000"


def test_an_ambiguous_township_in_the_headline_gives_its_name():
    text = ("凤凰山街道圆满完成社区居委会换届选举\n\n"
            "9月6日，凤凰山街道9个社区进行了换届选举，登记选民21000人，选举产生新一届社区居委会成员45人。\n"
            "本次选举落实好每一项惠农政策宣传，保证了居民的知情权。\n")
    region, flags = resolve_document_region(text)
    assert region is not None and region.name == "凤凰山街道" and region.code == "" and "region_ambiguous" in flags
    # A county named once with it settles which one.
    region, flags = resolve_document_region(text.replace("9月6日，", "9月6日，金牛区"))
    assert region is not None and region.code.startswith("510106"), region


def test_a_province_known_only_from_a_cited_title_and_its_own_voice():
    text = ("村民自治工作\n\n全省第8届村委会换届选举完成后，省民政厅督查指导收尾工作。"
            "全省登记选民1200万人，编写了《黑龙江省村务公开培训读本》，全省举办培训班12期。\n")
    region, _ = resolve_document_region(text)
    assert region is not None and region.code == "230000"
    # Without the report's own 全省 voice the cited title stays context.
    assert resolve_document_region(text.replace("全省", "各地"))[0] is None


def test_a_city_papers_report_is_not_about_its_one_anecdote():
    text = ("大学生村官扎根农村\n2011-08-15\n\n"
            "“村里的账目现在一清二楚。”沿滩区仙市镇某村的老党员说，这是大学生村官当选支书后办的一件实事。"
            "自2009年以来，我市共有600余名大学生到农村任职。据统计，我市在今年的换届选举中，有57名大学生村官进入“两委”。\n")
    region, _ = resolve_document_region(text)
    assert region is not None and region.code == "510300", region
    # A report that keeps naming its township is that township's.
    town = text.replace("我市", "仙市镇")
    assert resolve_document_region(town)[0].code.startswith("510311")


def test_a_city_name_in_a_local_place_name_is_not_the_city():
    # 苏州桥 is a place in another city; 桥西 names two districts, so 桥西社区 is a community.
    text = ("苏州桥西社区居民委员会换届选举大会顺利召开\n\n"
            "5月20日，苏州桥西社区召开居民委员会换届选举大会，海淀街道党工委派员指导，"
            "桥西社区登记选民2300人，选举产生新一届居委会成员7人。海淀街道各社区将陆续完成选举。\n")
    names = {m.surface for m in find_mentions(text)}
    assert "苏州" not in names and "桥西" not in names
    region, _ = resolve_document_region(text)
    assert region is not None and region.code.startswith("110108"), region


def test_banner_abbreviations_name_their_banner():
    got = {m.surface: m for m in find_mentions("察右中旗委、科右前旗和达茂旗的嘎查村完成换届")}
    assert got["察右中旗"].candidates[0].code == "150927"
    assert got["科右前旗"].candidates[0].code == "152221"
    assert got["达茂旗"].candidates[0].code == "150223"


def test_a_report_in_a_citys_voice_without_places_takes_its_papers_city():
    text = ("村“两委”换届工作全面完成\n2021-03-01 来源：某某网\n"
            "阳泉日报讯 记者从市委组织部获悉，全市村（社区）“两委”换届工作已全面完成，"
            "全市共选举产生村（社区）“两委”成员3100名，全市“一肩挑”比例达到98%。\n")
    region, _ = resolve_document_region(text)
    assert region is not None and region.code == "140300", region
    # Without the city's own voice the paper's home is no evidence.
    assert resolve_document_region(text.replace("全市", "各地").replace("市委组织部", "组织部门"))[0] is None


def test_zone_words_after_ordinary_words_name_no_zone():
    for text in ("乡村振兴示范区建设", "建设示范区", "幸福新区", "发展新区规划"):
        assert find_mentions(text) == [], text


def test_a_municipality_wide_report_is_not_its_ceremonys_street():
    # 全市 in a municipality is the province level: city-wide totals with the
    # launch ceremony's street named (even twice) stay with the municipality.
    text = (
        "本市居村委会换届选举全面完成\n2021-12-20 10:05 来源：某某网\n"
        "记者从市民政局获悉，截至12月18日，全市4600余个居村委会全部完成换届选举，选民参选率超过九成。\n"
        "10月8日，全市换届启动仪式在徐汇区枫林路街道举行，枫林路街道各居委会代表参加。\n"
        "全市新当选的成员中，35岁以下的年轻干部比例明显上升。据介绍，全市各区严格把关候选人资格。\n"
    )
    region, _ = resolve_document_region(normalise(text).text)
    assert region is not None and region.code == "310000", region
    titled = "上海" + text[2:]
    region, _ = resolve_document_region(normalise(titled).text)
    assert region is not None and region.code == "310000", region


def test_a_county_plan_citing_its_city_at_every_turn_is_the_county():
    text = (
        "凤台县村(社区)“两委”换届选举工作实施方案\n2020-12-01 10:00 来源：县政府网\n"
        "为做好全县换届工作，根据《淮南市村(社区)“两委”换届选举工作实施方案》和淮南市委、淮南市政府的统一部署，"
        "结合我县实际，制定本方案。\n一、总体要求。全县各乡镇党委要按照淮南市的要求，坚持党的全面领导。\n"
        "二、时间安排。全县换届于2021年1月开始，按照淮南市统一时间节点，3月底前全部完成。\n"
        "三、组织保障。县委成立领导小组，接受淮南市委督导组的指导，淮南市民政局将抽查。\n"
    )
    region, _ = resolve_document_region(normalise(text).text)
    assert region is not None and region.code == "340421", region
    # The same plan under a headline naming no county stays with the city.
    region, _ = resolve_document_region(normalise(text.replace("凤台县村", "村", 1)).text)
    assert region is not None and region.code == "340400", region


def test_a_pinyin_annotated_traditional_rules_piece_is_its_province():
    text = (
        "山(Shān)西(Xī)省(shěng)村(cūn)委(wěi)會(huì)換(huàn)屆(jiè)問(wèn)答(dá)\n"
        "問：本(běn)省(shěng)村民委員會換屆有哪些規定？\n"
        "答：根據本省的辦法，全(quán)省(shěng)村民委員會每屆任期五年。\n問：全省換屆何時完成？\n答：本省要求全省各村在3月底前完成。\n"
    )
    region, _ = resolve_document_region(normalise(text).text)
    assert region is not None and region.code == "140000", region


def test_township_plan_citing_its_district_stays_at_the_township():
    # A street office's plan cites the bodies above it in one list (中央、市委和区委):
    # those are whose rules apply, not the level the plan speaks for.
    text = (
        "仙女山街道村（社区）“两委”换届工作方案\n"
        "根据中央、市委和区委有关规定和要求，结合全街道实际，制定本方案。"
        "按照中央、市委和区委统一部署，全街道共有5个村、2个社区参加换届。"
        "严格执行中央、市委和区委关于换届纪律的各项要求。\n"
        "中共重庆市武隆区仙女山街道工作委员会\n"
    )
    region, _ = resolve_document_region(text, title="仙女山街道村（社区）“两委”换届工作方案")
    assert region is not None and region.code == "500156003", region


def test_commentary_that_names_no_place_but_our_country_is_national():
    text = (
        "村级换届选举要守住纪律底线\n"
        "村级换届是基层民主最广泛的实践。经过多年探索，我国村级选举制度日益完善，"
        "农民群众参与选举的热情不断提高，平均参选率在80%以上。同时也要看到，贿选等问题时有发生。"
    )
    region, _ = resolve_document_region(text, title="村级换届选举要守住纪律底线")
    assert region is not None and region.code == "000000", region
    # a local report that names no place speaks for its own level: not national
    local = text.replace("我国村级选举制度", "我县村级选举制度") + "全县各村要严格落实。"
    region, _ = resolve_document_region(local, title="村级换届选举要守住纪律底线")
    assert region is None or region.code != "000000", region


def test_community_named_like_a_county_inside_another_countys_township():
    # 白沙 is also the short name of a county in Hainan; 白沙社区 here lies in a
    # street of Jiande (Zhejiang), which the text names in full.
    found = find_mentions("在社区换届过程中，白沙社区在新安江街道的指导下精心组织，选出新一届社区“两委”班子。")
    assert [m.surface for m in found] == ["新安江街道"]
    # on its own, with no township named, the short name still counts
    assert [m.candidates[0].code for m in find_mentions("白沙社区换届选举顺利完成")] == ["469025"]


def test_marker_words_from_the_automaton_equal_a_regex_scan():
    """Scope and national words come from the place-name automaton's one pass;
    they must be exactly the matches a plain regex alternation finds."""
    import re

    from crawlers.demo_site.genre import generate_articles
    from extract import regions
    from extract.gazetteer import leftmost

    texts = [normalise(p.read_text(encoding="utf-8")).text for p in SEEDS]
    texts += [a.text for a in generate_articles(40, seed=3)]
    texts.append("根据中央、市委和区委要求，全街道、本街道和我街道及全区域、全区各县、全国、中组部统一部署。")
    for tag, words in ((regions.SCOPE_TAG, regions._SCOPE_WORD_LIST), (regions.NATIONAL_TAG, regions._NATIONAL_WORDS)):
        alternation = re.compile("|".join(sorted(map(re.escape, words), key=len, reverse=True)))
        for text in texts:
            hits = gazetteer().scan(text).markers.get(tag, [])
            for pos in (0, len(text) // 3):
                assert leftmost(hits, pos) == [m.span() for m in alternation.finditer(text, pos)], tag


def test_every_scope_word_counts_for_a_level():
    """A word added to the automaton's scope list but not to the ``_SCOPE`` patterns
    would be found and then silently count for nothing."""
    from extract import regions

    assert set(regions._SCOPE_WORD_LIST) == set(regions._SCOPE_WORD_LEVELS) | {"全区"}
    assert all(regions._SCOPE_WORD_LEVELS.values())


def test_place_names_are_found_around_a_lone_surrogate():
    """A badly decoded page may keep a lone surrogate: matching still works, offsets unchanged."""
    from extract.gazetteer import gazetteer

    found = gazetteer().find_mentions("北京市\ud800海淀区")
    assert [(m.start, m.end, m.candidates[0].code) for m in found] == [(0, 3, "110000"), (4, 7, "110108")]
