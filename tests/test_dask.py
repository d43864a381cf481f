"""contextlib_news.dask on a real dask.distributed LocalCluster: two worker processes on
loopback, online against the fake Wikimedia, the caches in a real Redis — the same records as
the single-process batch, and every process stopped at the end."""

from __future__ import annotations

import json
import os
import time

import pytest

from contextlib_news import Annotator
from contextlib_news.batch import BatchOptions, run_batch

from .conftest import CORPUS, EXAMPLE
from .fakewiki.plugin import online_settings
from .servers import gone
from .test_batch import DATELESS, UK_ENERGY

pytestmark = pytest.mark.slow
distributed = pytest.importorskip("distributed")


def page_records() -> list[dict]:
    import gzip

    records = [
        {"url": "https://news.example/world/gaza", "html": EXAMPLE.read_text(encoding="utf-8")},
        {"url": "https://news.example/energy", "html": UK_ENERGY.read_text(encoding="utf-8")},
        {"url": "https://news.example/talks", "html": DATELESS.decode(), "published": "2024-03-02"},
        {"url": "https://news.example/bad-date", "html": "<p>text</p>", "published": "12 May"},
        {"id": "no-article", "html": "<html><body></body></html>"},
    ]
    for path in sorted((CORPUS / "html").glob("*.html.gz"))[:3]:  # none when ../shared is absent
        records.append({"id": path.name, "html": gzip.decompress(path.read_bytes()).decode("utf-8", errors="replace")})
    return records


def comparable(record: dict) -> dict:
    """A record without what may differ: timings, and where the page came from (a file's line, a partition)."""
    record = {**record, "input": {k: record["input"][k] for k in ("id", "url")}}
    if "meta" in record:
        record["meta"] = {k: v for k, v in record["meta"].items() if k != "timings_ms"}
    return record


@pytest.fixture
def redis_or_none(request):
    """A real redis-server on loopback when one is installed (CI installs it), else None."""
    try:
        return request.getfixturevalue("redis_url")
    except pytest.skip.Exception:
        return None


from .test_scale import redis_url  # noqa: E402,F401 - the fixture that starts redis-server


def test_a_local_cluster_gives_the_records_of_the_single_process_batch(annotator, fake_wikimedia, tmp_path, redis_or_none):
    import dask.bag as db
    import dask.dataframe as dd
    import pandas as pd
    from distributed import Client, LocalCluster

    from contextlib_news.dask import AnnotatorPlugin, annotate_partition, annotated_meta, mentions_dataframe, to_mentions_frame

    records = page_records()
    source = tmp_path / "pages.jsonl"
    source.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    single = Annotator(online_settings(fake_wikimedia, tmp_path / "single"), nlp=annotator.nlp)
    run_batch([str(source)], tmp_path / "single.jsonl", BatchOptions(), single.settings, annotator=single, progress=False)
    expected = {r["input"]["id"]: comparable(r) for r in map(json.loads, (tmp_path / "single.jsonl").read_text().splitlines())}
    assert sum(1 for r in expected.values() for e in r.get("entities", ()) if e["id"].startswith("wikidata:")) >= 3

    settings = online_settings(fake_wikimedia, tmp_path / "cluster", **({"redis_url": redis_or_none} if redis_or_none else {}))
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1", dashboard_address=None) as cluster, \
            Client(cluster) as client:
        client.register_plugin(AnnotatorPlugin(settings))
        workers = client.run(os.getpid)
        assert len(set(workers.values())) == 2 and all(pid != os.getpid() for pid in workers.values())
        loaded = client.run(lambda: __import__("contextlib_news.dask", fromlist=["_state"])._state["annotator"] is not None)
        assert all(loaded.values())  # the plugin built one Annotator in each worker process

        fake_wikimedia.reset()
        bag = db.from_sequence(records, npartitions=3)
        annotated = bag.map_partitions(annotate_partition).compute()
        assert fake_wikimedia.count() > 0
        found = {r["input"]["id"]: comparable(r) for r in annotated}
        assert found == expected

        # The same pages again: every Wikimedia answer is in the shared cache.
        fake_wikimedia.reset()
        mentions = mentions_dataframe(bag.map_partitions(annotate_partition)).compute()
        assert fake_wikimedia.count() == 0
        rows = {(r["input"]["id"], e["id"], m["start"]) for r in expected.values() for e in r.get("entities", ())
                for m in e["mentions"]}
        assert set(zip(mentions["id"], mentions["entity_id"], mentions["start"])) == rows and len(mentions) == len(rows)

        # DataFrame partitions give the same records.
        frame = dd.from_pandas(pd.DataFrame(records), npartitions=2)
        annotated_frame = frame.map_partitions(annotate_partition, meta=annotated_meta())
        table = annotated_frame.compute()
        assert {i: comparable(json.loads(r)) for i, r in zip(table["id"], table["record"])} == expected
        assert set(table.loc[~table["ok"], "error"]) == {"invalid_input", "no_article"}
        assert len(annotated_frame.map_partitions(to_mentions_frame, meta=to_mentions_frame([])).compute()) == len(rows)

    if redis_or_none:
        import redis

        assert redis.Redis.from_url(redis_or_none).keys("contextlib-news:wikimedia*")
    deadline = time.monotonic() + 15
    while not all(gone(pid) for pid in workers.values()) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert all(gone(pid) for pid in workers.values())
