"""The env-server wire format (docs/training.md#protocol): `u32 length (LE)`, `u8 type`, payload."""
from __future__ import annotations

import json
import socket
import struct

import numpy as np

HELLO, RESET, STEP, CLOSE = 1, 2, 3, 4
WELCOME, BATCH, ERROR = 101, 102, 255


class EnvServerError(RuntimeError):
    """The env server refused a request (the message says why)."""


def batch_layout(n: int, cameras: int, size: int) -> dict:
    """Byte offsets of a batch payload's arrays (mirrors `batchLayout` in protocol.ts)."""
    seed, proprio = 0, 8 * n
    reward = proprio + 16 * n
    action = reward + 4 * n
    steps = action + 16 * n
    terminated = steps + 4 * n
    truncated, success = terminated + n, terminated + 2 * n
    at = success + n
    at += (8 - at % 8) % 8
    images = []
    for _ in range(cameras):
        images.append(at)
        at += n * size * size * 3
    return dict(seed=seed, proprio=proprio, reward=reward, action=action, steps=steps,
                terminated=terminated, truncated=truncated, success=success, images=images,
                bytes=at)


class Connection:
    """One client session: a hello, then resets and steps of N environments."""

    def __init__(self, address: str, hello: dict, timeout: float = 120.0):
        if address.startswith("unix:"):
            self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            self.sock.settimeout(timeout)
            self.sock.connect(address[len("unix:"):])
        else:
            host, port = address.removeprefix("tcp://").rsplit(":", 1)
            self.sock = socket.create_connection((host, int(port)), timeout=timeout)
            self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self._send(HELLO, json.dumps(hello).encode())
        kind, payload = self._recv_small()
        if kind == ERROR:
            self.sock.close()
            raise EnvServerError(bytes(payload).decode())
        self.welcome = json.loads(bytes(payload))
        w = self.welcome
        self.num_envs = w["num_envs"]
        self.layout = batch_layout(self.num_envs, len(w["cameras"]), w["image_size"])
        self._buf = bytearray(self.layout["bytes"])
        self._view = memoryview(self._buf)

    def _send(self, kind: int, payload: bytes) -> None:
        self.sock.sendall(struct.pack("<IB", len(payload) + 1, kind) + payload)

    def _recv_exact(self, view: memoryview) -> None:
        got = 0
        while got < len(view):
            k = self.sock.recv_into(view[got:])
            if k == 0:
                raise EnvServerError("the env server closed the connection")
            got += k

    def _recv_small(self) -> tuple[int, memoryview]:
        head = bytearray(5)
        self._recv_exact(memoryview(head))
        length, kind = struct.unpack("<IB", head)
        body = bytearray(length - 1)
        self._recv_exact(memoryview(body))
        return kind, memoryview(body)

    def _recv_batch(self) -> dict:
        head = bytearray(5)
        self._recv_exact(memoryview(head))
        length, kind = struct.unpack("<IB", head)
        if kind != BATCH or length - 1 != len(self._buf):
            body = bytearray(length - 1)
            self._recv_exact(memoryview(body))
            if kind == ERROR:
                raise EnvServerError(body.decode())
            raise EnvServerError(f"unexpected frame type {kind} from the env server")
        self._recv_exact(self._view)
        return self._arrays()

    def _arrays(self) -> dict:
        n, L, w = self.num_envs, self.layout, self.welcome
        b, size = self._buf, w["image_size"]

        def arr(key, dtype, count, shape):
            return np.frombuffer(b, dtype=dtype, count=count, offset=L[key]).reshape(shape).copy()

        out = dict(
            seed=arr("seed", "<f8", n, (n,)).astype(np.int64),
            proprio=arr("proprio", "<f4", 4 * n, (n, 4)),
            reward=arr("reward", "<f4", n, (n,)),
            action=arr("action", "<f4", 4 * n, (n, 4)),
            steps=arr("steps", "<u4", n, (n,)),
            terminated=arr("terminated", "u1", n, (n,)).astype(bool),
            truncated=arr("truncated", "u1", n, (n,)).astype(bool),
            success=arr("success", "u1", n, (n,)).astype(bool),
        )
        for c, name in enumerate(w["cameras"]):
            out[name] = np.frombuffer(b, dtype=np.uint8, count=n * size * size * 3,
                                      offset=L["images"][c]).reshape(n, size, size, 3).copy()
        return out

    def reset(self, seeds) -> dict:
        """Resets every env; a negative seed takes the next seed of that env's stream."""
        self._send(RESET, np.asarray(seeds, dtype="<f8").tobytes())
        return self._recv_batch()

    def step(self, actions) -> dict:
        """Steps every env (an env that finished resets instead: next-step auto-reset)."""
        a = np.asarray(actions, dtype="<f4")
        self._send(STEP, a.tobytes())
        return self._recv_batch()

    def close(self) -> None:
        try:
            self._send(CLOSE, b"")
        except OSError:
            pass
        self.sock.close()
