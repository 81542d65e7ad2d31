"""LLM serving benchmark: TalentSeek's llama.cpp path vs raw llama-cpp-python, prefix reuse, queueing.

Model: a GGUF with DeepSeek-R1-Distill-Qwen-1.5B's exact shapes at Q4_K_M (random weights; written with
the `gguf` package as raw Q4_K/Q6_K blocks because gguf.quants cannot quantize to K-quants), cached under
/tmp/talentseek-bench (never in the repo).

    python benchmarks/llm_bench.py [--quick] [--threads 2] [--model PATH]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from llm_helpers import QWEN_1_5B, write_gguf  # noqa: E402
from talentseek.errors import Busy  # noqa: E402
from talentseek.llm.check import memory_bandwidth  # noqa: E402
from talentseek.llm.llamacpp import LlamaCppLLM  # noqa: E402
from talentseek.llm.queue import QueuedLLM  # noqa: E402

SYSTEM = (
    "你是“深度求才”的招聘助手。只根据工具返回的结果回答；提到职位时用方括号引用编号，例如 [J12]；"
    "不得透露手机号、邮箱等联系方式。回答用简洁的中文。"
)


def model_path(args: argparse.Namespace) -> Path:
    if args.model:
        return Path(args.model)
    path = Path("/tmp/talentseek-bench/r1-distill-qwen-1.5b-shape-q4_k_m.gguf")
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        t = time.perf_counter()
        write_gguf(path.with_suffix(".tmp"), QWEN_1_5B, quant="q4_k_m")
        path.with_suffix(".tmp").rename(path)
        print(
            f"wrote {path} ({path.stat().st_size / 1e9:.2f} GB) in {time.perf_counter() - t:.0f} s",
            file=sys.stderr,
        )
    return path


def prompt_msgs(n_words: int) -> list[dict[str, str]]:
    return [
        {"role": "system", "content": SYSTEM},
        {"role": "user", "content": "济南 Java 工程师 经验 薪资 " * n_words},
    ]


def timed(ts: LlamaCppLLM, it: Iterator[Any], n_prompt: int) -> tuple[float, float, int]:
    """(prefill s, decode s, tokens decoded) of one streamed run from a clean cache.

    Prefill = time to the first streamed piece; decode = the rest; tokens decoded = the positions the
    model evaluated after the prompt (read from llama.n_tokens, so unprintable tokens count too).
    """
    t0 = time.perf_counter()
    next(it)
    t1 = time.perf_counter()
    for _ in it:
        pass
    t2 = time.perf_counter()
    return t1 - t0, t2 - t1, ts.llama.n_tokens - n_prompt


def raw_run(ts: LlamaCppLLM, tokens: list[int], max_tokens: int) -> tuple[float, float, int]:
    """Straight through llama-cpp-python (same Llama object, same prompt tokens)."""
    ts.clear_cache()
    it = ts.llama.create_completion(prompt=tokens, max_tokens=max_tokens, temperature=0.0, stream=True)
    return timed(ts, iter(it), len(tokens))


def ts_run(
    q: QueuedLLM, ts: LlamaCppLLM, msgs: list[dict[str, str]], n_prompt: int, max_tokens: int
) -> tuple[float, float, int]:
    """The same through TalentSeek: chat template, queue slot, think splitting, chunking."""
    ts.clear_cache()
    return timed(ts, q.stream(msgs, max_tokens=max_tokens, temperature=0.0), n_prompt)  # type: ignore[arg-type]


def speed(ts: LlamaCppLLM, q: QueuedLLM, words: int, decode: int, reps: int) -> dict[str, float]:
    msgs = prompt_msgs(words)
    tokens, _ = ts.tokens_for(msgs)  # type: ignore[arg-type]
    raw_run(ts, tokens, 2)  # warm-up: first-touch page faults of the mmap'd weights
    raw, mine = [], []
    for _ in range(reps):  # interleaved so background load hits both alike
        raw.append(raw_run(ts, tokens, decode))
        mine.append(ts_run(q, ts, msgs, len(tokens), decode))

    def best(runs: list[tuple[float, float, int]]) -> tuple[float, float]:
        return (len(tokens) / min(r[0] for r in runs), max(r[2] / r[1] for r in runs))

    (rp, rd), (tp, td) = best(raw), best(mine)
    return {"n_prompt": len(tokens), "raw_prefill": rp, "ts_prefill": tp, "raw_decode": rd, "ts_decode": td}


def ttft_second_turn(ts: LlamaCppLLM, q: QueuedLLM, reps: int) -> tuple[float, float, int]:
    """Time to first token of turn 2: with the KV prefix kept vs recomputed from scratch."""
    turn1 = [{"role": "system", "content": SYSTEM}, {"role": "user", "content": "济南 Java 1万以上"}]
    with_reuse, without = [], []
    cached = 0
    for i in range(reps):
        ts.clear_cache()
        a = q.generate(turn1, max_tokens=8)  # type: ignore[arg-type]
        turn2 = [
            *turn1,
            {"role": "assistant", "content": a.text or "好的"},
            {"role": "user", "content": f"只看青岛的{i}"},
        ]
        t = time.perf_counter()
        out = q.generate(turn2, max_tokens=1)  # type: ignore[arg-type]
        with_reuse.append(time.perf_counter() - t)
        cached = out.usage.cached_tokens
        ts.clear_cache()  # the same turn with the KV cache dropped: everything is recomputed
        t = time.perf_counter()
        q.generate(turn2, max_tokens=1)  # type: ignore[arg-type]
        without.append(time.perf_counter() - t)
    return statistics.median(with_reuse), statistics.median(without), cached


def concurrent(ts: LlamaCppLLM, n: int, max_waiting: int, max_tokens: int) -> dict[str, Any]:
    q = QueuedLLM(ts, concurrency=1, max_waiting=max_waiting, timeout_s=600)
    waits: list[float] = []
    rejected = [0]
    lock = threading.Lock()

    def chat(i: int) -> None:
        t = time.perf_counter()
        try:
            it = q.stream(
                [
                    {"role": "system", "content": SYSTEM},  # type: ignore[list-item]
                    {"role": "user", "content": f"第{i}位用户：青岛 Java"},
                ],
                max_tokens=max_tokens,
            )
            next(it)
            with lock:
                waits.append(time.perf_counter() - t)
            for _ in it:
                pass
        except Busy:
            with lock:
                rejected[0] += 1

    threads = [threading.Thread(target=chat, args=(i,)) for i in range(n)]
    t0 = time.perf_counter()
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    return {
        "served": len(waits),
        "rejected": rejected[0],
        "ttft_p50": statistics.median(waits) if waits else 0,
        "ttft_max": max(waits, default=0),
        "wall": time.perf_counter() - t0,
    }


# query → (city, salary floor yuan/month, min years): hand-labelled, as a seeker would type them
QUERIES = [
    ("济南 3年 Java 1万以上 双休", "济南市", 10000, 3),
    ("青岛的Python开发，月薪过万", "青岛市", 10000, None),
    ("想在青岛做后端，最好一万二起，三年经验", "青岛市", 12000, 3),
    ("武汉 会计 5k以上 应届", "武汉市", 5000, 0),
    ("上海 产品经理 2万 5年以上", "上海市", 20000, 5),
    ("深圳前端 15-25k", "深圳市", 15000, None),
    ("杭州 电商运营 8千+", "杭州市", 8000, None),
    ("成都 护士 两年经验", "成都市", None, 2),
    ("北京 算法工程师 年薪50万", "北京市", 41666, None),
    ("找个济南的司机工作 六千左右", "济南市", 6000, None),
]


def _fields(q: Any) -> tuple[Any, Any, Any]:
    city = next((c.value for c in q.constraints if c.field == "city"), None)
    sal = next((c.value for c in q.constraints if c.field == "salary"), None)
    exp = next((c.value for c in q.constraints if c.field == "experience"), None)
    years = exp.get("min_years") if isinstance(exp, dict) else None
    return city, (sal[0] if sal else None), years


def _score(got: tuple[Any, Any, Any], gold: tuple[Any, Any, Any]) -> int:
    city_ok = (got[0] or "").rstrip("市") == (gold[0] or "").rstrip("市")
    sal_ok = (got[1] is None and gold[1] is None) or (
        got[1] and gold[1] and abs(got[1] - gold[1]) <= gold[1] * 0.05
    )
    return int(city_ok) + int(bool(sal_ok)) + int(got[2] == gold[2])


def structured(ts: LlamaCppLLM) -> None:
    """Query understanding: rule parser vs LLM parser (rules first, model fills grounded gaps)."""
    from talentseek.llm.structured import LLMQueryParser
    from talentseek.search.query import parse_query

    llm_parser = LLMQueryParser(QueuedLLM(ts))
    rule_pts = llm_pts = llm_used = 0
    t_rule = t_llm = 0.0
    for text, *gold in QUERIES:
        t = time.perf_counter()
        rule_pts += _score(_fields(parse_query(text, "jobs")), tuple(gold))  # type: ignore[arg-type]
        t_rule += time.perf_counter() - t
        t = time.perf_counter()
        llm_pts += _score(_fields(llm_parser.parse(text, "jobs")), tuple(gold))  # type: ignore[arg-type]
        t_llm += time.perf_counter() - t
        llm_used += llm_parser.last is not None and llm_parser.last.source != "rules"
    n = len(QUERIES) * 3
    print(
        f"\nquery understanding on {len(QUERIES)} hand-labelled queries "
        f"(city, salary floor, years = {n} fields)"
    )
    print(f"{'path':30s} {'fields right':>12s} {'ms/query':>10s}")
    print(f"{'rules (search.query)':30s} {rule_pts:>8d}/{n} {1000 * t_rule / len(QUERIES):10.1f}")
    print(
        f"{'rules + LLM (' + ts.name + ')':30s} {llm_pts:>8d}/{n} {1000 * t_llm / len(QUERIES):10.1f}"
        f"   valid JSON from model: {llm_used}/{len(QUERIES)}"
    )


REAL = Path(__file__).resolve().parents[2] / "shared" / "data" / "real" / "zhilian_wuhan_2024.csv"


def structured_jd(ts: LlamaCppLLM, n: int) -> None:
    """JD education from the description text: rules vs rules+LLM, gold = the site's own 学历 column."""
    import csv

    from talentseek.parse.jd import parse_jd
    from talentseek.parse.llm_fill import llm_extract_jd

    if not REAL.exists():
        print(f"(skipped JD table: {REAL} not found)")
        return
    with REAL.open(encoding="utf-8") as f:
        rows = [r for r in csv.DictReader(f) if r["工作简介"].strip()][:n]
    q = QueuedLLM(ts)
    rule_ok = llm_ok = stated = valid = 0
    for r in rows:
        gold = {"学历不限": "不限"}.get(r["学历"], r["学历"])
        text = f"{r['岗位名称']}\n{r['工作简介']}"
        stated += gold in text
        rule_ok += parse_jd(r["岗位名称"], r["工作简介"]).education == gold
        merged, res = llm_extract_jd(q, text)  # type: ignore[arg-type]
        llm_ok += merged.education == gold
        valid += res.source != "rules"
    print(
        f"\nJD education on {len(rows)} real 智联 postings (gold: the site's 学历 column; "
        f"stated in the text: {stated})"
    )
    print(f"{'rules (parse.jd)':30s} {rule_ok:>4d}/{len(rows)}")
    print(
        f"{'rules + LLM (' + ts.name + ')':30s} {llm_ok:>4d}/{len(rows)}   "
        f"valid JSON from model: {valid}/{len(rows)}"
    )


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--quick", action="store_true")
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--model")
    ap.add_argument("--structured", action="store_true", help="only the rules-vs-LLM query parsing table")
    args = ap.parse_args()
    words, decode, reps = (8, 16, 1) if args.quick else (40, 64, 2)
    path = model_path(args)
    ts = LlamaCppLLM(path, n_threads=args.threads, n_ctx=2048, name=path.stem)
    if args.structured:
        structured(ts)
        structured_jd(ts, 5 if args.quick else 30)
        return
    report(args, path, ts, words, decode, reps)


def report(args: argparse.Namespace, path: Path, ts: LlamaCppLLM, words: int, decode: int, reps: int) -> None:
    """Measure and print row by row (flushed), so a run cut short still leaves its finished rows."""
    bw = memory_bandwidth(512 if not args.quick else 256)
    limit = bw / path.stat().st_size
    out = print
    out(
        f"model {path.name}: {path.stat().st_size / 1e9:.2f} GB, threads {args.threads}, "
        f"decode {decode} tokens, "
        f"best of {reps}",
        flush=True,
    )
    out(f"{'memory bandwidth (numpy copy, read+write)':44s} {bw / 1e9:22.1f} GB/s", flush=True)
    out(f"{'metric':44s} {'raw llama-cpp-python':>22s} {'TalentSeek':>12s} {'ratio':>7s}", flush=True)
    q = QueuedLLM(ts, concurrency=1, max_waiting=4)
    s = speed(ts, q, words, decode, reps)
    for name, r, t in (
        ("prefill tokens/s", s["raw_prefill"], s["ts_prefill"]),
        ("decode tokens/s", s["raw_decode"], s["ts_decode"]),
    ):
        out(f"{name:44s} {r:22.1f} {t:12.1f} {t / r:7.2f}   (prompt {s['n_prompt']} tokens)", flush=True)
    out(
        f"{'decode bound = bandwidth / model bytes':44s} {limit:22.1f} tokens/s; TalentSeek decode = "
        f"{s['ts_decode'] / limit:.2f} of it",
        flush=True,
    )
    reuse, scratch, cached = ttft_second_turn(ts, q, reps)
    out(
        f"{'2nd-turn TTFT s (no reuse → prefix reuse)':44s} {scratch:22.3f} {reuse:12.3f} "
        f"{scratch / reuse:6.1f}x"
        f"  ({cached} prompt tokens from cache)",
        flush=True,
    )
    for label, waiting in (("8 chats, queue 4", 4), ("8 chats, queue 8", 8)):
        c = concurrent(ts, 8, waiting, 8 if args.quick else 16)
        out(
            f"{label:44s} served {c['served']}, 429s {c['rejected']}, TTFT p50 {c['ttft_p50']:.2f} s,"
            f" max {c['ttft_max']:.2f} s, wall {c['wall']:.1f} s",
            flush=True,
        )


if __name__ == "__main__":
    main()
