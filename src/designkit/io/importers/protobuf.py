"""Protocol Buffers ``.proto`` files: each ``service`` is a gRPC contract, each rpc an endpoint.

Parsed with proto-schema-parser (a maintained, pure-Python parser of the
proto2/proto3 grammar). Its tree carries no line numbers, so an rpc's line is
looked up in the text by its declaration.
"""

from __future__ import annotations

import re
from pathlib import PurePosixPath
from typing import Any

from antlr4.error.ErrorListener import ErrorListener  # type: ignore[import-untyped]
from proto_schema_parser import ast
from proto_schema_parser.parser import Parser

from .found import Contract, Data, Found, origin
from .readers import reader
from .sources import ImportSourceError, Source

__all__ = ["read_protobuf"]


class _SyntaxError(Exception):
    def __init__(self, line: int, message: str) -> None:
        super().__init__(message)
        self.line = line


class _Raise(ErrorListener):  # type: ignore[misc]
    """Stop at the first syntax error (ANTLR's default prints it and carries on)."""

    def syntaxError(
        self, recognizer: Any, symbol: Any, line: int, column: int, msg: str, e: Any
    ) -> None:
        raise _SyntaxError(line, msg)


def _strict(recognizer: Any) -> None:
    recognizer.removeErrorListeners()
    recognizer.addErrorListener(_Raise())


_STANDARD = ("grpc.", "google.")
"""Packages of interfaces every gRPC server may offer (health, reflection): no service's own."""


def _line(text: str, pattern: str) -> int:
    match = re.search(pattern, text, re.M)
    return text.count("\n", 0, match.start()) + 1 if match else 0


def _type(message: ast.MessageType) -> str:
    return f"stream {message.type}" if message.stream else message.type


@reader("protobuf")
def read_protobuf(source: Source) -> Found:
    """The gRPC services of one ``.proto`` file.

    Examples
    --------
    >>> text = '''syntax = "proto3";
    ... package shop.cart.v1;
    ... service CartService {
    ...   rpc AddItem(AddItemRequest) returns (Cart);
    ... }
    ... '''
    >>> contract = read_protobuf(Source("cart.proto", text, "protobuf")).contracts[0]
    >>> contract.hints, contract.endpoints[0]["path"], contract.endpoints[0]["origin"]
    (['CartService', 'cart', 'cart'], 'CartService/AddItem', 'cart.proto:4')
    """
    try:
        tree = Parser(setup_lexer=_strict, setup_parser=_strict).parse(source.text)
    except _SyntaxError as exc:
        raise ImportSourceError(
            source.name, f"not a valid .proto file: {exc}", line=exc.line
        ) from None
    found = Found()
    package = next((e.name for e in tree.file_elements if isinstance(e, ast.Package)), "")
    parts = [p for p in package.split(".") if p and not re.fullmatch(r"v\d+\w*", p)]
    stem = PurePosixPath(source.name).stem
    if package.startswith(_STANDARD):
        found.notes.append(f"{source.name}: {package} is a standard gRPC interface; left out")
        return found
    for element in tree.file_elements:
        if not isinstance(element, ast.Service):
            continue
        service_line = _line(source.text, rf"^\s*service\s+{re.escape(element.name)}\b")
        endpoints: list[Data] = []
        for method in element.elements:
            if not isinstance(method, ast.Method):
                continue
            rpc_line = _line(source.text, rf"^\s*rpc\s+{re.escape(method.name)}\b")
            endpoints.append(
                {
                    "method": "POST",
                    "path": f"{element.name}/{method.name}",
                    "summary": f"{_type(method.input_type)} -> {_type(method.output_type)}",
                    "origin": origin(source.name, rpc_line),
                }
            )
        hints = [element.name, *(parts[-1:] if parts else []), stem]
        found.contracts.append(
            Contract("protobuf", element.name, origin(source.name, service_line), hints, endpoints)
        )
    messages = [e.name for e in tree.file_elements if isinstance(e, ast.Message)]
    if messages and not found.contracts:
        found.notes.append(
            f"{source.name}: {len(messages)} messages and no service; nothing to attach"
        )
    return found
