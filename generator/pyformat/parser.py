"""Parse one logical line into a blib2to3-shaped tree (see `tree`).

A statement, or the header of a compound statement (with a `...` body on the
same line, as black writes stubs). Each grammar rule builds its node only when
it has more than one child, as blib2to3 does; expressions are in `expressions`.
"""

from __future__ import annotations

from generator.pyformat.expressions import ExpressionParser, node
from generator.pyformat.tokens import Unsupported
from generator.pyformat.tree import ASYNC, LN, NAME, Leaf, Node

_SIMPLE = {"pass", "break", "continue"}


class Parser(ExpressionParser):
    # -- statements -----------------------------------------------------------

    def statement(self) -> Node:
        """The tree of the logical line, under a root node."""
        body = self._statement()
        if not self.at_end():
            raise Unsupported(f"unexpected {self.peek.value!r}")
        root = Node("file_input", [body])
        return root

    def _statement(self) -> LN:
        leaf = self.peek
        if leaf.type == "AT":
            return Node("decorator", [self.take(), self.namedexpr_test()])
        if leaf.type == ASYNC:
            asynchronous = self.take()
            if self.at_name("def"):
                return Node("async_stmt", [asynchronous, self.funcdef()])
            if self.at_name("for"):
                return Node("async_stmt", [asynchronous, self.for_stmt()])
            if self.at_name("with"):
                return Node("async_stmt", [asynchronous, self.with_stmt()])
            raise Unsupported("async what?")
        if leaf.type == NAME:
            keyword = leaf.value
            if keyword == "def":
                return self.funcdef()
            if keyword == "class":
                return self.classdef()
            if keyword in ("if", "elif", "while"):
                kind = "while_stmt" if keyword == "while" else "if_stmt"
                return Node(
                    kind, [self.take(), self.namedexpr_test(), self.expect(":")]
                )
            if keyword in ("else", "try", "finally"):
                return Node("try_stmt", [self.take(), self.expect(":")])
            if keyword == "for":
                return self.for_stmt()
            if keyword == "with":
                return self.with_stmt()
            if keyword == "except":
                return self.except_clause()
        return Node("simple_stmt", [self.small_stmt()])

    def funcdef(self) -> Node:
        children: list[LN] = [self.expect("def"), self.name(), self.parameters()]
        if self.at("->"):
            children += [self.take(), self.test()]
        children.append(self.expect(":"))
        return self._stub_body(Node("funcdef", children))

    def classdef(self) -> Node:
        children: list[LN] = [self.expect("class"), self.name()]
        if self.at("("):
            children.append(self.take())
            if not self.at(")"):
                children.append(self.arglist())
            children.append(self.expect(")"))
        children.append(self.expect(":"))
        return self._stub_body(Node("classdef", children))

    def _stub_body(self, definition: Node) -> Node:
        if self.at_end():
            return definition
        dots = [self.expect(".") for _ in range(3)]
        body = Node("simple_stmt", [Node("atom", list[LN](dots))])
        definition.insert_child(len(definition.children), body)
        return definition

    def for_stmt(self) -> Node:
        children: list[LN] = [self.take(), self.exprlist(), self.expect("in")]
        children += [self.testlist_star_expr(), self.expect(":")]
        return Node("for_stmt", children)

    def with_stmt(self) -> Node:
        children: list[LN] = [self.take(), self.asexpr_test()]
        while self.at(","):
            children += [self.take(), self.asexpr_test()]
        children.append(self.expect(":"))
        return Node("with_stmt", children)

    def except_clause(self) -> Node:
        children: list[LN] = [self.take()]
        if not self.at(":"):
            children.append(self.test())
            if self.at_name("as"):
                children += [self.take(), self.test()]
        clause = Node("except_clause", children) if len(children) > 1 else children[0]
        return Node("try_stmt", [clause, self.expect(":")])

    def small_stmt(self) -> LN:
        leaf = self.peek
        if leaf.type == NAME:
            word = leaf.value
            if word in _SIMPLE:
                return self.take()
            if word == "return":
                children: list[LN] = [self.take()]
                if not self.at_end():
                    children.append(self.testlist_star_expr())
                return node("return_stmt", children)
            if word == "import":
                return Node("import_name", [self.take(), self.dotted_as_names()])
            if word == "from":
                return self.import_from()
            if word in ("global", "nonlocal"):
                return self.global_stmt()
            if word == "del":
                return Node("del_stmt", [self.take(), self.exprlist()])
            if word == "assert":
                children = [self.take(), self.test()]
                if self.at(","):
                    children += [self.take(), self.test()]
                return Node("assert_stmt", children)
            if word == "raise":
                children = [self.take()]
                if not self.at_end():
                    children.append(self.test())
                    if self.at_name("from"):
                        children += [self.take(), self.test()]
                return node("raise_stmt", children)
        return self.expr_stmt()

    def expr_stmt(self) -> LN:
        children: list[LN] = [self.yield_or(self.testlist_star_expr)]
        if self.at(":"):
            ann: list[LN] = [self.take(), self.test()]
            if self.at("="):
                ann += [self.take(), self.yield_or(self.testlist_star_expr)]
            children.append(Node("annassign", ann))
        elif self.peek.type == "AUGASSIGN":
            children += [self.take(), self.yield_or(self.testlist)]
        else:
            while self.at("="):
                children += [self.take(), self.yield_or(self.testlist_star_expr)]
        return node("expr_stmt", children)

    def import_from(self) -> Node:
        children: list[LN] = [self.take()]
        while self.at("."):
            children.append(self.take())
        if not self.at_name("import"):
            children.append(self.dotted_name())
        children.append(self.expect("import"))
        if self.at("*"):
            children.append(self.take())
        elif self.at("("):
            children += [self.take(), self.import_as_names(), self.expect(")")]
        else:
            children.append(self.import_as_names())
        return Node("import_from", children)

    def import_as_names(self) -> LN:
        children: list[LN] = [self.import_as_name()]
        while self.at(","):
            children.append(self.take())
            if self.at_end() or self.at(")"):
                break
            children.append(self.import_as_name())
        return node("import_as_names", children)

    def import_as_name(self) -> LN:
        children: list[LN] = [self.name()]
        if self.at_name("as"):
            children += [self.take(), self.name()]
        return node("import_as_name", children)

    def dotted_name(self) -> LN:
        children: list[LN] = [self.name()]
        while self.at("."):
            children += [self.take(), self.name()]
        return node("dotted_name", children)

    def dotted_as_names(self) -> LN:
        children: list[LN] = [self.dotted_as_name()]
        while self.at(","):
            children += [self.take(), self.dotted_as_name()]
        return node("dotted_as_names", children)

    def dotted_as_name(self) -> LN:
        children: list[LN] = [self.dotted_name()]
        if self.at_name("as"):
            children += [self.take(), self.name()]
        return node("dotted_as_name", children)

    def global_stmt(self) -> Node:
        children: list[LN] = [self.take(), self.name()]
        while self.at(","):
            children += [self.take(), self.name()]
        return Node("global_stmt", children)

    # -- signatures -----------------------------------------------------------

    def parameters(self) -> Node:
        children: list[LN] = [self.expect("(")]
        if not self.at(")"):
            children.append(self._arguments("typedargslist", typed=True))
        children.append(self.expect(")"))
        return Node("parameters", children)


def parse(text: str) -> tuple[Node, Leaf]:
    """The statement's tree, and the end marker holding the comments after it."""
    parser = Parser(text)
    return parser.statement(), parser.leaves[-1]
