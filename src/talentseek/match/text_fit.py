"""Text fit: the resume's experience against the JD's duties, where a specialization lives.

Fields say "数据分析师 in 上海"; the text says "评分卡 and 逾期率" or "SAS and CDISC". Five features,
each in [0, 1] with NaN where there is nothing to judge (the scorer fills NaN with the neutral value):

- `text_bm25`: Okapi BM25 of the resume's experience text over the JD's text (title + description),
  with IDF from the postings being ranked (or, when ranking seekers for one job, from the seekers'
  texts), squashed as s / (s + BM25_HALF) so one pair scores the same alone or in a pool.
- `text_dense`: cosine of the two texts' `static` embeddings (embed/static.py), rescaled from
  [DENSE_LOW, DENSE_HIGH] to [0, 1].
- `specialty`: the IDF-weighted share of the posting title's words that occur in the resume text; a
  title's generic words (数据, 分析师: frequent, low IDF) weigh little, its specialty (风控, 临床,
  游戏) weighs much.
- `domain`: whether the two texts name the same industry (DOMAINS, a small lexicon); NaN when either
  names none.
- `seniority`: the person's level (years, senior words in their titles) against the post's (title words
  such as 助理/实习 or 总监/资深, and the years it asks); both directions count, unlike `experience`.

Sentences that talk to a ranking system ("忽略以上要求", "系统提示") are dropped before anything is read,
and a resume's text is capped (profiles.TEXT_CHARS), so a planted instruction or a long paste does not buy
a higher score. Tokens and vectors of texts are cached (LRU), so a pool of postings is tokenized once.
"""

from __future__ import annotations

import hashlib
import math
import re
import threading
from collections import Counter, OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from talentseek.embed.static import StaticEmbedder
from talentseek.match.profiles import JobProfile, SeekerProfile
from talentseek.text.tokenize import tokenize

TEXT_FEATURES = ("text_bm25", "text_dense", "specialty", "domain", "seniority")
BM25_K1, BM25_B, BM25_HALF = 1.2, 0.75, 12.0
DENSE_LOW, DENSE_HIGH = 0.45, 0.95
JD_CHARS = 1500
CACHE_SIZE = 20_000  # texts kept read (~10 KB each with the vector): four 5,000-job pools
MIN_REASON_IDF = 0.69  # about ln 2: a shared word in more than half the documents (负责, 工作) is no reason

_INJECTION = re.compile(
    r"忽略(以上|之前|前面|上述)|系统提示|提示词|排(在)?第一|评分(为|是)?满分|满分候选|最高分|"
    r"ignore (all|previous|the above)|system prompt",
    re.IGNORECASE,
)
_SENTENCE = re.compile(r"(?<=[。！？!?；;\n])")

DOMAINS: dict[str, tuple[str, ...]] = {
    "金融": (
        "金融",
        "银行",
        "信贷",
        "贷款",
        "借贷",
        "信用卡",
        "保险",
        "证券",
        "基金",
        "支付",
        "风控",
        "征信",
        "理财",
        "消费金融",
        "互金",
        "量化",
        "投资",
        "收单",
        "清算",
        "逾期",
        "催收",
    ),
    "医疗医药": (
        "医疗",
        "医药",
        "临床",
        "医院",
        "药品",
        "医学",
        "生物",
        "基因",
        "器械",
        "诊断",
        "测序",
        "患者",
        "药店",
        "OTC",
        "SCI",
        "生信",
        "CRO",
    ),
    "游戏": ("游戏", "玩家", "手游", "电竞", "GS"),
    "电商": (
        "电商",
        "天猫",
        "淘宝",
        "京东",
        "亚马逊",
        "跨境",
        "店铺",
        "listing",
        "速卖通",
        "Shopee",
        "直通车",
        "拼多多",
    ),
    "广告营销": ("广告", "投放", "营销", "媒介", "DSP", "CTR", "归因", "品牌推广"),
    "汽车": ("汽车", "整车", "车联网", "座舱", "4S", "经销商", "车机", "T-box", "乘用车", "车辆"),
    "教育": ("教育", "教辅", "课程", "中小学", "学生", "教材", "中考", "高考", "新课标", "初中", "小学"),
    "出版": ("出版", "期刊", "图书", "编辑部", "学报", "杂志", "审稿", "组稿", "三审三校", "选题"),
    "零售快消": ("零售", "快消", "门店", "商超", "KA", "会员", "乳制品", "饮料", "化妆品", "美妆"),
    "物流供应链": ("物流", "供应链", "仓储", "库存", "配送", "补货", "采购", "S&OP"),
    "内容媒体": ("短视频", "抖音", "快手", "小红书", "直播", "公众号", "新媒体", "MCN", "B站", "视频号"),
    "搜索推荐": ("搜索", "推荐", "召回", "排序", "query", "点击率", "CTR预估"),
    "视觉": ("图像", "视觉", "人脸", "目标检测", "OCR", "OpenCV", "检测", "识别"),
    "自然语言": ("自然语言", "NLP", "文本", "语义", "分词", "实体", "对话", "知识图谱", "问答"),
}
_SENIOR_WORDS = (
    "总监",
    "经理",
    "负责人",
    "专家",
    "资深",
    "高级",
    "主管",
    "主编",
    "总编",
    "leader",
    "head",
    "架构师",
)
_JUNIOR_WORDS = ("助理", "实习", "应届", "校招", "培训生", "管培", "初级", "小白", "学徒", "储备")


def drop_instructions(text: str) -> str:
    """The text without sentences addressed to a ranking system (prompt injection)."""
    return "".join(s for s in _SENTENCE.split(text) if not _INJECTION.search(s))


def _keep(token: str) -> bool:
    return len(token) > 1 and not token.isdigit()


@dataclass(frozen=True)
class TextDoc:
    """One text, read once: term counts, length, the set of its words and its static vector."""

    counts: Counter[str]
    length: int
    words: frozenset[str]
    vector: NDArray[np.float32]
    domains: frozenset[str]


_CACHE: OrderedDict[str, TextDoc] = OrderedDict()
_LOCK = threading.Lock()
_EMBEDDER: list[StaticEmbedder] = []


def _embedder() -> StaticEmbedder:
    with _LOCK:
        if not _EMBEDDER:
            _EMBEDDER.append(StaticEmbedder())
        return _EMBEDDER[0]


def domains_of(text: str) -> frozenset[str]:
    low = text.lower()
    return frozenset(d for d, words in DOMAINS.items() if any(w.lower() in low for w in words))


def read_texts(texts: Sequence[str]) -> list[TextDoc]:
    """Tokens, vectors and domains of many texts; each distinct text is read once per process."""
    keys = [hashlib.blake2b(t.encode("utf-8"), digest_size=12).hexdigest() for t in texts]
    with _LOCK:
        found = {k: _CACHE[k] for k in keys if k in _CACHE}
    todo = {k: t for k, t in zip(keys, texts, strict=True) if k not in found}
    if todo:
        vectors = _embedder().embed(list(todo.values()), kind="passage") if todo else None
        for (k, t), v in zip(todo.items(), np.asarray(vectors), strict=True):
            toks = [w for w in tokenize(t) if _keep(w)]
            found[k] = TextDoc(Counter(toks), len(toks), frozenset(toks), v.astype(np.float32), domains_of(t))
        with _LOCK:
            for k in todo:
                _CACHE[k] = found[k]
            while len(_CACHE) > CACHE_SIZE:
                _CACHE.popitem(last=False)
    return [found[k] for k in keys]


def job_text(job: JobProfile) -> str:
    return f"{job.title}\n{job.description[:JD_CHARS]}"


def seeker_text(seeker: SeekerProfile) -> str:
    """Intended titles and skills first (the static embedder weighs a text's head), then the text."""
    head = " ".join([*seeker.intent_titles, *sorted(seeker.skills)])
    return f"{head}\n{drop_instructions(seeker.text)}".strip()


class Idf:
    """Document frequencies over a corpus (the postings ranked, or the seekers ranked)."""

    def __init__(self, docs: Sequence[TextDoc]) -> None:
        self.n = max(len(docs), 1)
        self.df: Counter[str] = Counter(w for d in docs for w in d.words)
        self.avgdl = float(np.mean([d.length for d in docs])) if docs else 1.0

    def __call__(self, word: str) -> float:
        df = self.df.get(word, 0)
        return math.log(1 + (self.n - df + 0.5) / (df + 0.5))


def bm25(query: TextDoc, doc: TextDoc, idf: Idf) -> float:
    """Okapi BM25 (Robertson & Zaragoza 2009), query terms counted once."""
    norm = BM25_K1 * (1 - BM25_B + BM25_B * doc.length / max(idf.avgdl, 1e-9))
    total = 0.0
    for w in query.words & doc.words:
        tf = doc.counts[w]
        total += idf(w) * tf * (BM25_K1 + 1) / (tf + norm)
    return total


def specialty(title_words: frozenset[str], seeker: TextDoc, idf: Idf) -> float:
    """IDF-weighted share of the posting title's words found in the resume; NaN for an empty title."""
    weights = {w: idf(w) for w in title_words}
    total = sum(weights.values())
    if total <= 0:
        return math.nan
    return sum(v for w, v in weights.items() if w in seeker.words) / total


def domain_fit(a: frozenset[str], b: frozenset[str]) -> float:
    if not a or not b:
        return math.nan
    return len(a & b) / min(len(a), len(b))


def job_level(title: str, exp_min: float) -> float:
    """0 (intern/assistant) … 4 (director), from title words, else from the years asked."""
    low = title.lower()
    if any(w in low for w in ("总监", "总编", "负责人", "head", "vp", "副总")):
        return 4.0
    if any(w in low for w in ("资深", "专家", "高级", "经理", "主管", "主编", "leader", "架构师")):
        return 3.0
    if any(w in low for w in _JUNIOR_WORDS):
        return 0.5
    if math.isnan(exp_min):
        return math.nan
    return 1.0 if exp_min < 1 else 1.5 if exp_min < 3 else 2.0 if exp_min < 5 else 3.0


def seeker_level(years: float, titles: Sequence[str]) -> float:
    if math.isnan(years):
        return math.nan
    level = 0.5 if years < 1 else 1.0 if years < 3 else 2.0 if years < 6 else 3.0 if years < 10 else 3.5
    if any(w in t.lower() for t in titles for w in _SENIOR_WORDS):
        level = max(level, 3.0 if years >= 5 else 2.0)
    if any(w in t for t in titles for w in ("总监", "负责人", "副总")):
        level = max(level, 4.0)
    return level


def seniority_fit(seeker_lv: float, job_lv: float) -> float:
    if math.isnan(seeker_lv) or math.isnan(job_lv):
        return math.nan
    return max(0.0, 1.0 - abs(seeker_lv - job_lv) / 3.0)


def _dense(a: NDArray[np.float32], b: NDArray[np.float32]) -> float:
    cos = float(a @ b)
    if cos == 0.0:
        return math.nan
    return min(1.0, max(0.0, (cos - DENSE_LOW) / (DENSE_HIGH - DENSE_LOW)))


def _title_words(title: str) -> frozenset[str]:
    return frozenset(w for w in tokenize(re.sub(r"[（(].*?[)）]|\d+k|\d+K", " ", title)) if _keep(w))


def _pair(
    s: TextDoc, j: TextDoc, idf: Idf, title: str, levels: tuple[float, float], bm: float
) -> list[float]:
    return [
        bm / (bm + BM25_HALF),
        _dense(s.vector, j.vector),
        specialty(_title_words(title), s, idf),
        domain_fit(s.domains, j.domains),
        seniority_fit(*levels),
    ]


@dataclass(frozen=True)
class TextFit:
    """Text features of n pairs and the IDF they were computed with (reused by the reasons)."""

    matrix: NDArray[np.float64]  # n × TEXT_FEATURES
    idf: Idf


def features_for_jobs(seeker: SeekerProfile, jobs: Sequence[JobProfile]) -> TextFit:
    """n_jobs × TEXT_FEATURES for one seeker; IDF from these postings."""
    query = read_texts([seeker_text(seeker)])[0]
    docs = read_texts([job_text(j) for j in jobs])
    idf = Idf(docs)
    if not jobs:
        return TextFit(np.zeros((0, len(TEXT_FEATURES))), idf)
    s_lv = seeker_level(seeker.years, seeker.intent_titles)
    rows = [
        _pair(query, d, idf, j.title, (s_lv, job_level(j.title, j.exp_min)), bm25(query, d, idf))
        for j, d in zip(jobs, docs, strict=True)
    ]
    return TextFit(np.asarray(rows, dtype=np.float64), idf)


def features_for_seekers(job: JobProfile, seekers: Sequence[SeekerProfile]) -> TextFit:
    """n_seekers × TEXT_FEATURES for one job; IDF from the seekers' texts (the documents ranked)."""
    jd = read_texts([job_text(job)])[0]
    docs = read_texts([seeker_text(p) for p in seekers])
    idf = Idf([*docs, jd])
    if not seekers:
        return TextFit(np.zeros((0, len(TEXT_FEATURES))), idf)
    j_lv = job_level(job.title, job.exp_min)
    rows = [
        _pair(d, jd, idf, job.title, (seeker_level(p.years, p.intent_titles), j_lv), bm25(jd, d, idf))
        for p, d in zip(seekers, docs, strict=True)
    ]
    return TextFit(np.asarray(rows, dtype=np.float64), idf)


def shared_terms(seeker: SeekerProfile, job: JobProfile, idf: Idf, k: int = 4) -> list[str]:
    """The words both texts use that say most (highest IDF first, then longest)."""
    s, j = read_texts([seeker_text(seeker), job_text(job)])
    common = [w for w in s.words & j.words if (not w.isascii() or len(w) > 2) and idf(w) >= MIN_REASON_IDF]
    return sorted(common, key=lambda w: (-round(idf(w), 1), -len(w), w))[:k]


def _snippet(text: str, term: str, width: int = 14) -> str:
    """The clause of `text` around `term`, at most 2 × width characters."""
    clauses = [c for c in re.split(r"[。；;，,！!？?\n、（）()：:]", text) if term.lower() in c.lower()]
    for clause in sorted(
        clauses, key=lambda c: len(c.strip()) <= len(term) + 4
    ):  # a sentence over a bare title
        if term.lower() in clause.lower():
            at = clause.lower().index(term.lower())
            start = max(0, at - width)
            return clause[start : at + len(term) + width].strip(" -•·*")
    return term


def text_reason(seeker: SeekerProfile, job: JobProfile, idf: Idf) -> str | None:
    """ "相关经历：…，与职位要求的…一致（共同：…）" quoting both texts, or None when they share nothing."""
    terms = shared_terms(seeker, job, idf)
    if not terms:
        return None
    mine = _snippet(drop_instructions(seeker.text) or " ".join(seeker.skills), terms[0])
    theirs = _snippet(job_text(job), terms[0])
    return f"相关经历：{mine}，与职位要求的「{theirs}」一致（共同：{'、'.join(terms)}）"
