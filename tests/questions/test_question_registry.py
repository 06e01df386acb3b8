"""The registry of question types: every built-in type, in order, complete, extensible."""

from __future__ import annotations

import typing

import pytest

from trainforge import questions
from trainforge.commands.schema import SCHEMAS
from trainforge.model.question_parts import ChoiceOption, QuestionSource
from trainforge.questions import registry
from trainforge.questions.choice import OptionsType
from trainforge.render.theme import load_theme


def test_every_builtin_type_is_registered_under_its_models_type() -> None:
    names = [t.name for t in questions.all_types()]
    others = names[len(registry.BUILTIN):]  # modules beside the built-in ones, by name
    assert names[:len(registry.BUILTIN)] == list(registry.BUILTIN) and others == sorted(others)
    for plugin in questions.all_types():
        assert typing.get_args(plugin.model.model_fields["type"].annotation) == (plugin.name,)
        assert questions.get(plugin.name) is plugin


def test_the_bank_schema_lists_the_types_in_registry_order() -> None:
    schema = SCHEMAS["question-bank.schema.json"].model_json_schema()
    union = schema["properties"]["questions"]["items"]
    assert sorted(union["discriminator"]["mapping"]) == sorted(
        t.name for t in questions.all_types())
    assert [ref["$ref"].rsplit("/", 1)[1] for ref in union["oneOf"]] == [
        t.model.__name__ for t in questions.all_types()]


def test_every_partial_is_in_the_default_theme_with_a_question_macro() -> None:
    env = load_theme().env
    for plugin in questions.all_types():
        assert callable(env.get_template(plugin.partial).module.question), plugin.name


def test_an_unknown_type_is_a_key_error() -> None:
    with pytest.raises(KeyError):
        questions.get("essay")


class PickOne(QuestionSource):
    type: typing.Literal["pick_one"]
    options: list[ChoiceOption]


class PickOneType(OptionsType):
    name = "pick_one"
    model = PickOne


def test_a_registered_type_comes_after_the_builtin_ones(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(registry, "_TYPES", dict(registry._TYPES))
    others = [t.name for t in questions.all_types() if t.name not in registry.BUILTIN]
    plugin = PickOneType()
    questions.register(plugin)
    assert questions.get("pick_one") is plugin
    assert [t.name for t in questions.all_types()] == [
        *registry.BUILTIN, *sorted([*others, "pick_one"])]
