"""Limits on the design files designkit reads."""

from __future__ import annotations

__all__ = ["DEFAULT_MAX_BYTES"]

DEFAULT_MAX_BYTES = 10 * 1024 * 1024
"""Largest design file read by default (10 MiB); designs are far smaller."""
