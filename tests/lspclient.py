"""A minimal Language Server Protocol client over stdio, for driving yaml-language-server in tests."""

from __future__ import annotations

import json
import queue
import subprocess
import threading
import time
from collections.abc import Callable
from typing import Any


class LanguageServer:
    def __init__(self, command: list[str], settings: dict[str, Any]) -> None:
        self.process = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        self.settings = settings
        self.messages: queue.Queue[dict[str, Any] | None] = queue.Queue()
        self.next_id = 1
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        stream = self.process.stdout
        assert stream is not None
        while True:
            headers: dict[str, str] = {}
            while True:
                line = stream.readline()
                if not line:
                    self.messages.put(None)
                    return
                text = line.decode("ascii").strip()
                if not text:
                    break
                key, value = text.split(":", 1)
                headers[key.lower()] = value.strip()
            self.messages.put(json.loads(stream.read(int(headers["content-length"]))))

    def send(self, message: dict[str, Any]) -> None:
        data = json.dumps({"jsonrpc": "2.0", **message}).encode("utf-8")
        assert self.process.stdin is not None
        self.process.stdin.write(b"Content-Length: %d\r\n\r\n" % len(data) + data)
        self.process.stdin.flush()

    def request(self, method: str, params: dict[str, Any]) -> Any:
        ident = self.next_id
        self.next_id += 1
        self.send({"id": ident, "method": method, "params": params})
        return self.wait(lambda m: m.get("id") == ident and "method" not in m)["result"]

    def notify(self, method: str, params: dict[str, Any]) -> None:
        self.send({"method": method, "params": params})

    def wait(self, wanted: Callable[[dict[str, Any]], bool], timeout: float = 120) -> dict[str, Any]:
        """The next message ``wanted`` accepts; the server's own requests are answered meanwhile."""
        end = time.monotonic() + timeout
        while True:
            left = end - time.monotonic()
            if left <= 0:
                raise TimeoutError("no answer from the language server")
            try:
                message = self.messages.get(timeout=left)
            except queue.Empty:
                raise TimeoutError("no answer from the language server") from None
            if message is None:
                stderr = self.process.stderr.read().decode("utf-8", "replace") if self.process.stderr else ""
                raise RuntimeError(f"the language server exited: {stderr}")
            if "method" in message and "id" in message:
                result: Any = None
                if message["method"] == "workspace/configuration":
                    result = [self.settings.get(item.get("section", "")) for item in message["params"]["items"]]
                self.send({"id": message["id"], "result": result})
                continue
            if wanted(message):
                return message

    def close(self) -> None:
        try:
            self.request("shutdown", {})
            self.notify("exit", {})
            self.process.wait(timeout=10)
        except Exception:  # noqa: BLE001 - the test is over; make sure the process is gone
            self.process.kill()
            self.process.wait()
