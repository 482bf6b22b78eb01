"""Parentheses black adds or hides before laying a statement out.

Invisible parentheses (empty LPAR/RPAR leaves) mark where a split may wrap an
expression in real ones: after `=`, `return`, `:` of an annotation, around a
return annotation, and so on. Redundant visible ones there become invisible.
"""

from __future__ import annotations

from generator.pyformat.brackets import COMMA_PRIORITY, max_priority_in_atom
from generator.pyformat.tree import (
    ASSIGNMENTS,
    LN,
    NAME,
    Leaf,
    Node,
    ensure_visible,
    is_atom_with_invisible_parens,
    is_empty_tuple,
    is_generator,
    is_multiline_string,
    is_one_tuple,
    is_tuple,
    is_walrus_assignment,
    is_yield,
    move_comments,
    replace,
    first_leaf,
    tuple_has,
    wrap_in_parentheses,
)

_PARENS_AFTER = {
    "if_stmt": {"if", "elif"},
    "while_stmt": {"while"},
    "for_stmt": {"for", "in"},
    "try_stmt": set(),
    "except_clause": {"except"},
    "classdef": set(),
    "expr_stmt": set(ASSIGNMENTS),
    "return_stmt": {"return"},
    "import_from": {"import"},
    "del_stmt": {"del"},
    "assert_stmt": {"assert", ","},
    "with_stmt": {"with"},
}
_ARITH_LIKE = ("arith_expr", "shift_expr", "xor_expr", "and_expr")


def prepare(node: LN) -> None:
    """Apply black's paren rules to the tree, top down as black visits it."""
    if isinstance(node, Leaf):
        return
    kind = node.type
    if kind in _PARENS_AFTER:
        normalize_invisible_parens(node, _PARENS_AFTER[kind])
    elif kind == "funcdef":
        _return_annotation(node)
    elif kind == "simple_stmt":
        if node.children and node.children[0].type in _ARITH_LIKE:
            wrap_in_parentheses(node, node.children[0], visible=False)
    elif kind == "atom":
        _atom(node)
    elif kind == "factor":
        _factor(node)
    elif kind == "power":
        _power(node)
    elif kind == "tname":
        if len(node.children) == 3 and make_parens_invisible(node.children[2], node):
            wrap_in_parentheses(node, node.children[2], visible=False)
    elif kind == "test":
        _ternary(node)
    for child in list(node.children):
        prepare(child)


def _return_annotation(node: Node) -> None:
    after_arrow = False
    for child in list(node.children):
        if child.type == "RARROW":
            after_arrow = True
        elif after_arrow:
            if (
                isinstance(child, Node)
                and child.type == "atom"
                and child.children[0].type == "LPAR"
            ):
                if make_parens_invisible(child, node):
                    wrap_in_parentheses(node, child, visible=False)
            else:
                wrap_in_parentheses(node, child, visible=False)
            after_arrow = False


def _atom(node: Node) -> None:
    if len(node.children) == 3:
        first, last = node.children[0], node.children[-1]
        if (first.type, last.type) in (("LSQB", "RSQB"), ("LBRACE", "RBRACE")):
            make_parens_invisible(node.children[1], node)


def _factor(node: Node) -> None:
    operand = node.children[-1]
    if (
        isinstance(operand, Node)
        and operand.type == "power"
        and len(operand.children) == 3
        and operand.children[1].type == "DOUBLESTAR"
    ):
        wrap_in_parentheses(node, operand, visible=True)


def _power(node: Node) -> None:
    for index, leaf in enumerate(node.children[:-1]):
        after = node.children[index + 1]
        if not isinstance(leaf, Leaf) or leaf.type != "NUMBER":
            continue
        value = leaf.value.lower()
        if (
            after.type == "trailer"
            and isinstance(after, Node)
            and after.children[0].type == "DOT"
            and not value.startswith(("0x", "0b", "0o"))
            and "j" not in value
        ):
            wrap_in_parentheses(node, leaf, visible=True)
    if node.children[0].type == "AWAIT" and len(node.children) > 1:
        _await_parens(node)


def _await_parens(node: Node) -> None:
    operand = node.children[1]
    if not (isinstance(operand, Node) and operand.type == "atom"):
        return
    if operand.children[0].type != "LPAR":
        return
    if make_parens_invisible(operand, node, remove_brackets_around_comma=True):
        wrap_in_parentheses(node, operand, visible=False)
    # `await` binds tighter than most operators: keep parentheses around anything
    # but a plain primary (not itself an await, not a power).
    atom = node.children[1]
    assert isinstance(atom, Node)
    contents = atom.children[1]
    if isinstance(contents, Node) and (
        contents.type != "power"
        or contents.children[0].type == "AWAIT"
        or any(child.type == "DOUBLESTAR" for child in contents.children)
    ):
        first, last = atom.children[0], atom.children[-1]
        assert isinstance(first, Leaf) and isinstance(last, Leaf)
        ensure_visible(first)
        ensure_visible(last)


def _ternary(node: Node) -> None:
    before = node.prev_sibling
    if before is not None and before.type == "LPAR":
        return
    lpar = Leaf("LPAR", "")
    move_comments(node, lpar)
    node.insert_child(0, lpar)
    node.insert_child(len(node.children), Leaf("RPAR", ""))


def normalize_invisible_parens(node: Node, parens_after: set[str]) -> None:
    """Hide redundant parentheses after the given leaves, or add invisible ones."""
    if node.type == "with_stmt":
        _wrap_context_managers(node)
    check_lpar = False
    for index, child in enumerate(list(node.children)):
        if isinstance(child, Node) and child.type == "annassign":
            normalize_invisible_parens(child, parens_after)
        if (
            index == 0
            and isinstance(child, Node)
            and child.type == "testlist_star_expr"
        ):
            check_lpar = True
        if (
            index == 0
            and isinstance(child, Node)
            and child.type == "atom"
            and node.type == "expr_stmt"
            and not is_one_tuple(child)
            and not _atom_multiline(child)
        ):
            if _parenthesized_annotation_target(node, child):
                inner = child.children[1]
                if isinstance(inner, Node) and inner.type == "atom":
                    make_parens_invisible(inner, child)
            elif make_parens_invisible(
                child, node, remove_brackets_around_comma=True, allow_star_expr=True
            ):
                wrap_in_parentheses(node, child, visible=False)
        if check_lpar:
            if (
                child.type == "atom"
                and node.type == "for_stmt"
                and isinstance(child.prev_sibling, Leaf)
                and child.prev_sibling.type == NAME
                and child.prev_sibling.value == "for"
            ):
                if make_parens_invisible(
                    child, node, remove_brackets_around_comma=True
                ):
                    wrap_in_parentheses(node, child, visible=False)
            elif isinstance(child, Node) and node.type == "with_stmt":
                _remove_with_parens(child, node)
            elif child.type == "atom":
                if make_parens_invisible(child, node):
                    wrap_in_parentheses(node, child, visible=False)
            elif is_one_tuple(child):
                wrap_in_parentheses(node, child, visible=True)
            elif node.type == "import_from":
                _import_from_parens(node, child)
                break
            elif not is_multiline_string(child):
                wrap_in_parentheses(node, child, visible=False)
        check_lpar = isinstance(child, Leaf) and (
            child.value in parens_after or child.type == "COMMA"
        )


def _wrap_context_managers(node: Node) -> None:
    """Several context managers go in invisible parentheses (Python 3.10 has them)."""
    if len(node.children) <= 2 or node.children[1].type == "atom":
        return
    colon = next(
        (i for i in range(2, len(node.children)) if node.children[i].type == "COLON"),
        None,
    )
    if colon is None:
        return
    managers = node.children[1:colon]
    del node.children[1:colon]
    node.changed()
    atom = Node(
        "atom", [Leaf("LPAR", ""), Node("testlist_gexp", managers), Leaf("RPAR", "")]
    )
    node.insert_child(1, atom)


def _remove_with_parens(node: Node, parent: Node) -> None:
    if node.type == "atom":
        if make_parens_invisible(node, parent, remove_brackets_around_comma=True):
            wrap_in_parentheses(parent, node, visible=False)
        inner = node.children[1]
        if isinstance(inner, Node):
            _remove_with_parens(inner, node)
    elif node.type == "testlist_gexp":
        for child in list(node.children):
            if isinstance(child, Node):
                _remove_with_parens(child, node)
    elif node.type == "asexpr_test" and not any(
        leaf.type == "COLONEQUAL" for leaf in node.leaves()
    ):
        if make_parens_invisible(
            node.children[0], node, remove_brackets_around_comma=True
        ):
            wrap_in_parentheses(node, node.children[0], visible=False)


def _atom_multiline(node: LN) -> bool:
    """Was the atom written over several lines (newlines inside its brackets)?"""
    if not isinstance(node, Node) or len(node.children) < 3:
        return False
    first_line = None
    for leaf in node.children[1].leaves():
        if first_line is None:
            first_line = leaf.lineno
        if leaf.lineno != first_line or leaf.comments:
            return True
    first = node.children[0]
    return (
        isinstance(first, Leaf)
        and first_line is not None
        and first.lineno != first_line
    )


def _parenthesized_annotation_target(node: Node, child: Node) -> bool:
    if len(node.children) < 2 or node.children[1].type != "annassign":
        return False
    target: LN = child
    while (
        isinstance(target, Node) and target.type == "atom" and len(target.children) == 3
    ):
        target = target.children[1]
    return isinstance(target, Leaf) and target.type == NAME


def _import_from_parens(node: Node, child: LN) -> None:
    if child.type == "LPAR":
        assert isinstance(child, Leaf)
        closing = node.children[-1]
        assert isinstance(closing, Leaf) and closing.type == "RPAR"
        child.value = ""
        closing.value = ""
    elif child.type != "STAR":
        node.insert_child(index_of(node, child), Leaf("LPAR", ""))
        node.insert_child(len(node.children), Leaf("RPAR", ""))


def index_of(node: Node, child: LN) -> int:
    return node.position(child)


def make_parens_invisible(
    node: LN,
    parent: Node,
    remove_brackets_around_comma: bool = False,
    allow_star_expr: bool = False,
) -> bool:
    """Hide the parentheses of atom `node` when safe (recursively).

    Returns whether `node` should itself be wrapped in invisible parentheses.
    """
    if (
        node.type not in ("atom", "expr")
        or is_empty_tuple(node)
        or is_one_tuple(node)
        or (is_tuple(node) and parent.type == "asexpr_test")
        or (
            is_tuple(node)
            and parent.type == "with_stmt"
            and _has_sibling(node, "COMMA")
        )
        or (is_yield(node) and parent.type != "expr_stmt")
        or (
            not remove_brackets_around_comma
            and max_priority_in_atom(node) >= COMMA_PRIORITY
        )
        or tuple_has(node, "namedexpr_test")
        or (not allow_star_expr and tuple_has(node, "star_expr"))
        or is_generator(node)
    ):
        return False
    if is_walrus_assignment(node) and parent.type in _WALRUS_KEEPS:
        return False
    assert isinstance(node, Node)
    first, last = node.children[0], node.children[-1]
    if first.type == "LPAR" and last.type == "RPAR":
        assert isinstance(first, Leaf) and isinstance(last, Leaf)
        middle = node.children[1]
        first.value = ""
        last.value = ""
        make_parens_invisible(
            middle, parent, remove_brackets_around_comma=remove_brackets_around_comma
        )
        if is_atom_with_invisible_parens(middle):
            assert isinstance(middle, Node)
            inner_first, inner_last = middle.children[0], middle.children[-1]
            replace(middle, middle.children[1])
            assert isinstance(inner_first, Leaf) and isinstance(inner_last, Leaf)
            if inner_first.comments:
                move_comments(inner_first, _first(middle.children[1]))
            if inner_last.comments:
                last.comments = inner_last.comments + last.comments
                inner_last.comments = []
        return False
    return True


def _has_sibling(node: LN, kind: str) -> bool:
    return node.parent is not None and any(
        c.type == kind for c in node.parent.children if c is not node
    )


def _first(node: LN) -> Leaf:
    leaf = first_leaf(node)
    assert leaf is not None
    return leaf


_WALRUS_KEEPS = frozenset(
    {"annassign", "expr_stmt", "assert_stmt", "return_stmt", "yield_arg"}
    | {"yield_expr", "except_clause", "funcdef", "with_stmt", "testlist_gexp"}
    | {"tname", "for_stmt", "del_stmt"}
)
