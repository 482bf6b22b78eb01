"""The OpenAI client's attribute paths against the official `openai` SDK's.

Both clients call every one of their methods against one loopback recorder; each
request is matched to the spec operation whose method and path template it
fits, so each operation gets the official path (or paths) and ours. With no
configuration most must agree; with the naming config in tests/naming/, all.
"""

from __future__ import annotations

import inspect
import re
import sys
import warnings
from pathlib import Path
from typing import Any, Callable, Iterator

import pytest

try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10
    import tomli as tomllib
from conftest import OPENAI_SPEC, ROOT
from support.server import Reply, serve
from support.walk import methods

from generator.config import Target
from generator.pipeline import run
from generator.writer import write

openai = pytest.importorskip("openai", reason="the official SDK is in the test extras")

CONFIG = ROOT / "tests" / "naming" / "openai.toml"
KEY, ADMIN_KEY = "sk-project-key", "sk-admin-key"
# The official SDK's helpers that send what another of its methods sends.
_HELPERS = re.compile(r"poll|stream|connect|wait_for|upload_and|chunked|^parse$")


@pytest.fixture(scope="module")
def server() -> Iterator[Any]:
    if not OPENAI_SPEC.exists():
        pytest.skip(
            f"{OPENAI_SPEC} is not here (../shared is only beside CI checkouts)"
        )
    with serve(lambda seen: Reply(500, {"error": {"message": "recorded"}})) as s:
        yield s


@pytest.fixture(scope="module")
def operations() -> list[tuple[str, re.Pattern[str]]]:
    import json

    spec = json.loads(OPENAI_SPEC.with_suffix(".json").read_text())
    out = []
    for path, item in spec["paths"].items():
        for method in item:
            if method in ("get", "post", "put", "patch", "delete"):
                template = re.escape(path.split("?")[0])
                pattern = re.sub(r"\\\{[^}]*\\\}", "[^/]+", template)
                out.append((f"{method.upper()} {path}", re.compile(pattern + "$")))
    return out


def _operation(
    operations: list[tuple[str, re.Pattern[str]]], method: str, url: str
) -> str | None:
    """The spec operation a request is for: the most specific template it fits."""
    path, _, query = url.partition("?")
    path = path.removeprefix("/v1")
    sent = set(query.split("&")) if query else set()
    fits = []
    for key, rx in operations:
        verb, _, template = key.partition(" ")
        fixed = template.partition("?")[2]
        if (
            verb == method
            and rx.match(path)
            and set(fixed.split("&") if fixed else ()) <= sent
        ):
            fits.append(key)
    # A key that fixes a query ("/responses?beta=true") is more specific; so is
    # a more literal template (/videos/characters over /videos/{video_id}).
    fits.sort(
        key=lambda k: (-len(k.partition("?")[2]), -len(re.sub(r"\{[^}]*\}", "", k)))
    )
    return fits[0] if fits else None


def _dummy(annotation: Any) -> Any:
    text = str(annotation)
    literal = re.search(r"Literal\[(['\"])(.*?)\1", text)
    if literal:
        return literal.group(2)
    for marker, value in (
        ("FileTypes", b"x"),
        ("FileInput", b"x"),
        ("bool", True),
        ("int", 1),
        ("float", 1.0),
        ("Iterable", []),
        ("list", []),
        ("Sequence", []),
        ("SequenceNotStr", []),
        ("Dict", {}),
        ("dict", {}),
        ("Mapping", {}),
    ):
        if text.startswith(marker) or f"[{marker}" in text:
            return value
    return "x1"


def _record(
    server: Any,
    operations: list[tuple[str, re.Pattern[str]]],
    calls: Iterator[tuple[str, Callable[..., Any]]],
    auth: dict[str, set[str]] | None = None,
) -> dict[str, set[str]]:
    """Operation -> the attribute paths whose call sent it (and into auth, the
    Authorization headers it was sent with)."""
    found: dict[str, set[str]] = {}
    for path, method in calls:
        try:
            signature = inspect.signature(method)
        except (TypeError, ValueError):
            continue
        args: list[Any] = []
        kwargs: dict[str, Any] = {}
        for p in signature.parameters.values():
            if p.default is not inspect.Parameter.empty or p.kind in (
                p.VAR_KEYWORD,
                p.VAR_POSITIONAL,
            ):
                continue
            value = _dummy(p.annotation)
            if p.kind is p.KEYWORD_ONLY:
                kwargs[p.name] = value
            else:
                args.append(value)
        before = len(server.requests)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            try:
                method(*args, **kwargs)
            except Exception:
                pass  # the recorder answers 500: only the request matters
        if len(server.requests) > before:
            seen = server.requests[before]
            key = _operation(operations, seen.method, seen.path)
            if key is not None:
                found.setdefault(key, set()).add(path)
                if auth is not None:
                    sent = seen.headers.get("authorization", "")
                    auth.setdefault(key, set()).add(sent)
    return found


def _official_calls(client: Any) -> Iterator[tuple[str, Callable[..., Any]]]:
    from openai._resource import SyncAPIResource

    seen: set[int] = set()
    stack: list[tuple[str, Any]] = [("", client)]
    while stack:
        prefix, owner = stack.pop()
        for name in sorted(dir(owner)):
            if name.startswith("_") or name.startswith("with_"):
                continue
            try:
                value = getattr(owner, name)
            except Exception:
                continue
            if isinstance(value, SyncAPIResource) and id(value) not in seen:
                seen.add(id(value))
                stack.append((prefix + name + ".", value))
            elif (
                inspect.ismethod(value)
                and isinstance(owner, SyncAPIResource)
                and not _HELPERS.search(name)
            ):
                yield prefix + name, value


def _ours(tmp: Path, package: str, naming: dict[str, Any], url: str) -> Any:
    out = tmp / package
    result = run(
        Target(spec=OPENAI_SPEC, package=package, output=out, docs=False, **naming)
    )
    write(out, result.files, result.owned)
    sys.path.insert(0, str(out / "python"))
    try:
        module = __import__(package)
    finally:
        sys.path.remove(str(out / "python"))
    return module.Client(
        api_key=KEY,
        admin_api_key=ADMIN_KEY,
        base_url=url,
        max_retries=0,
        validate_requests=False,
    )


def _compare(
    official: dict[str, set[str]], ours: dict[str, set[str]], label: str
) -> float:
    both = [op for op in official]
    agree = [op for op in both if ours.get(op, set()) & official[op]]
    share = len(agree) / len(both)
    print(
        f"\n{label}: {len(agree)} of {len(both)} operations the official SDK has "
        f"({share:.1%}) get its attribute path"
    )
    for op in sorted(set(both) - set(agree)):
        print(
            f"  {op}: ours {sorted(ours.get(op, []))}, official {sorted(official[op])}"
        )
    return share


@pytest.fixture(scope="module")
def official_auth() -> dict[str, set[str]]:
    """Operation -> the Authorization headers the official SDK sent it with."""
    return {}


@pytest.fixture(scope="module")
def official(
    server: Any,
    operations: list[tuple[str, re.Pattern[str]]],
    official_auth: dict[str, set[str]],
) -> dict[str, set[str]]:
    client = openai.OpenAI(
        api_key=KEY, admin_api_key=ADMIN_KEY, base_url=server.url + "/v1", max_retries=0
    )
    found = _record(server, operations, _official_calls(client), official_auth)
    assert len(found) > 250, "the official SDK reached too few operations"
    return found


def _our_calls(client: Any) -> Iterator[tuple[str, Callable[..., Any]]]:
    for path, resource, name in methods(client):
        yield path, getattr(resource, name)


def test_most_operations_have_the_official_path_with_no_configuration(
    server: Any,
    operations: list[tuple[str, re.Pattern[str]]],
    official: dict[str, set[str]],
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    client = _ours(tmp_path_factory.mktemp("plain"), "openai_plain", {}, server.url)
    ours = _record(server, operations, _our_calls(client))
    assert len(ours) == len(operations), "every operation is reachable"
    assert _compare(official, ours, "no configuration") >= 0.80


def test_every_operation_sends_the_key_the_official_sdk_sends(
    server: Any,
    operations: list[tuple[str, re.Pattern[str]]],
    official: dict[str, set[str]],
    official_auth: dict[str, set[str]],
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    # The admin operations (security: AdminApiKeyAuth) take the admin key.
    client = _ours(tmp_path_factory.mktemp("keys"), "openai_keys", {}, server.url)
    auth: dict[str, set[str]] = {}
    _record(server, operations, _our_calls(client), auth)
    assert auth.keys() >= official_auth.keys()
    admin = [op for op in official if auth[op] == {f"Bearer {ADMIN_KEY}"}]
    assert len(admin) >= 115, len(admin)  # 119 in the spec
    differ = {
        op: (auth[op], official_auth[op])
        for op in official
        if auth[op] != official_auth[op]
    }
    assert not differ, differ


def test_every_operation_has_the_official_path_with_the_naming_config(
    server: Any,
    operations: list[tuple[str, re.Pattern[str]]],
    official: dict[str, set[str]],
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    options = tomllib.loads(CONFIG.read_text())  # target keys: groups, rename
    client = _ours(
        tmp_path_factory.mktemp("named"), "openai_named", options, server.url
    )
    ours = _record(server, operations, _our_calls(client))
    assert _compare(official, ours, "with tests/naming/openai.toml") == 1.0
