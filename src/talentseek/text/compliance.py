"""Discriminatory requirements in a job posting: gender, age, marital, pregnancy, origin, health, religion.

A requirement is flagged when it restricts *who may apply* by a protected trait; the same words
describing the product, the customers or the benefits are not (女士服装销售, 回族餐厅, 男装导购,
生育保险, 照顾60岁以上老人). Each category is a small detector over one clause at a time: first the
phrases that are known to be lawful in context are blanked out, then requirement patterns fire.
Rules, not a model, so that a recruiter sees exactly which words were flagged and why; measured on
a hand-labelled set in `benchmarks/compliance_bench.py`.

Sources: 《就业促进法》第三条（民族、种族、性别、宗教信仰）、第二十七条（性别）、第二十八条（民族）、
第三十条（传染病病原携带者）、第三十一条（农村劳动者）；《妇女权益保障法》（2022）第四十三条（婚育）；
人社部等九部门《关于进一步规范招聘行为促进妇女就业的通知》（2019）；《残疾人保障法》第三十八条；
《艾滋病防治条例》第三条；《精神卫生法》第五条。年龄不在法律明文列举之内，标为“风险”。
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import lru_cache

from talentseek.text.region import parse_region

CATEGORIES = ("gender", "age", "marital", "pregnancy", "origin", "health", "religion")
LABELS = {
    "gender": "性别",
    "age": "年龄",
    "marital": "婚姻状况",
    "pregnancy": "生育状况",
    "origin": "户籍/地域/民族",
    "health": "健康状况",
    "religion": "宗教信仰",
}
BASIS = {
    "gender": "不得以性别为由拒绝录用或提高录用标准"
    "（《就业促进法》第二十七条、《妇女权益保障法》第四十三条）",
    "age": "与岗位无关的年龄限制有就业歧视风险（《就业促进法》第三条平等就业原则），请说明必要性或删除",
    "marital": "不得限定或询问婚姻状况（《妇女权益保障法》第四十三条）",
    "pregnancy": "不得限定生育状况或将限制生育作为录用条件（《妇女权益保障法》第四十三条）",
    "origin": "不得以户籍、地域或民族设限（《就业促进法》第三条、第二十八条、第三十一条）",
    "health": "不得以传染病病原携带、残疾或病史为由拒绝录用"
    "（《就业促进法》第三十条、《残疾人保障法》第三十八条）",
    "religion": "不得因宗教信仰歧视劳动者（《就业促进法》第三条）",
}
MAX_CHARS = 20_000  # a posting longer than this is checked on its first 20,000 characters

# verdict words that turn a trait into a requirement: X优先, X勿扰 ...
_VERDICT = r"(?:优先考虑|优先录用|优先|为佳|更佳|最佳|勿扰|免谈|不要|不考虑|不予录用|除外|莫扰)"
_DEMAND = r"(?:限|仅限|只招|只要|只收|只聘|只考虑|仅考虑|只录用|要求|需要|需|须|必须是)"
_SEX = r"(?<![男女子妇儿])(?:男|女)(?![男女])"


@dataclass(frozen=True)
class Finding:
    """One flagged requirement: its category, the words as written, and the rule it breaks."""

    category: str
    text: str
    basis: str
    severity: str  # 违法 | 风险


def _rx(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.IGNORECASE)


# ---------------------------------------------------------------- gender
_GENDER_LAWFUL = _rx(r"男女(?:不限|均可|皆可|比例|平等|老少)|性别不限|不限性别|男、女不限|男/女不限")
_PRODUCT_AFTER = (
    r"(?:装|鞋|包|袜|表|款|式|宾|童|婴|频|团|科|神|星|士?服|士?内衣|士?理容|士?美甲|士?护肤|士?美容|士?健身"
    r"|子(?:医院|学院|健身|会所|美容)|性?(?:用品|护肤|化妆|健康|用户|客户|消费|市场|向|群体|读者|患者|顾客))"
)
_GENDER = [
    _rx(rf"(?:{_DEMAND}|招聘?|诚聘|急聘|聘请?|招收|不招|不收|不接受)\s*{_SEX}(?:性|士|生|孩|的|人)?(?!{_PRODUCT_AFTER})"),
    _rx(rf"{_SEX}(?:性|士|生|孩)?(?:员工|人员|从业者|求职者|者)?\s*{_VERDICT}"),
    _rx(rf"性别(?>\s*(?:要求)?\s*(?:为|是)?\s*[:：]?\s*){_SEX}"),
    _rx(rf"^[（(]?(?:限)?{_SEX}(?:性|士|生)?[)）]?$"),
    _rx(rf"[（(]\s*(?:限|仅限)?{_SEX}(?:性|士|生)?\s*(?:[,，、)）]|$)"),
    _rx(rf"不接受.{{0,4}}{_SEX}(?:性|士|生)"),
    _rx(rf"{_SEX}(?:性|士|生)?\s*(?:\d{{1,3}}|[一二两三四五六七八九十])\s*(?:名|人|位)"),
    _rx(
        rf"{_SEX}(?:服务员|销售|文员|前台|司机|保安|模特|主播|客服|助理|秘书|技师|工|会计|护士|老师|教师|学徒"
        r"|店员|营业员|收银员|保洁|保姆|厨师|演员|业务员|大学生|学生)"
    ),
    _rx(rf"(?:\d\s*(?:周岁|岁)|未婚|已婚|已育)\s*(?:的)?{_SEX}(?:性|士|生)"),
    _rx(r"(?:招聘?|诚聘|急聘|找).{0,6}(?:阿姨|大姐|大妈|小姐姐|美女|帅哥)"),
]

# ---------------------------------------------------------------- age
# No pattern may start with an optional word and then \s*, or repeat \s* around optional words: on a
# run of spaces both backtrack polynomially (6.3 s on one real posting). An optional word carries its
# own \s* inside its group, and (?>…) reads the spaces around 要求/：/在 one way only.
_AGE_LAWFUL = _rx(r"年龄不限|不限年龄|年龄无要求")
_NOT_APPLICANT = (  # what follows an age when it is the customers' age, not the applicant's
    r"(?=.{0,5}?(?:老人|老年|长者|中老年|客户|用户|儿童|孩子|幼儿|学生|学员|患者|人群|群体|宝宝|小朋友|顾客|青少年))"
)
_AGE_RANGE = _rx(
    r"(?:(?P<pre>年龄|年纪)(?>\s*(?:要求)?\s*[:：]?\s*(?:在)?\s*))?(?<![\d.])(?P<lo>\d{2})\s*(?P<u1>周岁|岁)?"
    r"\s*(?:-|~|～|—|–|至|到)+\s*(?P<hi>\d{2})(?!\d)\s*(?P<u2>周岁|岁)?"
)
_AGE_MAX = [
    _rx(r"(?<![\d.])(\d{2})\s*(?:周岁|岁)\s*(?:以下|以内|之内|内)"),
    _rx(r"(?:年龄|年纪)(?>\s*(?:要求)?\s*[:：]?\s*(?:在)?\s*)(\d{2})\s*(?:以下|以内|之内)"),
    _rx(r"(?:年龄|年纪)(?>\s*(?:要求)?\s*[:：]?\s*(?:在)?\s*)(?:不超过|不大于|不高于|小于|低于|≤|<)\s*(\d{2})"),
    _rx(r"(?:不得超过|不能超过|不超过|不大于|不高于|上限|限|限制在)\s*(\d{2})\s*(?:周岁|岁)"),
    _rx(r"(?:年龄|年纪)(?>\s*(?:要求)?\s*[:：]?\s*(?:在)?\s*)(\d{2})\s*(?:周岁|岁)?\s*(?:左右|上下)"),
    _rx(r"(?:超过|大于|高于|满)\s*(\d{2})\s*(?:周岁|岁)(?>\s*(?:的)?\s*)(?:不考虑|勿扰|免谈|不要|不予|不录用)"),
]
_AGE_MIN = _rx(r"(?<![\d.])(\d{2})\s*(?:周岁|岁)\s*(?:及以上|或以上|以上)")
_AGE_WORDS = _rx(
    rf"(?:(?:\d0|[5-9]5)后|年轻人?|年纪轻)\s*{_VERDICT}|(?:{_DEMAND}|只招|希望是?|最好是?)\s*(?:\d0|[5-9]5)后|年龄超限"
)
LEGAL_MIN_AGE = 18  # a minimum of 16 or 18 is the law's own working age, not discrimination

# ---------------------------------------------------------------- marital and pregnancy
_MARITAL_LAWFUL = _rx(
    r"婚假|婚礼|婚纱|婚庆|婚恋|婚嫁|礼金|新婚|不问婚育|婚育不限|婚姻不限|婚否不限|单身(?:公寓|宿舍|经济)"
)
_MARITAL = [
    _rx(r"(?:已婚|未婚|离异|丧偶|单身)(?:未育|已育)?(?:者|人士|人员|男性|女性|男士|女士)?"),
    _rx(r"婚否|婚姻(?:状况|情况)\s*[:：]?\s*\S"),
]
_MARRIAGE_AND_BIRTH = _rx(r"婚育(?:状况|情况)?\s*[:：]?\s*\S")
_PREGNANCY_LAWFUL = _rx(
    r"生育(?:保险|险|津贴|福利|假)|产假|陪产|孕产期.{0,10}(?:待遇|假)|母婴|孕婴|孕妇装|产后修复|月嫂|产妇"
    r"|为孕妇|孕妇提供|适合宝妈|宝妈可|欢迎宝妈|宝妈兼职"
)
_PREGNANCY = [
    _rx(r"已育|未育|已生育|未生育|已生二胎|二胎"),
    _rx(r"(?:无|没有|暂无)\s*(?:生育|要孩子的?)计划"),
    _rx(r"(?:(?<!\d)\d{1,2}|[一二两三四五])\s*年(?>\s*内?\s*)(?:不|无|不得|不能|不会)\s*(?:生育|怀孕|要孩子|生孩子|要小孩)"),
    _rx(r"(?:不得|不能|禁止|不可)\s*(?:生育|怀孕|生孩子)"),
    _rx(rf"(?:孕妇|孕期(?:女性)?|怀孕|育龄(?:女性)?|哺乳期)(?:女性|者)?\s*(?:{_VERDICT}|即?辞退)"),
    _rx(r"不接受\s*(?:孕妇|孕期|怀孕|哺乳期)"),
    _rx(rf"(?:有|已有)\s*(?:孩子|小孩)(?>\s*(?:者|的)?\s*){_VERDICT}"),
    _rx(rf"宝妈\s*{_VERDICT}|(?:{_DEMAND})\s*宝妈"),
]

# ---------------------------------------------------------------- origin: 户籍, region of birth, ethnicity
_ORIGIN_LAWFUL = _rx(
    r"户籍(?:所在地)?不限|不限户籍|户口(?:所在地)?不限|不限户口|籍贯不限|民族不限|不限民族|户籍(?:管理|窗口|业务)|户口迁移"
    r"|外籍|民族(?:大学|学院|服饰|风|乐器|舞)|(?:少数)?民族地区|本地(?:生活|客户|市场|资源)|熟悉本地|外地工作"
)
_ETHNIC = (
    r"(?:汉族|回族|藏族|维吾尔族|维族|蒙古族|蒙族|满族|壮族|苗族|彝族|土家族|朝鲜族|哈萨克族|侗族|瑶族|白族"
    r"|傣族|黎族|畲族|少数民族)"
)
_ORIGIN = [
    _rx(rf"(?:本地|本市|本省|当地|外地|外省)人(?:员|士)?(?![口群气情])(?:\s*{_VERDICT})?"),
    _rx(r"(?:(?:本地|本市|本省|当地|外地|外省|农村|城镇|城市|非农|农业)\s*)?(?:户口|户籍)"),
    _rx(r"籍贯"),
    _rx(rf"(?:{_DEMAND}|只招|只要)\s*{_ETHNIC}"),
    _rx(rf"{_ETHNIC}(?:人员|员工|人士|同胞)?\s*{_VERDICT}"),
    _rx(r"民族\s*[:：]\s*\S"),
    _rx(rf"^{_ETHNIC}$"),
]
_PLACE_PEOPLE = _rx(rf"(?P<place>[\u4e00-\u9fff]{{2,3}}?)(?:人员|人|老乡|籍(?:员工|人员)?)\s*{_VERDICT}")
_PLACE_ONLY = _rx(
    rf"(?:{_DEMAND}|只招)\s*(?P<place>[\u4e00-\u9fff]{{2,3}}?)(?:人|籍)(?![\u4e00-\u9fff]{{2}})"
)
_PLACE_BORN = _rx(rf"(?:(?:{_DEMAND}|只招)\s*)?(?P<place>[\u4e00-\u9fff]{{2,3}}?)籍(?!贯)")
_REGIONS = {"东北", "西北", "华北", "江浙沪", "江浙", "两广", "潮汕", "南方", "北方", "关外", "苏北", "苏南"}

# ---------------------------------------------------------------- health
_HEALTH_LAWFUL = _rx(
    r"乙肝(?:疫苗|治疗|.{0,3}(?:药物|药品|新药)|检测试剂|患者的?(?:治疗|护理))|治疗乙肝|肝病医院|传染病医院|残疾人(?:优先|朋友|就业)"
    r"|欢迎残疾人|残障人士可|为残疾人"
)
_HEALTH = [
    re.compile(r"乙肝|(?<![A-Za-z])(?:HBV|HIV)(?![A-Za-z])|大三阳|小三阳|两对半|病原携带|携带者|艾滋"),
    _rx(rf"无残疾|非残疾|(?:肢体|身体)?残疾(?:人|者)?\s*{_VERDICT}|身体残疾"),
    _rx(r"(?:无|没有)(?>\s*(?:任何)?\s*)(?:精神病|精神疾病|精神病史|抑郁症)"),
]

# ---------------------------------------------------------------- religion
_RELIGION_LAWFUL = _rx(r"尊重.{0,8}信仰|宗教信仰自由")
_BELIEVER = r"(?:佛教徒|基督徒|基督教徒|天主教徒|伊斯兰教徒|穆斯林|道教徒|教徒|信徒)"
_RELIGION = [
    _rx(rf"(?:{_DEMAND}|只招)(?>\s*(?:信仰|信奉)?\s*)(?:{_BELIEVER}|佛教|基督教|天主教|伊斯兰教|道教)"),
    _rx(rf"{_BELIEVER}(?:人员|员工|者)?\s*{_VERDICT}"),
    _rx(rf"(?:{_DEMAND}|只招)\s*信(?:佛|教|基督|主|道)"),
    _rx(r"(?:信仰|信奉)\s*(?:佛教|基督教|天主教|伊斯兰教|道教)"),
    _rx(r"(?:无|没有|不信)(?>\s*(?:任何)?\s*)宗教信仰|不信教|不信仰宗教|无信仰|(?:不招|不要)\s*信教"),
]


def _blank(pattern: re.Pattern[str], clause: str) -> str:
    """Lawful phrases become spaces, so no requirement pattern can match across or inside them."""
    return pattern.sub(lambda m: " " * len(m.group(0)), clause)


def _matches(patterns: list[re.Pattern[str]], clause: str) -> Iterator[str]:
    for p in patterns:
        for m in p.finditer(clause):
            if m.group(0).strip():
                yield m.group(0).strip()


def _gender(clause: str) -> Iterator[str]:
    yield from _matches(_GENDER, _blank(_GENDER_LAWFUL, clause))


def _age_range(m: re.Match[str], clause: str) -> bool:
    """`20-35岁` about the applicant: a unit or 年龄 is there and it is not the customers' ages."""
    lo, hi = int(m.group("lo")), int(m.group("hi"))
    about_age = m.group("pre") or m.group("u1") or m.group("u2")
    if not about_age or lo < 14 or hi <= lo or (lo <= LEGAL_MIN_AGE and hi >= 60):
        return False
    return re.match(_NOT_APPLICANT, clause[m.end() :]) is None


def _age(clause: str) -> Iterator[str]:
    clause = _blank(_AGE_LAWFUL, clause)
    for m in _AGE_RANGE.finditer(clause):
        if _age_range(m, clause):
            yield m.group(0).strip()
    for p in _AGE_MAX:
        for m in p.finditer(clause):
            if int(m.group(1)) < 60 and re.match(_NOT_APPLICANT, clause[m.end() :]) is None:
                yield m.group(0).strip()
    for m in _AGE_MIN.finditer(clause):
        if int(m.group(1)) > LEGAL_MIN_AGE and re.match(_NOT_APPLICANT, clause[m.end() :]) is None:
            yield m.group(0).strip()
    yield from _matches([_AGE_WORDS], clause)


def _marital(clause: str) -> Iterator[str]:
    clause = _blank(_MARITAL_LAWFUL, clause)
    yield from _matches(_MARITAL, clause)
    yield from _matches([_MARRIAGE_AND_BIRTH], clause)


def _pregnancy(clause: str) -> Iterator[str]:
    clause = _blank(_MARITAL_LAWFUL, _blank(_PREGNANCY_LAWFUL, clause))
    yield from _matches(_PREGNANCY, clause)
    yield from _matches([_MARRIAGE_AND_BIRTH], clause)


@lru_cache(maxsize=4096)
def _is_place(name: str) -> bool:
    if name in _REGIONS:
        return True
    region = parse_region(name)
    return bool(region.province or region.city)


def _origin(clause: str) -> Iterator[str]:
    clause = _blank(_ORIGIN_LAWFUL, clause)
    yield from _matches(_ORIGIN, clause)
    for p in (_PLACE_PEOPLE, _PLACE_ONLY, _PLACE_BORN):
        for m in p.finditer(clause):
            place = m.group("place")
            # the place may carry a verb in front (限湖北籍, 只招河南人): try the name without it
            if any(_is_place(place[i:]) for i in range(len(place) - 1)):
                yield m.group(0).strip()


def _health(clause: str) -> Iterator[str]:
    yield from _matches(_HEALTH, _blank(_HEALTH_LAWFUL, clause))


def _religion(clause: str) -> Iterator[str]:
    yield from _matches(_RELIGION, _blank(_RELIGION_LAWFUL, clause))


DETECTORS: dict[str, Callable[[str], Iterator[str]]] = {
    "gender": _gender,
    "age": _age,
    "marital": _marital,
    "pregnancy": _pregnancy,
    "origin": _origin,
    "health": _health,
    "religion": _religion,
}
# list markers (1、 2. ③) would otherwise read as part of a number: `1.28-35岁`
_LIST_MARKER = re.compile(
    r"(?<![\d.])\d{1,2}\s*[、.．)）:：](?=\s*\D|\s*\d{2}\s*(?:-|~|～|—|–|至|到|周岁|岁))|[①-⑳]"
)
_CLAUSE_SPLIT = re.compile(r"[\n\r。；;！!？?，,|]+")


def clauses(text: str) -> list[str]:
    """The posting cut into clauses (full-width forms folded), list markers removed."""
    text = unicodedata.normalize("NFKC", text[:MAX_CHARS])
    text = _LIST_MARKER.sub(" ", text)
    return [c.strip() for c in _CLAUSE_SPLIT.split(text) if c.strip()]


def check_posting(text: str) -> list[Finding]:
    """Every discriminatory requirement in a posting, in text order, one finding per category and phrase."""
    found: list[Finding] = []
    seen: set[tuple[str, str]] = set()
    for clause in clauses(text or ""):
        for category, detect in DETECTORS.items():
            for phrase in detect(clause):
                if (category, phrase) not in seen:
                    seen.add((category, phrase))
                    severity = "风险" if category == "age" else "违法"
                    found.append(Finding(category, phrase, BASIS[category], severity))
    return found


def categories(text: str) -> set[str]:
    """The categories `check_posting` flags in `text` (what the benchmark scores)."""
    return {f.category for f in check_posting(text)}
