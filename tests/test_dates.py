"""Publication dates from headers (never from the body) and as_of dates of figures."""
import json
from pathlib import Path

import pytest

from extract.dates import as_of, find_published
from extract.normalise import normalise

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
SEEDS = sorted((SHARED / "seeds").glob("*.txt"))


@pytest.mark.parametrize("path", SEEDS, ids=lambda p: p.stem[:3])
def test_seed_published_matches_gold(path):
    gold = json.loads((SHARED / "gold" / f"{path.stem}.json").read_text(encoding="utf-8"))
    raw = path.read_text(encoding="utf-8")
    assert find_published(raw) == gold["published"]
    assert find_published(normalise(raw).text) == gold["published"]


_PROSE = ("近日，全县各乡镇按照县委统一部署，扎实推进村级组织换届选举工作，各村选民参选率普遍较高，"
          "选举秩序井然，群众反响良好，换届工作取得圆满成功。")


@pytest.mark.parametrize(
    "text,expected",
    [
        ("某县换届工作综述\n2019-07-02 09:30 来源：县委组织部\n正文。", "2019-07-02"),
        ("某县换届工作综述\n发布时间：2021年3月5日  浏览次数：12\n正文。", "2021-03-05"),
        ("某县换届工作综述\n作者：李四 2020/12/01\n正文。", "2020-12-01"),
        ("某县换届工作综述\n\n2018年1月9日\n\n正文。", "2018-01-09"),
        # only event dates in the body: unknown, not guessed
        ("某县换届工作综述\n2021年3月5日，某县召开村“两委”换届工作推进会。会议要求各乡镇在3月底前全面完成选举任务，确保换届平稳有序推进。", None),
        ("某县换届工作综述\n记者获悉，2021年3月5日，某县召开村“两委”换届工作推进会，部署各乡镇选举工作。", None),
        ("", None),
        ("某县换届\n2021-02-30 10:00 来源：某报\n日期不存在。", None),
        ("某县换届工作综述\n21:24 2019-07-02\n正文。", "2019-07-02"),
        ("某县换届工作综述\n2015年2月8日 星期日 10:20\n正文。", "2015-02-08"),
        # day-first headers (mirrors, European-made sites)
        ("全省村级换届综述\n\n17.03.2015  09:05\n\n正文。", "2015-03-17"),
        ("全省村级换届综述\n发布:06.02.2015 21:24\n2月5日，全省完成换届。", "2015-02-06"),
        ("全省村级换届综述\n发布：04/03/2016 08:00\n3月2日，全省召开推进会。", "2016-03-04"),
        ("全省村级换届综述\n发布：04/03/2016 08:00\n4月2日，全省召开推进会。", "2016-04-03"),
        ("全省村级换届综述\n发布：04/03/2016 08:00\n正文。", None),  # slash order unknown: no guess
        ("全省村级换届综述\n版本 v1.12.2015.3 来源：某报\n正文。", None),  # not a date
        # a signed-off report: the date under the signing body, after the last paragraph
        ("关于全县村级组织换届工作的总结\n" + _PROSE + "\n中共某县委组织部\n2021年3月5日", "2021-03-05"),
        ("关于全县村级组织换届工作的总结\n" + _PROSE + "\n某县民政局 二〇二一年三月五日", "2021-03-05"),
        ("关于全县村级组织换届工作的总结\n" + _PROSE + "\n（2015年1月9日）", "2015-01-09"),
        # …never an event, a deadline or a date above the prose
        ("关于全县村级组织换届工作的总结\n" + _PROSE + "\n截至2021年3月5日", None),
        ("关于全县村级组织换届工作的总结\n" + _PROSE + "\n换届定于2021年3月5日", None),
        ("关于全县村级组织换届工作的总结\n" + _PROSE + "\n2021年3月5日前完成", None),
        ("关于全县村级组织换届工作的总结\n" + _PROSE + "\n2021年3月5日，全县召开推进会。", None),
        ("关于全县村级组织换届工作的总结\n" + _PROSE + "\n2021年3月5日\n" + _PROSE, None),
    ],
)
def test_find_published_header_only(text, expected):
    assert find_published(text) == expected


@pytest.mark.parametrize(
    "sentence,published,expected",
    [
        ("截至3月18日,全省完成26244个村换届", "2021-05-21", "2021-03-18"),
        ("截至目前,全镇22个村已完成推荐", "2021-05-21", "2021-05-21"),
        ("截至2021年5月底,全市完成换届", None, "2021-05-31"),
        ("截至去年底，全县共有后备干部300名", "2021-04-01", "2020-12-31"),
        ("截至12月31日，全县完成换届", "2021-01-15", "2020-12-31"),
        ("记者从11月3日召开的会议上获悉,截至10月31日,全区12个村完成换届", "2021-11-11", "2021-10-31"),
        ("截至三月底，共培训村干部1200人次", "2021-06-01", "2021-03-31"),
        ("预计11月底,将全面完成换届", "2021-10-01", None),
        ("全省选举产生成员16.3万名", "2021-05-21", None),
        ("截至3月18日,全省完成换届", None, None),
    ],
)
def test_as_of(sentence, published, expected):
    assert as_of(sentence, published) == expected


_WIRE = "某镇完成村“两委”换届\n\n某某在线{dl}讯 {body}\n"


@pytest.mark.parametrize(
    "dateline,body,expected",
    [
        # the year of the report's own latest event, rolled into the next year
        ("1月12日", "2020年12月24日，全镇15个村完成党组织换届；12月30日完成村委会选举。", "2021-01-12"),
        ("3月2日", "2021年2月26日，全镇9个村同步召开选举大会，选举产生成员45名。", "2021-03-02"),
        # no year the report states for its events: no date
        ("3月2日", "全镇9个村同步召开选举大会，选举产生成员45名。", None),
        # a plan or deadline year is no event's year
        ("3月2日", "全镇9个村同步召开选举大会，力争到2025年建成示范村。", None),
    ],
)
def test_dateline_takes_its_year_from_the_reports_events(dateline, body, expected):
    assert find_published(_WIRE.format(dl=dateline, body=body)) == expected
