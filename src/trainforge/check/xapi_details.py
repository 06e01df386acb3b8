"""Finer tincan.xml checks: activity types, interaction types, language tags, component ids and
correct-response patterns.

An LMS imports these into its LRS as activity definitions, where xAPI 1.0.3 §4.1.4.1 applies:
``type`` is an IRI, ``interactionType`` is one of ten values, components' ids are unique, and a
pattern names only the components its interaction type lists (a report of "right answers" that
names no choice is silently wrong in every LRS).
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
# Leading {name=value} delimiters a pattern may carry (xAPI 1.0.3 §4.1.4.1: case_matters, lang,
# order_matters).
_DELIMITERS = re.compile(r"^(?:\{[a-z_]+=[^}]*\})+")
# xAPI 1.0.3 §4.1.4.1: the component lists each part of a pattern comes from.
_PARTS = {"choice": ("choices",), "sequencing": ("choices",), "likert": ("scale",),
          "matching": ("source", "target"), "performance": ("steps",)}


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
    if interaction is not None:
        found.extend(_pattern_problems(doc, activity, (interaction.text or "").strip()))
    for name in COMPONENT_LISTS:
        ids = [(c.findtext(f"{_T}id") or "").strip()
               for c in activity.findall(f"{_T}{name}/{_T}component")]
        dupes = sorted({i for i in ids if ids.count(i) > 1})
        if dupes:
            found.append(error("check.tincan-component-duplicate", f"<{name}> repeats component "
                               f"id(s) {', '.join(dupes)}", doc.at(activity)))
    return found


def _pattern_problems(doc: Descriptor, activity: etree._Element, kind: str
                      ) -> list[Diagnostic]:
    """Each correct-response pattern against the ids its interaction type allows."""
    found: list[Diagnostic] = []
    lists = _PARTS.get(kind)
    for element in activity.iterfind(f"{_T}correctResponsePatterns/{_T}correctResponsePattern"):
        pattern = _DELIMITERS.sub("", element.text or "")
        if kind == "true-false" and pattern not in ("true", "false"):
            unknown = [pattern]
        elif lists is None or not pattern:  # free-form answers; or "no choice is right"
            continue
        else:
            unknown = _unknown_parts(activity, pattern, lists)
        if unknown:
            allowed = "`true` or `false`" if lists is None else " and ".join(
                f"<{name}> component ids" for name in lists)
            found.append(error("check.tincan-pattern", f"{kind} correctResponsePattern "
                               f"'{element.text or ''}' names {', '.join(map(repr, unknown))}, "
                               f"not among {allowed}", doc.at(element)))
    return found


def _unknown_parts(activity: etree._Element, pattern: str, lists: tuple[str, ...]) -> list[str]:
    """The parts of a ``[,]``-separated pattern that no component names.

    Choices, sequences and scales list ids; matching lists ``source[.]target`` pairs and
    performance ``step[.]response`` pairs, whose response is free.
    """
    ids = {name: {(c.findtext(f"{_T}id") or "").strip()
                  for c in activity.findall(f"{_T}{name}/{_T}component")} for name in lists}
    paired = lists in (("source", "target"), ("steps",))
    unknown: list[str] = []
    for item in pattern.split("[,]"):
        left, sep, right = item.partition("[.]") if paired else (item, "", "")
        if paired and not sep:
            unknown.append(item)  # not a pair at all
            continue
        if left not in ids[lists[0]]:
            unknown.append(left)
        if lists == ("source", "target") and right not in ids["target"]:
            unknown.append(right)
    return unknown
