"""Context Mapper ``.cml`` files: bounded contexts, the context map, aggregates and entities.

Parsed with a lark grammar (:mod:`.cml_grammar`). A context's kind comes from
the subdomain it implements (``CORE_DOMAIN`` -> core, ``SUPPORTING_DOMAIN``
-> supporting, ``GENERIC_SUBDOMAIN`` -> generic); relationships keep their
pattern and roles (OHS, PL upstream; CF, ACL downstream); entities and value
objects become domain entities with their attributes and references.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from lark import Lark, Token, Tree
from lark.exceptions import LarkError, UnexpectedInput

from .cml_grammar import GRAMMAR
from .found import Data, Found, origin
from .readers import reader
from .sources import ImportSourceError, Source

__all__ = ["read_cml"]

_KINDS = {"CORE_DOMAIN": "core", "SUPPORTING_DOMAIN": "supporting", "GENERIC_SUBDOMAIN": "generic"}
_UP_ROLES = {"OHS": "open-host-service", "PL": "published-language"}
_DOWN_ROLES = {"CF": "conformist", "ACL": "anticorruption-layer"}
_TYPES = {"string": "string", "int": "integer", "integer": "integer", "long": "integer",
          "double": "number", "float": "number", "bigdecimal": "decimal", "boolean": "boolean",
          "date": "date", "datetime": "timestamp", "timestamp": "timestamp"}  # fmt: skip


@cache
def _parser() -> Lark:
    return Lark(GRAMMAR, parser="earley", propagate_positions=True)


def _text(token: Any) -> str:
    value = str(token)
    return value[1:-1] if value.startswith('"') and value.endswith('"') else value


def _settings(tree: Tree[Any]) -> dict[str, list[str]]:
    return {
        str(s.children[0]): [_text(v) for v in s.children[1:]]
        for s in tree.children
        if isinstance(s, Tree) and s.data == "setting"
    }


def _kids(tree: Tree[Any], name: str) -> list[Tree[Any]]:
    return [c for c in tree.children if isinstance(c, Tree) and c.data == name]


def _type_name(tree: Tree[Any]) -> tuple[str, bool]:
    """(innermost type name, is a collection) of a ``type`` subtree."""
    names = [str(c) for c in tree.children if isinstance(c, Token)]
    inner = _kids(tree, "type")
    if inner:
        return _type_name(inner[-1])[0], True
    return names[0], False


class _Reader:
    def __init__(self, source: Source) -> None:
        self.source = source
        self.found = Found()
        self.implements: dict[str, list[str]] = {}
        self.subdomains: dict[str, str] = {}

    def at(self, tree: Tree[Any]) -> str:
        return origin(self.source.name, getattr(tree.meta, "line", 0))

    def read(self, tree: Tree[Any]) -> Found:
        for child in tree.children:
            if isinstance(child, Tree):
                getattr(self, f"_{child.data}", lambda _t: None)(child)
        for context in self.found.contexts:
            for sub in self.implements.get(context["name"], []):
                if sub in self.subdomains:
                    context["kind"] = self.subdomains[sub]
                    break
        names = {e["name"] for e in self.found.entities}
        for entity in self.found.entities:
            entity["relations"] = [r for r in entity["relations"] if r["target"] in names]
        return self.found

    def _domain(self, tree: Tree[Any]) -> None:
        for sub in _kids(tree, "subdomain"):
            kind = _settings(sub).get("type", [""])[0]
            if kind in _KINDS:
                self.subdomains[str(sub.children[0])] = _KINDS[kind]

    def _bounded_context(self, tree: Tree[Any]) -> None:
        name = str(tree.children[0])
        context: Data = {"name": name, "origin": self.at(tree)}
        settings = _settings(tree)
        text = " ".join(settings.get("domainVisionStatement", []))
        duties = settings.get("responsibilities", [])
        if duties:
            text = f"{text} Responsibilities: {', '.join(duties)}.".strip()
        if text:
            context["description"] = text
        for clause in _kids(tree, "implements"):
            self.implements[name] = [str(c) for c in clause.children]
        self.found.contexts.append(context)
        for aggregate in _kids(tree, "aggregate"):
            self._aggregate(aggregate, name)

    def _aggregate(self, tree: Tree[Any], context: str) -> None:
        entities = _kids(tree, "entity")
        roots = [e for e in entities if any(str(c) == "aggregateRoot" for c in e.children)]
        root = str((roots or entities or [tree])[0].children[1 if roots or entities else 0])
        known = {e["name"] for e in self.found.entities}
        for entity in entities:
            kind, name = str(entity.children[0]), str(entity.children[1])
            if kind not in {"Entity", "ValueObject"}:
                continue
            if name in known:
                self.found.notes.append(f"{self.at(entity)}: entity {name!r} again; first kept")
                continue
            known.add(name)
            data: Data = {
                "name": name,
                "context": context,
                "aggregate": root if entities else None,
                "origin": self.at(entity),
                "attributes": [],
                "relations": [],
            }
            if kind == "ValueObject":
                data["description"] = "Value object."
            for item in entity.children:
                if not isinstance(item, Tree):
                    continue
                if item.data == "attribute":
                    type_name, many = _type_name(item.children[0])
                    attr = {"name": str(item.children[1])}
                    mapped = _TYPES.get(type_name.lower())
                    attr["type"] = mapped or type_name
                    data["attributes"].append(attr)
                elif item.data == "reference":
                    type_name, many = _type_name(item.children[0])
                    data["relations"].append({"target": type_name, "many": many})
            if not data["aggregate"]:
                data.pop("aggregate")
            self.found.entities.append(data)
        # The aggregate must name an entity of the design; a root that is not one is dropped.
        if root not in {e["name"] for e in self.found.entities}:
            for done in self.found.entities:
                if done.get("aggregate") == root:
                    done.pop("aggregate")

    def _context_map(self, tree: Tree[Any]) -> None:
        for rel in _kids(tree, "relationship"):
            self.found.context_map.append(self._relation(rel))

    def _relation(self, tree: Tree[Any]) -> Data:
        parts = list(tree.children)
        names = [str(p) for p in parts if isinstance(p, Token) and p.type == "NAME"]
        arrow = next((str(p) for p in parts if isinstance(p, Token) and p.type == "ARROW"), None)
        keyword = next(
            (str(p) for p in parts if isinstance(p, Token) and p.type == "REL_KEYWORD"), ""
        )
        roles = _kids(tree, "roles")
        first_roles: list[str] = []
        second_roles: list[str] = []
        if arrow is not None:
            # Roles sit next to the context they qualify: A [roles] -> [roles] B.
            index = next(
                i for i, p in enumerate(parts) if isinstance(p, Token) and p.type == "ARROW"
            )
            for r in roles:
                bucket = first_roles if parts.index(r) < index else second_roles
                bucket.extend(str(c) for c in r.children)
        first, second = names[0], names[1]
        roles_all = set(first_roles) | set(second_roles)
        data: Data = {"origin": self.at(tree)}
        if keyword in {"Partnership", "Shared-Kernel"} or roles_all & {"P", "SK"}:
            partnership = "P" in roles_all or keyword == "Partnership"
            data["kind"] = "partnership" if partnership else "shared-kernel"
            data.update(upstream=first, downstream=second)
            return data
        if arrow == "<-" or keyword in {"Customer-Supplier", "Downstream-Upstream"}:
            up, down, up_roles, down_roles = second, first, second_roles, first_roles
        else:
            up, down, up_roles, down_roles = first, second, first_roles, second_roles
        customer = keyword in {"Customer-Supplier", "Supplier-Customer"} or {"C", "S"} & roles_all
        data.update(
            upstream=up,
            downstream=down,
            kind="customer-supplier" if customer else "upstream-downstream",
            upstream_roles=[_UP_ROLES[r] for r in up_roles if r in _UP_ROLES],
            downstream_roles=[_DOWN_ROLES[r] for r in down_roles if r in _DOWN_ROLES],
        )
        settings = {}
        for body in _kids(tree, "body"):
            settings.update(_settings(body))
        tech = settings.get("implementationTechnology")
        if tech:
            data["description"] = f"Implementation: {tech[0]}"
        return {k: v for k, v in data.items() if v != []}


@reader("cml")
def read_cml(source: Source) -> Found:
    """Contexts, context map and entities of one CML file.

    Examples
    --------
    >>> text = '''ContextMap { Orders [U,OHS]->[D,ACL] Shipping }
    ... BoundedContext Orders implements Sales
    ... BoundedContext Shipping
    ... Domain Shop { Subdomain Sales { type = CORE_DOMAIN } }
    ... '''
    >>> found = read_cml(Source("shop.cml", text, "cml"))
    >>> [(c["name"], c.get("kind")) for c in found.contexts]
    [('Orders', 'core'), ('Shipping', None)]
    >>> rel = found.context_map[0]
    >>> rel["upstream"], rel["downstream"], rel["upstream_roles"], rel["downstream_roles"]
    ('Orders', 'Shipping', ['open-host-service'], ['anticorruption-layer'])
    """
    try:
        tree = _parser().parse(source.text)
    except UnexpectedInput as exc:
        raise ImportSourceError(
            source.name, f"not valid CML: {str(exc).splitlines()[0]}", line=exc.line
        ) from None
    except LarkError as exc:
        raise ImportSourceError(source.name, f"not valid CML: {exc}") from None
    return _Reader(source).read(tree)
