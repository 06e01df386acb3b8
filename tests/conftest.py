"""Registers the suite's fixtures; they live in tests/support (see support/fixtures.py)."""

pytest_plugins = ["support.fixtures"]
