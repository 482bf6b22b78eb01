"""Plan the resource tree: one class (and module) per resource, one method per operation.

Where each operation sits comes from the HTTP plan (`Placement`, in the spec's
words); here those words become attribute, method, module and class names, and
names that would collide are told apart deterministically, with a note.
"""

from __future__ import annotations


from generator import ir, naming
from generator.diagnostics import Diagnostics
from generator.plan.model import ApiPlan, OperationPlan
from generator.python import pytypes as t
from generator.python.imports import ImportGroups
from generator.python.operations import (
    OperationView,
    operation_view,
    resource_imports,
)
from generator.python.typemap import TypeMapper
from generator.records import record


@record
class ChildView:
    """A sub-resource, as its parent (or the client) reaches it."""

    attribute: str
    module: str
    sync_class: str
    async_class: str
    doc: str | None


@record
class ResourceView:
    path: tuple[str, ...]  # attribute names from the client: ("chat", "completions")
    module: str
    sync_class: str
    async_class: str
    sync_raw_class: str
    async_raw_class: str
    doc: str | None
    operations: tuple[OperationView, ...]
    children: tuple[ChildView, ...]
    checking_imports: ImportGroups  # imported only for type checkers
    shadowed: frozenset[str] = frozenset()

    @property
    def attribute(self) -> str:
        return self.path[-1]

    @property
    def access(self) -> str:
        """The attributes that reach this resource from a client: `chat.completions`."""
        return ".".join(self.path)

    @property
    def tag(self) -> str:
        return self.access

    @property
    def uses_overload(self) -> bool:
        return any(op.overloads for op in self.operations)

    @property
    def uses_not_given(self) -> bool:
        return any(a.default == "NOT_GIVEN" for op in self.operations for a in op.args)

    @property
    def uses_models(self) -> bool:
        """Whether an Endpoint's cast_to names the models package (imported as _m)."""
        return self._casts_use(naming.MODELS_ALIAS)

    @property
    def uses_schema(self) -> bool:
        """Whether an Endpoint's cast_to names the runtime's schema module (as _s)."""
        return self._casts_use(naming.SCHEMA_ALIAS)

    def _casts_use(self, alias: str) -> bool:
        return any(
            f"{alias}." in value
            for op in self.operations
            for key, value in op.endpoint_options
            if key.endswith("cast_to")
        )


@record
class ResourceTree:
    resources: tuple[ResourceView, ...]  # every resource, by access path
    roots: tuple[ChildView, ...]  # what the client holds


def plan_resources(
    http: ApiPlan,
    mapper: TypeMapper,
    module_of: dict[str, str],
    diagnostics: Diagnostics,
) -> ResourceTree:
    groups = _groups(http.operations)
    paths = sorted(groups)
    children: dict[tuple[str, ...], list[tuple[str, ...]]] = {}
    for path in paths:
        if path:
            children.setdefault(path[:-1], []).append(path)
    modules = _modules(paths, module_of)
    tag_docs = {tag.name: tag.description for tag in http.api.tags}
    child_views = {
        path: ChildView(
            attribute=path[-1],
            module=modules[path][0],
            sync_class=modules[path][1][0],
            async_class=modules[path][1][1],
            doc=_doc(groups[path], tag_docs),
        )
        for path in paths
        if path
    }
    resources = []
    for path in paths:
        if not path:
            continue
        plans = groups[path]
        kids = tuple(child_views[c] for c in children.get(path, []))
        names = _method_names(plans, path, {k.attribute for k in kids}, diagnostics)
        shadowed = frozenset(names.values()) & t.BUILTIN_TYPES
        ops = tuple(
            operation_view(
                p, names[p.operation.pointer], mapper, shadowed, http.security
            )
            for p in plans
        )
        module, classes = modules[path]
        resources.append(
            ResourceView(
                path=path,
                module=module,
                sync_class=classes[0],
                async_class=classes[1],
                sync_raw_class=classes[2],
                async_raw_class=classes[3],
                doc=child_views[path].doc,
                operations=ops,
                children=kids,
                checking_imports=resource_imports(ops, module_of),
                shadowed=shadowed,
            )
        )
    roots = tuple(child_views[c] for c in children.get((), []))
    return ResourceTree(tuple(resources), roots)


def _groups(
    plans: tuple[OperationPlan, ...],
) -> dict[tuple[str, ...], list[OperationPlan]]:
    """Operations by the attribute path of their resource, with every parent present."""
    groups: dict[tuple[str, ...], list[OperationPlan]] = {(): []}
    for plan in plans:
        path = naming.resource_path(plan.placement.resource)
        for depth in range(1, len(path)):
            groups.setdefault(path[:depth], [])
        groups.setdefault(path, []).append(plan)
    return groups


def _modules(
    paths: list[tuple[str, ...]], module_of: dict[str, str]
) -> dict[tuple[str, ...], tuple[str, tuple[str, str, str, str]]]:
    taken_modules: set[str] = set()
    taken_classes: set[str] = set(module_of)
    out = {}
    for path in paths:
        if not path:
            continue
        module = naming.unique(naming.resource_module(path), taken_modules)
        classes = naming.resource_classes(path, taken_classes)
        taken_classes.update(classes)
        out[path] = (module, classes)
    return out


def _doc(plans: list[OperationPlan], tag_docs: dict[str, str | None]) -> str | None:
    """A tag's description, when every operation of the resource has that tag first."""
    tags = {p.operation.tags[0] if p.operation.tags else None for p in plans}
    if len(tags) == 1:
        (tag,) = tags
        if tag is not None:
            return tag_docs.get(tag) or None
    return None


def _method_names(
    plans: list[OperationPlan],
    path: tuple[str, ...],
    children: set[str],
    diagnostics: Diagnostics,
) -> dict[str, str]:
    """Method names by operation pointer: each operation's own, unless two want one.

    Of operations that want the same name, the one deepest in its path (most
    path parameters) keeps it; the others take their next candidate (from the
    operationId, else from the method and path), and a note says so.
    """
    reserved = naming.RESERVED_METHODS | children
    wanted = {
        p.operation.pointer: naming.method_candidates(
            p.placement.action, p.operation, path
        )
        for p in plans
    }
    counts: dict[str, int] = {}
    for candidates in wanted.values():
        counts[candidates[0]] = counts.get(candidates[0], 0) + 1
    taken = set(reserved)
    out: dict[str, str] = {}
    for plan in plans:
        first = wanted[plan.operation.pointer][0]
        if counts[first] == 1 and first not in reserved:
            out[plan.operation.pointer] = first
            taken.add(first)
    order = sorted(
        (p for p in plans if p.operation.pointer not in out),
        key=lambda p: -_depth(p.operation),
    )
    for plan in order:
        op = plan.operation
        candidates = wanted[op.pointer]
        name = next((c for c in candidates if c not in taken), None)
        if name is None:
            name = naming.unique(candidates[-1], taken)
        taken.add(name)
        out[op.pointer] = name
        if name != candidates[0]:
            where = ".".join(path)
            diagnostics.info(
                "name-collision",
                f"{op.method.upper()} {op.path} is {where}.{name}: "
                f"{where}.{candidates[0]} is another operation's",
                op.pointer,
            )
    return out


def _depth(op: ir.Operation) -> int:
    return op.path.count("{")
