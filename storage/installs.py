"""The Store's Slack installations and OAuth states: plain dicts, each table in a file of its own."""

from __future__ import annotations

INSTALLATIONS = "installations"
STATES = "oauth_states"


def install_key(enterprise_id: str | None, team_id: str | None) -> str:
    """How an installation is keyed: its enterprise and workspace ids (either may be absent)."""
    return f"{enterprise_id or ''}/{team_id or ''}"


class InstallMixin:
    """Installation and OAuth-state methods of the Store (they use its lock and tables)."""

    def save_installation(self, enterprise_id: str | None, team_id: str | None, record: dict) -> None:
        """Keep ``record`` as the installation of this workspace, replacing any earlier one."""
        key = install_key(enterprise_id, team_id)
        with self._writing():
            table = self._table(INSTALLATIONS)
            table.remove(doc_ids=[d.doc_id for d in table.all() if d["key"] == key])
            table.insert({"key": key, "record": record})

    def installation(self, enterprise_id: str | None, team_id: str | None) -> dict | None:
        """The installation of this workspace as saved, or None."""
        key = install_key(enterprise_id, team_id)
        with self._reading():
            found = [d["record"] for d in self._table(INSTALLATIONS).all() if d["key"] == key]
        return found[0] if found else None

    def installations(self) -> list[dict]:
        """Every installation as saved."""
        with self._reading():
            return [d["record"] for d in self._table(INSTALLATIONS).all()]

    def delete_installation(self, enterprise_id: str | None, team_id: str | None) -> bool:
        """Forget this workspace's installation; False if there was none."""
        key = install_key(enterprise_id, team_id)
        with self._writing():
            table = self._table(INSTALLATIONS)
            gone = [d.doc_id for d in table.all() if d["key"] == key]
            if gone:
                table.remove(doc_ids=gone)
            return bool(gone)

    def issue_state(self, state: str, expires: float, now: float) -> None:
        """Remember an OAuth ``state`` until ``expires``; states expired by ``now`` are dropped."""
        with self._writing():
            table = self._table(STATES)
            stale = [d.doc_id for d in table.all() if d["expires"] < now]
            if stale:
                table.remove(doc_ids=stale)
            table.insert({"state": state, "expires": expires})

    def consume_state(self, state: str, now: float) -> bool:
        """True once for a ``state`` issued and not yet expired; it can never be used again."""
        with self._writing():
            table = self._table(STATES)
            found = [d for d in table.all() if d["state"] == state]
            if found:
                table.remove(doc_ids=[d.doc_id for d in found])
            return any(d["expires"] >= now for d in found)
