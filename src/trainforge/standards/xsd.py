"""Compile the bundled SCORM 1.2 schemas into one lxml ``XMLSchema``, offline, once per process.

The files are read from package data (so an installed trainforge works anywhere) and served to
libxml2 by a resolver that knows only them: no network, no file system, no other URL. Two of the
files are not acceptable to libxml2 as published; they are patched in memory, never on disk, and
:func:`scorm12_xsd_files` always returns the pristine bytes that packages ship.
"""

from __future__ import annotations

import functools
from importlib import resources

from lxml import etree

IMSCP_NS = "http://www.imsproject.org/xsd/imscp_rootv1p1p2"
ADLCP_NS = "http://www.adlnet.org/xsd/adlcp_rootv1p2"
IMSMD_NS = "http://www.imsglobal.org/xsd/imsmd_rootv1p2p1"
_XS_NS = "http://www.w3.org/2001/XMLSchema"

# Each namespace a SCORM 1.2 manifest may mix, with the file that defines it. imscp's wildcards are
# processContents="strict", so adlcp:* attributes and inline imsmd metadata only validate when all
# three are compiled together (standards README: one wrapper schema importing each namespace).
SCORM12_IMPORTS = {
    IMSCP_NS: "imscp_rootv1p1p2.xsd",
    ADLCP_NS: "adlcp_rootv1p2.xsd",
    IMSMD_NS: "imsmd_rootv1p2p1.xsd",
}
# The four controlling documents a SCORM 1.2 package carries at its root (ims_xml.xsd is imported
# by imscp and imsmd for xml:lang / xml:base).
SCORM12_XSD_NAMES = (*SCORM12_IMPORTS.values(), "ims_xml.xsd")

# A URL scheme no libxml2 loader understands: whatever the resolver does not serve cannot load.
_BASE_URL = "trainforge-standards:///scorm12/"

# In-memory fixes: (file, published bytes, replacement, expected count).
_PATCHES = (
    # ims_xml.xsd binds the reserved XML namespace as the *default* namespace, which Namespaces in
    # XML 1.0 §3 forbids ("xml namespace URI cannot be the default namespace"). Nothing in the file
    # uses the default namespace, so dropping the declaration changes no meaning.
    ("ims_xml.xsd", b'xmlns="http://www.w3.org/XML/1998/namespace"', b"", 1),
    # imsmd's grp.any is `xsd:any namespace="##any"` after optional imsmd elements: a Unique
    # Particle Attribution violation (XML Schema 1.0 Part 1, §3.8.6) that libxml2 rejects as "not
    # determinist". ##other keeps every foreign extension valid and removes the ambiguity.
    ("imsmd_rootv1p2p1.xsd", b'namespace="##any"', b'namespace="##other"', 1),
)


def scorm12_xsd_files() -> dict[str, bytes]:
    """The four SCORM 1.2 schema files, byte-for-byte as published, for packagers to ship."""
    return dict(_pristine())


@functools.cache
def scorm12_schema() -> etree.XMLSchema:
    """The compiled SCORM 1.2 manifest schema (IMS CP 1.1.2 + ADL CP 1.2 + IMS MD 1.2.1)."""
    parser = etree.XMLParser(no_network=True, resolve_entities=False, load_dtd=False)
    parser.resolvers.add(_BundledOnly(_patched()))
    wrapper = etree.Element(f"{{{_XS_NS}}}schema", nsmap={"xs": _XS_NS})
    for namespace, name in SCORM12_IMPORTS.items():
        etree.SubElement(wrapper, f"{{{_XS_NS}}}import", namespace=namespace, schemaLocation=name)
    # Re-parse so the document carries our parser (lxml resolves xs:import through the resolvers
    # of the parser that built the schema document) and a base URL inside the served folder.
    document = etree.fromstring(etree.tostring(wrapper), parser, base_url=_BASE_URL + "wrapper.xsd")
    return etree.XMLSchema(document)


class _BundledOnly(etree.Resolver):
    """Serves the bundled schema files by their URL under ``_BASE_URL``; refuses every other URL."""

    def __init__(self, files: dict[str, bytes]) -> None:
        super().__init__()
        self._files = files

    # lxml calls resolve(url, public_id, context); lxml-stubs 0.5 omits `context`.
    def resolve(  # type: ignore[override]
        self, system_url: str | None, public_id: str | None, context: object
    ) -> object:
        name = (system_url or "").removeprefix(_BASE_URL)
        if system_url and system_url.startswith(_BASE_URL) and name in self._files:
            return self.resolve_string(self._files[name], context, base_url=system_url)
        # Returning None would hand the URL to libxml2's default loader (local files); raising
        # makes the load fail, which fails the schema compilation.
        raise LookupError(f"refusing to load {system_url!r}: only the bundled schemas are served")


@functools.cache
def _pristine() -> tuple[tuple[str, bytes], ...]:
    folder = resources.files(__package__) / "scorm12"
    return tuple((name, (folder / name).read_bytes()) for name in SCORM12_XSD_NAMES)


def _patched() -> dict[str, bytes]:
    files = dict(_pristine())
    for name, old, new, count in _PATCHES:
        found = files[name].count(old)
        if found != count:  # the bundled files changed: the fix no longer applies as intended
            raise RuntimeError(f"{name}: expected {count} x {old!r}, found {found}")
        files[name] = files[name].replace(old, new)
    return files
