"""A fake Wikipedia/Wikidata server on loopback for tests and benchmarks (see README.md)."""

from .server import FAULTS, FakeWikimedia

__all__ = ["FAULTS", "FakeWikimedia"]
