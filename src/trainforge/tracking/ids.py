"""Every tracking id trainforge mints, and the parse back from a learning record to the course.

An LMS or LRS keeps these ids for good, so each rule lives here once: the packagers write them
into manifests and into the config the runtime's adapters read (tracking/config.py), the lints
check them, item metadata joins on them, and reports parse them back with the ``parse_*``
functions. Ids come from the sources' stable ids, never from the build.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from trainforge.resolve import resolved

Role = Literal["check", "assessment", "pre"]
ROLES: tuple[Role, ...] = ("check", "assessment", "pre")

# --- SCORM 1.2 -----------------------------------------------------------------------------

# SCORM 1.2 RTE 3.4.2.7: cmi.interactions.n.id is a CMIIdentifier (≤ 255 characters, no
# whitespace; the spec names alphanumerics, '-' and '_', which is what strict LMSs accept).
CMI_IDENTIFIER_MAX = 255
_CMI_IDENTIFIER = re.compile(r"[A-Za-z0-9_-]+")
# SCORM 1.2 RTE 3.4.2.7: a `choice` response is a single character 0-9 or a-z. Ids map onto
# these by position (authored order), letters first so that options a, b, c … read the same in
# LMS reports.
KEY_CHARS = "abcdefghijklmnopqrstuvwxyz0123456789"
# RTE 3.4.2.7: a true-false response is one of 0, 1, t, f.
TRUE_FALSE = {"true": "t", "false": "f"}
# A knowledge check (a question graded in a lesson) never mixes with the same question asked by
# an assessment; a pre-test (role: pre) has its own, so one item can measure learning gain.
SUFFIXES: dict[Role, str] = {"check": "_check", "assessment": "", "pre": "_pre"}
# A scenario's step: `<question id>--<step id>` (also its player id and xAPI activity).
STEP_SEP = "--"
# One cmi.objectives record per policy clause an assessment scores (`clause-HB-3_2`: '.' is not
# a CMIIdentifier character and clause ids never hold '_'); per attested policy an objective
# `attest-hb` and an interaction `attest-hb-v2`.
CLAUSE_PREFIX = "clause-"
ATTEST_PREFIX = "attest-"
_ATTEST_VERSION = "-v"
# Anything outside the XML NCName characters we allow (xs:ID); ids are [a-z0-9-] already.
_NOT_NCNAME = re.compile(r"[^A-Za-z0-9._-]")

# --- xAPI ----------------------------------------------------------------------------------

#: Every IRI trainforge mints itself lives under this root (README "xAPI packages").
IRI_ROOT = "https://trainforge.dev/xapi/"
EXTENSIONS = IRI_ROOT + "extensions/"
#: No ADL verb means "attested to having read and understood" a document.
VERB_ATTESTED = IRI_ROOT + "verbs/attested"
#: The State API document the player's state goes to.
STATE_BOOKMARK = IRI_ROOT + "state/bookmark"
#: Context extension keys by name: the Python side and the adapter's use the same names.
EXTENSION_NAMES = (
    "policies",  # course statements: [{"id", "version"}] the course was built on
    "policy-id",  # page/question: the policy of its first cited clause
    "policy-version",  # ... and that policy's version
    "clauses",  # page/question: cited clause ids (or its objectives')
    "objectives",  # page/question: learning objective ids
    "assessment-role",  # pre/post-test pages and their questions: "pre" or "post"
    "paired-with",  # a pre/post-test page: the activity id of its pair
    "question-kind",  # answered: "check" or "assessment"
    "attempt",  # answered, an assessment's passed/failed: the attempt from 1
)
# The activity kinds below a course IRI, and the path segment each lives under.
ActivityKind = Literal["course", "module", "page", "question", "step", "objective",
                       "attestation"]
_SEGMENTS: dict[ActivityKind, str] = {"module": "modules", "page": "pages",
                                      "question": "questions", "objective": "objectives"}


def extension(name: str) -> str:
    """The IRI of a context extension (one of EXTENSION_NAMES)."""
    return EXTENSIONS + name


# --- minting -------------------------------------------------------------------------------


def role_of(page: resolved.Page) -> Role:
    """How a question on ``page`` reports: a lesson's knowledge check, a pre-test, an assessment."""
    if page.kind == "lesson":
        return "check"
    return "pre" if page.role == "pre" else "assessment"


def step_id(question_id: str, step: str) -> str:
    """The id of one step of a branching scenario, as a question of its own."""
    return f"{question_id}{STEP_SEP}{step}"


def interaction_id(question_id: str, role: Role, step: str = "") -> str:
    """cmi.interactions.n.id of a question (or one of its scenario's steps) in ``role``."""
    return (step_id(question_id, step) if step else question_id) + SUFFIXES[role]


def clause_objective_id(clause: str) -> str:
    """The cmi.objectives id of a policy clause: ``HB-3.2`` → ``clause-HB-3_2``."""
    return CLAUSE_PREFIX + clause.replace(".", "_")


def attestation_objective_id(policy: str) -> str:
    """The cmi.objectives id of an attested policy: ``attest-hb``."""
    return ATTEST_PREFIX + policy


def attestation_interaction_id(policy: str, version: int) -> str:
    """The interaction id of an attestation of one policy version: ``attest-hb-v2``."""
    return f"{attestation_objective_id(policy)}{_ATTEST_VERSION}{version}"


def is_cmi_identifier(text: str) -> bool:
    """Whether ``text`` is a SCORM 1.2 CMIIdentifier as strict LMSs take it."""
    return len(text) <= CMI_IDENTIFIER_MAX and _CMI_IDENTIFIER.fullmatch(text) is not None


def keys(ids: Sequence[str]) -> dict[str, str]:
    """The SCORM 1.2 response character of each id, by position (at most len(KEY_CHARS))."""
    return dict(zip(ids, KEY_CHARS, strict=False))


def ncname(*parts: str) -> str:
    """An xs:ID (NCName) from stable parts: '.' joins them, since our ids never contain one."""
    text = _NOT_NCNAME.sub("_", ".".join(parts))
    return text if re.match(r"[A-Za-z_]", text) else f"_{text}"


def manifest_ids(course_id: str, version: str, sco: str = "") -> dict[str, str]:
    """imsmanifest.xml identifiers: the manifest, organization, item, resource and shared assets.

    Item and resource ids survive a new version, so an LMS that updates a package in place
    keeps its records; ``sco`` is the module id of a SCO per module ("" for the whole course).
    """
    own = [sco] if sco else []
    return {
        "manifest": ncname("MANIFEST-" + course_id, version),
        "organization": ncname("ORG-" + course_id),
        "item": ncname("ITEM-" + course_id, *own),
        "resource": ncname("RES-" + course_id, *own),
        "assets": ncname("ASSETS-" + course_id),
    }


def item_id(question_id: str, option: str | None = None) -> str:
    """The id of a question's (or an option's) row in item metadata: ``q``, ``q/o``."""
    return question_id if option is None else f"{question_id}/{option}"


def course_iri(base: str, course_id: str) -> str:
    """The xAPI activity id of a course: ``<base>/<course id>``."""
    return f"{base.rstrip('/')}/{course_id}"


def activity_iri(course: str, kind: ActivityKind, node: str) -> str:
    """The activity id of a module, page, question (a step too) or objective of ``course``."""
    return f"{course}/{_SEGMENTS[kind]}/{node}"


def attestation_iri(base: str, policy: str, version: int) -> str:
    """One activity per attested policy version, whichever course asks for the attestation."""
    return f"{base.rstrip('/')}/policies/{policy}/v{version}"


# --- parsing back --------------------------------------------------------------------------


@dataclass(frozen=True)
class InteractionRef:
    """What a SCORM interaction id names: a question (or a scenario step) in a role."""

    question: str
    role: Role
    step: str | None = None


@dataclass(frozen=True)
class AttestationRef:
    """An attestation's interaction (``version`` set) or objective (``version`` None)."""

    policy: str
    version: int | None = None


@dataclass(frozen=True)
class ObjectiveRef:
    """What a cmi.objectives id names: a learning objective, a policy clause, an attestation."""

    kind: Literal["learning", "clause", "attestation"]
    id: str  # the objective id, the clause id (``HB-3.2``) or the policy id


@dataclass(frozen=True)
class ActivityRef:
    """What an xAPI activity id names, below the base IRI."""

    kind: ActivityKind
    course: str | None  # None for an attested policy version
    id: str | None = None  # module, page, question, objective id; the policy id
    step: str | None = None
    version: int | None = None  # an attested policy version


@dataclass(frozen=True)
class ItemRef:
    """An item metadata row id: a question, or one of its options."""

    question: str
    option: str | None = None


def split_step(text: str, questions: Collection[str] | None = None) -> tuple[str, str | None]:
    """(question id, step id or None) of a question or step id; ``questions`` (the course's)
    settles a question id that itself holds ``--``."""
    if questions is not None and text in questions:
        return text, None
    parts = text.split(STEP_SEP)
    for cut in range(1, len(parts)):
        head = STEP_SEP.join(parts[:cut])
        if questions is None or head in questions:
            return head, STEP_SEP.join(parts[cut:])
    return text, None


def parse_interaction_id(
    text: str, questions: Collection[str] | None = None, policies: Collection[str] | None = None
) -> InteractionRef | AttestationRef:
    """Read a cmi.interactions.n.id back: question ids never hold ``_``, so a suffix is a role;
    ``attest-<policy>-v<n>`` is an attestation (of a known policy, when ``policies`` is given)."""
    attested = _attestation(text, policies, with_version=True)
    if attested is not None and (questions is None or text not in questions):
        return attested
    role: Role = "assessment"
    for candidate in ROLES:
        suffix = SUFFIXES[candidate]
        if suffix and text.endswith(suffix):
            role, text = candidate, text[: -len(suffix)]
    question, step = split_step(text, questions)
    return InteractionRef(question, role, step)


def parse_objective_id(text: str, policies: Collection[str] | None = None) -> ObjectiveRef:
    """Read a cmi.objectives.n.id back (clause ids start upper-case, objective ids never do)."""
    clause = text[len(CLAUSE_PREFIX) :] if text.startswith(CLAUSE_PREFIX) else ""
    if clause[:1].isupper():
        return ObjectiveRef("clause", clause.replace("_", "."))
    attested = _attestation(text, policies, with_version=False)
    if attested is not None:
        return ObjectiveRef("attestation", attested.policy)
    return ObjectiveRef("learning", text)


def _attestation(
    text: str, policies: Collection[str] | None, with_version: bool
) -> AttestationRef | None:
    if not text.startswith(ATTEST_PREFIX):
        return None
    rest, version = text[len(ATTEST_PREFIX) :], None
    if with_version:
        policy, sep, number = rest.rpartition(_ATTEST_VERSION)
        if not sep or not number.isdigit():
            return None
        rest, version = policy, int(number)
    if not rest or (policies is not None and rest not in policies):
        return None
    return AttestationRef(rest, version)


def parse_activity_iri(
    iri: str, base: str, questions: Collection[str] | None = None
) -> ActivityRef | None:
    """Read an xAPI activity id of a course under ``base`` back; None if it is not one of ours."""
    root = base.rstrip("/") + "/"
    if not iri.startswith(root):
        return None
    parts = iri[len(root) :].split("/")
    kinds: dict[str, ActivityKind] = {segment: kind for kind, segment in _SEGMENTS.items()}
    if len(parts) == 1 and parts[0]:
        return ActivityRef("course", parts[0])
    version = parts[2][1:] if len(parts) == 3 and parts[2][:1] == "v" else ""
    if parts[0] == "policies" and parts[1] not in kinds and version.isdigit():
        return ActivityRef("attestation", None, parts[1], version=int(version))
    if len(parts) != 3 or parts[1] not in kinds or not parts[2]:
        return None
    kind = kinds[parts[1]]
    if kind != "question":
        return ActivityRef(kind, parts[0], parts[2])
    question, step = split_step(parts[2], questions)
    return ActivityRef("step" if step else "question", parts[0], question, step)


def parse_extension(iri: str) -> str | None:
    """The name of one of our context extensions, or None."""
    name = iri[len(EXTENSIONS) :] if iri.startswith(EXTENSIONS) else ""
    return name if name in EXTENSION_NAMES else None


def parse_item_id(text: str) -> ItemRef:
    """Read an item metadata row id back (question ids never hold ``/``)."""
    question, _, option = text.partition("/")
    return ItemRef(question, option or None)


def parse_key(table: dict[str, str], char: str) -> str | None:
    """The id a SCORM response character stands for in one key table."""
    return next((k for k, v in table.items() if v == char), None)
