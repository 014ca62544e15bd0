"""Finds or starts `kinitro env-server`.

Order: the `address=` option, then `KINITRO_ENV_SERVER` (`tcp://host:port` or `unix:PATH`),
else a server started for this process (stopped at exit) from the first of:
`KINITRO_BIN` or a `kinitro` binary on PATH; `deno` on PATH with the checkout in
`KINITRO_CHECKOUT` or the repository this package sits in (`python/` beside `main.ts`).
"""
from __future__ import annotations

import atexit
import json
import os
import shutil
import subprocess
import tempfile
import threading
from pathlib import Path

_lock = threading.Lock()
_proc: subprocess.Popen | None = None
_address: str | None = None
_log = None


def _checkout() -> Path | None:
    env = os.environ.get("KINITRO_CHECKOUT")
    candidates = [Path(env)] if env else []
    candidates.append(Path(__file__).resolve().parents[2])
    for c in candidates:
        if (c / "main.ts").is_file() and (c / "deno.json").is_file():
            return c
    return None


def server_command(workers: int | None = None) -> tuple[list[str], str | None]:
    """The command line that starts a server on a free port, and its working directory."""
    args = ["env-server", "--port", "0", "--log-level", "warn"]
    if workers:
        args += ["--workers", str(workers)]
    binary = os.environ.get("KINITRO_BIN") or shutil.which("kinitro")
    if binary:
        return [binary, *args], None
    deno, checkout = shutil.which("deno"), _checkout()
    if deno and checkout:
        return [deno, "run", "-A", "--unstable-webgpu", "main.ts", *args], str(checkout)
    raise RuntimeError(
        "Cannot start the env server: no `kinitro` binary on PATH (or KINITRO_BIN), and no "
        "`deno` on PATH with a Kinitro checkout (set KINITRO_CHECKOUT). Or run "
        "`kinitro env-server` yourself and set KINITRO_ENV_SERVER=tcp://127.0.0.1:7071."
    )


def server_address(address: str | None = None, workers: int | None = None) -> str:
    """The address of a running server, starting one for this process when none is given."""
    global _proc, _address, _log
    if address:
        return address
    if os.environ.get("KINITRO_ENV_SERVER"):
        return os.environ["KINITRO_ENV_SERVER"]
    with _lock:
        if _proc is not None and _proc.poll() is None and _address:
            return _address
        cmd, cwd = server_command(workers)
        log = tempfile.TemporaryFile()
        proc = subprocess.Popen(cmd, cwd=cwd, stdout=subprocess.PIPE, stderr=log,
                                stdin=subprocess.DEVNULL)
        line = proc.stdout.readline()
        if not line:
            proc.wait()
            log.seek(0)
            raise RuntimeError(
                f"Cannot start the env server ({' '.join(cmd)}): exit {proc.returncode}: "
                f"{log.read().decode(errors='replace')[-2000:]}"
            )
        _address = json.loads(line)["address"]
        _proc, _log = proc, log
        atexit.register(stop_server)
        return _address


def stop_server() -> None:
    """Stops the server this process started (if any)."""
    global _proc, _address, _log
    with _lock:
        if _proc is not None and _proc.poll() is None:
            _proc.terminate()
            try:
                _proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                _proc.kill()
                _proc.wait()
        if _log is not None:
            _log.close()
        _proc, _address, _log = None, None, None
