"""Batch throughput and Wikimedia requests per article in a batch.

- Articles per second on the corpus pages read from their HTML files, offline (NER, matching
  and the offline knowledge: what the cores do), with ``--jobs 1``, ``--jobs 2`` and a Dask
  LocalCluster of 2 worker processes (which read the files and write the mention table as
  Parquet themselves, as README shows), one after the other in the same run. The clock starts
  once every worker has its model loaded (start-up is reported beside it).
- Wikimedia requests per article for a batch of 100 corpus pages against the fake (loopback),
  with a cold cache, beside the same pages annotated one at a time.

    python3 -m bench --only batch
"""

from __future__ import annotations

import os
import shutil
import tempfile
import time
from pathlib import Path

from .common import CORPUS, corpus_pages, english_pages


def run(quick: bool = False) -> dict:
    if not (CORPUS / "html").is_dir():
        return {"skipped": "../shared/corpus is not present"}
    work = Path(tempfile.mkdtemp(prefix="bench-batch-"))
    try:
        folder = CORPUS / "html"
        if quick:
            folder = work / "html"
            folder.mkdir()
            for path in sorted((CORPUS / "html").glob("*.html.gz"))[:30]:
                shutil.copy(path, folder / path.name)
        from contextlib_news import Settings

        settings = Settings.load({"offline": True, "cache_dir": str(work / "cache")}, environ={}, config_file=None)
        one = _batch(folder, work / "jobs1.jsonl", settings, jobs=1)
        two = _batch(folder, work / "jobs2.jsonl", settings, jobs=2)
        cluster = _dask(folder, settings, work)
        requests = _wikimedia_requests(work, 20 if quick else 100)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return {
        "pages": one["pages"], "offline": True, "jobs1": one, "jobs2": two, "dask2": cluster,
        "speedup_jobs2": round(two["articles_per_s"] / one["articles_per_s"], 2),
        "speedup_dask2": round(cluster["articles_per_s"] / one["articles_per_s"], 2),
        "wikimedia": requests, "target": ">= 1.7x from 1 to 2 processes; <= 0.5 cold Wikimedia requests per article",
    }


def _batch(folder: Path, out: Path, settings, jobs: int) -> dict:
    from contextlib_news.batch import BatchOptions, run_batch

    summary = run_batch([str(folder)], out, BatchOptions(jobs=jobs), settings, progress=False)
    pages = summary.done + summary.failed_total
    seconds = summary.elapsed_s - summary.startup_s
    return {"pages": pages, "failed": summary.failed_total, "seconds": round(seconds, 2), "startup_s": summary.startup_s,
            "articles_per_s": round(pages / seconds, 2)}


def _dask(folder: Path, settings, work: Path) -> dict:
    import dask.bag as db
    from distributed import Client, LocalCluster

    from contextlib_news.dask import AnnotatorPlugin, annotate_partition, mentions_dataframe, read_records

    paths = [str(p) for p in sorted(folder.glob("*.html.gz"))]
    started = time.perf_counter()
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1", dashboard_address=None,
                      silence_logs=40) as cluster, Client(cluster) as client:
        client.register_plugin(AnnotatorPlugin(settings))  # returns once every worker has loaded its model
        startup = time.perf_counter() - started
        started = time.perf_counter()
        # As README shows it: the workers read the files and write the mention table themselves.
        annotated = db.from_sequence(paths, npartitions=8).map_partitions(read_records).map_partitions(annotate_partition)
        mentions_dataframe(annotated).to_parquet(str(work / "dask-mentions"), write_index=False)
        seconds = time.perf_counter() - started
    return {"pages": len(paths), "seconds": round(seconds, 2), "startup_s": round(startup, 2),
            "articles_per_s": round(len(paths) / seconds, 2), "workers": 2, "partitions": 8, "output": "parquet, written by the workers"}


def _wikimedia_requests(work: Path, count: int) -> dict:
    from contextlib_news import Annotator
    from contextlib_news.extract import extract_article
    from contextlib_news.knowledge.classes import forget_learned_classes
    from contextlib_news.mentions import load_model
    from tests.fakewiki import FakeWikimedia
    from tests.fakewiki.plugin import online_settings

    # The pages a batch annotates: English articles (the others are refused before any lookup).
    articles = [extract_article(html) for _, html, _ in english_pages(corpus_pages())[:count]]
    nlp = load_model("")
    with FakeWikimedia() as wiki:
        # Cold: the classes earlier sections of the run taught the process are forgotten.
        forget_learned_classes()
        batched = Annotator(online_settings(wiki, work / "wiki-batch"), nlp=nlp)
        wiki.reset()
        results = batched.annotate_articles(articles)
        together = wiki.count()
        forget_learned_classes()
        alone = Annotator(online_settings(wiki, work / "wiki-alone"), nlp=nlp)
        wiki.reset()
        for article in articles:
            alone.annotate_article(article)
        one_by_one = wiki.count()
    return {"articles": len(articles), "requests": together, "per_article": round(together / len(articles), 3),
            "one_by_one_requests": one_by_one, "one_by_one_per_article": round(one_by_one / len(articles), 3),
            "degraded": sum(1 for r in results if r.meta.degraded), "cores": os.cpu_count()}
