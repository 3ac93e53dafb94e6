"""Check a store's files (``recbot doctor``) and bring back a good generation (``recbot restore``).

Both work on the files alone, without opening the store, so they run when the store cannot be
opened: a missing or garbled manifest, a truncated or deleted shard.
"""

from __future__ import annotations

import json
import os
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from filelock import FileLock

from .generations import (
    DEFAULT_KEEP,
    Generations,
    Manifest,
    StoreCorrupt,
    fsync_dir,
    parse_manifest,
    sha256,
    write_durably,
)


@dataclass
class Check:
    """What is wrong with one generation's files (nothing, when ``ok``)."""

    generation: int | None
    at: str = ""
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


@dataclass
class Health:
    """The current manifest's check and each kept generation's."""

    current: Check
    kept: list[Check]

    def last_good(self) -> Check | None:
        return next((c for c in reversed(self.kept) if c.ok), None)


def _folder(manifest: Path) -> Path:
    return manifest.with_name(manifest.name + ".d")


def check_manifest(manifest: Manifest, folder: Path) -> list[str]:
    """Every file the manifest names exists, has the checksum it was committed with, and parses."""
    problems = []
    for shard, name in sorted(manifest.shards.items()):
        path = folder / name
        try:
            raw = path.read_bytes()
        except FileNotFoundError:
            problems.append(f"{shard}: {name} is missing")
            continue
        except OSError as exc:
            problems.append(f"{shard}: {name} cannot be read ({exc.strerror})")
            continue
        expected = manifest.sha256.get(shard)
        if expected and sha256(raw) != expected:
            problems.append(f"{shard}: {name} does not match its checksum ({len(raw)} bytes; truncated or changed)")
            continue
        try:
            if raw.strip() and not isinstance(json.loads(raw), dict):
                problems.append(f"{shard}: {name} is not a JSON object")
        except ValueError as exc:
            problems.append(f"{shard}: {name} is not valid JSON ({exc})")
    return problems


def _check_file(path: Path, folder: Path) -> Check:
    try:
        manifest = parse_manifest(path.read_bytes(), path)
    except FileNotFoundError:
        return Check(None, problems=[f"{path} is missing"])
    except StoreCorrupt as exc:
        return Check(None, problems=[str(exc).split(";")[0]])
    return Check(manifest.generation, manifest.at, check_manifest(manifest, folder))


def examine(path: str | os.PathLike, keep: int = DEFAULT_KEEP) -> Health:
    """Check the current manifest and every kept generation; reads only."""
    manifest = Path(path)
    folder = _folder(manifest)
    generations = Generations(folder, keep)
    kept = [_check_file(generations.path(n), folder) for n in generations.numbers()]
    return Health(_check_file(manifest, folder), kept)


@dataclass
class Restored:
    """What ``restore`` did: the generation brought back, the one it replaced, and what was lost."""

    generation: int
    at: str
    new_generation: int
    replaced: int | None
    lost_generations: list[tuple[int, str]]
    lost: list[str]


def restore(path: str | os.PathLike, generation: int | None = None, keep: int = DEFAULT_KEEP) -> Restored:
    """Make a kept generation (the newest good one by default) current again, as a new commit.

    Nothing is deleted: the generations after it stay kept (until rotated out) for inspection.
    """
    manifest_path = Path(path)
    folder = _folder(manifest_path)
    generations = Generations(folder, keep)
    with FileLock(f"{manifest_path}.lock", timeout=30):
        health = examine(manifest_path, keep)
        if generation is None:
            good = health.last_good()
            if good is None:
                raise StoreCorrupt(
                    f"no kept generation of {manifest_path} is whole; restore {manifest_path.parent} from a backup"
                )
            generation = good.generation
        elif generation not in generations.numbers():
            kept = ", ".join(str(n) for n in generations.numbers()) or "none"
            raise StoreCorrupt(f"generation {generation} is not kept (kept: {kept})")
        target = generations.read(generation)
        problems = check_manifest(target, folder)
        if problems:
            raise StoreCorrupt(f"generation {generation} is not whole either: " + "; ".join(problems))
        try:
            current = parse_manifest(manifest_path.read_bytes(), manifest_path)
        except (OSError, StoreCorrupt):
            current = None
        newest = max([*generations.numbers(), current.generation if current else 0])
        lost_generations = []
        for n in generations.numbers():
            if n > generation:
                try:
                    lost_generations.append((n, generations.read(n).at))
                except StoreCorrupt:
                    lost_generations.append((n, "?"))
        at = datetime.now(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")
        fresh = Manifest(newest + 1, dict(target.shards), dict(target.sha256), at, restored_from=generation)
        raw = fresh.to_bytes()
        generations.save(fresh, raw)
        tmp = manifest_path.with_name(f".{manifest_path.name}.{os.getpid()}.{uuid.uuid4().hex}.tmp")
        write_durably(tmp, raw)
        os.replace(tmp, manifest_path)
        fsync_dir(manifest_path.parent)
    return Restored(
        generation=generation,
        at=target.at,
        new_generation=fresh.generation,
        replaced=current.generation if current else None,
        lost_generations=lost_generations,
        lost=_differences(current, target, folder) if current else ["the manifest was unreadable"],
    )


def _differences(current: Manifest, target: Manifest, folder: Path) -> list[str]:
    """The recommendations and documents that differ between what was current and what is restored."""
    lost = []
    for shard in sorted(set(current.shards) | set(target.shards)):
        if current.shards.get(shard) == target.shards.get(shard):
            continue
        now, then = _read(folder, current.shards.get(shard)), _read(folder, target.shards.get(shard))
        if now is None:
            lost.append(f"{shard}: unreadable before the restore; its generation {target.generation} copy is back")
            continue
        if shard.startswith("recs-"):
            before = {f"{d['review']}/{d['id']}": d for d in (now.get("recommendations") or {}).values()}
            after = {f"{d['review']}/{d['id']}": d for d in ((then or {}).get("recommendations") or {}).values()}
            changed = sorted(k for k in before if before[k] != after.get(k))
            if changed:
                lost.append(f"changes to {', '.join(changed)}")
        else:
            tables = sorted(t for t in set(now) | set(then or {}) if now.get(t) != (then or {}).get(t))
            lost.append(f"{shard}: changes to {', '.join(tables) or 'its contents'}")
    return lost


def _read(folder: Path, name: str | None) -> dict | None:
    if name is None:
        return {}
    try:
        data = json.loads((folder / name).read_bytes())
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None
