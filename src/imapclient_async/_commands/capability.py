"""CAPABILITY: what the server supports, from the command or a response code."""

from __future__ import annotations

from .._proto import CommandOutcome, LiteralMode, ResponseCode, UntaggedData, Value

__all__ = [
    "COLLECT",
    "capabilities_from_code",
    "capabilities_from_outcome",
    "capability_set",
    "literal_mode_for",
]

COLLECT = frozenset({"CAPABILITY"})
"""The untagged responses CAPABILITY (and LOGIN, which may send it) collects."""


def capability_set(values: tuple[Value, ...]) -> frozenset[str]:
    """Capability names, upper-cased so lookups need not guess the server's case."""
    return frozenset(value.upper() for value in values if isinstance(value, str))


def capabilities_from_code(code: ResponseCode | None) -> frozenset[str] | None:
    """The capabilities in a ``[CAPABILITY ...]`` code, or None for any other code."""
    if code is None or code.name != "CAPABILITY":
        return None
    return capability_set(code.args)


def capabilities_from_outcome(outcome: CommandOutcome) -> frozenset[str] | None:
    """Capabilities a command's reply announced, by code or untagged data; None if none."""
    announced = capabilities_from_code(outcome.tagged.code)
    for response in outcome.untagged:
        if isinstance(response, UntaggedData) and response.keyword == "CAPABILITY":
            announced = capability_set(response.values)
    return announced


def literal_mode_for(capabilities: frozenset[str]) -> LiteralMode:
    """Which literals may skip waiting for ``+`` (RFC 7888)."""
    if "LITERAL+" in capabilities:
        return LiteralMode.LITERAL_PLUS
    if "LITERAL-" in capabilities:
        return LiteralMode.LITERAL_MINUS
    return LiteralMode.SYNCHRONIZING
