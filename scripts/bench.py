"""Benchmarks for critique, each reported as a ratio against a floor or peer measured in the same run.

    python scripts/bench.py [--runs 5] [--quick] [--profile]

The machine may be shared and noisy, so every figure is the median of several runs, and floor and
subject are run interleaved (floor, subject, floor, subject, ...) so that both see the same load.
Timed work runs in child processes: either one fresh process per measurement (cold start, build)
or long-lived workers (`--worker ...`) that are told over stdin to run one timed round at a time,
so generator and peers never share a heap or a garbage collector.

Prints a markdown table: figure | measured | target | met?.  `--profile` also prints pyinstrument
hotspots of a cold start and of generating 5000 paragraphs.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable
FLOOR = [PY, "-c", "import numpy, click"]
GENERATE_ONE = [PY, "-m", "generator", "generate", "1", "--seed", "1"]
CN_NUMERALS = "一二三四五六七八九十"


# -- process measurement -----------------------------------------------------------------------


@dataclass
class Proc:
    wall: float  # seconds
    rss: int  # peak resident set, bytes
    stdout: str


def run(cmd: Sequence[str], env: dict[str, str] | None = None, capture: bool = False) -> Proc:
    """Run a whole process; wall time from spawn to reap, peak RSS from its own rusage (wait4)."""
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        start = time.perf_counter()
        p = subprocess.Popen(cmd, cwd=ROOT, env=env, stdin=subprocess.DEVNULL,
                             stdout=out if capture else subprocess.DEVNULL, stderr=err)
        _, status, usage = os.wait4(p.pid, 0)
        wall = time.perf_counter() - start
        p.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        if p.returncode != 0:
            raise SystemExit(f"command failed ({p.returncode}): {' '.join(cmd)}\n{err.read()}")
        return Proc(wall, usage.ru_maxrss * 1024, out.read())


PYCACHE = Path(tempfile.gettempdir()) / "critique-bench-pycache"


def env_with(**extra: str) -> dict[str, str]:
    """The environment of a measured process: the checkout on the path, and bytecode cached (in PYCACHE, so
    the checkout stays clean) as pip caches it for an installed package, even where PYTHONDONTWRITEBYTECODE
    is set."""
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPYCACHEPREFIX"] = str(PYCACHE)
    env.update(extra)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH", "")]))
    return env


class Worker:
    """A long-lived `bench.py --worker KIND ...` child: one timed round per `go` line."""

    def __init__(self, *args: str, env: dict[str, str] | None = None) -> None:
        self.proc = subprocess.Popen([PY, __file__, "--worker", *args], cwd=ROOT, env=env or env_with(),
                                     stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        self.ready = self._read()  # setup report

    def _read(self) -> dict[str, Any]:
        assert self.proc.stdout is not None
        line = self.proc.stdout.readline()
        if not line:
            raise SystemExit(f"worker {self.proc.args} died")
        result: dict[str, Any] = json.loads(line)
        return result

    def round(self) -> dict[str, Any]:
        assert self.proc.stdin is not None
        self.proc.stdin.write("go\n")
        self.proc.stdin.flush()
        return self._read()

    def close(self) -> None:
        assert self.proc.stdin is not None
        self.proc.stdin.close()
        self.proc.wait()


def _keep(into: list[dict[str, Any]], item: dict[str, Any]) -> dict[str, Any]:
    into.append(item)
    return item


def med(values: Sequence[float]) -> float:
    return statistics.median(values)


def interleave(runs: int, *jobs: Callable[[], float]) -> list[list[float]]:
    """Run the jobs round-robin `runs` times; one list of results per job."""
    results: list[list[float]] = [[] for _ in jobs]
    for _ in range(runs):
        for out, job in zip(results, jobs, strict=True):
            out.append(job())
    return results


# -- workers (child processes) -----------------------------------------------------------------


def _serve(setup: dict[str, Any], one_round: Callable[[], dict[str, Any]]) -> None:
    print(json.dumps(setup), flush=True)
    for _line in sys.stdin:
        print(json.dumps(one_round()), flush=True)


def worker_gen(model_path: str, n: int) -> None:
    """Time n paragraphs `api.paragraph(model, i % 6, seed=1, index=i)` per round, all checks on."""
    t0 = time.perf_counter()
    from generator import api, store
    from generator import model as model_format
    from generator.errors import CritiqueError
    from generator.realize import pcg64

    model = store.load() if model_path == "bundled" else model_format.loads(Path(model_path).read_bytes())
    t1 = time.perf_counter()
    sampler = api.sampler_for(model)
    for c in range(len(model.categories)):  # every category's tables, which a run builds when it first needs them
        sampler._home_table(c)
    t2 = time.perf_counter()
    n_cat = len(model.categories)

    def one(i: int) -> int:
        """Characters of paragraph i, or -1 when the sampler gives up (numpy's streams, as batch uses)."""
        try:
            return len(api.paragraph(model, i % n_cat, seed=1, index=i, streams=pcg64.numpy_stream).text)
        except CritiqueError:  # GenerationError, or CorpusError when the sampler gives up
            return -1

    for i in range(min(n, 50)):  # warm up
        one(i)

    def one_round() -> dict[str, Any]:
        chars = failed = 0
        start = time.perf_counter()
        for i in range(n):
            k = one(i)
            chars += max(k, 0)
            failed += k < 0
        return {"n": n, "chars": chars, "failed": failed, "sec": time.perf_counter() - start}

    _serve({"load": t1 - t0, "sampler": t2 - t1, "items": len(model.items)}, one_round)


def markov_lines() -> list[str]:
    """The bundled corpus's sentences (titles and bodies) as space-joined jieba words, one a line."""
    import jieba

    from generator import store
    from generator.check.checks import sentences
    from generator.read.corpus import read_corpus

    jieba.setLogLevel(60)
    tokenizer = jieba.Tokenizer()
    tokenizer.tmp_dir = str(store.cache_dir() / "jieba")
    lines = []
    for category in read_corpus(store.bundled_corpus_dir()).categories:
        for item in category.items:
            for sentence in sentences(item.title + "。" + item.body):
                lines.append(" ".join(w for w in tokenizer.lcut(sentence) if w.strip()))
    return lines


def worker_markov(state_size: int, min_chars: int) -> None:
    """markovify.NewlineText over jieba words; time make_sentence(tries=10) up to min_chars characters."""
    import markovify

    model = markovify.NewlineText("\n".join(markov_lines()), state_size=state_size)

    def one_round() -> dict[str, Any]:
        chars = sentences = calls = 0
        start = time.perf_counter()
        while chars < min_chars and calls < 50 * min_chars:
            s = model.make_sentence(tries=10)
            calls += 1
            if s:
                chars += len(s.replace(" ", ""))
                sentences += 1
        return {"n": sentences, "calls": calls, "chars": chars, "sec": time.perf_counter() - start}

    _serve({"version": getattr(markovify, "__version__", "?")}, one_round)


def worker_build(corpus: str, save: str) -> None:
    """One fresh-process compile: `store.compile_path(corpus)` (read, parse, compile), jieba's setup timed apart."""
    import importlib

    from generator import store
    from generator.read.corpus import read_corpus

    build = importlib.import_module("generator.learn.build")  # `generator.build` the attribute is store.build
    parsed = read_corpus(corpus)
    seg_time = [0.0]
    make = build.make_segmenter

    def timed_make(*args: Any, **kwargs: Any) -> Any:
        t = time.perf_counter()
        try:
            return make(*args, **kwargs)
        finally:
            seg_time[0] += time.perf_counter() - t

    build.make_segmenter = timed_make
    start = time.perf_counter()
    model = store.compile_path(corpus)
    total = time.perf_counter() - start
    if save:
        from generator import model as model_format

        Path(save).write_text(model_format.dumps(model), encoding="utf-8")
    chars = sum(len(t) for _, t in parsed.texts)
    items = sum(len(c.items) for c in parsed.categories)
    print(json.dumps({"incl": total, "excl": total - seg_time[0], "chars": chars, "items": items}))


def worker_jieba(corpus: str, cache: str) -> None:
    """jieba's own POS segmentation over the same titles and bodies, from a fresh process."""
    from generator.read.corpus import read_corpus

    texts = [t for c in read_corpus(corpus).categories for it in c.items for t in (it.title, it.body)]
    start = time.perf_counter()
    import jieba
    import jieba.posseg

    jieba.setLogLevel(60)
    tokenizer = jieba.Tokenizer()
    tokenizer.tmp_dir = cache
    tokenizer.initialize()  # as generator.learn.segment does (POSTokenizer.initialize would load the tags twice)
    pos = jieba.posseg.POSTokenizer(tokenizer)
    ready = time.perf_counter()
    for text in texts:
        pos.lcut(text)
    end = time.perf_counter()
    print(json.dumps({"incl": end - start, "excl": end - ready}))


def worker_profile_gen(n: int, out_html: str) -> None:
    from pyinstrument import Profiler

    from generator import api, store

    model = store.load()
    api.sampler_for(model)
    profiler = Profiler(interval=0.0005)
    profiler.start()
    for i in range(n):
        api.paragraph(model, i % 6, seed=1, index=i)
    profiler.stop()
    print(profiler.output_text(unicode=True, color=False, show_all=False))
    if out_html:
        Path(out_html).write_text(profiler.output_html(), encoding="utf-8")


WORKERS: dict[str, Callable[[list[str]], None]] = {
    "gen": lambda a: worker_gen(a[0], int(a[1])),
    "markov": lambda a: worker_markov(int(a[0]), int(a[1])),
    "build": lambda a: worker_build(a[0], a[1] if len(a) > 1 else ""),
    "jieba": lambda a: worker_jieba(a[0], a[1]),
    "profile-gen": lambda a: worker_profile_gen(int(a[0]), a[1] if len(a) > 1 else ""),
}


# -- scaled corpora ----------------------------------------------------------------------------


def write_scaled_corpus(path: Path, target_chars: int, salt: int) -> int:
    """A corpus in the seed's layout made of distinct generated items, about target_chars long."""
    from generator import api, store

    model = store.load()
    names = [c.name for c in model.categories]
    sections: list[list[str]] = [[] for _ in names]
    seen: set[tuple[str, str]] = set()
    size = index = 0
    while size < target_chars:
        c = index % len(names)
        p = api.paragraph(model, c, seed=1_000_003 * salt + index // 4096, index=index)
        index += 1
        if (p.title, p.body) in seen:
            continue
        seen.add((p.title, p.body))
        sections[c].append(f"{len(sections[c]) + 1}.{p.text}")
        size += len(p.text)
    lines = ["相互批评意见参考", ""]
    for c, name in enumerate(names):
        number = CN_NUMERALS[c] if c < len(CN_NUMERALS) else str(c + 1)
        lines += [f"（{number}）在{name}方面的问题", ""]
        for item in sections[c]:
            lines += [item, ""]
    path.write_text("\n".join(lines), encoding="utf-8")
    return len(seen)


# -- the benchmark -----------------------------------------------------------------------------


@dataclass
class Row:
    figure: str
    measured: str
    target: str
    met: bool | None  # None: not applicable

    def cells(self) -> list[str]:
        met = "n/a" if self.met is None else ("yes" if self.met else "**no**")
        return [self.figure, self.measured, self.target, met]


def has_batch() -> bool:
    out = subprocess.run([PY, "-m", "generator", "--help"], cwd=ROOT, capture_output=True, text=True).stdout
    return re.search(r"^\s+batch\s", out, re.MULTILINE) is not None


def mib(n: float) -> str:
    return f"{n / 2**20:.0f} MiB"


def log(message: str) -> None:
    print(f"[bench] {message}", file=sys.stderr, flush=True)


def bench(runs: int, quick: bool, tmp: Path) -> list[Row]:
    rows: list[Row] = []
    cache_root = tmp / "cache"
    shared_cache = cache_root / "shared"
    env = env_with(CRITIQUE_CACHE_DIR=str(shared_cache))
    counter = [0]

    def fresh_env() -> dict[str, str]:
        counter[0] += 1
        return env_with(CRITIQUE_CACHE_DIR=str(cache_root / f"fresh{counter[0]}"))

    # 1 + 6. cold start and memory of a whole `generate 1` process vs `import numpy, click`.
    log("cold start")
    cold_runs = max(3, 2 * runs + 1)
    run(FLOOR)
    run(GENERATE_ONE, fresh_env())  # warm the page cache
    floors: list[Proc] = []
    gens: list[Proc] = []
    for _ in range(cold_runs):
        floors.append(run(FLOOR))
        gens.append(run(GENERATE_ONE, fresh_env()))
    f_wall, g_wall = med([p.wall for p in floors]), med([p.wall for p in gens])
    cold_ratio = med([g.wall / f.wall for f, g in zip(floors, gens, strict=True)])
    rows.append(Row("cold start: `generate 1 --seed 1` vs `import numpy, click`",
                    f"{cold_ratio:.2f}× ({g_wall * 1e3:.0f} ms vs {f_wall * 1e3:.0f} ms)", "≤ 1.0×",
                    cold_ratio <= 1.0))
    f_rss, g_rss = med([p.rss for p in floors]), med([p.rss for p in gens])
    rss_ratio = g_rss / f_rss
    rows.append(Row("memory: peak RSS of `generate 1` vs floor", f"{rss_ratio:.2f}× ({mib(g_rss)} vs {mib(f_rss)})",
                    "≤ 1.0×", rss_ratio <= 1.0))

    # 2. throughput (one core), characters per second vs markovify.
    batch = has_batch()
    log(f"throughput (batch {'found' if batch else 'absent: in-process loop'})")
    n_gen = 3000 if quick else 10000
    markov_chars = 50_000 if quick else 200_000
    workers = [Worker("markov", "1", str(markov_chars), env=env), Worker("markov", "2", str(markov_chars), env=env)]
    gen_worker = None if batch else Worker("gen", "bundled", str(n_gen), env=env)
    n_batch = 1000 if quick else 2000  # well inside what the bundled corpus can say distinctly (about 8,000)
    out_file = tmp / "x.jsonl"

    def batch_cmd(n: int, jobs: int) -> list[str]:
        return [PY, "-m", "generator", "batch", "-n", str(n), "--jobs", str(jobs), "--quiet", "-o", str(out_file),
                "--format", "jsonl", "--force"]

    def batch_rate(n: int, jobs: int) -> tuple[float, float, int]:
        """(paragraphs/s, chars/s, peak RSS) of one batch run, net of a cold start measured right before it."""
        cold = run(GENERATE_ONE, env).wall
        p = run(batch_cmd(n, jobs), env)
        with out_file.open(encoding="utf-8") as f:
            chars = sum(len(json.loads(line)["text"]) for line in f if line.strip())
        net = max(p.wall - cold, 1e-9)
        return n / net, chars / net, p.rss

    def steady_rate(n: int, jobs: int) -> float:
        """Paragraphs/s once running: 2n records minus n records, so that start-up, imports (batch imports
        numpy, which generate no longer does), model load and the worker pool's start all cancel out."""
        small = run(batch_cmd(n, jobs), env).wall
        large = run(batch_cmd(2 * n, jobs), env).wall
        return n / max(large - small, 1e-9)

    ours_pps: list[float] = []
    ours_cps: list[float] = []
    mk: list[list[float]] = [[], []]
    par: list[float] = []
    steady: list[list[float]] = [[], []]
    for _ in range(runs):
        if gen_worker is not None:
            r = gen_worker.round()
            ours_pps.append(r["n"] / r["sec"])
            ours_cps.append(r["chars"] / r["sec"])
        else:
            pps1, cps1, _ = batch_rate(n_batch, 1)
            pps2, _, _ = batch_rate(n_batch, 2)
            ours_pps.append(pps1)
            ours_cps.append(cps1)
            par.append(pps2 / pps1)
            steady[0].append(steady_rate(n_batch, 1))
            steady[1].append(steady_rate(n_batch, 2))
        for k, w in enumerate(workers):
            r = w.round()
            mk[k].append(r["chars"] / r["sec"])
    for w in workers + ([gen_worker] if gen_worker else []):
        w.close()
    pps = med(ours_pps)
    how = f"`batch -n {n_batch} --jobs 1` net of cold start" if batch else f"in-process `api.paragraph` × {n_gen}"
    rows.append(Row(f"throughput, one core ({how})", f"{pps:,.0f} paragraphs/s", "≥ 10,000/s", pps >= 10_000))
    ratio1 = med([o / m for o, m in zip(ours_cps, mk[0], strict=True)])
    ratio2 = med([o / m for o, m in zip(ours_cps, mk[1], strict=True)])
    rows.append(Row("characters/s vs markovify 0.9.4 state_size 1 (jieba words)",
                    f"{ratio1:.2f}× ({med(ours_cps) / 1e3:,.0f}k vs {med(mk[0]) / 1e3:,.0f}k chars/s)", "≥ 2.5×",
                    ratio1 >= 2.5))
    rows.append(Row("characters/s vs markovify state_size 2 (reference)",
                    f"{ratio2:.2f}× ({med(mk[1]) / 1e3:,.0f}k chars/s)", "—", None))

    # 3. parallel speed-up.
    if batch:
        speedup = med(par)
        rows.append(Row(f"parallel: `batch -n {n_batch} --jobs 2` vs `--jobs 1`, whole runs net of cold start",
                        f"{speedup:.2f}×", "≥ 1.8×", speedup >= 1.8))
        s1, s2 = med(steady[0]), med(steady[1])
        ratio = med([b / a for a, b in zip(steady[0], steady[1], strict=True)])
        rows.append(Row(f"throughput once running (`batch -n {2 * n_batch}` minus `-n {n_batch}`): --jobs 1 / --jobs 2",
                        f"{s1:,.0f} / {s2:,.0f} paragraphs/s: {ratio:.2f}×", "≥ 1.8× (reference)", None))
    else:
        rows.append(Row("parallel: `batch --jobs 2` vs `--jobs 1`", "n/a (no `batch` command)", "≥ 1.8×", None))

    # 4. build vs jieba, linearity, peak RSS.
    log("build vs jieba")
    from generator import store

    bundled = str(store.bundled_corpus_dir())
    jieba_cache = str(shared_cache / "jieba")
    build_cmd = [PY, __file__, "--worker", "build", bundled]
    jieba_cmd = [PY, __file__, "--worker", "jieba", bundled, jieba_cache]
    run(build_cmd, env)  # fills jieba's dictionary cache used by both sides
    ours_b: list[dict[str, float]] = []
    peer_b: list[dict[str, float]] = []
    for _ in range(runs):
        ours_b.append(json.loads(run(build_cmd, env, capture=True).stdout))
        peer_b.append(json.loads(run(jieba_cmd, env, capture=True).stdout))
    for key, label in (("excl", "excluding"), ("incl", "including")):
        ratio = med([o[key] / p[key] for o, p in zip(ours_b, peer_b, strict=True)])
        rows.append(Row(f"build bundled corpus vs jieba posseg, {label} jieba dictionary load",
                        f"{ratio:.2f}× ({med([o[key] for o in ours_b]) * 1e3:.0f} ms vs "
                        f"{med([p[key] for p in peer_b]) * 1e3:.0f} ms)", "≤ 1.3×", ratio <= 1.3))

    log("scaled corpora")
    from generator.read.corpus import read_corpus
    base_chars = sum(len(t) for _, t in read_corpus(store.bundled_corpus_dir()).texts)
    scales = (1, 10, 100)
    paths = {}
    for k in scales:
        paths[k] = tmp / f"corpus-{k}x.txt"
        write_scaled_corpus(paths[k], base_chars * k, salt=k)
    scaled_models = {k: tmp / f"model-{k}x.json" for k in (10, 100)}
    scaled: dict[int, list[dict[str, float]]] = {k: [] for k in scales}
    big_rss: list[int] = []
    scale_runs = max(1, runs // 2) if quick else max(3, (runs + 1) // 2)
    for rep in range(scale_runs):
        for k in scales:
            save = str(scaled_models[k]) if (k in scaled_models and rep == 0) else ""
            p = run([PY, __file__, "--worker", "build", str(paths[k]), save], env, capture=True)
            scaled[k].append(json.loads(p.stdout))
            if k == 100:
                big_rss.append(p.rss)
    unit = {k: med([s["excl"] for s in scaled[k]]) / scaled[k][0]["chars"] for k in scales}
    measured = ", ".join(f"{k}×: {med([s['excl'] for s in scaled[k]]):.2f} s" for k in scales)
    lin10, lin100 = unit[10] / unit[1], unit[100] / unit[1]
    items = "/".join(str(int(scaled[k][0]["items"])) for k in scales)
    rows.append(Row(f"build linearity (compile excl. jieba load; {items} items)",
                    f"{measured}; time per char vs 1×: 10× {lin10:.2f}, 100× {lin100:.2f}; "
                    f"100× vs 10×: {unit[100] / unit[10]:.2f}", "≈ 1", max(lin100, unit[100] / unit[10]) <= 1.5))
    rss = med(big_rss)
    rows.append(Row("peak RSS building the 100× corpus", mib(rss), "< 1 GiB", rss < 2**30))

    # Distinct material, as the issue asks (the scaled corpora above are this tool's own paragraphs, items that
    # paraphrase each other): every corpus of the repository in one folder, about 5× the bundled one.
    distinct = tmp / "distinct"
    distinct.mkdir(exist_ok=True)
    repo = Path(__file__).resolve().parent.parent
    for source in [*sorted((repo / "corpus").glob("*.txt")), *sorted((repo / "tests" / "data").glob("*.txt"))]:
        shutil.copy(source, distinct / source.name)
    distinct_model = tmp / "model-distinct.json"
    distinct_build = json.loads(run([PY, __file__, "--worker", "build", str(distinct), str(distinct_model)], env,
                                    capture=True).stdout)

    # 5. flat generation cost, and sampler set-up linear in items.
    log("generation with the 10× and 100× models")
    n_flat = 150 if quick else 400  # the big models can be slow: keep scale_rounds short
    scale_gens = {1: Worker("gen", "bundled", str(n_flat), env=env)}
    scale_gens.update({k: Worker("gen", str(path), str(n_flat), env=env) for k, path in scaled_models.items()})
    scale_gens[0] = Worker("gen", str(distinct_model), str(n_flat), env=env)
    scale_rounds: dict[int, list[dict[str, Any]]] = {k: [] for k in scale_gens}
    per = dict(zip(scale_gens, interleave(runs, *[
        (lambda k=k: _keep(scale_rounds[k], scale_gens[k].round())["sec"] / n_flat) for k in scale_gens]), strict=True))
    for w in scale_gens.values():
        w.close()
    for k, target in ((10, 1.3), (100, None)):
        flat = med([b / s for s, b in zip(per[1], per[k], strict=True)])
        failed = scale_rounds[k][0]["failed"] / n_flat
        gave_up = f"; gave up on {failed:.0%} of paragraphs" if failed else ""
        rows.append(Row(f"generation cost per paragraph, {k}× model vs bundled",
                        f"{flat:.2f}× ({med(per[k]) * 1e6:.0f} µs vs {med(per[1]) * 1e6:.0f} µs{gave_up})",
                        f"≤ {target}×" if target else "—", flat <= target if target else None))
    flat0 = med([b / s for s, b in zip(per[1], per[0], strict=True)])
    times = distinct_build["chars"] / base_chars
    rows.append(Row(f"generation cost per paragraph, distinct corpora together ({int(distinct_build['items'])} items, "
                    f"{times:.1f}× the bundled text) vs bundled",
                    f"{flat0:.2f}× ({med(per[0]) * 1e6:.0f} µs vs {med(per[1]) * 1e6:.0f} µs)", "≤ 1.3× (at 10×)",
                    None))
    del scale_gens[0]
    setup = {k: scale_gens[k].ready["sampler"] / scale_gens[k].ready["items"] for k in scale_gens}
    linear = max(setup[10], setup[100]) / setup[1]
    rows.append(Row("sampler set-up per item, 1×/10×/100× (all categories' tables)",
                    " / ".join(f"{setup[k] * 1e3:.2f} ms ({scale_gens[k].ready['items']} items)" for k in scale_gens),
                    "linear (≤ 1.5× the 1× figure)", linear <= 1.5))

    # 6b. batch memory flat in N.
    if batch:
        log("batch memory")
        n_big = 4000 if quick else 6000
        small_rss = med([run(batch_cmd(2000, 1), env).rss for _ in range(max(1, runs // 2))])
        big_rss_b = med([run(batch_cmd(n_big, 1), env).rss for _ in range(max(1, runs // 2))])
        ratio = big_rss_b / small_rss
        rows.append(Row(f"batch peak RSS, n={n_big} vs n=2000", f"{ratio:.2f}× ({mib(big_rss_b)} vs {mib(small_rss)})",
                        "≈ 1 (flat)", ratio <= 1.2))
    else:
        rows.append(Row("batch peak RSS flat in N", "n/a (no `batch` command)", "≈ 1 (flat)", None))
    return rows


def profile(tmp: Path) -> None:
    env = env_with(CRITIQUE_CACHE_DIR=str(tmp / "profile-cache"))
    print("\n## Cold start: slowest imports (`python -X importtime`, cumulative µs)\n")
    p = subprocess.run([PY, "-X", "importtime", *GENERATE_ONE[1:]], cwd=ROOT, env=env, capture_output=True, text=True)
    rows = []
    for line in p.stderr.splitlines():
        m = re.match(r"import time:\s+(\d+) \|\s+(\d+) \|( *)(\S+)", line)
        if m:
            rows.append((int(m.group(2)), int(m.group(1)), len(m.group(3)), m.group(4)))
    print("```text")
    for cum, own, depth, name in sorted(rows, reverse=True)[:15]:
        print(f"{cum:>8} {own:>8}  {'  ' * (depth // 2)}{name}")
    print("```")
    print("\n## Cold start: pyinstrument\n")
    report = tmp / "cold-profile.txt"
    subprocess.run([PY, "-m", "pyinstrument", "-i", "0.0002", "-r", "text", "-p", "flat=true", "-p", "show_all=true",
                    "-o", str(report), *GENERATE_ONE[1:]], cwd=ROOT, env=env, capture_output=True, text=True)
    print("```text\n" + _trim(report.read_text(encoding="utf-8"), 30) + "\n```")
    print("\n## Generating 5000 paragraphs (in process, model loaded): pyinstrument\n")
    p = subprocess.run([PY, __file__, "--worker", "profile-gen", "5000", str(tmp / "gen-profile.html")], cwd=ROOT,
                       env=env, capture_output=True, text=True)
    print("```text\n" + _trim(p.stdout, 60) + "\n```")


def _trim(text: str, lines: int) -> str:
    body = [ln for ln in text.splitlines() if ln.strip() and not set(ln.strip()) <= set("_")]
    return "\n".join(body[:lines])


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=5, help="runs per figure (median is reported)")
    parser.add_argument("--quick", action="store_true", help="fewer runs and smaller sizes: a smoke run")
    parser.add_argument("--profile", action="store_true", help="also print pyinstrument hotspots")
    parser.add_argument("--worker", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    sys.path.insert(0, str(ROOT))
    if args.worker:
        WORKERS[args.worker[0]](args.worker[1:])
        return
    runs = min(args.runs, 3) if args.quick else args.runs
    if runs < 1:
        parser.error("--runs must be at least 1")
    tmp = Path(tempfile.mkdtemp(prefix="critique-bench-"))
    started = time.perf_counter()
    try:
        rows = bench(runs, args.quick, tmp)
        print(f"\nMedians of {runs} runs{' (--quick)' if args.quick else ''}, Python {sys.version.split()[0]}, "
              f"{os.cpu_count()} CPUs, {time.perf_counter() - started:.0f} s total.\n")
        print("| figure | measured | target | met? |")
        print("|---|---|---|---|")
        for row in rows:
            print("| " + " | ".join(row.cells()) + " |")
        if args.profile:
            profile(tmp)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
