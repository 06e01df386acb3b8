"""RENDER: resolved course + theme → the course site in memory, ``{path: bytes}``."""
