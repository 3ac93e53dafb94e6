"""What a ``/rec`` verb is, and the table of them that parsing, routing, help and hints read."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property

from tracker import status as statuses

from .answers import Permission, Run
from .grammar import Command, Typed

HELP_OPENING = "*recbot* tracks scrutiny recommendations. What you can type:"


@dataclass(frozen=True)
class Group:
    """A heading of ``/rec help``; its verbs' changes are for ``permission`` unless a verb says stricter."""

    title: str
    permission: Permission = Permission.ANYONE
    note: str = ""

    @property
    def heading(self) -> str:
        who = f" ({self.permission.value})" if self.permission is not Permission.ANYONE else ""
        return f"*{self.title}*{who}{self.note}"


@dataclass(frozen=True)
class Verb:
    """One ``/rec`` verb. ``words`` are what people type for it (none: it reads what no other verb does)."""

    name: str
    grammar: Callable[[Typed], Command]
    run: Run
    permission: Permission
    group: Group
    help: tuple[str, ...]
    example: str = ""
    words: tuple[str, ...] | None = None  # None: just the name

    def __post_init__(self) -> None:
        if self.words is None:
            object.__setattr__(self, "words", (self.name,))


@dataclass(frozen=True)
class Table:
    """The verbs, in help's order; the one without words reads what no other verb does."""

    verbs: tuple[Verb, ...]

    def named(self, name: str) -> Verb:
        """The verb called ``name``."""
        return self._by_name[name]

    def typed(self, word: str) -> Verb | None:
        """The verb a word typed after ``/rec`` names, or None."""
        return self._by_word.get(word)

    @cached_property
    def _by_name(self) -> dict[str, Verb]:
        return {v.name: v for v in self.verbs}

    @cached_property
    def _by_word(self) -> dict[str, Verb]:
        return {w: v for v in self.verbs for w in v.words}

    @property
    def fallback(self) -> Verb:
        return next(v for v in self.verbs if not v.words)

    @property
    def names(self) -> list[str]:
        """The verbs' typed names, for "did you mean"."""
        return [v.words[0] for v in self.verbs if v.words]

    def with_verb(self, verb: Verb) -> Table:
        """This table with ``verb`` in place of the verb of its name, or added (help shows it last in its group)."""
        if any(v.name == verb.name for v in self.verbs):
            return Table(tuple(verb if v.name == verb.name else v for v in self.verbs))
        return Table((*self.verbs, verb))

    def help_text(self) -> str:
        """``/rec help``: each group's heading, then one bullet per help line of its verbs; a verb stricter
        than its group says who may use it."""
        groups: dict[Group, list[str]] = {}
        for verb in self.verbs:
            lines = [f"• {line}" for line in verb.help]
            if verb.permission.stricter_than(verb.group.permission):
                lines[-1] += f" ({verb.permission.value})"
            groups.setdefault(verb.group, []).extend(lines)
        body = "\n".join(line for group, lines in groups.items() for line in (group.heading, *lines))
        known = ", ".join(f"`{s}`" for s in statuses.STATUSES)
        return f"{HELP_OPENING}\n{body}\nStatuses: {known} (or “done”, “in progress”, ...)"
