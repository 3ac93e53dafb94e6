"""Every ``/rec`` verb, declared once: its words, grammar, answer, permission and help.

Parsing, routing, ``/rec help`` and the "did you mean" hints are all read from this table, so a new
verb is one ``Verb`` entry here plus the use-case its answer calls.
"""

from __future__ import annotations

from bot.blocks import help_message
from usecases import edits

from . import answers, edit_grammar, follow_grammar, grammar, list_grammar
from .answers import Permission, edit
from .grammar import Command
from .verb import Group, Table, Verb

__all__ = ["VERBS", "Group", "Table", "Verb"]

ANYONE, EDITOR, OWNER_OR_EDITOR = Permission.ANYONE, Permission.EDITOR, Permission.OWNER_OR_EDITOR

LOOK_UP = Group("Look up")
PROGRESS = Group("Record progress", OWNER_OR_EDITOR)
COMMITTEE = Group("The committee cycle", EDITOR)
FOLLOW = Group("Follow", note=" (this channel gets a message when an update lands or a target slips)")
IMPORT = Group("Import a paper", EDITOR, ": send me the file in a direct message, or use `/rec import`")


def _due(services, cmd: Command):
    due, label, phrase = edits.split_due(cmd.args, services.config.today())
    return edits.set_due(due, label, source=f"set in chat: {phrase}")


def _owner(services, cmd: Command):
    if cmd.args == "remove":
        return edits.unlink_owner(cmd.user)
    return edits.link_owner(cmd.user, services.config.editors)


def _help(services, cmd: Command, asker: answers.Asker) -> answers.Reply:
    return answers.Reply(help_message(asker.verbs.help_text()))


VERBS = Table(
    (
        Verb(
            "lookup",
            grammar.lookup,
            answers.lookup,
            ANYONE,
            LOOK_UP,
            (
                "`/rec R16`: a recommendation (also `r16`, `16`, `R 16`); `/rec R16 full` for all of its text",
                "`/rec REVIEW R16`: when several reviews have an R16, e.g. `/rec wiltshire-2013-safeguarding R16`",
            ),
            words=(),  # what no other verb reads: `/rec R16`
        ),
        Verb(
            "list",
            list_grammar.list_,
            answers.list_,
            ANYONE,
            LOOK_UP,
            (
                "`/rec list [REVIEW] [FILTER]`: reviews, or what matches: a status, a decision (`accepted`,\n"
                "  `partially-accepted`, `not-accepted`, `noted`, `deferred`, `no-response`), `red`, `amber`, "
                "`green`,\n  `not set`, `mine`, `owner @person` or `owner NAME`; REVIEW may be the start of a slug "
                "(`wirral`)",
            ),
            words=("list", "ls"),
        ),
        Verb(
            "search",
            grammar.search,
            answers.search,
            ANYONE,
            LOOK_UP,
            ("`/rec search WORDS`: ranked, forgiving of typos",),
            "e.g. `/rec search hot desking`.",
        ),
        Verb(
            "history",
            edit_grammar.history,
            answers.history,
            ANYONE,
            LOOK_UP,
            ("`/rec history R16`: every change, newest first",),
            "e.g. `/rec history R16`.",
        ),
        Verb(
            "report",
            grammar.report,
            answers.report,
            ANYONE,
            LOOK_UP,
            ("`/rec report [REVIEW]`: the RAG exception report: red and amber first, then counts",),
            "e.g. `/rec report wiltshire-2013-safeguarding`.",
        ),
        Verb(
            "help",
            grammar.bare,
            _help,
            ANYONE,
            LOOK_UP,
            ("`/rec help`: this list",),
            words=("help", "?", "-h", "--help"),
        ),
        Verb(
            "update",
            edit_grammar.update,
            edit(lambda services, cmd: edits.set_status(cmd.status, cmd.args)),
            OWNER_OR_EDITOR,
            PROGRESS,
            ("`/rec update R16 STATUS [note]`: e.g. `/rec update R16 in progress MASH manager appointed`",),
            "e.g. `/rec update R16 in progress Project manager appointed`.",
        ),
        Verb(
            "note",
            edit_grammar.with_text("Add the note's text"),
            edit(lambda services, cmd: edits.add_note(cmd.args)),
            OWNER_OR_EDITOR,
            PROGRESS,
            ("`/rec note R16 TEXT`: progress without a status change",),
            "e.g. `/rec note R16 Met the MASH partners today`.",
        ),
        Verb(
            "due",
            edit_grammar.with_text("Give the date"),
            edit(_due),
            OWNER_OR_EDITOR,
            PROGRESS,
            (
                "`/rec due R16 DATE [label]`: add or move a target date (`31 March 2027`, `end of March`, "
                "`next Friday`)",
            ),
            "e.g. `/rec due R16 31 March 2027 MASH live`.",
        ),
        Verb(
            "done",
            edit_grammar.optional_text,
            edit(lambda services, cmd: edits.mark_done(cmd.args)),
            OWNER_OR_EDITOR,
            PROGRESS,
            ("`/rec done R16 [milestone]`: mark a milestone met (the next open one if unnamed)",),
            "e.g. `/rec done R16` (the next open milestone) or `/rec done R16 by end July`.",
        ),
        Verb(
            "owner",
            edit_grammar.owner,
            edit(_owner),
            EDITOR,  # an owner may not make owners
            PROGRESS,
            ("`/rec owner R16 @person`, `/rec owner R16 remove @person`: link or remove an owner",),
            "e.g. `/rec owner R16 @jo.bloggs`, or `/rec owner R16 remove @jo.bloggs`.",
        ),
        Verb(
            "decision",
            edit_grammar.decision,
            edit(lambda services, cmd: edits.set_decision(cmd.decision, cmd.args)),
            EDITOR,
            COMMITTEE,
            ("`/rec decision R16 accepted [wording]`: the executive's decision",),
            "e.g. `/rec decision R16 accepted`, or `/rec decision R16 partially accepted “Agreed in part”`.",
        ),
        Verb(
            "review",
            grammar.review,
            answers.review,
            EDITOR,  # to record when it reported; anyone may see the clock
            COMMITTEE,
            ("`/rec review REVIEW`: its response clock; `/rec review REVIEW reported DATE` starts it",),
        ),
        Verb(
            "close",
            edit_grammar.optional_text,
            edit(lambda services, cmd: edits.close(cmd.args)),
            EDITOR,
            COMMITTEE,
            ("`/rec close R16 [minute]`: the committee signs a completed recommendation off",),
            "e.g. `/rec close R16 minute 45/2026`.",
        ),
        Verb(
            "reopen",
            edit_grammar.with_text("Say why it is reopened"),
            edit(lambda services, cmd: edits.reopen(cmd.args)),
            EDITOR,
            COMMITTEE,
            ("`/rec reopen R16 REASON`: undo a sign-off",),
            "e.g. `/rec reopen R16 evidence not yet seen by the committee`.",
        ),
        Verb(
            "subscribe",
            follow_grammar.subscribe,
            answers.subscribe,
            ANYONE,
            FOLLOW,
            ("`/rec subscribe R16 | REVIEW | all [updates | slips]`",),
        ),
        Verb(
            "unsubscribe",
            follow_grammar.subscribe,
            answers.unsubscribe,
            ANYONE,
            FOLLOW,
            ("`/rec unsubscribe R16 | REVIEW | all`: stop",),
        ),
        Verb(
            "subscriptions",
            grammar.bare,
            answers.subscriptions,
            ANYONE,
            FOLLOW,
            ("`/rec subscriptions`: what this channel follows",),
        ),
        Verb(
            "digest",
            follow_grammar.digest,
            answers.digest,
            ANYONE,
            FOLLOW,
            (
                "`/rec digest weekly monday 09:00 [REVIEW] [red | amber | changes]`, `/rec digest daily 08:30 ...`: "
                "a digest here; `/rec digest off`",
            ),
        ),
        Verb(
            "import",
            grammar.import_,
            answers.import_,
            ANYONE,  # anyone sees a preview; importing it is for editors (checked at the Import button)
            IMPORT,
            ("`/rec import`, then upload the paper here",),
        ),
    )
)
