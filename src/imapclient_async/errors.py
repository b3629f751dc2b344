"""Every exception this library raises on purpose, in one hierarchy.

.. code-block:: text

    IMAPError                                   base of everything below
    ├── CommandError                            the server answered NO
    │   └── AuthenticationError                 ... to LOGIN or AUTHENTICATE
    ├── ProtocolError                           the conversation broke IMAP's rules
    │   ├── BadCommandError                     ... the server answered BAD; connection usable
    │   └── MalformedResponseError              ... server data cannot be read; connection closed
    ├── StateError                              command not valid now; nothing sent
    │   └── CapabilityError                     ... because the server lacks an extension
    ├── SecurityError                           TLS could not be had as asked
    ├── ConnectionLostError(ConnectionError)    the connection is gone
    │   └── AppendOutcomeUnknownError           ... after APPEND was sent, before its reply
    └── IMAPTimeoutError(TimeoutError)          a deadline passed

Mistakes in the caller's own arguments (a mailbox name containing NUL, a
port that is not a number) raise the built-in :class:`ValueError` or
:class:`TypeError` before anything is sent; they are not server errors.

Exception texts never contain passwords, tokens or other command arguments:
they name the command and quote the server's reply.

Example::

    try:
        await imap.select("Archive/2019")
    except CommandError as exc:
        print(exc.command, exc.code, exc.text)   # SELECT NONEXISTENT Mailbox doesn't exist
"""

from __future__ import annotations

__all__ = [
    "AppendOutcomeUnknownError",
    "AuthenticationError",
    "BadCommandError",
    "CapabilityError",
    "CommandError",
    "ConnectionLostError",
    "IMAPError",
    "IMAPTimeoutError",
    "MalformedResponseError",
    "ProtocolError",
    "SecurityError",
    "StateError",
]


class IMAPError(Exception):
    """Base class of every exception raised by imapclient_async on purpose.

    Catch this to handle any IMAP failure; catch a subclass to handle one kind.

    Example::

        try:
            await imap.login("alice", "wrong")
        except IMAPError as exc:
            print(f"IMAP failed: {exc}")
    """


class CommandError(IMAPError):
    """The server answered a command with ``NO``: it understood and refused.

    The connection stays usable after this error.

    Attributes:
        command: The command's name, e.g. ``"SELECT"``; never its arguments.
        code: The response code's name from the reply's ``[...]`` part, upper
            case, e.g. ``"NONEXISTENT"``, ``"AUTHENTICATIONFAILED"``,
            ``"OVERQUOTA"`` (RFC 5530). None when the server sent no code;
            Dovecot 2.3, for one, answers SELECT of a missing mailbox with a
            bare ``NO``.
        text: The human-readable text of the server's reply.

    Example::

        try:
            await imap.select("Nope")
        except CommandError as exc:
            assert exc.command == "SELECT"
    """

    def __init__(self, command: str, code: str | None, text: str) -> None:
        self.command = command
        self.code = code
        self.text = text
        label = f"{command} failed"
        if code:
            label += f" [{code}]"
        super().__init__(f"{label}: {text}" if text else label)


class AuthenticationError(CommandError):
    """The server refused the credentials given to LOGIN or AUTHENTICATE.

    ``code`` is typically ``"AUTHENTICATIONFAILED"``, ``"AUTHORIZATIONFAILED"``,
    ``"EXPIRED"`` or ``"UNAVAILABLE"`` (RFC 5530), or None when the server sent
    none. The text never contains the password.

    Example::

        try:
            await imap.login("alice", "wrong")
        except AuthenticationError as exc:
            print(exc.code)   # AUTHENTICATIONFAILED
    """


class ProtocolError(IMAPError):
    """The IMAP conversation broke its rules.

    Catch a subclass to tell retry from reconnect:

    - :class:`BadCommandError`: the server answered ``BAD``; the connection
      is fine, so fix the command or try something else.
    - :class:`MalformedResponseError`: the server sent data that cannot be
      read; the connection is closed, so reconnect.

    Raised as itself when a reply was read but does not answer the command as
    asked (no STATUS for the mailbox asked about, an OK to a command whose
    literal was never taken, a COPY without COPYUID where one is needed); the
    connection stays usable then.

    Attributes:
        command: The command concerned, or None for malformed data.
        code: The response code of a BAD reply, or None.
        text: The server's text for a BAD reply, or a description of what was
            wrong.

    Example::

        try:
            await imap.search("UNSEEN FROM alice")
        except BadCommandError as exc:
            print("the server did not understand:", exc.text)
        except MalformedResponseError:
            ...  # reconnect: the connection is gone
    """

    def __init__(self, text: str, *, command: str | None = None, code: str | None = None) -> None:
        self.command = command
        self.code = code
        self.text = text
        if command is None:
            message = text
        else:
            message = f"{command} rejected as BAD" + (f" [{code}]" if code else "") + f": {text}"
        super().__init__(message)


class BadCommandError(ProtocolError):
    """The server answered ``BAD``: it did not understand or accept the command.

    The connection stays usable. ``command``, ``code`` and ``text`` are set.

    Example::

        try:
            await imap.search("NOT-A-KEY 5")
        except BadCommandError as exc:
            print(exc.command, exc.text)   # UID SEARCH Error in IMAP command ...
    """


class MalformedResponseError(ProtocolError):
    """The server sent data that cannot be read: malformed, out of step, or over a limit.

    Nothing after such data can be trusted, so the connection is closed and
    every waiting call fails with this error; later calls raise
    :class:`ConnectionLostError`. ``command`` is None; ``text`` says what
    was wrong, quoting the start of the data.

    Example::

        try:
            await imap.noop()
        except MalformedResponseError:
            imap = Client("imap.example.org")   # start over
    """


class StateError(IMAPError):
    """The command is not valid in the client's current state.

    Raised before anything is sent: for example ``select()`` before
    ``login()``, ``login()`` twice, or any command after ``logout()`` or before
    ``connect()``. The connection is unchanged.
    """


class CapabilityError(StateError):
    """The command needs an extension the server does not offer; nothing was sent.

    Catch it to fall back to another way, e.g. plain SEARCH when SORT is
    missing.

    Attributes:
        capability: The capability the server lacks, e.g. ``"SORT"``.

    Example::

        try:
            ids = await imap.sort(["REVERSE", "DATE"], Query.all())
        except CapabilityError:
            ids = (await imap.search(Query.all())).to_tuple()
    """

    def __init__(self, capability: str, purpose: str) -> None:
        self.capability = capability
        super().__init__(f"{purpose} needs the {capability} extension, which the server lacks")


class SecurityError(IMAPError):
    """A secure connection could not be had as asked; the client fails closed.

    Raised when the TLS handshake or certificate check fails, when
    ``security="starttls"`` meets a server that does not offer or refuses
    STARTTLS or greets with PREAUTH (which would skip it), and when the server
    says LOGINDISABLED. The connection is closed, and no credentials were sent.
    """


class ConnectionLostError(IMAPError, ConnectionError):
    """The connection closed, dropped or was never open.

    Every command waiting for a reply raises this when the connection goes away,
    including after the server's ``BYE`` (its text is in the message). Also a
    :class:`ConnectionError`, so code that already handles network errors
    catches it.

    When it was an APPEND that was waiting, the error says whether the
    message was stored: this plain class means it was not (the command was not
    wholly sent, and a server acts on complete commands only), while
    :class:`AppendOutcomeUnknownError` means it may have been.
    """


class AppendOutcomeUnknownError(ConnectionLostError):
    """The connection ended after an APPEND was wholly sent, before the server answered.

    The server may or may not have stored the message: nobody can tell from
    this side. Whatever ended the connection (a drop, the server's ``BYE``,
    a timeout, malformed data) is the ``__cause__``. A
    :class:`ConnectionLostError` like every other, so existing handlers still
    catch it; an APPEND that fails with a plain :class:`ConnectionLostError`
    (or :class:`IMAPTimeoutError`) certainly stored nothing.

    To retry without risking a second copy, reconnect, select the mailbox and
    repeat the call with ``dedup=True``: it looks for the message's
    Message-ID first and appends only if it is missing.

    Example::

        try:
            await imap.append("Sent", message_bytes)
        except AppendOutcomeUnknownError:
            async with Client("imap.example.org") as again:
                await again.login("user", "password")
                await again.select("Sent")
                await again.append("Sent", message_bytes, dedup=True)
    """


class IMAPTimeoutError(IMAPError, TimeoutError):
    """A deadline passed: connecting, the greeting, the TLS handshake, or the server
    stayed silent for the whole ``timeout`` while a command waited for its reply.

    Also a :class:`TimeoutError`. If the timed-out command had already been
    sent, its reply could still arrive and be mistaken for another's, so the
    connection is closed; a command that timed out while waiting for its turn
    was never sent and leaves the connection usable.
    """
