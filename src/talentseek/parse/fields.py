"""Labelled fields (`姓名：张伟`) and contact details (phone, email, gender, birth year) in resume text."""

from __future__ import annotations

import re
import unicodedata
from datetime import date

from talentseek.parse.dates import normalize_date

# A value ends at a line end, a bar, a tab, two spaces, or the next `标签：`.
_NEXT_LABEL = re.compile(r"\s+[\u4e00-\u9fa5A-Za-z]{2,8}\s*[:：]|[|｜\t]| {2,}")
_EMAIL = re.compile(r"(?<![\w.+-])[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}")
_PHONE = re.compile(r"(?<![\d])(?:\+?\s*86[\s-]*)?(1[3-9]\d)[\s-]?(\d{4})[\s-]?(\d{4})(?!\d)")
_GENDER_LABEL = re.compile(r"(?:性别|gender|sex)\s*[:：]?\s*(男|女|male|female)", re.IGNORECASE)
_GENDER_BARE = re.compile(r"(?:^|[\s|｜,，/、;；])(男|女)(?=$|[\s|｜,，/、;；])", re.MULTILINE)
_AGE = re.compile(r"(?:年龄\s*[:：]?\s*)?(?<!\d)(\d{2})\s*(?:岁|周岁)")
_BORN = re.compile(
    r"(?:出生年月|出生日期|出生|生日|birth(?:day|date)?|date of birth)[ \t]*[:：]?[ \t]*([^\n|｜]{4,20})",
    re.IGNORECASE,
)
_BORN_SUFFIX = re.compile(r"((?:19|20)\d{2})\s*(?:年\s*(?:\d{1,2}\s*月)?)?\s*(?:出生|生人)")
# Common Chinese surnames (the Baijiaxing list as used today, ~99% of the population) and compound ones.
SURNAMES = frozenset(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪"
    "范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤常温康施文牛樊葛邢安齐易乔伍庞"
    "颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻"
    "祁蒲房滕屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧闵苟邬边卞姬师和仇"
    "栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池查麻苑迟邝官封谈匡鞠惠荆乐冀郁胥南班储原栗燕楚鄢劳谌奚皮粟冼蔺楼盘满闻位厉伊"
    "仝区郜海阚花权强帅屠豆朴盖练廉禹井祖漆巴丰支卿国狄平计索宣晋相初门云容敬来扈晁芮都普阙浦戈伏鹿薄邸雍辜羊阿乌母裘亓"
    "修邰赫杭况那宿鲜印逯隆茹诸战慕危玉银亢嵇公哈湛宾戎勾茅利於呼居揭干但尉冶斯元束檀衣信展阴昝智幸奉植衡富尧闭由"
)
COMPOUND_SURNAMES = frozenset(
    "欧阳 司马 诸葛 上官 东方 皇甫 令狐 慕容 尉迟 长孙 宇文 司徒 夏侯 公孙".split()
    + "端木 独孤 南宫 西门 百里 呼延 轩辕 澹台".split()
)
_CJK_NAME = re.compile(r"^[\u4e00-\u9fa5·]{2,5}$")
_EN_NAME = re.compile(r"^[A-Z][a-z]+(?: [A-Z][a-z]+){1,2}$")


def label_value(text: str, labels: tuple[str, ...]) -> str | None:
    """The value after the first `label：` (or `label:`) found, cut at the next field; None if absent."""
    pattern = re.compile(
        rf"(?:^|[\s|｜]|(?<=[^\w]))(?:{'|'.join(map(re.escape, labels))})\s*[:：]\s*(.*)", re.IGNORECASE
    )
    for line in text.split("\n"):
        m = pattern.search(line)
        if m:
            value = _NEXT_LABEL.split(m.group(1), maxsplit=1)[0].strip(" ;；,，。")
            if value:
                return value
    return None


def find_email(text: str) -> str | None:
    """The first email address."""
    m = _EMAIL.search(text)
    return m.group(0).lower() if m else None


def find_phone(text: str) -> str | None:
    """The first mainland mobile number as 11 digits (`+86 138-1234-5678` → `13812345678`)."""
    m = _PHONE.search(unicodedata.normalize("NFKC", text))
    return "".join(m.groups()) if m else None


def find_gender(text: str) -> str | None:
    """男/女 from a `性别` label, else a bare 男/女 standing alone between separators."""
    m = _GENDER_LABEL.search(text)
    if m:
        value = m.group(1).lower()
        return {"male": "男", "female": "女"}.get(value, value)
    m = _GENDER_BARE.search(text)
    return m.group(1) if m else None


def find_birth_year(text: str, today: date) -> int | None:
    """Birth year from 出生年月/`1994年出生`, else from 年龄; impossible years (1800, age 3) give None."""
    year: int | None = None
    m = _BORN.search(text)
    if m and (born := normalize_date(m.group(1), today)):
        year = int(born[:4])
    elif m and re.search(r"(?<!\d)(1[0-8]\d{2})(?!\d)", m.group(1)):
        return None  # a stated but impossible birth year (1800): drop it, do not fall back to guesses
    elif m2 := _BORN_SUFFIX.search(text):
        year = int(m2.group(1))
    elif (m3 := _AGE.search(text)) and (label_value(text, ("年龄", "age")) or "岁" in m3.group(0)):
        year = today.year - int(m3.group(1))
    if year is None or not (today.year - 80 <= year <= today.year - 14):
        return None
    return year


def looks_like_name(value: str, *, labelled: bool = False) -> bool:
    """A capitalised English name, or 2-4 Chinese characters starting with a common surname
    (any 2-5 characters when a `姓名` label says so); headings and labels are not names."""
    value = value.strip()
    if any(w in value for w in ("简历", "个人", "信息", "求职", "经历", "resume", "Resume", "CV")):
        return False
    if _EN_NAME.match(value):
        return True
    if not _CJK_NAME.match(value):
        return False
    return labelled or (len(value) <= 4 and (value[:2] in COMPOUND_SURNAMES or value[0] in SURNAMES))


def find_name(text: str) -> str | None:
    """The name from a `姓名` label, else a first line that is just a name (`张伟` / `张伟 | 男 | ...`)."""
    value = label_value(text, ("姓名", "name", "名字"))
    if value and looks_like_name(value, labelled=True):
        return value
    for line in text.split("\n")[:5]:
        first = re.split(r"[|｜,，/\t]| {2,}", line.strip(" #*-•·>\t"))[0].strip(" *")
        if first and looks_like_name(first):
            return first
    return None
