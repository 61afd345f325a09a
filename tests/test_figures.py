"""The figure grammar on sentences in the genre (extract.figures + extract.metrics).

Each case is a sentence written for this test and what the grammar must read in
it: (value, unit, kind, qualifier[, direction]) per figure, in text order.
"""
import pytest

from extract.figures import find_figures
from extract.pipeline import extract_text


def read(text):
    return [(h.value, h.unit, h.kind, h.qualifier) for h in find_figures(text)]


@pytest.mark.parametrize("text, expected", [
    ("全县完成169个村(社区)换届", [(169, "个", "count", "exact")]),
    ("选举产生班子成员16.3万名", [(163000, "名", "count", "exact")]),
    ("对5.4万多名离任干部", [(54000, "名", "count", "more_than")]),
    ("推选出的代表超过96万名。", [(960000, "名", "count", "more_than")]),
    ("储备后备干部200余名，", [(200, "名", "count", "more_than")]),
    ("选调近2000人进行培训", [(2000, "人", "count", "approx")]),
    ("培训164887人次", [(164887, "人次", "count", "exact")]),
    ("党员大会约300人左右", [(300, "人", "count", "approx")]),
    ("不足50名的党支部书记参加", [(50, "名", "count", "less_than")]),
    ("巡回指导15乡镇换届工作", [(15, None, "count", "exact")]),
    ("共有70余万群众参与", [(700000, None, "count", "more_than")]),
    ("全县十六点三万名党员", [(163000, "名", "count", "exact")]),
])
def test_counts(text, expected):
    assert read(text) == expected


def test_traditional_text_is_read_after_normalisation():
    doc = extract_text("圍繞謀劃摸底、落實推進三個環節狠下功夫，推選出的代表超過96萬名。", source="t")
    assert [(f.value, f.unit, f.qualifier) for f in doc.figures] == [(3, "个", "exact"), (960000, "名", "more_than")]
    assert doc.figures[0].quote == "三个"


@pytest.mark.parametrize("text, expected", [
    ("大专以上学历占62.8%，", [(62.8, "%", "percent", "exact")]),
    ("占比为百分之六十二点八", [(62.8, "%", "percent", "exact")]),
    ("比上届提高近3成；", [(30, "%", "change", "approx")]),
    ("九成村实现一肩挑", [(90, "%", "percent", "exact")]),
    ("近一半的市已举办培训班", [(50, "%", "percent", "approx")]),
    ("三分之二的村实现", [(66.7, "%", "percent", "exact")]),
    ("提高21.19个百分点", [(21.19, "个百分点", "change", "exact")]),
])
def test_percentages(text, expected):
    assert read(text) == expected


def test_change_has_direction_and_average_kind():
    hits = find_figures("平均年龄44.4岁，比上届下降2.8岁。")
    assert [(h.value, h.kind, h.direction) for h in hits] == [(44.4, "average", None), (2.8, "change", "down")]
    up = find_figures("交叉任职比例比上届提高12.4个百分点")
    assert up[0].direction == "up"


def test_comparison_both_ends_are_figures():
    hits = find_figures("平均年龄由51.4岁下降到49.8岁")
    assert [(h.value, h.role) for h in hits] == [(51.4, "earlier"), (49.8, "level")]
    assert all(h.kind == "average" for h in hits)
    doc = extract_text("新一届“两委”成员平均年龄由51.4岁下降到49.8岁。", source="t")
    assert [(f.value, f.metric) for f in doc.figures] == [(51.4, None), (49.8, "avg_age")]


@pytest.mark.parametrize("text, expected", [
    ("要提前1-2天到位", [(1, 2, "天", "range")]),
    ("各村设立投票站2至4个", [(2, 4, "个", "range")]),
])
def test_ranges(text, expected):
    assert [(h.value, h.value_max, h.unit, h.kind) for h in find_figures(text)] == expected


@pytest.mark.parametrize("text, expected", [
    ("新班子产生后10日内完成移交", [(10, "日", "duration", "less_than")]),
    ("已制定五年任期目标", [(5, "年", "duration", "exact")]),
    ("培训时间不少于2天", [(2, "天", "duration", "more_than")]),
    ("安排专项资金3500万元", [(3500, "万元", "money", "exact")]),
])
def test_durations_and_money(text, expected):
    assert read(text) == expected


@pytest.mark.parametrize("text", [
    "2021-02-08 17:10:29来源:国际在线",
    "截至3月18日,全省启动换届",
    "自2020年11月启动换届工作以来",
    "第十一届村民委员会",
    "昭通新闻报料:0870-2158276",
    "根据宣组〔2020〕35号文件",
    "村(社区)“两委”换届",
    "实行“一肩挑”，落实“三上三下”和“十不选”",
    "对“八个必谈”对象谈心",
    "坚持三级联审和四级党委书记抓换届",
    "做到三个始终，即始终坚持党的领导",
    "量身定做“三个一”方案——配强一个班子、制定一项计划、培养一支队伍",
    "印发“十个严禁”宣传册",
    "搭建“1+8+6”责任体系",
    "未接到一起违纪举报，选出一名优秀的带头人",
    "数百名群众和几十个单位参与",
    "35岁以下的年轻干部，60周岁以上的一律不再提名",
    "对1000人以下的村不设补贴",
    "居住满一年、年满18周岁的村民",
    "各村职数设置5至7名，职数设置4名",
    "一是深刻领会，二是突出重点",
    "大专以上学历占比九成以上的县",
    "坚持“两推一选”，推进“一村一策”",
    "下午3点召开会议",
    "增强“四个意识”，做到两个维护和四个自信",
    "党的十九大和十九届五中全会精神",
])
def test_not_figures(text):
    assert find_figures(text) == []


def test_share_of_the_group_itself_is_a_figure_but_a_cut_off_is_not():
    assert [(h.value, h.qualifier) for h in find_figures("全市95%以上的村实现“一肩挑”")] == [(95, "more_than")]
    assert [h.value for h in find_figures("大专以上学历的占比达到九成以上的县有21个")] == [21]


def test_counted_label_is_still_a_figure_when_it_counts_people():
    hits = find_figures("零距离对1988名“八个必谈”对象进行谈心谈话")
    assert [(h.value, h.unit) for h in hits] == [(1988, "名")]


def test_one_figure_per_fact():
    body = ("某县村级换届圆满完成\n2021-03-01 10:00:00 来源:某报\n"
            "全县对113个村(社区)开展走访调研。成立6个工作专班对113个村(社区)候选人开展考察。\n"
            "组建6个督导组认真负责。抽调骨干组成的6个督导组深入一线。\n"
            "全县112个村和8个社区已全部完成换届。\n全县112个村和8个社区已全部完成换届。\n")
    doc = extract_text(body, source="t")
    got = sorted((f.value, f.unit, f.metric) for f in doc.figures)
    assert got == sorted([(113, "个", "units_total"), (6, "个", None), (6, "个", None),
                          (112, "个", "units_completed"), (8, "个", "units_completed")])


@pytest.mark.parametrize("sentence, metric", [
    ("全县“一肩挑”比例达96.4%。", "concurrent_rate"),
    ("“两委”成员交叉任职比例为68.5%。", "cross_appointment_rate"),
    ("女性成员占比为26.3%。", "female_rate"),
    ("其中女性成员312名。", "female_count"),
    ("35岁以下的年轻干部占21.7%。", "young_rate"),
    ("参选率达96.8%。", "turnout_rate"),
    ("全县共登记选民52.6万人。", "voters_registered"),
    ("新当选“两委”干部391名。", "members_elected"),
    ("选举产生“两委”成员3215名，其中连选连任2533名，新当选682名。", "new_count"),
    ("连选连任1634名。", "reelected_count"),
    ("对1012名候选人进行县级资格联审。", "candidates_reviewed"),
    ("储备后备干部200余名。", "reserve_cadres"),
    ("已开展培训2895场。", "trainings"),
    ("培训164887人次。", "trainees"),
    ("选举产生村(社区)新一届领导班子650名。", "members_elected"),
    ("本次换届共选举产生党组织书记113名。", "secretaries_elected"),
    ("村党组织书记平均年龄44.4岁。", "avg_age"),
    ("平均年龄比上届下降2.8岁。", "avg_age_change"),
    ("大专以上学历占62.8%，比上届提高21.19个百分点。", "college_rate_change"),
    ("全省圆满完成26244个村(社区)“两委”换届。", "units_completed"),
    ("组建6个风气监督组。", None),
    ("集中整顿5个软弱涣散党组织。", None),
    ("高中以上学历比例达到88.2%。", None),
])
def test_metrics(sentence, metric):
    doc = extract_text(sentence, source="t")
    assert doc.figures, sentence
    assert doc.figures[-1].metric == metric


def test_average_subject_says_whose():
    doc = extract_text("新一届村(社区)党组织书记中，大专以上学历的占78.6%，平均年龄43.2岁。", source="t")
    avg = [f for f in doc.figures if f.metric == "avg_age"][0]
    assert "书记" in avg.subject and "平均年龄" in avg.subject


def test_list_items_keep_their_own_figures_and_regions():
    body = ("永春县村级换届完成\n2021-03-01 10:00:00 来源:泉州晚报\n"
            "永春县换届工作中，桃城镇12个村、五里街镇12个村全部完成换届。")
    doc = extract_text(body, source="t")
    assert [(f.value, f.metric) for f in doc.figures] == [(12, "units_completed"), (12, "units_completed")]
    assert [f.region.name[-3:] for f in doc.figures] == ["桃城镇", "五里街镇"[-3:]]


@pytest.mark.parametrize("sentence, metric", [
    # education below college is never college_rate; 大专 alone is not 大专以上
    ("高中(中专)以上学历的占73.7%。", None),
    ("书记中大专学历的占19.1%。", None),
    ("中专高中及以上学历51人(其中，全日制大专及以上5人)，占比82.3%。", None),
    ("其中大专及以上学历的占比为39.9%。", "college_rate"),
    # members by role, in election context; deputies of the secretary are not secretaries
    ("新一届村委会共有78名成员当选。", "members_elected"),
    ("选举产生村委会主任434名，副主任58名。", "members_elected"),
    ("选举产生党组织副书记11名。", None),
    ("选举产生的两委班子成员中大专以上学历4名。", None),
    ("由3名镇班子成员带队组成工作组，选举产生新一届班子。", None),
    # units: villages only, not townships, negated, future or procedural subsets
    ("全县18个乡镇全部完成村委会换届。", None),
    ("剩下未完成换届的22个村党组织将择期选举。", None),
    ("其余11个村将在月底前完成选举。", None),
    ("全县16个村均一次性选举成功。", None),
    ("目前涉及村委会30余万个。", "units_total"),
    ("全区共有155个社区，参加换届的145个。", "units_total"),
    ("838个村(社区)书记主任全部实现“一肩挑”。", "concurrent_count"),
    # voters, turnout, young, women
    ("该村共有选民327人。", "voters_registered"),
    ("参加投票的选民2600多万名。", None),
    ("投票选民占登记选民的94.5%。", "turnout_rate"),
    ("一次性选举成功率保持在80%以上。", None),
    ("35岁及以下的党组织书记163名。", "young_count"),
    ("本届书记中45周岁以下的占62.5%。", None),
    ("副书记176名，其中女副书记95名，占比53.98%。", "female_rate"),
    ("全省共有35707名妇女进入村“两委”班子。其中，1479人当选村党组织书记。", "female_count"),
    ("24个村班子成员连任。", "reelected_count"),
])
def test_metric_regressions(sentence, metric):
    doc = extract_text(sentence, source="t")
    assert doc.figures, sentence
    assert doc.figures[-1].metric == metric


def test_respectively_maps_values_in_order():
    doc = extract_text("“一肩挑”的有3000人，交叉任职18659人，比例分别达到14.9%和15.1%。", source="t")
    assert [(f.value, f.metric) for f in doc.figures if f.unit == "%"] == [
        (14.9, "concurrent_rate"), (15.1, "cross_appointment_rate")]


def test_coordinated_list_shares_the_completion_verb():
    doc = extract_text("历时两个多月，全镇16个行政村、35个居民区党组织顺利完成换届。", source="t")
    assert [(f.value, f.unit, f.metric) for f in doc.figures] == [
        (2, "月", None), (16, "个", "units_completed"), (35, "个", "units_completed")]


def test_parenthetical_subgroup_does_not_steal_the_total():
    doc = extract_text("选出的班子成员共195名，行政村52名(其中书记16名，副书记11名)。", source="t")
    assert [(f.value, f.metric) for f in doc.figures] == [
        (195, "members_elected"), (52, "members_elected"), (16, "secretaries_elected"), (11, None)]


@pytest.mark.parametrize("text, expected", [
    ("全县第五次村委会换届选举", []),
    ("咱们村的第十二次换届", []),
    ("作为全市唯一一家标杆党支部", []),
    ("干部四处走访", []),
    ("候选人得票过半方能当选", []),
    ("30至49岁1124人", [(1124, "人", "exact")]),
    ("支持率上升:15个村党支部书记全票当选", [(15, "个", "exact")]),
    ("学历结构:412名成员", [(412, "名", "exact")]),
    ("是上届的12.1倍", [(12.1, "倍", "exact")]),
    ("从600多公里外赶回", [(600, "公里", "more_than")]),
    ("女性人口近3万8千人", [(38000, "人", "approx")]),
    ("开展了8轮以上的村委会换届选举工作", [(8, "轮", "more_than")]),
    ("历时两个多月", [(2, "月", "more_than")]),
    ("经过一天高效规范的选举", [(1, "天", "exact")]),
    ("编辑短信CD到106580009009，即可免费订阅30天手机报", []),
    ("下午14:30开会", []),
])
def test_grammar_regressions(text, expected):
    assert [(h.value, h.unit, h.qualifier) for h in find_figures(text)] == expected


# ---------------------------------------------------------------- generalisation (second held-out round)
@pytest.mark.parametrize("sentence, value, metric", [
    # (d) the earlier term's value carries no metric; a change against it does
    ("“一肩挑”比例提高到91.3%(上届为72%)。", 72, None),
    ("“一肩挑”比例提高到91.3%(上届为72%)。", 91.3, "concurrent_rate"),
    ("上一届“两委”成员平均年龄为50.2岁。", 50.2, None),
    ("换届前大专以上学历比例仅为18%。", 18, None),
    ("上届女性成员占比为18.5%，本届提高到23.1%。", 18.5, None),
    ("上届女性成员占比为18.5%，本届提高到23.1%。", 23.1, "female_rate"),
    ("与上届相比，“一肩挑”比例达到95%。", 95, "concurrent_rate"),
    ("书记平均年龄比上届年轻3.6岁。", 3.6, "avg_age_change"),
    ("成员平均年龄为43岁，较上届下降6.2%。", 6.2, "avg_age_change"),
    # (b) topics that are not the codebook's: vote shares, committees that include a woman
    ("选民参选率95.2%，主任平均得票率为92%。", 92, None),
    ("女性进村“两委”比例达100%。", 100, None),
    ("村“两委”中女性成员占比24.6%。", 24.6, "female_rate"),
    ("大专以上学历者较上届增长37.5%。", 37.5, None),
    # (a) the head noun: villages, or something the villages only modify
    ("抽调干部组建了128个村(社区)换届工作指导组。", 128, None),
    ("培训班共开设52个班次。", 52, "trainings"),
    # (c) the predicate: completed, procedural step, concurrent claim
    ("全区214个社区(196个城市社区、18个村改居社区)产生新一届班子。", 214, "units_completed"),
    ("街道8个社区举行了社区居委会换届选举大会。", 8, "units_completed"),
    ("已有402个村(社区)完成了选民登记。", 402, None),
    ("412个村(社区)成立了村民选举委员会。", 412, None),
    ("除2个村外，剩余87个村全部实现“一肩挑”。", 87, "concurrent_count"),
    ("其中12名大学生村官为村党支部书记、村委会主任“一肩挑”。", 12, "concurrent_count"),
    ("全村登记参加选举的选民1563人。", 1563, "voters_registered"),
    ("县委派聘村党组织书记28人。", 28, None),
    # teams counted by 个 are the units that voted; proxy votes are no turnout
    ("2021年，全省2.3万个村“两委”班子顺利完成换届。", 23000, "units_completed"),
    ("委托投票的选民经过公示，委托投票率约为18%。", 18, None),
    ("全村参选率为92.6%。", 92.6, "turnout_rate"),
])
def test_metric_decisions(sentence, value, metric):
    doc = extract_text(sentence, source="t")
    got = [f.metric for f in doc.figures if f.value == value]
    assert got == [metric], [(f.value, f.metric) for f in doc.figures]


def test_breakdown_and_comma_list_share_the_metric():
    doc = extract_text("全区214个社区(196个城市社区、18个村改居社区)产生新一届班子。", source="t")
    assert [(f.value, f.metric) for f in doc.figures] == [
        (214, "units_completed"), (196, "units_completed"), (18, "units_completed")]
    doc = extract_text("今年应换届的有302个行政村党组织及村委会，41个城市社区党组织及居委会，9个涉农社区。", source="t")
    assert [(f.value, f.metric) for f in doc.figures] == [
        (302, "units_total"), (41, "units_total"), (9, "units_total")]


def test_subgroup_roles_are_not_members_elected():
    doc = extract_text("全县现有大学生村官140人，本次进入村“两委”班子的96人，其中任村委会主任3人、副主任25人。",
                       source="t")
    assert [(f.value, f.metric) for f in doc.figures] == [(140, None), (96, None), (3, None), (25, None)]


def test_same_number_different_organ_is_two_facts():
    body = ("某镇换届圆满完成\n2021-01-12 10:00:00 来源:某报\n"
            "至此，全镇14个村(社区)“两委”换届全部完成。\n"
            "1月3日完成14个村(社区)党组织换届选举；1月8日完成14个村(居)委会候选人提名。\n")
    doc = extract_text(body, source="t")
    assert [(f.value, f.metric) for f in doc.figures] == [
        (14, "units_completed"), (14, "units_completed"), (14, None)]


def test_headline_repeats_are_one_fact_across_unit_variants():
    body = ("某市218名大学生村官进入村“两委”\n2021-04-01 10:00:00 来源:某报\n"
            "◎近年来1500多名高校毕业生到村任职◎本次换届中218人进入村“两委”\n"
            "原标题：某市218名大学生村官进“两委” 本报讯 近年来全市1500余名高校毕业生到村任职，"
            "本次换届中有218名大学生村官进入村“两委”。\n")
    doc = extract_text(body, source="t")
    assert sorted((f.value, f.unit) for f in doc.figures) == [(218, "名"), (1500, "名")]


def test_related_news_tail_and_relative_time_are_not_figures():
    body = ("某县完成换届\n2021-04-01 10:00:00 来源:某报\n"
            "全县完成86个村(社区)“两委”换届选举。一位书记说：“四年前我刚到村里。”\n"
            "相关新闻\n某地招聘会当天共有53家企业参加\n")
    doc = extract_text(body, source="t")
    assert [(f.value, f.metric) for f in doc.figures] == [(86, "units_completed")]


def test_quota_cut_off_only_in_its_own_clause():
    doc = extract_text("村“两委”干部职数实行总量控制，全县共选举产生“两委”成员1024名。", source="t")
    assert [(f.value, f.metric) for f in doc.figures] == [(1024, "members_elected")]


# ---------------------------------------------------------------- generalisation (third held-out round)
@pytest.mark.parametrize("text, expected", [
    # digit groups parted by spaces (year-books), and a space before the measure word
    ("全市7 312个村完成换届", [(7312, "个", "exact")]),
    ("登记选民3 208 415人，其中", [(3208415, "人", "exact")]),
    ("选民\u2009\u200948\u2009106\u2009人", [(48106, "人", "exact")]),
    ("参加投票的村民 15230 人，", [(15230, "人", "exact")]),
    ("大专以上占 67.4 %", [(67.4, "%", "exact")]),
    ("2019 年 3 月 12 日召开", []),
    ("名单 1 2 3 号", []),
    ("1998 120人", []),
    ("序号 1 张伟", []),
    ("第 2 名候选人", []),
    ("任职年龄原则上不超过 60 周岁", []),
    ("年龄上限设为55周岁", []),
    ("已满 18 周岁的村民", []),
    # measure words: votes, places, classes
    ("主任候选人以186票当选", [(186, "票", "exact")]),
    ("会场分成三处投票点", [(3, "处", "exact")]),
    ("共举办培训班12班", [(12, "班", "exact")]),
    # round amounts and counted lists of places
    ("镇村干部等百余人参加观摩", [(100, "人", "more_than")]),
    ("千余名党员参加", [(1000, "名", "more_than")]),
    ("近百名志愿者", [(100, "名", "approx")]),
    ("上百人围观", []),
    ("数百名群众", []),
    ("开展百村行活动", []),
    ("李庄、王营、河口三村率先完成换届", [(3, None, "exact")]),
    ("“三区三州”地区", []),
    ("东西两村", []),
    # durations: with a qualifier after the verb, term cycles, inside a quoted statement
    ("经过近一个月的筹备", [(1, "月", "approx")]),
    ("一个月后召开", []),
    ("五年一度的换届", [(5, "年", "exact")]),
    ("“村民委员会每届任期五年”", [(5, "年", "exact")]),
    ("“五个到位”", []),
    ("实现“1.5小时交通圈”", []),
    ("“村委会任期由三年改为五年”", [(3, "年", "exact"), (5, "年", "exact")]),
    ("历时一个多月", [(1, "月", "more_than")]),
    ("获得8千多个点赞", []),
])
def test_grammar_third_round(text, expected):
    assert [(h.value, h.unit, h.qualifier) for h in find_figures(text)] == expected


@pytest.mark.parametrize("text", [
    "村委会由主任、副主任和委员共五至九人组成。",
    "每个村“两委”班子中至少有1名妇女成员。",
    "须经村民会议三分之二以上成员同意，方可列为候选人。",
    "新一届班子形成了以40岁左右、高中以上文化为主体的结构。",
])
def test_rules_and_descriptions_are_not_figures(text):
    assert find_figures(text) == []


def test_restated_kinds_and_anaphora_are_one_fact():
    doc = extract_text("两类外来人员可以登记参选。两类人员须经村民会议同意。这两类外来人员的权利受保护。"
                       "全镇共有三种选举方式。", source="t")
    assert [(f.value, f.unit) for f in doc.figures] == [(2, "类"), (3, "种")]


@pytest.mark.parametrize("sentence, value, metric", [
    # (c) the completion predicate at the clause end, in a later clause, or after 新一届
    ("全县64个社区居委会和12个村委会换届选举圆满收官。", 64, "units_completed"),
    ("全县64个社区居委会和12个村委会换届选举圆满收官。", 12, "units_completed"),
    ("全市9021个村从1月开始集中换届，截至3月20日，换届工作全部完成。", 9021, "units_completed"),
    ("全区97个村委会换届选举同日启动，按期完成。", 97, "units_completed"),
    ("全区212个新一届村(居)委会选举产生1046名成员。", 212, "units_completed"),
    ("乡内六个行政村组织召开党员大会，依照程序，选举产生了新一届村党支部班子。", 6, "units_completed"),
    ("全县120个村(社区)换届工作将于3月启动，5月底前完成。", 120, None),
    ("全省5213个村今年将进行村委会换届选举。", 5213, "units_total"),
    ("全区8个街道的96个社区中，512人被居民选为社区居委会成员。", 96, "units_completed"),
    ("全区8个街道的96个社区中，512人被居民选为社区居委会成员。", 512, "members_elected"),
    ("共有40余名党员和村民成为新一届村委会班子成员。", 40, "members_elected"),
    ("全区有233个村(居)举行了投票选举，占总数的92.1%，其中村201个，社区32个。", 201, "units_completed"),
    ("全区有233个村(居)举行了投票选举，占总数的92.1%，其中村201个，社区32个。", 32, "units_completed"),
    ("随着李庄、河口两村完成换届选举，全镇换届工作结束。", 2, None),
    ("12个股份经济合作社的换届选举工作圆满结束。", 12, "units_completed"),
    # the topic of a share phrased as holding a post in the party organisation
    ("产生村委会成员612人，其中有380人在村党组织任职，占比62.1%。", 62.1, "cross_appointment_rate"),
    ("举办了6期村干部培训班。", 6, "trainings"),
])
def test_metric_decisions_third_round(sentence, value, metric):
    doc = extract_text(sentence, source="t")
    got = [f.metric for f in doc.figures if f.value == value]
    assert got == [metric], [(f.value, f.metric) for f in doc.figures]


def test_restated_village_counts_are_one_fact():
    doc = extract_text("全区143个村委会换届选举同日展开，如期完成。此次换届，全区143个村推选村民选举委员会143个。"
                       "通过换届，我区143个村委会成员的整体素质明显提高。", source="t")
    villages = [f for f in doc.figures if f.value == 143 and f.metric == "units_completed"]
    assert len(villages) == 1 and len(doc.figures) == 2  # the villages once, the committees once


@pytest.mark.parametrize("sentence, value, metric", [
    ("为确保换届质量，全县村党组织书记、村委会主任100%“一肩挑”。", 100, "concurrent_rate"),
    ("全村选举应到人数312名，实到人数290名。", 312, "voters_registered"),
    ("村党员大会应到党员45名，实到42名。", 45, None),
])
def test_claims_right_of_the_share_and_attendance(sentence, value, metric):
    doc = extract_text(sentence, source="t")
    assert [f.metric for f in doc.figures if f.value == value] == [metric]


def test_newly_elected_fewer_than_the_total_are_new_members():
    doc = extract_text("全区选举产生居委会成员215名。新当选的居委会成员61人，均为大专以上学历。", source="t")
    assert [(f.value, f.metric) for f in doc.figures] == [(215, "members_elected"), (61, "new_count")]
    same = extract_text("全区选举产生居委会成员215名。新当选的居委会成员共215人，平均年龄41岁。", source="t")
    assert [(f.value, f.metric) for f in same.figures] == [(215, "members_elected"), (41, "avg_age")]


@pytest.mark.parametrize("sentence, value, unit, metric", [
    ("共收到选票 3 456 张。", 3456, "张", None),
    ("全县共有 16.3 万名选民参加投票。", 163000, "名", None),
    ("全区136个村，已于3月完成换届。", 136, "个", "units_completed"),
    ("全县1234人当选为村“两委”成员。", 1234, "人", "members_elected"),
    ("妇女3570名被选为两委成员。", 3570, "名", "female_count"),
    ("两委成员平均年龄 45.2 岁，比上届下降 2.8 岁。", 2.8, "岁", "avg_age_change"),
])
def test_spaced_and_predicate_variants(sentence, value, unit, metric):
    doc = extract_text(sentence, source="t")
    assert [(f.unit, f.metric) for f in doc.figures if f.value == value] == [(unit, metric)]


def test_elided_village_noun_takes_its_own_predicate():
    done = extract_text("全县320个村中，已有300个完成换届。", source="t")
    assert [(f.value, f.metric) for f in done.figures] == [(320, "units_total"), (300, "units_completed")]
    step = extract_text("全县320个村中，已有300个完成选民登记。", source="t")
    assert [(f.value, f.metric) for f in step.figures] == [(320, "units_total"), (300, None)]
    left = extract_text("全县320个村中，尚有20个未完成换届。", source="t")
    assert [(f.value, f.metric) for f in left.figures] == [(320, "units_total"), (20, None)]


@pytest.mark.parametrize("sentence, value, metric", [
    ("本次大会通过差额选举产生社区居委会主任1名、委员4名。", 1, "members_elected"),
    ("本次选举将采取差额选举，应选委员4名。", 4, None),
    ("全区312名新当选的小巷总理正式上任。", 312, "members_elected"),
])
def test_members_elected_by_a_contested_vote_and_by_nickname(sentence, value, metric):
    doc = extract_text(sentence, source="t")
    assert [f.metric for f in doc.figures if f.value == value] == [metric]


@pytest.mark.parametrize("text, expected", [
    # 周岁 is the measure 岁 (one unit for one measure, so 45周岁 and 45岁 compare)
    ("新一届成员平均年龄46周岁", [(46, "岁", "average", "exact")]),
    # 户籍 is a word, not the measure word 户: a population with no measure word
    ("全市有1300多万户籍人口", [(13000000, None, "count", "more_than")]),
    ("该镇共有3万户籍居民", [(30000, None, "count", "exact")]),
    ("全村共有420户农户", [(420, "户", "count", "exact")]),
])
def test_unit_words_zhousui_and_huji(text, expected):
    assert read(text) == expected


@pytest.mark.parametrize("sentence, expected", [
    # 居村 / 居(村)委会 / 居村党组织: Shanghai's name for villages and communities together
    ("全区1200个居村全部完成换届选举。", [(1200, "units_completed")]),
    ("全区186个居村委会顺利完成换届。", [(186, "units_completed")]),
    ("全区258个居村党组织完成换届选举。", [(258, "units_completed")]),
    # the 其中 part in a bracket takes the claim of the count it breaks down
    ("举行换届选举的215个居(村)委会(其中居委会140个),全部选出新一届居委会。",
     [(215, "units_total"), (140, "units_total")]),
])
def test_shanghai_village_units(sentence, expected):
    doc = extract_text(sentence, source="t")
    assert [(f.value, f.metric) for f in doc.figures] == expected


@pytest.mark.parametrize("text", [
    "居民委员会由主任、副主任和委员共3人至7人的单数组成。",   # a size rule with both ends written with 人
    "村委会由3至7人的单数组成。",
    "村委会换届选举工作总结(精选3篇)",                       # an essay site's furniture
    "社区换届工作报告范文5篇",
    "摘自《基层建设》2013年19期",                              # periodical issue numbers
    "《乡村论坛》2012年第3期(总第312期)",
])
def test_rules_furniture_and_issue_numbers_are_not_figures(text):
    assert read(text) == []


@pytest.mark.parametrize("sentence, value, metric", [
    # the share of villages whose committee has a woman is not the share of women
    ("全镇村(社区)女性进村委实现100%。", 100, None),
    ("当选的村两委成员中女性占23%。", 23, "female_rate"),
    # 连续任职 is re-election in other words
    ("新一届班子中连续任职的成员50人。", 50, "reelected_count"),
    ("本届两委成员连续任职的有86人。", 86, "reelected_count"),
])
def test_women_on_committee_and_continuing_members(sentence, value, metric):
    doc = extract_text(sentence, source="t")
    assert [f.metric for f in doc.figures if f.value == value] == [metric]


@pytest.mark.parametrize("sentence, value, metric", [
    ("调查的263个村庄中,换届工作均已完成。", 263, None),          # a survey's sample
    ("回收问卷涉及的119个村。", 119, None),
    ("全县326个村全部完成换届。", 326, "units_completed"),
    ("有的乡镇两委成员平均年龄45周岁。", 45, None),              # the average of an unnamed subset
    ("新一届两委成员平均年龄45周岁。", 45, "avg_age"),
])
def test_survey_samples_and_subset_averages(sentence, value, metric):
    doc = extract_text(sentence, source="t")
    assert [f.metric for f in doc.figures if f.value == value] == [metric]
