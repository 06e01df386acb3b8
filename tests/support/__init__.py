"""Test support for trainforge: real peers (Chromium, scorm-again, Ralph LRS, axe-core) as fixtures.

Tests drive built packages through the same components a learner's browser, an LMS and an LRS
would use, so a green test means the package works somewhere real, not against a mock.
`tests/conftest.py` registers the fixtures defined in `support.fixtures`.
"""
