"""Gymnasium environments for Kinitro's tasks, served by `kinitro env-server`.

    import kinitro_gym
    env = kinitro_gym.make("metaworld/reach-v4")
    vec = kinitro_gym.make_vec(["metaworld/reach-v4", "metaworld/push-v4"], num_envs=16)

Options (both): `cameras` (default True), `image_size` (84), `randomize` (True, as in
evaluation), `max_steps` (the task's), `render_mode` ("rgb_array"), `address` (a running
server, else `KINITRO_ENV_SERVER`, else one is started), `workers` (of a started server),
`policy` ("client", or "oracle": the server acts with the scripted expert and reports its
action in `info["oracle_action"]`), `oracle_noise`.
"""
from __future__ import annotations

from ._protocol import EnvServerError
from ._server import server_address, stop_server
from .envs import KinitroEnv, KinitroVecEnv

__all__ = ["make", "make_vec", "KinitroEnv", "KinitroVecEnv", "EnvServerError",
           "server_address", "stop_server"]
__version__ = "0.1.0"


def make(env_id: str, **options) -> KinitroEnv:
    """One environment (a `gymnasium.Env`)."""
    return KinitroEnv(env_id, **options)


def make_vec(env_ids, num_envs: int, **options) -> KinitroVecEnv:
    """`num_envs` environments (a `gymnasium.vector.VectorEnv`); `env_ids` is cycled."""
    return KinitroVecEnv(env_ids, num_envs, **options)
