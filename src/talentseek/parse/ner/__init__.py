"""Resume entity tagger: a character CRF trained on ResumeNER (NAME, ORG, EDU, TITLE, PRO, LOC, CONT, RACE).

Public: `load_tagger()`, `Tagger.tag(text)`, `Entity`, `read_bmes(path)`, `evaluate_bmes(path)`.
"""

from __future__ import annotations

import functools
import re
import threading
from pathlib import Path

from talentseek.errors import InputError, MissingDependency
from talentseek.parse.ner.bmes import Entity, read_bmes, score, spans
from talentseek.parse.ner.features import Gazetteer, sentence_features

__all__ = ["Entity", "Tagger", "evaluate_bmes", "load_tagger", "read_bmes"]

HERE = Path(__file__).resolve().parent
MODEL = HERE / "resume_ner.crfsuite"
GAZETTEER = HERE / "gazetteer.tsv"
_CHUNK = 200
_BREAK = re.compile(r"[\n\r。；;！!？?]")


def _load_gazetteer(path: Path) -> Gazetteer:
    entries: dict[str, set[str]] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        word, _, types = line.partition("\t")
        if word and types:
            entries[word] = set(types.split(","))
    return Gazetteer(entries)


def _chunks(text: str) -> list[tuple[int, int]]:
    """(start, end) pieces cut after sentence ends and at most `_CHUNK` chars, as the CRF was trained."""
    pieces, start = [], 0
    for m in _BREAK.finditer(text):
        pieces.append((start, m.end()))
        start = m.end()
    pieces.append((start, len(text)))
    out = []
    for a, b in pieces:
        for s in range(a, b, _CHUNK):
            if text[s : min(b, s + _CHUNK)].strip():
                out.append((s, min(b, s + _CHUNK)))
    return out


class Tagger:
    """A loaded CRF model plus its gazetteer; safe to share between threads."""

    def __init__(self, model: Path = MODEL, gazetteer: Path = GAZETTEER) -> None:
        try:
            import pycrfsuite
        except ImportError as exc:  # pragma: no cover - core dependency
            raise MissingDependency("简历实体识别", "pip install python-crfsuite") from exc
        if not model.is_file() or not gazetteer.is_file():
            raise InputError(
                "找不到实体识别模型，请运行 python -m talentseek.parse.ner.train 重新训练", file=str(model)
            )
        self._crf = pycrfsuite.Tagger()
        self._lock = threading.Lock()  # one crfsuite tagger is not safe to call from two threads at once
        self._crf.open(str(model))
        self.gazetteer = _load_gazetteer(gazetteer)

    def tag_chars(self, chars: list[str]) -> list[str]:
        """BMES tags for one sentence given as a list of characters."""
        if not chars:
            return []
        features = sentence_features(chars, self.gazetteer)
        with self._lock:
            return list(self._crf.tag(features))

    def tag(self, text: str) -> list[Entity]:
        """Entities in `text`, with offsets into `text`."""
        found = []
        for a, b in _chunks(text):
            tags = self.tag_chars(list(text[a:b]))
            for start, end, kind in spans(tags):
                found.append(Entity(kind, text[a + start : a + end], a + start, a + end))
        return found


@functools.lru_cache(maxsize=1)
def load_tagger() -> Tagger:
    """The shipped tagger, loaded once per process."""
    return Tagger()


def evaluate_bmes(path: Path) -> dict[str, float | int]:
    """Entity-level (exact span and type) F1/precision/recall of the shipped tagger on a BMES file."""
    sentences = read_bmes(Path(path))
    if not sentences:
        raise InputError("BMES 文件里没有句子", file=str(path))
    tagger = load_tagger()
    return score([t for _, t in sentences], [tagger.tag_chars(c) for c, _ in sentences])
