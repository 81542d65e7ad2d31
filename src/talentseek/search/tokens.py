"""Index and query terms: talentseek.text.tokenize's tokens as tantivy and Milvus store them.

A term is a lower-cased token with spaces as `_`, at most MAX_TOKEN_CHARS long; punctuation-only
tokens are dropped. Long Chinese words are also indexed by their sub-words (search mode).
"""

from __future__ import annotations

import re
from functools import lru_cache

import rjieba

from talentseek.text.tokenize import tokenize

_WORD = re.compile(r"\w", re.UNICODE)
MAX_TOKEN_CHARS = 40  # tantivy terms must stay small; longer "words" are junk (URLs, base64)

_NORMAL: dict[str, str] = {}  # raw token → search token ("" = dropped); tokens repeat a lot (Zipf)


def _normal(token: str) -> str:
    out = _NORMAL.get(token)
    if out is None:
        t = token.strip().lower()
        out = t.replace(" ", "_") if t and _WORD.search(t) and len(t) <= MAX_TOKEN_CHARS else ""
        if len(_NORMAL) < 500_000:
            _NORMAL[token] = out
    return out


def tokens(text: str) -> list[str]:
    """Lower-cased word tokens (punctuation and spaces dropped), via talentseek.text.tokenize."""
    known = _NORMAL.get
    out = []
    for raw in tokenize(text or ""):
        t = known(raw)
        if t is None:
            t = _normal(raw)
        if t:
            out.append(t)
    return out


def _may_split(token: str) -> bool:
    """Only Chinese tokens of three characters or more have shorter words inside."""
    return len(token) > 2 and not token.isascii()


@lru_cache(maxsize=65536)
def sub_tokens(token: str) -> tuple[str, ...]:
    """Shorter words inside a long token (jieba's search mode): 短视频剪辑 → 视频, 剪辑, 视频剪辑, 短视频.

    Indexed beside the whole token so that a query for 剪辑 finds 短视频剪辑师 while 新媒体运营 stays one
    term for exact matches.
    """
    if not _may_split(token):
        return ()
    return tuple(dict.fromkeys(t for t in rjieba.cut_for_search(token) if len(t) >= 2 and t != token))


def index_tokens(text: str) -> list[str]:
    """Tokens for the index: each word plus its sub-words."""
    out = []
    for t in tokens(text):
        out.append(t)
        if _may_split(t):  # tested before the cached call: most tokens are short
            out.extend(sub_tokens(t))
    return out
