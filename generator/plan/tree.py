"""Where each operation sits in the client: a resource tree derived from the paths.

The convention of the official OpenAI and Stripe SDKs: static path segments are
nested resources, `{param}` segments are positional arguments, and the method
comes from the HTTP method and the shape of the path:

- a collection (`/videos`): GET is `list`, POST `create`;
- an item (`/videos/{id}`): GET `retrieve`, POST/PUT/PATCH `update`, DELETE `delete`;
- a singleton (`/organization/data_retention`, a GET that answers one object):
  GET `retrieve`, POST/PUT/PATCH `update`, DELETE `delete`;
- an action (`POST /videos/{id}/remix`, `POST /batches/{id}/cancel`,
  `GET /customers/search`): the trailing segment is the method.

Operations that need other credentials than the API's own (`security:
[AdminApiKeyAuth]` where the document asks for `ApiKeyAuth`) sit under a
namespace named after their scheme (`admin`). Spec extensions and the target's
configuration override all of this. Only words from the spec are decided here;
generator/naming.py turns them into identifiers.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from generator import ir, naming
from generator.options import under
from generator.plan.model import OperationPlan, Placement, ResponseKind
from generator.plan.resolve import Resolver

_ITEM_VERBS = {"get": "retrieve", "delete": "delete", "head": "exists"}
# "stream" stands for a GET whose answer is a stream of server-sent events.
_COLLECTION_VERBS = {"get": "list", "post": "create", "delete": "delete"}
_SINGLETON_VERBS = {"get": "retrieve", "delete": "delete", "head": "exists"}
# Words that name an action rather than a resource, when they end a path.
ACTION_VERBS = frozenset(
    """accept activate add apply approve archive assign attach authorize block
    cancel capture check claim clone close commit compact complete confirm convert
    copy count decline deactivate decrypt delete deliver deny detach disable
    dismiss download duplicate enable encrypt end estimate evaluate execute expire
    export fetch finalize follow fork generate hangup import invalidate invite join
    leave link lock login logout mark merge move notify open pause pay ping
    preview process publish purge query reactivate redeem refer refresh refund
    register reject release remix remove rename render renew reopen replace
    reply reset resolve restart restore resume retry reverse revoke rotate run
    schedule score search send share sign simulate start stop submit subscribe
    suspend sync test transcribe transfer translate trigger unarchive unassign
    unblock unfollow unlink unlock unpublish unsubscribe unsuspend update upgrade
    upload validate verify void watch""".split()
)
_VERSION = re.compile(r"^(v\d+([a-z]+\d*)?|\d{4}-\d{2}-\d{2}|\d+(\.\d+)+)$", re.I)
_EXTENSION = re.compile(r"\.(json|xml|yaml|yml)$", re.I)
_REDUNDANT_PREFIXES = frozenset({"api", "rest"})


@dataclass
class _Node:
    """A static path segment, with the operations that end there."""

    children: dict[str, _Node] = field(default_factory=dict)
    item: _Node | None = None  # the `{param}` segment(s) below it
    operations: list[OperationPlan] = field(default_factory=list)

    def child(self, segment: str) -> _Node:
        return self.children.setdefault(segment, _Node())

    def item_node(self) -> _Node:
        if self.item is None:
            self.item = _Node()
        return self.item

    @property
    def is_leaf(self) -> bool:
        return not self.children and self.item is None


def segments(path: str) -> list[str]:
    """The segments of a path key, without its query or fragment, in spec text."""
    route = re.split(r"[?#]", path, maxsplit=1)[0]
    return [_EXTENSION.sub("", s) for s in route.split("/") if s]


def is_param(segment: str) -> bool:
    return segment.startswith("{") and segment.endswith("}")


def place_by_paths(
    plans: tuple[OperationPlan, ...],
    api: ir.Api,
    resolver: Resolver,
    groups: tuple[tuple[str, str], ...] = (),
) -> dict[str, Placement]:
    """The placement of every operation, by the pointer of the operation.

    `groups` (path prefix -> dotted resource) put everything under a prefix in
    the resource named, in place of what the prefix's own segments would give.
    """
    prefix = _redundant_prefix([p.operation.path for p in plans], api)
    root = _Node()
    for plan in plans:
        node = root
        for seg in segments(plan.operation.path)[prefix:]:
            node = node.item_node() if is_param(seg) else node.child(seg)
        node.operations.append(plan)
    namespaces = _namespaces(api)
    spaces = {
        p.operation.pointer: _namespace(p.operation, api, namespaces) for p in plans
    }
    homes = _item_homes(plans, prefix, spaces)
    out = {}
    for plan in plans:
        segs = segments(plan.operation.path)[prefix:]
        resource, action = _place(plan, segs, root, resolver)
        space = spaces[plan.operation.pointer]
        home = homes.get((*space, *segs[:2])) if len(segs) >= 2 else None
        full = space + (home or ()) + resource
        group = _group(plan.operation.path, groups, prefix)
        if group is not None:
            target, consumed = group
            full = target + resource[consumed:]
        out[plan.operation.pointer] = Placement(resource=full, action=action)
    return out


def _group(
    path: str, groups: tuple[tuple[str, str], ...], prefix: int
) -> tuple[tuple[str, ...], int] | None:
    """The configured resource for path (longest prefix first), and how many of
    the path's resource segments the prefix stands for."""
    best: tuple[int, tuple[str, ...], int] | None = None
    for key, target in groups:
        if not under(path, key):
            continue
        statics = [s for s in segments(key)[prefix:] if not is_param(s)]
        length = len(segments(key))
        if best is None or length > best[0]:
            best = (length, tuple(p for p in target.split(".") if p), len(statics))
    return (best[1], best[2]) if best is not None else None


def _item_homes(
    plans: tuple[OperationPlan, ...],
    prefix: int,
    spaces: dict[str, tuple[str, ...]],
) -> dict[tuple[str, ...], tuple[str, ...]]:
    """Where an item reached from the root also sits deeper: one entity, one resource.

    `/projects/{project_id}/roles` and `/organization/projects/{project_id}` name
    the same project, so the first one's operations join `organization.projects`,
    unless `/projects` or `/projects/{project_id}` have operations of their own.
    Keyed by (namespace, collection, item parameter) -> the deeper resource's
    parents, when there is exactly one such place.
    """
    places: dict[tuple[str, ...], set[tuple[str, ...]]] = {}
    # Collections and items that have operations of their own stay where they are.
    own: set[tuple[str, ...]] = set()
    for plan in plans:
        segs = segments(plan.operation.path)[prefix:]
        if len(segs) <= 2:
            own.add((*spaces[plan.operation.pointer], *segs[:1]))
    for plan in plans:
        segs = segments(plan.operation.path)[prefix:]
        space = spaces[plan.operation.pointer]
        statics: list[str] = []
        for seg, following in zip(segs, segs[1:]):
            if is_param(seg):
                continue
            if is_param(following):
                places.setdefault((*space, seg, following), set()).add(tuple(statics))
            statics.append(seg)
    homes = {}
    for key, parents in places.items():
        deeper = parents - {()}
        if () in parents and len(deeper) == 1 and key[:-1] not in own:
            (home,) = deeper
            homes[key] = home
    return homes


def place_by_tags(plans: tuple[OperationPlan, ...]) -> dict[str, Placement]:
    """The older convention: one resource per first tag, methods from operationIds."""
    out = {}
    for plan in plans:
        op = plan.operation
        group = op.tags[0] if op.tags else naming.path_group(op.path)
        action = naming.method_name(op.operation_id, op.method, op.path, group)
        out[op.pointer] = Placement(resource=(group,), action=action)
    return out


def _place(
    plan: OperationPlan, segs: list[str], root: _Node, resolver: Resolver
) -> tuple[tuple[str, ...], str]:
    method = plan.operation.method
    if method == "get" and plan.response.kind is ResponseKind.SSE:
        method = "stream"  # a GET that only streams events is read by streaming it
    statics = [s for s in segs if not is_param(s)]
    if not statics:
        # At the root, as APIs that tell operations apart by a query or a
        # fragment (`/#Action=DescribeInstances`) have it: the operationId says most.
        op_id = plan.operation.operation_id
        if op_id and not naming.is_run_on(op_id):
            return (), op_id
        if not segs:
            return (), _verb(_COLLECTION_VERBS, method)
    if is_param(segs[-1]):
        return tuple(statics), _verb(_ITEM_VERBS, method)
    parents = [root]
    for seg in segs:
        parents.append(
            parents[-1].item_node() if is_param(seg) else parents[-1].child(seg)
        )
    node, parent = parents[-1], parents[-2]
    last = statics[-1]
    if _is_action(last, method, node, parent, len(statics)):
        return tuple(statics[:-1]), last
    if len(statics) >= 2 and _is_report_group(parent):
        return tuple(statics[:-1]), last
    if node.item is not None:
        return tuple(statics), _verb(_COLLECTION_VERBS, method)
    gets = [p for p in node.operations if p.operation.method == "get"]
    if gets and not any(_answers_list(p, resolver) for p in gets):
        return tuple(statics), _verb(_SINGLETON_VERBS, method)
    return tuple(statics), _verb(_COLLECTION_VERBS, method)


def _verb(verbs: dict[str, str], method: str) -> str:
    return verbs.get(method, "update" if method in _WRITES else method)


_WRITES = ("post", "put", "patch")


def _is_action(
    segment: str, method: str, node: _Node, parent: _Node, depth: int
) -> bool:
    """A trailing segment that names what is done, not a thing: `cancel`, `search`."""
    if not node.is_leaf or len(_methods(node)) != 1 or depth < 2:
        return False
    words = naming.words(segment)
    if not words:
        return False
    if words[0] in ACTION_VERBS:
        return True
    plural = naming.singular(words[-1]) != words[-1]
    return method == "post" and not plural and bool(parent.operations)


def _is_report_group(node: _Node) -> bool:
    """A resource with nothing of its own but several read-only views: `usage`.

    Its leaves (`/usage/costs`, `/usage/completions`) become its methods.
    """
    return (
        not node.operations
        and node.item is None
        and len(node.children) >= 2
        and all(
            child.is_leaf and _methods(child) == {"get"}
            for child in node.children.values()
        )
    )


def _methods(node: _Node) -> set[str]:
    return {p.operation.method for p in node.operations}


def _answers_list(plan: OperationPlan, resolver: Resolver) -> bool:
    response = plan.response
    if plan.operation.method != "get":
        return False
    if response.kind is ResponseKind.PAGE:
        return True
    return any(
        isinstance(resolver.resolve(s), ir.ArraySchema) for s in response.schemas
    )


def _redundant_prefix(paths: list[str], api: ir.Api) -> int:
    """How many leading segments every path shares that add nothing to names.

    `/api/...` everywhere, or a segment the server's URL already ends with. A
    version (`/v1`) is kept: it is how the official SDKs name their namespaces.
    """
    split = [segments(p) for p in paths]
    if not split or any(not s for s in split):
        return 0
    server_tail = set()
    for server in api.servers:
        tail = [s for s in re.sub(r"^[a-z]+://[^/]*", "", server.url).split("/") if s]
        server_tail.update(tail[-1:])
    count = 0
    while all(len(s) > count + 1 for s in split):
        first = {s[count] for s in split}
        if len(first) != 1:
            break
        (seg,) = first
        if is_param(seg) or _VERSION.match(seg):
            break
        if seg.lower() not in _REDUNDANT_PREFIXES and seg not in server_tail:
            break
        count += 1
    return count


def _namespaces(api: ir.Api) -> dict[str, str]:
    """Security schemes that name a kind of caller (`AdminApiKeyAuth` -> `admin`).

    Only a role says who may call: `sessionCookie` or `oidc` say how, and make no
    namespace.
    """
    default = {key for req in api.security for key in req}
    out = {}
    for scheme in api.security_schemes:
        if scheme.key in default:
            continue
        role = naming.caller_role(scheme.key)
        if role is not None:
            out[scheme.key] = role
    return out


def _namespace(
    op: ir.Operation, api: ir.Api, namespaces: dict[str, str]
) -> tuple[str, ...]:
    if not op.security or not api.security:
        return ()
    names = {namespaces.get(key) for req in op.security for key in req}
    if len(names) != 1 or None in names:
        return ()
    (name,) = names
    assert name is not None
    leading = [seg for seg in segments(op.path)[:2] if not _VERSION.match(seg)]
    if leading[:1] == [name]:  # `/partner/...` already says it
        return ()
    return (name,)
