"""The IR's and the plan's classes are frozen dataclasses whose `__init__` stores
the fields straight into the instance (generator/records.py, `frozen`): the same
keyword arguments, defaults and errors as the dataclass's own, the same frozen
instances, at a quarter of the cost (GitHub builds 105,000 of them on one core)."""

from __future__ import annotations

import dataclasses
import inspect

import pytest

from generator import ir, options
from generator.plan import model as plan_model

CLASSES = [
    c
    for module in (ir, plan_model, options)
    for c in vars(module).values()
    if isinstance(c, type)
    and dataclasses.is_dataclass(c)
    and c.__module__ == module.__name__
]


def test_every_ir_class_has_the_direct_init() -> None:
    assert len(CLASSES) >= 35
    for cls in CLASSES:
        assert cls.__init__.__qualname__ == f"{cls.__qualname__}.__init__"
        assert getattr(cls.__init__, "_direct", False), cls


def test_no_class_compiles_a_method_but_its_init() -> None:
    """Each class takes the shared methods of generator/records.py: one made by
    `dataclass` alone compiles three more when imported."""
    for cls in CLASSES:
        for name in ("__repr__", "__eq__", "__hash__"):
            compiled = getattr(cls, name).__code__.co_filename == "<string>"
            assert not compiled, (cls, name)


@pytest.mark.parametrize("cls", CLASSES, ids=lambda c: c.__name__)
def test_the_init_keeps_the_dataclass_contract(cls: type) -> None:
    fields = dataclasses.fields(cls)
    required = [f for f in fields if f.default is dataclasses.MISSING]
    # Given every field: each holds what it was given, in the fields' order.
    given = {f.name: object() for f in fields}
    made = cls(**given)
    assert list(vars(made)) == [f.name for f in fields]
    assert all(getattr(made, name) is value for name, value in given.items())
    # Given the required ones: the others hold their defaults.
    least = cls(**{f.name: given[f.name] for f in required})
    for f in fields:
        expected = given[f.name] if f in required else f.default
        assert getattr(least, f.name) is expected
    # Equality and hashing (the dataclass's own) see the same fields.
    assert made == cls(**given) and hash(made) == hash(cls(**given))
    assert least != made or not [f for f in fields if f not in required]
    # Frozen: no field can be set or deleted afterwards.
    with pytest.raises(dataclasses.FrozenInstanceError):
        setattr(made, fields[0].name, 1)
    with pytest.raises(dataclasses.FrozenInstanceError):
        delattr(made, fields[0].name)
    # Keyword-only, and every mistake is a TypeError naming the class.
    with pytest.raises(TypeError, match=cls.__name__):
        cls(**given, not_a_field=1)
    if required:
        with pytest.raises(TypeError, match=f"{cls.__name__}.*{required[0].name}"):
            cls(**{f.name: given[f.name] for f in required[1:]})
    with pytest.raises(TypeError, match=cls.__name__):
        cls(*given.values())
    assert list(inspect.signature(cls).parameters) == [f.name for f in fields]
    assert all(
        p.kind is inspect.Parameter.KEYWORD_ONLY
        for p in inspect.signature(cls).parameters.values()
    )


def test_replace_and_evolve_still_build_through_it() -> None:
    schema = ir.PrimitiveSchema(pointer="/a", type=ir.Primitive.STRING)
    assert dataclasses.replace(schema, nullable=True) == ir.evolve(
        schema, nullable=True
    )
    assert dataclasses.replace(schema, nullable=True).nullable is True
