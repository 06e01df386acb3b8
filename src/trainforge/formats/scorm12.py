"""``scorm12``: a SCORM 1.2 content package (one SCO, or one SCO per module) and its limits lint.

The manifest is built with lxml and is valid against the four SCORM 1.2 controlling documents,
which the package carries at its root byte-for-byte. Every identifier derives from the course id,
version and module ids, so rebuilding the same course version gives the same manifest (and item
and resource identifiers survive a new version, so an LMS can map its tracking across republish).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from lxml import etree

from trainforge import resolved
from trainforge.errors import Diagnostic, Location, error
from trainforge.formats.base import BuildOptions, Package, Packager, register
from trainforge.render import Site, View
from trainforge.runtime.statesize import SCORM12_SUSPEND_DATA_MAX, worst_case_state_size
from trainforge.standards.xsd import ADLCP_NS, IMSCP_NS, IMSMD_NS, scorm12_xsd_files

XSI_NS = "http://www.w3.org/2001/XMLSchema-instance"
MANIFEST = "imsmanifest.xml"

# SCORM 1.2 RTE 3.4.2.7: cmi.interactions.n.id is a CMIIdentifier (≤ 255 characters, no
# whitespace; the spec names alphanumerics, '-' and '_', which is what strict LMSs accept).
INTERACTION_ID_MAX = 255
_CMI_IDENTIFIER = re.compile(r"[A-Za-z0-9_-]+")
# SCORM 1.2 RTE 3.4.2.7 (interactions): a `choice` response is a single character 0-9 or a-z.
# Options map onto these characters by position (authored order), letters first so that the
# usual options a, b, c … read the same in LMS reports. runtime/adapters/scorm12.js mirrors this.
CHOICE_CHARS = "abcdefghijklmnopqrstuvwxyz0123456789"
# Suffix of the interaction id of a knowledge check (a question graded in a lesson), so that it
# never mixes with the same question asked by an assessment. scorm12.js mirrors this.
CHECK_SUFFIX = "_check"

# Anything outside the XML NCName characters we allow (xs:ID); ids are [a-z0-9-] already.
_NOT_NCNAME = re.compile(r"[^A-Za-z0-9._-]")


@dataclass(frozen=True)
class Sco:
    """One SCO: its key (module id, or "" for the whole course), title, modules, launch page."""

    key: str  # "" for the single SCO of a course, else the module id
    title: str
    modules: tuple[str, ...]
    href: str

    def view(self) -> View:
        return View(self.href, None if not self.key else self.modules)


class Scorm12Packager(Packager):
    name = "scorm12"
    adapter = "scorm12"
    description = "SCORM 1.2 zip: one SCO, or one per module with --sco-per-module"

    def views(self, course: resolved.Course, options: BuildOptions) -> tuple[View, ...]:
        return tuple(sco.view() for sco in scos(course, options))

    def check(self, course: resolved.Course, options: BuildOptions) -> list[Diagnostic]:
        found = [d for q in course.questions.values() for d in _check_choices(q)]
        for sco in scos(course, options):
            found.extend(_check_sco(course, sco))
        return found

    def package(self, course: resolved.Course, site: Site, options: BuildOptions) -> Package:
        units = scos(course, options)
        own = {sco.href for sco in units}
        # Root-level files of the site are the views of every format in this build; keep ours.
        files = {p: b for p, b in self.with_runtime(site).items() if "/" in p or p in own}
        files.update(scorm12_xsd_files())
        shared = sorted(p for p in files if "/" in p)
        files[MANIFEST] = manifest(course, units, shared)
        return Package(f"{self.stem(course)}-scorm12.zip", dict(sorted(files.items())))


def scos(course: resolved.Course, options: BuildOptions) -> tuple[Sco, ...]:
    """The SCOs of the package: the whole course, or one per module (``--sco-per-module``)."""
    if not options.sco_per_module:
        return (Sco("", course.title, tuple(m.id for m in course.modules), "index.html"),)
    # Root-level launch files: a view in a sub-folder would need its asset URLs rewritten.
    return tuple(Sco(m.id, m.title, (m.id,), f"module-{m.id}.html") for m in course.modules)


def ncname(*parts: str) -> str:
    """An xs:ID (NCName) from stable parts: '.' joins them, since our ids never contain one."""
    text = _NOT_NCNAME.sub("_", ".".join(parts))
    return text if re.match(r"[A-Za-z_]", text) else f"_{text}"


def interaction_id(question_id: str, kind: str) -> str:
    """cmi.interactions.n.id of a question: its id, suffixed when graded as a knowledge check."""
    return question_id + (CHECK_SUFFIX if kind == "lesson" else "")


# --- the manifest -------------------------------------------------------------------------


def manifest(course: resolved.Course, units: Sequence[Sco], shared: Sequence[str]) -> bytes:
    """imsmanifest.xml for ``units``; ``shared`` are the files every SCO needs (runtime, media)."""
    cp, adlcp = f"{{{IMSCP_NS}}}", f"{{{ADLCP_NS}}}"
    root = etree.Element(
        f"{cp}manifest",
        # lxml-stubs 0.5 types nsmap keys as str; None (the default namespace) is what lxml takes.
        nsmap={None: IMSCP_NS, "adlcp": ADLCP_NS, "xsi": XSI_NS},  # type: ignore[dict-item]
        identifier=ncname("MANIFEST-" + course.id, course.version),
        version=course.version,
    )
    # The conventional schemaLocation of every published SCORM 1.2 package; the files ship.
    root.set(
        f"{{{XSI_NS}}}schemaLocation",
        " ".join(
            [
                IMSCP_NS,
                "imscp_rootv1p1p2.xsd",
                IMSMD_NS,
                "imsmd_rootv1p2p1.xsd",
                ADLCP_NS,
                "adlcp_rootv1p2.xsd",
            ]
        ),
    )
    metadata = etree.SubElement(root, f"{cp}metadata")
    etree.SubElement(metadata, f"{cp}schema").text = "ADL SCORM"
    etree.SubElement(metadata, f"{cp}schemaversion").text = "1.2"

    org_id = ncname("ORG-" + course.id)
    organizations = etree.SubElement(root, f"{cp}organizations", default=org_id)
    organization = etree.SubElement(organizations, f"{cp}organization", identifier=org_id)
    etree.SubElement(organization, f"{cp}title").text = course.title
    for sco in units:
        item = etree.SubElement(
            organization,
            f"{cp}item",
            identifier=_item_id(course, sco),
            identifierref=_resource_id(course, sco),
            isvisible="true",
        )
        etree.SubElement(item, f"{cp}title").text = sco.title
        mastery = mastery_score(course, sco)
        if mastery is not None:
            # Becomes cmi.student_data.mastery_score (SCORM 1.2 CAM, adlcp:masteryscore; 0-100).
            etree.SubElement(item, f"{adlcp}masteryscore").text = str(mastery)

    resources = etree.SubElement(root, f"{cp}resources")
    assets_id = ncname("ASSETS-" + course.id)
    for sco in units:
        resource = etree.SubElement(
            resources,
            f"{cp}resource",
            identifier=_resource_id(course, sco),
            type="webcontent",
            href=sco.href,
        )
        resource.set(f"{adlcp}scormtype", "sco")  # lower-case t in 1.2 (scormType is 2004)
        own = [sco.href] if len(units) > 1 else [sco.href, *shared]
        for href in own:
            etree.SubElement(resource, f"{cp}file", href=href)
        if len(units) > 1:
            etree.SubElement(resource, f"{cp}dependency", identifierref=assets_id)
    if len(units) > 1:
        assets = etree.SubElement(
            resources, f"{cp}resource", identifier=assets_id, type="webcontent"
        )
        assets.set(f"{adlcp}scormtype", "asset")
        for href in shared:
            etree.SubElement(assets, f"{cp}file", href=href)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def mastery_score(course: resolved.Course, sco: Sco) -> int | None:
    """The passing score, for a SCO with an assessment under a rule that asks for a pass.

    Under the ``viewed`` rule there is none: an LMS that applies mastery (Moodle) would turn a
    completed course with a low score into ``failed`` (SCORM 1.2 RTE 3.4.2.1.7, lesson_status).
    """
    if course.completion.rule == "viewed":
        return None
    if not any(p.kind == "assessment" for p in _pages(course, sco)):
        return None
    return course.completion.passing_score


def _item_id(course: resolved.Course, sco: Sco) -> str:
    return ncname("ITEM-" + course.id, *([sco.key] if sco.key else []))


def _resource_id(course: resolved.Course, sco: Sco) -> str:
    return ncname("RES-" + course.id, *([sco.key] if sco.key else []))


def _pages(course: resolved.Course, sco: Sco) -> list[resolved.Page]:
    ids = [pid for m in course.modules if m.id in sco.modules for pid in m.pages]
    return [course.page(pid) for pid in ids]


# --- the limits lint ----------------------------------------------------------------------


def _check_sco(course: resolved.Course, sco: Sco) -> Iterable[Diagnostic]:
    here = Location(f"{course.source_dir}/course.yaml", 1, 1)
    what = f"course `{course.id}`" + (f", module `{sco.key}`" if sco.key else "")
    size = worst_case_state_size(course, sco.modules)
    if size > SCORM12_SUSPEND_DATA_MAX:
        hint = "build with --sco-per-module, or split the course, or ask fewer questions"
        yield error(
            "scorm12.suspend-data",
            f"{what}: the saved learner state can reach {size} characters; SCORM 1.2 "
            f"cmi.suspend_data holds at most {SCORM12_SUSPEND_DATA_MAX}",
            here,
            hint if not sco.key else "split the module or ask fewer questions",
        )
    seen: dict[str, str] = {}
    for page in _pages(course, sco):
        for qid in page.questions:
            question = course.questions[qid]
            iid = interaction_id(qid, page.kind)
            if len(iid) > INTERACTION_ID_MAX or not _CMI_IDENTIFIER.fullmatch(iid):
                yield error(
                    "scorm12.interaction-id",
                    f"{what}: interaction id `{iid}` is not a SCORM 1.2 CMIIdentifier "
                    f"(at most {INTERACTION_ID_MAX} letters, digits, '-' or '_')",
                    question.location,
                )
            elif iid in seen:
                role = "asked by assessments" if page.kind == "assessment" else "checked in lessons"
                yield error(
                    "scorm12.interaction-id",
                    f"{what}: question `{qid}` is {role} `{seen[iid]}` and `{page.id}`; "
                    f"both would report the interaction id `{iid}`",
                    question.location,
                    "use each question in one assessment and one lesson at most, or "
                    "copy it under a new id",
                )
            seen.setdefault(iid, page.id)


def _check_choices(question: resolved.Question) -> Iterable[Diagnostic]:
    if question.type != "true_false" and len(question.options) > len(CHOICE_CHARS):
        yield error(
            "scorm12.choice-options",
            f"question `{question.id}` has {len(question.options)} options; SCORM 1.2 "
            f"choice responses are single characters 0-9/a-z, so at most "
            f"{len(CHOICE_CHARS)} options can be reported",
            question.location,
        )


register(Scorm12Packager())
