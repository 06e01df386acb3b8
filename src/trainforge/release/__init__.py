"""What a build publishes beside its packages, and what guards a release.

The manifest and item metadata, the tracked ids of an earlier release (history), the refusal of a
release that would orphan learners' records (republish) and what a policy change touches (impact).
"""
