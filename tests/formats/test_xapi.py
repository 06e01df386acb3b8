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

from trainforge import resolved
from trainforge.build import build, load_courses
from trainforge.check import check_package
from trainforge.cli import main
from trainforge.errors import TrainforgeError
from trainforge.formats.base import BuildOptions
from trainforge.formats.secrets import find_secret
from trainforge.formats.xapi_activities import EXT, NAME_MAX, Activities, short_name
from trainforge.resolved import PolicyRef

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
    assert path.name == f"{course.id}-{course.version}-xapi.zip"
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
        + [f"{iri}/questions/{q}" for q in course.questions]
    )
    assert ids == expected
    for element in root.iter("{*}name", "{*}description"):
        assert element.get("lang") == lang and element.text
    assert check_package(path) == []


def test_question_activities_match_the_source(tmp_path: Path) -> None:
    course = load_courses([COURSES / "harassment-bullying"])[0][0]
    (path,) = build_xapi(tmp_path, COURSES / "harassment-bullying")
    with zipfile.ZipFile(path) as z:
        root = etree.fromstring(z.read("tincan.xml"))
        config = config_of(z)
    kinds = set()
    for qid, q in course.questions.items():
        node = root.find(f"t:activities/t:activity[@id='{BASE}/hb-101/questions/{qid}']", NS)
        assert node is not None and node.get("type") == ACT + "cmi.interaction"
        kind = node.findtext("t:interactionType", namespaces=NS)
        kinds.add(q.type)
        correct = "[,]".join(o.id for o in q.options if o.correct)
        patterns = node.findall("t:correctResponsePatterns/t:correctResponsePattern", NS)
        assert [p.text for p in patterns] == [correct]
        components = node.findall("t:choices/t:component", NS)
        if q.type == "true_false":
            assert kind == "true-false" and not components
        else:
            assert kind == "choice"
            assert [c.findtext("t:id", namespaces=NS) for c in components] == [
                o.id for o in q.options
            ]
        # The statements carry the very same definition as tincan.xml.
        definition = config["questions"][qid]["definition"]
        assert definition["interactionType"] == kind
        assert definition["correctResponsesPattern"] == [correct]
        assert definition["name"]["en"] == node.findtext("t:name", namespaces=NS)
        assert definition["description"]["en"] == node.findtext("t:description", namespaces=NS)
        if components:
            assert [c["description"]["en"] for c in definition["choices"]] == [
                c.findtext("t:description", namespaces=NS) for c in components
            ]
    assert kinds == {"single_choice", "multiple_response", "true_false"}
    assert config["course"]["id"] == f"{BASE}/hb-101"
    assert set(config["pages"]) == {p.id for p in course.pages}
    assert set(config["modules"]) == {m.id for m in course.modules}


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
    with zipfile.ZipFile(tmp_path / "ms-101-1.0.0-xapi.zip") as z:
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
    untagged = next(p for p in course.pages if not p.objectives and not p.cites)
    assert activities.pages[untagged.id]["context"] == {}
