"""Run every benchmark section, print a table, and write bench/results/latest.json and latest.png.

    python -m bench            # everything (about 5 minutes on 2 cores)
    python -m bench --quick    # a subset, under a minute
    python -m bench --only latency quality
"""

from __future__ import annotations

import argparse
import json
import time
import traceback
from datetime import datetime, timezone

from . import anchoring, batch, coverage, knowledge_requests, latency, outage, quality, server_load
from .common import RESULTS, machine

SECTIONS = {"latency": latency, "requests": knowledge_requests, "quality": quality, "server": server_load, "anchoring": anchoring,
            "coverage": coverage, "outage": outage, "batch": batch}


def table(results: dict) -> str:
    rows = []
    lat = results.get("latency", {})
    if "ratio_of_medians" in lat:
        rows.append(("Latency vs floor (trafilatura.extract + NER)", f"{lat['ratio_of_medians']}× (ratio of medians), "
                     f"{lat['median_of_ratios']}× (median ratio); ours {lat['stages_ms']['total']['median']} ms median, "
                     f"p95 {lat['stages_ms']['total']['p95']} ms; floor {lat['floor_ms']['median']} ms", "≤ 1.25×"))
        stages = ", ".join(f"{k} {v['median']}/{v['p95']}" for k, v in lat["stages_ms"].items() if k != "total")
        rows.append(("Stages, median/p95 ms", stages, ""))
    req = results.get("requests", {})
    if "cold" in req:
        rows.append(("Wikimedia requests per article", f"cold max {req['cold']['max']} (median {req['cold']['median']}), "
                     f"warm max {req['warm']['max']} over {req['articles']} articles", "≤ 4 cold, 0 warm"))
    srv = results.get("server", {})
    if "repeated" in srv:
        rep = srv["repeated"]
        rows.append(("Server, repeated article (result cache)", f"{rep['requests_per_s']:.0f} req/s, p50 {rep['p50_ms']:.1f} ms, "
                     f"p99 {rep['p99_ms'] if 'p99_ms' in rep else rep.get('p95_ms')} ms, {rep.get('non_2xx', rep.get('failures', 0))} errors ({rep['tool']})",
                     "≥ 1,000 req/s"))
        new = srv["new_articles"]
        rows.append(("Server, new articles", f"{new['requests_per_s']} req/s, p95 {new['p95_ms']} ms, {new['failures']} failures", ""))
        mem = srv["memory"]
        rows.append(("Worker memory", f"peak RSS {mem['peak_rss_mb_per_worker']} MiB after {mem['articles']} articles; "
                     f"highest RSS of the second half minus the first {mem['growth_second_half_mb']} MiB", "flat"))
    qual = results.get("quality", {})
    if "extraction" in qual:
        ex, me = qual["extraction"], qual["mentions"]
        rows.append(("Extraction word F1", f"{ex['f1']} (P {ex['precision']}, R {ex['recall']}) on {ex['pages']} pages", "published trafilatura 0.958"))
        for split, systems in me.items():
            ours, plain = systems["ours"], systems["plain_en_core_web_sm"]
            rows.append((f"Mention detection, offline ({split} gold: {ours['articles']} articles, {ours['gold_entities']} entities)",
                         f"ours P {ours['precision']}, R {ours['recall']}, kind {ours['kind_accuracy_on_matches']}; "
                         f"plain en_core_web_sm P {plain['precision']}, R {plain['recall']}, kind {plain['kind_accuracy_on_matches']}",
                         "ahead of plain; R ≥ 0.93, P ≥ 0.90, kind ≥ 0.95"))
    cov = results.get("coverage", {})
    if "requests" in cov:
        for split in ("tuned", "held-out"):
            if split not in cov:
                continue
            det, notes = cov[split]["detection_online"], cov[split]["notes"]
            rows.append((f"Notes coverage, online vs fake ({split} gold)",
                         f"{notes['coverage']} of {notes['linkable']} people, organisations and places get the right note; "
                         f"{notes['wrong']} wrong; silent on {notes['no_article_and_silent']} without an article; "
                         f"{notes.get('notes_beyond_gold', 0)} notes on names no gold entity holds",
                         "≥ 0.90 covered, 0 wrong"))
            rows.append((f"Mention detection, online vs fake ({split} gold)",
                         f"P {det['precision']}, R {det['recall']}, kind {det['kind_accuracy_on_matches']}", "R ≥ 0.93, P ≥ 0.90, kind ≥ 0.95"))
        req, slow = cov["requests"], cov["cold_linking_with_delay"]
        rows.append((f"Wikimedia requests per article (gold, {cov['articles']} articles)",
                     f"cold median {req['cold']['median']}, max {req['cold']['max']}; warm max {req['warm']['max']}", "≤ 4 for most, 0 warm"))
        rows.append(("Cold linking, 100 ms per Wikimedia request",
                     f"median {slow['median_ms']} ms (p95 {slow['p95_ms']}); {slow['median_round_trips']} round trips at the median, "
                     f"max {slow['max_round_trips']} (articles by round trips: {slow['round_trips']}); the delay added "
                     f"{slow['median_delays_added']} delays at the median", "≤ 3 round trips at the median"))
    anc = results.get("anchoring", {})
    if "url" in anc:
        rows.append(("Anchoring rate (extension, live DOM)", f"URL mode {anc['url']['rate']} ({anc['url']['anchored']}/{anc['url']['mentions']}), "
                     f"page mode {anc['page']['rate']} ({anc['page']['anchored']}/{anc['page']['mentions']})", "≥ 0.98"))
    out = results.get("outage", {})
    if "outage_next" in out:
        first_5 = (f"first 5: {out['outage_first_5']['p50_ms']}/{out['outage_first_5']['p95_ms']} "
                   f"(offline {out['offline_first_5']['p50_ms']}/{out['offline_first_5']['p95_ms']}); "
                   if "outage_first_5" in out else "")
        rows.append(("Wikimedia black-holed, new articles (p50/p95 ms)",
                     first_5 + f"until the circuit opens ({out['outage_first']['requests']}): "
                     f"{out['outage_first']['p50_ms']}/{out['outage_first']['p95_ms']}; "
                     f"next {out['outage_next']['requests']}: {out['outage_next']['p50_ms']}/{out['outage_next']['p95_ms']} "
                     f"({out['ratio_p95_next']}× offline p95 {out['offline_next']['p95_ms']}; rounds "
                     f"{', '.join(f'{r}×' for r in out.get('ratios_p95_next', [out['ratio_p95_next']]))}); {out['errors']} errors; "
                     f"notes back {out['recovered_after_s']} s after Wikimedia (cool-down {out['cooldown_s']} s)",
                     "p95 ≤ 1.2× offline, 0 errors, back within a cool-down"))
    bat = results.get("batch", {})
    if "jobs1" in bat:
        rows.append((f"Batch, {bat['pages']} corpus pages from HTML files (offline, articles/s after start-up)",
                     f"--jobs 1 {bat['jobs1']['articles_per_s']}, --jobs 2 {bat['jobs2']['articles_per_s']} ({bat['speedup_jobs2']}×), "
                     f"Dask LocalCluster 2 workers {bat['dask2']['articles_per_s']} ({bat['speedup_dask2']}×)", "≥ 1.7× from 1 to 2"))
        wm = bat["wikimedia"]
        rows.append((f"Batch, Wikimedia requests per article ({wm['articles']} articles in one batch, cold, fake)",
                     f"{wm['per_article']} ({wm['requests']} requests); one at a time {wm['one_by_one_per_article']}", "≤ 0.5"))
    for name, section in results.items():
        if isinstance(section, dict) and ("skipped" in section or "error" in section):
            rows.append((name, section.get("skipped") or section.get("error"), ""))
    lines = ["| Measure | Result | Target |", "|---|---|---|"] + [f"| {a} | {b} | {c} |" for a, b, c in rows]
    return "\n".join(lines)


def chart(results: dict, path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    lat = results.get("latency", {})
    if "stages_ms" not in lat:
        return
    stages = [k for k in ("extract", "ner", "matching", "linking", "serialise") if k in lat["stages_ms"]]
    fig, ax = plt.subplots(figsize=(7, 3.2))
    left = 0.0
    for stage in stages:
        value = lat["stages_ms"][stage]["median"]
        ax.barh(["contextlib-news"], [value], left=left, label=stage)
        left += value
    ax.barh(["floor: extract + NER"], [lat["floor_ms"]["median"]], color="grey")
    ax.set_xlabel("median ms per corpus page (warm, 2 cores)")
    ax.set_title(f"Latency: {lat['ratio_of_medians']}× the floor")
    ax.legend(fontsize=8, ncol=5, loc="upper center", bbox_to_anchor=(0.5, -0.3))
    fig.tight_layout()
    fig.savefig(path, dpi=110)


def main() -> None:
    parser = argparse.ArgumentParser(description="contextlib-news benchmarks")
    parser.add_argument("--quick", action="store_true", help="a subset of pages and shorter load runs")
    parser.add_argument("--only", nargs="*", choices=list(SECTIONS), help="run only these sections")
    parser.add_argument("--report", action="store_true", help="print the table and redraw the chart from latest.json, run nothing")
    args = parser.parse_args()
    try:  # find out now, not after the whole run
        import matplotlib  # noqa: F401
    except ImportError:
        parser.exit(2, "bench needs matplotlib for its chart: python3 -m pip install -e '.[bench]'\n")
    if args.report:
        report(json.loads((RESULTS / "latest.json").read_text(encoding="utf-8")))
        return
    results: dict = {"machine": machine(), "quick": args.quick}
    previous = RESULTS / "latest.json"
    if args.only and previous.exists():
        # Re-running some sections keeps the others' figures; each section says when it ran.
        kept = json.loads(previous.read_text(encoding="utf-8"))
        if kept.get("quick") == args.quick:
            results = {**kept, "machine": {**machine(), "date": kept["machine"]["date"]}}
    for name, module in SECTIONS.items():
        if args.only and name not in args.only:
            continue
        started = time.perf_counter()
        print(f"… {name}", flush=True)
        try:
            results[name] = module.run(args.quick)
        except Exception as exc:  # one broken section must not hide the others' figures
            traceback.print_exc()
            results[name] = {"error": f"{type(exc).__name__}: {exc}"}
        results[name]["seconds"] = round(time.perf_counter() - started, 1)
        results[name]["ran_at"] = datetime.now(timezone.utc).isoformat(timespec="seconds")
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "latest.json").write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    report(results)


def report(results: dict) -> None:
    chart(results, RESULTS / "latest.png")
    m = results["machine"]
    print(f"\nMachine: {m['cpu']}, {m['cores']} cores, {m['memory_mb']} MiB, Python {m['python']}, {m['date']}\n")
    print(table(results))
    print(f"\nWrote {RESULTS / 'latest.json'} and {RESULTS / 'latest.png'}")


if __name__ == "__main__":
    main()
