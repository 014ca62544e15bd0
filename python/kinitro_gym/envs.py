"""`KinitroEnv` (gymnasium.Env) and `KinitroVecEnv` (gymnasium.vector.VectorEnv) over the
env server. Observations follow the miner protocol and the model contract: `corner` and
`gripper` uint8 [84, 84, 3] RGB (rows top to bottom), `proprio` float32 [4]
(`[ee_x, ee_y, ee_z, gripper]`), `task` the index of the env id in the contract's task order.
Actions: float32 [4] in [-1, 1] (`[dx, dy, dz, grip]`)."""
from __future__ import annotations

import numpy as np
import gymnasium as gym
from gymnasium import spaces
from gymnasium.vector import AutoresetMode, VectorEnv
from gymnasium.vector.utils import batch_space

from ._protocol import Connection
from ._server import server_address

_MAX_SEED = 2**53 - 1
# Hand position (m, world frame; the workspace is well inside) and finger opening in [0, 1].
_PROPRIO_LOW = np.array([-2, -2, -2, -0.5], dtype=np.float32)
_PROPRIO_HIGH = np.array([2, 2, 2, 1.5], dtype=np.float32)


def _hello(env_ids, num_envs, cameras=True, image_size=84, randomize=True, max_steps=None,
           policy="client", oracle_noise=0.0) -> dict:
    hello = dict(env_ids=list(env_ids), num_envs=int(num_envs), cameras=bool(cameras),
                 image_size=int(image_size), randomize=bool(randomize), policy=policy,
                 oracle_noise=float(oracle_noise))
    if max_steps is not None:
        hello["max_steps"] = int(max_steps)
    return hello


def _single_space(welcome: dict) -> spaces.Dict:
    size = welcome["image_size"]
    fields = {name: spaces.Box(0, 255, (size, size, 3), np.uint8) for name in welcome["cameras"]}
    fields["proprio"] = spaces.Box(_PROPRIO_LOW, _PROPRIO_HIGH, (4,), np.float32)
    fields["task"] = spaces.Discrete(max(1, len(welcome["task_ids"])))
    return spaces.Dict(fields)


_ACTION = spaces.Box(-1.0, 1.0, (4,), np.float32)


def _obs(batch: dict, welcome: dict, task: np.ndarray) -> dict:
    out = {name: batch[name] for name in welcome["cameras"]}
    out["proprio"] = batch["proprio"]
    out["task"] = task
    return out


def _info(batch: dict) -> dict:
    info = {k: batch[k] for k in ("success", "seed", "steps")}
    if np.any(batch["action"]):
        info["oracle_action"] = batch["action"]
    for k in list(info):
        info["_" + k] = np.ones(len(batch["success"]), dtype=bool)
    return info


class KinitroVecEnv(VectorEnv):
    """N environments stepped together by the env server (next-step auto-reset)."""

    metadata = {"render_modes": ["rgb_array"], "autoreset_mode": AutoresetMode.NEXT_STEP}

    def __init__(self, env_ids, num_envs: int, render_mode: str | None = None,
                 address: str | None = None, workers: int | None = None, **options):
        if isinstance(env_ids, str):
            env_ids = [env_ids]
        self._conn = Connection(server_address(address, workers),
                                _hello(env_ids, num_envs, **options))
        w = self.welcome = self._conn.welcome
        self.num_envs = w["num_envs"]
        self.env_ids = w["env_ids"]
        self.render_mode = render_mode
        self.single_observation_space = _single_space(w)
        self.single_action_space = _ACTION
        self.observation_space = batch_space(self.single_observation_space, self.num_envs)
        self.action_space = batch_space(self.single_action_space, self.num_envs)
        self._task = np.array([max(0, t) for t in w["task_index"]], dtype=np.int64)
        self._last: dict | None = None
        self._seeded = False

    def reset(self, *, seed=None, options=None):
        super().reset(seed=seed)
        n = self.num_envs
        if seed is None and not self._seeded:
            seed = int(self.np_random.integers(0, 2**31))
        if seed is None:
            seeds = np.full(n, -1.0)
        elif isinstance(seed, (int, np.integer)):
            seeds = np.array([int(seed) + i for i in range(n)], dtype=np.float64)
        else:
            seeds = np.array([-1 if s is None else int(s) for s in seed], dtype=np.float64)
        if np.any(seeds > _MAX_SEED):
            raise ValueError(f"seeds must be at most {_MAX_SEED}")
        self._seeded = True
        self._last = self._conn.reset(seeds)
        return _obs(self._last, self.welcome, self._task.copy()), _info(self._last)

    def step(self, actions):
        b = self._last = self._conn.step(actions)
        return (_obs(b, self.welcome, self._task.copy()), b["reward"], b["terminated"],
                b["truncated"], _info(b))

    def render(self):
        if self._last is None or not self.welcome["cameras"]:
            return None
        return tuple(self._last[self.welcome["cameras"][0]])

    def close_extras(self, **kwargs):
        self._conn.close()


class KinitroEnv(gym.Env):
    """One environment served by the env server."""

    metadata = {"render_modes": ["rgb_array"], "render_fps": 25}

    def __init__(self, env_id: str, render_mode: str | None = None, address: str | None = None,
                 workers: int | None = None, **options):
        self._vec = KinitroVecEnv([env_id], 1, address=address, workers=workers, **options)
        self.env_id = env_id
        self.render_mode = render_mode
        self.observation_space = self._vec.single_observation_space
        self.action_space = _ACTION

    @staticmethod
    def _one(obs: dict, info: dict):
        o = {k: (v[0] if k != "task" else int(v[0])) for k, v in obs.items()}
        i = {k: v[0].item() if v[0].ndim == 0 else v[0] for k, v in info.items()
             if not k.startswith("_")}
        return o, i

    def reset(self, *, seed=None, options=None):
        super().reset(seed=seed)
        if seed is None:
            seed = int(self.np_random.integers(0, 2**31))
        obs, info = self._vec.reset(seed=int(seed))
        return self._one(obs, info)

    def step(self, action):
        obs, r, term, trunc, info = self._vec.step(np.asarray(action, dtype=np.float32)[None])
        o, i = self._one(obs, info)
        return o, float(r[0]), bool(term[0]), bool(trunc[0]), i

    def render(self):
        frames = self._vec.render()
        return None if frames is None else frames[0]

    def close(self):
        self._vec.close()
