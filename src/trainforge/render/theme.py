"""Themes: the built-in default theme, overridden template by template by a theme folder.

A theme folder (like MkDocs' ``custom_dir``) may hold ``templates/*.html``, ``static/*`` and
``strings.yaml``; whatever it holds replaces the default's file of the same name, the rest is
inherited. UI strings merge key by key, per language. A counted string maps CLDR plural
categories to texts (``{one: …, other: …}``); the runtime picks the form with
``Intl.PluralRules``, templates with the ``plural`` filter.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

import jinja2

from trainforge.errors import TrainforgeError
from trainforge.load.files import escapes
from trainforge.load.yamlfile import parse_yaml

DEFAULT = resources.files("trainforge") / "themes" / "default"
#: CLDR plural categories (https://cldr.unicode.org/index/cldr-spec/plural-rules).
PLURAL_CATEGORIES = frozenset({"zero", "one", "two", "few", "many", "other"})
#: A UI string: a text, or a counted text's forms by plural category.
UIString = str | dict[str, str]


@dataclass(frozen=True)
class Theme:
    env: jinja2.Environment
    static: dict[str, bytes] = field(default_factory=dict)  # path under assets/ → bytes
    strings: dict[str, dict[str, UIString]] = field(default_factory=dict)  # language → key → text

    def ui(self, language: str) -> dict[str, UIString]:
        """UI strings for ``language``, falling back to its base language, then English."""
        base = language.split("-")[0]
        merged = dict(self.strings.get("en", {}))
        merged.update(self.strings.get(base, {}))
        merged.update(self.strings.get(language, {}))
        return merged


def load_theme(custom: Path | None = None) -> Theme:
    """The default theme, with ``custom``'s files taking precedence."""
    loaders: list[jinja2.BaseLoader] = []
    if custom is not None:
        if not custom.is_dir():
            raise TrainforgeError.single("theme.not-found", "theme folder does not exist", custom)
        _refuse_links_out(custom)
        loaders.append(jinja2.FileSystemLoader(str(custom / "templates")))
    loaders.append(jinja2.PackageLoader("trainforge", "themes/default/templates"))
    env = jinja2.Environment(
        loader=jinja2.ChoiceLoader(loaders),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    # Compile every template now: build workers fork from this process and inherit them,
    # instead of each compiling the same templates again (0.4 s of CPU per worker).
    env.filters["plural"] = plural
    for name in env.list_templates(extensions=["html"]):
        env.get_template(name)
    static = _static(DEFAULT / "static")
    strings = _strings(DEFAULT / "strings.yaml")
    if custom is not None:
        static.update(_static(custom / "static"))
        for lang, table in _strings(custom / "strings.yaml").items():
            strings.setdefault(lang, {}).update(table)
    return Theme(env, static, strings)


def _refuse_links_out(custom: Path) -> None:
    """Refuse a theme whose files link outside it: templates and static files reach packages."""
    root = custom.resolve()
    for top, dirs, names in os.walk(custom):
        for name in sorted([*dirs, *names]):
            if escapes(Path(top, name), root):
                raise TrainforgeError.single("theme.escape", "symbolic link points outside the "
                                             "theme folder", Path(top, name).as_posix())


def _static(folder: Any) -> dict[str, bytes]:
    out: dict[str, bytes] = {}
    if not folder.is_dir():
        return out
    for entry in folder.iterdir():
        if entry.is_file() and not entry.name.startswith("."):
            out[entry.name] = entry.read_bytes()
    return dict(sorted(out.items()))


def plural(value: UIString, count: int) -> str:
    """The form of a counted string for ``count``, in a template (a count known at build time).

    Without CLDR data in Python this is English's rule (``one`` for 1); the runtime replaces the
    text with the course language's form (``data-tf-count``), so only a page read without
    JavaScript can show another language's approximate form.
    """
    if isinstance(value, str):
        return value
    return value.get("one" if count == 1 else "other", value["other"])


def _strings(path: Any) -> dict[str, dict[str, UIString]]:
    if not path.is_file():
        return {}
    # Our loader, not yaml.safe_load: YAML 1.2 booleans keep a Norwegian `no:` table a language.
    doc, problems = parse_yaml(path.read_text(encoding="utf-8"), str(path))
    if doc is None or problems:
        raise TrainforgeError(problems)
    data = doc.data or {}
    if not isinstance(data, dict):
        raise TrainforgeError.single("theme.strings", "strings.yaml must map languages to tables",
                                     str(path))
    return {str(lang): {str(k): _string(v, f"{lang}.{k}", path) for k, v in table.items()}
            for lang, table in data.items()}


def _string(value: Any, key: str, path: Any) -> UIString:
    """A text, or a counted text's forms: CLDR categories only, ``other`` among them."""
    if not isinstance(value, dict):
        return str(value)
    forms = {str(k): str(v) for k, v in value.items()}
    if "other" not in forms or not forms.keys() <= PLURAL_CATEGORIES:
        raise TrainforgeError.single(
            "theme.strings", f"`{key}`: a counted string maps plural categories "
            f"({', '.join(sorted(PLURAL_CATEGORIES))}) to texts, `other` required", str(path))
    return forms
