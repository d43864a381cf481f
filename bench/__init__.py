"""Benchmarks and evaluation: scripts that print figures (``python -m bench [--quick]``)."""
