"""The whitespace before a leaf on a line, decided by where the leaf sits in the tree."""

from __future__ import annotations

from generator.pyformat.tree import (
    CLOSING_BRACKETS,
    COMMENT,
    MATH_OPERATORS,
    NAME,
    NUMBER,
    OPENING_BRACKETS,
    STANDALONE_COMMENT,
    STRING,
    UNPACKING_PARENTS,
    VARARGS_PARENTS,
    VARARGS_SPECIALS,
    Leaf,
    parent_type,
    preceding_leaf,
    is_vararg,
)

NO = ""
SPACE = " "
_ALWAYS_NO_SPACE = CLOSING_BRACKETS | {"COMMA", STANDALONE_COMMENT, "BANG"}
_TYPED_NAMES = ("tname", "tname_star")


def whitespace(leaf: Leaf, complex_subscript: bool) -> str:  # noqa: C901 - one table
    kind = leaf.type
    parent = leaf.parent
    if kind in _ALWAYS_NO_SPACE:
        return NO
    if kind == COMMENT:
        return "  "
    assert parent is not None, f"a leaf without a parent: {leaf!r}"
    ptype = parent.type
    if kind == "COLON" and ptype not in ("subscript", "subscriptlist", "sliceop"):
        return NO
    prev = leaf.prev_sibling
    if prev is None:
        before = _no_sibling(leaf, kind, complex_subscript)
        if before is not None:
            return before
    elif prev.type in OPENING_BRACKETS or prev.type == "BANG":
        return NO

    if ptype in ("parameters", "arglist"):
        if prev is None or prev.type != "COMMA":
            return NO
    elif ptype == "varargslist":
        if prev is not None and prev.type != "COMMA":
            return NO
    elif ptype == "typedargslist":
        if prev is None:
            return NO
        if kind == "EQUAL":
            if prev.type not in _TYPED_NAMES:
                return NO
        elif isinstance(prev, Leaf) and prev.type == "EQUAL":
            return prev.prefix  # spaced like the `=` before it
        elif prev.type != "COMMA":
            return NO
    elif ptype in _TYPED_NAMES:
        if prev is None:
            prevp = preceding_leaf(parent)
            if prevp is None or prevp.type != "COMMA":
                return NO
    elif ptype == "trailer":
        if kind in ("LPAR", "RPAR"):
            return NO
        if prev is None:
            if kind in ("DOT", "LSQB"):
                return NO
        elif prev.type != "COMMA":
            return NO
    elif ptype == "argument":
        if kind == "EQUAL":
            return NO
        if prev is None:
            prevp = preceding_leaf(parent)
            if prevp is None or prevp.type == "LPAR":
                return NO
        elif prev.type == "EQUAL" or prev.type in VARARGS_SPECIALS:
            return NO
    elif ptype == "decorator":
        return NO
    elif ptype == "dotted_name":
        if prev is not None:
            return NO
        prevp = preceding_leaf(parent)
        if prevp is None or prevp.type in ("AT", "DOT"):
            return NO
    elif ptype == "classdef":
        if kind == "LPAR":
            return NO
        if prev is not None and prev.type == "LPAR":
            return NO
    elif ptype in ("subscript", "sliceop"):
        if prev is None:
            assert parent.parent is not None
            return SPACE if parent.parent.type == "subscriptlist" else NO
        if kind == "COLONEQUAL" or prev.type == "COLONEQUAL":
            return SPACE
        if not complex_subscript:
            return NO
    elif ptype == "atom":
        if prev is not None and kind == "DOT":
            return NO
    elif ptype == "dictsetmaker":
        if prev is not None and prev.type == "DOUBLESTAR":
            return NO
    elif ptype in ("factor", "star_expr"):
        if prev is None:
            prevp = preceding_leaf(parent)
            if prevp is None or prevp.type in OPENING_BRACKETS:
                return NO
            pp = parent_type(prevp)
            if prevp.type == "COLON" and pp in ("subscript", "sliceop"):
                return NO
            if prevp.type == "EQUAL" and pp == "argument":
                return NO
        elif kind in (NAME, NUMBER, STRING):
            return NO
    elif ptype == "import_from":
        if kind == "DOT":
            if prev is not None and prev.type == "DOT":
                return NO
        elif kind == NAME:
            if leaf.value == "import":
                return SPACE
            if prev is not None and prev.type == "DOT":
                return NO
    elif ptype == "sliceop":
        return NO
    return SPACE


def _no_sibling(leaf: Leaf, kind: str, complex_subscript: bool) -> str | None:
    """The whitespace of a leaf that is first in its node, when that decides it."""
    assert leaf.parent is not None
    prevp = preceding_leaf(leaf.parent)
    if prevp is None or prevp.type in OPENING_BRACKETS:
        return NO
    if kind == "COLON":
        if prevp.type == "COLON":
            return NO
        if prevp.type != "COMMA" and not complex_subscript:
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
        if is_vararg(prevp, VARARGS_PARENTS | UNPACKING_PARENTS):
            return NO
    elif prevp.type == "COLON":
        if pparent is not None and pparent.type in ("subscript", "sliceop"):
            return SPACE if complex_subscript else NO
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
