"""What a file must pass before any reader opens it: a size limit and, for zip formats, a sane unpacked size."""

from __future__ import annotations

import io
import zipfile

from ..errors import ImportFailed

DEFAULT_MAX_MB = 20
# Word and Excel XML compresses about 5-20 times; a zip bomb a thousand times or more.
MAX_UNPACKED_RATIO = 100
MAX_UNPACKED_BYTES = 500 * 1024 * 1024


def mb_to_bytes(mb: int | float) -> int:
    """A limit in megabytes (as ``RECBOT_MAX_IMPORT_MB`` sets it) in bytes."""
    return int(mb * 1024 * 1024)


def check_size(size: int, source: str, max_bytes: int | None) -> None:
    """Refuse a file over the import size limit before it is read.

    :raises ImportFailed: naming the file's size and the limit.
    """
    if max_bytes is not None and size > max_bytes:
        raise ImportFailed(
            f"{source}: the file is {size / 1048576:.1f} MB, over the import limit of {max_bytes / 1048576:g} MB "
            "(RECBOT_MAX_IMPORT_MB). Nothing was read."
        )


def open_zip(data: bytes, source: str, max_bytes: int | None) -> zipfile.ZipFile:
    """The zip inside a .docx or .xlsx, once its declared unpacked sizes are known to be safe.

    :raises ImportFailed: for a damaged zip or one that would unpack to far more than it weighs.
    """
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise ImportFailed(f"{source}: the file is damaged and cannot be opened ({exc}).") from None
    unpacked = sum(i.file_size for i in infos)
    ceiling = min(MAX_UNPACKED_BYTES, max(len(data) * MAX_UNPACKED_RATIO, 50 * 1024 * 1024))
    if max_bytes is not None:
        ceiling = min(ceiling, max(max_bytes * MAX_UNPACKED_RATIO // 4, 50 * 1024 * 1024))
    if unpacked > ceiling:
        raise ImportFailed(
            f"{source}: the file would unpack to {unpacked / 1048576:,.0f} MB from {len(data) / 1048576:.1f} MB "
            "(a zip bomb?); refused without unpacking it."
        )
    return archive
