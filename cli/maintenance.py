"""``recbot doctor`` and ``recbot restore``: check the store's files, bring back a good generation."""

from __future__ import annotations

import sys

from settings.config import Config
from storage.generations import StoreCorrupt
from storage.repair import examine, restore


def register(sub) -> None:
    """Add the two subcommands to the ``recbot`` parser."""
    doctor = sub.add_parser("doctor", help="check every file of the store; exit 1 if anything is wrong")
    doctor.set_defaults(run=_doctor)
    back = sub.add_parser("restore", help="make the last good generation of the store current again")
    back.add_argument("--generation", type=int, metavar="N", help="this kept generation instead of the last good one")
    back.set_defaults(run=_restore)


def _doctor(config: Config, args) -> int:
    path = config.db_path
    health = examine(path, config.keep_generations)
    if health.current.generation is None and not health.kept:
        print(f"recbot: there is no store at {path} (set RECBOT_DB to its manifest)", file=sys.stderr)
        return 1
    current = health.current
    if current.ok:
        print(f"{path}: generation {current.generation} ({current.at or 'time not recorded'}): every file is whole")
    else:
        print(f"{path}: the current generation is damaged:")
        for problem in current.problems:
            print(f"  {problem}")
    print(f"kept generations: {len(health.kept)}")
    for check in health.kept:
        state = "whole" if check.ok else "damaged: " + "; ".join(check.problems)
        print(f"  {check.generation}  {check.at or '?':<20}  {state}")
    if current.ok:
        return 0
    good = health.last_good()
    if good is None:
        print("No kept generation is whole: restore the store's folder from a backup.")
    else:
        print(f"`recbot restore` would bring back generation {good.generation} ({good.at}).")
    return 1


def _restore(config: Config, args) -> int:
    try:
        done = restore(config.db_path, args.generation, config.keep_generations)
    except StoreCorrupt as exc:
        print(f"recbot: {exc}", file=sys.stderr)
        return 1
    replaced = f"generation {done.replaced}" if done.replaced is not None else "a missing or unreadable manifest"
    print(
        f"restored generation {done.generation} (committed {done.at or 'at an unrecorded time'}) "
        f"as generation {done.new_generation}, replacing {replaced}"
    )
    if done.lost_generations:
        listed = ", ".join(f"{n} ({at})" for n, at in done.lost_generations)
        print(f"set aside (kept until rotated out, `recbot restore --generation N` brings one back): {listed}")
    if done.lost:
        print("lost:")
        for line in done.lost:
            print(f"  {line}")
    else:
        print("lost: nothing")
    return 0
