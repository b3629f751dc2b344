"""The session's rules, driven from commands and byte strings alone: no sockets, no loop."""

from __future__ import annotations

import pytest

from imapclient_async import ConnectionLostError, ProtocolError, SecurityError, StateError
from imapclient_async._proto import (
    AString,
    ClientProtocol,
    ClientState,
    Closed,
    Command,
    Completed,
    ContinuationRequested,
    Event,
    Greeted,
    Literal,
    Stage,
    Streamed,
    Untagged,
    UntaggedData,
)

GREETING = b"* OK [CAPABILITY IMAP4rev1] ready\r\n"


def greeted(state: ClientState = ClientState.NOT_AUTHENTICATED) -> ClientProtocol:
    """A protocol past the greeting, moved to ``state`` through real replies."""
    protocol = ClientProtocol()
    assert isinstance(protocol.receive_data(GREETING)[0], Greeted)
    if state in (ClientState.AUTHENTICATED, ClientState.SELECTED):
        finish(protocol, send(protocol, "LOGIN"), b"OK in")
    if state is ClientState.SELECTED:
        finish(protocol, send(protocol, "SELECT"), b"OK [READ-WRITE] in")
    assert protocol.state is state
    return protocol


def send(protocol: ClientProtocol, name: str, **options: object) -> Command:
    """Submit ``name`` and send it whole, as the pump would once it is admitted."""
    command = protocol.submit(name, **options)  # type: ignore[arg-type]
    assert command in protocol.admit() or command.stage is Stage.ADMITTED
    protocol.begin(command)
    protocol.sent(command)
    return command


def finish(protocol: ClientProtocol, command: Command, reply: bytes) -> list[Event]:
    events = protocol.receive_data(command.tag.encode() + b" " + reply + b"\r\n")
    assert isinstance(events[-1], Completed) and events[-1].command is command
    return events


# -- the state table ------------------------------------------------------------------

N, A, S = ClientState.NOT_AUTHENTICATED, ClientState.AUTHENTICATED, ClientState.SELECTED

# command -> the states it may be sent in
ALLOWED = {
    "CAPABILITY": {N, A, S},
    "NOOP": {N, A, S},
    "LOGOUT": {N, A, S},
    "STARTTLS": {N},
    "LOGIN": {N},
    "AUTHENTICATE": {N},
    "SELECT": {A, S},
    "EXAMINE": {A, S},
    "ENABLE": {A},
    "LIST": {A, S},
    "STATUS": {A, S},
    "APPEND": {A, S},
    "IDLE": {S},  # RFC 2177 allows it without a mailbox; idle() watches the selected one
    "CLOSE": {S},
    "UNSELECT": {S},
    "EXPUNGE": {S},
    "FETCH": {S},
    "UID FETCH": {S},
    "UID EXPUNGE": {S},
    "SEARCH": {S},
}


@pytest.mark.parametrize("state", [N, A, S])
@pytest.mark.parametrize(("name", "allowed"), ALLOWED.items())
def test_which_commands_each_state_allows(
    name: str, allowed: set[ClientState], state: ClientState
) -> None:
    protocol = greeted(state)
    if state in allowed:
        protocol.check_allowed(name)
    else:
        with pytest.raises(StateError):
            protocol.submit(name)


@pytest.mark.parametrize(
    ("state", "name", "message"),
    [
        (N, "SELECT", "not logged in"),
        (A, "LOGIN", "already authenticated"),
        (A, "FETCH", "no mailbox selected"),
        (S, "ENABLE", "before SELECT"),
    ],
)
def test_state_errors_say_what_to_do(state: ClientState, name: str, message: str) -> None:
    with pytest.raises(StateError, match=message):
        greeted(state).submit(name)


# (state before, command, reply) -> state after
TRANSITIONS = [
    (N, "LOGIN", b"OK in", A),
    (N, "LOGIN", b"NO [AUTHENTICATIONFAILED] no", N),
    (N, "AUTHENTICATE", b"OK in", A),
    (A, "SELECT", b"OK [READ-WRITE] done", S),
    (S, "SELECT", b"NO no such mailbox", A),  # RFC 3501 6.3.1: a failed SELECT deselects
    (S, "EXAMINE", b"OK [READ-ONLY] done", S),
    (S, "CLOSE", b"OK done", A),
    (S, "UNSELECT", b"OK done", A),
    (S, "UNSELECT", b"BAD unknown", S),
    (S, "NOOP", b"OK done", S),
    (A, "LOGOUT", b"OK bye", ClientState.LOGOUT),
]


@pytest.mark.parametrize(("before", "name", "reply", "after"), TRANSITIONS)
def test_state_transitions(
    before: ClientState, name: str, reply: bytes, after: ClientState
) -> None:
    protocol = greeted(before)
    command = send(protocol, name)
    finish(protocol, command, reply)
    assert protocol.state is after


def test_select_deselects_as_soon_as_it_is_sent() -> None:
    protocol = greeted(S)
    send(protocol, "SELECT")
    assert protocol.state is A
    with pytest.raises(StateError):
        protocol.submit("FETCH")


def test_preauth_greeting_is_authenticated() -> None:
    protocol = ClientProtocol()
    [event] = protocol.receive_data(b"* PREAUTH [CAPABILITY IMAP4rev1] Logged in as alice\r\n")
    assert isinstance(event, Greeted) and protocol.state is A


# -- admission ------------------------------------------------------------------------

FETCH = frozenset({"FETCH"})
SEARCH = frozenset({"SEARCH", "ESEARCH"})

# Each case: commands submitted in order as (name, collect, exclusive), and the
# indexes admitted at once; the rest wait for their turn, in order.
ADMISSION = [
    ([("NOOP", frozenset(), False), ("NOOP", frozenset(), False)], [0, 1]),
    ([("UID FETCH", FETCH, False), ("UID SEARCH", SEARCH, False)], [0, 1]),
    ([("UID FETCH", FETCH, False), ("UID FETCH", FETCH, False)], [0]),  # same data
    ([("NOOP", frozenset(), False), ("SELECT", frozenset(), True)], [0]),
    ([("SELECT", frozenset(), True), ("NOOP", frozenset(), False)], [0]),
    # Strictly in order: a later compatible command never overtakes.
    (
        [
            ("UID FETCH", FETCH, False),
            ("UID FETCH", FETCH, False),
            ("UID SEARCH", SEARCH, False),
        ],
        [0],
    ),
]


@pytest.mark.parametrize(("commands", "admitted"), ADMISSION)
def test_admission(commands: list[tuple[str, frozenset[str], bool]], admitted: list[int]) -> None:
    protocol = greeted(S)
    submitted = [
        protocol.submit(name, collect=collect, exclusive=exclusive)
        for name, collect, exclusive in commands
    ]
    assert protocol.admit() == [submitted[index] for index in admitted]
    # Once the first is answered, the next in line goes.
    first = submitted[0]
    protocol.begin(first)
    protocol.sent(first)
    finish(protocol, first, b"OK done")
    waiting = [command for command in submitted if command.stage is Stage.QUEUED]
    newly = protocol.admit()
    if waiting:
        assert newly[0] is waiting[0]


def test_a_dropped_queued_command_is_skipped() -> None:
    protocol = greeted(S)
    first = send(protocol, "SELECT", exclusive=True)
    second = protocol.submit("NOOP")
    third = protocol.submit("NOOP")
    assert protocol.admit() == []
    protocol.drop(second)
    finish(protocol, first, b"OK done")
    assert protocol.admit() == [third]


# -- routing ------------------------------------------------------------------------------


def test_untagged_data_goes_to_the_sent_command_that_collects_it() -> None:
    protocol = greeted(S)
    fetch = send(protocol, "UID FETCH", collect=FETCH)
    waiting = protocol.submit("UID SEARCH", collect=SEARCH)
    assert protocol.admit() == [waiting]  # admitted, not yet sent: collects nothing
    events = protocol.receive_data(
        b"* 1 FETCH (UID 5)\r\n* SEARCH 1\r\n* 3 EXISTS\r\n" + fetch.tag.encode() + b" OK done\r\n"
    )
    assert [type(event) for event in events] == [Untagged, Untagged, Untagged, Completed]
    solicited = [event.solicited for event in events if isinstance(event, Untagged)]
    assert solicited == [True, False, False]
    assert [response.keyword for response in fetch.untagged] == ["FETCH"]  # type: ignore[union-attr]
    assert waiting.untagged == []


def test_streamed_responses_are_handed_on_not_kept() -> None:
    protocol = greeted(S)
    fetch = send(protocol, "UID FETCH", collect=FETCH, streamed=True)
    events = protocol.receive_data(b"* 1 FETCH (UID 5)\r\n* 2 FETCH (UID 6)\r\n* 3 EXISTS\r\n")
    streamed, exists = events
    assert isinstance(streamed, Streamed) and streamed.command is fetch
    assert [response.number for response in streamed.responses] == [1, 2]  # type: ignore[union-attr]
    assert isinstance(exists, Untagged) and not exists.solicited
    assert fetch.untagged == []


def test_continuations_go_to_the_command_waiting_for_one() -> None:
    protocol = greeted(S)
    idle = protocol.submit("IDLE", exclusive=True)
    protocol.admit()
    protocol.begin(idle)
    protocol.expect_continuation(idle)
    [event] = protocol.receive_data(b"+ idling\r\n")
    assert isinstance(event, ContinuationRequested) and event.command is idle
    [closed] = protocol.receive_data(b"+ again\r\n")  # nobody waits now
    assert isinstance(closed, Closed) and isinstance(closed.error, ProtocolError)
    assert "nobody asked for" in str(closed.error)


def test_literal_chunks_go_out_one_continuation_at_a_time() -> None:
    protocol = greeted(N)
    login = protocol.submit("LOGIN", [AString("bob"), Literal(b"p\xc3\xa4ss", sensitive=True)])
    protocol.admit()
    assert b"".join(protocol.begin(login)) == b"A1 LOGIN bob {5}\r\n"
    assert b"".join(protocol.next_chunk(login) or []) == b"p\xc3\xa4ss\r\n"
    assert protocol.next_chunk(login) is None


def test_a_command_answered_before_its_literal_is_not_whole() -> None:
    protocol = greeted(S)
    search = protocol.submit("UID SEARCH", [AString("Grüße")], collect=SEARCH)
    protocol.admit()
    protocol.begin(search)
    protocol.expect_continuation(search)
    events = protocol.receive_data(search.tag.encode() + b" OK done\r\n")
    assert isinstance(events[0], Completed) and not search.whole


# -- what ends the session ------------------------------------------------------------------


@pytest.mark.parametrize("same_read", [True, False])
def test_a_duplicated_tagged_reply_ends_the_session(same_read: bool) -> None:
    protocol = greeted(S)
    noop = send(protocol, "NOOP")
    other = send(protocol, "NOOP")
    reply = noop.tag.encode() + b" OK done\r\n"
    events = protocol.receive_data(reply + reply) if same_read else []
    if not same_read:
        protocol.receive_data(reply)
        events = protocol.receive_data(reply)
    closed = events[-1]
    assert isinstance(closed, Closed) and isinstance(closed.error, ProtocolError)
    assert "not pending" in str(closed.error)
    assert other.stage is Stage.DONE and protocol.state is ClientState.LOGOUT


def test_bye_outside_logout_ends_the_session_with_its_text() -> None:
    protocol = greeted(S)
    send(protocol, "NOOP")
    events = protocol.receive_data(b"* BYE Server shutting down for maintenance\r\n")
    assert isinstance(events[0], Untagged)  # the event handlers still hear it
    closed = events[-1]
    assert isinstance(closed, Closed) and isinstance(closed.error, ConnectionLostError)
    assert "shutting down for maintenance" in str(closed.error)


def test_bye_answering_logout_is_the_farewell() -> None:
    protocol = greeted(A)
    logout = send(protocol, "LOGOUT", collect=frozenset({"BYE"}))
    events = protocol.receive_data(b"* BYE bye\r\n" + logout.tag.encode() + b" OK done\r\n")
    assert [type(event) for event in events] == [Untagged, Completed]
    assert protocol.bye_text == "bye" and protocol.error is None


@pytest.mark.parametrize(
    ("data", "error", "message"),
    [
        (b"A1 OK hello\r\n", ProtocolError, "greeting"),
        (b"* BYE too busy\r\n", ConnectionLostError, "too busy"),
        (b"* 3 EXISTS\r\n", ProtocolError, "greeting"),
    ],
)
def test_greeting_rules(data: bytes, error: type[Exception], message: str) -> None:
    [closed] = ClientProtocol().receive_data(data)
    assert isinstance(closed, Closed) and isinstance(closed.error, error)
    assert message in str(closed.error)


def test_starttls_ok_stops_reading_and_bytes_after_it_are_injection() -> None:
    clean = greeted(N)
    starttls = send(clean, "STARTTLS", exclusive=True)
    [completed] = clean.receive_data(starttls.tag.encode() + b" OK begin TLS\r\n")
    assert isinstance(completed, Completed) and completed.pause_reading

    attacked = greeted(N)
    starttls = send(attacked, "STARTTLS", exclusive=True)
    events = attacked.receive_data(
        starttls.tag.encode() + b" OK begin TLS\r\n* OK [CAPABILITY IMAP4rev1 AUTH=PLAIN] x\r\n"
    )
    closed = events[-1]
    assert isinstance(closed, Closed) and isinstance(closed.error, SecurityError)


def test_abandoning_a_sent_command_discards_its_reply() -> None:
    protocol = greeted(S)
    search = send(protocol, "UID SEARCH", collect=SEARCH)
    assert protocol.abandon(search) is None
    events = protocol.receive_data(b"* SEARCH 1 2\r\n" + search.tag.encode() + b" OK done\r\n")
    assert search.untagged == []  # nobody will read them
    assert isinstance(events[-1], Completed) and events[-1].command.abandoned
    assert protocol.error is None


@pytest.mark.parametrize("exclusive", [True, False])
def test_abandoning_mid_way_or_an_exclusive_command_must_close(exclusive: bool) -> None:
    protocol = greeted(S)
    command = protocol.submit("APPEND", [Literal(b"x" * 10)], exclusive=exclusive)
    protocol.admit()
    protocol.begin(command)  # the literal is still to come
    assert isinstance(protocol.abandon(command), ConnectionLostError)


def test_connection_lost_fails_everything_pending() -> None:
    protocol = greeted(S)
    sent = send(protocol, "NOOP")
    queued = protocol.submit("SELECT", exclusive=True)
    [closed] = protocol.connection_lost("reset by peer")
    assert isinstance(closed, Closed) and "reset by peer" in str(closed.error)
    assert sent.stage is queued.stage is Stage.DONE
    assert protocol.receive_data(b"* 1 EXISTS\r\n") == []


def test_malformed_data_ends_the_session_after_what_came_before() -> None:
    protocol = greeted(S)
    noop = send(protocol, "NOOP")
    events = protocol.receive_data(
        b"* 4 EXISTS\r\n" + noop.tag.encode() + b" OK done\r\n* X (unclosed\r\n"
    )
    assert [type(event) for event in events] == [Untagged, Completed, Closed]
    first = events[0]
    assert isinstance(first, Untagged) and first.response == UntaggedData("EXISTS", 4, ())
