"""AsyncAPI 2.x and 3.x documents: channels become topics, messages become events.

In AsyncAPI 2 an application ``subscribe``s to a channel that it *sends*
to (the operation is named from the client's side) and ``publish`` means it
receives; AsyncAPI 3 says ``send`` and ``receive``. Local ``$ref``s
(``#/components/messages/...``) are followed.
"""

from __future__ import annotations

import re
from pathlib import PurePosixPath
from typing import Any

from .found import Contract, Data, Found, as_dict, origin
from .readers import reader
from .sources import Source
from .yamldocs import line

__all__ = ["read_asyncapi"]


def _resolve(doc: dict[str, Any], value: Any, depth: int = 0) -> Any:
    """Follow a local ``$ref`` (a JSON pointer into ``doc``)."""
    while isinstance(value, dict) and isinstance(value.get("$ref"), str) and depth < 20:
        ref = value["$ref"]
        if not ref.startswith("#/"):
            return value
        target: Any = doc
        for part in ref[2:].split("/"):
            part = part.replace("~1", "/").replace("~0", "~")
            target = target.get(part) if isinstance(target, dict) else None
        value, depth = target, depth + 1
    return value


_FORMATS = {"date-time": "timestamp", "date": "date", "uuid": "uuid", "decimal": "decimal"}
_TYPES = {"string", "integer", "number", "boolean", "object", "array"}


def _fields(doc: dict[str, Any], payload: Any) -> list[Data]:
    payload = _resolve(doc, payload)
    if not isinstance(payload, dict):
        return []
    required = set(payload.get("required") or [])
    fields = []
    for name, schema in (payload.get("properties") or {}).items():
        schema = _resolve(doc, schema)
        schema = schema if isinstance(schema, dict) else {}
        kind = _FORMATS.get(str(schema.get("format")), schema.get("type"))
        field: Data = {"name": str(name), "required": name in required}
        if isinstance(kind, str) and (kind in _TYPES or kind in _FORMATS.values()):
            field["type"] = kind
        if schema.get("description"):
            field["description"] = str(schema["description"])
        fields.append(field)
    return fields


def _messages(doc: dict[str, Any], value: Any) -> list[tuple[str, dict[str, Any]]]:
    """(name, message) pairs of a message, a ``oneOf`` or a v3 messages map."""
    out: list[tuple[str, dict[str, Any]]] = []
    items: list[tuple[str | None, Any]]
    if isinstance(value, dict) and "oneOf" in value:
        items = [(None, m) for m in value["oneOf"]]
    elif isinstance(value, dict) and not {"payload", "name", "$ref"} & set(value):
        items = list(value.items())
    elif isinstance(value, list):
        items = [(None, m) for m in value]
    else:
        items = [(None, value)]
    for key, raw in items:
        ref = raw.get("$ref", "") if isinstance(raw, dict) else ""
        message = _resolve(doc, raw)
        if not isinstance(message, dict):
            continue
        name = message.get("name") or message.get("title") or key or ref.rsplit("/", 1)[-1]
        if name:
            out.append((str(name), message))
    return out


def _event(doc: dict[str, Any], name: str, message: dict[str, Any], topic: str, at: str) -> Data:
    fmt = str(message.get("schemaFormat") or "")
    event: Data = {
        "name": name,
        "topic": topic,
        "format": "avro" if "avro" in fmt else ("protobuf" if "protobuf" in fmt else "json"),
        "fields": _fields(doc, message.get("payload")),
        "origin": at,
    }
    summary = message.get("summary") or message.get("description")
    if summary:
        event["description"] = str(summary)
    return event


_ILLEGAL = re.compile(r"[{}]")


@reader("asyncapi")
def read_asyncapi(source: Source) -> Found:
    """Topics, events and the application's sends and receives of one AsyncAPI document.

    Examples
    --------
    >>> text = '''asyncapi: 3.0.0
    ... info: {title: Order service, version: "1"}
    ... channels:
    ...   placed:
    ...     address: order.placed
    ...     messages: {OrderPlaced: {payload: {type: object, properties: {id: {type: string}}}}}
    ... operations:
    ...   sendPlaced: {action: send, channel: {$ref: "#/channels/placed"}}
    ... '''
    >>> source = Source("order.yaml", text, "asyncapi")
    >>> from designkit.io.importers.sources import detect
    >>> _ = detect(source)
    >>> found = read_asyncapi(source)
    >>> found.contracts[0].publishes, found.events[0]["name"], found.events[0]["topic"]
    (['order.placed'], 'OrderPlaced', 'order.placed')
    """
    doc = source.docs[0] if source.docs else {}
    found = Found()
    if not isinstance(doc, dict):
        return found
    info = as_dict(doc.get("info"))
    title = str(info.get("title") or PurePosixPath(source.name).stem)
    version = str(doc.get("asyncapi", ""))
    channels = as_dict(doc.get("channels"))
    publishes: list[str] = []
    consumes: list[str] = []
    seen: set[str] = set()

    def add_events(messages: Any, topic: str, at: str) -> None:
        for name, message in _messages(doc, messages):
            if name not in seen:
                seen.add(name)
                found.events.append(_event(doc, name, message, topic, at))

    topics: dict[str, str] = {}
    for key, channel in channels.items():
        if not isinstance(channel, dict):
            continue
        address = channel.get("address") if version.startswith("3") else key
        topic = str(address or key)
        if _ILLEGAL.search(topic):
            found.notes.append(f"{source.name}: channel {topic!r} is parameterised; kept as named")
        topics[str(key)] = topic
        at = origin(source.name, line(channel))
        if version.startswith("2"):
            for op, bucket in (("subscribe", publishes), ("publish", consumes)):
                operation = channel.get(op)
                if isinstance(operation, dict):
                    bucket.append(topic)
                    add_events(operation.get("message"), topic, at)
        else:
            add_events(channel.get("messages"), topic, at)
    operations = as_dict(doc.get("operations"))
    for operation in operations.values():
        if not isinstance(operation, dict):
            continue
        ref = as_dict(operation.get("channel")).get("$ref", "")
        target = topics.get(str(ref).rsplit("/", 1)[-1])
        if target is None:
            continue
        if operation.get("action") == "send":
            publishes.append(target)
        elif operation.get("action") == "receive":
            consumes.append(target)
    for event in found.events:
        found.topics.append({"name": event["topic"], "origin": event["origin"]})
    hints = [title, PurePosixPath(source.name).stem]
    found.contracts.append(
        Contract(
            "asyncapi",
            title,
            origin(source.name, line(doc, 1)),
            hints,
            publishes=list(dict.fromkeys(publishes)),
            consumes=list(dict.fromkeys(consumes)),
        )
    )
    return found
