"""A warm LibreOffice for PDF conversion, driven over UNO; run by a Python that can `import uno`.

Standalone on purpose (no ita_docs imports): LibreOffice's Python binding lives in the system's
Python (Debian: python3-uno) or in LibreOffice's own, rarely in the user's virtual environment, so
ita_docs.render.pdf starts this file with that interpreter and talks to it over stdin/stdout.
(unoserver does the same over XML-RPC, which needs a free TCP port per worker; pipes need none.)

    python3 uno_bridge.py SOFFICE PROFILE_URL PIPE_NAME

Prints {"ready": true} once LibreOffice answers, then for each request line
{"in": "/path/a.docx", "out": "/path/a.pdf"} one reply line {"ok": true} or {"ok": false, "error": "…"}.
End of input closes LibreOffice.
"""

import json
import subprocess
import sys
import time

import uno
from com.sun.star.beans import PropertyValue
from com.sun.star.connection import NoConnectException

START_TIMEOUT = 90  # seconds; a first start with a fresh profile takes a few


def _props(**values):
    props = []
    for name, value in values.items():
        prop = PropertyValue()
        prop.Name, prop.Value = name, value
        props.append(prop)
    return tuple(props)


def _reply(**message):
    sys.stdout.write(json.dumps(message) + "\n")
    sys.stdout.flush()


def _connect(soffice, profile_url, pipe_name):
    office = subprocess.Popen(
        [soffice, f"-env:UserInstallation={profile_url}", "--headless", "--invisible", "--nologo",
         "--nodefault", "--norestore", "--nolockcheck", "--nocrashreport",
         f"--accept=pipe,name={pipe_name};urp;StarOffice.ComponentContext"],
        stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    local = uno.getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext("com.sun.star.bridge.UnoUrlResolver", local)
    deadline = time.monotonic() + START_TIMEOUT
    while True:
        try:
            context = resolver.resolve(f"uno:pipe,name={pipe_name};urp;StarOffice.ComponentContext")
            break
        except NoConnectException:
            if office.poll() is not None or time.monotonic() > deadline:
                office.kill()
                raise RuntimeError(f"LibreOffice did not start (exit code {office.poll()})") from None
            time.sleep(0.1)
    desktop = context.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", context)
    return office, desktop


def _convert(desktop, source, target):
    document = desktop.loadComponentFromURL(
        uno.systemPathToFileUrl(source), "_blank", 0, _props(Hidden=True, ReadOnly=True))
    if document is None:
        raise RuntimeError("LibreOffice could not open the document")
    try:
        document.storeToURL(uno.systemPathToFileUrl(target), _props(FilterName="writer_pdf_Export"))
    finally:
        document.close(True)


def main():
    soffice, profile_url, pipe_name = sys.argv[1:4]
    try:
        office, desktop = _connect(soffice, profile_url, pipe_name)
    except Exception as exc:
        _reply(ready=False, error=str(exc))
        return 1
    _reply(ready=True)
    try:
        for line in sys.stdin:
            request = json.loads(line)
            try:
                _convert(desktop, request["in"], request["out"])
                _reply(ok=True)
            except Exception as exc:  # the document failed, LibreOffice may still be fine
                _reply(ok=False, error=f"{type(exc).__name__}: {getattr(exc, 'Message', '') or exc}")
    finally:
        try:
            desktop.terminate()
        except Exception:
            pass
        try:
            office.wait(timeout=10)
        except subprocess.TimeoutExpired:
            office.kill()
    return 0


if __name__ == "__main__":
    sys.exit(main())
