"""The whitespace before a leaf on a line, decided by where the leaf sits in the tree."""

from __future__ import annotations

from typing import Callable

from generator.pyformat.tree import (
    CLOSING_BRACKETS,
    COMMENT,
    MATH_OPERATORS,
    NAME,
    NUMBER,
    OPENING_BRACKETS,
    STANDALONE_COMMENT,
    STRING,
    STAR_PARENTS,
    VARARGS_SPECIALS,
    LN,
    Leaf,
    parent_type,
    preceding_leaf,
    is_vararg,
)

Lazy = Callable[[], bool]  # a test computed only when a rule needs it

NO = ""
SPACE = " "
_ALWAYS_NO_SPACE = CLOSING_BRACKETS | {"COMMA", STANDALONE_COMMENT, "BANG"}
_TYPED_NAMES = ("tname", "tname_star")


def whitespace(leaf: Leaf, complex_subscript: Lazy) -> str:
    """The whitespace before `leaf`: none, one space, or two before a comment.

    `complex_subscript()` tells whether the subscript holding `leaf` has more
    than names and literals (asked only where it matters: it costs a walk).
    """
    kind = leaf.type
    if kind in _ALWAYS_NO_SPACE:
        return NO
    if kind == COMMENT:
        return "  "
    parent = leaf.parent
    assert parent is not None, f"a leaf without a parent: {leaf!r}"
    if kind == "COLON" and parent.type not in ("subscript", "subscriptlist", "sliceop"):
        return NO
    prev = leaf.prev_sibling
    if prev is None:
        before = _no_sibling(leaf, kind, complex_subscript)
        if before is not None:
            return before
    elif prev.type in OPENING_BRACKETS or prev.type == "BANG":
        return NO
    rule = _BY_PARENT.get(parent.type)
    return SPACE if rule is None else rule(leaf, prev, complex_subscript)


Rule = Callable[[Leaf, "LN | None", Lazy], str]


def _call_or_signature(leaf: Leaf, prev: LN | None, _: Lazy) -> str:
    return SPACE if prev is not None and prev.type == "COMMA" else NO


def _lambda_arguments(leaf: Leaf, prev: LN | None, _: Lazy) -> str:
    return NO if prev is not None and prev.type != "COMMA" else SPACE


def _typed_arguments(leaf: Leaf, prev: LN | None, _: Lazy) -> str:
    if prev is None:
        return NO
    if leaf.type == "EQUAL":
        return SPACE if prev.type in _TYPED_NAMES else NO
    if isinstance(prev, Leaf) and prev.type == "EQUAL":
        return prev.prefix  # spaced like the `=` before it
    return SPACE if prev.type == "COMMA" else NO


def _typed_name(leaf: Leaf, prev: LN | None, _: Lazy) -> str:
    if prev is None:
        prevp = preceding_leaf(leaf.parent)
        if prevp is None or prevp.type != "COMMA":
            return NO
    return SPACE


def _trailer(leaf: Leaf, prev: LN | None, _: Lazy) -> str:
    if leaf.type in ("LPAR", "RPAR"):
        return NO
    if prev is None:
        return NO if leaf.type in ("DOT", "LSQB") else SPACE
    return SPACE if prev.type == "COMMA" else NO


def _argument(leaf: Leaf, prev: LN | None, _: Lazy) -> str:
    if leaf.type == "EQUAL":
        return NO
    if prev is None:
        prevp = preceding_leaf(leaf.parent)
        return NO if prevp is None or prevp.type == "LPAR" else SPACE
    return NO if prev.type == "EQUAL" or prev.type in VARARGS_SPECIALS else SPACE


def _dotted_name(leaf: Leaf, prev: LN | None, _: Lazy) -> str:
    if prev is not None:
        return NO
    prevp = preceding_leaf(leaf.parent)
    return NO if prevp is None or prevp.type in ("AT", "DOT") else SPACE


def _classdef(leaf: Leaf, prev: LN | None, _: Lazy) -> str:
    if leaf.type == "LPAR" or (prev is not None and prev.type == "LPAR"):
        return NO
    return SPACE


def _subscript(leaf: Leaf, prev: LN | None, complex_subscript: Lazy) -> str:
    if prev is None:
        parent = leaf.parent
        assert parent is not None and parent.parent is not None
        return SPACE if parent.parent.type == "subscriptlist" else NO
    if leaf.type == "COLONEQUAL" or prev.type == "COLONEQUAL":
        return SPACE
    return SPACE if complex_subscript() else NO


def _atom(leaf: Leaf, prev: LN | None, _: Lazy) -> str:
    return NO if prev is not None and leaf.type == "DOT" else SPACE


def _dictsetmaker(leaf: Leaf, prev: LN | None, _: Lazy) -> str:
    return NO if prev is not None and prev.type == "DOUBLESTAR" else SPACE


def _unary(leaf: Leaf, prev: LN | None, _: Lazy) -> str:
    if prev is not None:
        return NO if leaf.type in (NAME, NUMBER, STRING) else SPACE
    prevp = preceding_leaf(leaf.parent)
    if prevp is None or prevp.type in OPENING_BRACKETS:
        return NO
    grand = parent_type(prevp)
    if prevp.type == "COLON" and grand in ("subscript", "sliceop"):
        return NO
    if prevp.type == "EQUAL" and grand == "argument":
        return NO
    return SPACE


def _import_from(leaf: Leaf, prev: LN | None, _: Lazy) -> str:
    after_dot = prev is not None and prev.type == "DOT"
    if leaf.type == "DOT":
        return NO if after_dot else SPACE
    if leaf.type == NAME and leaf.value != "import" and after_dot:
        return NO
    return SPACE


def _decorator(leaf: Leaf, prev: LN | None, _: Lazy) -> str:
    return NO


_BY_PARENT: dict[str, Rule] = {
    "parameters": _call_or_signature,
    "arglist": _call_or_signature,
    "varargslist": _lambda_arguments,
    "typedargslist": _typed_arguments,
    "tname": _typed_name,
    "tname_star": _typed_name,
    "trailer": _trailer,
    "argument": _argument,
    "decorator": _decorator,
    "dotted_name": _dotted_name,
    "classdef": _classdef,
    "subscript": _subscript,
    "sliceop": _subscript,
    "atom": _atom,
    "dictsetmaker": _dictsetmaker,
    "factor": _unary,
    "star_expr": _unary,
    "import_from": _import_from,
}


def _no_sibling(leaf: Leaf, kind: str, complex_subscript: Lazy) -> str | None:
    """The whitespace of a leaf that is first in its node, when that decides it."""
    assert leaf.parent is not None
    prevp = preceding_leaf(leaf.parent)
    if prevp is None or prevp.type in OPENING_BRACKETS:
        return NO
    if kind == "COLON":
        if prevp.type == "COLON":
            return NO
        if prevp.type != "COMMA" and not complex_subscript():
            return NO
        return SPACE
    pparent = prevp.parent
    if prevp.type == "EQUAL":
        if pparent is not None:
            if pparent.type in ("arglist", "argument", "parameters", "varargslist"):
                return NO
            if pparent.type == "typedargslist":
                return prevp.prefix
    elif (
        prevp.type == "STAR"
        and parent_type(prevp) == "star_expr"
        and parent_type(pparent) in ("subscriptlist", "tname_star")
    ):
        return NO
    elif prevp.type in VARARGS_SPECIALS:
        if is_vararg(prevp, STAR_PARENTS):
            return NO
    elif prevp.type == "COLON":
        if pparent is not None and pparent.type in ("subscript", "sliceop"):
            return SPACE if complex_subscript() else NO
    elif (
        pparent is not None
        and pparent.type == "factor"
        and prevp.type in MATH_OPERATORS
    ):
        return NO
    elif (
        prevp.type == "AT"
        and leaf.parent.parent is not None
        and leaf.parent.parent.type == "decorator"
    ):
        return NO
    return None
