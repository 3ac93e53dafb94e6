"""Fetching a file someone shared with recbot, through the Web API with the bot's token."""

from __future__ import annotations

import urllib.error
import urllib.request
from dataclasses import dataclass
from urllib.parse import urlsplit

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from tracker.errors import UserError

_CHUNK = 1 << 16


@dataclass(frozen=True)
class SharedFile:
    id: str
    name: str
    data: bytes


def fetch(client: WebClient, file_id: str, max_bytes: int) -> SharedFile:
    """Download a shared file (``files.info``, then its private URL with the bot token).

    :raises UserError: when Slack will not hand it over, or it is larger than ``max_bytes``.
    """
    try:
        info = client.files_info(file=file_id)["file"]
    except SlackApiError as exc:
        raise UserError(f"I could not open that file ({exc.response.get('error', 'error')}).") from None
    name = str(info.get("name") or info.get("title") or file_id)
    size = info.get("size")
    if isinstance(size, int) and size > max_bytes:
        raise UserError(f"{name} is {size / 1e6:.1f} MB; papers over {max_bytes / 1e6:.0f} MB are not imported.")
    url = info.get("url_private_download") or info.get("url_private") or ""
    if not _may_send_token_to(url, client.base_url):
        raise UserError(f"I could not download {name}: Slack gave no download address I trust.")
    request = urllib.request.Request(url, headers={"Authorization": f"Bearer {client.token}"})
    try:
        with urllib.request.urlopen(request, timeout=30) as answer:  # noqa: S310 (checked above)
            data = _read_at_most(answer, max_bytes)
    except (urllib.error.URLError, TimeoutError) as exc:
        raise UserError(f"I could not download {name} ({exc}). Try sharing it again.") from None
    if data is None:
        raise UserError(f"{name} is over {max_bytes / 1e6:.0f} MB; papers that large are not imported.")
    return SharedFile(file_id, name, data)


def _read_at_most(answer, max_bytes: int) -> bytes | None:
    chunks, total = [], 0
    while chunk := answer.read(_CHUNK):
        total += len(chunk)
        if total > max_bytes:
            return None
        chunks.append(chunk)
    return b"".join(chunks)


def _may_send_token_to(url: str, api_url: str) -> bool:
    """The bot token goes only to Slack's own file host over HTTPS, or to the configured API host."""
    parts, api = urlsplit(url), urlsplit(api_url)
    if parts.scheme == "https" and (parts.hostname or "").endswith(".slack.com"):
        return True
    return bool(parts.hostname) and (parts.scheme, parts.netloc) == (api.scheme, api.netloc)
