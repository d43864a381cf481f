"""The circuit breaker of online knowledge sources, against the fake Wikimedia on loopback: it
opens after N failures, leaves the source alone while open, lets exactly one request probe after
the cool-down, closes when the source is back, and is shared by every process through Redis."""

from __future__ import annotations

import re
import threading
import time
from datetime import datetime, timezone

import pytest

from contextlib_news import Annotator
from contextlib_news.settings import Settings

from .conftest import EXAMPLE
from .fakewiki.plugin import online_settings
from .redisproc import redis_server

HTML = EXAMPLE.read_text(encoding="utf-8")
OPEN_REASON = re.compile(r"^wikimedia unavailable \(circuit open after (\d+) failures\), "
                         r"retrying at \d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$")
#: Requests one lookup sends before it can fail: the pages and their items go out together.
ROUND_ONE = 2


def make(annotator, wiki, folder, **more) -> Annotator:
    # A probe of a source that is back must finish within the probing reader's wait even on a busy
    # CI machine; it stays below the budget, so a probe of a dead source still outlasts it.
    values = {"lookup_budget": 1.0, "breaker_failures": 3, "breaker_cooldown": 60.0, "breaker_probe_wait": 0.8, **more}
    return Annotator(online_settings(wiki, folder, **values), nlp=annotator.nlp)


def wait_for_retry(online: Annotator) -> None:
    """Until the cool-down of the wikimedia breaker is over (bounded)."""
    retry_at = online.breakers.get("wikimedia").status().retry_at
    assert retry_at is not None
    deadline = time.monotonic() + 10
    while datetime.now(timezone.utc) <= retry_at:
        assert time.monotonic() < deadline, "cool-down did not end"
        time.sleep(0.05)


def trip(online: Annotator, wiki, times: int = 3) -> None:
    for number in range(times):
        result = online.annotate_html(HTML)
        assert result.meta.degraded and "circuit" not in result.meta.degraded_reason, number
    assert online.breakers.get("wikimedia").status().state == "open"


@pytest.mark.parametrize("fault", ["500", "blackhole"])
def test_opens_after_n_failures_and_then_leaves_the_source_alone(annotator, fake_wikimedia, tmp_path, fault):
    online = make(annotator, fake_wikimedia, tmp_path / "cache", lookup_budget=0.5)
    fake_wikimedia.fail(fault)
    trip(online, fake_wikimedia)
    asked = fake_wikimedia.count()
    assert asked >= 3
    for _ in range(5):
        result = online.annotate_html(HTML)
        assert result.meta.degraded is True
        assert OPEN_REASON.match(result.meta.degraded_reason), result.meta.degraded_reason
        assert OPEN_REASON.match(result.meta.degraded_reason).group(1) == "3"
        # The offline notes are all there; the source was not consulted.
        ids = {e.id for e in result.entities}
        assert {"glossary:temple-mount", "geonames:294640"} <= ids
        assert "wikimedia" not in result.meta.providers
    assert fake_wikimedia.count() == asked, "no request reached the source while the circuit was open"
    status = online.breakers.get("wikimedia").status()
    assert (status.state, status.failures, status.cooldown) == ("open", 3, 60.0)
    assert 55 < (status.retry_at - datetime.now(timezone.utc)).total_seconds() <= 60
    online.close()


def test_fewer_failures_than_the_threshold_keep_it_closed(annotator, fake_wikimedia, tmp_path):
    online = make(annotator, fake_wikimedia, tmp_path / "cache")
    fake_wikimedia.fail("500")
    for _ in range(2):
        assert online.annotate_html(HTML).meta.degraded
    fake_wikimedia.heal()  # the source is back (one lookup sends several requests at once)
    healed = online.annotate_html(HTML)
    assert healed.meta.degraded is False and "wikidata:Q4776155" in {e.id for e in healed.entities}
    status = online.breakers.get("wikimedia").status()
    assert (status.state, status.failures) == ("closed", 0), "a success resets the count"


def test_probes_after_the_cool_down_backs_off_and_closes_on_success(annotator, fake_wikimedia, tmp_path):
    online = make(annotator, fake_wikimedia, tmp_path / "cache", breaker_cooldown=0.3, breaker_max_cooldown=0.5)
    breaker = online.breakers.get("wikimedia")
    fake_wikimedia.fail("500")
    trip(online, fake_wikimedia)
    assert breaker.status().cooldown == 0.3
    # The probe fails: open again, for twice as long (capped).
    wait_for_retry(online)
    before = fake_wikimedia.count()
    probe = online.annotate_html(HTML)
    assert probe.meta.degraded and "HTTP 500" in probe.meta.degraded_reason
    assert fake_wikimedia.count() == before + ROUND_ONE, "one lookup probed"
    assert (breaker.status().state, breaker.status().failures, breaker.status().cooldown) == ("open", 4, 0.5)
    assert OPEN_REASON.match(online.annotate_html(HTML).meta.degraded_reason)
    assert fake_wikimedia.count() == before + ROUND_ONE
    # The source is back: the next probe closes the circuit and the notes return.
    fake_wikimedia.heal()
    wait_for_retry(online)
    back = online.annotate_html(HTML)
    assert back.meta.degraded is False and "wikidata:Q4776155" in {e.id for e in back.entities}
    status = breaker.status()
    assert (status.state, status.failures, status.retry_at, status.cooldown) == ("closed", 0, None, 0.3)


def test_exactly_one_request_probes(annotator, fake_wikimedia, tmp_path):
    online = make(annotator, fake_wikimedia, tmp_path / "cache", lookup_budget=1.0, breaker_cooldown=0.2)
    fake_wikimedia.fail("500")
    trip(online, fake_wikimedia)
    fake_wikimedia.fail("blackhole")  # the probe hangs for its whole budget while the others come in
    wait_for_retry(online)
    before = fake_wikimedia.count()
    reasons: list[str] = []
    probe = threading.Thread(target=lambda: reasons.append(online.annotate_html(HTML).meta.degraded_reason))
    probe.start()
    deadline = time.monotonic() + 5
    while fake_wikimedia.count() == before:
        assert time.monotonic() < deadline
        time.sleep(0.01)
    others = [online.annotate_text(f"Antony Blinken met Benjamin Netanyahu in Jerusalem ({n}).", published="2021-05-12")
              for n in range(3)]
    probe.join(timeout=10)
    for other in others:
        assert "circuit half-open after 3 failures: another request is checking" in other.meta.degraded_reason
    # The probing reader waited probe_wait (0.8 s), not the whole budget (1 s): the probe goes on without it.
    assert "checking in the background whether it is back" in reasons[0]
    deadline = time.monotonic() + 10
    while online.breakers.get("wikimedia").status().state != "open":
        assert time.monotonic() < deadline, "the background probe recorded its failure"
        time.sleep(0.05)
    assert fake_wikimedia.count() == before + ROUND_ONE, "only the probe reached the source"
    assert online.breakers.get("wikimedia").status().failures == 4


def test_turned_off_with_zero(annotator, fake_wikimedia, tmp_path):
    online = make(annotator, fake_wikimedia, tmp_path / "cache", breaker_failures=0)
    fake_wikimedia.fail("500")
    for _ in range(5):
        assert "HTTP 500" in online.annotate_html(HTML).meta.degraded_reason
    assert fake_wikimedia.count() == 5 * ROUND_ONE and online.breakers.get("wikimedia") is None


def test_settings_come_from_the_environment():
    settings = Settings.load(environ={"CONTEXTLIB_NEWS_BREAKER_FAILURES": "5", "CONTEXTLIB_NEWS_BREAKER_COOLDOWN": "2.5",
                                      "CONTEXTLIB_NEWS_BREAKER_MAX_COOLDOWN": "40", "CONTEXTLIB_NEWS_DEGRADED_CACHE_TTL": "10"},
                             config_file=None)
    assert (settings.breaker_failures, settings.breaker_cooldown, settings.breaker_max_cooldown,
            settings.degraded_cache_ttl) == (5, 2.5, 40.0, 10)


def learns_once(first: Annotator, second: Annotator, wiki) -> None:
    """``first`` finds the source down; ``second`` never asks it, probes it after the cool-down
    and so closes the circuit for both."""
    wiki.fail("500")
    trip(first, wiki)
    asked = wiki.count()
    result = second.annotate_html(HTML)
    assert OPEN_REASON.match(result.meta.degraded_reason), result.meta.degraded_reason
    assert wiki.count() == asked, "the second process never asked the source"
    assert second.breakers.get("wikimedia").status().retry_at == first.breakers.get("wikimedia").status().retry_at
    wiki.heal()
    wait_for_retry(second)
    generation = first.breakers.generation(["wikimedia"])
    assert second.annotate_html(HTML).meta.degraded is False
    assert first.breakers.get("wikimedia").status().state == "closed"
    assert first.breakers.generation(["wikimedia"]) != generation, "degraded results of the outage are now stale"
    assert first.annotate_text("Antony Blinken spoke.", published="2021-05-12").meta.degraded is False
    first.close()
    second.close()


def test_the_processes_of_a_host_learn_of_an_outage_and_of_the_recovery_once(annotator, fake_wikimedia, tmp_path):
    # Two Annotators with one cache_dir are two workers of one host: they share the SQLite file.
    first = make(annotator, fake_wikimedia, tmp_path / "cache", breaker_cooldown=1.0)
    second = make(annotator, fake_wikimedia, tmp_path / "cache", breaker_cooldown=1.0)
    learns_once(first, second, fake_wikimedia)


@pytest.mark.redis
def test_a_cluster_learns_of_an_outage_and_of_the_recovery_once(annotator, fake_wikimedia, tmp_path):
    with redis_server(tmp_path) as url:
        # Two Annotators with their own cache_dir are two hosts of a cluster: nothing shared but Redis.
        first = make(annotator, fake_wikimedia, tmp_path / "a", redis_url=url, breaker_cooldown=1.0)
        second = make(annotator, fake_wikimedia, tmp_path / "b", redis_url=url, breaker_cooldown=1.0)
        learns_once(first, second, fake_wikimedia)


def test_failures_seen_by_another_process_of_the_host_open_the_circuit(tmp_path):
    import subprocess
    import sys

    from contextlib_news.knowledge.breaker import Breakers

    child = (
        "import sys\n"
        "from contextlib_news.errors import ProviderError\n"
        "from contextlib_news.knowledge.breaker import Breakers\n"
        "from contextlib_news.settings import Settings\n"
        "breaker = Breakers(Settings.load({'cache_dir': sys.argv[1]}, environ={}, config_file=None)).get('wikimedia')\n"
        "for _ in range(3):\n"
        "    assert breaker.admit() == 'call'\n"
        "    breaker.record(ProviderError('Wikimedia answered HTTP 503'))\n"
        "print(breaker.status().state)\n"
    )
    settings = Settings.load({"cache_dir": str(tmp_path / "cache")}, environ={}, config_file=None)
    here = Breakers(settings)
    assert here.get("wikimedia").admit() == "call"
    done = subprocess.run([sys.executable, "-c", child, str(tmp_path / "cache")], capture_output=True, text=True,
                          timeout=60)
    assert done.stdout.strip() == "open", done.stderr
    status = here.get("wikimedia").status()
    assert (status.state, status.failures) == ("open", 3), "this process learnt of the outage from the file"
    assert here.get("wikimedia").admit() == "skip"
    here.close()


def test_a_breaker_file_that_cannot_be_written_keeps_the_state_per_process(tmp_path):
    from contextlib_news.errors import ProviderError
    from contextlib_news.knowledge.breaker import Breakers

    blocked = tmp_path / "not-a-folder"
    blocked.write_text("a file where the cache folder should be")
    settings = Settings.load({"cache_dir": str(blocked)}, environ={}, config_file=None)
    breaker = Breakers(settings).get("wikimedia")
    for _ in range(3):
        assert breaker.admit() == "call"
        breaker.record(ProviderError("Wikimedia answered HTTP 500"))
    assert breaker.status().state == "open", "still a breaker, in memory"
    assert breaker.admit() == "skip"


def test_an_unreachable_redis_reads_as_closed(tmp_path):
    from contextlib_news.errors import ProviderError
    from contextlib_news.knowledge.breaker import Breakers

    from .servers import free_port

    settings = Settings.load({"redis_url": f"redis://127.0.0.1:{free_port()}/0", "cache_dir": str(tmp_path)},
                             environ={}, config_file=None)
    breaker = Breakers(settings).get("wikimedia")
    for _ in range(4):
        assert breaker.admit() == "call", "no store: the source is asked as if closed"
        breaker.record(ProviderError("Wikimedia answered HTTP 500"))
    assert breaker.status().state == "closed"
