"""ir.evolve copies a frozen dataclass with changes, as dataclasses.replace does."""

from __future__ import annotations

from dataclasses import FrozenInstanceError, dataclass, field, replace

import pytest

from generator import ir


def test_it_gives_what_replace_gives_for_the_ir() -> None:
    schema = ir.PrimitiveSchema(
        pointer="/a", type=ir.Primitive.STRING, description="before"
    )
    changed = ir.evolve(schema, description="after", nullable=True)
    assert changed == replace(schema, description="after", nullable=True)
    assert type(changed) is ir.PrimitiveSchema
    assert schema.description == "before"  # the original is untouched
    with pytest.raises(FrozenInstanceError):
        changed.description = "again"  # type: ignore[misc]


def test_an_unknown_field_is_an_error() -> None:
    with pytest.raises(TypeError, match="no field 'nope'"):
        ir.evolve(ir.Constraints(), nope=1)


@dataclass(frozen=True)
class _Checked:
    value: int
    doubled: int = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "doubled", self.value * 2)


def test_a_class_that_computes_fields_gets_replace_itself() -> None:
    assert ir.evolve(_Checked(1), value=5).doubled == 10
