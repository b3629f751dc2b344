"""SEARCH, SORT and THREAD against a real Dovecot.

The corpus mailbox holds five messages with distinct senders, subjects,
bodies, flags, sent dates (Date header, in 2025) and arrival dates
(INTERNALDATE, in 2026). A first message is expunged before the others are
indexed, so UIDs (2..6) differ from sequence numbers (1..5), and a first
session has already seen message 1, so only messages 2..5 are \\Recent.
"""

from __future__ import annotations

import asyncio
import datetime
import email.header
import grp
import logging
import os
import pwd
from collections.abc import Iterator
from dataclasses import dataclass

import pytest

from dovecot import MAIL_GROUP, MAIL_USER, DovecotServer, ensure_installed
from helpers import message
from imap4d import Imap4dServer
from imapclient_async import CapabilityError, Client, StateError
from imapclient_async.messageset import MessageSet
from imapclient_async.search import Query, SearchResult, ThreadNode
from imapserver import IMAPServer, RawSession, append_messages

UTC = datetime.timezone.utc


@dataclass(frozen=True)
class Mail:
    sender: str
    subject: str
    body: str
    sent: datetime.date
    arrived: datetime.date
    flags: str = ""  # Maildir info letters: D draft, F flagged, R answered, S seen, T deleted
    headers: tuple[tuple[str, str], ...] = ()


CORPUS = (
    Mail(
        "Alice Martin <alice@example.org>",
        "Quarterly report",
        "The numbers are in.\r\n",
        sent=datetime.date(2025, 4, 20),
        arrived=datetime.date(2026, 1, 5),
        flags="S",
    ),
    Mail(
        "Bob Okafor <bob@example.net>",
        "Lunch on Friday?",
        "Pizza or sushi?\r\n",
        sent=datetime.date(2025, 1, 5),
        arrived=datetime.date(2026, 2, 10),
        flags="F",
        headers=(("To", "Alice <alice@example.org>"), ("Cc", "carol@example.com")),
    ),
    Mail(
        "Carol <carol@example.com>",
        'Re: "quoted" \\back\\slash',
        "A kiwi in the body.\r\n",
        sent=datetime.date(2025, 3, 15),
        arrived=datetime.date(2026, 3, 15),
        flags="RS",
        headers=(("X-Project", "apollo"),),
    ),
    Mail(
        "Dmitri <dmitri@example.org>",
        "Grüße aus Zürich",
        "Schöne Grüße!\r\n",
        sent=datetime.date(2025, 5, 25),
        arrived=datetime.date(2026, 4, 20),
        flags="D",
    ),
    Mail(
        "Alice Martin <alice@example.org>",
        "Invoice 2026-0117",
        "Line of the invoice.\r\n" * 500,
        sent=datetime.date(2025, 2, 10),
        arrived=datetime.date(2026, 5, 25),
        flags="Ta",  # "a" is keyword 0 of dovecot-keywords: Work
        headers=(("Bcc", "archive@example.org"),),
    ),
)
UIDS = (2, 3, 4, 5, 6)  # of CORPUS[0..4]; sequence numbers are 1..5


def rfc5322(
    subject: str,
    body: str = "Hello.\r\n",
    *,
    sender: str = "Alice Martin <alice@example.org>",
    sent: datetime.date = datetime.date(2025, 1, 1),
    headers: tuple[tuple[str, str], ...] = (),
) -> bytes:
    if not subject.isascii():
        subject = email.header.Header(subject, "utf-8").encode()
    fields = {"To": "Bob <bob@example.org>", **dict(headers)}
    lines = [f"From: {sender}", f"Subject: {subject}", f"Date: {sent:%d %b %Y} 12:00:00 +0000"]
    lines += [f"{name}: {value}" for name, value in fields.items()]
    return (
        "\r\n".join(lines) + "\r\nMIME-Version: 1.0\r\n"
        "Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n"
        "\r\n" + body
    ).encode()


def deliver(
    dovecot: DovecotServer, user: str, data: bytes, *, flags: str = "", arrived: datetime.date
) -> None:
    """Seed one message, then give it Maildir flags and an arrival time (its mtime)."""
    cur = dovecot.maildir(user) / "cur"
    before = set(os.listdir(cur)) if cur.exists() else set()
    dovecot.seed(user, [data])
    (name,) = set(os.listdir(cur)) - before
    path = cur.joinpath(name).rename(cur / f"{name.partition(':')[0]}:2,{flags}")
    # Noon UTC is the same calendar day in any server timezone within +-11 hours.
    noon = datetime.datetime.combine(arrived, datetime.time(12), UTC).timestamp()
    os.utime(path, (noon, noon))


def build_corpus(dovecot: DovecotServer) -> tuple[str, str]:
    user, password = dovecot.new_user()
    deliver(dovecot, user, message("expunged"), arrived=datetime.date(2026, 1, 1))
    first, *rest = CORPUS
    deliver(dovecot, user, mail_bytes(first), flags=first.flags, arrived=first.arrived)
    keywords = dovecot.maildir(user) / "dovecot-keywords"
    keywords.write_text("0 Work\n")
    os.chown(keywords, pwd.getpwnam(MAIL_USER).pw_uid, grp.getgrnam(MAIL_GROUP).gr_gid)

    async def first_look() -> None:
        async with Client(dovecot.host, dovecot.port, security="plain") as imap:
            await imap.login(user, password)
            assert (await imap.select()).exists == 2

    asyncio.run(first_look())
    placeholder = next((dovecot.maildir(user) / "cur").glob("*:2,"))
    placeholder.unlink()
    for mail in rest:
        deliver(dovecot, user, mail_bytes(mail), flags=mail.flags, arrived=mail.arrived)
    return user, password


def mail_bytes(mail: Mail) -> bytes:
    return rfc5322(
        mail.subject, mail.body, sender=mail.sender, sent=mail.sent, headers=mail.headers
    )


MAILDIR_FLAGS = {"D": "\\Draft", "F": "\\Flagged", "R": "\\Answered", "S": "\\Seen"}
MAILDIR_FLAGS |= {"T": "\\Deleted", "a": "Work"}


def append_corpus(server: IMAPServer) -> tuple[str, str]:
    """CORPUS for a server seeded over IMAP: APPEND with flags and dates, and EXPUNGE.

    The same mailbox as build_corpus() makes in Maildir: a first session sees and
    expunges a placeholder, so UIDs are 2..6 and only 2..5 are \\Recent.
    """
    user, password = server.new_user()

    def append(data: bytes, mail: Mail | None, arrived: datetime.date) -> None:
        flags = [MAILDIR_FLAGS[letter] for letter in mail.flags] if mail else []
        noon = datetime.datetime.combine(arrived, datetime.time(12), UTC)
        append_messages(server.host, server.port, user, password, [data], flags=flags, date=noon)

    append(message("expunged"), None, datetime.date(2026, 1, 1))
    first, *rest = CORPUS
    append(mail_bytes(first), first, first.arrived)
    session = RawSession(server.host, server.port, user, password)
    try:
        session.run([b"SELECT INBOX", b"UID STORE 1 +FLAGS.SILENT (\\Deleted)", b"EXPUNGE"])
    finally:
        session.close()
    for mail in rest:
        append(mail_bytes(mail), mail, mail.arrived)
    return user, password


_corpora: dict[str, tuple[str, str]] = {}


@pytest.fixture
def corpus(server: IMAPServer) -> tuple[str, str]:
    """A user whose INBOX holds CORPUS, built once per server; tests only read it (EXAMINE)."""
    if server.name not in _corpora:
        _corpora[server.name] = fresh(server)
    return _corpora[server.name]


def maildir_corpus(server: Imap4dServer) -> tuple[str, str]:
    """CORPUS for imap4d, in its Maildir: it ignores APPEND's flags and dates."""
    user, password = server.new_user()
    server.seed(user, [message("expunged")])
    first, *rest = CORPUS
    server.seed(user, [mail_bytes(first)], flags=first.flags)
    session = RawSession(server.host, server.port, user, password)
    try:
        session.run([b"SELECT INBOX", b"UID STORE 1 +FLAGS.SILENT (\\Deleted)", b"EXPUNGE"])
    finally:
        session.close()
    for mail in rest:  # the keyword "a" (Work) dropped: imap4d keeps no keywords
        server.seed(user, [mail_bytes(mail)], flags=mail.flags.replace("a", ""))
    return user, password


def fresh(server: IMAPServer) -> tuple[str, str]:
    if isinstance(server, DovecotServer):
        return build_corpus(server)
    if isinstance(server, Imap4dServer):
        return maildir_corpus(server)
    return append_corpus(server)


@pytest.fixture
def fresh_corpus(server: IMAPServer) -> tuple[str, str]:
    """A user whose INBOX holds CORPUS, not yet selected by any test."""
    return fresh(server)


@pytest.fixture(scope="module")
def plain_search_dovecot() -> Iterator[DovecotServer]:
    """A Dovecot announcing neither ESEARCH nor LITERAL+ nor SORT=DISPLAY."""
    ensure_installed()
    with DovecotServer(capabilities="IMAP4rev1 SORT THREAD=REFERENCES", tls=False) as server:
        yield server


@pytest.fixture(scope="module")
def plain_corpus(plain_search_dovecot: DovecotServer) -> tuple[str, str]:
    """CORPUS on the server without ESEARCH."""
    return build_corpus(plain_search_dovecot)


def uids(*indexes: int) -> MessageSet:
    """The UIDs of CORPUS messages, 1-based like sequence numbers."""
    return MessageSet(UIDS[index - 1] for index in indexes)


async def search_all(
    dovecot: DovecotServer, login: tuple[str, str], queries: list[Query]
) -> list[SearchResult]:
    async with Client(dovecot.host, dovecot.port, security="plain") as imap:
        await imap.login(*login)
        await imap.examine("INBOX")
        return [await imap.search(query) for query in queries]


async def test_text_keys(server: IMAPServer, corpus: tuple[str, str]) -> None:
    expected = {
        Query.from_("alice"): uids(1, 5),
        Query.from_("ALICE@EXAMPLE.ORG"): uids(1, 5),
        Query.to("alice"): uids(2),
        Query.cc("carol"): uids(2),
        Query.bcc("archive"): uids(5),
        Query.subject("report"): uids(1),
        Query.body("kiwi"): uids(3),
        Query.body("Quarterly"): MessageSet(),
        Query.text("Quarterly"): uids(1),
        Query.text("kiwi"): uids(3),
        Query.header("X-Project", "apollo"): uids(3),
        Query.header("X-Project", ""): uids(3),
        Query.header("x-project", "gemini"): MessageSet(),
    }
    results = await search_all(server, corpus, list(expected))
    assert [result.ids for result in results] == list(expected.values())


async def test_date_keys(server: IMAPServer, corpus: tuple[str, str]) -> None:
    march_15 = datetime.date(2026, 3, 15)
    sent_march_15 = datetime.date(2025, 3, 15)
    expected = {
        Query.since(march_15): uids(3, 4, 5),
        Query.before(march_15): uids(1, 2),
        Query.on(march_15): uids(3),
        Query.on(sent_march_15): MessageSet(),
        Query.sent_since(sent_march_15): uids(1, 3, 4),
        Query.sent_before(sent_march_15): uids(2, 5),
        Query.sent_on(sent_march_15): uids(3),
        Query.sent_on(march_15): MessageSet(),
    }
    if server.name == "imap4d":
        # imap4d's INTERNALDATE is the Date header's: arrival is the sent date.
        expected[Query.since(march_15)] = MessageSet()
        expected[Query.before(march_15)] = uids(1, 2, 3, 4, 5)
        expected[Query.on(march_15)] = MessageSet()
        expected[Query.on(sent_march_15)] = uids(3)
    results = await search_all(server, corpus, list(expected))
    assert [result.ids for result in results] == list(expected.values())


async def test_flag_size_and_set_keys(server: IMAPServer, corpus: tuple[str, str]) -> None:
    expected = {
        Query.all(): uids(1, 2, 3, 4, 5),
        Query.seen(): uids(1, 3),
        Query.unseen(): uids(2, 4, 5),
        Query.flagged(): uids(2),
        Query.unflagged(): uids(1, 3, 4, 5),
        Query.answered(): uids(3),
        Query.unanswered(): uids(1, 2, 4, 5),
        Query.deleted(): uids(5),
        Query.undeleted(): uids(1, 2, 3, 4),
        Query.draft(): uids(4),
        Query.undraft(): uids(1, 2, 3, 5),
        Query.keyword("Work"): uids(5),
        Query.unkeyword("Work"): uids(1, 2, 3, 4),
        Query.keyword("$Unused"): MessageSet(),
        Query.larger(5000): uids(5),
        Query.smaller(5000): uids(1, 2, 3, 4),
        Query.uid("4:5"): uids(3, 4),
        Query.uid(1): MessageSet(),
        Query.messages("4:*"): uids(4, 5),
    }
    if server.name == "imap4d":
        # imap4d keeps no keywords (no \\* in PERMANENTFLAGS), so the corpus has none;
        # its UNKEYWORD search even ends the session. It swaps the two kinds of
        # message sets: the UID key's set as sequence numbers, a bare set in a UID
        # SEARCH as UIDs.
        for query in (Query.keyword("Work"), Query.unkeyword("Work"), Query.keyword("$Unused")):
            del expected[query]
        expected[Query.uid("4:5")] = uids(4, 5)
        expected[Query.uid(1)] = uids(1)
        expected[Query.messages("4:*")] = MessageSet("4:6")
    results = await search_all(server, corpus, list(expected))
    assert [result.ids for result in results] == list(expected.values())


async def test_recent_new_old(server: IMAPServer, fresh_corpus: tuple[str, str]) -> None:
    async with Client(server.host, server.port, security="plain") as imap:
        await imap.login(*fresh_corpus)
        await imap.select("INBOX")  # the first session to see 2..5 makes them \Recent
        assert (await imap.search(Query.recent())).ids == uids(2, 3, 4, 5)
        assert (await imap.search(Query.new())).ids == uids(2, 4, 5)
        assert (await imap.search(Query.old())).ids == uids(1)


async def test_and_or_not(server: IMAPServer, corpus: tuple[str, str]) -> None:
    alice, bob = Query.from_("alice"), Query.from_("bob")
    expected = {
        alice & ~Query.seen(): uids(5),
        Query.from_("carol") | Query.flagged(): uids(2, 3),
        ~(alice | bob): uids(3, 4),
        (alice & Query.seen()) | Query.draft(): uids(1, 4),
        ~(alice & Query.seen()): uids(2, 3, 4, 5),
        (alice | bob) & (Query.seen() | Query.flagged()): uids(1, 2),
        ~~Query.draft(): uids(4),
    }
    results = await search_all(server, corpus, list(expected))
    assert [result.ids for result in results] == list(expected.values())


async def test_quotes_backslashes_and_non_ascii_are_found(
    server: IMAPServer, corpus: tuple[str, str]
) -> None:
    expected = {
        Query.subject('"quoted" \\back\\slash'): uids(3),
        Query.subject("\\back"): uids(3),
        Query.subject('"QUOTED"'): uids(3),
        Query.subject("Grüße"): uids(4),
        Query.subject("zürich"): uids(4),
        Query.body("Schöne"): uids(4),
        Query.text("Grüße") & Query.draft(): uids(4),
        Query.from_("Dmitri") & ~Query.subject("Zürich"): MessageSet(),
    }
    results = await search_all(server, corpus, list(expected))
    assert [result.ids for result in results] == list(expected.values())


async def test_hostile_values_cannot_change_the_command(
    server: IMAPServer, corpus: tuple[str, str]
) -> None:
    hostile = [
        Query.subject('x" ALL "'),
        Query.subject("x) OR (ALL"),
        Query.subject("x\r\nA999 SEARCH ALL"),
        Query.subject("Lunch\r\n* SEARCH 1 2 3"),
        Query.header("Subject", "report\r\nA1 LOGOUT\r\n"),
        Query.body("\\"),
    ]
    async with Client(server.host, server.port, security="plain") as imap:
        await imap.login(*corpus)
        await imap.examine("INBOX")
        for query in hostile:
            assert (await imap.search(query)).ids == MessageSet()
        # The session is intact: the same connection still answers normally.
        assert (await imap.search(Query.all())).count == 5
        assert (await imap.examine("INBOX")).exists == 5


async def test_uid_and_sequence_numbers(server: IMAPServer, corpus: tuple[str, str]) -> None:
    async with Client(server.host, server.port, security="plain") as imap:
        await imap.login(*corpus)
        await imap.examine("INBOX")
        by_uid = await imap.search(Query.from_("alice"))
        assert by_uid == SearchResult(uids(1, 5), uid=True, min=2, max=6, count=2)
        by_number = await imap.search(Query.from_("alice"), uid=False)
        assert by_number == SearchResult(MessageSet([1, 5]), uid=False, min=1, max=5, count=2)
        # imap4d swaps the two kinds of message sets (see test_flag_size_and_set_keys).
        quirk = server.name == "imap4d"
        uid_3_4, uid_2_3, seq_1_2 = ("3:4", (2, 3), "2") if quirk else ("2:3", (1, 2), "2:3")
        assert (await imap.search(Query.uid("3:4"), uid=False)).ids == MessageSet(uid_3_4)
        assert (await imap.search(Query.messages("1:2"))).ids == MessageSet(seq_1_2)
        assert (await imap.search("FROM alice UNSEEN")).ids == uids(5)
        assert (await imap.search("uid 2:3", uid=False)).to_tuple() == uid_2_3


async def test_esearch_counts(
    server: IMAPServer, corpus: tuple[str, str], caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG, logger="imapclient_async.wire")
    (everything, nothing, unseen) = await search_all(
        server, corpus, [Query.all(), Query.subject("no such subject"), Query.unseen()]
    )
    sent = [record.getMessage() for record in caplog.records]
    if server.name == "imap4d":  # no ESEARCH: plain SEARCH, counted by the client
        assert any(line.endswith("UID SEARCH ALL") for line in sent)
        assert any(line.startswith("S: * SEARCH 2 3 4 5 6") for line in sent)
    else:
        assert any("UID SEARCH RETURN (MIN MAX COUNT ALL) ALL" in line for line in sent)
        assert any(line.startswith("S: * ESEARCH (TAG ") for line in sent)
    assert everything == SearchResult(MessageSet("2:6"), uid=True, min=2, max=6, count=5)
    assert nothing == SearchResult(MessageSet(), uid=True, min=None, max=None, count=0)
    assert unseen == SearchResult(uids(2, 4, 5), uid=True, min=3, max=6, count=3)


async def test_modseq(server: IMAPServer, corpus: tuple[str, str]) -> None:
    if server.name == "imap4d":  # no CONDSTORE
        with pytest.raises(CapabilityError, match="CONDSTORE"):
            await search_all(server, corpus, [Query.modseq(1)])
        return
    everything, changed, later = await search_all(
        server, corpus, [Query.all(), Query.modseq(1), Query.modseq(2**62)]
    )
    assert everything.highest_modseq is None
    assert changed.ids == uids(1, 2, 3, 4, 5)
    assert changed.highest_modseq is not None and changed.highest_modseq >= 1
    assert later == SearchResult(MessageSet(), uid=True, min=None, max=None, count=0)


async def test_sort(server: IMAPServer, corpus: tuple[str, str]) -> None:
    async with Client(server.host, server.port, security="plain") as imap:
        await imap.login(*corpus)
        await imap.examine("INBOX")
        if "SORT" not in imap.capabilities:  # imap4d
            with pytest.raises(CapabilityError, match="SORT extension"):
                await imap.sort(["DATE"], Query.all())
            return
        # Sent (Date header) order: 2, 5, 3, 1, 4; arrival order: 1..5.
        assert await imap.sort(["DATE"], Query.all()) == (3, 6, 4, 2, 5)
        assert await imap.sort(["REVERSE", "DATE"], Query.all()) == (5, 2, 4, 6, 3)
        assert await imap.sort("reverse arrival", Query.all(), uid=False) == (5, 4, 3, 2, 1)
        # Base subjects (RFC 5256 drops "Re:"): "quoted, Grüße, Invoice, Lunch, Quarterly.
        assert await imap.sort(["SUBJECT"], Query.all()) == (4, 5, 6, 3, 2)
        assert await imap.sort(["REVERSE", "SUBJECT"], Query.all()) == (2, 3, 6, 5, 4)
        assert await imap.sort("SIZE", Query.from_("alice")) == (2, 6)
        assert await imap.sort("REVERSE SIZE", Query.from_("alice"), uid=False) == (5, 1)
        # Display names (RFC 5957) of the unseen: Bob Okafor, Dmitri, Alice Martin.
        assert await imap.sort(["DISPLAYFROM", "DATE"], Query.unseen()) == (6, 3, 5)
        assert await imap.sort(["DATE"], Query.subject("Zürich")) == (5,)
        assert await imap.sort(["DATE"], Query.subject("nothing")) == ()


def thread_corpus(dovecot: DovecotServer, user: str) -> None:
    """1 root, 2 and 4 replying to it, 3 to 2; 5 alone; 6 and 7 reply to a message not here."""
    replies = {2: ["1"], 3: ["1", "2"], 4: ["1"], 6: ["gone"], 7: ["gone"]}
    for number in range(1, 8):
        references = " ".join(f"<m{parent}@example.org>" for parent in replies.get(number, []))
        headers = [("Message-ID", f"<m{number}@example.org>")]
        if references:
            headers += [("In-Reply-To", references.split()[-1]), ("References", references)]
        subject = "Root" if number == 1 else f"Message {number}"
        sent = datetime.date(2026, 1, number)
        data = rfc5322(subject, sent=sent, headers=tuple(headers))
        deliver(dovecot, user, data, arrived=sent)


async def test_thread_by_references(dovecot: DovecotServer, dovecot_user: tuple[str, str]) -> None:
    thread_corpus(dovecot, dovecot_user[0])
    async with Client(dovecot.host, dovecot.port, security="plain") as imap:
        await imap.login(*dovecot_user)
        await imap.select("INBOX")
        threads = await imap.thread("references", Query.all())
        assert threads == (
            ThreadNode(1, (ThreadNode(2, (ThreadNode(3),)), ThreadNode(4))),
            ThreadNode(5),
            ThreadNode(None, (ThreadNode(6), ThreadNode(7))),
        )
        assert [list(thread.walk()) for thread in threads] == [[1, 2, 3, 4], [5], [6, 7]]
        # Without the root, its replies become siblings under a placeholder.
        assert await imap.thread("REFERENCES", ~Query.subject("Root") & Query.uid("1:4")) == (
            ThreadNode(None, (ThreadNode(2, (ThreadNode(3),)), ThreadNode(4))),
        )
        assert await imap.thread("REFERENCES", Query.subject("nothing")) == ()
        by_subject = await imap.thread("ORDEREDSUBJECT", Query.all(), uid=False)
        assert sorted(number for thread in by_subject for number in thread.walk()) == list(
            range(1, 8)
        )
        with pytest.raises(CapabilityError, match="THREAD=NOSUCH"):
            await imap.thread("nosuch", Query.all())


SAME_EVERYWHERE = [
    Query.all(),
    Query.from_("alice"),
    Query.subject("Grüße") | Query.seen(),
    ~Query.subject('"quoted"'),
    Query.subject("nothing at all"),
    Query.since(datetime.date(2026, 3, 15)) & Query.unseen(),
]


async def test_without_esearch_results_are_the_same(
    server: IMAPServer,
    corpus: tuple[str, str],
    plain_search_dovecot: DovecotServer,
    plain_corpus: tuple[str, str],
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG, logger="imapclient_async.wire")
    plain = await search_all(plain_search_dovecot, plain_corpus, SAME_EVERYWHERE)
    sent = [record.getMessage() for record in caplog.records]
    assert not any("RETURN" in line or "ESEARCH" in line for line in sent)
    assert any(line.startswith("S: * SEARCH 2 3 4 5 6") for line in sent)
    found = await search_all(server, corpus, SAME_EVERYWHERE)
    if server.name == "imap4d":  # its arrival dates are the sent dates: none since 2026
        assert found[-1].ids == MessageSet()
        plain, found = plain[:-1], found[:-1]
    assert plain == found
    assert plain[0] == SearchResult(MessageSet("2:6"), uid=True, min=2, max=6, count=5)


async def test_missing_capabilities_are_refused_before_sending(
    plain_search_dovecot: DovecotServer, dovecot_user: tuple[str, str]
) -> None:
    async with Client(
        plain_search_dovecot.host, plain_search_dovecot.port, security="plain"
    ) as imap:
        await imap.login(*dovecot_user)
        with pytest.raises(StateError, match="no mailbox selected"):
            await imap.sort(["DATE"], Query.all())
        await imap.select("INBOX")
        assert await imap.sort(["DATE"], Query.all()) == ()
        with pytest.raises(CapabilityError, match="SORT=DISPLAY"):
            await imap.sort(["DISPLAYFROM"], Query.all())
        with pytest.raises(CapabilityError, match="THREAD=ORDEREDSUBJECT"):
            await imap.thread("ORDEREDSUBJECT", Query.all())
        assert await imap.thread("REFERENCES", Query.all()) == ()
    with DovecotServer(capabilities="IMAP4rev1", tls=False) as bare:
        async with Client(bare.host, bare.port, security="plain") as imap:
            await imap.login(*bare.new_user())
            await imap.select("INBOX")
            with pytest.raises(CapabilityError, match="SORT extension"):
                await imap.sort(["DATE"], Query.all())
            with pytest.raises(CapabilityError, match="THREAD=REFERENCES"):
                await imap.thread("REFERENCES", Query.all())
            assert (await imap.search(Query.all())).count == 0


async def test_search_needs_a_selected_mailbox(server: IMAPServer, user: tuple[str, str]) -> None:
    async with Client(server.host, server.port, security="plain") as imap:
        await imap.login(*user)
        with pytest.raises(StateError, match="no mailbox selected"):
            await imap.search(Query.all())
        with pytest.raises(StateError, match="no mailbox selected"):
            await imap.thread("REFERENCES", Query.all())
        with pytest.raises(ValueError, match="printable ASCII"):
            await imap.search("SUBJECT Grüße")
