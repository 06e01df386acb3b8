"""The official package-format schemas, shipped as package data, and their offline loader.

``scorm12/`` holds the four SCORM 1.2 controlling documents byte-for-byte (see its ``SOURCES.md``);
:mod:`trainforge.standards.xsd` compiles them for validation and hands them to packagers.
"""
