"""Validate a SCORM 1.2 manifest against the official schemas, with readable, located messages."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Protocol, cast

from lxml import etree

from trainforge.check.xmldoc import Descriptor
from trainforge.errors import Diagnostic, Location, error
from trainforge.standards.xsd import ADLCP_NS, IMSCP_NS, IMSMD_NS, scorm12_schema

# libxml2 writes names as {namespace}local; show them as a manifest author writes them.
_PREFIXES = {
    IMSCP_NS: "",
    ADLCP_NS: "adlcp:",
    IMSMD_NS: "imsmd:",
    "http://www.w3.org/XML/1998/namespace": "xml:",
}
# Known mistakes, recognised in the message, and what to do instead.
_HINTS = (
    (
        f"'{{{ADLCP_NS}}}scormType'",
        "SCORM 1.2 spells it adlcp:scormtype (lower-case t); scormType is SCORM 2004",
    ),
    (
        "atomic type 'xs:ID'",
        "identifiers are XML names: a letter or '_', then letters, digits, '.', '-' or '_'",
    ),
)
_ATTRIBUTE = re.compile(r"attribute '(?:\{[^}]*\})?([^']+)'")
_ID_VALUE = re.compile(r"attribute 'identifier': '(.*)' is not a valid value of the atomic type")


class _LogEntry(Protocol):
    """The parts of lxml's ``_LogEntry`` used here (lxml-stubs leave the error log untyped)."""

    line: int
    message: str
    path: str


def check_xsd(doc: Descriptor, duplicates: set[str]) -> list[Diagnostic]:
    """One ``check.xsd`` error per schema violation; duplicate ids are left to the id check."""
    schema = scorm12_schema()
    if schema.validate(doc.root.getroottree()):
        return []
    found: list[Diagnostic] = []
    for entry in cast(Iterable[_LogEntry], schema.error_log):
        value = _ID_VALUE.search(entry.message)
        if value and value.group(1) in duplicates:
            continue  # a valid name used twice: check.identifier-duplicate says it better
        message = entry.message
        for namespace, prefix in _PREFIXES.items():
            message = message.replace(f"{{{namespace}}}", prefix)
        hint = next((h for key, h in _HINTS if key in entry.message), "")
        found.append(error("check.xsd", message, _where(doc, entry), hint))
    return found


def _where(doc: Descriptor, entry: _LogEntry) -> Location:
    """The element (and attribute) the message is about, else the line libxml2 gives."""
    try:
        nodes = doc.root.getroottree().xpath(entry.path)
    except etree.XPathError:
        nodes = []
    if isinstance(nodes, list) and nodes and isinstance(nodes[0], etree._Element):
        attribute = _ATTRIBUTE.search(entry.message)
        return doc.at(nodes[0], attribute.group(1) if attribute else "")
    return doc.archive.where(doc.member, entry.line)
