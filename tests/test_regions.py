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
