"""Job title → CSCO 2022 occupation (`domain.Occupation`), without any neural model.

Order: the curated title table (data/titles.yaml), an exact CSCO leaf name or alias, an exact labelled
real title (data/csco_titles.tsv), the same for each part of a compound title (`销售/业务经理`), then
the most similar of all those strings by character n-gram TF-IDF cosine (numpy), above a floor.
Titles are cleaned first: brackets, codes, salaries, benefits, places and seniority words go.
"""

from __future__ import annotations

import csv
import importlib.resources
import math
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from talentseek.domain import Occupation
from talentseek.text.region import strip_places
from talentseek.text.tokenize import title_table

CLOSE_SIMILARITY = 0.6
"""A neighbour this close beats the head-noun rule (亚马逊运营助理 is 亚马逊运营, not a generic 运营助理)."""
MIN_SIMILARITY = 0.35
"""Below this cosine the best lexical neighbour is more often wrong than right (held-out check)."""

_BRACKETS = re.compile(r"[(（\[【<《{][^)）\]】>》}]*[)）\]】>》}]?")
_NOISE = re.compile(
    r"\d+(?:\.\d+)?\s*[kK千万wW]?(?:[-~至到]\d+(?:\.\d+)?\s*[kK千万wW]?)?(?:元|/月|/天|以上|起)?"
    r"|[a-zA-Z]+\d+[a-zA-Z\d]*"
    r"|急招|急聘|直招|诚聘|高薪|聘请|招聘(?!专员|师|经理|主管)|底薪|提成|五险一金|六险一金|五险|包吃住|包住|包吃"
    r"|双休|单休|周末双休|周末休|不加班|上市公司|五百强|500强|大厂|无责|保底|可实习|接受应届|应届生?可|长白班"
    r"|早[\d一二三四五六七八九十]+晚[\d一二三四五六七八九十]+|急+|优秀|寻找|诚邀|\d+人"
)
_SENIORITY = re.compile(r"^(?:高级|资深|初级|中级|senior|junior|sr\.?|jr\.?)|(?:（?实习）?|实习生)$")
_SPLIT = re.compile(r"[/|｜、,，;；+＋·\-—_\s]+")
_NGRAM = (2, 3)
_VOTERS = 10  # nearest documents voting (similarity²); 10 beat 1, 3 and 5 on held-out labelled titles


def clean_title(title: str) -> str:
    """The occupation part of a posting title (`产品经理-PM(J10458)` → `产品经理-pm`)."""
    t = unicodedata.normalize("NFKC", title or "").lower()
    t = _BRACKETS.sub(" ", t)
    t = _NOISE.sub(" ", t)
    t = strip_places(t)
    t = " ".join(t.split()).strip(" -/|·_")
    return _SENIORITY.sub("", t).strip()


def _key(text: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text).lower())


def _ngrams(text: str) -> Counter[str]:
    padded = f"^{_key(text)}$"
    grams: Counter[str] = Counter()
    for n in _NGRAM:
        grams.update(padded[i : i + n] for i in range(len(padded) - n + 1))
    return grams


@dataclass
class _Index:
    """CSCO leaves plus labelled titles: exact lookup and a TF-IDF n-gram matrix in posting lists."""

    names: dict[str, str]  # code → name (leaves only)
    exact: dict[str, str]  # normalized string → code
    doc_codes: np.ndarray
    postings: dict[str, tuple[np.ndarray, np.ndarray]]  # n-gram → (doc ids, weights)
    idf: dict[str, float]


def _data_rows(name: str) -> list[dict[str, str]]:
    path = importlib.resources.files("talentseek.text") / "data" / name
    with path.open(encoding="utf-8") as f:
        return list(csv.DictReader(f, delimiter="\t"))


def _documents() -> tuple[dict[str, str], dict[str, str], list[tuple[str, str]]]:
    """(leaf names, exact table, (text, code) documents) from the packaged tables."""
    names = {r["code"]: r["name"] for r in _data_rows("csco22.tsv") if r["level"] == "4"}
    docs: list[tuple[str, str]] = []
    exact: dict[str, str] = {}
    for r in _data_rows("csco22.tsv"):
        if r["code"] in names:
            for text in [r["name"], *[a for a in r["aliases"].split("|") if a]]:
                docs.append((text, r["code"]))
                exact.setdefault(_key(text), r["code"])
    for r in _data_rows("csco_titles.tsv"):
        cleaned = clean_title(r["title"])
        if r["code"] in names and cleaned:
            docs.append((cleaned, r["code"]))
            exact.setdefault(_key(cleaned), r["code"])
    for title, code in title_table().items():
        if code in names:
            docs.append((title, code))
            exact[_key(title)] = code  # the curated table wins
    return names, exact, docs


@lru_cache(maxsize=1)
def _index() -> _Index:
    names, exact, docs = _documents()
    grams = [_ngrams(text) for text, _ in docs]
    df: Counter[str] = Counter(g for doc in grams for g in doc)
    idf = {g: math.log(len(docs) / n) + 1.0 for g, n in df.items()}
    lists: dict[str, tuple[list[int], list[float]]] = {}
    for doc_id, doc in enumerate(grams):
        weights = {g: (1 + math.log(c)) * idf[g] for g, c in doc.items()}
        norm = math.sqrt(sum(w * w for w in weights.values())) or 1.0
        for g, w in weights.items():
            ids, ws = lists.setdefault(g, ([], []))
            ids.append(doc_id)
            ws.append(w / norm)
    postings = {g: (np.array(i, dtype=np.int32), np.array(w)) for g, (i, w) in lists.items()}
    return _Index(names, exact, np.array([c for _, c in docs]), postings, idf)


def _similar(text: str) -> tuple[str, float] | None:
    """(code, best cosine): the code the 10 most similar documents vote for, if any shares an n-gram."""
    idx = _index()
    query = {g: (1 + math.log(c)) * idx.idf[g] for g, c in _ngrams(text).items() if g in idx.idf}
    if not query:
        return None
    norm = math.sqrt(sum(w * w for w in query.values()))
    ids = np.concatenate([idx.postings[g][0] for g in query])
    weights = np.concatenate([idx.postings[g][1] * (w / norm) for g, w in query.items()])
    scores = np.bincount(ids, weights=weights, minlength=len(idx.doc_codes))
    k = min(_VOTERS, len(scores) - 1)
    top = np.argpartition(-scores, k)[:k] if k > 0 else np.array([0])
    votes: dict[str, float] = {}
    for doc in top:
        code = str(idx.doc_codes[doc])
        votes[code] = votes.get(code, 0.0) + float(scores[doc]) ** 2
    best = max(votes, key=lambda c: votes[c])
    return best, float(scores[top].max())


def _exact(text: str) -> str | None:
    return _index().exact.get(_key(text)) if text else None


@lru_cache(maxsize=65536)
def classify_title(title: str) -> Occupation | None:
    """The CSCO 2022 leaf occupation of a job title, or None when nothing is similar enough."""
    if not title or not title.strip():
        return None
    idx = _index()
    cleaned = clean_title(title) or _key(title)
    parts = [p for p in _SPLIT.split(cleaned) if len(p) > 1]
    code = _exact(_key(title)) or _exact(cleaned) or next((c for p in parts if (c := _exact(p))), None)
    if code is None:
        candidates = [f for text in dict.fromkeys([cleaned, *parts]) if (f := _similar(text))]
        best = max(candidates, key=lambda f: f[1], default=None)
        if best is not None and best[1] >= CLOSE_SIMILARITY:
            code = best[0]
        else:
            code = _curated_suffix([cleaned, *parts])
        if code is None and best is not None and best[1] >= MIN_SIMILARITY:
            code = best[0]
    return None if code is None else Occupation(code=code, name=idx.names[code])


@lru_cache(maxsize=1)
def _curated_by_length() -> tuple[tuple[str, str], ...]:
    return tuple(sorted(((_key(t), c) for t, c in title_table().items()), key=lambda tc: -len(tc[0])))


def _curated_suffix(texts: list[str]) -> str | None:
    """A Chinese title's head noun comes last: 抖音短视频编导 is a 短视频编导, 成本会计 a 会计."""
    for title, code in _curated_by_length():
        if len(title) >= 2 and any(_key(t).endswith(title) for t in texts):
            return code
    return None


def occupation_name(code: str) -> str | None:
    """The CSCO 2022 name of a leaf code, or None."""
    return _index().names.get(code)
