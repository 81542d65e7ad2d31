"""Search tokens: rjieba segmentation with the skill dictionary and frequent titles kept whole.

`tokenize` gives the surface tokens of a text (lower-case ASCII, half-width, stopwords and punctuation
dropped; `Spring Cloud` → `springcloud`, `新媒体运营`, `大模型`, `C++` stay one token).
`tokenize_for_index` adds, for documents, the parts of long dictionary words and each skill's canonical
token, so `大模型` in a posting is also found by the query `LLM` and `新媒体运营` by `新媒体`.
"""

from __future__ import annotations

import importlib.resources
import re
import unicodedata
from functools import lru_cache
from typing import Any

import ahocorasick_rs
import rjieba
import yaml

from talentseek.text.skills import dictionary, extract_skills, fold_text

STOPWORDS = frozenset(
    "的 了 和 与 及 或 等 在 是 有 为 对 将 把 被 由 从 向 以 于 并 且 而 但 也 都 就 又 还 很 更 最 "
    "我 我们 你 你们 他 她 它 他们 您 其 之 这 那 这些 那些 各 每 该 此 所 能 会 可 可以 要 需 需要 "
    "一 一个 一些 一定 个 们 着 过 吗 呢 吧 啊 如 如果 则 即 及其 以及 或者 并且 以上 以下 相关 进行 "
    "a an the of to and or in on for with at by from is are be as".split()
)
_PUNCT_ONLY = re.compile(r"^[\W_]+$")
_ASCII_RUN = re.compile(r"[a-z0-9][a-z0-9+#.]*")
_USER_WORD_FREQ = 20_000  # above any sub-word's count in jieba's dictionary: 新媒体运营 stays whole
_WS = re.compile(r"\s+")


def normalize_text(text: str) -> str:
    """NFKC (full-width → half-width) and single spaces, trimmed."""
    return _WS.sub(" ", unicodedata.normalize("NFKC", text or "")).strip()


def title_terms() -> list[str]:
    """The curated frequent job titles (data/titles.yaml), which the tokenizer keeps whole."""
    return list(title_table())


@lru_cache(maxsize=1)
def title_table() -> dict[str, str]:
    """Curated frequent job title → CSCO 2022 code (data/titles.yaml)."""
    path = importlib.resources.files("talentseek.text") / "data" / "titles.yaml"
    with path.open(encoding="utf-8") as f:
        data: dict[str, Any] = yaml.load(f, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))  # noqa: S506
    return {str(k): str(v) for k, v in data.items()}


@lru_cache(maxsize=1)
def _segmenter() -> rjieba.Jieba:
    """A private rjieba instance (the module-level one stays untouched) with our words added."""
    seg = rjieba.Jieba()
    words = {w.replace(" ", "") for w in dictionary_words()} | {fold_text(t) for t in title_table()}
    for word in sorted(words):
        if len(word) > 1:
            # a frequency above the sub-words' makes jieba keep the whole word (新媒体运营, not 新/媒体/运营)
            seg.add_word(word, _USER_WORD_FREQ, None)
    return seg


def dictionary_words() -> list[str]:
    """Every skill spelling (normalized) with a canonical skill behind it."""
    d = dictionary()
    return [w for w, c in d.spellings.items() if c is not None]


@lru_cache(maxsize=1)
def _multiword() -> ahocorasick_rs.AhoCorasick:
    """Spellings with inner spaces (spring cloud, power bi): joined before segmentation."""
    words = [w for w in dictionary_words() if " " in w]
    return ahocorasick_rs.AhoCorasick(words, matchkind=ahocorasick_rs.MatchKind.LeftmostLongest)


def _join_multiword(text: str) -> str:
    out, last = [], 0
    for _, start, end in _multiword().find_matches_as_indexes(text):
        before = text[start - 1] if start else " "
        after = text[end] if end < len(text) else " "
        if not (before.isascii() and before.isalnum()) and not (after.isascii() and after.isalnum()):
            out.append(text[last:start])
            out.append(text[start:end].replace(" ", ""))
            last = end
    if not out:
        return text
    out.append(text[last:])
    return "".join(out)


def _prepare(text: str) -> str:
    folded = fold_text(text)
    return _join_multiword(folded) if " " in folded else folded


_KEEP: dict[str, bool] = {}


def _keep(token: str) -> bool:
    """Not whitespace, punctuation or a stopword (memoized: tokens repeat a lot)."""
    keep = _KEEP.get(token)
    if keep is None:
        keep = not token.isspace() and token not in STOPWORDS and not _PUNCT_ONLY.match(token)
        if len(_KEEP) < 500_000:
            _KEEP[token] = keep
    return keep


def tokenize(text: str) -> list[str]:
    """Surface search tokens of `text`, in order (duplicates kept, for term frequency)."""
    if not text:
        return []
    known = _KEEP.get
    return [t for t in _segmenter().cut(_prepare(text)) if (k := known(t)) or (k is None and _keep(t))]


def tokenize_for_index(text: str) -> list[str]:
    """Document tokens: search-mode parts of long words plus each skill's canonical token."""
    if not text:
        return []
    seg = _segmenter()
    tokens: list[str] = []
    for token in seg.cut(_prepare(text)):
        if not _keep(token):
            continue
        tokens.append(token)
        if len(token) > 2 and not token.isascii():
            tokens.extend(_parts(token))
    tokens.extend(canonical_token(s) for s in extract_skills(text))
    return tokens


@lru_cache(maxsize=65536)
def _parts(word: str) -> tuple[str, ...]:
    """Sub-words of a long word, for recall: CJK search-mode parts and ASCII runs (java开发工程师 → java)."""
    parts = [p for p in _segmenter().cut_for_search(word) if p != word and not any(c.isascii() for c in p)]
    parts.extend(m.group(0) for m in _ASCII_RUN.finditer(word) if m.group(0) != word)
    return tuple(p for p in dict.fromkeys(parts) if _keep(p))


def canonical_token(skill: str) -> str:
    """The single token a canonical skill name indexes as (`Spring Cloud` → `springcloud`)."""
    return fold_text(skill).replace(" ", "")


def query_tokens(text: str) -> list[str]:
    """Query tokens: surface tokens plus canonical skill tokens, so `LLM` finds `大模型` postings."""
    tokens = tokenize(text)
    for skill in extract_skills(text):
        token = canonical_token(skill)
        if token not in tokens:
            tokens.append(token)
    return tokens
