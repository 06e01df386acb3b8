"""Find and read the policy registry: the ``policies/`` folder nearest above a course."""

from __future__ import annotations

from pathlib import Path

from trainforge.errors import Diagnostic, Location, error
from trainforge.load.course_dir import display_path
from trainforge.load.files import escapes, read_text
from trainforge.load.git import repository, up_to_repository
from trainforge.load.yamlfile import YamlDoc, parse_yaml

POLICY_DIR = "policies"


def find_policy_dir(start: Path) -> Path | None:
    """The first ``policies/`` folder in ``start`` or its ancestors (the repository's registry)."""
    return next((f / POLICY_DIR for f in up_to_repository(start) if (f / POLICY_DIR).is_dir()),
                None)


def load_policy_files(folder: Path) -> tuple[list[YamlDoc], list[Diagnostic]]:
    """Parse every ``*.yaml`` in the registry folder (validation happens in policies.py)."""
    docs: list[YamlDoc] = []
    problems: list[Diagnostic] = []
    linked_out = _linked_out(folder)
    if linked_out is not None:
        return docs, [linked_out]
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


def _linked_out(folder: Path) -> Diagnostic | None:
    """Refuse a registry folder that is a symbolic link leading out of the repository.

    The repository is the nearest folder above it with ``.git`` (without one, the folder that
    holds ``policies/``): clauses, titles and labels from there would reach every package.
    """
    if not folder.is_symlink():
        return None
    holder = folder.absolute().parent.resolve()
    top = repository(holder)
    if not escapes(folder, top or holder):
        return None
    where = "the repository" if top else f"`{display_path(holder)}`"
    return error("source.escape", f"policy folder is a symbolic link pointing outside {where}",
                 Location(display_path(folder.absolute())),
                 "keep the registry in the repository instead of linking it")
