"""`ita-docs batch --scheduler tcp://HOST:8786`: the rows on an existing Dask cluster.

Dask (`distributed`) is an optional extra (`pip install 'ita-docs[cluster]'`). The rows run through
the client's `concurrent.futures` executor, as local processes do (batch/runner.py), the window
sized by the cluster's threads. Whether the workers can write OUTDIR themselves is asked of them:
the client leaves a probe file there and every worker looks for it; if any cannot see it, the
files come back to the client as bytes.
"""

from __future__ import annotations

import os
import uuid
from pathlib import Path
from typing import Any

from ita_docs.diagnostics import ItaDocsError


class ClusterError(ItaDocsError, RuntimeError):
    """No Dask, or no scheduler at the address."""


def connect(address: str, timeout: float = 30) -> Any:
    """A `distributed.Client` of the scheduler at address (ClusterError when Dask or the scheduler is missing)."""
    try:
        from distributed import Client
    except ImportError:
        raise ClusterError("--scheduler ต้องติดตั้ง Dask ก่อน / --scheduler needs Dask: "
                           "pip install 'ita-docs[cluster]'") from None
    try:
        return Client(address, timeout=timeout)
    except (OSError, TimeoutError) as exc:
        raise ClusterError(f"ติดต่อ scheduler ไม่ได้ / cannot reach the scheduler at {address}: {exc}") from None


def workers_share(client: Any, outdir: Path) -> bool:
    """Whether every worker sees outdir as this process does (a shared mount): a probe file is
    written here and looked for by each worker."""
    probe = Path(outdir).resolve() / f".ita-docs-probe-{uuid.uuid4().hex}"
    probe.write_bytes(b"")
    try:
        seen = client.run(os.path.isfile, str(probe))
    finally:
        probe.unlink(missing_ok=True)
    return bool(seen) and all(seen.values())
