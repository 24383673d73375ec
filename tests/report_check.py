#!/usr/bin/env python3
"""report_check.py - open nascost's HTML reports in headless Chromium, as a reader would.

Usage: report_check.py CHROMIUM OUTDIR PAGE.html=FIGURES [PAGE.html=FIGURES ...]

Drives Chromium over the DevTools protocol on a pipe (--remote-debugging-pipe: file
descriptors 3 and 4, messages ending in NUL; nothing but the standard library) and, for
each page, checks:
  - it loads, with no uncaught exception, no console error and no dialog (an escaped
    <script> in a title must not run);
  - it requests nothing but itself: no network, no file beside it (data: URIs allowed);
  - the DOM has FIGURES <figure> elements, each with one rendered <svg> (role="img", an
    aria-label) and a <figcaption>, the <html> element a lang, no <script> at all;
  - a screenshot at 1280 x 2400 (OUTDIR/NAME.png) is not blank: more than 10 colours and
    some ink; printing gives a PDF (OUTDIR/NAME.pdf), and a screenshot of the print layout
    goes to OUTDIR/NAME-print.png, a full-length one to OUTDIR/NAME-full.png, for people.
Prints one line per check, "ok WHAT" or "FAIL WHAT: why"; exits 1 on any failure.
"""
import base64
import fcntl
import json
import os
import select
import struct
import subprocess
import sys
import tempfile
import time
import zlib

TIMEOUT_S = 25.0


class Browser:
    """One headless Chromium, spoken to over --remote-debugging-pipe."""

    def __init__(self, chromium):
        self.profile = tempfile.mkdtemp(prefix="nascost-chromium-")
        self.log = tempfile.TemporaryFile()  # its standard error: a pipe could fill and block it
        to_chrome_r, self.to_chrome = os.pipe()
        self.from_chrome, from_chrome_w = os.pipe()

        def pipes_at_3_and_4():  # in the child: the protocol's descriptors
            a = fcntl.fcntl(to_chrome_r, fcntl.F_DUPFD, 10)
            b = fcntl.fcntl(from_chrome_w, fcntl.F_DUPFD, 10)
            os.dup2(a, 3)
            os.dup2(b, 4)

        try:
            self.proc = self._start(chromium, pipes_at_3_and_4)
        except OSError:
            for fd in (to_chrome_r, self.to_chrome, self.from_chrome, from_chrome_w):
                os.close(fd)
            subprocess.run(["rm", "-rf", self.profile], check=False)
            raise
        os.close(to_chrome_r)
        os.close(from_chrome_w)
        self.next_id = 0
        self.buffer = b""
        self.events = []
        self.session = None

    def _start(self, chromium, preexec):
        return subprocess.Popen(
            [chromium, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
             "--no-first-run", "--disable-background-networking", "--disable-component-update",
             "--disable-sync", "--disable-extensions", "--hide-scrollbars", "--mute-audio",
             "--user-data-dir=" + self.profile, "--remote-debugging-pipe", "about:blank"],
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=self.log,
            preexec_fn=preexec, close_fds=False)

    def close(self):
        try:
            self.send("Browser.close", timeout=5)
        except Exception:
            pass
        try:
            self.proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        for fd in (self.to_chrome, self.from_chrome):
            os.close(fd)
        subprocess.run(["rm", "-rf", self.profile], check=False)

    def _read_message(self, deadline):
        while b"\0" not in self.buffer:
            left = deadline - time.monotonic()
            if left <= 0:
                raise TimeoutError("Chromium did not answer in time")
            ready, _, _ = select.select([self.from_chrome], [], [], left)
            if ready:
                chunk = os.read(self.from_chrome, 1 << 20)
                if not chunk:
                    raise EOFError("Chromium closed the pipe: " + self.stderr_tail())
                self.buffer += chunk
        message, self.buffer = self.buffer.split(b"\0", 1)
        message = json.loads(message)
        if message.get("method") == "Page.javascriptDialogOpening":  # it would block the page
            self.next_id += 1
            os.write(self.to_chrome, json.dumps({
                "id": self.next_id, "sessionId": message.get("sessionId"),
                "method": "Page.handleJavaScriptDialog", "params": {"accept": False}}).encode()
                + b"\0")
        return message

    def stderr_tail(self):
        try:
            status = self.proc.wait(timeout=3)
        except subprocess.TimeoutExpired:
            return "(it is still running)"
        self.log.seek(0)
        return "exit %s: %s" % (status, self.log.read().decode(errors="replace")[-600:])

    def send(self, method, params=None, session=True, timeout=TIMEOUT_S):
        """Send a command and wait for its answer; events meanwhile are kept."""
        self.next_id += 1
        my_id = self.next_id
        message = {"id": my_id, "method": method, "params": params or {}}
        if session and self.session:
            message["sessionId"] = self.session
        os.write(self.to_chrome, json.dumps(message).encode() + b"\0")
        deadline = time.monotonic() + timeout
        while True:
            answer = self._read_message(deadline)
            if answer.get("id") == my_id:
                if "error" in answer:
                    raise RuntimeError("%s: %s" % (method, answer["error"].get("message")))
                return answer.get("result", {})
            self.events.append(answer)

    def wait_for(self, method, timeout=TIMEOUT_S):
        deadline = time.monotonic() + timeout
        while True:
            for i, event in enumerate(self.events):
                if event.get("method") == method:
                    return self.events.pop(i)
            self.events.append(self._read_message(deadline))

    def open_tab(self):
        target = self.send("Target.createTarget", {"url": "about:blank"}, session=False)
        attached = self.send("Target.attachToTarget",
                             {"targetId": target["targetId"], "flatten": True}, session=False)
        self.session = attached["sessionId"]
        for domain in ("Page", "Runtime", "Log", "Network"):
            self.send(domain + ".enable")
        self.send("Emulation.setDeviceMetricsOverride",
                  {"width": 1280, "height": 2400, "deviceScaleFactor": 1, "mobile": False})


# ---- PNG: enough of it to count colours (8-bit RGB or RGBA, not interlaced) -------------------

def png_pixels(data):
    """The rows of an 8-bit RGB(A) PNG as bytes, and bytes per pixel."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    pos, idat, header = 8, [], None
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            header = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            idat.append(body)
        pos += 12 + length
    width, height, depth, colour, _, _, interlace = header
    assert depth == 8 and colour in (2, 6) and interlace == 0, "unexpected PNG %r" % (header,)
    bpp = 3 if colour == 2 else 4
    raw = zlib.decompress(b"".join(idat))
    stride = width * bpp
    rows, prev = [], bytearray(stride)
    for y in range(height):
        kind = raw[y * (stride + 1)]
        line = bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        if kind == 1:
            for i in range(bpp, stride):
                line[i] = (line[i] + line[i - bpp]) & 255
        elif kind == 2:
            line = bytearray((a + b) & 255 for a, b in zip(line, prev))
        elif kind == 3:
            for i in range(stride):
                left = line[i - bpp] if i >= bpp else 0
                line[i] = (line[i] + ((left + prev[i]) >> 1)) & 255
        elif kind == 4:
            for i in range(stride):
                a = line[i - bpp] if i >= bpp else 0
                b = prev[i]
                c = prev[i - bpp] if i >= bpp else 0
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        rows.append(bytes(line))
        prev = line
    return width, height, bpp, rows


def ink(data):
    """Distinct colours and the share of pixels that are not white, of a PNG."""
    width, height, bpp, rows = png_pixels(data)
    colours, inked, seen = set(), 0, 0
    for row in rows[::3]:
        for x in range(0, width * bpp, bpp * 2):
            pixel = row[x:x + 3]
            colours.add(pixel)
            inked += pixel != b"\xff\xff\xff"
            seen += 1
    return width, height, len(colours), inked / max(seen, 1)


# ---- the checks -----------------------------------------------------------------------------

PAGE_FACTS = """(() => {
  const figures = [...document.querySelectorAll('figure')];
  return JSON.stringify({
    lang: document.documentElement.lang,
    title: document.title,
    h1: (document.querySelector('h1') || {}).textContent || '',
    scripts: document.querySelectorAll('script').length,
    svgs: document.querySelectorAll('svg').length,
    figures: figures.map(f => {
      const svg = f.querySelector('svg'), box = svg ? svg.getBoundingClientRect() : null;
      return {svgs: f.querySelectorAll('svg').length, label: svg && svg.getAttribute('aria-label'),
              role: svg && svg.getAttribute('role'), caption: !!f.querySelector('figcaption'),
              width: box ? box.width : 0, height: box ? box.height : 0,
              texts: svg ? svg.querySelectorAll('text').length : 0};
    }),
    tables: [...document.querySelectorAll('table')].map(t => t.querySelectorAll('th').length),
    height: document.documentElement.scrollHeight,
  });
})()"""


def problems_in(events, page_url):
    """Console errors, exceptions, dialogs and requests for anything but the page itself."""
    found = []
    for event in events:
        method, params = event.get("method"), event.get("params", {})
        if method == "Runtime.exceptionThrown":
            found.append("uncaught exception: %s" % params["exceptionDetails"].get("text"))
        elif method == "Runtime.consoleAPICalled" and params.get("type") in ("error", "assert"):
            found.append("console error: %r" % [a.get("value") for a in params.get("args", [])])
        elif method == "Log.entryAdded" and params["entry"].get("level") == "error":
            found.append("console error: %s (%s)" % (params["entry"].get("text"),
                                                     params["entry"].get("url", "")))
        elif method == "Page.javascriptDialogOpening":
            found.append("a dialog opened: %r" % params.get("message"))
        elif method == "Network.requestWillBeSent":
            url = params["request"]["url"]
            if url != page_url and not url.startswith("data:"):
                found.append("requested %s" % url)
    return found


def check_page(browser, path, want_figures, outdir, say):
    name = os.path.splitext(os.path.basename(path))[0]
    url = "file://" + os.path.abspath(path)
    browser.events.clear()
    browser.send("Page.navigate", {"url": url})
    browser.wait_for("Page.loadEventFired")
    facts = json.loads(browser.send("Runtime.evaluate", {
        "expression": PAGE_FACTS, "returnByValue": True})["result"]["value"])
    browser.send("Runtime.evaluate", {"expression": "0", "returnByValue": True})  # flush logs
    problems = problems_in(browser.events, url)
    say(not problems, "%s loads with no console error, no dialog, no request" % name,
        "; ".join(problems[:5]))
    say(facts["lang"] == "en", "%s: <html lang> is set" % name, repr(facts["lang"]))
    say(facts["scripts"] == 0, "%s: no <script> in the DOM" % name, str(facts["scripts"]))
    figures = facts["figures"]
    say(len(figures) == want_figures and facts["svgs"] == want_figures,
        "%s: %d figures, each an <svg>" % (name, want_figures),
        "%d <figure>, %d <svg>" % (len(figures), facts["svgs"]))
    bad = [i + 1 for i, f in enumerate(figures)
           if f["svgs"] != 1 or not f["caption"] or f["role"] != "img" or not f["label"]]
    say(not bad, "%s: every figure has alt text (role=img, aria-label) and a caption" % name,
        "figures %s" % bad)
    small = [i + 1 for i, f in enumerate(figures)
             if f["width"] < 600 or f["height"] < 300 or f["texts"] < 5]
    say(not small, "%s: every figure is rendered (at least 600 x 300 px, with text)" % name,
        "figures %s: %s" % (small, [(f["width"], f["height"]) for f in figures]))
    say(all(n > 0 for n in facts["tables"]) and len(facts["tables"]) >= 3,
        "%s: tables with header cells" % name, repr(facts["tables"]))

    shot = base64.b64decode(browser.send("Page.captureScreenshot", {"format": "png"})["data"])
    with open(os.path.join(outdir, name + ".png"), "wb") as f:
        f.write(shot)
    width, height, colours, share = ink(shot)
    say((width, height) == (1280, 2400) and colours > 10 and 0.02 < share < 0.9,
        "%s: the screenshot is not blank (%d colours, %.0f%% ink)" % (name, colours, 100 * share),
        "%dx%d, %d colours, %.1f%% ink" % (width, height, colours, 100 * share))
    full_height = min(int(facts["height"]), 16000)
    full = browser.send("Page.captureScreenshot", {"format": "png", "captureBeyondViewport": True,
                        "clip": {"x": 0, "y": 0, "width": 1280, "height": full_height,
                                 "scale": 1}})
    with open(os.path.join(outdir, name + "-full.png"), "wb") as f:
        f.write(base64.b64decode(full["data"]))

    browser.send("Emulation.setEmulatedMedia", {"media": "print"})
    pdf = base64.b64decode(browser.send("Page.printToPDF", {"printBackground": False,
                                                             "preferCSSPageSize": True})["data"])
    with open(os.path.join(outdir, name + ".pdf"), "wb") as f:
        f.write(pdf)
    pages = pdf.count(b"/Type /Page") - pdf.count(b"/Type /Pages")
    say(pdf[:5] == b"%PDF-" and pages >= 2, "%s prints (%d A4 pages)" % (name, pages),
        "%d bytes, %d pages" % (len(pdf), pages))
    printed = browser.send("Page.captureScreenshot", {"format": "png"})["data"]
    with open(os.path.join(outdir, name + "-print.png"), "wb") as f:
        f.write(base64.b64decode(printed))
    browser.send("Emulation.setEmulatedMedia", {"media": ""})
    return facts


def main(argv):
    if len(argv) < 4:
        sys.stderr.write(__doc__)
        return 2
    chromium, outdir, pages = argv[1], argv[2], argv[3:]
    failures = 0

    def say(ok, what, why=""):
        nonlocal failures
        failures += not ok
        print("ok %s" % what if ok else "FAIL %s: %s" % (what, why), flush=True)

    browser = None
    try:
        browser = Browser(chromium)
        browser.send("Browser.getVersion", session=False)
        browser.open_tab()
    except Exception as e:  # installed, yet it does not start: a broken set-up, not a skip
        say(False, "Chromium starts (%s)" % chromium, repr(e))
        if browser:
            browser.close()
        return 1
    try:
        for page in pages:
            path, _, want = page.rpartition("=")
            try:
                check_page(browser, path, int(want), outdir, say)
            except Exception as e:
                say(False, "%s could be checked" % os.path.basename(path), repr(e))
    finally:
        browser.close()
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
