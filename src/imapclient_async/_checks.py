"""Type checks of public arguments: a wrong type is a TypeError naming the parameter.

Python would accept ``uid="yes"`` as true and ``Client(127)`` might fail far
from the call, or as a ValueError; every entry point checks its plain
arguments with these instead, before anything is sent. Only the type's name
appears in the message, never the value, which may be a password.
"""

from __future__ import annotations

__all__ = ["require_bool", "require_callback", "require_int", "require_number", "require_str"]


def require_bool(**values: object) -> None:
    """Raise TypeError unless every value is True or False (not 1, not ``"yes"``).

    Example::

        >>> require_bool(uid="yes")
        Traceback (most recent call last):
        TypeError: uid must be True or False, not str
    """
    for name, value in values.items():
        if not isinstance(value, bool):
            raise TypeError(f"{name} must be True or False, not {type(value).__name__}")


def require_int(**values: object) -> None:
    """Raise TypeError unless every value is an int (a bool is not one here)."""
    for name, value in values.items():
        if isinstance(value, bool) or not isinstance(value, int):
            raise TypeError(f"{name} must be an int, not {type(value).__name__}")


def require_number(**values: object) -> None:
    """Raise TypeError unless every value is an int or a float, such as seconds."""
    for name, value in values.items():
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise TypeError(f"{name} must be a number, not {type(value).__name__}")


def require_str(**values: object) -> None:
    """Raise TypeError unless every value is a str."""
    for name, value in values.items():
        if not isinstance(value, str):
            raise TypeError(f"{name} must be a str, not {type(value).__name__}")


def require_callback(**values: object) -> None:
    """Raise TypeError unless every value is None or callable, such as a progress callback."""
    for name, value in values.items():
        if value is not None and not callable(value):
            raise TypeError(f"{name} must be a function or None, not {type(value).__name__}")
