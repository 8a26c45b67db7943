"""What `ita-docs serve` adds to a .docx render: POST /api/render against the library call.

    python benchmarks/serve_overhead.py [-n 100] [--example order]

Starts the real server (`ita-docs serve --no-browser` on a free loopback port) in its own process, as
an officer runs it, then for the example input times, alternating, n library renders in this process
(ita_docs.api.from_data and render_parts of the same JSON) and n requests through a kept-alive HTTP
connection (httpx) that return the same .docx (a bundle: its .docx in one zip). Prints the median
of each and the overhead (median request - median library call; target: under 5 ms), with the load
of the machine, since other work on it moves both figures.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import socket
import statistics
import subprocess
import sys
import time
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import yaml

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from ita_docs.api import from_data, render_parts  # noqa: E402


@contextmanager
def served() -> Iterator[tuple[str, str]]:
    """(base URL, token) of `ita-docs serve` running in a process of its own."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    process = subprocess.Popen([sys.executable, "-m", "ita_docs", "serve", "--no-browser", "--port", str(port)],
                               stderr=subprocess.PIPE, text=True, cwd=REPO)
    try:
        assert process.stderr is not None
        token = ""
        while not token:
            line = process.stderr.readline()
            if not line:
                raise RuntimeError("ita-docs serve did not start")
            found = re.search(r"\?token=(\S+)", line)
            token = found.group(1) if found else ""
        base = f"http://127.0.0.1:{port}"
        for _ in range(200):
            try:
                httpx.get(base + "/api/kinds", headers={"Authorization": f"Bearer {token}"})
                break
            except httpx.ConnectError:
                time.sleep(0.05)
        yield base, token
    finally:
        process.terminate()
        process.wait(timeout=30)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("-n", type=int, default=100)
    parser.add_argument("--example", default="order",
                        help="an example without pictures (examples/NAME.yaml); a bundle is timed as its zip")
    args = parser.parse_args()
    raw = yaml.safe_load((REPO / "examples" / f"{args.example}.yaml").read_text(encoding="utf-8"))
    data = json.loads(json.dumps(raw, default=str, ensure_ascii=False))  # as a client sends it
    body = json.dumps(data, ensure_ascii=False).encode("utf-8")
    warnings.simplefilter("ignore")

    fmt = "zip" if str(data.get("kind", "")).endswith("bundle") else "docx"  # a bundle: all its .docx in a zip

    def library() -> bytes:
        return b"".join(docx for _, docx in render_parts(from_data(json.loads(body))))  # what the server does

    with served() as (base, token), httpx.Client(base_url=base, headers={
            "Authorization": f"Bearer {token}", "Content-Type": "application/json"}) as client:
        def request() -> bytes:
            answer = client.post(f"/api/render?format={fmt}", content=body)
            answer.raise_for_status()
            return answer.content

        for _ in range(5):  # warm: templates compiled, connection open
            library()
            request()
        lib_times, http_times = [], []
        for _ in range(args.n):
            start = time.perf_counter()
            library()
            lib_times.append(time.perf_counter() - start)
            start = time.perf_counter()
            request()
            http_times.append(time.perf_counter() - start)
    lib = statistics.median(lib_times) * 1000
    http = statistics.median(http_times) * 1000
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"example {args.example}, n={args.n}, load {load:.2f} on {os.cpu_count()} cores")
    print(f"library render_parts   median {lib:7.2f} ms")
    print(f"POST /api/render       median {http:7.2f} ms")
    print(f"server overhead        {http - lib:7.2f} ms (target < 5 ms)")


if __name__ == "__main__":
    main()
