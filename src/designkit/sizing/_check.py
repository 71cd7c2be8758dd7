"""Argument checks shared by the sizing modules.

Every check raises ``ValueError("<name> must be <rule>; got <value>")`` so a
message names the argument, the rule and the value (as slo.py always has).
Non-finite numbers (nan, inf) are refused before the rule is tested, because
``nan`` passes no comparison and would otherwise slip through a ``<`` test.
"""

from __future__ import annotations

import math
import numbers
from fractions import Fraction

__all__ = [
    "at_least",
    "at_most_one",
    "exact",
    "fraction",
    "integer",
    "non_negative",
    "positive",
    "probability",
]


def _fail(name: str, rule: str, value: object) -> ValueError:
    return ValueError(f"{name} must be {rule}; got {value!r}")


def _finite(name: str, value: float) -> float:
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise _fail(name, "a number", value)
    if not math.isfinite(value):
        raise _fail(name, "a finite number", value)
    return value


def positive(name: str, value: float) -> float:
    """Return ``value`` if it is finite and positive (greater than 0)."""
    if not _finite(name, value) > 0:
        raise _fail(name, "positive", value)
    return value


def non_negative(name: str, value: float) -> float:
    """Return ``value`` if it is finite and zero or more."""
    if not _finite(name, value) >= 0:
        raise _fail(name, "zero or more", value)
    return value


def at_least(name: str, value: float, minimum: float) -> float:
    """Return ``value`` if it is finite and at least ``minimum``."""
    if not _finite(name, value) >= minimum:
        raise _fail(name, f"at least {minimum}", value)
    return value


def probability(name: str, value: float) -> float:
    """Return ``value`` if it lies in [0, 1]."""
    if not 0 <= _finite(name, value) <= 1:
        raise _fail(name, "between 0 and 1 inclusive (a fraction such as 0.999)", value)
    return value


def fraction(name: str, value: float) -> float:
    """Return ``value`` if it lies strictly between 0 and 1."""
    if not 0 < _finite(name, value) < 1:
        raise _fail(name, "strictly between 0 and 1 (a fraction such as 0.99)", value)
    return value


def at_most_one(name: str, value: float) -> float:
    """Return ``value`` if it lies in (0, 1]."""
    if not 0 < _finite(name, value) <= 1:
        raise _fail(name, "greater than 0 and at most 1", value)
    return value


def integer(name: str, value: int, minimum: int) -> int:
    """Return ``value`` as an int if it is an integer of at least ``minimum``."""
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise _fail(name, f"an integer of at least {minimum}", value)
    if value < minimum:
        raise _fail(name, f"an integer of at least {minimum}", value)
    return int(value)


def exact(value: float) -> Fraction:
    """The decimal value a caller wrote, as an exact fraction.

    ``Fraction(str(0.1))`` is 1/10, whereas binary floating point holds
    0.1000000000000000055...; ceilings of ratios (partitions, replicas) are taken
    on the written values so that ``1.1 / 0.1`` is 11, not 12.
    """
    if isinstance(value, numbers.Rational):
        return Fraction(value.numerator, value.denominator)
    return Fraction(repr(float(value)))
