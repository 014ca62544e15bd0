"""Chutes deployment of the Kinitro policy server.

The chute runs the container image built from this folder's Dockerfile (push it first:
`kinitro build . --tag <you>/kinitro-policy:v1 --push`), starts its HTTP server on
127.0.0.1:8000 and exposes /health, /reset and /act as passthrough cords, so the evaluator
calls https://<slug>.chutes.ai/act exactly as it would call the container directly.

Deploy (with the chutes CLI, registered with your hotkey):

    CHUTES_USERNAME=<you> POLICY_IMAGE=<you>/kinitro-policy:v1 \
      chutes build chute:chute --wait
    CHUTES_USERNAME=<you> POLICY_IMAGE=<you>/kinitro-policy:v1 \
      chutes deploy chute:chute --accept-fee

Then commit the chute id it prints (`kinitro commit --chute-id ...`). The chute must be
public, or shared with the validators' Chutes account, or evaluators get 404.
"""

import asyncio
import os
import signal
import subprocess

from chutes.chute import Chute, NodeSelector
from chutes.image import Image

USERNAME = os.environ["CHUTES_USERNAME"]
POLICY_IMAGE = os.environ["POLICY_IMAGE"]
NAME = os.getenv("CHUTE_NAME", "kinitro-policy")
PORT = 8000

# The chutes runtime is Python: add it on top of the policy image (Debian-based).
image = (
    Image(username=USERNAME, name=NAME, tag=os.getenv("CHUTE_IMAGE_TAG", "v1"))
    .from_base(POLICY_IMAGE)
    .set_user("root")
    .run_command(
        "apt-get update && apt-get install -y --no-install-recommends python3 python3-pip"
        " && pip3 install --break-system-packages chutes"
        " && rm -rf /var/lib/apt/lists/*"
    )
    .set_user("deno")
    .set_workdir("/app")
)

chute = Chute(
    username=USERNAME,
    name=NAME,
    image=image,
    tagline="Kinitro robot policy (miner protocol v1)",
    readme="Serves GET /health, POST /reset and POST /act of the Kinitro miner protocol v1.",
    node_selector=NodeSelector(gpu_count=1, min_vram_gb_per_gpu=16),
    concurrency=8,
    max_instances=1,
    # the evaluator sends one episode after another; stay warm between them
    shutdown_after_seconds=900,
)


async def wait_for_port(port: int, timeout: float = 120.0) -> None:
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while True:
        try:
            _, writer = await asyncio.open_connection("127.0.0.1", port)
            writer.close()
            await writer.wait_closed()
            return
        except OSError:
            if loop.time() > deadline:
                raise RuntimeError(f"policy server did not listen on port {port}")
            await asyncio.sleep(0.5)


@chute.on_startup()
async def start_policy_server(self):
    env = dict(os.environ, PORT=str(PORT), HOST="127.0.0.1")
    self.server = subprocess.Popen(
        ["deno", "run", "--allow-net", "--allow-env", "--allow-read", "main.ts"],
        cwd="/app",
        env=env,
    )
    await wait_for_port(PORT)


@chute.on_shutdown()
async def stop_policy_server(self):
    server = getattr(self, "server", None)
    if server is not None and server.poll() is None:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()


@chute.cord(public_api_path="/health", public_api_method="GET", method="GET",
            passthrough=True, passthrough_port=PORT, passthrough_path="/health")
async def health(self): ...


@chute.cord(public_api_path="/reset", public_api_method="POST", method="POST",
            passthrough=True, passthrough_port=PORT, passthrough_path="/reset")
async def reset(self): ...


@chute.cord(public_api_path="/act", public_api_method="POST", method="POST",
            passthrough=True, passthrough_port=PORT, passthrough_path="/act")
async def act(self): ...
