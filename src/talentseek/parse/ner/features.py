"""Character features for the resume CRF: n-grams, char types, word segmentation and lexicons.

Lexicon features follow Simple-Lexicon (Ma et al., ACL 2020, "Simplify the Usage of Lexicon in
Chinese NER"): for each character, which lexicon words Begin / are in the Middle of / End at it.
Two lexicons: jieba's general dictionary (through rjieba) and a typed gazetteer of entity strings
seen in the training data (built cross-fold for training so the CRF does not over-trust it).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping, Sequence

import rjieba

PAD = "␀"
_DICT_LENGTHS = range(2, 7)


def char_type(ch: str) -> str:
    """One letter per character class: D digit, Z Chinese numeral, L latin, C CJK, P punctuation, O other."""
    if ch.isdigit():
        return "D"
    if ch in "零〇一二三四五六七八九十百千万亿":
        return "Z"
    if ch.isascii() and ch.isalpha():
        return "L"
    if "\u4e00" <= ch <= "\u9fff":
        return "C"
    if ch.isspace():
        return "S"
    return "P" if unicodedata.category(ch).startswith("P") else "O"


class Gazetteer:
    """Typed entity strings with a prefix set, so matching stops as soon as no entry can continue."""

    def __init__(self, entries: Mapping[str, set[str]]) -> None:
        self.types: dict[str, frozenset[str]] = {w: frozenset(t) for w, t in entries.items() if len(w) >= 2}
        self.prefixes = {w[:k] for w in self.types for k in range(1, len(w) + 1)}

    def matches(self, text: str) -> list[tuple[int, int, frozenset[str]]]:
        """All (start, end, types) of gazetteer entries occurring in `text`."""
        found = []
        for i in range(len(text)):
            j = i + 1
            while j <= len(text) and text[i:j] in self.prefixes:
                types = self.types.get(text[i:j])
                if types:
                    found.append((i, j, types))
                j += 1
        return found


def _segment_tags(text: str) -> tuple[list[str], list[str]]:
    """Per char: its B/M/E/S position in rjieba's word and that word (kept only when short)."""
    pos = ["S"] * len(text)
    words = [""] * len(text)
    for word, start, end in rjieba.tokenize(text):
        for k in range(start, end):
            pos[k] = "S" if end - start == 1 else ("B" if k == start else "E" if k == end - 1 else "M")
            words[k] = word if end - start <= 4 else ""
    return pos, words


def _lexicon_flags(text: str, gazetteer: Gazetteer | None) -> list[set[str]]:
    """Simple-Lexicon B/M/E flags per char from jieba's dictionary and the typed gazetteer."""
    flags: list[set[str]] = [set() for _ in text]
    n = len(text)
    for i in range(n):
        for length in _DICT_LENGTHS:
            if i + length > n:
                break
            if rjieba.has_word(text[i : i + length]):
                flags[i].add(f"lB{length}")
                flags[i + length - 1].add(f"lE{length}")
                for k in range(i + 1, i + length - 1):
                    flags[k].add("lM")
    if gazetteer is not None:
        for start, end, types in gazetteer.matches(text):
            for t in types:
                flags[start].add(f"gB-{t}")
                flags[end - 1].add(f"gE-{t}")
                for k in range(start + 1, end - 1):
                    flags[k].add(f"gM-{t}")
    return flags


def sentence_features(chars: Sequence[str], gazetteer: Gazetteer | None) -> list[list[str]]:
    """CRF feature strings for every character of one sentence."""
    text = "".join(chars)
    n = len(chars)
    c = [PAD, PAD, *chars, PAD, PAD]
    t = [PAD, PAD, *(char_type(ch) for ch in chars), PAD, PAD]
    seg_pos, seg_word = _segment_tags(text) if len(text) == n else (["S"] * n, [""] * n)
    lex = _lexicon_flags(text, gazetteer) if len(text) == n else [set() for _ in chars]
    out = []
    for i in range(n):
        k = i + 2
        f = [
            "b",
            f"u-2={c[k - 2]}",
            f"u-1={c[k - 1]}",
            f"u0={c[k]}",
            f"u1={c[k + 1]}",
            f"u2={c[k + 2]}",
            f"b-2={c[k - 2]}{c[k - 1]}",
            f"b-1={c[k - 1]}{c[k]}",
            f"b0={c[k]}{c[k + 1]}",
            f"b1={c[k + 1]}{c[k + 2]}",
            f"t-1={c[k - 2]}{c[k - 1]}{c[k]}",
            f"t0={c[k - 1]}{c[k]}{c[k + 1]}",
            f"t1={c[k]}{c[k + 1]}{c[k + 2]}",
            f"ty={t[k - 1]}{t[k]}{t[k + 1]}",
            f"ty0={t[k]}",
            f"ty2={t[k - 2]}{t[k - 1]}{t[k]}{t[k + 1]}{t[k + 2]}",
            f"sg={seg_pos[i]}",
            f"sgu={seg_pos[i]}{c[k]}",
        ]
        if seg_word[i]:
            f.append(f"sgw={seg_word[i]}")
        f.extend(sorted(lex[i]))
        if i == 0:
            f.append("BOS")
        if i == n - 1:
            f.append("EOS")
        out.append(f)
    return out
