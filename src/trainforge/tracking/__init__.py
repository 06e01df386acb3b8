"""Tracking identifiers, decided once: what LMSs and LRSs see, minted and parsed back here.

``ids`` holds every id rule (SCORM interaction and objective ids, xAPI IRIs, extension keys) and
the parse back from a learning record to the course; ``shapes`` the interaction shape of each
question type; ``config`` the JSON the packagers prepend to the runtime's adapters, which only
read it (docs/runtime.md, "Tracking config").
"""
