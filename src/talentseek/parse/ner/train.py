"""Train the resume entity CRF on ResumeNER: `python -m talentseek.parse.ner.train`.

Reproduces the shipped `resume_ner.crfsuite` and `gazetteer.tsv` (defaults are the hyperparameters
picked on dev; `--grid` re-runs that search). Needs the ResumeNER train/dev files (not shipped).
"""

from __future__ import annotations

import argparse
import time
from collections import defaultdict
from pathlib import Path

import pycrfsuite

from talentseek.parse.ner.bmes import Sentence, read_bmes, score, spans
from talentseek.parse.ner.features import Gazetteer, sentence_features

HERE = Path(__file__).resolve().parent
DATA = HERE.parents[4] / "shared" / "data" / "real" / "resumener"
FOLDS = 5
GRID = [(0.05, 0.01), (0.02, 0.005), (0.1, 0.01), (0.01, 0.001)]


def gazetteer_entries(sentences: list[Sentence]) -> dict[str, set[str]]:
    """Entity string → the types it was annotated with."""
    entries: dict[str, set[str]] = defaultdict(set)
    for chars, tags in sentences:
        for start, end, kind in spans(tags):
            entries["".join(chars[start:end])].add(kind)
    return entries


def write_gazetteer(entries: dict[str, set[str]], path: Path) -> None:
    """One `string<TAB>TYPE,TYPE` per line, sorted so the file is reproducible."""
    lines = [
        f"{w}\t{','.join(sorted(t))}" for w, t in sorted(entries.items()) if len(w) >= 2 and "\t" not in w
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def training_features(sentences: list[Sentence]) -> list[list[list[str]]]:
    """Features with cross-fold gazetteers: a sentence never sees its own entities in the lexicon."""
    fold_gaz = []
    for k in range(FOLDS):
        others = [s for i, s in enumerate(sentences) if i % FOLDS != k]
        fold_gaz.append(Gazetteer(gazetteer_entries(others)))
    return [sentence_features(chars, fold_gaz[i % FOLDS]) for i, (chars, _) in enumerate(sentences)]


def train(
    xs: list[list[list[str]]], ys: list[list[str]], model: Path, c1: float, c2: float, iters: int
) -> None:
    """L-BFGS CRF with L1+L2; L1 (c1) also prunes features so the model stays small."""
    trainer = pycrfsuite.Trainer(verbose=False)
    for x, y in zip(xs, ys, strict=True):
        trainer.append(x, y)
    trainer.set_params(
        {
            "c1": c1,
            "c2": c2,
            "max_iterations": iters,
            "feature.possible_transitions": True,
            "feature.minfreq": 1,
        }
    )
    trainer.train(str(model))


def evaluate(model: Path, xs: list[list[list[str]]], ys: list[list[str]]) -> dict[str, float | int]:
    """Entity-level scores of a trained model on featurised sentences."""
    tagger = pycrfsuite.Tagger()
    tagger.open(str(model))
    return score(ys, [tagger.tag(x) for x in xs])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--data", type=Path, default=DATA)
    ap.add_argument("--out", type=Path, default=HERE)
    ap.add_argument("--c1", type=float, default=0.02)
    ap.add_argument("--c2", type=float, default=0.005)
    ap.add_argument("--iters", type=int, default=300)
    ap.add_argument("--grid", action="store_true", help="try the hyperparameter grid on dev first")
    args = ap.parse_args()
    train_s, dev_s = read_bmes(args.data / "train.char.bmes"), read_bmes(args.data / "dev.char.bmes")
    entries = gazetteer_entries(train_s)
    write_gazetteer(entries, args.out / "gazetteer.tsv")
    t0 = time.time()
    xs, ys = training_features(train_s), [t for _, t in train_s]
    full = Gazetteer(entries)
    dev_x, dev_y = [sentence_features(c, full) for c, _ in dev_s], [t for _, t in dev_s]
    print(f"features: {time.time() - t0:.1f}s")
    best = (args.c1, args.c2)
    if args.grid:
        results = {}
        for c1, c2 in GRID:
            tmp = args.out / "grid.crfsuite"
            train(xs, ys, tmp, c1, c2, args.iters)
            results[(c1, c2)] = evaluate(tmp, dev_x, dev_y)["f1"]
            print(f"c1={c1} c2={c2} dev f1={results[(c1, c2)]:.4f}", flush=True)
            tmp.unlink()
        best = max(results, key=lambda k: results[k])
    model = args.out / "resume_ner.crfsuite"
    t0 = time.time()
    train(xs, ys, model, best[0], best[1], args.iters)
    print(
        f"trained c1={best[0]} c2={best[1]} in {time.time() - t0:.0f}s; dev: {evaluate(model, dev_x, dev_y)}"
    )
    print(f"model: {model} ({model.stat().st_size / 1e6:.1f} MB)")


if __name__ == "__main__":
    main()
