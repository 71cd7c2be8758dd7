"""Import Service Cutter's input files (an entity model and user representations).

Service Cutter (github.com/ServiceCutter/ServiceCutter, Apache-2.0) reads a
*model* (``entities`` with ``nanoentities``, ``relations``) and optional *user
representations* (``useCases``, groups, ``aggregates``, ``compatibilities``).
Both variants in circulation are read: nanoentities as strings or as objects
(``{"name": ..., "context": ...}``, also under ``attributes``), and
characteristics nested under ``compatibilities`` or at the top level, under the
wiki's keys or the older ones (``volatility``, ``availability``, ...).
Errors name the file, the JSON path and the reason; what designkit cannot
represent exactly (an aggregate covering part of an entity) is a warning.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import DesignFileError
from ..model import Design, suggest
from . import validate_data
from .yamlfile import DEFAULT_MAX_BYTES

__all__ = [
    "CHARACTERISTIC_KEYS",
    "ServiceCutterError",
    "ServiceCutterImport",
    "from_servicecutter",
    "read_servicecutter",
]


class ServiceCutterError(DesignFileError):
    """A Service Cutter file is missing, not JSON, or not in Service Cutter's format."""

    def __init__(self, source: str, path: str, reason: str, line: int | None = None) -> None:
        self.path = path
        super().__init__(source, f"{path}: {reason}" if path else reason, line)


@dataclass(frozen=True)
class ServiceCutterImport:
    """The imported design and what could not be carried over exactly."""

    design: Design
    warnings: tuple[str, ...]


_CRIT = "critical normal low"


def _scale(words: str, levels: str = "high normal low") -> dict[str, str]:
    return dict(zip(words.lower().split(), levels.split(), strict=True))


CHARACTERISTIC_KEYS: dict[str, tuple[str, dict[str, str]]] = {
    "contentVolatility": ("content_volatility", _scale("Often Regularly Rarely")),
    "structuralVolatility": ("structural_volatility", _scale("Often Normal Rarely")),
    "availabilityCriticality": ("availability_criticality", _scale("Critical Normal Low", _CRIT)),
    "consistencyCriticality": ("consistency_criticality", _scale("High Eventually Weak")),
    "storageSimilarity": ("storage_size", _scale("Huge Normal Tiny", "huge normal tiny")),
    "securityCriticality": ("security_criticality", _scale("Critical Internal Public", _CRIT)),
}
"""Service Cutter's compatibility keys: designkit attribute field and characteristic map."""
_OLD_KEYS = {
    "volatility": "contentVolatility",
    "changeSimilarity": "structuralVolatility",
    "availability": "availabilityCriticality",
    "consistency": "consistencyCriticality",
}
_GROUPS = {
    "sharedOwnerGroups": "shared_owner_groups",
    "securityAccessGroups": "security_access_groups",
    "separatedSecurityZones": "separated_security_zones",
    "predefinedServices": "predefined_services",
}
_USER_KEYS = {"useCases", "aggregates", "entities", "compatibilities", *_GROUPS, *_OLD_KEYS}


def read_servicecutter(
    model: str | os.PathLike[str],
    user_representations: str | os.PathLike[str] | None = None,
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> ServiceCutterImport:
    """Read a Service Cutter model file (and user representations) into a Design.

    Examples
    --------
    >>> import json, tempfile, pathlib
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (folder / "m.json").write_text(json.dumps({"name": "Shop", "entities": [
    ...     {"name": "Order", "nanoentities": ["id", "total"]}], "relations": []}))
    >>> d = read_servicecutter(folder / "m.json").design
    >>> d.metadata.name, [a.name for a in d.domain.entities[0].attributes]
    ('shop', ['id', 'total'])
    """
    user = None if user_representations is None else Path(user_representations)
    return from_servicecutter(
        _read_json(Path(model), max_bytes),
        None if user is None else _read_json(user, max_bytes),
        model_source=str(model),
        user_source=str(user) if user else "<user representations>",
        default_name=Path(model).stem,
    )


def _read_json(path: Path, max_bytes: int) -> Any:
    name = str(path)
    try:
        if path.is_dir():
            raise ServiceCutterError(name, "", "is a folder, not a JSON file")
        if path.stat().st_size > max_bytes:
            raise ServiceCutterError(name, "", f"the file is larger than {max_bytes:,} bytes")
        raw = path.read_bytes()
    except FileNotFoundError:
        raise ServiceCutterError(name, "", "no such file") from None
    except PermissionError:
        raise ServiceCutterError(name, "", "permission denied") from None
    try:
        return json.loads(raw.decode("utf-8-sig"))
    except UnicodeDecodeError as exc:
        raise ServiceCutterError(name, "", f"is not UTF-8 text (byte {exc.start})") from None
    except json.JSONDecodeError as exc:
        raise ServiceCutterError(
            name, "", f"not valid JSON: {exc.msg} (column {exc.colno})", line=exc.lineno
        ) from None


class _Reader:
    """Walks one JSON document, raising errors that name its file and JSON path."""

    def __init__(self, source: str) -> None:
        self.source = source

    def fail(self, path: str, reason: str) -> ServiceCutterError:
        return ServiceCutterError(self.source, path, reason)

    def mapping(self, value: Any, path: str) -> dict[str, Any]:
        if not isinstance(value, dict):
            raise self.fail(path, f"expected an object, got {_kind(value)}")
        return value

    def array(self, value: Any, path: str) -> list[Any]:
        if value is None:
            return []
        if not isinstance(value, list):
            raise self.fail(path, f"expected an array, got {_kind(value)}")
        return value

    def text(self, value: Any, path: str) -> str:
        if not isinstance(value, str) or not value.strip():
            raise self.fail(path, f"expected a non-empty string, got {_kind(value)}")
        return value.strip()

    def flag(self, value: Any, path: str) -> bool:
        if isinstance(value, bool):
            return value
        if isinstance(value, str) and value.strip().lower() in ("true", "false"):
            return value.strip().lower() == "true"
        raise self.fail(path, f"expected true or false, got {_kind(value)}")


def _kind(value: Any) -> str:
    shapes = {dict: "an object", list: "an array", type(None): "null"}
    return shapes.get(type(value)) or f"{type(value).__name__} {value!r}"


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "servicecutter"


def from_servicecutter(
    model: Any,
    user_representations: Any = None,
    *,
    model_source: str = "<model>",
    user_source: str = "<user representations>",
    default_name: str = "servicecutter",
) -> ServiceCutterImport:
    """Convert parsed Service Cutter JSON into a validated Design (inputs are not modified).

    Examples
    --------
    >>> model = {"entities": [{"name": "Cart", "nanoentities": ["id", "total"]}]}
    >>> user = {"useCases": [{"name": "checkout", "nanoentitiesWritten": ["Cart.total"]}]}
    >>> from_servicecutter(model, user, default_name="cart").design.domain.use_cases[0].writes
    ['Cart.total']
    """
    m = _Reader(model_source)
    root = m.mapping(model, "$")
    title = root.get("name")
    title = m.text(title, "$.name") if title is not None else default_name
    entities: dict[str, dict[str, Any]] = {}
    for i, raw in enumerate(m.array(root.get("entities"), "$.entities")):
        path = f"$.entities[{i}]"
        entity = m.mapping(raw, path)
        name = m.text(entity.get("name"), f"{path}.name")
        if name in entities:
            raise m.fail(f"{path}.name", f"duplicate entity {name!r}")
        key = "nanoentities" if "nanoentities" in entity else "attributes"
        attributes: list[dict[str, Any]] = []
        for j, item in enumerate(m.array(entity.get(key), f"{path}.{key}")):
            attr = _nanoentity(m, item, f"{path}.{key}[{j}]", name)
            if any(a["name"] == attr for a in attributes):
                raise m.fail(f"{path}.{key}[{j}]", f"duplicate nanoentity {name}.{attr}")
            attributes.append({"name": attr})
        entities[name] = {"name": name, "attributes": attributes}
    for i, raw in enumerate(m.array(root.get("relations"), "$.relations")):
        _relation(m, raw, f"$.relations[{i}]", entities)
    warnings: list[str] = []
    domain: dict[str, Any] = {"entities": list(entities.values())}
    if user_representations is not None:
        _user(_Reader(user_source), user_representations, entities, domain, warnings)
    data = {
        "metadata": {
            "name": _slug(title),
            "title": title,
            "description": f"Imported from Service Cutter ({Path(model_source).name}).",
        },
        "domain": domain,
    }
    return ServiceCutterImport(validate_data(data, model_source), tuple(warnings))


def _nanoentity(r: _Reader, item: Any, path: str, entity: str) -> str:
    if isinstance(item, dict):
        item = r.text(item.get("name"), f"{path}.name")
    name = r.text(item, path)
    prefix = f"{entity}."
    return name[len(prefix) :] if name.startswith(prefix) else name


def _relation(r: _Reader, raw: Any, path: str, entities: dict[str, dict[str, Any]]) -> None:
    relation = r.mapping(raw, path)
    ends = []
    for end in ("origin", "destination"):
        value = relation.get(end)
        if isinstance(value, dict):
            value = value.get("name")
            where = f"{path}.{end}.name"
        else:
            where = f"{path}.{end}"
        name = r.text(value, where)
        if name not in entities:
            raise r.fail(where, f"{name!r} is not an entity of the model{suggest(name, entities)}")
        ends.append(name)
    kind = r.text(relation.get("type"), f"{path}.type").lower()
    if kind not in ("aggregation", "composition", "inheritance"):
        raise r.fail(
            f"{path}.type",
            f"{relation.get('type')!r} is not AGGREGATION, COMPOSITION or INHERITANCE",
        )
    origin, destination = ends
    entities[origin].setdefault("relations", []).append({"target": destination, "kind": kind})


def _user(
    r: _Reader,
    raw: Any,
    entities: dict[str, dict[str, Any]],
    domain: dict[str, Any],
    warnings: list[str],
) -> None:
    root = r.mapping(raw, "$")
    known = {f"{e}.{a['name']}" for e, ent in entities.items() for a in ent["attributes"]} | set(
        entities
    )

    def refs(value: Any, path: str) -> list[str]:
        out = []
        for j, item in enumerate(r.array(value, path)):
            where = f"{path}[{j}]"
            if isinstance(item, dict):
                context = item.get("context")
                name = r.text(item.get("name"), f"{where}.name")
                item = f"{r.text(context, f'{where}.context')}.{name}" if context else name
            ref = r.text(item, where)
            if ref not in known:
                raise r.fail(
                    where, f"{ref!r} is not a nanoentity of the model{suggest(ref, known)}"
                )
            out.append(ref)
        return out

    for key in sorted(set(root) - _USER_KEYS - set(CHARACTERISTIC_KEYS)):
        warnings.append(f"{r.source}: $.{key}: not a Service Cutter user representation; ignored")
    use_cases: list[dict[str, Any]] = []
    for i, item in enumerate(r.array(root.get("useCases"), "$.useCases")):
        path = f"$.useCases[{i}]"
        uc = r.mapping(item, path)
        name = r.text(uc.get("name"), f"{path}.name")
        if any(u["name"] == name for u in use_cases):
            raise r.fail(f"{path}.name", f"duplicate use case {name!r}")
        flag_key = "isLatencyCritical" if "isLatencyCritical" in uc else "latencyCritical"
        latency = uc.get(flag_key)
        use_cases.append(
            {
                "name": name,
                "reads": refs(uc.get("nanoentitiesRead"), f"{path}.nanoentitiesRead"),
                "writes": refs(uc.get("nanoentitiesWritten"), f"{path}.nanoentitiesWritten"),
                "latency_critical": latency is not None and r.flag(latency, f"{path}.{flag_key}"),
            }
        )
    if use_cases:
        domain["use_cases"] = use_cases
    for key, field in _GROUPS.items():
        groups = _groups(r, root.get(key), f"$.{key}", refs)
        if groups:
            domain[field] = [{"name": name, "members": members} for name, members in groups]
    _aggregates(_groups(r, root.get("aggregates"), "$.aggregates", refs), entities, warnings, r)
    if root.get("entities"):
        warnings.append(
            f"{r.source}: $.entities: identity groups of user representations are not "
            "imported; designkit takes identity from the model's entities"
        )
    _compatibilities(r, root, entities, refs)


def _groups(
    r: _Reader, value: Any, path: str, refs: Callable[[Any, str], list[str]]
) -> list[tuple[str, list[str]]]:
    out: list[tuple[str, list[str]]] = []
    for i, item in enumerate(r.array(value, path)):
        group = r.mapping(item, f"{path}[{i}]")
        name = r.text(group.get("name"), f"{path}[{i}].name")
        out.append((name, refs(group.get("nanoentities"), f"{path}[{i}].nanoentities")))
    return out


def _aggregates(
    groups: list[tuple[str, list[str]]],
    entities: dict[str, dict[str, Any]],
    warnings: list[str],
    r: _Reader,
) -> None:
    """designkit records aggregates per entity: the aggregate's first entity is its root."""
    for i, (name, members) in enumerate(groups):
        touched = list(dict.fromkeys(m.split(".", 1)[0] for m in members))
        if not touched:
            continue
        root = touched[0]
        for ent in touched:
            entity = entities[ent]
            if "aggregate" in entity and entity["aggregate"] != root:
                warnings.append(
                    f"{r.source}: $.aggregates[{i}]: entity {ent!r} is already in aggregate "
                    f"{entity['aggregate']!r}; kept there"
                )
                continue
            entity["aggregate"] = root
            covered = {m.split(".", 1)[1] for m in members if m.startswith(f"{ent}.")}
            missing = [a["name"] for a in entity["attributes"] if a["name"] not in covered]
            if missing and ent not in members:
                warnings.append(
                    f"{r.source}: $.aggregates[{i}]: aggregate {name!r} covers part of "
                    f"{ent!r}; designkit puts all of {ent!r} in it (also {', '.join(missing)})"
                )


def _compatibilities(
    r: _Reader,
    root: dict[str, Any],
    entities: dict[str, dict[str, Any]],
    refs: Callable[[Any, str], list[str]],
) -> None:
    nested = root.get("compatibilities")
    sources: list[tuple[str, dict[str, Any]]] = [("$", root)]
    if nested is not None:
        sources.append(("$.compatibilities", r.mapping(nested, "$.compatibilities")))
    for base, table in sources:
        for key, value in table.items():
            canonical = _OLD_KEYS.get(key, key)
            if canonical not in CHARACTERISTIC_KEYS:
                if base != "$":
                    raise r.fail(
                        f"{base}.{key}",
                        f"not a compatibility{suggest(key, CHARACTERISTIC_KEYS)}; use one of "
                        f"{', '.join(CHARACTERISTIC_KEYS)}",
                    )
                continue
            if base == "$" and key in _OLD_KEYS and not isinstance(value, list):
                continue
            field, levels = CHARACTERISTIC_KEYS[canonical]
            for i, item in enumerate(r.array(value, f"{base}.{key}")):
                path = f"{base}.{key}[{i}]"
                entry = r.mapping(item, path)
                word = r.text(entry.get("characteristic"), f"{path}.characteristic")
                level = levels.get(word.lower())
                if level is None:
                    raise r.fail(
                        f"{path}.characteristic",
                        f"{word!r} is not a {canonical} characteristic; use one of "
                        f"{', '.join(w.capitalize() for w in levels)}",
                    )
                for ref in refs(entry.get("nanoentities"), f"{path}.nanoentities"):
                    ent, _, attr = ref.partition(".")
                    for a in entities[ent]["attributes"]:
                        if not attr or a["name"] == attr:
                            a[field] = level
