"""Design files: the only code that reads and writes them.

``load`` parses YAML safely, migrates old files and validates; every error names
the file, the field path (and line) and the reason. ``save`` never loses data:
it validates first, keeps the file's comments, writes atomically under a lock,
and refuses to overwrite a file that changed on disk since it was loaded.

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
import io as _stdio
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from ..errors import DesignFileError, DesignValidationError, SaveConflictError, SaveError
from ..model import Design
from .atomic import atomic_write, lock
from .convert import problems, to_data
from .merge import merge
from .migrations import migrate
from .yamlfile import DEFAULT_MAX_BYTES, copy_document, new_yaml, parse
from .yamlfile import line_of as _line_of

__all__ = [
    "DEFAULT_MAX_BYTES",
    "dumps",
    "line_of",
    "load",
    "loads",
    "save",
    "validate_data",
]


@dataclass
class _Source:
    """Where a design came from: used to keep comments and detect conflicting edits.

    ``document`` is the parsed file as written (before any migration); nothing
    changes it in place (``dumps`` merges into a copy), so copies of a design
    share it: a deep copy of a loaded design does not copy its YAML tree.
    """

    path: Path | None
    digest: str | None
    document: Any

    def __deepcopy__(self, memo: dict[int, Any]) -> _Source:
        return _Source(self.path, self.digest, self.document)


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
            raw = fh.read(max_bytes + 1)
    except FileNotFoundError:
        raise DesignFileError(name, "no such file") from None
    except IsADirectoryError:
        raise DesignFileError(name, "is a folder, not a design file") from None
    except PermissionError:
        raise DesignFileError(name, "permission denied") from None
    if len(raw) > max_bytes:
        raise DesignFileError(name, f"the file is larger than the limit of {max_bytes:,} bytes")
    design = _from_bytes(raw, name)
    design._source = _Source(p.resolve(), _digest(raw), design._source.document)
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
    if not isinstance(source, _Source) or source.document is None:
        return None
    parts: list[str | int] = []
    for name in path.replace("]", "").split("."):
        head, *indices = name.split("[")
        if head:
            parts.append(head)
        parts.extend(int(i) for i in indices)
    return _line_of(source.document, tuple(parts))


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
    data = parse(text, source)
    if data is None:  # only `---` or `null`
        raise DesignFileError(source, "the file is empty; a design needs at least metadata.name")
    if not isinstance(data, dict):
        kind = "a list" if isinstance(data, list) else f"a single value ({type(data).__name__})"
        raise DesignFileError(source, f"the top level is {kind}; a design is a mapping of keys")
    # Validation only reads the parsed data, so it is kept as the document that
    # saves take the comments from; no copy (a deep copy of the whole document
    # was most of the time of loading a large design, see copy_document). A
    # migration edits the data in place: the file as written is parsed again then.
    migrated = migrate(data, source)
    design = validate_data(data, source)
    document = parse(text, source) if migrated else data
    design._source = _Source(None, None, document)
    return design


def validate_data(data: Any, source: str = "<data>") -> Design:
    """Validate already-parsed data as a Design, raising DesignValidationError with paths."""
    try:
        return Design.model_validate(data)
    except ValidationError as exc:
        raise DesignValidationError(source, problems(exc, data)) from None


def dumps(design: Design) -> str:
    """The design as YAML text, in the model's field order (comments kept if it was loaded)."""
    data = to_data(design)
    source = design._source
    document = data
    if isinstance(source, _Source) and source.document is not None:
        document = merge(copy_document(source.document), data)
    buffer = _stdio.StringIO()
    new_yaml().dump(document, buffer)
    return buffer.getvalue()


def save(
    design: Design, path: str | os.PathLike[str] | None = None, *, overwrite: bool = False
) -> Path:
    """Write ``design`` to ``path`` (default: where it was loaded from), atomically.

    Refuses to write an invalid design, to overwrite a file that changed on disk
    since this design was loaded from it, and to overwrite a file the design was
    not loaded from unless ``overwrite=True``. On any failure the old file is
    byte-for-byte intact.
    """
    source = design._source if isinstance(design._source, _Source) else None
    if path is None:
        if source is None or source.path is None:
            raise SaveError("this design was not loaded from a file; give save() a path")
        target = source.path
    else:
        target = Path(path).resolve()
    text = dumps(design)
    name = str(path if path is not None else target)
    written = parse(text, name)
    validate_data(written, name)  # never write what we could not read back
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
    # Validation only read it: the parse above is the saved file's document.
    design._source = _Source(target, _digest(payload), written)
    return target


def _digest(raw: bytes) -> str:
    return hashlib.sha256(raw).hexdigest()
