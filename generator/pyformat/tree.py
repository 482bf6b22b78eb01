"""A concrete syntax tree of one Python statement, shaped like black's (blib2to3's).

Node types are the grammar's rule names ("atom", "trailer", "arglist", ...) and a
rule matched by a single child collapses into that child, as in blib2to3: the
layout rules below are stated over these shapes. Leaves are mutable on purpose:
splitting records bracket depths on them and turns invisible parentheses
visible, and later decisions read that state, exactly as black's do.
"""

from __future__ import annotations

from typing import Iterator, Union

# Token types of leaves.
NAME = "NAME"
NUMBER = "NUMBER"
STRING = "STRING"
ASYNC = "ASYNC"
AWAIT = "AWAIT"
COMMENT = "COMMENT"
STANDALONE_COMMENT = "STANDALONE_COMMENT"

OPERATORS = {
    "(": "LPAR",
    ")": "RPAR",
    "[": "LSQB",
    "]": "RSQB",
    "{": "LBRACE",
    "}": "RBRACE",
    ",": "COMMA",
    ":": "COLON",
    ";": "SEMI",
    "=": "EQUAL",
    ".": "DOT",
    "->": "RARROW",
    "@": "AT",
    "|": "VBAR",
    "^": "CIRCUMFLEX",
    "&": "AMPER",
    "<<": "LEFTSHIFT",
    ">>": "RIGHTSHIFT",
    "+": "PLUS",
    "-": "MINUS",
    "*": "STAR",
    "/": "SLASH",
    "//": "DOUBLESLASH",
    "%": "PERCENT",
    "~": "TILDE",
    "**": "DOUBLESTAR",
    "<": "LESS",
    ">": "GREATER",
    "==": "EQEQUAL",
    "!=": "NOTEQUAL",
    "<=": "LESSEQUAL",
    ">=": "GREATEREQUAL",
    ":=": "COLONEQUAL",
    "!": "BANG",
}
AUGMENTED = {
    op: "AUGASSIGN"
    for op in ("+=", "-=", "*=", "@=", "/=", "%=", "&=", "|=", "^=")
    + ("<<=", ">>=", "**=", "//=")
}
OPERATORS.update(AUGMENTED)

BRACKET = {"LPAR": "RPAR", "LSQB": "RSQB", "LBRACE": "RBRACE"}
OPENING_BRACKETS = frozenset(BRACKET)
CLOSING_BRACKETS = frozenset(BRACKET.values())
BRACKETS = OPENING_BRACKETS | CLOSING_BRACKETS
COMPARATORS = frozenset(
    {"LESS", "GREATER", "EQEQUAL", "NOTEQUAL", "LESSEQUAL", "GREATEREQUAL"}
)
MATH_PRIORITIES = {
    "VBAR": 9,
    "CIRCUMFLEX": 8,
    "AMPER": 7,
    "LEFTSHIFT": 6,
    "RIGHTSHIFT": 6,
    "PLUS": 5,
    "MINUS": 5,
    "STAR": 4,
    "SLASH": 4,
    "DOUBLESLASH": 4,
    "PERCENT": 4,
    "AT": 4,
    "TILDE": 3,
    "DOUBLESTAR": 2,
}
MATH_OPERATORS = frozenset(MATH_PRIORITIES)
VARARGS_SPECIALS = frozenset({"STAR", "DOUBLESTAR", "SLASH"})
VARARGS_PARENTS = frozenset({"arglist", "argument", "trailer", "typedargslist"})
VARARGS_PARENTS |= {"varargslist"}
UNPACKING_PARENTS = frozenset(
    {"atom", "dictsetmaker", "listmaker", "testlist_gexp", "testlist_star_expr"}
)
STAR_PARENTS = VARARGS_PARENTS | UNPACKING_PARENTS  # where `*` and `**` unpack
TEST_DESCENDANTS = frozenset(
    {"test", "lambdef", "or_test", "and_test", "not_test", "comparison"}
    | {"star_expr", "expr", "xor_expr", "and_expr", "shift_expr", "arith_expr"}
    | {"trailer", "term", "power", "namedexpr_test"}
)
ASSIGNMENTS = frozenset({"=", ":"} | set(AUGMENTED))


class Leaf:
    __slots__ = (
        "type",
        "value",
        "prefix",
        "parent",
        "bracket_depth",
        "opening_bracket",
        "lineno",
        "comments",
    )

    def __init__(self, type_: str, value: str, lineno: int = 0) -> None:
        self.type = type_
        self.value = value
        self.prefix = ""
        self.parent: Node | None = None
        self.bracket_depth = 0
        self.opening_bracket: Leaf | None = None
        self.lineno = lineno
        # Comments written before this leaf: (text, on the previous token's line).
        self.comments: list[tuple[str, bool]] = []

    def __str__(self) -> str:
        return self.prefix + self.value

    def __repr__(self) -> str:
        return f"Leaf({self.type}, {self.value!r})"

    @property
    def prev_sibling(self) -> LN | None:
        return _sibling(self, -1)

    @property
    def next_sibling(self) -> LN | None:
        return _sibling(self, 1)

    def leaves(self) -> Iterator[Leaf]:
        yield self


class Node:
    __slots__ = ("type", "children", "parent", "_positions")

    def __init__(self, type_: str, children: list[LN]) -> None:
        self.type = type_
        self.children = children
        self.parent: Node | None = None
        self._positions: dict[int, int] | None = None
        for child in children:
            child.parent = self

    def position(self, child: LN) -> int:
        """The index of `child` among the children (-1 when it is not one)."""
        if self._positions is None:
            self._positions = {id(c): i for i, c in enumerate(self.children)}
        return self._positions.get(id(child), -1)

    def changed(self) -> None:
        self._positions = None

    def __repr__(self) -> str:
        return f"Node({self.type}, {self.children!r})"

    def __str__(self) -> str:
        return "".join(str(leaf) for leaf in self.leaves())

    @property
    def prev_sibling(self) -> LN | None:
        return _sibling(self, -1)

    @property
    def next_sibling(self) -> LN | None:
        return _sibling(self, 1)

    def leaves(self) -> Iterator[Leaf]:
        for child in self.children:
            yield from child.leaves()

    def set_child(self, index: int, child: LN) -> None:
        child.parent = self
        self.children[index] = child
        self._positions = None

    def insert_child(self, index: int, child: LN) -> None:
        child.parent = self
        self.children.insert(index, child)
        self._positions = None


LN = Union[Leaf, Node]


def _sibling(node: LN, step: int) -> LN | None:
    parent = node.parent
    if parent is None:
        return None
    i = parent.position(node)
    if i < 0:
        return None
    j = i + step
    children = parent.children
    return children[j] if 0 <= j < len(children) else None


def index_in_parent(node: LN) -> int:
    assert node.parent is not None
    i = node.parent.position(node)
    if i < 0:
        raise ValueError("not a child of its parent")
    return i


def replace(old: LN, new: LN) -> None:
    parent = old.parent
    if parent is not None:
        parent.set_child(index_in_parent(old), new)
        old.parent = None


def first_leaf(node: LN) -> Leaf | None:
    while isinstance(node, Node):
        if not node.children:
            return None
        node = node.children[0]
    return node


def last_leaf(node: LN) -> Leaf | None:
    while isinstance(node, Node):
        if not node.children:
            return None
        node = node.children[-1]
    return node


def preceding_leaf(node: LN | None) -> Leaf | None:
    """The leaf just before `node` in the tree, if any."""
    while node is not None:
        before = node.prev_sibling
        if before is not None:
            return last_leaf(before)
        node = node.parent
    return None


def parent_type(node: LN | None) -> str | None:
    if node is None or node.parent is None:
        return None
    return node.parent.type


def wrap_in_parentheses(parent: Node, child: LN, visible: bool = True) -> None:
    """Replace `child` with an atom holding it between parentheses (maybe invisible).

    Comments before `child` move before the opening parenthesis.
    """
    index = index_in_parent(child)
    lpar = Leaf("LPAR", "(" if visible else "")
    rpar = Leaf("RPAR", ")" if visible else "")
    move_comments(child, lpar)
    atom = Node("atom", [lpar, child, rpar])
    parent.set_child(index, atom)


def move_comments(source: LN, target: Leaf, append: bool = False) -> None:
    """The comments written before `source` now come before `target`."""
    first = first_leaf(source)
    if first is None or first is target or not first.comments:
        return
    target.comments = (
        target.comments + first.comments if append else first.comments + target.comments
    )
    first.comments = []


def unwrap_singleton_parenthesis(node: LN) -> LN | None:
    """`wrapped` when `node` is `( wrapped )`, visible or not."""
    if not isinstance(node, Node) or len(node.children) != 3:
        return None
    lpar, wrapped, rpar = node.children
    if lpar.type == "LPAR" and rpar.type == "RPAR":
        return wrapped
    return None


def ensure_visible(leaf: Leaf) -> None:
    if leaf.type == "LPAR":
        leaf.value = "("
    elif leaf.type == "RPAR":
        leaf.value = ")"


def is_atom_with_invisible_parens(node: LN) -> bool:
    if not isinstance(node, Node) or node.type != "atom":
        return False
    first, last = node.children[0], node.children[-1]
    return (
        isinstance(first, Leaf)
        and first.type == "LPAR"
        and first.value == ""
        and isinstance(last, Leaf)
        and last.type == "RPAR"
        and last.value == ""
    )


def is_empty_tuple(node: LN) -> bool:
    return (
        isinstance(node, Node)
        and node.type == "atom"
        and len(node.children) == 2
        and node.children[0].type == "LPAR"
        and node.children[1].type == "RPAR"
    )


def _gexp(node: LN) -> LN | None:
    if node.type != "atom":
        return None
    inner = unwrap_singleton_parenthesis(node)
    return inner if inner is not None and inner.type == "testlist_gexp" else None


def is_one_tuple(node: LN) -> bool:
    """A tuple of one element, with or without parentheses."""
    if node.type == "atom":
        gexp = _gexp(node)
        return (
            isinstance(gexp, Node)
            and len(gexp.children) == 2
            and gexp.children[1].type == "COMMA"
        )
    return (
        isinstance(node, Node)
        and node.type in ("testlist", "testlist_star_expr", "exprlist")
        and len(node.children) == 2
        and node.children[1].type == "COMMA"
    )


def is_tuple(node: LN) -> bool:
    return _gexp(node) is not None


def tuple_has(node: LN, child_type: str) -> bool:
    gexp = _gexp(node)
    return isinstance(gexp, Node) and any(c.type == child_type for c in gexp.children)


def is_generator(node: LN) -> bool:
    return tuple_has(node, "old_comp_for")


def is_walrus_assignment(node: LN) -> bool:
    inner = unwrap_singleton_parenthesis(node)
    return inner is not None and inner.type == "namedexpr_test"


def is_yield(node: LN) -> bool:
    if node.type == "yield_expr":
        return True
    if isinstance(node, Leaf):
        return node.type == NAME and node.value == "yield"
    inner = unwrap_singleton_parenthesis(node)
    return inner is not None and node.type == "atom" and is_yield(inner)


def is_vararg(leaf: Leaf, within: frozenset[str]) -> bool:
    """A `*` or `**` (or `/`) of a signature, a call or an unpacking."""
    if leaf.type not in VARARGS_SPECIALS or leaf.parent is None:
        return False
    parent: Node | None = leaf.parent
    if parent is not None and parent.type == "star_expr":
        parent = parent.parent
        if parent is None:
            return False
    return parent is not None and parent.type in within


def is_multiline_string(leaf: LN) -> bool:
    return (
        isinstance(leaf, Leaf)
        and leaf.type == STRING
        and "\n" in leaf.value
        and _has_triple_quotes(leaf.value)
    )


def _has_triple_quotes(value: str) -> bool:
    body = value.lstrip("rRbBuUfFtT")
    return body[:3] in ('"""', "'''")


def annotation_kind(leaf: Leaf) -> str | None:
    """ "return" or "param" when `leaf` is part of such an annotation."""
    ancestor = leaf.parent
    while ancestor is not None:
        before = ancestor.prev_sibling
        if before is not None and before.type == "RARROW":
            return "return"
        if ancestor.parent is not None and ancestor.parent.type == "tname":
            return "param"
        ancestor = ancestor.parent
    return None
