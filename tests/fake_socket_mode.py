"""A fake Slack Socket Mode endpoint on 127.0.0.1: says hello, sends envelopes, records the acks."""

from __future__ import annotations

import json
import queue
import threading

from websockets.sync.server import serve


class FakeSocketMode:
    def __init__(self) -> None:
        self.to_send: queue.Queue = queue.Queue()
        self.acks: queue.Queue = queue.Queue()
        self._server = serve(self._session, "127.0.0.1", 0)
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        host, port = self._server.socket.getsockname()[:2]
        return f"ws://{host}:{port}/link"

    def __enter__(self) -> FakeSocketMode:
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._server.shutdown()

    def send(self, envelope: dict) -> None:
        self.to_send.put(envelope)

    def _session(self, websocket) -> None:
        websocket.send(json.dumps({"type": "hello", "num_connections": 1, "debug_info": {}}))
        while True:
            try:
                envelope = self.to_send.get(timeout=0.05)
            except queue.Empty:
                envelope = None
            if envelope is not None:
                websocket.send(json.dumps(envelope))
            try:
                message = websocket.recv(timeout=0.05)
            except TimeoutError:
                # a ping wakes the client's blocking read, so its close() need not wait out its 3 s timeout
                websocket.ping()
                continue
            except Exception:
                return
            data = json.loads(message)
            if "envelope_id" in data:
                self.acks.put(data)
