"""Building many courses at once: plan, cache, worker processes, CI shards, provenance, progress.

``pipeline`` takes one course through the stages; this package decides which courses and formats
need it, runs them in parallel and commits the results.
"""
