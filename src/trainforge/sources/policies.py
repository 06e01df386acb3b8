"""Find and read the policy registry: the ``policies/`` folder nearest above a course."""

from __future__ import annotations

from pathlib import Path

from trainforge.errors import Diagnostic
from trainforge.sources.course_dir import display_path
from trainforge.sources.files import read_text
from trainforge.sources.yamlfile import YamlDoc, parse_yaml

POLICY_DIR = "policies"


def find_policy_dir(start: Path) -> Path | None:
    """The first ``policies/`` folder in ``start`` or its ancestors (the repository's registry)."""
    for folder in [start.resolve(), *start.resolve().parents]:
        if (folder / POLICY_DIR).is_dir():
            return folder / POLICY_DIR
        if (folder / ".git").exists():
            break  # never look outside the repository
    return None


def load_policy_files(folder: Path) -> tuple[list[YamlDoc], list[Diagnostic]]:
    """Parse every ``*.yaml`` in the registry folder (validation happens in policies.py)."""
    docs: list[YamlDoc] = []
    problems: list[Diagnostic] = []
    for path in sorted(folder.glob("*.y*ml")):
        display = display_path(path)
        text = read_text(path, display, folder.resolve(), "policy folder")
        if isinstance(text, Diagnostic):
            problems.append(text)
            continue
        doc, found = parse_yaml(text, display)
        problems.extend(found)
        if doc is not None:
            docs.append(doc)
    return docs, problems
