"""What `ita-docs serve` adds to a .docx render: POST /api/render against the library call.

    python benchmarks/serve_overhead.py [-n 100] [--example order]

Starts the real server (uvicorn, loopback, a free port) in this process, then for the example input
times, alternating, n library renders (ita_docs.api.render_parts of the same JSON data) and n
requests through a kept-alive HTTP connection (httpx) that return the same .docx. Prints the median
of each and the overhead (median request - median library call; target: under 5 ms), with the load
of the machine, since other work on it moves both figures.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
import warnings
from pathlib import Path

import httpx
import yaml

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from ita_docs.api import from_data, render_parts  # noqa: E402
from tests.web_server import running_server  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("-n", type=int, default=100)
    parser.add_argument("--example", default="order", help="an example without pictures (examples/NAME.yaml)")
    args = parser.parse_args()
    raw = yaml.safe_load((REPO / "examples" / f"{args.example}.yaml").read_text(encoding="utf-8"))
    data = json.loads(json.dumps(raw, default=str, ensure_ascii=False))  # as a client sends it
    body = json.dumps(data, ensure_ascii=False).encode("utf-8")
    warnings.simplefilter("ignore")

    def library() -> bytes:
        return render_parts(from_data(json.loads(body)))[0][1]  # parse, validate, render: what the server does

    with running_server() as server, httpx.Client(base_url=server.base, headers={
            **server.auth(), "Content-Type": "application/json"}) as client:
        def request() -> bytes:
            answer = client.post("/api/render?format=docx", content=body)
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
