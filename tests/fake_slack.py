"""A fake Slack Web API on 127.0.0.1 that records every call the bot makes.

It answers the methods recbot uses the way Slack does (``{"ok": true, ...}``), serves
``response_url`` posts under ``/respond/``, and can be told to fail a method a few times
(HTTP 429 with Retry-After, 5xx, or an ``ok: false`` error) before answering normally. For many
workspaces it plays Slack's OAuth too: ``grant(code, team, token)`` makes ``oauth.v2.access``
exchange that code for that workspace's bot token, which ``auth.test`` and file downloads then know.
"""

from __future__ import annotations

import itertools
import json
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from socketserver import BaseServer
from typing import Any
from urllib.parse import parse_qsl


@dataclass
class Call:
    method: str
    args: dict[str, Any]
    headers: dict[str, str]
    at: float = field(default_factory=time.time)
    reply: dict = field(default_factory=dict)  # the body the fake answered with

    @property
    def token(self) -> str:
        """The bearer token the call was made with ('' if none)."""
        auth = next((v for k, v in self.headers.items() if k.lower() == "authorization"), "")
        return auth[len("Bearer ") :] if auth.startswith("Bearer ") else ""


def stop_soon(server: BaseServer) -> None:
    """Stop a local test server without waiting for it.

    ``shutdown()`` returns only at the serving loop's next poll: every test would wait ~10 ms for
    each server it started. The server is done with once the test is, so it stops in the background.
    """
    threading.Thread(target=lambda: (server.shutdown(), server.server_close()), daemon=True).start()


class FakeSlack:
    """Start with ``with FakeSlack() as slack:``; point ``SLACK_API_URL`` at ``slack.api_url``."""

    def __init__(self) -> None:
        self.calls: list[Call] = []
        self.arriving: list[Call] = []  # every call as it arrives, before it is answered
        self.unreachable: set[str] = set()  # channels the bot is not in
        self.socket_url = ""  # what apps.connections.open hands out (a FakeSocketMode server)
        self.files: dict[str, tuple[str, bytes]] = {}  # file id -> (name, content), served to the bot token
        self.file_host = ""  # where files.info says files are; default: this server
        self.codes: dict[str, tuple[str, str]] = {}  # OAuth code -> (team id, bot token) it grants
        self.teams: dict[str, str] = {"xoxb-test-token": "T0001"}  # bot token -> its workspace
        self._plans: dict[str, list[tuple[int, dict, dict]]] = {}
        self._holds: dict[str, threading.Event] = {}
        self._lock = threading.Lock()
        self._ts = itertools.count(1)
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler_class())
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.01}, daemon=True)

    def __enter__(self) -> FakeSlack:
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        stop_soon(self._server)

    @property
    def base(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    @property
    def api_url(self) -> str:
        return f"{self.base}/api/"

    def response_url(self, name: str = "r1") -> str:
        return f"{self.base}/respond/{name}"

    # Scripting and inspection ---------------------------------------------------------

    def fail(
        self,
        method: str,
        status: int = 500,
        body: dict | None = None,
        headers: dict | None = None,
        times: int = 1,
    ) -> None:
        """Answer the next ``times`` calls of ``method`` with this status/body instead of success."""
        with self._lock:
            self._plans.setdefault(method, []).extend(
                [(status, body or {"ok": False, "error": "fatal_error"}, headers or {})] * times
            )

    def grant(self, code: str, team: str, token: str) -> None:
        """An installer approved recbot in ``team``: ``oauth.v2.access`` with ``code`` gives ``token``."""
        self.codes[code] = (team, token)

    def hold(self, method: str) -> threading.Event:
        """Keep every call of ``method`` waiting (recorded as it arrives) until the event returned is set."""
        gate = self._holds[method] = threading.Event()
        return gate

    def arrived(self, method: str) -> list[Call]:
        """Calls of ``method`` received so far, answered or still held."""
        with self._lock:
            return [c for c in self.arriving if c.method == method]

    def add_file(self, file_id: str, name: str, data: bytes) -> None:
        """A file someone shared: ``files.info`` describes it and its private URL serves it."""
        self.files[file_id] = (name, data)

    def calls_to(self, method: str) -> list[Call]:
        with self._lock:
            return [c for c in self.calls if c.method == method]

    def posts_to(self, channel: str) -> list[dict]:
        """Arguments of every chat.postMessage to ``channel``."""
        return [c.args for c in self.calls_to("chat.postMessage") if c.args.get("channel") == channel]

    def wait_for(self, method: str, count: int = 1, timeout: float = 5.0) -> list[Call]:
        """Poll until ``method`` has been called ``count`` times (work done after the ack)."""
        deadline = time.time() + timeout
        while time.time() < deadline:
            found = self.calls_to(method)
            if len(found) >= count:
                return found
            time.sleep(0.01)
        raise AssertionError(
            f"expected {count} call(s) to {method}, got {len(self.calls_to(method))}: {[c.method for c in self.calls]}"
        )

    # HTTP --------------------------------------------------------------------------------

    def _answer(self, method: str, args: dict, token: str = "") -> tuple[int, dict, dict]:
        with self._lock:
            plan = self._plans.get(method)
            if plan:
                return plan.pop(0)
        if method.startswith("respond/"):
            return 200, {"ok": True}, {}
        if method == "oauth.v2.access":
            if args.get("code") not in self.codes:
                return 200, {"ok": False, "error": "invalid_code"}, {}
            team, token = self.codes.pop(args["code"])  # a code is good once, as Slack's are
            self.teams[token] = team
            return (
                200,
                {
                    "ok": True,
                    "access_token": token,
                    "token_type": "bot",
                    "scope": "commands,chat:write,files:read",
                    "bot_user_id": f"U{team}BOT",
                    "app_id": "A123456",
                    "team": {"id": team, "name": f"Council {team}"},
                    "enterprise": None,
                    "is_enterprise_install": False,
                    "authed_user": {"id": "U0INSTALLER"},
                },
                {},
            )
        if method == "auth.test":
            return (
                200,
                {
                    "ok": True,
                    "user_id": "UBOT",
                    "bot_id": "BBOT",
                    "team_id": self.teams.get(token, "T0001"),
                    "team": "example",
                    "url": "https://example.slack.com/",
                },
                {},
            )
        if method == "chat.postMessage" and args.get("channel") in self.unreachable:
            return 200, {"ok": False, "error": "not_in_channel"}, {}
        if method in ("chat.postMessage", "chat.update"):
            ts = f"{1700000000 + next(self._ts)}.000100"
            return (
                200,
                {
                    "ok": True,
                    "channel": args.get("channel"),
                    "ts": ts,
                    "message": {"text": args.get("text"), "ts": ts},
                },
                {},
            )
        if method == "chat.postEphemeral":
            return 200, {"ok": True, "message_ts": f"{1700000000 + next(self._ts)}.000200"}, {}
        if method.startswith("views."):
            return 200, {"ok": True, "view": {"id": "V0001", "hash": "h"}}, {}
        if method == "users.info":
            user = args.get("user", "U0")
            return (
                200,
                {
                    "ok": True,
                    "user": {
                        "id": user,
                        "name": user.lower(),
                        "real_name": f"User {user}",
                        "profile": {"display_name": f"user-{user}"},
                    },
                },
                {},
            )
        if method == "chat.getPermalink":
            channel, ts = args.get("channel", ""), str(args.get("message_ts", ""))
            return (
                200,
                {"ok": True, "permalink": f"https://example.slack.com/archives/{channel}/p{ts.replace('.', '')}"},
                {},
            )
        if method == "files.info":
            found = self.files.get(args.get("file", ""))
            if not found:
                return 200, {"ok": False, "error": "file_not_found"}, {}
            name, data = found
            url = f"{self.file_host or self.base}/files/{args['file']}/{name}"
            return (
                200,
                {
                    "ok": True,
                    "file": {"id": args["file"], "name": name, "size": len(data), "url_private_download": url},
                },
                {},
            )
        if method == "apps.connections.open":
            return 200, {"ok": True, "url": self.socket_url}, {}
        if method == "conversations.open":
            return 200, {"ok": True, "channel": {"id": "D" + str(args.get("users", "U0"))[1:]}}, {}
        return 200, {"ok": True}, {}

    def _handler_class(self):
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
                """A shared file's private URL: served only with the bot's token, as Slack does."""
                parts = self.path.split("/")
                with fake._lock:
                    fake.calls.append(Call("GET " + self.path, {}, dict(self.headers.items())))
                found = fake.files.get(parts[2]) if len(parts) > 2 and parts[1] == "files" else None
                auth = self.headers.get("Authorization") or ""
                if not found or not auth.startswith("Bearer ") or auth[len("Bearer ") :] not in fake.teams:
                    self.send_error(404)
                    return
                self.send_response(200)
                self.send_header("content-length", str(len(found[1])))
                self.end_headers()
                self.wfile.write(found[1])

            def do_POST(self) -> None:  # noqa: N802 (http.server's naming)
                length = int(self.headers.get("content-length") or 0)
                raw = self.rfile.read(length).decode("utf-8")
                if self.path.startswith("/api/"):
                    method = self.path[len("/api/") :].split("?")[0]
                elif self.path.startswith("/respond/"):
                    method = self.path.lstrip("/")
                else:
                    self.send_error(404)
                    return
                ctype = self.headers.get("content-type", "")
                args = json.loads(raw) if "json" in ctype and raw else dict(parse_qsl(raw))
                call = Call(method, args, dict(self.headers.items()))
                with fake._lock:
                    fake.arriving.append(call)
                gate = fake._holds.get(method)
                if gate is not None:
                    gate.wait(10.0)
                status, body, headers = fake._answer(method, args, call.token)
                call.reply = body
                with fake._lock:
                    fake.calls.append(call)
                payload = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("content-type", "application/json")
                self.send_header("content-length", str(len(payload)))
                for k, v in headers.items():
                    self.send_header(k, str(v))
                self.end_headers()
                self.wfile.write(payload)

            def log_message(self, *args) -> None:
                pass

        return Handler
