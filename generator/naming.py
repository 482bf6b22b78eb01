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
import sys
import unicodedata
from typing import Callable, Iterable, Protocol

from generator.memo import short_texts


class OperationLike(Protocol):
    @property
    def operation_id(self) -> str | None: ...
    @property
    def method(self) -> str: ...
    @property
    def path(self) -> str: ...


# Every name the generated modules import or define for themselves (models, resources,
# the client), so no model or resource class may take one. tests/test_naming.py
# checks this list against the imports of generated packages.
# What generated modules import the models package and the runtime's schema module as.
MODELS_ALIAS = "_m"
SCHEMA_ALIAS = "_s"
RESERVED_CLASS_NAMES = frozenset(
    {
        MODELS_ALIAS,
        SCHEMA_ALIAS,
        "AsyncAPIClient",
        "SyncAPIClient",
        "ClientConfig",
        "AsyncResource",
        "SyncResource",
        "Param",
        "raw_response",
        "async_raw_response",
        "builtins",
        "cached_property",
        "import_module",
        "overload",
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
        "ClientOptions",
        "Scheme",
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
# Names a generated class body uses (decorators, `builtins.str` annotations, the
# client's config), so no method or client attribute may shadow them there.
RESERVED_IN_CLASS_BODY = frozenset(
    {"cached_property", "overload", "builtins", "config"}
)
# The public attributes of the runtime's clients (tests/test_naming.py checks them).
RESERVED_CLIENT_ATTRS = RESERVED_IN_CLASS_BODY | frozenset(
    {
        "api_key",
        "base_url",
        "close",
        "config",
        "default_headers",
        "default_query",
        "hooks_see_secrets",
        "max_response_bytes",
        "max_retries",
        "on_request",
        "on_response",
        "password",
        "proxy",
        "request",
        "strict_response_validation",
        "timeout",
        "username",
        "validate_requests",
        "with_options",
        "with_raw_response",
    }
)
# The arguments of every client (the runtime's _BaseClient.__init__), which a
# security scheme's own argument never takes (tests/test_naming.py checks them).
CLIENT_ARGUMENTS = frozenset(
    {
        "self",
        "api_key",
        "base_url",
        "username",
        "password",
        "timeout",
        "max_retries",
        "max_response_bytes",
        "default_headers",
        "default_query",
        "validate_requests",
        "strict_response_validation",
        "verify",
        "proxy",
        "on_request",
        "on_response",
        "hooks_see_secrets",
        "credentials",
    }
)
RESERVED_MODULES = frozenset(
    {"__init__", "_runtime", "_client", "models", "resources", "types"}
)
_BUILTIN_NAMES = frozenset(dir(builtins))
# Longest identifiers (and module names); longer ones are shortened by cap().
MAX_IDENTIFIER = 60
# A "word" longer than this is several words run together.
RUN_ON = 16
# A word, with the digits that follow it (v1, k8s, oauth2, base64, HTTP2).
_WORDS = re.compile(
    r"(?:[A-Z]+(?=[A-Z][a-z])|[A-Z]?[a-z]+|[A-Z]+|[0-9]+[a-z]*)(?:[0-9]+[a-z]*)*"
)
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


@short_texts  # property names recur across schemas: 50,000 calls, 5,000 names on GitHub
def snake(text: str) -> str:
    """snake_case, a number kept with the word before it (`ssn_last4_provided`)."""
    out: list[str] = []
    for word in words(text):
        if word.isdigit() and out:
            out[-1] += word
        else:
            out.append(word)
    return "_".join(out)


@short_texts
def pascal(text: str) -> str:
    out = []
    for w in words(text):
        out.append(w if w.isdigit() else w[0].upper() + w[1:])
    return "".join(out)


def _safe(name: str, fallback: str, reserved: Iterable[str] = ()) -> str:
    """name as a valid identifier of at most MAX_IDENTIFIER characters, not reserved."""
    if not name:
        name = fallback
    name = cap(name, MAX_IDENTIFIER - 4)  # room for a "_" or a "_99" that unique() adds
    if name[0].isdigit():
        # A lone number takes the prefix as its word (field1_clicks); 1st stays one.
        lone = re.match(r"\d+(_|$)", name) is not None
        glue = "_" if fallback.islower() and not lone else ""
        name = f"{fallback}{glue}{name}"
    if keyword.iskeyword(name) or keyword.issoftkeyword(name) or name in reserved:
        name += "_"
    return name


def unique(name: str, taken: set[str]) -> str:
    """Return name, or name with the smallest numeric suffix not in taken; record it.

    Names recorded here also differ from each other in more than case: each
    can become a file name (a module, a docs page), and `Foo` and `FOO` would
    be the same file on macOS and Windows.
    """
    candidate = name
    if name in taken or _folded(name) in taken:  # rarely: find the smallest suffix
        sep = "_" if name.endswith(tuple("0123456789")) or name.islower() else ""

        def free(n: int) -> bool:
            candidate = f"{name}{sep}{n}"
            return candidate not in taken and _folded(candidate) not in taken

        n = next((n for n in range(2, _SCAN) if free(n)), 0) or _gallop(free)
        candidate = f"{name}{sep}{n}"
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
    return _safe(name, "Schema", RESERVED_CLASS_NAMES)


def _class_part(part: str) -> str:
    # A spec name that is already a PascalCase identifier is kept as written (HTTPError).
    if part.isidentifier() and part.isascii() and part[0].isupper() and "_" not in part:
        return part
    return pascal(part)


def cap(name: str, limit: int) -> str:
    """name, shortened to limit characters by dropping whole words from its middle.

    The first and last words are kept (`AdminOrganizationProjectsServiceAccounts`
    keeps `Admin` and `Accounts`); a name still too long (one long word) is cut,
    ending in a hash of the whole name so that two such names stay apart.
    """
    if len(name) <= limit:
        return name
    sep = "_" if "_" in name else ""
    parts = (
        name.split("_")
        if sep
        else re.findall(r"[A-Z]+(?![a-z])|[A-Z][a-z0-9]*|[a-z0-9]+", name)
    )
    while len(parts) > 2 and len(sep.join(parts)) > limit:
        del parts[len(parts) // 2]
    short = sep.join(parts)
    if len(short) <= limit:
        return short.rstrip("_")
    digest = hashlib.sha256(name.encode("utf-8", "surrogatepass")).hexdigest()[:8]
    return f"{short[: limit - 9].rstrip('_')}_{digest}"


def module_name(class_name_: str) -> str:
    name = _short(snake(class_name_) or "model", class_name_)
    return _safe(name, "m", RESERVED_MODULES | _BUILTIN_NAMES & {"types"} | _DEVICES)


@short_texts  # the same property names recur in schema after schema
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


# Attributes of every generated resource class, which no method or sub-resource may take.
RESERVED_METHODS = RESERVED_MEMBERS | RESERVED_IN_CLASS_BODY | {"with_raw_response"}


def resource_path(words: Iterable[str]) -> tuple[str, ...]:
    """Attribute names from the client to a resource: ("v1", "Customers") -> (v1, customers).

    A path segment that starts with a digit (a dated version, `2010-04-01`)
    becomes `v2010_04_01`. Operations with no resource of their own sit in
    `default`.
    """
    out = []
    for i, word in enumerate(words):
        name = snake(word) or "resource"
        if name[0].isdigit():
            name = "v" + name
        reserved = RESERVED_CLIENT_ATTRS if i == 0 else RESERVED_METHODS
        out.append(_safe(name, "resource", reserved))
    return tuple(out) or ("default",)


def resource_module(path: tuple[str, ...]) -> str:
    """The module of a resource: ("v1", "customers") -> v1_customers."""
    return _safe("_".join(path), "m", RESERVED_MODULES | _DEVICES)


def resource_classes(
    path: tuple[str, ...], taken: Iterable[str]
) -> tuple[str, str, str, str]:
    """(sync, async, sync raw, async raw) class names of a resource.

    "Resource" is appended when a model (or another resource) already has one
    of the names.
    """
    # Room for "Async...WithRawResponse" and a "Resource" that tells it from a model.
    room = MAX_IDENTIFIER - len("AsyncWithRawResponseResource9")
    base = _safe(
        cap("".join(pascal(p) for p in path), room), "Group", RESERVED_CLASS_NAMES
    )
    taken = set(taken)
    n = 1
    candidate = base
    taken |= (
        RESERVED_CLASS_NAMES  # e.g. AsyncResource, for a resource called "resource"
    )
    while {candidate, f"Async{candidate}", f"{candidate}WithRawResponse"} & taken:
        n += 1
        candidate = f"{base}Resource" if n == 2 else f"{base}Resource{n - 1}"
    return (
        candidate,
        f"Async{candidate}",
        f"{candidate}WithRawResponse",
        f"Async{candidate}WithRawResponse",
    )


def endpoint_constant(method: str) -> str:
    """The module constant holding a method's Endpoint: remix -> _REMIX."""
    return "_" + method.upper()


# The generated code imports its models package and the runtime's schema module
# under these names; class names never start with "_", so they cannot clash.


READER_PREFIX = "_read_"


def reader_names(class_names: Iterable[str]) -> dict[str, str]:
    """The function copying a model's JSON properties onto an instance, for each
    class of one module: Pet -> _read_Pet.

    Class names may be nearly MAX_IDENTIFIER long: a reader that would be longer
    takes the class name shortened by cap(), with a suffix from unique() where two
    shortened names meet, so that the readers of a module stay apart.
    """
    classes = list(class_names)
    out = {c: READER_PREFIX + c for c in classes}
    taken = {r for r in out.values() if len(r) <= MAX_IDENTIFIER}
    room = MAX_IDENTIFIER - len(READER_PREFIX) - 4  # for unique()'s "_99"
    for c in classes:
        if len(out[c]) > MAX_IDENTIFIER:
            out[c] = unique(READER_PREFIX + cap(c, room), taken)
    return out


def type_name(alias: str) -> str:
    """The runtime type (a schema descriptor) of a type alias: Shape -> _Shape."""
    return "_" + alias


def package_name(stem: str) -> str:
    return _safe(_short(snake(stem), stem), "client", RESERVED_MODULES | _DEVICES)


def env_var(package: str, suffix: str) -> str:
    return f"{package.upper()}_{suffix}"


# -- credentials -----------------------------------------------------------------------

# Words that end a security scheme's name and say nothing (`AdminApiKeyAuth`).
_SCHEME_TAIL = frozenset(
    {"auth", "authentication", "authorization", "credentials", "creds", "scheme"}
    | {"security"}
)
# Last words that already name a credential (`partnerKey`, `clientId`).
_CREDENTIAL_WORDS = frozenset(
    {"key", "apikey", "token", "secret", "id", "jwt", "cookie", "session", "sid"}
    | {"signature", "password", "pat"}
)
_BASIC_WORDS = frozenset({"basic", "http"}) | _SCHEME_TAIL
_PLAIN = {"basic": ("username", "password")}
_PLAIN_SECRET = ("api_key",)
# "OAuth2", "oAuthBackOffice": one word, oauth.
_OAUTH = re.compile(r"(?:(?<![A-Za-z])[oO]|O)[aA](?i:uth)")


# Words of a security scheme's name that name a kind of caller: operations only
# such a caller may make get a namespace of that name (`client.admin...`).
_CALLER_ROLES = ("admin", "partner", "internal", "enterprise", "staff", "superuser")


def caller_role(scheme_key: str) -> str | None:
    """The kind of caller a security scheme's name says (`AdminApiKeyAuth` -> `admin`).

    `sessionCookie` or `oidc` say how a caller signs in, not who: None.
    """
    found = set(words(scheme_key))
    return next((role for role in _CALLER_ROLES if role in found), None)


def credential_arguments(schemes: Iterable[tuple[str, str]]) -> list[tuple[str, ...]]:
    """The client arguments of each security scheme, given as (name, kind), primary first.

    kind is "bearer", "basic" or "api_key". The first scheme of each shape keeps
    the names every client has: `api_key` for a key or token, `username` and
    `password` for basic auth (so the primary always does). The others are
    named after the scheme: `AdminApiKeyAuth` -> admin_api_key, `clientId` ->
    client_id, `OAuth2` -> oauth2_token, `partnerBasic` -> partner_username and
    partner_password.
    """
    taken = set(CLIENT_ARGUMENTS) | {"options"}  # a client's own takes **options
    out: list[tuple[str, ...]] = []
    for key, kind in schemes:
        plain = _PLAIN.get(kind, _PLAIN_SECRET)
        if plain not in out:
            out.append(plain)
            continue
        out.append(tuple(unique(name, taken) for name in _credential_names(key, kind)))
    return out


def _credential_names(key: str, kind: str) -> tuple[str, ...]:
    found = words(_OAUTH.sub("Oauth", key))
    if kind == "basic":
        stem = "_".join(w for w in found if w not in _BASIC_WORDS) or snake(key)
        return tuple(
            _safe(f"{stem}_{part}", "credential", CLIENT_ARGUMENTS)
            for part in _PLAIN["basic"]
        )
    while len(found) > 1 and found[-1] in _SCHEME_TAIL:
        found.pop()
    stem = snake(" ".join(found)) or "credential"
    if found and found[-1] not in _CREDENTIAL_WORDS:
        stem += "_token" if kind == "bearer" else "_api_key"
    return (_safe(stem, "credential", CLIENT_ARGUMENTS),)


def credential_env(argument: str, package: str, api_key_env: str) -> str:
    """The environment variable a scheme's own argument is read from.

    Beside the API key's when that ends in `_API_KEY` (`OPENAI_API_KEY` ->
    `OPENAI_ADMIN_API_KEY`), else `<PACKAGE>_<ARGUMENT>`.
    """
    suffix = "_API_KEY"
    if api_key_env.endswith(suffix) and len(api_key_env) > len(suffix):
        return api_key_env[: -len(suffix) + 1] + argument.upper()
    return env_var(package, argument.upper())


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
    return _safe(
        name, "call", RESERVED_MEMBERS | RESERVED_IN_CLASS_BODY | {"with_raw_response"}
    )


def operation_fallback_name(operation_id: str | None, method: str, path: str) -> str:
    """The unabridged name, used when two operations of a group would collide."""
    reserved = RESERVED_MEMBERS | RESERVED_IN_CLASS_BODY | {"with_raw_response"}
    if operation_id:
        return _safe(snake(operation_id), "call", reserved)
    segs = [w for seg in _route(path).split("/") if seg for w in words(seg)]
    return _safe("_".join([method] + segs), "call", reserved)


def method_candidates(
    action: str, op: OperationLike, resource: tuple[str, ...]
) -> list[str]:
    """Names for an operation's method, best first.

    The name its place gives (`list`, `cancel`); then one from its operationId
    without the resource's own words (`create_and_run` for
    `createThreadAndRun` in `threads.runs`), unless the operationId is one
    run-on word; then the operationId whole; then the HTTP method and path.
    """
    reserved = RESERVED_METHODS
    out = [_safe(snake(action), "call", reserved)]
    op_id = op.operation_id
    group = "_".join(resource)
    if op_id and not is_run_on(op_id):
        out.append(method_name(op_id, op.method, op.path, group))
        out.append(_safe(snake(op_id), "call", reserved))
    out.append(operation_fallback_name(None, op.method, op.path))
    return list(dict.fromkeys(out))


def is_run_on(text: str) -> bool:
    """True for an operationId that is not words: `Getorganizationspendlimit`."""
    return any(len(w) > RUN_ON for w in words(text))


def _route(path: str) -> str:
    """A path key without its query or fragment ("/a?b=1", "/#Action=Get")."""
    return re.split(r"[?#]", path, maxsplit=1)[0]


def path_group(path: str) -> str:
    """The group of an untagged operation: its first literal path segment."""
    for seg in _route(path).split("/"):
        if seg and not seg.startswith("{"):
            return seg
    return "default"


_SLUG_UNSAFE = re.compile(r"[^A-Za-z0-9_.-]+")


@short_texts  # field and parameter names recur on every docs page
def doc_slug(name: str) -> str:
    """A file-name-safe slug for a docs page or directory."""
    return portable_stem(_SLUG_UNSAFE.sub("-", name).strip("-.") or "page")


def package_problem(name: str) -> str | None:
    """Why name cannot be the top-level package generated code is imported as, or None."""
    if not (name.isidentifier() and name.isascii()):
        return (
            "is not a valid Python identifier "
            "(ASCII letters, digits and underscores, not starting with a digit)"
        )
    if keyword.iskeyword(name) or keyword.issoftkeyword(name):
        return "is a Python keyword"
    if name in sys.stdlib_module_names:
        return "is a standard-library module: the package would shadow it"
    if name in RESERVED_MODULES:
        return "is a name the generated package uses itself"
    if name.casefold() in _DEVICES:
        return "is a name Windows reserves for a device"
    if len(name) > MAX_FILE_NAME:
        return f"is longer than {MAX_FILE_NAME} characters"
    return None


def package_fix(name: str) -> str:
    """A package name close to name that has no package_problem."""
    fixed = package_name(name)
    if fixed in sys.stdlib_module_names:
        fixed += "_client"
    return fixed


_ENV_VAR = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\Z")


def env_var_problem(name: str) -> str | None:
    """Why name cannot be an environment variable the client reads, or None."""
    if not _ENV_VAR.match(name):
        return "is not a valid environment variable name"
    if len(name) > MAX_FILE_NAME:
        return f"is longer than {MAX_FILE_NAME} characters"
    return None


def env_var_fix(name: str) -> str:
    fixed = re.sub(r"[^A-Za-z0-9_]+", "_", name).strip("_").upper() or "API_KEY"
    return f"_{fixed}" if fixed[0].isdigit() else fixed


# Names a docs directory holds for itself, and names Windows will not create.
DOC_RESERVED = frozenset(
    {"index", "schemas", "assets", "html", "con", "prn", "aux", "nul"}
    | {f"com{n}" for n in range(10)}
    | {f"lpt{n}" for n in range(10)}
)
MAX_DOC_SEGMENT = 100


def doc_segment(name: str, taken: set[str]) -> str:
    """A path segment for a docs page or directory: file-safe, short enough for any
    file system, and unique in its directory without regard to case (`taken`
    holds the lower-case segments already used there; the result is added)."""
    base = doc_slug(name)[:MAX_DOC_SEGMENT]
    if base.lower() in DOC_RESERVED:
        base += "_"
    candidate, n = base, 2
    while candidate.lower() in taken:
        candidate = f"{base}-{n}"
        n += 1
    taken.add(candidate.lower())
    return candidate


def doc_anchor(prefix: str, name: str, taken: set[str]) -> str:
    """An id for a place on a docs page (`param-video_id`), unique on the page."""
    base = f"{prefix}-{doc_slug(name)[:MAX_DOC_SEGMENT]}" if prefix else doc_slug(name)
    candidate, n = base, 2
    while candidate in taken:
        candidate = f"{base}-{n}"
        n += 1
    taken.add(candidate)
    return candidate


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
