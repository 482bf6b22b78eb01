"""Every Python name the generator emits is decided here.

Spec names are wire names; this module turns them into identifiers that are valid,
readable and unique: keywords, builtins, leading digits, dashes (`Error-2`),
unicode and collisions are all handled in one place.
"""

from __future__ import annotations

import builtins
import hashlib
import keyword
import re
import unicodedata
from typing import Callable, Iterable

# Names the generated code itself uses, so no schema, field or parameter may take them.
RESERVED_CLASS_NAMES = frozenset(
    {
        "Any",
        "Annotated",
        "ClassVar",
        "Literal",
        "Union",
        "Optional",
        "TypeAlias",
        "TYPE_CHECKING",
        "Model",
        "Discriminator",
        "Client",
        "AsyncClient",
        "Endpoint",
        "RequestOptions",
        "Unpack",
        "NotGiven",
        "NOT_GIVEN",
        "Omit",
        "BinaryResponse",
        "AsyncBinaryResponse",
        "Stream",
        "AsyncStream",
        "SyncCursorPage",
        "AsyncCursorPage",
        "FileInput",
        "RawResponse",
        "Mapping",
        "Sequence",
        "dataclass",
        "field",
        "cast",
        "annotations",
    }
)
RESERVED_MEMBERS = frozenset(
    # `field` is called in model class bodies: a field of that name would hide it.
    {"additional_properties", "to_dict", "from_dict", "self", "cls", "field"}
)
RESERVED_PARAMS = frozenset(
    {"self", "options", "cast", "Any", "Unpack", "RequestOptions"}
)
RESERVED_CLIENT_ATTRS = frozenset(
    {
        "api_key",
        "base_url",
        "close",
        "with_options",
        "timeout",
        "max_retries",
        "request",
        "models",
        "with_raw_response",
    }
)
RESERVED_MODULES = frozenset(
    {"__init__", "_runtime", "_client", "models", "resources", "types"}
)
_BUILTIN_NAMES = frozenset(dir(builtins))
_WORDS = re.compile(r"[A-Z]+(?=[A-Z][a-z0-9])|[A-Z]?[a-z]+|[A-Z]+|[0-9]+[a-z]*")
_IRREGULAR_SINGULARS = {
    "data": "data",
    "status": "status",
    "news": "news",
    "series": "series",
    "analysis": "analysis",
}


def words(text: str) -> list[str]:
    """Split any spelling (camelCase, snake_case, kebab-case, spaces) into lower-case words."""
    ascii_text = (
        unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    )
    return [w.lower() for w in _WORDS.findall(ascii_text)]


def snake(text: str) -> str:
    return "_".join(words(text))


def pascal(text: str) -> str:
    out = []
    for w in words(text):
        out.append(w if w.isdigit() else w[0].upper() + w[1:])
    return "".join(out)


def _safe(name: str, fallback: str, reserved: Iterable[str] = ()) -> str:
    if not name:
        name = fallback
    if name[0].isdigit():
        name = f"{fallback}_{name}" if fallback.islower() else f"{fallback}{name}"
    if keyword.iskeyword(name) or keyword.issoftkeyword(name) or name in reserved:
        name += "_"
    return name


def unique(name: str, taken: set[str]) -> str:
    """Return name, or name with the smallest numeric suffix not in taken; record it.

    Names recorded here also differ from each other in more than case: each
    can become a file name (a module, a docs page), and `Foo` and `FOO` would
    be the same file on macOS and Windows.
    """
    sep = "_" if name.endswith(tuple("0123456789")) or name.islower() else ""

    def free(n: int) -> bool:
        candidate = f"{name}{sep}{n}" if n > 1 else name
        return candidate not in taken and _folded(candidate) not in taken

    n = next((n for n in range(1, _SCAN) if free(n)), 0) or _gallop(free)
    candidate = f"{name}{sep}{n}" if n > 1 else name
    taken.add(candidate)
    taken.add(_folded(candidate))
    return candidate


_SCAN = 16


def _gallop(free: Callable[[int], bool]) -> int:
    """A free suffix past the first few, in logarithmic time (thousands of one name).

    Suffixes are handed out in order, so the taken ones form a run: doubling
    finds a free one past the run, and bisection the run's end. Whatever the
    taken ones, the answer is free.
    """
    low, high = _SCAN - 1, _SCAN  # low is taken
    while not free(high):
        low, high = high, high * 2
    while high - low > 1:
        middle = (low + high) // 2
        if free(middle):
            high = middle
        else:
            low = middle
    return high


def _folded(name: str) -> str:
    # Recorded beside the name; "\0" keeps it apart from every real name.
    return "\0" + name.casefold()


def class_name(parts: Iterable[str]) -> str:
    """A class name from a schema name or from the path of names to an inline schema."""
    name = "".join(_class_part(p) for p in parts) or "Schema"
    return _safe(name, "Model", RESERVED_CLASS_NAMES)


def _class_part(part: str) -> str:
    # A spec name that is already a PascalCase identifier is kept as written (HTTPError).
    if part.isidentifier() and part.isascii() and part[0].isupper() and "_" not in part:
        return part
    return pascal(part)


def module_name(class_name_: str) -> str:
    name = _short(snake(class_name_) or "model", class_name_)
    return _safe(name, "m", RESERVED_MODULES | _BUILTIN_NAMES & {"types"} | _DEVICES)


def attribute_name(wire: str) -> str:
    """A field or keyword argument name for a property or parameter wire name."""
    return _safe(snake(wire), "field", RESERVED_MEMBERS)


def parameter_name(wire: str) -> str:
    return _safe(
        snake(wire),
        "param",
        RESERVED_PARAMS
        | {"extra_headers", "extra_query", "extra_body", "timeout", "max_retries"},
    )


def group_name(tag: str) -> str:
    """The client attribute for an operation group: tag "Vector stores" -> vector_stores."""
    return _safe(snake(tag), "group", RESERVED_CLIENT_ATTRS)


def resource_classes(group: str, taken: Iterable[str]) -> tuple[str, str, str, str]:
    """(sync, async, sync raw, async raw) class names of a group's resource.

    "Resource" is appended when a model already has one of the names.
    """
    base = _safe(pascal(group), "Group", RESERVED_CLASS_NAMES)
    names = (base, f"Async{base}", f"{base}WithRawResponse")
    if set(names) & set(taken):
        base += "Resource"
    return base, f"Async{base}", f"{base}WithRawResponse", f"Async{base}WithRawResponse"


def endpoint_constant(method: str) -> str:
    """The module constant holding a method's Endpoint: remix -> _REMIX."""
    return "_" + method.upper()


def package_name(stem: str) -> str:
    return _safe(_short(snake(stem), stem), "client", RESERVED_MODULES | _DEVICES)


def package_problem(name: str) -> str | None:
    """Why name cannot be a generated package's name, or None when it can."""
    if not (name.isascii() and name.isidentifier()):
        return "it is not an ASCII Python identifier"
    if keyword.iskeyword(name) or keyword.issoftkeyword(name):
        return "it is a Python keyword"
    if name in RESERVED_MODULES:
        return "the generated package uses that name itself"
    if name.casefold() in _DEVICES:
        return "Windows reserves that name for a device"
    if len(name) > MAX_FILE_NAME:
        return f"it is longer than {MAX_FILE_NAME} characters"
    return None


def env_var_problem(name: str) -> str | None:
    """Why name cannot be an environment variable the client reads, or None."""
    if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", name):
        return "an environment variable name is ASCII letters, digits and '_'"
    if len(name) > MAX_FILE_NAME:
        return f"it is longer than {MAX_FILE_NAME} characters"
    return None


def env_var(package: str, suffix: str) -> str:
    return f"{package.upper()}_{suffix}"


def singular(word: str) -> str:
    if word in _IRREGULAR_SINGULARS:
        return _IRREGULAR_SINGULARS[word]
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith(("ches", "shes", "sses", "xes")):
        return word[:-2]
    if word.endswith("s") and not word.endswith("ss") and len(word) > 2:
        return word[:-1]
    return word


def method_name(operation_id: str | None, method: str, path: str, group: str) -> str:
    """A method name for an operation within its group.

    From the operationId, with the group's own words removed (`CreateVideoRemix` in
    group `videos` -> `create_remix`). An action on one resource, `POST
    /videos/{id}/remix`, is named by the action alone when the operationId ends
    with it: `remix`. Without an operationId the method and path are used.
    """
    if operation_id:
        tokens = words(operation_id)
    else:
        tokens = [method] + [
            w
            for seg in _route(path).split("/")
            if seg and not seg.startswith("{")
            for w in words(seg)
        ]
    group_words = {w for w in words(group)} | {singular(w) for w in words(group)}
    trimmed = [
        t for t in tokens if t not in group_words and singular(t) not in group_words
    ] or tokens
    segments = [s for s in _route(path).split("/") if s]
    if (
        method == "post"
        and len(segments) >= 2
        and segments[-2].startswith("{")
        and not segments[-1].startswith("{")
        and trimmed[-1:] == words(segments[-1])[-1:]
        and len(words(segments[-1])) == 1
        and trimmed[0] in ("create", "post")
        and len(trimmed) == 2
    ):
        trimmed = trimmed[1:]
    name = "_".join(trimmed)
    return _safe(name, "call", RESERVED_MEMBERS | {"with_raw_response"})


def operation_fallback_name(operation_id: str | None, method: str, path: str) -> str:
    """The unabridged name, used when two operations of a group would collide."""
    if operation_id:
        return _safe(snake(operation_id), "call", RESERVED_MEMBERS)
    segs = [w for seg in _route(path).split("/") if seg for w in words(seg)]
    return _safe("_".join([method] + segs), "call", RESERVED_MEMBERS)


def _route(path: str) -> str:
    """A path key without its query or fragment ("/a?b=1", "/#Action=Get")."""
    return re.split(r"[?#]", path, maxsplit=1)[0]


def path_group(path: str) -> str:
    """The group of an untagged operation: its first literal path segment."""
    for seg in _route(path).split("/"):
        if seg and not seg.startswith("{"):
            return seg
    return "default"


def doc_slug(name: str) -> str:
    """A file-name-safe slug for a docs page or directory."""
    return portable_stem(re.sub(r"[^A-Za-z0-9_.-]+", "-", name).strip("-.") or "page")


def resource_module(attribute: str) -> str:
    """The module (file) of a resource, from the client attribute of its group."""
    return _safe(_short(attribute, attribute), "r", RESERVED_MODULES | _DEVICES)


# -- file names ------------------------------------------------------------------------
#
# Every file the generator writes is named here, from names that are already
# ASCII: a name is kept as it is when every file system takes it. Otherwise a
# device name Windows reserves (with any extension, in any case) gets a "_",
# and a name too long for a file system is cut, with a hash of the whole name
# so that two long names stay two files. Names that differ only in case are
# kept apart by `unique`.

MAX_FILE_NAME = 96  # characters of a generated file or directory name, before ".py"
_DEVICES = frozenset(
    {"con", "prn", "aux", "nul", "conin$", "conout$"}
    | {f"{kind}{n}" for kind in ("com", "lpt") for n in "0123456789\u00b9\u00b2\u00b3"}
)


def is_device(name: str) -> bool:
    """Whether Windows reserves name (a file name, any extension) for a device."""
    return name.split(".", 1)[0].rstrip(" ").casefold() in _DEVICES


def portable_stem(name: str) -> str:
    """name as a file name stem that Linux, macOS and Windows all take."""
    name = _short(name, name)
    if is_device(name):
        first, dot, rest = name.partition(".")
        name = f"{first}_{dot}{rest}"
    return name


def _short(name: str, whole: str) -> str:
    """name cut to MAX_FILE_NAME characters, ending in a hash of whole when cut."""
    if len(name) <= MAX_FILE_NAME:
        return name
    digest = hashlib.sha256(whole.encode("utf-8", "surrogatepass")).hexdigest()[:10]
    return f"{name[: MAX_FILE_NAME - 11]}_{digest}"
