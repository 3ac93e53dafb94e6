"""The terminal edge: the ``recbot`` command drives the same use-cases as Slack."""
