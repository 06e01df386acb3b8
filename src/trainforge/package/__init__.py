"""PACKAGE: one module per output format (``formats`` is the registry).

A packager turns the rendered site into the files of one package. It never renders content: it
adds its tracking adapter and its descriptors (manifests), and names the result.
"""
