"""Finer tincan.xml checks: activity types, interaction types, language tags, component ids.

An LMS imports these into its LRS as activity definitions, where xAPI 1.0.3 §4.1.4.1 applies:
``type`` is an IRI, ``interactionType`` is one of ten values, components' ids are unique.
"""

from __future__ import annotations

import re

from lxml import etree

from trainforge.check.iri import is_absolute_iri
from trainforge.check.xmldoc import Descriptor
from trainforge.errors import Diagnostic, error, warning

TINCAN_NS = "http://projecttincan.com/tincan.xsd"
_T = f"{{{TINCAN_NS}}}"
# xAPI 1.0.3 §4.1.4.1, Interaction Activities.
INTERACTION_TYPES = {"true-false", "choice", "fill-in", "long-fill-in", "matching", "performance",
                     "sequencing", "likert", "numeric", "other"}
COMPONENT_LISTS = ("choices", "scale", "source", "target", "steps")
# RFC 5646 in outline: a 2-3 letter language (or i-/x- forms) and sub-tags of 1-8 alphanumerics.
_LANG = re.compile(r"^(?:[A-Za-z]{2,3}|[ix])(?:-[A-Za-z0-9]{1,8})*$")


def check_details(doc: Descriptor, activity: etree._Element) -> list[Diagnostic]:
    """Problems in one activity's type, interaction definition and language tags."""
    found: list[Diagnostic] = []
    kind = activity.get("type")
    if kind is not None and not is_absolute_iri(kind):
        found.append(error("check.tincan-activity-type", f"activity type '{kind}' is not an "
                           "absolute IRI", doc.at(activity, "type"),
                           "e.g. http://adlnet.gov/expapi/activities/course"))
    interaction = activity.find(f"{_T}interactionType")
    if interaction is not None and (interaction.text or "").strip() not in INTERACTION_TYPES:
        found.append(error("check.tincan-interaction-type", f"interactionType "
                           f"'{(interaction.text or '').strip()}' is not one of xAPI's: "
                           f"{', '.join(sorted(INTERACTION_TYPES))}", doc.at(interaction)))
    for element in activity.iter():
        lang = element.get("lang") if isinstance(element.tag, str) else None
        if lang is not None and not _LANG.match(lang):
            found.append(warning("check.tincan-lang", f"lang '{lang}' is not a language tag "
                                 "(RFC 5646)", doc.at(element, "lang")))
    for name in COMPONENT_LISTS:
        ids = [(c.findtext(f"{_T}id") or "").strip()
               for c in activity.findall(f"{_T}{name}/{_T}component")]
        dupes = sorted({i for i in ids if ids.count(i) > 1})
        if dupes:
            found.append(error("check.tincan-component-duplicate", f"<{name}> repeats component "
                               f"id(s) {', '.join(dupes)}", doc.at(activity)))
    return found
