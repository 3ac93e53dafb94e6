"""Committed generations of a shard store: file names, manifests, their kept copies and rotation.

Every commit is a generation, numbered upwards. Its manifest is kept twice: as the store's
manifest (``RECBOT_DB``) and as a copy ``<folder>/generations/<N>.json`` (a hard link to the same
bytes, written once). Shard files carry
the generation that wrote them in their name (``recs-03.00000042.<random>.json``), so clean-up can
prove a file is an abandoned write: it was written for a generation newer than the committed one.
The copies of the last ``keep`` generations, and every file they name, stay on disk; older ones are
rotated out. Nothing else is ever deleted.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

FORMAT = "recbot-shards/2"
FORMATS = ("recbot-shards/1", FORMAT)
DEFAULT_KEEP = 5
_SHARD_FILE = re.compile(r"^(?P<shard>[a-z0-9-]+)\.(?P<gen>\d{8})\.[0-9a-f]{12}\.json$")
_GEN_FILE = re.compile(r"^(?P<gen>\d{8})\.json$")


class StoreCorrupt(RuntimeError):
    """A store file exists but cannot be read (``recbot doctor`` says what, ``recbot restore`` mends it)."""


class StoreMissing(StoreCorrupt):
    """The manifest is gone while its data folder still holds the data."""


@dataclass
class Manifest:
    """One committed generation: which file holds each shard, and each file's checksum."""

    generation: int
    shards: dict[str, str]
    sha256: dict[str, str] = field(default_factory=dict)
    at: str = ""
    restored_from: int | None = None

    def to_bytes(self) -> bytes:
        doc = {"format": FORMAT, "generation": self.generation, "at": self.at, "shards": self.shards}
        doc["sha256"] = self.sha256
        if self.restored_from is not None:
            doc["restored_from"] = self.restored_from
        return dumps(doc)


def dumps(data) -> bytes:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def parse_manifest(raw: bytes, where: Path) -> Manifest:
    """A manifest from its bytes, or StoreCorrupt naming the file."""
    try:
        doc = json.loads(raw)
        if not isinstance(doc, dict) or doc.get("format", FORMATS[0]) not in FORMATS:
            raise ValueError("unknown format")
        shards = doc["shards"]
        if not isinstance(shards, dict) or not all(isinstance(v, str) for v in shards.values()):
            raise ValueError("shards is not a map of file names")
        return Manifest(
            generation=int(doc.get("generation", 0)),
            shards=dict(shards),
            sha256=dict(doc.get("sha256") or {}),
            at=str(doc.get("at", "")),
            restored_from=doc.get("restored_from"),
        )
    except (ValueError, KeyError, TypeError, AttributeError) as exc:
        raise StoreCorrupt(
            f"{where} is not a recbot store manifest ({exc}); `recbot doctor` checks the store, "
            "`recbot restore` brings back the last good generation"
        ) from exc


def shard_file_name(shard: str, generation: int, token: str) -> str:
    return f"{shard}.{generation:08d}.{token}.json"


def file_generation(name: str) -> int | None:
    """The generation a shard file was written for; None for a name recbot did not give it."""
    match = _SHARD_FILE.match(name)
    return int(match["gen"]) if match else None


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def write_durably(path: Path, data: bytes) -> None:
    with open(path, "wb") as f:
        f.write(data)
        f.flush()
        os.fsync(f.fileno())


class Generations:
    """The kept manifest copies in ``<folder>/generations``."""

    def __init__(self, folder: Path, keep: int = DEFAULT_KEEP) -> None:
        self.folder = folder / "generations"
        self.keep = max(1, keep)
        # Rotation reads every kept copy on each commit; a copy whose file is unchanged is not parsed again.
        self._parsed: dict[int, tuple[tuple[int, int, int], Manifest]] = {}

    def path(self, generation: int) -> Path:
        return self.folder / f"{generation:08d}.json"

    def numbers(self) -> list[int]:
        """The kept generations, oldest first."""
        if not self.folder.is_dir():
            return []
        return sorted(int(m["gen"]) for p in self.folder.iterdir() if (m := _GEN_FILE.match(p.name)))

    def read(self, generation: int) -> Manifest:
        path = self.path(generation)
        st = path.stat()
        stamp = (st.st_ino, st.st_size, st.st_mtime_ns)
        cached = self._parsed.get(generation)
        if cached and cached[0] == stamp:
            return cached[1]
        manifest = parse_manifest(path.read_bytes(), path)
        self._parsed[generation] = (stamp, manifest)
        return manifest

    def save(self, manifest: Manifest, raw: bytes) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        write_durably(self.path(manifest.generation), raw)
        fsync_dir(self.folder)

    def link(self, manifest: Manifest, written: Path) -> None:
        """Keep ``written`` (a manifest file) as the copy of its generation; the caller fsyncs it and ``folder``.

        A hard link costs no second write; the store never writes a manifest in place (always a new
        file renamed over it), so the copy cannot change after it is made.
        """
        self.folder.mkdir(parents=True, exist_ok=True)
        os.link(written, self.path(manifest.generation))

    def _named(self, generations: list[int]) -> set[str]:
        named: set[str] = set()
        for n in generations:
            try:
                named |= set(self.read(n).shards.values())
            except (OSError, StoreCorrupt):
                continue  # an unreadable copy names nothing we could prove is safe to keep or drop
        return named

    def rotate(self, current: Manifest, data_folder: Path) -> list[str]:
        """Drop generations beyond ``keep`` and the files only they name; returns what was deleted.

        A file goes only if a rotated-out generation named it and no kept one (nor the current
        manifest) does. Each copy goes after its files, so an interrupted rotation is simply redone.
        """
        numbers = [n for n in self.numbers() if n <= current.generation]
        old, kept = numbers[: -self.keep], numbers[-self.keep :]
        if not old:
            return []
        keep_files = self._named(kept) | set(current.shards.values())
        deleted = []
        for n in old:
            try:
                names = set(self.read(n).shards.values())
            except (OSError, StoreCorrupt):
                names = set()
            for name in sorted(names - keep_files):
                if (data_folder / name).exists():
                    (data_folder / name).unlink(missing_ok=True)
                    deleted.append(name)
            self.path(n).unlink(missing_ok=True)
            self._parsed.pop(n, None)
            deleted.append(f"generations/{n:08d}.json")
        return deleted

    def abandoned(self, current: Manifest) -> list[Path]:
        """Copies written for a generation after the committed one: a writer died before its rename."""
        return [self.path(n) for n in self.numbers() if n > current.generation]
