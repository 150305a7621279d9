"""Headless Chromium driven over the DevTools protocol on a pipe: no package beyond the standard library,
no port, and the system's browser (never one downloaded).

    with Browser() as browser:
        browser.open(page.as_uri())
        browser.evaluate("document.title")
"""

from __future__ import annotations

import base64
import json
import os
import shutil
import subprocess
import tempfile
import time
from pathlib import Path
from types import TracebackType
from typing import Any

CHROMIUM = Path("/usr/bin/chromium")
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
         "--disable-sync", "--no-first-run", "--disable-quic", "--hide-scrollbars", "--remote-debugging-pipe"]
# Chromium reads commands on its descriptor 3 and answers on 4, each message ending in a NUL byte.
COMMANDS_FD, ANSWERS_FD = 3, 4
WAIT = 60.0


class BrowserError(Exception):
    pass


def chromium() -> Path | None:
    """The system's Chromium, when installed."""
    return CHROMIUM if CHROMIUM.exists() else Path(found) if (found := shutil.which("chromium")) else None


class Browser:
    """One headless Chromium with a fresh profile, one page, and every request the page made."""

    def __init__(self, width: int = 1280, height: int = 900) -> None:
        executable = chromium()
        if executable is None:
            raise BrowserError("no chromium installed")
        self.profile = tempfile.mkdtemp(prefix="reecheck-chromium-")
        commands_read, self.commands = os.pipe()
        self.answers, answers_write = os.pipe()

        def wire() -> None:
            os.dup2(commands_read, COMMANDS_FD)
            os.dup2(answers_write, ANSWERS_FD)

        self.process = subprocess.Popen(
            [str(executable), *FLAGS, f"--user-data-dir={self.profile}", f"--window-size={width},{height}",
             "about:blank"],
            pass_fds=(COMMANDS_FD, ANSWERS_FD), preexec_fn=wire,  # the test process runs no threads
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        os.close(commands_read)
        os.close(answers_write)
        self.buffer = b""
        self.last_id = 0
        self.events: list[dict[str, Any]] = []
        self.session = self.attach_to_page()
        self.send("Page.enable")
        self.send("Network.enable")
        self.send("Emulation.setDeviceMetricsOverride", width=width, height=height, deviceScaleFactor=1, mobile=False)

    def __enter__(self) -> Browser:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        self.close()

    def attach_to_page(self) -> str:
        targets = self.call("Target.getTargets")["targetInfos"]
        page = next(target for target in targets if target["type"] == "page")
        return str(self.call("Target.attachToTarget", targetId=page["targetId"], flatten=True)["sessionId"])

    def call(self, method: str, session: str | None = None, **params: Any) -> dict[str, Any]:
        """Send one command and wait for its answer, keeping the events that come before it."""
        self.last_id += 1
        message: dict[str, Any] = {"id": self.last_id, "method": method, "params": params}
        if session:
            message["sessionId"] = session
        os.write(self.commands, json.dumps(message).encode() + b"\0")
        deadline = time.monotonic() + WAIT
        while True:
            answer = self.next_message(deadline)
            if answer.get("id") == self.last_id:
                if "error" in answer:
                    raise BrowserError(f"{method}: {answer['error']}")
                return dict(answer["result"])
            self.events.append(answer)

    def send(self, method: str, **params: Any) -> dict[str, Any]:
        """A command to the page."""
        return self.call(method, self.session, **params)

    def next_message(self, deadline: float) -> dict[str, Any]:
        while b"\0" not in self.buffer:
            if time.monotonic() > deadline:
                raise BrowserError("chromium did not answer in time")
            chunk = os.read(self.answers, 1 << 20)
            if not chunk:
                raise BrowserError("chromium closed its pipe")
            self.buffer += chunk
        raw, _, self.buffer = self.buffer.partition(b"\0")
        return dict(json.loads(raw))

    def open(self, url: str) -> None:
        """Navigate and wait for the page's load event."""
        self.events.clear()
        self.send("Page.navigate", url=url)
        self.wait_for("Page.loadEventFired")

    def wait_for(self, method: str) -> dict[str, Any]:
        deadline = time.monotonic() + WAIT
        while True:
            found = next((event for event in self.events if event.get("method") == method), None)
            if found is not None:
                return found
            self.events.append(self.next_message(deadline))

    def requests(self) -> list[str]:
        """Every URL the page asked for since it was opened."""
        return [event["params"]["request"]["url"] for event in self.events
                if event.get("method") == "Network.requestWillBeSent"]

    def evaluate(self, expression: str) -> Any:
        answer = self.send("Runtime.evaluate", expression=expression, returnByValue=True, awaitPromise=True)
        if "exceptionDetails" in answer:
            raise BrowserError(f"{expression[:60]}: {answer['exceptionDetails']}")
        return answer["result"].get("value")

    def resize(self, width: int, height: int, mobile: bool = False) -> None:
        self.send("Emulation.setDeviceMetricsOverride", width=width, height=height, deviceScaleFactor=1, mobile=mobile)

    def screenshot(self, path: Path, full_page: bool = False) -> None:
        shot = self.send("Page.captureScreenshot", format="png", captureBeyondViewport=full_page)
        path.write_bytes(base64.b64decode(shot["data"]))

    def print_to_pdf(self) -> bytes:
        return base64.b64decode(self.send("Page.printToPDF")["data"])

    def close(self) -> None:
        try:
            self.call("Browser.close")
        except BrowserError:
            self.process.kill()
        finally:
            self.process.wait(timeout=WAIT)
            os.close(self.commands)
            os.close(self.answers)
            shutil.rmtree(self.profile, ignore_errors=True)
