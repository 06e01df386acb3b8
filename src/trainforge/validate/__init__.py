"""VALIDATE: raw documents → the source model (``trainforge.model``), every problem located.

Nothing here looks across files: that is resolve's work.
"""
