"""Parse an untrusted package descriptor safely and locate its elements by line and column."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import cast

from lxml import etree

from trainforge.check.zip_reader import Archive
from trainforge.errors import Diagnostic, Location, error

# libxml2 appends the position to its messages; the location carries it already.
_POSITION_SUFFIX = re.compile(r", line \d+, column \d+$")
# How far above an element's recorded line its start tag may begin (libxml2 records the line
# where the start tag *ends*, so attributes can sit on earlier lines).
_MAX_TAG_LINES = 50


@dataclass(frozen=True)
class Descriptor:
    """A parsed descriptor, with what is needed to point at any part of it."""

    root: etree._Element
    archive: Archive
    member: str
    lines: tuple[str, ...]

    def at(self, element: etree._Element, attribute: str = "") -> Location:
        """Where ``element`` starts, or where its ``attribute`` (local name) is written."""
        # lxml-stubs 0.5 type sourceline as `...`; lxml gives int | None.
        end = cast("int | None", element.sourceline) or 0
        local = re.escape(etree.QName(element).localname)
        tag = re.compile(rf"<(?:[\w.-]+:)?{local}(?=[\s/>]|$)")
        for number in range(end, max(end - _MAX_TAG_LINES, 0), -1):
            if number > len(self.lines) or not (match := tag.search(self.lines[number - 1])):
                continue
            if attribute:
                attr = re.compile(rf"(?<![\w.:-])(?:[\w.-]+:)?{re.escape(attribute)}\s*=")
                for line in range(number, end + 1):
                    start = match.end() if line == number else 0
                    if found := attr.search(self.lines[line - 1], start):
                        return self.archive.where(self.member, line, found.start() + 1)
            return self.archive.where(self.member, number, match.start() + 1)
        return self.archive.where(self.member, end)


def load_descriptor(archive: Archive, member: str) -> Descriptor | Diagnostic:
    """Read and parse ``member``; no entity expansion, no DTD loading, no network."""
    data = archive.read(member)
    if isinstance(data, Diagnostic):
        return data
    # XXE-safe: no entity expansion, no DTD loading, no network; huge_tree=False keeps libxml2's
    # default caps on depth and text size.
    parser = etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False
    )
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        line, col = exc.position
        message = _POSITION_SUFFIX.sub("", str(exc.msg))
        where = archive.where(member, line, col)
        return error("check.xml", f"not well-formed XML: {message}", where)
    docinfo = root.getroottree().docinfo
    if docinfo.internalDTD is not None:  # set by any <!DOCTYPE>, with or without a subset
        line = data[: max(data.find(b"<!DOCTYPE"), 0)].count(b"\n") + 1
        return error(
            "check.xml-doctype",
            "document type declaration: LMS parsers may resolve its entities (XXE)",
            archive.where(member, line),
            "descriptors need no DOCTYPE; remove it",
        )
    text = data.decode("utf-8", errors="replace")
    # Split as XML counts lines (XML 1.0 §2.11: CRLF and lone CR are line ends), not splitlines().
    return Descriptor(root, archive, member, tuple(re.split(r"\r\n|\r|\n", text)))
