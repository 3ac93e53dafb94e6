"""The daily slip check, the digests and the outbox delivery, run by one process however many workers serve.

Each worker tries for a leader lock (``filelock``; a PostgreSQL advisory lock when the store is
PostgreSQL), without waiting; the one that holds it runs an APScheduler with the jobs, and keeps it
until it exits, when the lock is released and another worker takes over within a minute.
"""

from __future__ import annotations

import logging
import threading
from datetime import datetime

from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.triggers.cron import CronTrigger

from settings.stores import LeaderTaken, leader_lock
from usecases import digest_run, slipcheck

from .delivery import deliver
from .slack_app import web_client

log = logging.getLogger("recbot.schedule")
RETRY_LEADERSHIP = 60.0


class Leader:
    """Starts the jobs in this process once it holds the leader lock."""

    def __init__(self, services) -> None:
        self.services = services
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
        client = web_client(config)
        scheduler = BackgroundScheduler(timezone=config.tz)
        scheduler.add_job(
            self._check,
            CronTrigger(hour=hour, minute=minute, timezone=config.tz),
            args=[client],
            id="slip-check",
            coalesce=True,
            misfire_grace_time=3600,
        )
        scheduler.add_job(
            deliver,
            "interval",
            seconds=60,
            args=[self.services.store, client],
            id="outbox",
            coalesce=True,
            max_instances=1,
        )
        scheduler.add_job(
            self._digests,
            "interval",
            seconds=60,
            args=[client],
            id="digests",
            coalesce=True,
            max_instances=1,
        )
        scheduler.start()
        self.scheduler = scheduler
        log.info("this process runs the daily slip check at %s %s and the outbox", config.check_at, config.tz)
        return True

    def _check(self, client) -> None:
        result = slipcheck.run(self.services, self.services.config.today(), client=client)
        log.info("%s", result.summary().replace("\n", " "))

    def _digests(self, client) -> None:
        queued = digest_run.run(self.services, self.services.config.now_local(), client=client)
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
