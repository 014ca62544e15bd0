"""Tests of kinitro_gym against a real env server (started from this checkout or
KINITRO_BIN / KINITRO_ENV_SERVER). Run: python -m unittest discover -s python/tests"""
from __future__ import annotations

import os
import struct
import subprocess
import tempfile
import unittest
import warnings
import zlib
from pathlib import Path

import numpy as np
from gymnasium.utils.env_checker import check_env

import kinitro_gym
from kinitro_gym._server import server_command

ENV = "metaworld/reach-v4"


def read_png(path: Path) -> np.ndarray:
    """Decodes an 8-bit RGB PNG (all five row filters)."""
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    at, idat, width, height = 8, b"", 0, 0
    while at < len(data):
        length, kind = struct.unpack(">I4s", data[at:at + 8])
        body = data[at + 8:at + 8 + length]
        if kind == b"IHDR":
            width, height, depth, color = struct.unpack(">IIBB", body[:10])
            assert depth == 8 and color == 2, "expected 8-bit RGB"
        elif kind == b"IDAT":
            idat += body
        at += 12 + length
    raw, stride, bpp = zlib.decompress(idat), width * 3, 3
    out = np.zeros((height, stride), dtype=np.int32)
    for y in range(height):
        f = raw[y * (stride + 1)]
        row = np.frombuffer(raw, np.uint8, stride, y * (stride + 1) + 1).astype(np.int32)
        prev = out[y - 1] if y else np.zeros(stride, np.int32)
        cur = np.zeros(stride, np.int32)
        for x in range(stride):
            a = cur[x - bpp] if x >= bpp else 0
            b, c = prev[x], (prev[x - bpp] if x >= bpp else 0)
            if f == 0:
                p = 0
            elif f == 1:
                p = a
            elif f == 2:
                p = b
            elif f == 3:
                p = (a + b) // 2
            else:
                pa, pb, pc = abs(b - c), abs(a - c), abs(a + b - 2 * c)
                p = a if pa <= pb and pa <= pc else (b if pb <= pc else c)
            cur[x] = (row[x] + p) & 0xFF
        out[y] = cur
    return out.astype(np.uint8).reshape(height, width, 3)


class KinitroGymTest(unittest.TestCase):
    def test_env_passes_gymnasium_checker(self):
        env = kinitro_gym.make(ENV, render_mode="rgb_array")
        try:
            with warnings.catch_warnings(record=True) as caught:
                warnings.simplefilter("always")
                check_env(env, skip_render_check=False)
            serious = [str(w.message) for w in caught if "spec" not in str(w.message)]
            self.assertEqual(serious, [])
            obs, info = env.reset(seed=1)
            self.assertEqual(env.render().shape, (84, 84, 3))
            self.assertIn("success", info)
        finally:
            env.close()

    def test_vector_env_autoresets_with_the_seed_stream(self):
        vec = kinitro_gym.make_vec([ENV, "metaworld/push-v4"], 2, cameras=False, max_steps=3)
        try:
            obs, info = vec.reset(seed=100)
            self.assertTrue(vec.observation_space.contains(obs))
            self.assertEqual(list(info["seed"]), [100, 101])
            self.assertEqual(list(obs["task"]), [0, 1])
            for _ in range(3):
                obs, r, term, trunc, info = vec.step(vec.action_space.sample())
            self.assertTrue(all(trunc))
            obs, r, term, trunc, info = vec.step(vec.action_space.sample())
            self.assertEqual(list(info["seed"]), [102, 103])
            self.assertEqual(list(info["steps"]), [0, 0])
            self.assertEqual(list(r), [0, 0])
            self.assertTrue(vec.observation_space.contains(obs))
        finally:
            vec.close()

    def test_wrong_action_shape_is_refused_and_the_session_survives(self):
        vec = kinitro_gym.make_vec(ENV, 2, cameras=False)
        try:
            vec.reset(seed=0)
            with self.assertRaisesRegex(kinitro_gym.EnvServerError, "expected 32 bytes"):
                vec.step(np.zeros((2, 3), np.float32))
            obs, *_ = vec.step(np.zeros((2, 4), np.float32))
            self.assertEqual(obs["proprio"].shape, (2, 4))
        finally:
            vec.close()

    def test_unknown_env_lists_valid_ids(self):
        with self.assertRaisesRegex(kinitro_gym.EnvServerError, r"nope-v9.*valid ids.*reach"):
            kinitro_gym.make("metaworld/nope-v9")

    def test_first_observation_matches_kinitro_render(self):
        seed = 1234
        env = kinitro_gym.make(ENV)
        try:
            obs, _ = env.reset(seed=seed)
        finally:
            env.close()
        cmd, cwd = server_command()
        with tempfile.TemporaryDirectory() as out:
            subprocess.run([*cmd[:cmd.index("env-server")], "render", ENV, "--seed", str(seed),
                            "--out", out], cwd=cwd, check=True, capture_output=True)
            for cam in ("corner", "gripper"):
                expected = read_png(Path(out) / f"{cam}.png")
                self.assertEqual(obs[cam].tobytes(), expected.tobytes(), cam)


if __name__ == "__main__":
    unittest.main()
