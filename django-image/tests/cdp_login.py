#!/usr/bin/python3
"""Drive headless Chromium through the Django admin login form over the
Chrome DevTools Protocol (stdlib only: a minimal WebSocket client).

Starts its own Chromium (new empty profile, every host name mapped to
127.0.0.1 so nothing leaves the machine), opens --url, types the username and
password into the real form, clicks "Log in", waits for the next page, and
checks the outcome:

  --expect success: the admin index ("Site administration") is shown, the
      admin stylesheet was fetched with HTTP 200 and is applied (#header is
      display:flex, which only admin/css/base.css sets);
  --expect failure: the login page is shown again with Django's error note.

Writes a JSON report to --output and exits 0 when the expectation holds.
"""
import argparse
import base64
import json
import os
import signal
import socket
import struct
import subprocess
import sys
import time
import urllib.request
from urllib.parse import urlsplit

CHROMIUM = "/usr/bin/chromium"


class WebSocket:
    """Just enough of RFC 6455 for CDP: text frames, client masking, ping/pong."""

    def __init__(self, url, timeout=30):
        parts = urlsplit(url)
        self.sock = socket.create_connection((parts.hostname, parts.port), timeout=timeout)
        key = base64.b64encode(os.urandom(16)).decode()
        path = parts.path + (("?" + parts.query) if parts.query else "")
        request = (
            f"GET {path} HTTP/1.1\r\nHost: {parts.hostname}:{parts.port}\r\n"
            "Upgrade: websocket\r\nConnection: Upgrade\r\n"
            f"Sec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n\r\n"
        )
        self.sock.sendall(request.encode())
        response = b""
        while b"\r\n\r\n" not in response:
            chunk = self.sock.recv(4096)
            if not chunk:
                raise ConnectionError("websocket handshake: connection closed")
            response += chunk
        head, self.buffer = response.split(b"\r\n\r\n", 1)
        if b" 101 " not in head.split(b"\r\n", 1)[0]:
            raise ConnectionError(f"websocket handshake failed: {head[:200]!r}")

    def _read(self, n):
        while len(self.buffer) < n:
            chunk = self.sock.recv(65536)
            if not chunk:
                raise ConnectionError("websocket closed")
            self.buffer += chunk
        data, self.buffer = self.buffer[:n], self.buffer[n:]
        return data

    def _send_frame(self, opcode, payload):
        header = bytes([0x80 | opcode])
        n = len(payload)
        if n < 126:
            header += bytes([0x80 | n])
        elif n < 65536:
            header += bytes([0x80 | 126]) + struct.pack("!H", n)
        else:
            header += bytes([0x80 | 127]) + struct.pack("!Q", n)
        mask = os.urandom(4)
        masked = bytes(b ^ mask[i % 4] for i, b in enumerate(payload))
        self.sock.sendall(header + mask + masked)

    def send(self, text):
        self._send_frame(0x1, text.encode())

    def recv(self, timeout):
        self.sock.settimeout(timeout)
        message = b""
        while True:
            b0, b1 = self._read(2)
            opcode, n = b0 & 0x0F, b1 & 0x7F
            if n == 126:
                n = struct.unpack("!H", self._read(2))[0]
            elif n == 127:
                n = struct.unpack("!Q", self._read(8))[0]
            mask = self._read(4) if b1 & 0x80 else None
            payload = self._read(n)
            if mask:
                payload = bytes(b ^ mask[i % 4] for i, b in enumerate(payload))
            if opcode == 0x8:
                raise ConnectionError("websocket closed by peer")
            if opcode == 0x9:
                self._send_frame(0xA, payload)
                continue
            if opcode in (0x0, 0x1, 0x2):
                message += payload
                if b0 & 0x80:
                    return message.decode()

    def close(self):
        try:
            self.sock.close()
        except OSError:
            pass


class CDP:
    def __init__(self, ws):
        self.ws = ws
        self.next_id = 0
        self.events = []

    def call(self, method, params=None, timeout=20):
        self.next_id += 1
        my_id = self.next_id
        self.ws.send(json.dumps({"id": my_id, "method": method, "params": params or {}}))
        deadline = time.monotonic() + timeout
        while True:
            msg = json.loads(self.ws.recv(max(0.1, deadline - time.monotonic())))
            if msg.get("id") == my_id:
                if "error" in msg:
                    raise RuntimeError(f"{method}: {msg['error']}")
                return msg.get("result", {})
            if "method" in msg:
                self.events.append(msg)

    def wait_event(self, name, timeout=20, since=0):
        deadline = time.monotonic() + timeout
        while True:
            for event in self.events[since:]:
                if event["method"] == name:
                    return event
            since = len(self.events)
            left = deadline - time.monotonic()
            if left <= 0:
                raise TimeoutError(f"no {name} within {timeout}s")
            try:
                msg = json.loads(self.ws.recv(left))
            except socket.timeout:
                raise TimeoutError(f"no {name} within {timeout}s") from None
            if "method" in msg:
                self.events.append(msg)

    def evaluate(self, expression):
        result = self.call(
            "Runtime.evaluate", {"expression": expression, "returnByValue": True, "awaitPromise": True}
        )
        if "exceptionDetails" in result:
            raise RuntimeError(f"JS error: {result['exceptionDetails']}")
        return result["result"].get("value")


def start_chromium(profile, pid_file):
    cmd = [
        CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
        "--no-first-run", "--no-default-browser-check", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--disable-extensions",
        "--disable-features=OptimizationHints,MediaRouter,Translate",
        "--metrics-recording-only", "--mute-audio", "--ignore-certificate-errors",
        # every name resolves to loopback: the browser cannot reach anything else
        "--host-resolver-rules=MAP * 127.0.0.1, EXCLUDE localhost",
        f"--user-data-dir={profile}", "--remote-debugging-address=127.0.0.1",
        "--remote-debugging-port=0", "--window-size=1280,900", "about:blank",
    ]
    proc = subprocess.Popen(
        cmd, stdout=subprocess.DEVNULL, stderr=open(os.path.join(profile, "chromium.log"), "w"),
        start_new_session=True,
    )
    if pid_file:
        with open(pid_file, "w") as f:
            f.write(str(proc.pid))
    port_file = os.path.join(profile, "DevToolsActivePort")
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"chromium exited with {proc.returncode}")
        if os.path.exists(port_file):
            lines = open(port_file).read().split()
            if lines:
                return proc, int(lines[0])
        time.sleep(0.05)
    raise TimeoutError("chromium did not open its DevTools port")


def stop_chromium(proc):
    if proc.poll() is None:
        try:
            os.killpg(proc.pid, signal.SIGTERM)
        except ProcessLookupError:
            return
        try:
            proc.wait(5)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(5)


PAGE_STATE_JS = r"""
(() => {
  const header = document.querySelector('#header');
  const errornote = document.querySelector('.errornote');
  const sheets = Array.from(document.styleSheets).map(s => {
    let rules = -1; try { rules = s.cssRules.length; } catch (e) {}
    return {href: s.href, rules};
  });
  return {
    url: location.href,
    title: document.title,
    h1: Array.from(document.querySelectorAll('h1')).map(e => e.textContent.trim()),
    siteAdministration: document.body.innerText.includes('Site administration'),
    loginForm: !!document.querySelector('#login-form'),
    errornote: errornote ? errornote.innerText.trim() : null,
    headerDisplay: header ? getComputedStyle(header).display : null,
    stylesheets: sheets,
  };
})()
"""


def run(args):
    proc, port = start_chromium(args.profile, args.pid_file)
    ws = None
    try:
        targets = json.load(urllib.request.urlopen(f"http://127.0.0.1:{port}/json/list", timeout=10))
        page = next(t for t in targets if t["type"] == "page")
        ws = WebSocket(page["webSocketDebuggerUrl"])
        cdp = CDP(ws)
        for domain in ("Page", "Runtime", "Network"):
            cdp.call(f"{domain}.enable")

        mark = len(cdp.events)
        cdp.call("Page.navigate", {"url": args.url})
        cdp.wait_event("Page.loadEventFired", since=mark)
        before = cdp.evaluate(PAGE_STATE_JS)
        if not before["loginForm"]:
            raise RuntimeError(f"no login form at {before['url']}")

        # Type like a person: focus each field, insert the text, click the button.
        for selector, text in (("#id_username", args.username), ("#id_password", args.password)):
            cdp.evaluate(f"document.querySelector({json.dumps(selector)}).focus()")
            cdp.call("Input.insertText", {"text": text})
        mark = len(cdp.events)
        cdp.evaluate("document.querySelector('#login-form [type=submit]').click()")
        cdp.wait_event("Page.loadEventFired", since=mark)
        after = cdp.evaluate(PAGE_STATE_JS)

        responses = [
            {"url": e["params"]["response"]["url"], "status": e["params"]["response"]["status"]}
            for e in cdp.events
            if e["method"] == "Network.responseReceived"
        ]
        css = [r for r in responses if r["url"].split("?")[0].endswith(".css")]
        if args.screenshot:
            shot = cdp.call("Page.captureScreenshot", {"format": "png"})
            with open(args.screenshot, "wb") as f:
                f.write(base64.b64decode(shot["data"]))
        base_css = [r for r in css if "/static/admin/css/base." in r["url"]]
        report = {
            "login_page": {"url": before["url"], "headerDisplay": before["headerDisplay"]},
            "after_submit": after,
            "css_responses": css,
            "checks": {
                "admin_index_shown": after["siteAdministration"] and not after["loginForm"],
                "base_css_fetched_200": bool(base_css) and all(r["status"] == 200 for r in base_css),
                "all_css_200": bool(css) and all(r["status"] == 200 for r in css),
                "admin_css_applied": after["headerDisplay"] == "flex",
                "login_rejected": after["loginForm"] and bool(after["errornote"]),
            },
        }
        return report
    finally:
        if ws:
            ws.close()
        stop_chromium(proc)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--url", required=True)
    parser.add_argument("--username", required=True)
    parser.add_argument("--password", required=True)
    parser.add_argument("--expect", choices=("success", "failure"), required=True)
    parser.add_argument("--profile", required=True, help="new empty directory")
    parser.add_argument("--pid-file")
    parser.add_argument("--output")
    parser.add_argument("--screenshot")
    args = parser.parse_args()
    try:
        report = run(args)
    except Exception as exc:  # report, do not hide
        report = {"error": f"{type(exc).__name__}: {exc}", "checks": {}}
    c = report["checks"]
    if args.expect == "success":
        ok = bool(c) and all(
            c[k] for k in ("admin_index_shown", "base_css_fetched_200", "all_css_200", "admin_css_applied")
        )
    else:
        ok = bool(c) and c["login_rejected"] and not c["admin_index_shown"]
    report["expect"], report["ok"] = args.expect, ok
    text = json.dumps(report, indent=None)
    if args.output:
        with open(args.output, "w") as f:
            f.write(text + "\n")
    print(text)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
