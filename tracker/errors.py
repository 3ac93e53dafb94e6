"""The one family of errors that become a helpful reply instead of a crash."""


class UserError(Exception):
    """Bad input, an unknown id or a refused change: reported to the user, nothing is written."""


class NotFound(UserError):
    """An id or review that does not exist."""


class AlreadyApplied(UserError):
    """The same request arrived again (Slack retries a slow answer); it was applied the first time."""


class ImportFailed(UserError):
    """A file that cannot be imported; nothing from it is written."""


class NoRecommendations(ImportFailed):
    """A paper of a known kind that holds no recommendations (an interim report, say)."""


class Busy(UserError):
    """The store could not take a change in time to answer; nothing was written, so it is safe to retry."""
