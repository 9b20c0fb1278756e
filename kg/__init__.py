"""policy-kg: turn Chinese government work documents into a knowledge graph of obligations.

The public API is re-exported here; everything else is an implementation detail.
"""

from __future__ import annotations

__version__ = "0.1.0"

from kg.errors import InputError, KgError, NotAPolicyDocument, ValidationFailed
from kg.parse import parse_file, parse_text
from kg.read import read_file

__all__ = [
    "InputError",
    "KgError",
    "NotAPolicyDocument",
    "ValidationFailed",
    "__version__",
    "parse_file",
    "parse_text",
    "read_file",
]
