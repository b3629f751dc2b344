"""NAMESPACE (RFC 2342): where personal, other users' and shared mailboxes live."""

from __future__ import annotations

from .._proto import CommandOutcome, UntaggedData, Value
from .._utf7 import decode_mailbox_name
from ..errors import ProtocolError
from ..mailboxes import Namespace, Namespaces
from .list import hierarchy_delimiter

__all__ = ["COLLECT", "namespace_result", "parse_namespace"]

COLLECT = frozenset({"NAMESPACE"})
"""The untagged responses NAMESPACE collects."""


def parse_namespace(response: UntaggedData) -> Namespaces:
    """``* NAMESPACE personal other shared`` as :class:`Namespaces`.

    Each group is NIL or a list of ``(prefix delimiter [extensions])``;
    namespace extensions (RFC 2342 ``Namespace_Response_Extension``) are ignored.

    Raises:
        ProtocolError: The response is malformed.
    """
    if len(response.values) != 3:
        raise ProtocolError(f"malformed NAMESPACE response: {response.values!r}")
    personal, other, shared = (_group(group) for group in response.values)
    return Namespaces(personal=personal, other=other, shared=shared)


def namespace_result(outcome: CommandOutcome) -> Namespaces:
    """The namespaces NAMESPACE reported.

    Raises:
        ProtocolError: The server sent no (or a malformed) NAMESPACE response.
    """
    for response in outcome.untagged:
        if isinstance(response, UntaggedData) and response.keyword == "NAMESPACE":
            return parse_namespace(response)
    raise ProtocolError("server answered NAMESPACE without a NAMESPACE response")


def _group(group: Value) -> tuple[Namespace, ...]:
    if group is None:
        return ()
    if not isinstance(group, list):
        raise ProtocolError(f"server sent {group!r} where a namespace list should be")
    return tuple(_namespace(entry) for entry in group)


def _namespace(entry: Value) -> Namespace:
    if not isinstance(entry, list) or len(entry) < 2:
        raise ProtocolError(f"server sent {entry!r} where a namespace should be")
    prefix, delimiter = entry[0], entry[1]
    if not isinstance(prefix, (bytes, str)):
        raise ProtocolError(f"server sent {prefix!r} where a namespace prefix should be")
    return Namespace(prefix=decode_mailbox_name(prefix), delimiter=hierarchy_delimiter(delimiter))
