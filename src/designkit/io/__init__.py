"""Design files: the only code that reads and writes them.

``load`` parses YAML safely, migrates old files and validates; every error names
the file, the field path (and line) and the reason. ``save`` never loses data:
it validates first, keeps the file's comments, writes atomically under a lock,
and refuses to overwrite a file that changed on disk since it was loaded.

Both run close to the cost of parsing the file with libyaml. A read goes
through :mod:`~designkit.io.fastyaml` (libyaml, YAML 1.2 rules) and falls back
to the comment-keeping round-trip reader (:mod:`~designkit.io.yamlfile`) only
for what it cannot vouch for, which also words every error. A save writes
only what changed into the file's text (:mod:`~designkit.io.patch`), and
merges into the round-trip document only where the layout does not allow that.

Examples
--------
>>> import designkit.io as dio
>>> d = dio.loads("metadata: {name: shop}\\nservices: [{name: cart}]\\n")
>>> d.services[0].name
'cart'
>>> d.services[0].description = "Holds carts"
>>> print(dio.dumps(d), end="")  # the file's own (flow) style is kept
schema_version: 1
metadata: {name: shop}
services: [{name: cart, description: Holds carts}]
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from ..errors import DesignFileError, DesignValidationError, SaveConflictError, SaveError
from ..model import Design
from . import convert
from .convert import problems, to_data
from .fastyaml import compose, deeper_than, fast_parse, has_aliases, line_of_node
from .limits import DEFAULT_MAX_BYTES
from .migrations import migrate

__all__ = [
    "DEFAULT_MAX_BYTES",
    "dumps",
    "line_of",
    "load",
    "loads",
    "save",
    "validate_data",
]


@dataclass(eq=False)
class _Source:
    """Where a design came from: used to keep comments and detect conflicting edits.

    ``text`` is the file as written and ``data`` what it reads as (None when it
    was read the round-trip way: then saves merge into ``document``). The
    round-trip document and libyaml's node tree of ``text`` are built on first
    use, by a save, never by a read-only use. Nothing changes either in place,
    so copies of a design share them: a deep copy does not copy the file.
    """

    path: Path | None
    digest: str | None
    text: str | None
    data: Any = None
    _document: Any = field(default=None, repr=False)
    _nodes: Any = field(default=None, repr=False)

    def __deepcopy__(self, memo: dict[int, Any]) -> _Source:
        return self

    @property
    def document(self) -> Any:
        """The round-trip (comment-keeping) document of ``text``, parsed once."""
        if self._document is None and self.text is not None:
            from .yamlfile import parse

            self._document = parse(self.text, str(self.path or "<design>"))
        return self._document

    def nodes(self) -> Any:
        """libyaml's node tree of ``text`` (positions for edits in place), or None."""
        if self._nodes is None and self.text is not None and self.data is not None:
            self._nodes = _editable(self.text, compose(self.text, tags=False))
        return self._nodes or None


def _editable(text: str, root: Any) -> Any:
    """``root`` if edits in place can use it, else False (merge the round-trip way)."""
    if root is None or "\r" in text:  # edits in place write "\n" line breaks
        return False
    return False if "&" in text and has_aliases(root) else root


def load(path: str | os.PathLike[str], *, max_bytes: int = DEFAULT_MAX_BYTES) -> Design:
    """Read, migrate and validate the design file at ``path``."""
    p = Path(path)
    name = str(path)
    try:
        if p.is_dir():
            raise DesignFileError(name, "is a folder, not a design file")
        size = p.stat().st_size
        if size > max_bytes:
            raise DesignFileError(
                name, f"the file is {size:,} bytes; the limit is {max_bytes:,} (max_bytes)"
            )
        with p.open("rb") as fh:
            raw = fh.read(min(max_bytes, size) + 1)  # not a buffer of max_bytes
            if len(raw) > size:  # it grew since stat: read on, up to the limit
                raw += fh.read(max_bytes + 1 - len(raw))
    except FileNotFoundError:
        raise DesignFileError(name, "no such file") from None
    except IsADirectoryError:
        raise DesignFileError(name, "is a folder, not a design file") from None
    except PermissionError:
        raise DesignFileError(name, "permission denied") from None
    if len(raw) > max_bytes:
        raise DesignFileError(name, f"the file is larger than the limit of {max_bytes:,} bytes")
    design = _from_bytes(raw, name)
    design._source.path = p.resolve()
    design._source.digest = _digest(raw)
    return design


def line_of(design: Design, path: str) -> int | None:
    r"""1-based line of a field path like ``services[2].slo`` in the file ``design`` came from.

    The deepest part of the path the file spells out (a default value has no
    line: its parent's is given); None for a design not read from YAML.

    Examples
    --------
    >>> d = loads("metadata:\n  name: x\nservices:\n- name: a\n- name: b\n")
    >>> line_of(d, "services[1].name"), line_of(d, "services[1].team")
    (5, 5)
    >>> print(line_of(Design.model_validate({"metadata": {"name": "x"}}), "metadata"))
    None
    """
    source = design._source
    if not isinstance(source, _Source) or source.text is None:
        return None
    parts: list[str | int] = []
    for name in path.replace("]", "").split("."):
        head, *indices = name.split("[")
        if head:
            parts.append(head)
        parts.extend(int(i) for i in indices)
    loc = tuple(parts)
    root = compose(source.text, tags=False)  # libyaml positions; no round-trip parse
    if root is not None:
        return line_of_node(root, loc)
    from .yamlfile import line_of as round_trip_line_of

    return round_trip_line_of(source.document, loc)


def loads(text: str, source: str = "<string>") -> Design:
    """Parse and validate a design from YAML ``text``; ``source`` names it in errors."""
    return _from_bytes(text.encode("utf-8"), source)


def _from_bytes(raw: bytes, source: str) -> Design:
    if b"\x00" in raw:
        raise DesignFileError(source, "is a binary file, not YAML text")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        raise DesignFileError(source, f"is not UTF-8 text (byte {exc.start})", line=line) from None
    # The fast path: libyaml reads the file, pydantic validates it. Anything it
    # cannot vouch for, and any file that is not a valid design, is read again
    # the round-trip way below, which words every error as it always has.
    data = fast_parse(text)
    if isinstance(data, dict) and _is_current(data.get("schema_version", convert.SCHEMA_VERSION)):
        try:
            design = Design.model_validate(data)
        except ValidationError as exc:
            root = compose(text)  # positions, needed only now there is an error
            if root is None or deeper_than(root, _DEEPEST):
                # Nested too deeply for the round-trip reader: it says so.
                return _from_text_round_trip(text, source)
            found = problems(exc, line_of=lambda loc: line_of_node(root, loc))
            raise DesignValidationError(source, found) from None
        design._source = _Source(None, None, text, data)
        return design
    return _from_text_round_trip(text, source)


_DEEPEST = 100
"""Nesting beyond any valid design's (about 10 levels) and below the round-trip reader's
limit: a file nested deeper that libyaml read is refused as ruamel.yaml refuses it."""


def _is_current(version: Any) -> bool:
    # The version this designkit writes; an older file is migrated the round-trip way.
    return type(version) is int and version == convert.SCHEMA_VERSION


def _from_text_round_trip(text: str, source: str) -> Design:
    from .yamlfile import parse

    data = parse(text, source)
    if data is None:  # only `---` or `null`
        raise DesignFileError(source, "the file is empty; a design needs at least metadata.name")
    if not isinstance(data, dict):
        kind = "a list" if isinstance(data, list) else f"a single value ({type(data).__name__})"
        raise DesignFileError(source, f"the top level is {kind}; a design is a mapping of keys")
    # Validation only reads the parsed data, so it is kept as the document that
    # saves take the comments from. A migration edits the data in place: the
    # file as written is parsed again then.
    migrated = migrate(data, source)
    design = validate_data(data, source)
    source_ = _Source(None, None, text)
    source_._document = parse(text, source) if migrated else data
    design._source = source_
    return design


def validate_data(data: Any, source: str = "<data>") -> Design:
    """Validate already-parsed data as a Design, raising DesignValidationError with paths."""
    try:
        return Design.model_validate(data)
    except ValidationError as exc:
        raise DesignValidationError(source, problems(exc, data)) from None


def dumps(design: Design) -> str:
    """The design as YAML text, in the model's field order (comments kept if it was loaded)."""
    return _render(design)[0]


def _render(design: Design) -> tuple[str, dict[str, Any], str]:
    """The text of ``design``, its data, and how it was made: ``unchanged`` (the
    loaded file's own text), ``patched`` (edited in place) or ``written`` anew."""
    from .patch import Unsupported, patch, same  # what only a save needs, imported then

    data = to_data(design)
    source = design._source if isinstance(design._source, _Source) else None
    if source is not None and source.data is not None and source.text is not None:
        if same(source.data, data):
            return source.text, data, "unchanged"
        root = source.nodes()
        if root is not None:
            try:
                text = patch(source.text, root, source.data, data)
            except Unsupported:
                pass
            else:
                return text, data, "unchanged" if text == source.text else "patched"
    from .yamlfile import dump_text

    document = source.document if source is not None else None
    return dump_text(data, document), data, "written"


def save(
    design: Design, path: str | os.PathLike[str] | None = None, *, overwrite: bool = False
) -> Path:
    """Write ``design`` to ``path`` (default: where it was loaded from), atomically.

    Refuses to write an invalid design, to overwrite a file that changed on disk
    since this design was loaded from it, and to overwrite a file the design was
    not loaded from unless ``overwrite=True``. On any failure the old file is
    byte-for-byte intact.
    """
    from .atomic import atomic_write, lock

    source = design._source if isinstance(design._source, _Source) else None
    if path is None:
        if source is None or source.path is None:
            raise SaveError("this design was not loaded from a file; give save() a path")
        target = source.path
    else:
        target = Path(path).resolve()
    text, data, how = _render(design)
    name = str(path if path is not None else target)
    written, plain = _read_back(text, data, how, source, name)
    payload = text.encode("utf-8")
    if not target.parent.is_dir():
        raise SaveError(f"{name}: the folder {target.parent.name!r} does not exist")
    if target.is_dir():
        raise SaveError(f"{name}: is a folder; give save() the path of a design file")
    with lock(target):
        loaded_here = source is not None and source.path == target
        if target.exists():
            current = _digest(target.read_bytes())
            if loaded_here and source is not None and current != source.digest:
                raise SaveConflictError(
                    f"{name}: the file changed on disk since it was loaded; reload it "
                    "(or save to another path) so neither change is lost"
                )
            if not loaded_here and not overwrite:
                raise SaveConflictError(
                    f"{name}: exists and this design was not loaded from it; "
                    "pass overwrite=True to replace it"
                )
        atomic_write(target, payload)
    saved = _Source(target, _digest(payload), text)
    if plain:  # edit it in place next time
        saved.data = written
    else:
        saved._document = written  # read the round-trip way: merge into it next time
    design._source = saved
    return target


def _read_back(
    text: str, data: dict[str, Any], how: str, source: _Source | None, name: str
) -> tuple[Any, bool]:
    """What ``text`` reads as, and whether that is plain data (libyaml's reading).

    Never write what could not be read back as a valid design. The file's own
    text, unchanged, was read and validated when it was loaded. A text edited in
    place reads as ``data`` by construction (io/patch.py reads back every piece
    it writes), so validating ``data`` is the proof, without parsing the whole
    text again. A text written anew is read back (libyaml, or the round-trip way
    where libyaml cannot vouch for it) and validated.
    """
    if how == "unchanged" and source is not None and source.data is not None:
        return source.data, True
    if how == "patched":
        _validate(data, name, text)
        return data, True
    written = fast_parse(text)
    if isinstance(written, dict) and _is_current(written.get("schema_version")):
        _validate(written, name, text)
        return written, True
    from .yamlfile import parse

    written = parse(text, name)
    validate_data(written, name)
    return written, False


def _validate(data: Any, name: str, text: str) -> None:
    try:
        Design.model_validate(data)
    except ValidationError as exc:
        root = compose(text)
        found = problems(exc, line_of=lambda loc: line_of_node(root, loc))
        raise DesignValidationError(name, found) from None


def _digest(raw: bytes) -> str:
    return hashlib.sha256(raw).hexdigest()
