"""Python expressions parsed into blib2to3-shaped trees (see `parser` for statements)."""

from __future__ import annotations

from typing import Callable

from generator.pyformat.tokens import Unsupported, tokenize
from generator.pyformat.tree import ASYNC, AWAIT, LN, NAME, NUMBER, STRING, Leaf, Node

_COMP_OPS = {"<", ">", "==", ">=", "<=", "!=", "in", "not", "is"}
_KEYWORDS = frozenset(
    {"if", "else", "elif", "for", "in", "not", "and", "or", "is", "lambda", "with"}
    | {"import", "from", "as", "yield", "return", "def", "class", "while"}
)
_ENDS_OPERAND = frozenset({"COMMA", "RPAR", "RSQB", "RBRACE"})


def node(type_: str, children: list[LN]) -> LN:
    """A rule's node, or its only child: a rule matched by one child collapses."""
    return children[0] if len(children) == 1 else Node(type_, children)


class ExpressionParser:
    def __init__(self, text: str) -> None:
        self.leaves = tokenize(text)
        self.pos = 0

    # -- tokens ---------------------------------------------------------------

    @property
    def peek(self) -> Leaf:
        return self.leaves[self.pos]

    def at(self, *values: str) -> bool:
        leaf = self.leaves[self.pos]
        if leaf.type == STRING:
            return False
        return leaf.value in values

    def at_name(self, *values: str) -> bool:
        leaf = self.leaves[self.pos]
        return leaf.type == NAME and leaf.value in values

    def take(self) -> Leaf:
        leaf = self.leaves[self.pos]
        if leaf.type == "ENDMARKER":
            raise Unsupported("unexpected end of statement")
        self.pos += 1
        return leaf

    def expect(self, value: str) -> Leaf:
        if not self.at(value):
            raise Unsupported(f"expected {value!r}, found {self.peek.value!r}")
        return self.take()

    def at_end(self) -> bool:
        return self.peek.type == "ENDMARKER"

    def starts_expression(self) -> bool:
        leaf = self.peek
        if leaf.type in (NAME,):
            return leaf.value not in _KEYWORDS or leaf.value in ("not", "lambda")
        return leaf.type in (NUMBER, STRING, AWAIT) or leaf.value in (
            "(",
            "[",
            "{",
            "-",
            "+",
            "~",
            "*",
            ".",
        )

    # -- expressions ----------------------------------------------------------

    def testlist_star_expr(self) -> LN:
        return self._list("testlist_star_expr", self._test_or_star)

    def testlist(self) -> LN:
        return self._list("testlist", self.test)

    def exprlist(self) -> LN:
        return self._list("exprlist", self._expr_or_star)

    def _list(self, kind: str, item: Callable[[], LN]) -> LN:
        children: list[LN] = [item()]
        while self.at(","):
            children.append(self.take())
            if not self.starts_expression():
                break
            children.append(item())
        return node(kind, children)

    def _test_or_star(self) -> LN:
        return self.star_expr() if self.at("*") else self.test()

    def _named_or_star(self) -> LN:
        return self.star_expr() if self.at("*") else self.namedexpr_test()

    def _expr_or_star(self) -> LN:
        return self.star_expr() if self.at("*") else self.expr()

    def star_expr(self) -> Node:
        return Node("star_expr", [self.take(), self.expr()])

    def namedexpr_test(self) -> LN:
        target = self.asexpr_test()
        if self.at(":="):
            return Node("namedexpr_test", [target, self.take(), self.asexpr_test()])
        return target

    def test(self) -> LN:
        if self._at_lone_operand():
            return self.take()  # what the rules below would return, level by level
        if self.at_name("lambda"):
            return self.lambdef()
        body = self.or_test()
        if self.at_name("if"):
            children: list[LN] = [body, self.take(), self.or_test()]
            children += [self.expect("else"), self.test()]
            return Node("test", children)
        return body

    def _at_lone_operand(self) -> bool:
        """A string, number or name followed by a comma or a closing bracket.

        Each rule from `test` down to `atom` would collapse to that one leaf: a
        long list of them (a Literal of many values) skips fourteen levels each.
        """
        leaf = self.leaves[self.pos]
        kind = leaf.type
        if not (
            kind == STRING
            or kind == NUMBER
            or (kind == NAME and leaf.value not in _KEYWORDS)
        ):
            return False
        after = self.leaves[self.pos + 1]
        return after.type in _ENDS_OPERAND

    def old_test(self) -> LN:
        return self.lambdef() if self.at_name("lambda") else self.or_test()

    def lambdef(self) -> Node:
        children: list[LN] = [self.take()]
        if not self.at(":"):
            children.append(self._arguments("varargslist", typed=False))
        children += [self.expect(":"), self.test()]
        return Node("lambdef", children)

    def or_test(self) -> LN:
        return self._binary("or_test", self.and_test, ("or",))

    def and_test(self) -> LN:
        return self._binary("and_test", self.not_test, ("and",))

    def not_test(self) -> LN:
        if self.at_name("not"):
            return Node("not_test", [self.take(), self.not_test()])
        return self.comparison()

    def comparison(self) -> LN:
        children: list[LN] = [self.expr()]
        while self.peek.type != STRING and self.peek.value in _COMP_OPS:
            first = self.take()
            if first.value == "not":
                children.append(Node("comp_op", [first, self.expect("in")]))
            elif first.value == "is" and self.at_name("not"):
                children.append(Node("comp_op", [first, self.take()]))
            else:
                children.append(first)
            children.append(self.expr())
        return node("comparison", children)

    def _binary(self, kind: str, operand: Callable[[], LN], ops: tuple[str, ...]) -> LN:
        children: list[LN] = [operand()]
        while self.peek.type != STRING and self.peek.value in ops:
            children += [self.take(), operand()]
        return node(kind, children)

    def expr(self) -> LN:
        return self._binary("expr", self.xor_expr, ("|",))

    def xor_expr(self) -> LN:
        return self._binary("xor_expr", self.and_expr, ("^",))

    def and_expr(self) -> LN:
        return self._binary("and_expr", self.shift_expr, ("&",))

    def shift_expr(self) -> LN:
        return self._binary("shift_expr", self.arith_expr, ("<<", ">>"))

    def arith_expr(self) -> LN:
        return self._binary("arith_expr", self.term, ("+", "-"))

    def term(self) -> LN:
        return self._binary("term", self.factor, ("*", "/", "%", "//", "@"))

    def factor(self) -> LN:
        if self.at("+", "-", "~"):
            return Node("factor", [self.take(), self.factor()])
        return self.power()

    def power(self) -> LN:
        children: list[LN] = []
        if self.peek.type == AWAIT:
            children.append(self.take())
        children.append(self.atom())
        while self.at("(", "[", "."):
            children.append(self.trailer())
        if self.at("**"):
            children += [self.take(), self.factor()]
        return node("power", children)

    def trailer(self) -> Node:
        opening = self.take()
        if opening.value == ".":
            return Node("trailer", [opening, self.name()])
        if opening.value == "(":
            if self.at(")"):
                return Node("trailer", [opening, self.take()])
            return Node("trailer", [opening, self.arglist(), self.expect(")")])
        return Node("trailer", [opening, self.subscriptlist(), self.expect("]")])

    def atom(self) -> LN:
        leaf = self.peek
        if leaf.type == STRING:
            strings: list[LN] = [self.take()]
            while self.peek.type == STRING:
                strings.append(self.take())
            return node("atom", strings)
        if leaf.type == NUMBER:
            return self.take()
        if leaf.type == NAME:
            if leaf.value in _KEYWORDS:
                raise Unsupported(f"unexpected keyword {leaf.value!r}")
            return self.take()
        if leaf.value == ".":
            return Node("atom", [self.take(), self.expect("."), self.expect(".")])
        if leaf.value == "(":
            return self._display("(", ")", self._gexp)
        if leaf.value == "[":
            return self._display("[", "]", self._listmaker)
        if leaf.value == "{":
            return self._display("{", "}", self.dictsetmaker)
        raise Unsupported(f"unexpected {leaf.value!r}")

    def _display(self, opening: str, closing: str, inner: Callable[[], LN]) -> Node:
        first = self.expect(opening)
        if self.at(closing):
            return Node("atom", [first, self.take()])
        return Node("atom", [first, inner(), self.expect(closing)])

    def _gexp(self) -> LN:
        if self.at_name("yield"):
            return self.yield_expr()
        return self._sequence("testlist_gexp", self._named_or_star, "old_comp_for")

    def _listmaker(self) -> LN:
        return self._sequence("listmaker", self._named_or_star, "old_comp_for")

    def _sequence(self, kind: str, item: Callable[[], LN], comp: str) -> LN:
        children: list[LN] = [item()]
        if self._at_comp_for():
            children.append(self.comp_for(comp))
            return Node(kind, children)
        while self.at(","):
            children.append(self.take())
            if not self.starts_expression():
                break
            children.append(item())
        return node(kind, children)

    def _at_comp_for(self) -> bool:
        return self.at_name("for") or (
            self.peek.type == ASYNC and self.leaves[self.pos + 1].value == "for"
        )

    def comp_for(self, kind: str) -> Node:
        children: list[LN] = []
        if self.peek.type == ASYNC:
            children.append(self.take())
        children += [self.expect("for"), self.exprlist(), self.expect("in")]
        children.append(self.or_test() if kind == "comp_for" else self._testlist_safe())
        tail = self._comp_iter(kind)
        if tail is not None:
            children.append(tail)
        return Node(kind, children)

    def _testlist_safe(self) -> LN:
        children: list[LN] = [self.old_test()]
        while self.at(","):
            children.append(self.take())
            if not self.starts_expression():
                break
            children.append(self.old_test())
        return node("testlist_safe", children)

    def _comp_iter(self, kind: str) -> LN | None:
        if self._at_comp_for():
            return self.comp_for(kind)
        if self.at_name("if"):
            if_kind = "comp_if" if kind == "comp_for" else "old_comp_if"
            children: list[LN] = [self.take(), self.old_test()]
            tail = self._comp_iter(kind)
            if tail is not None:
                children.append(tail)
            return Node(if_kind, children)
        return None

    def dictsetmaker(self) -> LN:
        children: list[LN] = []
        while True:
            if self.at("**"):
                children += [self.take(), self.expr()]
            elif self.at("*"):
                children.append(self.star_expr())
            else:
                key = self.test()
                if self.at(":"):
                    children += [key, self.take(), self.test()]
                elif self.at(":="):
                    children.append(
                        Node("namedexpr_test", [key, self.take(), self.test()])
                    )
                else:
                    children.append(key)
            if len(children) <= 3 and self._at_comp_for():
                children.append(self.comp_for("comp_for"))
                return Node("dictsetmaker", children)
            if not self.at(","):
                break
            children.append(self.take())
            if self.at("}"):
                break
        return node("dictsetmaker", children)

    def arglist(self) -> LN:
        children: list[LN] = [self.argument()]
        while self.at(","):
            children.append(self.take())
            if self.at(")"):
                break
            children.append(self.argument())
        return node("arglist", children)

    def argument(self) -> LN:
        if self.at("*", "**"):
            return Node("argument", [self.take(), self.test()])
        value = self.test()
        if self.at("="):
            return Node("argument", [value, self.take(), self.test()])
        if self.at(":="):
            return Node("argument", [value, self.take(), self.test()])
        if self._at_comp_for():
            return Node("argument", [value, self.comp_for("comp_for")])
        return value

    def subscriptlist(self) -> LN:
        children: list[LN] = [self.subscript()]
        while self.at(","):
            children.append(self.take())
            if self.at("]"):
                break
            children.append(self.subscript())
        return node("subscriptlist", children)

    def subscript(self) -> LN:
        if self.at("*"):
            return self.star_expr()
        children: list[LN] = []
        if not self.at(":"):
            children.append(self.test())
            if self.at(":="):
                return Node("subscript", children + [self.take(), self.test()])
            if not self.at(":"):
                return children[0]
        children.append(self.take())
        if not self.at(":", ",", "]"):
            children.append(self.test())
        if self.at(":"):
            sliceop: list[LN] = [self.take()]
            if not self.at(",", "]"):
                sliceop.append(self.test())
            children.append(node("sliceop", sliceop))
        return node("subscript", children)

    def yield_or(self, parse: Callable[[], LN]) -> LN:
        return self.yield_expr() if self.at_name("yield") else parse()

    def yield_expr(self) -> LN:
        children: list[LN] = [self.take()]
        if self.at_name("from"):
            children.append(Node("yield_arg", [self.take(), self.test()]))
        elif not (self.at_end() or self.at(")", "]", "}", "=")):
            children.append(self.testlist_star_expr())
        return node("yield_expr", children)

    def asexpr_test(self) -> LN:
        value = self.test()
        if self.at_name("as"):
            return Node("asexpr_test", [value, self.take(), self.test()])
        return value

    def name(self) -> Leaf:
        if self.peek.type != NAME:
            raise Unsupported("expected a name")
        return self.take()

    def _arguments(self, kind: str, typed: bool) -> LN:
        """typedargslist (a def) or varargslist (a lambda), flat as in the grammar."""
        end = ")" if typed else ":"
        children: list[LN] = []
        while not self.at(end):
            if self.at("*", "**"):
                star = self.take()
                children.append(star)
                if self.peek.type == NAME:
                    children.append(
                        self._param(
                            typed, "tname_star" if star.value == "*" else "tname"
                        )
                    )
            elif self.at("/"):
                children.append(self.take())
            else:
                children.append(self._param(typed, "tname"))
                if self.at("="):
                    children += [self.take(), self.test()]
            if not self.at(","):
                break
            children.append(self.take())
        return node(kind, children)

    def _param(self, typed: bool, kind: str) -> LN:
        name = self.name()
        if typed and self.at(":"):
            return Node(kind, [name, self.take(), self.test()])
        return name
