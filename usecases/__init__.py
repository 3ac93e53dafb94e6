"""Use-cases: what recbot does (edit, look up, import, check slips, digests), over the store port, free of Slack."""
