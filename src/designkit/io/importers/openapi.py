"""OpenAPI 3.x (and Swagger 2.0) descriptions: each operation becomes an endpoint.

The description is read line-aware (:mod:`.yamldocs`) and checked with
openapi-spec-validator; a description that breaks the specification is still
imported (real ones often do), with the validator's first complaint as a note.
The service it belongs to is found from the server URL's host, the title or
the file name (see :mod:`.assemble`).
"""

from __future__ import annotations

from pathlib import PurePosixPath
from typing import Any
from urllib.parse import urlsplit

from .found import Contract, Data, Found, as_dict, origin
from .readers import reader
from .sources import Source
from .yamldocs import line

__all__ = ["read_openapi"]

_METHODS = ("get", "post", "put", "patch", "delete", "head", "options")


def _validate(spec: dict[str, Any]) -> str | None:
    try:
        from openapi_spec_validator import validate
    except ImportError:  # pragma: no cover - a main dependency
        return None
    try:
        validate(spec)
    except Exception as exc:  # the validator raises several types; all mean "invalid"
        return str(exc).splitlines()[0][:300]
    return None


def _hosts(spec: dict[str, Any]) -> list[str]:
    urls = [s.get("url") for s in spec.get("servers") or [] if isinstance(s, dict)]
    if spec.get("host"):
        urls.append(f"//{spec['host']}")
    hosts = []
    for url in urls:
        host = urlsplit(str(url)).hostname if url else None
        if host and host not in {"localhost", "127.0.0.1"}:
            hosts.append(host.split(".", 1)[0])
    return hosts


def _scopes(operation: dict[str, Any], spec: dict[str, Any]) -> list[str]:
    security = operation.get("security", spec.get("security")) or []
    return sorted({str(s) for req in security if isinstance(req, dict) for v in req.values()
                   for s in (v or [])})  # fmt: skip


@reader("openapi")
def read_openapi(source: Source) -> Found:
    """The endpoints of one OpenAPI description, as a contract to attach to a service.

    Examples
    --------
    >>> text = '''openapi: 3.0.3
    ... info: {title: Cart API, version: "1.0"}
    ... servers: [{url: "http://cart:8080"}]
    ... paths:
    ...   /carts/{id}:
    ...     get: {summary: Get a cart, responses: {"200": {description: ok}}}
    ... '''
    >>> source = Source("cart.yaml", text, "openapi")
    >>> from designkit.io.importers.sources import detect
    >>> _ = detect(source)
    >>> contract = read_openapi(source).contracts[0]
    >>> contract.hints, contract.endpoints[0]["path"], contract.endpoints[0]["origin"]
    (['cart', 'Cart API', 'cart'], '/carts/{id}', 'cart.yaml:6')
    """
    spec = source.docs[0] if source.docs else {}
    found = Found()
    if not isinstance(spec, dict):
        return found
    problem = _validate(spec)
    if problem:
        found.notes.append(f"{source.name}: not valid OpenAPI ({problem}); imported anyway")
    info = as_dict(spec.get("info"))
    title = str(info.get("title") or PurePosixPath(source.name).stem)
    endpoints: list[Data] = []
    paths = as_dict(spec.get("paths"))
    for path, item in paths.items():
        if not isinstance(item, dict):
            continue
        for method in _METHODS:
            operation = item.get(method)
            if not isinstance(operation, dict):
                continue
            endpoint: Data = {
                "method": method.upper(),
                "path": str(path),
                "origin": origin(source.name, line(operation, line(item))),
            }
            summary = operation.get("summary") or operation.get("operationId")
            if summary:
                endpoint["summary"] = str(summary)
            scopes = _scopes(operation, spec)
            if scopes:
                endpoint["scopes"] = scopes
            endpoints.append(endpoint)
    hints = [*_hosts(spec), title, PurePosixPath(source.name).stem]
    found.contracts.append(
        Contract("openapi", title, origin(source.name, line(spec, 1)), hints, endpoints)
    )
    return found
