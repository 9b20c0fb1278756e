"""The errors policy-kg raises on purpose.

Every failure the user can cause (a missing file, an empty or binary file, a text that is not a
policy document, a graph that does not conform) is a :class:`KgError`. The CLI turns each into one
line on stderr and the exit code stated in the README; anything else is a bug.
"""

from __future__ import annotations


class KgError(Exception):
    """Base class of every error policy-kg raises on purpose."""

    exit_code = 2

    def __init__(self, message: str, *, path: object | None = None) -> None:
        self.path = path
        super().__init__(message)

    def __str__(self) -> str:
        message = super().__str__()
        return f"{self.path}: {message}" if self.path is not None else message


class InputError(KgError):
    """The input cannot be read: missing, empty, binary, or in a format we do not read."""


class NotAPolicyDocument(KgError):
    """The text was read but holds no recognisable policy document."""


class ValidationFailed(KgError):
    """The built graph does not conform to the SHACL shapes."""

    exit_code = 1
