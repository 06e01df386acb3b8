"""``scorm12``: a SCORM 1.2 content package (one SCO, or one SCO per module) and its limits lint.

The manifest is built with lxml and is valid against the four SCORM 1.2 controlling documents,
which the package carries at its root byte-for-byte. Every identifier derives from the course id,
version and module ids, so rebuilding the same course version gives the same manifest (and item
and resource identifiers survive a new version, so an LMS can map its tracking across republish).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from lxml import etree

from trainforge import runtime
from trainforge.batch.options import BuildOptions
from trainforge.errors import Diagnostic, Location, error, warning
from trainforge.package.base import Package, Packager, register
from trainforge.questions.matching import MatchingQuestion
from trainforge.questions.ordering import OrderingQuestion
from trainforge.questions.scenario import ScenarioQuestion
from trainforge.render.site import Site, View
from trainforge.resolve import resolved
from trainforge.runtime.statesize import SCORM12_SUSPEND_DATA_MAX, worst_case_state_size
from trainforge.standards.xsd import ADLCP_NS, IMSCP_NS, IMSMD_NS, scorm12_xsd_files
from trainforge.tracking import config
from trainforge.tracking.ids import (
    ATTEST_PREFIX,
    CMI_IDENTIFIER_MAX,
    KEY_CHARS,
    attestation_interaction_id,
    attestation_objective_id,
    interaction_id,
    is_cmi_identifier,
    manifest_ids,
    role_of,
)

XSI_NS = "http://www.w3.org/2001/XMLSchema-instance"
MANIFEST = "imsmanifest.xml"
# SCORM 1.2 sets no smallest permitted maximum for cmi.objectives; the SCORM 2004 RTE's is 100
# (cmi.objectives SPM), and LMSs that implement both commonly hold that many and no more.
OBJECTIVES_MAX = 100
ATTESTATION = ""  # in the interaction-id lint: the attestation's record, not a page
CONFIG = "TF_SCORM12"  # the adapter's tracking config (tracking/config.py)


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
        tracking = f"assets/{runtime.TRACKING}"
        files[tracking] = config.script_line(CONFIG, config.scorm12(course)) + files[tracking]
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


def tracked_objectives(course: resolved.Course, sco: Sco) -> list[str]:
    """Every cmi.objectives id the adapter may write for ``sco``, in its order: the learning
    objectives its pages teach, the clauses its (non-pre) assessments score, the attestation."""
    on = {o for p in _pages(course, sco) for o in config.page_objectives(course, p)}
    ids = [o for o in config.objective_order(course) if o in on]
    if course.attestation is not None:
        ids.append(attestation_objective_id(course.attestation.policy))
    return ids


# --- the manifest -------------------------------------------------------------------------


def manifest(course: resolved.Course, units: Sequence[Sco], shared: Sequence[str]) -> bytes:
    """imsmanifest.xml for ``units``; ``shared`` are the files every SCO needs (runtime, media)."""
    cp, adlcp = f"{{{IMSCP_NS}}}", f"{{{ADLCP_NS}}}"
    ids = manifest_ids(course.id, course.version)
    root = etree.Element(
        f"{cp}manifest",
        # lxml-stubs 0.5 types nsmap keys as str; None (the default namespace) is what lxml takes.
        nsmap={None: IMSCP_NS, "adlcp": ADLCP_NS, "xsi": XSI_NS},  # type: ignore[dict-item]
        identifier=ids["manifest"],
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

    org_id = ids["organization"]
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
    assets_id = ids["assets"]
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
    """The passing score, for a SCO with a (counted) assessment under a rule that asks for one.

    Under the ``viewed`` rule there is none: an LMS that applies mastery (Moodle) would turn a
    completed course with a low score into ``failed`` (SCORM 1.2 RTE 3.4.2.1.7, lesson_status).
    Nor while a failed attempt leaves a retake (``report_failed: when-no-attempts-left`` with more
    than one attempt): the course then reports ``incomplete`` with its score so far, which such an
    LMS would turn into ``failed``, a finished attempt, so the retake could never count.
    """
    completion = course.completion
    if completion.rule == "viewed":
        return None
    if completion.report_failed == "when-no-attempts-left" and completion.max_attempts != 1:
        return None
    # A pre-test does not count: a SCO with nothing else is judged by what was viewed.
    if not any(p.kind == "assessment" and p.role != "pre" for p in _pages(course, sco)):
        return None
    return course.completion.passing_score


def _item_id(course: resolved.Course, sco: Sco) -> str:
    return manifest_ids(course.id, course.version, sco.key)["item"]


def _resource_id(course: resolved.Course, sco: Sco) -> str:
    return manifest_ids(course.id, course.version, sco.key)["resource"]


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
    if course.attestation is not None:
        a = course.attestation
        seen[attestation_interaction_id(a.policy, a.version)] = ATTESTATION
    for page in _pages(course, sco):
        role = role_of(page)
        for qid in page.questions:
            question = course.questions[qid]
            steps = [interaction_id(qid, role, s.id) for s in _steps(question)]
            for iid in [interaction_id(qid, role), *steps]:
                if not is_cmi_identifier(iid):
                    yield error(
                        "scorm12.interaction-id",
                        f"{what}: interaction id `{iid}` is not a SCORM 1.2 CMIIdentifier "
                        f"(at most {CMI_IDENTIFIER_MAX} letters, digits, '-' or '_')",
                        question.location,
                    )
                elif iid in seen:
                    yield error(
                        "scorm12.interaction-id",
                        _clash(what, qid, page, seen[iid], iid),
                        question.location,
                        "use each question in one assessment and one lesson at most, or "
                        "copy it under a new id",
                    )
                seen.setdefault(iid, page.id)
    yield from _check_objectives(course, sco, what, here)


def _clash(what: str, qid: str, page: resolved.Page, first: str, iid: str) -> str:
    if first == ATTESTATION:
        return f"{what}: question `{qid}` would report `{iid}`, the attestation's interaction id"
    role = "asked by assessments" if page.kind == "assessment" else "checked in lessons"
    return (
        f"{what}: question `{qid}` is {role} `{first}` and `{page.id}`; both would report the "
        f"interaction id `{iid}`"
    )


def _check_objectives(
    course: resolved.Course, sco: Sco, what: str, here: Location
) -> Iterable[Diagnostic]:
    """cmi.objectives.n.id values are CMIIdentifiers, distinct, and not too many."""
    ids = tracked_objectives(course, sco)
    for oid in dict.fromkeys(ids):
        if not is_cmi_identifier(oid):
            yield error(
                "scorm12.objective-id",
                f"{what}: objective id `{oid}` is not a SCORM 1.2 CMIIdentifier "
                f"(at most {CMI_IDENTIFIER_MAX} letters, digits, '-' or '_')",
                here,
            )
        elif ids.count(oid) > 1:
            yield error(
                "scorm12.objective-id",
                f"{what}: the learning objective `{oid}` has the id the course reports for "
                "its attestation",
                here,
                f"rename the objective: ids starting `{ATTEST_PREFIX}` name attestations",
            )
    if len(ids) > OBJECTIVES_MAX:
        yield warning(
            "scorm12.objectives",
            f"{what}: reports {len(ids)} objectives (learning objectives, policy clauses and "
            f"the attestation); many LMSs hold at most {OBJECTIVES_MAX}",
            here,
            "build with --sco-per-module, or cite fewer clauses in the assessments",
        )


def _check_choices(question: resolved.Question) -> Iterable[Diagnostic]:
    """Every list a response is written from maps onto the 36 single characters."""
    lists: list[tuple[str, Sequence[object]]] = [
        ("options", () if question.type == "true_false" else question.options)]
    if isinstance(question, MatchingQuestion):
        lists += [("sources", question.sources), ("targets", question.targets)]
    if isinstance(question, OrderingQuestion):
        lists.append(("items", question.items))
    lists.append(("steps", _steps(question)))
    lists += [(f"choices in step `{s.id}`", s.options) for s in _steps(question)]
    for name, items in lists:
        if len(items) > len(KEY_CHARS):
            yield error(
                "scorm12.choice-options",
                f"question `{question.id}` has {len(items)} {name}; SCORM 1.2 responses are "
                f"single characters 0-9/a-z, so at most {len(KEY_CHARS)} {name} can be "
                "reported",
                question.location,
            )


def _steps(question: resolved.Question) -> tuple[resolved.Step, ...]:
    return question.steps if isinstance(question, ScenarioQuestion) else ()


register(Scorm12Packager())
