"""The daily slip check, the digests and the outbox sweep, run by one process however many workers serve.

Each worker tries for a leader lock (``filelock``; a PostgreSQL advisory lock when the store is
PostgreSQL), without waiting; the one that holds it runs an APScheduler with the jobs, and keeps it
until it exits, when the lock is released and another worker takes over within a minute. With many
workspaces every job runs for each installed workspace in turn, on its own store with its own token.
What requests queue is delivered at once by each process's courier; the outbox sweep here is what
picks up retries and anything a stopped process left behind.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from datetime import datetime

from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.triggers.cron import CronTrigger
from slack_sdk import WebClient

from settings.stores import LeaderTaken, leader_lock

from . import jobs
from .delivery import deliver
from .slack_app import web_client

log = logging.getLogger("recbot.schedule")
RETRY_LEADERSHIP = 60.0


class Leader:
    """Starts the jobs in this process once it holds the leader lock."""

    def __init__(self, services, workspaces=None) -> None:
        self.services = services
        self.workspaces = workspaces
        self.lock = leader_lock(services.config)
        self.scheduler: BackgroundScheduler | None = None
        self._stop = threading.Event()

    def start(self) -> None:
        if not self._try():
            threading.Thread(target=self._wait_for_turn, daemon=True, name="recbot-leader").start()

    def _wait_for_turn(self) -> None:
        while not self._stop.wait(RETRY_LEADERSHIP):
            if self._try():
                return

    def _try(self) -> bool:
        try:
            self.lock.acquire(timeout=0)
        except LeaderTaken:
            return False
        config = self.services.config
        hour, minute = (int(x) for x in config.check_at.split(":"))
        scheduler = BackgroundScheduler(timezone=config.tz)
        scheduler.add_job(
            self.run_check,
            CronTrigger(hour=hour, minute=minute, timezone=config.tz),
            id="slip-check",
            coalesce=True,
            misfire_grace_time=3600,
        )
        scheduler.add_job(
            self.run_outbox,
            "interval",
            seconds=60,
            id="outbox",
            coalesce=True,
            max_instances=1,
        )
        scheduler.add_job(
            self.run_digests,
            "interval",
            seconds=60,
            id="digests",
            coalesce=True,
            max_instances=1,
        )
        scheduler.start()
        self.scheduler = scheduler
        log.info("this process runs the daily slip check at %s %s and the outbox", config.check_at, config.tz)
        return True

    def each_workspace(self) -> list[tuple[object, WebClient]]:
        """(services, client) of every workspace served: the one of ``SLACK_BOT_TOKEN``, or each installed one."""
        config = self.services.config
        if self.workspaces is None:
            return [(self.services, web_client(config))]
        return [(services, web_client(config, token=token)) for services, token in self.workspaces.installed()]

    def _for_each(self, job: Callable[[object, WebClient], None]) -> None:
        for services, client in self.each_workspace():
            try:
                job(services, client)
            except Exception:
                # One workspace's trouble (a revoked token, a broken store) must not stop the others' jobs.
                log.exception("scheduled %s failed for one workspace", job.__name__)

    def run_check(self) -> None:
        """The daily slip check, in every workspace."""
        self._for_each(self._check_one)

    def run_outbox(self) -> None:
        """Deliver every workspace's outbox."""
        self._for_each(self._deliver_one)

    def run_digests(self) -> None:
        """Queue and send the digests that are due, in every workspace."""
        self._for_each(self._digests_one)

    @staticmethod
    def _check_one(services, client: WebClient) -> None:
        result, delivery = jobs.check_slips(services, services.config.today(), client)
        log.info("%s %s", result.summary().replace("\n", " "), delivery.summary() if delivery else "")

    @staticmethod
    def _deliver_one(services, client: WebClient) -> None:
        deliver(services.store, client)

    @staticmethod
    def _digests_one(services, client: WebClient) -> None:
        queued, _ = jobs.send_digests(services, services.config.now_local(), client)
        if queued:
            log.info("queued %d digest(s)", len(queued))

    def stop(self) -> None:
        self._stop.set()
        if self.scheduler:
            self.scheduler.shutdown(wait=False)
        if self.lock.is_locked:
            self.lock.release()

    def next_check(self) -> datetime | None:
        job = self.scheduler.get_job("slip-check") if self.scheduler else None
        return job.next_run_time if job else None
