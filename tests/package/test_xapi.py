"""The `xapi` format: zip name and layout, tincan.xml, the adapter's configuration, no secrets."""

from __future__ import annotations

import gzip
import io
import json
import shutil
import subprocess
import zipfile
from dataclasses import replace
from pathlib import Path
from types import MappingProxyType
from typing import Any

import pytest
from click.testing import CliRunner
from lxml import etree
from policy_fixture import add_rich_content, make_repo

from trainforge.batch.build import build, load_courses
from trainforge.batch.options import BuildOptions
from trainforge.check import check_package
from trainforge.cli import main
from trainforge.errors import TrainforgeError
from trainforge.package.credentials import find_secret
from trainforge.package.xapi_activities import NAME_MAX, Activities, short_name
from trainforge.questions.scenario import ScenarioQuestion
from trainforge.resolve import resolved
from trainforge.resolve.resolved import PolicyRef
from trainforge.tracking.ids import EXTENSIONS as EXT

ROOT = Path(__file__).resolve().parents[2]
COURSES = ROOT / "courses"
ADAPTER = ROOT / "src" / "trainforge" / "runtime" / "adapters" / "xapi.js"
NS = {"t": "http://projecttincan.com/tincan.xsd"}
ACT = "http://adlnet.gov/expapi/activities/"
BASE = "https://lrs-reports.example.org/training"
COURSE_DIRS = sorted(p for p in COURSES.iterdir() if (p / "course.yaml").is_file())


def build_xapi(tmp_path: Path, course_dir: Path = COURSES, base: str = BASE) -> list[Path]:
    return build(
        [course_dir], ["xapi"], tmp_path, options=BuildOptions(xapi_base_iri=base)
    ).packages


def config_of(zipped: zipfile.ZipFile) -> dict[str, Any]:
    """The activities the build prepended to the adapter (`self.TF_XAPI={...};`)."""
    first = zipped.read("assets/tf-tracking.js").decode().split("\n", 1)[0]
    assert first.startswith("self.TF_XAPI=") and first.endswith(";")
    data: dict[str, Any] = json.loads(first[len("self.TF_XAPI=") : -1])
    return data


@pytest.mark.parametrize("course_dir", COURSE_DIRS, ids=lambda p: p.name)
def test_package_layout_and_tincan_xml(tmp_path: Path, course_dir: Path) -> None:
    course = load_courses([course_dir])[0][0]
    (path,) = build_xapi(tmp_path, course_dir)
    assert path.name == f"{course.id}-{course.version}-{course.language}-xapi.zip"
    with zipfile.ZipFile(path) as z:
        names = z.namelist()
        assert names == sorted(names) and "tincan.xml" in names and "index.html" in names
        assert {"assets/tf-core.js", "assets/tf-tracking.js"} <= set(names)
        root = etree.fromstring(z.read("tincan.xml"))
    assert root.tag == "{http://projecttincan.com/tincan.xsd}tincan"
    activities = root.findall("t:activities/t:activity", NS)
    iri = f"{BASE}/{course.id}"
    first = activities[0]
    assert (first.get("id"), first.get("type")) == (iri, ACT + "course")
    lang = course.language
    assert first.findtext(f"t:name[@lang='{lang}']", namespaces=NS) == course.title
    assert first.findtext(f"t:description[@lang='{lang}']", namespaces=NS)
    assert first.findtext(f"t:launch[@lang='{lang}']", namespaces=NS) == "index.html"
    # Only the root activity is launchable (Rustici launch document).
    assert len(root.findall(".//t:launch", NS)) == 1
    ids = [a.get("id") for a in activities]
    assert len(ids) == len(set(ids))
    expected = (
        [iri]
        + [f"{iri}/modules/{m.id}" for m in course.modules]
        + [f"{iri}/pages/{p.id}" for p in course.pages]
        + [f"{iri}/objectives/{o.id}" for o in course.objectives]
        + [
            f"{iri}/questions/{qid}"
            for q in course.questions.values()
            for qid in [q.id, *(f"{q.id}--{s.id}" for s in steps_of(q))]
        ]
        + (
            [f"{BASE}/policies/{course.attestation.policy}/v{course.attestation.version}"]
            if course.attestation
            else []
        )
    )
    assert ids == expected
    for element in root.iter("{*}name", "{*}description"):
        assert element.get("lang") == lang and element.text
    assert check_package(path) == []


INTERACTION = {
    "true_false": "true-false",
    "single_choice": "choice",
    "multiple_response": "choice",
    "moderation_decision": "choice",
    "highlight": "choice",
    "matching": "matching",
    "ordering": "sequencing",
    "scenario": "performance",
}
COMPONENTS = {"choice": ["choices"], "sequencing": ["choices"], "matching": ["source", "target"]}


def steps_of(q: resolved.Question) -> tuple[resolved.Step, ...]:
    return q.steps if isinstance(q, ScenarioQuestion) else ()


def components_of(q: resolved.Question) -> dict[str, list[str]]:
    """The component ids an interaction definition lists, by component list."""
    if q.type == "matching":
        return {"source": [o.id for o in q.sources], "target": [o.id for o in q.targets]}
    if q.type == "ordering":
        return {"choices": [o.id for o in q.items]}
    if q.type == "scenario":
        return {"steps": [s.id for s in q.steps]}
    return {} if q.type == "true_false" else {"choices": [o.id for o in q.options]}


def pattern_of(q: resolved.Question) -> str:
    """The correct response pattern (xAPI Data §2.4.4.1.2) of a question, from its source."""
    if q.type == "matching":
        return "[,]".join(f"{s}[.]{t}" for s, t in q.pairs)
    if q.type == "ordering":
        return "[,]".join(o.id for o in q.items)
    if q.type == "scenario":
        return "[,]".join(f"{s}[.]{c}" for s, c in best_path(q))
    return "[,]".join(o.id for o in q.options if o.correct)


def best_path(q: resolved.Question) -> list[tuple[str, str]]:
    steps, path, step = {s.id: s for s in q.steps}, [], q.steps[0]
    while step is not None:
        best = next(o for o in step.options if o.correct)
        path.append((step.id, best.id))
        step = steps.get(best.next or "")
    return path


def assert_definitions(course: resolved.Course, root: etree._Element, config: Any) -> None:
    """tincan.xml and the adapter's config describe every question (and step) alike."""
    iri = config["course"]["id"]
    for qid, q in course.questions.items():
        shapes = [(qid, INTERACTION[q.type], pattern_of(q), components_of(q))]
        for step in steps_of(q):
            right = "[,]".join(o.id for o in step.options if o.correct)
            shapes.append(
                (f"{qid}--{step.id}", "choice", right, {"choices": [o.id for o in step.options]})
            )
        for key, kind, pattern, components in shapes:
            node = root.find(f"t:activities/t:activity[@id='{iri}/questions/{key}']", NS)
            assert node is not None and node.get("type") == ACT + "cmi.interaction"
            assert node.findtext("t:interactionType", namespaces=NS) == kind
            patterns = node.findall("t:correctResponsePatterns/t:correctResponsePattern", NS)
            assert [p.text for p in patterns] == [pattern]
            found = {
                c.tag.split("}")[1]: [i.findtext("t:id", namespaces=NS) for i in c]
                for c in node
                if c.tag.split("}")[1] in ("choices", "source", "target", "steps")
            }
            assert found == components, key
            # The statements carry the very same definition as tincan.xml.
            definition = config["questions"][key]["definition"]
            assert definition["interactionType"] == kind
            assert definition["correctResponsesPattern"] == [pattern]
            lang = course.language
            assert definition["name"][lang] == node.findtext("t:name", namespaces=NS)
            assert definition["description"][lang] == node.findtext("t:description", namespaces=NS)
            for name, ids in components.items():
                assert [c["id"] for c in definition[name]] == ids
                texts = node.findall(f"t:{name}/t:component/t:description", NS)
                assert [c["description"][lang] for c in definition[name]] == [t.text for t in texts]


def test_question_activities_match_the_source(tmp_path: Path) -> None:
    course = load_courses([COURSES / "harassment-bullying"])[0][0]
    (path,) = build_xapi(tmp_path, COURSES / "harassment-bullying")
    with zipfile.ZipFile(path) as z:
        root = etree.fromstring(z.read("tincan.xml"))
        config = config_of(z)
    assert_definitions(course, root, config)
    assert {q.type for q in course.questions.values()} >= {
        "single_choice",
        "multiple_response",
        "true_false",
    }
    assert config["course"]["id"] == f"{BASE}/hb-101"
    assert set(config["pages"]) == {p.id for p in course.pages}
    assert set(config["modules"]) == {m.id for m in course.modules}


# --- policy courses: every question type, pre/post-tests, attestation ---------------------------


@pytest.fixture(scope="module")
def rich(tmp_path_factory: pytest.TempPathFactory) -> tuple[resolved.Course, Path]:
    """The policy fixture course with every question type and an attestation, as an xAPI zip."""
    course_dir = make_repo(tmp_path_factory.mktemp("repo"), released=1)
    add_rich_content(course_dir)
    (path,) = build_xapi(tmp_path_factory.mktemp("out"), course_dir)
    return load_courses([course_dir])[0][0], path


def test_every_question_type_is_an_interaction_of_its_kind(
    rich: tuple[resolved.Course, Path],
) -> None:
    course, path = rich
    with zipfile.ZipFile(path) as z:
        root = etree.fromstring(z.read("tincan.xml"))
        config = config_of(z)
    assert_definitions(course, root, config)
    assert {q.type for q in course.questions.values()} == set(INTERACTION) - {
        "multiple_response", "highlight"}
    definitions = {k: v["definition"] for k, v in config["questions"].items()}
    # The two groups of a moderation decision are one choice: the right action and clause.
    assert definitions["mod-1"]["correctResponsesPattern"] == ["remove[,]HB-3.2"]
    assert definitions["match-1"]["correctResponsesPattern"] == ["s1[.]t1[,]s2[.]t2"]
    assert [c["id"] for c in definitions["match-1"]["target"]] == ["t1", "t2", "t9"]
    assert definitions["order-1"]["correctResponsesPattern"] == ["read[,]match[,]act"]
    assert definitions["case-1"]["correctResponsesPattern"] == ["start[.]a[,]second[.]a"]
    assert definitions["case-1--second"]["correctResponsesPattern"] == ["a"]
    assert check_package(path) == []


def test_the_attested_policy_version_is_an_activity(rich: tuple[resolved.Course, Path]) -> None:
    _, path = rich
    with zipfile.ZipFile(path) as z:
        root = etree.fromstring(z.read("tincan.xml"))
        config = config_of(z)
    iri = f"{BASE}/policies/hb/v2"
    assert config["attestation"] == {
        "id": iri,
        "definition": {
            "type": "http://id.tincanapi.com/activitytype/document",
            "name": {"en": "Harassment & Bullying v2"},
        },
        "context": {EXT + "policy-id": "hb", EXT + "policy-version": 2},
    }
    node = root.find(f"t:activities/t:activity[@id='{iri}']", NS)
    assert node is not None
    assert node.findtext("t:name", namespaces=NS) == "Harassment & Bullying v2"


def test_every_page_and_question_names_its_policy(rich: tuple[resolved.Course, Path]) -> None:
    _, path = rich
    with zipfile.ZipFile(path) as z:
        config = config_of(z)
    for group in ("pages", "questions"):
        for key, activity in config[group].items():
            context = activity["context"]
            assert (context[EXT + "policy-id"], context[EXT + "policy-version"]) == ("hb", 2), key
    # A decision's clause, a step's scenario's clauses, a "What changed" page's policy.
    assert config["questions"]["mod-1"]["context"][EXT + "clauses"] == ["HB-3.2"]
    assert config["questions"]["case-1--end"]["context"][EXT + "clauses"] == ["HB-3.2"]
    assert EXT + "clauses" not in config["pages"]["what-changed"]["context"]


def test_pre_and_post_tests_are_marked_and_paired() -> None:
    course = load_courses([COURSES / "harassment-bullying"])[0][0]
    final = course.pages[-1]
    pre = replace(final, id="baseline", role="pre", pairs_with=final.id)
    post = replace(final, role="post", pairs_with="baseline")
    course = replace(course, pages=(pre, *course.pages[:-1], post))
    activities = Activities(course, BASE)
    iri = f"{BASE}/hb-101/pages/"
    assert activities.pages["baseline"]["context"][EXT + "assessment-role"] == "pre"
    assert activities.pages["baseline"]["context"][EXT + "paired-with"] == iri + final.id
    assert activities.pages[final.id]["context"][EXT + "assessment-role"] == "post"
    assert activities.pages[final.id]["context"][EXT + "paired-with"] == iri + "baseline"
    assert EXT + "assessment-role" not in activities.pages[course.pages[1].id]["context"]


def test_rebuild_is_byte_identical(tmp_path: Path) -> None:
    first = build_xapi(tmp_path / "a")
    second = build_xapi(tmp_path / "b")
    assert [p.name for p in first] == [p.name for p in second]
    for a, b in zip(first, second, strict=True):
        assert a.read_bytes() == b.read_bytes()


def test_base_iri_slash_and_cli_option(tmp_path: Path) -> None:
    course = COURSES / "minor-safety"
    result = CliRunner().invoke(
        main,
        [
            "build",
            str(course),
            "-f",
            "xapi",
            "-o",
            str(tmp_path),
            "--xapi-base-iri",
            "https://academy.example.com/c/",
        ],
    )
    assert result.exit_code == 0, result.output
    with zipfile.ZipFile(tmp_path / "ms-101-1.0.0-en-xapi.zip") as z:
        assert config_of(z)["course"]["id"] == "https://academy.example.com/c/ms-101"
        assert b'id="https://academy.example.com/c/ms-101"' in z.read("tincan.xml")


@pytest.mark.parametrize(
    ("base", "code"),
    [
        ("training.example.org/courses", "xapi.base-iri"),
        ("ftp://training.example.org/courses", "xapi.base-iri"),
        ("https://training.example.org/courses#top", "xapi.base-iri"),
        ("https://training.example.org/my courses", "xapi.base-iri"),
        ("https://training.example.org/courses?x=1", "xapi.base-iri"),
        ("https://key:secret@training.example.org/courses", "package.secret"),
        ("https://training.example.org/courses?auth=Basic%20a2V5OnNlY3JldA==", "package.secret"),
    ],
)
def test_bad_base_iri_is_refused_before_writing(tmp_path: Path, base: str, code: str) -> None:
    with pytest.raises(TrainforgeError) as info:
        build_xapi(tmp_path, COURSES / "minor-safety", base)
    (d,) = info.value.diagnostics
    assert (d.code, d.location.path) == (code, "--xapi-base-iri")
    assert not tmp_path.exists() or not list(tmp_path.iterdir())


def _course_yaml_line(course: Path, key: str) -> int:
    lines = (course / "course.yaml").read_text(encoding="utf-8").splitlines()
    return next(i for i, line in enumerate(lines, 1) if line.startswith(f"{key}:"))


def test_xapi_without_a_base_iri_is_a_located_error(tmp_path: Path) -> None:
    """No silent `https://training.example.org/…`: the course must say whose ids they are."""
    course = copy_course(tmp_path)
    yaml_file = course / "course.yaml"
    yaml_file.write_text("".join(line for line in yaml_file.read_text("utf-8")
                                 .splitlines(keepends=True) if "xapi_base_iri" not in line),
                         encoding="utf-8")
    result = CliRunner().invoke(main, ["build", str(course), "-f", "xapi", "-o",
                                       str(tmp_path / "out")])
    assert result.exit_code == 1, result.output
    assert "course.yaml:1:1: error: an xAPI package needs a base IRI" in result.output
    assert "[xapi.base-iri-missing]" in result.output and "Traceback" not in result.output
    assert not (tmp_path / "out").exists() or not list((tmp_path / "out").glob("*.zip"))
    # The other formats do not need one.
    ok = CliRunner().invoke(main, ["build", str(course), "-f", "scorm12", "-o",
                                   str(tmp_path / "out")])
    assert ok.exit_code == 0, ok.output


def test_the_example_base_iri_is_refused_where_it_is_written(tmp_path: Path) -> None:
    course = copy_course(tmp_path)
    yaml_file = course / "course.yaml"
    line = _course_yaml_line(course, "xapi_base_iri")
    yaml_file.write_text(yaml_file.read_text("utf-8").replace(
        "https://learning.trust-safety.example/courses", "https://training.example.org/courses"),
        encoding="utf-8")
    with pytest.raises(TrainforgeError) as info:
        build([course], ["xapi"], tmp_path / "out")
    (d,) = info.value.diagnostics
    assert d.code == "xapi.base-iri-example"
    assert (d.location.path.endswith("hb/course.yaml"), d.location.line, d.location.col) == (
        True, line, 16)
    with pytest.raises(TrainforgeError) as info:
        build([course], ["xapi"], tmp_path / "out",
              options=BuildOptions(xapi_base_iri="https://training.example.org/x"))
    assert [(d.code, d.location.path) for d in info.value.diagnostics] == [
        ("xapi.base-iri-example", "--xapi-base-iri")]


def test_course_yaml_base_iri_and_the_option_overriding_it(tmp_path: Path) -> None:
    (path,) = build([COURSES / "minor-safety"], ["xapi"], tmp_path / "own").packages
    with zipfile.ZipFile(path) as z:
        assert config_of(z)["course"]["id"] == "https://learning.trust-safety.example/courses/ms-101"
    (path,) = build_xapi(tmp_path / "cli", COURSES / "minor-safety")
    with zipfile.ZipFile(path) as z:
        assert config_of(z)["course"]["id"] == f"{BASE}/ms-101"


def copy_course(tmp_path: Path) -> Path:
    course = tmp_path / "src" / "hb"
    shutil.copytree(COURSES / "harassment-bullying", course)
    if (ROOT / "policies").is_dir():  # the registry the course cites, found in a parent folder
        shutil.copytree(ROOT / "policies", tmp_path / "src" / "policies")
    return course


def test_credentials_in_lesson_text_are_refused_with_their_line(tmp_path: Path) -> None:
    course = copy_course(tmp_path)
    lesson = course / "lessons" / "02-scope.md"
    lines = lesson.read_text(encoding="utf-8").splitlines()
    lines.insert(8, "Launch: https://lms.example/c?endpoint=https%3A%2F%2Flrs%2F&auth=Basic%20eDp5")
    lesson.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(TrainforgeError) as info:
        build_xapi(tmp_path / "out", course)
    (d,) = info.value.diagnostics
    assert d.code == "package.secret"
    assert d.location.path.endswith("hb/lessons/02-scope.md") and d.location.line == 9
    assert "`auth=`" in d.message
    assert not (tmp_path / "out").exists()


def test_basic_credential_in_a_question_is_refused(tmp_path: Path) -> None:
    course = copy_course(tmp_path)
    bank = course / "questions" / "final.yaml"
    text = bank.read_text(encoding="utf-8")
    # base64("lrs-key:lrs-secret"), as an Authorization header would carry it
    bank.write_text(
        text.replace(
            "prompt: >-\n", "prompt: >-\n      Authorization: Basic bHJzLWtleTpscnMtc2VjcmV0\n", 1
        ),
        encoding="utf-8",
    )
    with pytest.raises(TrainforgeError) as info:
        build_xapi(tmp_path / "out", course)
    (d,) = info.value.diagnostics
    assert d.code == "package.secret" and "HTTP Basic" in d.message
    assert d.location.path.endswith("questions/final.yaml") and d.location.line > 0


def test_credential_like_options_are_refused(tmp_path: Path) -> None:
    options = BuildOptions(extra={"lrs_endpoint": "https://lrs.example/xAPI/", "theme": "x"})
    with pytest.raises(TrainforgeError) as info:
        build([COURSES / "minor-safety"], ["xapi"], tmp_path, options=options)
    (d,) = info.value.diagnostics
    assert d.code == "package.secret" and "lrs_endpoint" in d.message


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("Basic training covers the policy.", False),
        ("Basic understanding is required.", False),
        ("Authorization: Basic dXNlcjpwYXNzd29yZA==", True),
        ("Bearer eyJhbGciOiJIUzI1NiJ9.e30.abc", True),
        ("see https://admin:hunter2@lrs.example.org/xAPI/", True),
        ("see https://lrs.example.org/xAPI/ for reports", False),
        ("a ?auth= with nothing after", False),
        ("launch?endpoint=x&auth=QmFzaWM", True),
        ("email me at someone@example.org", False),
    ],
)
def test_secret_patterns(text: str, found: bool) -> None:
    assert (find_secret(text) is not None) is found


def test_short_name() -> None:
    assert short_name("Short prompt?") == "Short prompt?"
    long = "word " * 60
    name = short_name(long.strip())
    assert len(name) <= NAME_MAX and name.endswith("…") and not name.endswith(" …")


def test_adapter_parses_and_is_small() -> None:
    node = shutil.which("node")
    assert node, "node is needed to parse the adapter"
    subprocess.run([node, "--check", str(ADAPTER)], check=True)
    raw = ADAPTER.read_bytes()
    buffer = io.BytesIO()
    with gzip.GzipFile(fileobj=buffer, mode="wb", mtime=0) as gz:
        gz.write(raw)
    print(f"xapi.js: {len(raw)} bytes raw, {len(buffer.getvalue())} gzipped")
    assert len(raw) < 24_000


def uncited(course: resolved.Course) -> resolved.Course:
    """`course` without any policy citation, for tests that add their own."""
    return replace(
        course,
        policies=(),
        objectives=tuple(replace(o, cites=()) for o in course.objectives),
        pages=tuple(replace(p, cites=()) for p in course.pages),
        questions=MappingProxyType({k: replace(q, cites=()) for k, q in course.questions.items()}),
    )


def test_policy_and_objective_extensions() -> None:
    course = uncited(load_courses([COURSES / "harassment-bullying"])[0][0])
    policy = PolicyRef("hb", "Harassment and bullying", 4, "2026-01-01", ("HB-3.2", "HB-4"))
    other = PolicyRef("ms", "Minor safety", 2, "2026-01-01", ("MS-1",))
    objectives = tuple(
        replace(o, cites=("HB-4",)) if o.id == "obj-targets" else o for o in course.objectives
    )
    pages = tuple(
        replace(p, cites=("MS-1", "HB-3.2")) if p.id == "hb-scope" else p for p in course.pages
    )
    course = replace(course, policies=(policy, other), objectives=objectives, pages=pages)
    activities = Activities(course, BASE)
    assert activities.course["context"] == {
        EXT + "policies": [{"id": "hb", "version": 4}, {"id": "ms", "version": 2}]
    }
    assert activities.pages["hb-scope"]["context"] == {
        EXT + "policy-id": "ms",
        EXT + "policy-version": 2,
        EXT + "clauses": ["MS-1", "HB-3.2"],
        EXT + "objectives": list(course.page("hb-scope").objectives),
    }
    # No clause of its own: a question takes those of its objectives.
    question = next(q for q in course.questions.values() if q.objectives == ("obj-targets",))
    assert activities.questions[question.id]["context"] == {
        EXT + "policy-id": "hb",
        EXT + "policy-version": 4,
        EXT + "clauses": ["HB-4"],
        EXT + "objectives": ["obj-targets"],
    }
    # A "What changed" page is about the policy whose changes it lists.
    changes = next(p for p in course.pages if p.changes)
    assert activities.pages[changes.id]["context"] == {
        EXT + "policy-id": "hb",
        EXT + "policy-version": 4,
    }
    # In a course about two policies, a page citing nothing is about neither.
    lesson = next(p for p in course.pages if p.kind == "lesson" and not p.changes)
    bare = replace(course, pages=(replace(lesson, objectives=(), cites=()),))
    assert Activities(bare, BASE).pages[lesson.id]["context"] == {}
