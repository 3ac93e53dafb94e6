"""Slack mrkdwn as a type: text that is already escaped, escaping whatever is put into it; and Block Kit's limits."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

import markupsafe

# Block Kit limits (https://api.slack.com/reference/block-kit/blocks).
SECTION_TEXT = 3000
FIELD_TEXT = 2000
HEADER_TEXT = 150
BUTTON_TEXT = 75
BUTTON_VALUE = 2000
MESSAGE_BLOCKS = 50
VIEW_BLOCKS = 100


def _escaped(value: Any) -> str:
    """``value``'s text escaped for mrkdwn, unless it is Mrkdwn already."""
    if type(value) is not str:
        if isinstance(value, Mrkdwn):
            return value
        value = "" if value is None else str(value)
    return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


class Mrkdwn(markupsafe.Markup):
    """Mrkdwn that is safe to send: recbot's own markup around escaped text.

    ``Mrkdwn("*{}* ({})").format(title, slug)``, ``%``, ``+`` and ``join`` escape every argument that is
    not already Mrkdwn (markupsafe routes ``%``, ``+`` and ``join`` through :meth:`escape`; ``format`` is
    this class's own), so text from a paper or a user can never ping a channel. Only Mrkdwn counts as
    safe: HTML ``Markup`` or any object with ``__html__`` is escaped like plain text, because HTML-safe
    is not mrkdwn-safe.
    """

    __slots__ = ()

    def __new__(cls, text: Any = "") -> Mrkdwn:
        # Markup.__new__ would trust an object's __html__; constructing Mrkdwn trusts only the text given.
        return str.__new__(cls, text)

    @classmethod
    def escape(cls, s: Any, /) -> Mrkdwn:
        """``s`` as mrkdwn: Mrkdwn unchanged, anything else (None is "") escaped for Slack (``& < >``)."""
        if isinstance(s, cls):
            return s
        return str.__new__(cls, _escaped(s))

    def format(self, *args: Any, **kwargs: Any) -> Mrkdwn:
        """This template with its fields filled in, every value escaped unless it is Mrkdwn.

        Faster than markupsafe's ``string.Formatter``: values are escaped first and ``str.format`` fills
        them in. Numbers and dates keep their format specs (``{:%-d %b %Y}``, ``{:,}``): their text has
        no ``& < >``. Fields are positional or named only (``{0.name}`` would read the escaped text).
        """
        values = [v if isinstance(v, _AS_IS) else _escaped(v) for v in args]
        if kwargs:
            kwargs = {k: v if isinstance(v, _AS_IS) else _escaped(v) for k, v in kwargs.items()}
        return str.__new__(Mrkdwn, str.format(self, *values, **kwargs))

    def __html__(self) -> str:
        # In HTML, mrkdwn is text: "<@U1>" must not become a tag.
        return markupsafe.escape(str(self))

    def unescape(self) -> str:
        """The text a reader sees, without Slack's escapes (markup such as ``*`` is kept)."""
        return str(self).replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


# Filled into a template as they are: Mrkdwn is safe; numbers' and dates' text has no "& < >", and they
# keep their format specs.
_AS_IS = (Mrkdwn, int, float, date)

_USER_ID = re.compile(r"^[UW][A-Z0-9]{2,20}$")


def escape(text: Any) -> Mrkdwn:
    """Make user or paper text inert in mrkdwn: ``<!channel>`` shows as typed and pings nobody.

    Takes any value (a number or list read from a file shows as text, never breaks a message);
    Mrkdwn is already safe and is returned as it is, so escaping twice cannot happen.
    """
    return Mrkdwn.escape(text)


def mention(user: Any) -> Mrkdwn:
    """``<@U123>`` for a well-formed Slack user id; anything else is shown as inert text."""
    if isinstance(user, str) and _USER_ID.match(user):
        return Mrkdwn(f"<@{user}>")
    return escape(user)


_CHANNEL_ID = re.compile(r"^[CGD][A-Z0-9]{2,20}$")


def channel(channel_id: Any) -> Mrkdwn:
    """``<#C123>`` for a well-formed channel id; anything else is shown as inert text."""
    if isinstance(channel_id, str) and _CHANNEL_ID.match(channel_id):
        return Mrkdwn(f"<#{channel_id}>")
    return escape(channel_id)


def code(text: Any) -> Mrkdwn:
    """Inline code (ids, slugs) that cannot be closed early or ping anyone."""
    return Mrkdwn("`" + (_escaped(text).replace("`", "'") or " ") + "`")


# The end of a clipped mrkdwn text must not be half an entity ("&am") or half a link or mention ("<@U1").
_BROKEN_END = re.compile(r"&[a-z]{0,3}$|<[^>]*$")
# Trailing punctuation to drop, but not the ";" that closes an entity.
_TRAILING = re.compile(r"(?:[ ,:]|(?<!&amp)(?<!&lt)(?<!&gt);)+$")


def clip(text: str, limit: int, more: str = "…") -> str:
    """Shorten to at most ``limit`` characters, at a word boundary where one is near.

    Mrkdwn stays Mrkdwn and is never cut inside an entity (``&amp;``), a mention or a link.
    """
    if len(text) <= limit:
        return text
    cut = text[: limit - len(more)]
    space = cut.rfind(" ")
    if space > limit * 0.6:
        cut = cut[:space]
    if not isinstance(text, Mrkdwn):
        return cut.rstrip(" ,;:") + more
    whole = str(cut)
    while (shorter := _BROKEN_END.sub("", _TRAILING.sub("", whole))) != whole:
        if not shorter:  # nothing but punctuation: keep it rather than nothing, cut at a whole entity
            whole = _BROKEN_END.sub("", str(cut))
            break
        whole = shorter
    return Mrkdwn(whole) + more


def chunks(text: str, limit: int = SECTION_TEXT) -> list[str]:
    """Split long text into pieces of at most ``limit`` characters, at line breaks where possible.

    Pieces of Mrkdwn are Mrkdwn.
    """
    kind = type(text) if isinstance(text, Mrkdwn) else str
    pieces: list[str] = []
    current = ""
    for line in str(text).split("\n"):
        while len(line) > limit:
            # clip may stop before an entity; a line that is one long entity is cut where it must be
            head = str(clip(kind(line), limit, more="")) or line[:limit]
            if current:
                pieces.append(current)
                current = ""
            pieces.append(head)
            line = line[len(head) :].lstrip()
        candidate = f"{current}\n{line}" if current else line
        if len(candidate) > limit:
            pieces.append(current)
            current = line
        else:
            current = candidate
    if current:
        pieces.append(current)
    return [kind(piece) for piece in pieces]


_SAFE_URL_RE = re.compile(r"https://[^\s<>|]+")


def link(url: str, text: Any) -> Mrkdwn:
    """``<url|text>`` for an https address that cannot break out of the link; else the text alone."""
    if _SAFE_URL_RE.fullmatch(url or ""):
        return Mrkdwn(f"<{url}|{escape(text)}>")
    return escape(text)
