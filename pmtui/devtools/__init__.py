"""Helpers for tests and benchmarks (synthetic stores); not used by the app."""
