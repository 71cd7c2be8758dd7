"""The exceptions designkit raises.

Every error a user can cause derives from :class:`DesignKitError`, so callers
(the CLI, notebooks) can catch one type and print a clean message instead of a
traceback. Messages name the file, the field path and the reason.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

__all__ = [
    "DesignFileError",
    "DesignKitError",
    "DesignValidationError",
    "Problem",
    "SaveConflictError",
    "SaveError",
    "SchemaVersionError",
]


class DesignKitError(Exception):
    """Base class of every error designkit raises for bad input or state."""


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a design: where (a field path) and why.

    Examples
    --------
    >>> str(Problem("services[3].dependencies[0].target", "'paymnt' is not a service"))
    "services[3].dependencies[0].target: 'paymnt' is not a service"
    >>> str(Problem("services[0].name", "is required", line=12))
    'line 12: services[0].name: is required'
    """

    path: str
    message: str
    line: int | None = None

    def __str__(self) -> str:
        where = f"{self.path}: " if self.path else ""
        prefix = f"line {self.line}: " if self.line else ""
        return f"{prefix}{where}{self.message}"


class DesignFileError(DesignKitError):
    """A design file cannot be read or parsed (missing, too large, not YAML, unsafe)."""

    def __init__(self, source: str, reason: str, line: int | None = None) -> None:
        self.source = source
        self.reason = reason
        self.line = line
        where = f"{source}:{line}" if line else source
        super().__init__(f"{where}: {reason}")


class DesignValidationError(DesignKitError):
    """A design parsed but breaks the model's rules; holds every problem found."""

    def __init__(self, source: str, problems: Sequence[Problem]) -> None:
        self.source = source
        self.problems = list(problems)
        lines = [self._format(p) for p in self.problems]
        super().__init__("\n".join(lines))

    def _format(self, problem: Problem) -> str:
        where = f"{self.source}:{problem.line}" if problem.line else self.source
        path = f" {problem.path}:" if problem.path else ""
        return f"{where}:{path} {problem.message}"


class SchemaVersionError(DesignFileError):
    """The file's ``schema_version`` is unknown (newer than this designkit, or invalid)."""


class SaveError(DesignKitError):
    """A design could not be saved; the file on disk is unchanged."""


class SaveConflictError(SaveError):
    """The file changed on disk since it was loaded, or another writer holds its lock."""
