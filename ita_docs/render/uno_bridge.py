"""A warm LibreOffice for PDF conversion, driven over UNO; run by a Python that can `import uno`.

Standalone on purpose (no ita_docs imports): LibreOffice's Python binding lives in the system's
Python (Debian: python3-uno) or in LibreOffice's own, rarely in the user's virtual environment, so
ita_docs.render.pdf starts this file with that interpreter and talks to it over stdin/stdout.
(unoserver does the same over XML-RPC, which needs a free TCP port per worker; pipes need none.)

    python3 uno_bridge.py SOFFICE PROFILE_URL PIPE_NAME [PARENT_PID]

Prints {"ready": true} once LibreOffice answers, then for each request line
{"in": "/path/a.docx", "out": "/path/a.pdf", "filter": {"SelectPdfVersion": 2, …}} one reply line {"ok": true} or {"ok": false, "error": "…"};
when LibreOffice itself is dead (killed, crashed: its UNO bridge is disposed) the reply is
{"ok": false, "crashed": true, "error": "…"} and this program ends, so the caller starts a new one.
End of input closes LibreOffice.

Started as the leader of its own process group (the caller's start_new_session), it takes that
group (LibreOffice's launcher and soffice.bin) down with it on SIGTERM and when PARENT_PID stops
being its parent: a caller killed by SIGKILL leaves no LibreOffice behind. (soffice.bin is the
launcher's child, so a parent-death signal on the launcher alone would not reach it.)
"""

import json
import os
import signal
import subprocess
import sys
import threading
import time

import uno
from com.sun.star.beans import PropertyValue
from com.sun.star.connection import NoConnectException

START_TIMEOUT = 90  # seconds; a first start with a fresh profile takes a few
PARENT_POLL = 0.25  # seconds between checks that the caller is still alive


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


def _kill_group(*_):
    os.killpg(0, signal.SIGKILL)  # this process, the launcher and soffice.bin


def _die_with(parent):
    """Kill our process group on SIGTERM and when `parent` dies (we are then re-parented).

    A thread polls rather than a parent-death signal: the main thread may be waiting inside a
    LibreOffice call, where a Python signal handler would not run until it returns."""
    if os.getpgrp() != os.getpid():  # run by hand from a shell: the group is not ours to kill
        return
    signal.signal(signal.SIGTERM, _kill_group)

    def watch():
        while os.getppid() == parent:
            time.sleep(PARENT_POLL)
        _kill_group()

    threading.Thread(target=watch, daemon=True).start()


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


def _convert(desktop, source, target, filter_data=None):
    document = desktop.loadComponentFromURL(
        uno.systemPathToFileUrl(source), "_blank", 0, _props(Hidden=True, ReadOnly=True))
    if document is None:
        raise RuntimeError("LibreOffice could not open the document")
    options = {"FilterName": "writer_pdf_Export"}
    if filter_data:  # writer_pdf_Export's options (SelectPdfVersion, UseTaggedPDF, …)
        options["FilterData"] = uno.Any("[]com.sun.star.beans.PropertyValue", _props(**filter_data))
    try:
        document.storeToURL(uno.systemPathToFileUrl(target), _props(**options))
    finally:
        document.close(True)


def _office_dead(office, desktop, exc):
    """Whether a failed conversion means LibreOffice itself is gone, not only this document."""
    if type(exc).__name__ == "DisposedException":  # the UNO connection to soffice.bin is closed
        return True
    if office.poll() is not None:  # the launcher ends when soffice.bin dies
        return True
    try:
        desktop.getFrames().getCount()  # a round trip: raises when the connection is dead
    except Exception:
        return True
    return False


def main():
    soffice, profile_url, pipe_name = sys.argv[1:4]
    if len(sys.argv) > 4:
        _die_with(int(sys.argv[4]))
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
                _convert(desktop, request["in"], request["out"], request.get("filter"))
                _reply(ok=True)
            except Exception as exc:
                error = f"{type(exc).__name__}: {getattr(exc, 'Message', '') or exc}"
                if _office_dead(office, desktop, exc):
                    _reply(ok=False, crashed=True, error=error)
                    return 1
                _reply(ok=False, error=error)  # the document failed, LibreOffice is fine
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
