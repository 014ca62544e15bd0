"""Env-server throughput from Python: N envs, both 84x84 cameras, random actions.

    python python/benchmarks/bench_env_server.py --num-envs 16 --steps 100 [--address tcp://…]

Prints `start` and `end` around the timed steps, then one JSON line: env steps/s (vector steps x N per wall second)."""
from __future__ import annotations

import argparse
import json
import resource
import time

import numpy as np

import kinitro_gym

DEFAULT_ENV_IDS = [
    "metaworld/reach-v4", "metaworld/push-v4", "metaworld/pick-place-v4",
    "metaworld/drawer-open-v4", "metaworld/drawer-close-v4", "metaworld/door-open-v4",
    "metaworld/button-press-v4", "metaworld/peg-insert-v4",
]


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--num-envs", type=int, default=16)
    p.add_argument("--steps", type=int, default=100, help="vector steps measured")
    p.add_argument("--warmup", type=int, default=30)
    p.add_argument("--address", default=None)
    p.add_argument("--env-ids", default=",".join(DEFAULT_ENV_IDS))
    a = p.parse_args()
    vec = kinitro_gym.make_vec(a.env_ids.split(","), a.num_envs, address=a.address)
    rng = np.random.default_rng(0)
    try:
        vec.reset(seed=0)
        for _ in range(a.warmup):
            vec.step(rng.uniform(-1, 1, (a.num_envs, 4)).astype(np.float32))
        print("start", flush=True)
        t0, c0 = time.perf_counter(), resource.getrusage(resource.RUSAGE_SELF)
        for _ in range(a.steps):
            obs, *_ = vec.step(rng.uniform(-1, 1, (a.num_envs, 4)).astype(np.float32))
        dt, c1 = time.perf_counter() - t0, resource.getrusage(resource.RUSAGE_SELF)
        print("end", flush=True)
        cpu = (c1.ru_utime - c0.ru_utime) + (c1.ru_stime - c0.ru_stime)
        assert obs["corner"].shape == (a.num_envs, 84, 84, 3)
    finally:
        vec.close()
    print(json.dumps({"num_envs": a.num_envs, "vector_steps": a.steps,
                      "env_steps_per_s": a.steps * a.num_envs / dt,
                      "client_cpu_s": cpu, "wall_s": dt}))


if __name__ == "__main__":
    main()
