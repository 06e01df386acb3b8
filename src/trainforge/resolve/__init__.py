"""RESOLVE: validated files → one resolved course (``resolved``), checked across files.

Ids, references, objectives, policy citations and media are decided here, once; later stages
only read the frozen result.
"""
