"""The bundled example designs (data/examples, shipped in the package)."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

__all__ = ["example_names", "example_path"]


def _folder() -> Path:
    return Path(str(resources.files("designkit") / "examples"))


def example_names() -> list[str]:
    """Names of the bundled examples, sorted (``ecommerce``, ...)."""
    return sorted(p.stem for p in _folder().glob("*.yaml"))


def example_path(name: str) -> Path:
    """Path of the bundled example ``name``; KeyError with the choices if unknown."""
    path = _folder() / f"{name}.yaml"
    if not path.is_file():
        raise KeyError(f"no example {name!r}; choose one of {', '.join(example_names())}")
    return path
