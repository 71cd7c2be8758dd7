"""designkit: Jupyter design notebooks for microservice architectures.

The public surface is small: ``load`` and ``save`` design files, the ``Design``
model, and the errors. Everything else is reachable by module path
(``designkit.analysis``, ``designkit.render``, ...). Heavy imports are deferred
so ``import designkit`` stays fast.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"
__all__ = ["Design", "DesignKitError", "__version__", "load", "loads", "save"]

if TYPE_CHECKING:
    from .errors import DesignKitError
    from .io import load, loads, save
    from .model import Design

_LAZY = {
    "Design": ("designkit.model", "Design"),
    "DesignKitError": ("designkit.errors", "DesignKitError"),
    "load": ("designkit.io", "load"),
    "loads": ("designkit.io", "loads"),
    "save": ("designkit.io", "save"),
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        import importlib

        module, attr = _LAZY[name]
        value = getattr(importlib.import_module(module), attr)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'designkit' has no attribute {name!r}")
