"""A strict structural reader of the Structurizr DSL subset designkit writes.

Structurizr's own parser is Java and ships only through Maven and GitHub, which this
project cannot reach, so designkit.validators (and the tests) read the workspace with
this instead. It follows
the rules of structurizr-dsl (com.structurizr.dsl: Tokenizer, Tokens, the *Parser
classes' grammars, IdentifiersRegister, Model and DynamicView) for what designkit
writes, and rejects anything else:

- lines are tokenized the way Structurizr's Tokenizer does: whitespace-separated,
  ``"..."`` quoted, a ``"`` preceded by a backslash kept in the token; a token's value
  then turns ``\\"`` into ``"`` and ``\\n`` into a line break (Tokens.get);
- no line may end with ``\\`` or ``\"\"\"`` (line continuation, text block) and no
  string may hold ``${`` (string substitution);
- ``{`` ends the line that opens a block, ``}`` stands alone; blocks balance;
- each statement is one the enclosing block allows, with at most the tokens its
  grammar takes (``container <name> [description] [technology] [tags]``, ...);
- identifiers match ``\\w[a-zA-Z0-9_-]*``, are unique ignoring case, and are defined
  before use; container names are unique in their system, top-level names unique;
- a relationship's ends exist; no two relationships share source, destination and
  description; a dynamic view's step follows a relationship of the model (either
  direction); view keys are unique.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

__all__ = ["DslError", "Element", "Relationship", "Workspace", "read", "tokenize"]

IDENTIFIER = re.compile(r"^\w[a-zA-Z0-9_-]*$")
KEY = re.compile(r"^[a-zA-Z0-9_-]+$")
SHAPES = {"person", "cylinder", "pipe", "hexagon", "webbrowser", "box", "roundedbox"}


class DslError(ValueError):
    """The text is not a workspace Structurizr would accept."""


@dataclass
class Element:
    kind: str
    name: str
    description: str = ""
    technology: str = ""
    tags: str = ""
    group: str | None = None


@dataclass
class Relationship:
    source: str
    destination: str
    description: str
    technology: str


@dataclass
class Workspace:
    name: str = ""
    description: str = ""
    elements: dict[str, Element] = field(default_factory=dict)
    relationships: list[Relationship] = field(default_factory=list)
    views: dict[str, tuple[str, str]] = field(default_factory=dict)
    """key -> (view type, description)."""
    steps: dict[str, list[Relationship]] = field(default_factory=dict)
    """Dynamic view key -> its steps."""


def tokenize(line: str) -> list[str]:
    """Split a line as Structurizr's Tokenizer does (quotes kept out, ``\\"`` kept in)."""
    tokens: list[str] = []
    line = line.strip()
    token: list[str] | None = None
    quoted = False
    for i, c in enumerate(line):
        if token is None:
            if c == '"':
                token, quoted = [], True
            elif not c.isspace():
                token, quoted = [c], False
        elif c == '"' and line[i - 1] == "\\":
            token.append(c)
        elif quoted and c == '"':
            tokens.append("".join(token))
            token, quoted = None, False
        elif not quoted and c.isspace():
            tokens.append("".join(token))
            token = None
        else:
            token.append(c)
    if token is not None:
        if quoted:
            raise DslError(f"unterminated string in {line!r}")
        tokens.append("".join(token))
    return tokens


def _value(token: str) -> str:
    if "${" in token:
        raise DslError(f"{token!r} would be substituted (${{...}})")
    return token.replace('\\"', '"').replace("\\n", "\n")


class _Reader:
    def __init__(self) -> None:
        self.ws = Workspace()
        self.ids: dict[str, str] = {}  # lowercased identifier -> as written
        self.stack: list[tuple[str, str | None]] = []  # (block kind, its element or view)
        self.names: set[tuple[str | None, str]] = set()

    def element(self, ident: str) -> str:
        key = ident.lower()
        if key not in self.ids:
            raise DslError(f"identifier {ident!r} is used before it is defined")
        return self.ids[key]

    def define(self, ident: str, element: Element, parent: str | None) -> None:
        if not IDENTIFIER.match(ident):
            raise DslError(f"bad identifier {ident!r}")
        if ident.lower() in self.ids:
            raise DslError(f"identifier {ident!r} is already in use")
        if (parent, element.name) in self.names:
            raise DslError(f"a {element.kind} named {element.name!r} already exists")
        self.names.add((parent, element.name))
        self.ids[ident.lower()] = ident
        self.ws.elements[ident] = element

    def relationship(self, tokens: list[str]) -> Relationship:
        if len(tokens) > 6:
            raise DslError("too many tokens: <id> -> <id> [description] [technology] [tags]")
        if len(tokens) < 3:
            raise DslError("expected <id> -> <id>")
        values = [_value(t) for t in tokens[3:]] + ["", ""]
        source, destination = self.element(tokens[0]), self.element(tokens[2])
        return Relationship(source, destination, values[0], values[1])

    def open(self, kind: str, subject: str | None = None) -> None:
        self.stack.append((kind, subject))

    def line(self, tokens: list[str]) -> None:
        block = self.stack[-1][0] if self.stack else None
        opens = tokens[-1] == "{"
        body = tokens[:-1] if opens else tokens
        if "{" in body:
            raise DslError("'{' must end its line")
        handler = getattr(self, f"in_{block or 'root'}", None)
        if handler is None:
            raise DslError(f"no statement may appear inside {block}")
        handler(body, opens)

    def expect(self, opens: bool, want: bool, what: str) -> None:
        if opens != want:
            raise DslError(f"{what} {'needs' if want else 'takes no'} block")

    def in_root(self, t: list[str], opens: bool) -> None:
        if t[:1] != ["workspace"] or len(t) > 3 or self.ws.name:
            raise DslError("expected one: workspace [name] [description] {")
        self.expect(opens, True, "workspace")
        values = [_value(v) for v in t[1:]] + ["", ""]
        self.ws.name, self.ws.description = values[0], values[1]
        self.open("workspace")

    def in_workspace(self, t: list[str], opens: bool) -> None:
        if t not in (["model"], ["views"]):
            raise DslError(f"unexpected {t} in workspace")
        self.expect(opens, True, t[0])
        self.open(t[0])

    def in_model(self, t: list[str], opens: bool) -> None:
        if len(t) >= 2 and t[1] == "->":
            self.expect(opens, False, "a relationship")
            rel = self.relationship(t)
            key = (rel.source, rel.destination, rel.description)
            if any((r.source, r.destination, r.description) == key for r in self.ws.relationships):
                raise DslError(f"duplicate relationship {key}")
            self.ws.relationships.append(rel)
            return
        if len(t) >= 3 and t[1] == "=" and t[2] in ("person", "softwareSystem"):
            if len(t) > 6 or len(t) < 4:
                raise DslError(f"{t[2]} <name> [description] [tags]")
            values = [_value(v) for v in t[3:]] + ["", ""]
            self.define(t[0], Element(t[2], values[0], values[1], "", values[2]), None)
            if opens:
                if t[2] != "softwareSystem":
                    raise DslError("only a software system may hold containers here")
                self.open("system", t[0])
            return
        raise DslError(f"unexpected {t} in model")

    def in_system(self, t: list[str], opens: bool) -> None:
        kind, subject = self.stack[-1]
        system = next(s for k, s in reversed(self.stack) if k == "system")
        group = subject if kind == "group" else None
        if t[:1] == ["group"]:
            if len(t) != 2 or group is not None:
                raise DslError("group <name> { (not nested here)")
            self.expect(opens, True, "group")
            self.open("group", _value(t[1]))
            return
        if len(t) >= 4 and t[1] == "=" and t[2] == "container":
            self.expect(opens, False, "a container here")
            if len(t) > 7:
                raise DslError("container <name> [description] [technology] [tags]")
            values = [_value(v) for v in t[3:]] + ["", "", ""]
            element = Element("container", values[0], values[1], values[2], values[3], group)
            self.define(t[0], element, system)
            return
        raise DslError(f"unexpected {t} in a software system")

    in_group = in_system

    def in_views(self, t: list[str], opens: bool) -> None:
        if t == ["styles"]:
            self.expect(opens, True, "styles")
            self.open("styles")
            return
        if t[:1] in (["systemContext"], ["container"], ["dynamic"]):
            self.expect(opens, True, t[0])
            if len(t) > 4 or len(t) < 3:
                raise DslError(f"{t[0]} <scope> <key> [description] {{")
            scope = self.element(t[1])
            if self.ws.elements[scope].kind != "softwareSystem":
                raise DslError(f"the scope of {t[0]} must be a software system")
            key = _value(t[2])
            if not KEY.match(key) or key in self.ws.views:
                raise DslError(f"bad or duplicate view key {key!r}")
            self.ws.views[key] = (t[0], _value(t[3]) if len(t) > 3 else "")
            if t[0] == "dynamic":
                self.ws.steps[key] = []
            self.open(t[0], key)
            return
        raise DslError(f"unexpected {t} in views")

    def _layout(self, t: list[str]) -> bool:
        if t[:1] == ["autoLayout"]:
            if len(t) > 2 or (len(t) == 2 and t[1] not in {"lr", "rl", "tb", "bt"}):
                raise DslError(f"bad {t}")
            return True
        return False

    def in_systemContext(self, t: list[str], opens: bool) -> None:
        self.expect(opens, False, "a view statement")
        if t != ["include", "*"] and not self._layout(t):
            raise DslError(f"unexpected {t} in a view")

    in_container = in_systemContext

    def in_dynamic(self, t: list[str], opens: bool) -> None:
        self.expect(opens, False, "a dynamic view step")
        if self._layout(t):
            return
        if len(t) < 3 or t[1] != "->" or len(t) > 5:
            raise DslError(f"expected <id> -> <id> [description] [technology], got {t}")
        step = self.relationship(t)
        ends = {(step.source, step.destination), (step.destination, step.source)}
        matches = [
            r
            for r in self.ws.relationships
            if (r.source, r.destination) in ends
            and (not step.technology or r.technology == step.technology)
        ]
        if not matches:
            raise DslError(f"no relationship between {step.source} and {step.destination}")
        self.ws.steps[self.stack[-1][1] or ""].append(step)

    def in_styles(self, t: list[str], opens: bool) -> None:
        if len(t) != 2 or t[0] != "element":
            raise DslError(f"unexpected {t} in styles")
        self.expect(opens, True, "element style")
        self.open("element")

    def in_element(self, t: list[str], opens: bool) -> None:
        self.expect(opens, False, "a style")
        if len(t) != 2 or t[0] != "shape" or t[1].lower() not in SHAPES:
            raise DslError(f"unexpected {t} in an element style")


def read(text: str) -> Workspace:
    """The workspace in ``text``, or :class:`DslError` naming the line and the reason."""
    reader = _Reader()
    for number, raw in enumerate(text.splitlines(), 1):
        stripped = raw.strip()
        if not stripped or stripped.startswith(("#", "//")):
            continue
        try:
            if stripped.endswith(("\\", '"""')) or stripped.startswith(("/*", "!")):
                raise DslError("continuation, text block, comment block or directive")
            if stripped == "}":
                if not reader.stack:
                    raise DslError("unbalanced '}'")
                reader.stack.pop()
                continue
            reader.line(tokenize(stripped))
        except DslError as error:
            raise DslError(f"line {number}: {error}: {stripped[:120]}") from None
    if reader.stack or not reader.ws.name:
        raise DslError(f"unclosed blocks at the end: {[k for k, _ in reader.stack]}")
    return reader.ws
