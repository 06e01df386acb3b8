"""Parse YAML into plain data plus a map from each node's path to its line and column.

PyYAML's composer gives every node a start mark; we build the data ourselves from the node tree
so that validation errors can point at the exact key or item. Anchors and aliases are refused:
course sources never need them, and aliases are how "billion laughs" bombs multiply.

Plain scalars follow YAML 1.2's core schema where PyYAML still applies YAML 1.1: only
``true``/``false`` are booleans (``language: no`` is Norwegian, ``title: Yes`` a title), and
``1:30`` is text, not the base-60 number 90.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import yaml
from yaml.events import AliasEvent
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from trainforge.errors import Diagnostic, Location, error

PathKey = tuple[str | int, ...]


@dataclass(frozen=True)
class YamlDoc:
    """A parsed YAML document: its data and where each part of it came from."""

    display: str
    data: Any
    marks: dict[PathKey, tuple[int, int]] = field(default_factory=dict)
    key_marks: dict[PathKey, tuple[int, int]] = field(default_factory=dict)

    def location(self, path: PathKey, *, key: bool = False) -> Location:
        """The location of the deepest node of ``path`` that exists (keys may be missing).

        With ``key``, point at the mapping key itself (for "unknown key" errors) not its value.
        """
        if key and path in self.key_marks:
            return Location(self.display, *self.key_marks[path])
        for end in range(len(path), -1, -1):
            mark = self.marks.get(path[:end])
            if mark:
                return Location(self.display, *mark)
        return Location(self.display, 1, 1)


class _NoAliasLoader(yaml.SafeLoader):
    """A safe loader whose composer refuses aliases and anchors before anything is expanded."""

    def compose_node(self, parent: Node | None, index: int) -> Node | None:
        if self.check_event(AliasEvent):
            event = self.peek_event()  # type: ignore[no-untyped-call]
            raise yaml.MarkedYAMLError(
                None, None, "YAML aliases (*name) are not allowed in course sources",
                event.start_mark,
            )
        event = self.peek_event()  # type: ignore[no-untyped-call]
        if getattr(event, "anchor", None):
            raise yaml.MarkedYAMLError(
                None, None, "YAML anchors (&name) are not allowed in course sources",
                event.start_mark,
            )
        return super().compose_node(parent, index)


_STR = "tag:yaml.org,2002:str"
_BOOL = "tag:yaml.org,2002:bool"
_NUMBERS = ("tag:yaml.org,2002:int", "tag:yaml.org,2002:float")
_CORE_BOOLS = frozenset({"true", "True", "TRUE", "false", "False", "FALSE"})  # YAML 1.2 10.3.2


def _is_text(node: ScalarNode) -> bool:
    """Whether ``node`` is a string under YAML 1.2's core schema (PyYAML resolves YAML 1.1)."""
    if node.tag == _STR:
        return True
    if node.tag == _BOOL:
        return node.value not in _CORE_BOOLS  # yes, no, on, off and their capitalisations
    return node.tag in _NUMBERS and ":" in node.value  # 1.1's base 60: 1:30 is 90


class _Builder:
    def __init__(self, display: str) -> None:
        self.display = display
        self.marks: dict[PathKey, tuple[int, int]] = {}
        self.key_marks: dict[PathKey, tuple[int, int]] = {}
        self.problems: list[Diagnostic] = []
        self.constructor = yaml.SafeLoader("")

    def build(self, node: Node, path: PathKey) -> Any:
        self.marks[path] = (node.start_mark.line + 1, node.start_mark.column + 1)
        if isinstance(node, MappingNode):
            return self._mapping(node, path)
        if isinstance(node, SequenceNode):
            return [self.build(item, (*path, i)) for i, item in enumerate(node.value)]
        assert isinstance(node, ScalarNode)
        if _is_text(node):
            return node.value  # what SafeConstructor returns for a string, without its dispatch
        return self._construct(node)

    def _construct(self, node: Node) -> Any:
        try:
            return self.constructor.construct_object(node, deep=True)
        except ValueError as exc:  # PyYAML lets datetime's through: `effective: 2024-13-01`
            raise yaml.MarkedYAMLError(None, None, f"`{node.value}`: {exc}",
                                       node.start_mark) from None

    def _mapping(self, node: MappingNode, path: PathKey) -> dict[str, Any]:
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            key = (key_node.value if isinstance(key_node, ScalarNode) and _is_text(key_node)
                   else self._construct(key_node))
            key = str(key).lower() if isinstance(key, bool) else str(key)
            loc = Location(self.display, key_node.start_mark.line + 1,
                           key_node.start_mark.column + 1)
            if key in result:
                self.problems.append(error("yaml.duplicate-key", f"duplicate key `{key}`", loc))
                continue
            self.key_marks[(*path, key)] = (loc.line, loc.col)
            result[key] = self.build(value_node, (*path, key))
        return result


_FAST: Any = getattr(yaml, "CSafeLoader", None)  # libyaml, when PyYAML was built with it


def _fast_compose(text: str) -> Node | None:
    """The node tree via libyaml (about 15x faster), or raise for the pure-Python path to report.

    Without ``&`` there is no anchor, so no alias can resolve; with one, the events tell.
    """
    if "&" in text and any(getattr(e, "anchor", None) for e in yaml.parse(text, Loader=_FAST)):
        raise yaml.YAMLError("anchors")
    loader = _FAST(text)
    try:
        node: Node | None = loader.get_single_node()
    finally:
        loader.dispose()
    return node


def parse_yaml(text: str, display: str) -> tuple[YamlDoc | None, list[Diagnostic]]:
    """Parse one YAML document; on a syntax error return no document and a located error."""
    node = None
    if _FAST is not None:
        try:
            node = _fast_compose(text)
        except yaml.YAMLError:
            node = None  # anything wrong: the pure-Python parser gives the exact diagnostics
        else:
            if node is None:
                return YamlDoc(display, None, {(): (1, 1)}), []
            return _built(node, display)
    loader = None
    try:
        loader = _NoAliasLoader(text)
        node = loader.get_single_node()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        loc = Location(display, mark.line + 1, mark.column + 1) if mark else Location(display)
        problem = exc.problem or exc.context or "invalid YAML"
        near = text.split("\n")[max(0, mark.line - 1): mark.line + 1] if mark else []
        return None, [error("yaml.syntax", f"invalid YAML: {problem}", loc,
                            _syntax_hint(problem, near))]
    except yaml.reader.ReaderError as exc:
        line = text.count("\n", 0, exc.position) + 1
        col = exc.position - (text.rfind("\n", 0, exc.position) + 1) + 1
        return None, [error("yaml.character", f"character U+{exc.character:04X} is not allowed "
                            "in YAML", Location(display, line, col))]
    except yaml.YAMLError as exc:
        return None, [error("yaml.syntax", f"invalid YAML: {exc}", Location(display, 1, 1))]
    finally:
        if loader is not None:
            loader.dispose()
    if node is None:
        return YamlDoc(display, None, {(): (1, 1)}), []
    return _built(node, display)


def _syntax_hint(problem: str, near: list[str]) -> str:
    """What usually causes ``problem`` (PyYAML's words) at the ``near`` lines (it and the one
    before: an error found at the end of the file is caused by the line above)."""
    if "course sources" in problem:
        return ""  # our own refusal of anchors and aliases says it all
    if "'\\t'" in problem or any(ln[: len(ln) - len(ln.lstrip())].count("\t") for ln in near):
        return "indent with spaces; YAML does not allow tabs"
    if "mapping values are not allowed" in problem:
        return 'quote text that contains ": " (title: "Note: this"), or check the indentation'
    if "'<scalar>'" in problem:
        return "text follows a closing quote: quote the whole value"
    if "expected ',' or" in problem:
        return "a value starting with `[` or `{` is a list or mapping: close it, or quote the text"
    if "cannot start any token" in problem:
        return "quote text that starts with this character"
    if any(" #" in ln for ln in near):
        return 'a " #" starts a comment: quote text that contains one'
    if "block end" in problem or "expected key" in problem or "expected ':'" in problem:
        return ("check the indentation: the keys of one mapping, and the `-` items of one list, "
                "start in the same column")
    return "check the indentation, and quote text that contains `: ` or ` #`"


def _built(node: Node, display: str) -> tuple[YamlDoc | None, list[Diagnostic]]:
    builder = _Builder(display)
    try:
        data = builder.build(node, ())
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        loc = Location(display, mark.line + 1, mark.column + 1) if mark else Location(display, 1, 1)
        problem = getattr(exc, "problem", None) or exc
        return None, [error("yaml.value", f"invalid YAML value: {problem}", loc)]
    return YamlDoc(display, data, builder.marks, builder.key_marks), builder.problems
