"""The delivery worker: one daemon thread per process posts what requests queued, after they are answered.

A listener hands the ids of the items its change queued to ``Courier.hand`` and answers at once;
the courier wakes, delivers those items (``bot.delivery.deliver``), and every ``sweep`` seconds
also delivers whatever else is due (retries, items a stopped process left behind), so nothing
queued is stranded. Items are claimed with a lease, so couriers of several workers never post one
twice. ``drain`` waits until everything handed over has been tried (tests, a clean stop).
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Iterable

from slack_sdk import WebClient

from storage.port import StorePort
from tracker.notices import OutboxItem

from .delivery import deliver

log = logging.getLogger("recbot.courier")

SWEEP = 5.0  # seconds between two deliveries of everything due


class Courier:
    """Delivers handed-over outbox items in the background, and sweeps the outbox now and then."""

    def __init__(
        self, store: StorePort, client: Callable[[], WebClient | None], *, sweep: float | None = SWEEP
    ) -> None:
        """``client()`` gives the Web API client of the store's workspace when a delivery starts (None:
        not installed, nothing is posted). ``sweep`` None: only what is handed over (a leader sweeps)."""
        self.store, self.client, self.sweep = store, client, sweep
        self._handed: set[str] = set()
        self._busy = False
        self._changed = threading.Condition()
        self._stopping = False
        self._thread: threading.Thread | None = None

    def start(self) -> Courier:
        """Start the worker thread (once)."""
        with self._changed:
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, daemon=True, name="recbot-courier")
                self._thread.start()
        return self

    def hand(self, items: Iterable[OutboxItem]) -> None:
        """Deliver these items soon; returns at once."""
        ids = {item.id for item in items}
        if not ids:
            return
        with self._changed:
            self._handed |= ids
            self._changed.notify_all()

    def drain(self, timeout: float = 10.0) -> bool:
        """Wait until every item handed over has been tried; False if ``timeout`` passed first."""
        with self._changed:
            return self._changed.wait_for(lambda: not self._handed and not self._busy, timeout)

    def stop(self, timeout: float = 5.0) -> None:
        """Finish the delivery under way, then end the thread; what is left waits in the outbox."""
        with self._changed:
            self._stopping = True
            self._changed.notify_all()
            thread = self._thread
        if thread is not None and thread is not threading.current_thread():
            thread.join(timeout)

    def _run(self) -> None:
        every = self.sweep if self.sweep is not None else float("inf")
        next_sweep = time.monotonic() + every
        while True:
            with self._changed:
                wait = next_sweep - time.monotonic()
                self._changed.wait_for(
                    lambda: self._handed or self._stopping, timeout=max(wait, 0.0) if wait != float("inf") else None
                )
                if self._stopping:
                    return
                only, self._handed, self._busy = self._handed, set(), True
            try:
                if only:
                    self._deliver(only)
                if time.monotonic() >= next_sweep:
                    self._deliver(None)
                    next_sweep = time.monotonic() + every
            finally:
                with self._changed:
                    self._busy = False
                    self._changed.notify_all()

    def _deliver(self, only: set[str] | None) -> None:
        try:
            client = self.client()
            if client is not None:
                deliver(self.store, client, only=only)
        except Exception:  # the worker outlives any one run; the items wait in the outbox for the sweep
            log.exception("delivery failed; what is queued stays in the outbox")
