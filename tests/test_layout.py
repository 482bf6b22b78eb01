"""The layout engine lays every construct out exactly as black 26.10.1 does.

`generator.pyformat` replaces black at generation time; black (a test tool
here, pinned) is the oracle. Each statement is written on one line, too long,
and must come out as black formats it, at module, class and method depth.
"""

from __future__ import annotations

import ast
import itertools
import re
from pathlib import Path

import black
import pytest

from generator.pyformat import Unsupported, format_statement
from generator.pyformat.source import lay_out

ROOT = Path(__file__).resolve().parent.parent
MODE = black.Mode(target_versions={black.TargetVersion.PY310}, line_length=88)
HEADS = ("", "class C:\n", "class C:\n    def m(self):\n")

LONG = "a_rather_long_name_for_a_value"
LITERALS = ", ".join(f'"value-{i}-of-the-enumeration"' for i in range(8))

CASES = {
    "field with a long union": f"{LONG}: Literal[{LITERALS}] | None = None",
    "field with a union that fits inside parentheses": (
        "temperature_and_other_settings: float | int | str | None | NotGiven | bytes = NOT_GIVEN"
    ),
    "field whose default is wrapped": (
        f"{LONG}: dict[str, list[int]] = field(default_factory=dict, repr=False)"
    ),
    "alias of a long Literal": f"Kind: TypeAlias = Literal[{LITERALS}]",
    "alias of a union of Literals": (
        'Model: TypeAlias = Union[str, Literal["gpt-4o", "gpt-4o-mini", "o1", "o3"], '
        'Literal["gpt-4.1", "gpt-4.1-mini", "gpt-4.1-nano", "chatgpt-4o-latest"]]'
    ),
    "nested subscripts": (
        f"{LONG}: dict[str, list[dict[str, Literal[{LITERALS}] | None]]] | None = None"
    ),
    "Annotated with a chained union": (
        f"{LONG}: Annotated[FirstModelName | SecondModelName | ThirdModelName | "
        'FourthModelName, Discriminator("type")] | None = None'
    ),
    "endpoint call with params": (
        'VIDEOS_CREATE = Endpoint("post", "/videos/{video_id}/remix", params=(Param('
        '"video_id", "path", required=True), Param("prompt", "body", required=True, '
        'max_length=32000)), body="json", response="json", cast_to="VideoResource")'
    ),
    "a Param with a long enum": (
        f'PARAMS = (Param("order", "query", enum=({LITERALS})), Param("limit", "query"))'
    ),
    "return of a cast": (
        'return cast("Page[FineTuningJobCheckpoint]", self._call('
        "FINE_TUNING_JOBS_CHECKPOINTS_LIST_WITH_A_LONG_NAME, locals()))"
    ),
    "return of an awaited cast": (
        'return cast("AsyncPage[FineTuningJobCheckpoint]", await self._call('
        "FINE_TUNING_JOBS_CHECKPOINTS_LIST_WITH_A_LONG_NAME, locals()))"
    ),
    "method signature": (
        "def create(self, video_id: str, *, prompt: str | NotGiven = NOT_GIVEN, "
        'model: Literal["sora-2", "sora-2-pro"] | NotGiven = NOT_GIVEN, '
        "**options: Unpack[RequestOptions]) -> VideoResource: ..."
    ),
    "method signature with a long return annotation": (
        "async def list_checkpoints(self) -> AsyncPage[FineTuningJobCheckpointWithALongName"
        "AndMoreWordsInIt]:"
    ),
    "parameter with a long union": (
        f"def f(self, *, {LONG}: Literal[{LITERALS}] | NotGiven = NOT_GIVEN) -> None: ..."
    ),
    "overload": (
        "async def create(self, *, stream: Literal[True], prompt: str, "
        "**options: Unpack[RequestOptions]) -> AsyncStream[CompletionChunkWithAName]: ..."
    ),
    "import": (
        "from ..models.a_module import FirstModelName, SecondModelName, ThirdModelName, "
        "FourthModel"
    ),
    "import with aliases": (
        "from .chat_completion_message_tool_call import ChatCompletionMessageToolCall "
        "as ChatCompletionMessageToolCall"
    ),
    "__all__": "__all__ = ["
    + ", ".join(f'"Name{i}WithSomeLength"' for i in range(9))
    + "]",
    "class with long bases": (
        "class ChatCompletionStreamOptionsWithAVeryLongName(BaseModelWithAName, "
        "Generic[FirstTypeVar, SecondTypeVar], metaclass=Meta):"
    ),
    "decorator": (
        "@some.decorator_factory(first_argument=1, second_argument=True, "
        "third_argument=[1, 2, 3, 4])"
    ),
    "dict literal": (
        "_wire_names: ClassVar[dict[str, str]] = {"
        + ", ".join(f'"attr_{i}": "wire-{i}"' for i in range(7))
        + "}"
    ),
    "dict of lists": (
        "TABLE = {" + ", ".join(f'"k{i}": [1, 2, {i}, "x" * 3]' for i in range(6)) + "}"
    ),
    "tuple literal": "VALUES = (" + LITERALS + ")",
    "one-tuple": f'VALUES = ("{"x" * 90}",)',
    "implicit string concatenation": (
        'message = ("the first part of a long message, " "and the second part of it, " '
        '"and a third part that makes it far too long")'
    ),
    "string concatenation with +": (
        'message = "the first part of a long message, " + variable_name + '
        '" and the second part of it, which is long"'
    ),
    "boolean expression": (
        "if first_condition_holds and second_condition_holds or not third_condition "
        "and fourth_condition_is_quite_long:"
    ),
    "comparison chain": (
        "ok = first_value_with_a_name < second_value_with_a_name <= "
        "third_value_with_a_name != fourth_value_name"
    ),
    "ternary": (
        "value = first_function_call(argument_one) if some_condition_is_true else "
        "second_function(argument_two)"
    ),
    "lambda": (
        "key = lambda item, other=None: (item.first_attribute, item.second_attribute, "
        "other)"
    ),
    "comprehension": (
        "names = [item.name_attribute for item in collection_of_items if "
        "item.is_enabled and item.name_attribute]"
    ),
    "dict comprehension": (
        "index = {item.identifier: item for item in collection_of_items if "
        "item.identifier is not None}"
    ),
    "generator argument": (
        "total = sum(item.quantity * item.unit_price for item in order.line_items "
        "if item.is_billable)"
    ),
    "method chain": (
        "result = client.resources.with_raw_response.create(first=1).parse()."
        "to_dict().items()"
    ),
    "subscript with a slice": (
        "chunk = buffer_with_a_long_name[offset_value + header_length : offset_value + "
        "header_length + body]"
    ),
    "star arguments": (
        "call_a_function_with_a_long_name(*positional_arguments, "
        "**keyword_arguments_mapping, extra=1)"
    ),
    "magic trailing comma kept": "x = call(a,)",
    "magic trailing comma in a subscript": "x: dict[str, int,] = {}",
    "single-element subscript comma": "x = y[1,]",
    "walrus": "if (match := pattern_with_a_name.match(the_text_to_match_against)) is not None:",
    "raise": (
        'raise ValueError(f"the value {value!r} of {name} is not one of the allowed '
        'values")'
    ),
    "assert": (
        'assert isinstance(value, (int, float)), f"expected a number for {name}, '
        'got {type(value).__name__}"'
    ),
    "del": "del first_mapping[first_key], second_mapping[second_key], third[third_key]",
    "augmented assignment": (
        "total_number_of_things += compute_the_number(first_argument, second_argument)"
    ),
    "chained assignment": (
        "first_target = second_target = some_function_with_a_long_name(argument_value)"
    ),
    "power": "x = a**2 + b ** c.d + (-1) ** n + f(x) ** 2",
    "unary and await": "value = -(await self.fetch_the_value(first_argument, second=2))",
    "return of a tuple": (
        "return first_value_with_a_long_name, second_value_with_a_long_name, third"
    ),
    "for loop header": (
        "for first_item, second_item in zip(first_collection_name, "
        "second_collection_name):"
    ),
    "except clause": (
        "except (FirstErrorType, SecondErrorType, ThirdErrorType, FourthErrorTypeName):"
    ),
    "trailing comment": (
        "result = compute(first_argument, second_argument)  # type: ignore[arg-type]"
    ),
    "comments in brackets": "x = [\n    1,  # one\n    # two\n    2,\n]",
    "with several context managers": (
        "with open(first_path_name) as first_file, open(second_path_name) as second_file:"
    ),
    "async with": (
        "async with self._session_factory(timeout=timeout_value) as session_object:"
    ),
    "a multiline string argument": (
        'call_something(first_argument_value, """\nline one\nline two\n""", '
        "keyword_argument=1, other_keyword=2)"
    ),
    "return annotation with a magic comma": "def f(a,) -> tuple[int, int, int,]: ...",
    "an unsplittable line": f'path = "{"a" * 100}"',
    "an unsplittable call": f'check_value("{"a" * 100}")',
    "an unsplittable attribute chain": f"x = {'a' * 50}.{'b' * 50}",
    "empty brackets": f"value = {LONG}.{LONG}.method_name()",
    "right-hand side wrapped in parentheses": (
        f"{LONG} = {LONG} + another_long_name_for_a_thing - a_third_value_with_a_name"
    ),
    "subscript target": (
        f"mapping_with_a_long_name[key_with_a_long_name] = {LONG}.something_long(1)"
    ),
}


def black_format(source: str, depth: int) -> str:
    head = HEADS[depth]
    return black.format_str(head + source, mode=MODE)[len(head) :]


def _trailer(statement: str, depth: int) -> str:
    """What must follow the statement for it to parse: a body, a decorated def."""
    if statement.startswith("@"):
        return "    " * depth + "def f():\n" + "    " * (depth + 1) + "pass\n"
    if statement.endswith(":"):
        return "    " * (depth + 1) + "pass\n"
    return ""


@pytest.mark.parametrize("depth", [0, 1, 2])
@pytest.mark.parametrize("name", sorted(set(CASES) - {"except clause"}))
def test_a_construct_is_laid_out_as_black_lays_it_out(name: str, depth: int) -> None:
    statement = CASES[name]
    source = "".join("    " * depth + line + "\n" for line in statement.splitlines())
    trailer = _trailer(statement, depth)
    expected = black_format(source + trailer, depth)
    assert format_statement(source, depth) + trailer == expected


def test_an_except_clause_is_laid_out_in_its_try() -> None:
    source = f"try:\n    pass\n{CASES['except clause']}\n    pass\n"
    expected = black.format_str(source, mode=MODE)
    assert lay_out(ast.parse(source), source) == expected


def test_what_it_does_not_know_is_refused_not_guessed() -> None:
    for source in (
        "match command_with_a_long_name:\n",
        "x = [  # fmt: skip\n    1,\n]\n",
        "x = first + \\\n    second\n",
    ):
        with pytest.raises(Unsupported):
            format_statement(source, 0)


def test_a_refused_statement_is_kept_as_written() -> None:
    source = "x = [  # fmt: skip\n" + "    1,\n" * 3 + "]\n" + f"y = {'a' * 90}\n"
    assert lay_out(ast.parse(source), source, everything=True) == source


# -- every statement of real, varied code ----------------------------------------

SOURCES = sorted(
    [*ROOT.glob("templates/runtime/*.py"), *ROOT.glob("generator/**/*.py")]
    + [*ROOT.glob("tests/*.py")]
)


def _collapsed(source: str) -> str:
    """Every bracketed construct written on one line (tokens and commas kept)."""
    out: list[str] = []
    depth = 0
    for token in re.finditer(
        r"""[rbuRBUfF]{0,2}(?:'''(?:[^'\\]|\\.|'(?!''))*'''|\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\""""
        r"""|'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*")|#[^\n]*|\n[ ]*|[^'"#\n]""",
        source,
        re.S,
    ):
        text = token.group()
        if text in "([{":
            depth += 1
        elif text in ")]}":
            depth -= 1
        if text.startswith("\n") and depth > 0:
            text = " "
        out.append(text)
    return "".join(out)


def _variants(source: str) -> list[str]:
    collapsed = _collapsed(source)
    naked = re.sub(r",\s+([)\]}])", r" \1", collapsed)
    return [source, collapsed, naked]


@pytest.mark.parametrize(
    "path", SOURCES, ids=[p.relative_to(ROOT).as_posix() for p in SOURCES]
)
def test_every_statement_of_real_code_is_laid_out_as_black_does(path: Path) -> None:
    """Statements as written, joined onto one line, and without trailing commas."""
    source = black.format_str(path.read_text(encoding="utf-8"), mode=MODE)
    for variant in _variants(source):
        if "# fmt:" in variant:
            continue
        try:
            tree = ast.parse(variant)
            expected = black.format_str(variant, mode=MODE)
        except (SyntaxError, black.parsing.InvalidInput):
            continue  # a comment swallowed a joined line: not Python any more
        if variant != source and any(isinstance(n, ast.Match) for n in ast.walk(tree)):
            continue  # match statements are kept as written (the templates emit none)
        assert lay_out(tree, variant, everything=True) == expected


def test_wide_characters_count_as_black_counts_them() -> None:
    from black.strings import char_width

    from generator.pyformat.widths import char_width as width

    assert [cp for cp in range(0x110000) if width(chr(cp)) != char_width(chr(cp))] == []
    line = 'x = ["' + "漢字" * 22 + '", "' + "b" * 10 + '"]'  # 98 characters, 142 cells
    assert format_statement(line + "\n", 0) == black_format(line + "\n", 0)


def test_a_line_of_wide_characters_is_laid_out_though_it_has_few_characters() -> None:
    source = (
        'X = ["' + "漢" * 24 + '", "' + "字" * 24 + '"]\n'
    )  # 59 characters, 107 cells
    assert lay_out(ast.parse(source), source) == black.format_str(source, mode=MODE)


SHAPES = (
    '{n}: Literal["alpha", "beta", "gamma"] | None = None',
    "{n}: dict[str, list[{n}]] | None = field(default_factory=dict)",
    "def {n}(self, value: int, *, other: str | None = None) -> {n}: ...",
    'return cast("{n}", self._call({n}, locals()))',
    'PARAMS = (Param("{n}", "query", required=True, enum=("a", "b")),)',
    "from .{n} import {n} as {n}",
    "x = {n}.method({n}).other[{n}] + {n}",
    "class {n}(Base, Generic[{n}]):",
    "value = {n} if {n} is not None else {n}",
)


@pytest.mark.parametrize("depth", [0, 2])
@pytest.mark.parametrize("shape", SHAPES)
def test_lines_around_the_limit_split_where_black_splits_them(
    shape: str, depth: int
) -> None:
    """Every length from well under the line length to well over it, at each step."""
    for size in range(4, 64):
        statement = shape.format(n="n" * size)
        source = "    " * depth + statement + "\n"
        trailer = _trailer(statement, depth)
        expected = black_format(source + trailer, depth)
        assert format_statement(source, depth) + trailer == expected, size


MULTILINE_SHAPES = (
    "{n}({s})",
    "{n}( {s} )",
    "{n}({s}, other_argument)",
    "{n}(first_argument, {s}, key=1)",
    "{n}(key={s})",
    "return {n}({s})",
    "return {s}",
    "{n} = {s}",
    "{n} = textwrap.dedent({s}).strip()",
    "value = {s}.format(first, second)",
    "outer({n}({s}))",
    "outer({n}({s}), other)",
    "outer(first, {n}({s}, second))",
    "{n} = [{s}, {s}]",
    'table = {{"key": {s}}}',
    "value = {s} if condition else {n}",
)
MULTILINE_STRINGS = (
    '"""\nline one\n    line two\n"""',
    'f"""\n  /things{{i}}:\n' + "x" * 80 + '"""',
    '"""first line ' + "y" * 40 + '\n   second\n  last"""',
)


@pytest.mark.parametrize("depth", [0, 1, 2])
@pytest.mark.parametrize("shape", MULTILINE_SHAPES)
def test_multiline_strings_in_brackets_are_laid_out_as_black_lays_them_out(
    shape: str, depth: int
) -> None:
    """In each position, short and long, its lines less indented than the statement."""
    head = HEADS[depth]
    for string, size in itertools.product(MULTILINE_STRINGS, (1, 20, 45, 70)):
        statement = shape.format(n="n" * size, s=string)
        source = head + "    " * depth + statement + "\n"
        expected = black.format_str(source, mode=MODE)
        assert lay_out(ast.parse(source), source, everything=True) == expected, size
        assert head + format_statement(source[len(head) :], depth) == expected, size


def test_brackets_nested_too_deeply_are_kept_as_written_without_a_crash() -> None:
    source = "x: " + "list[" * 80 + "int" + "]" * 80 + " = None\n"
    with pytest.raises(Unsupported):
        format_statement(source, 0)
    assert lay_out(ast.parse(source), source) == source
