"""Behaviour cloning of a small CNN policy on `kinitro demos` data, exported to ONNX.

    kinitro demos --out demos --episodes 300 --noise 0.1
    python bc_train.py --data demos --steps 40000 --threads 1 --out policy.onnx --eval-episodes 100

Trains with PyTorch on the NumPy shards (no Kinitro code needed), exports the committed-model
ONNX contract (inputs `corner`, `gripper` uint8 [B,84,84,3], `proprio` float32 [B,4], `task`
int64 [B]; output `action` float32 [B,4] in [-1, 1]; dynamic batch), checks the file with
onnxruntime against PyTorch, and with --eval-episodes runs the ONNX model on fresh seeds
through `kinitro_gym` (pip install -e python/) and prints the success rate per task.
Prints one JSON line with the figures at the end.
"""
from __future__ import annotations

import argparse
import json
import time
import warnings
from pathlib import Path

import numpy as np
import torch
from torch import nn

CAMERAS = ("corner", "gripper")


class CnnPolicy(nn.Module):
    """Both cameras stacked (6 channels) -> 3 convs -> with proprio and a task embedding -> MLP."""

    def __init__(self, num_tasks: int, size: int = 84):
        super().__init__()
        self.conv = nn.Sequential(
            nn.Conv2d(6, 16, 8, stride=4), nn.ReLU(),
            nn.Conv2d(16, 32, 4, stride=2), nn.ReLU(),
            nn.Conv2d(32, 32, 3, stride=1), nn.ReLU(),
            nn.Flatten(),
        )
        with torch.no_grad():
            flat = self.conv(torch.zeros(1, 6, size, size)).shape[1]
        self.task = nn.Embedding(num_tasks, 16)
        self.head = nn.Sequential(
            nn.Linear(flat + 4 + 16, 128), nn.ReLU(), nn.Linear(128, 4), nn.Tanh(),
        )

    def forward(self, corner, gripper, proprio, task):
        x = torch.cat([corner, gripper], dim=-1).permute(0, 3, 1, 2).float() / 255.0
        z = torch.cat([self.conv(x), proprio.float(), self.task(task)], dim=1)
        return torch.clamp(self.head(z), -1.0, 1.0)


def load(data: Path, env_ids: list[str] | None):
    """All shards, memory-mapped; the rows of the wanted tasks."""
    meta = json.loads((data / "meta.json").read_text())
    shards = sorted(p for p in data.iterdir() if p.name.startswith("shard_"))
    fields = {k: [np.load(s / f"{k}.npy", mmap_mode="r") for s in shards]
              for k in (*CAMERAS, "proprio", "action", "task", "success")}
    cat = {k: np.concatenate(v) if k not in CAMERAS else v for k, v in fields.items()}
    offsets = np.cumsum([0] + [len(a) for a in fields["corner"]])
    keep = cat["success"].copy()
    if env_ids:
        idx = [meta["task_ids"].index(e) for e in env_ids]
        keep &= np.isin(cat["task"], idx)
    return meta, fields, cat, offsets, np.flatnonzero(keep)


def batch(fields, cat, offsets, rows):
    shard = np.searchsorted(offsets, rows, side="right") - 1
    local = rows - offsets[shard]
    imgs = {c: np.stack([fields[c][s][i] for s, i in zip(shard, local)]) for c in CAMERAS}
    return (torch.from_numpy(imgs["corner"]), torch.from_numpy(imgs["gripper"]),
            torch.from_numpy(cat["proprio"][rows]), torch.from_numpy(cat["task"][rows]),
            torch.from_numpy(cat["action"][rows]))


def export(model: CnnPolicy, path: Path, sample) -> None:
    model.eval()
    names = ["corner", "gripper", "proprio", "task"]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        torch.onnx.export(
            model, tuple(sample), str(path), input_names=names, output_names=["action"],
            dynamic_axes={n: {0: "batch"} for n in [*names, "action"]}, opset_version=17,
            dynamo=False,
        )


def verify(path: Path, model: CnnPolicy, sample) -> float:
    """Runs the ONNX file with onnxruntime at two batch sizes; returns the max |diff| vs torch."""
    import onnxruntime as ort

    sess = ort.InferenceSession(str(path), providers=["CPUExecutionProvider"])
    got = {i.name: (i.type, i.shape) for i in sess.get_inputs()}
    assert got["corner"][0] == "tensor(uint8)" and got["task"][0] == "tensor(int64)", got
    worst = 0.0
    for b in (1, len(sample[0])):
        feed = {n: t[:b].numpy() for n, t in zip(["corner", "gripper", "proprio", "task"], sample)}
        (out,) = sess.run(["action"], feed)
        assert out.shape == (b, 4) and out.dtype == np.float32
        assert np.all(np.abs(out) <= 1.0)
        with torch.no_grad():
            ref = model(*[t[:b] for t in sample]).numpy()
        worst = max(worst, float(np.max(np.abs(out - ref))))
    assert worst < 1e-3, f"onnxruntime differs from torch by {worst}"
    return worst


def evaluate(path: Path, env_ids: list[str], episodes: int, num_envs: int, seed: int,
             max_steps: int | None) -> dict:
    """Success rate of the ONNX model per task over `episodes` fresh seeds each."""
    import onnxruntime as ort
    import kinitro_gym

    sess = ort.InferenceSession(str(path), providers=["CPUExecutionProvider"])
    opts = {"max_steps": max_steps} if max_steps else {}
    vec = kinitro_gym.make_vec(env_ids, num_envs, **opts)
    done = {e: [] for e in env_ids}
    try:
        obs, _ = vec.reset(seed=seed)
        while any(len(v) < episodes for v in done.values()):
            feed = {k: obs[k] for k in ("corner", "gripper", "proprio", "task")}
            (action,) = sess.run(["action"], feed)
            obs, _, term, trunc, info = vec.step(action)
            for i in np.flatnonzero(term | trunc):
                e = vec.env_ids[i]
                if len(done[e]) < episodes:
                    done[e].append(bool(info["success"][i]))
    finally:
        vec.close()
    return {e: float(np.mean(v)) for e, v in done.items()}


def keep_heap() -> None:
    """Keeps glibc from returning each step's large buffers to the kernel and mapping them again.

    PyTorch frees and re-allocates the same multi-megabyte activations every step; by default glibc
    serves each with a fresh mmap, and the page faults tripled the step time on a 2-core machine
    (0.087 s against 0.027 s per step at one thread). Linux only; elsewhere this does nothing.
    """
    try:
        import ctypes

        libc = ctypes.CDLL("libc.so.6")
        libc.mallopt(-3, 32 * 1024 * 1024)  # M_MMAP_THRESHOLD: its largest allowed value
        libc.mallopt(-1, 1 << 30)  # M_TRIM_THRESHOLD
    except (OSError, AttributeError):
        pass


def shift(img: torch.Tensor, pad: int, gen: torch.Generator) -> torch.Tensor:
    """Random translation by up to `pad` pixels (edge-padded), one offset per row: [B,H,W,C]."""
    b, h, w, _ = img.shape
    padded = nn.functional.pad(img.permute(0, 3, 1, 2).float(), (pad,) * 4, mode="replicate")
    dx, dy = torch.randint(0, 2 * pad + 1, (2, b), generator=gen)
    rows = torch.arange(h)[None, :] + dy[:, None]
    cols = torch.arange(w)[None, :] + dx[:, None]
    out = padded[torch.arange(b)[:, None, None, None], torch.arange(img.shape[3])[None, :, None, None],
                 rows[:, None, :, None], cols[:, None, None, :]]
    return out.permute(0, 2, 3, 1).to(img.dtype)


def main() -> None:
    keep_heap()
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--data", type=Path, required=True, help="a `kinitro demos` output folder")
    p.add_argument("--env-ids", default="", help="comma-separated subset (default: all)")
    p.add_argument("--steps", type=int, default=6000, help="gradient steps")
    p.add_argument("--batch-size", type=int, default=64)
    p.add_argument("--lr", type=float, default=3e-4)
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--out", type=Path, default=Path("policy.onnx"))
    p.add_argument("--eval-episodes", type=int, default=0, help="per task, fresh seeds")
    p.add_argument("--eval-envs", type=int, default=16)
    p.add_argument("--eval-seed", type=int, default=50_000_000)
    p.add_argument("--eval-max-steps", type=int, default=0, help="0: the task's")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--augment", type=int, default=4,
                   help="random image shifts of up to this many pixels while training (0: off)")
    a = p.parse_args()
    torch.manual_seed(a.seed)
    torch.set_num_threads(a.threads)
    rng = np.random.default_rng(a.seed)
    wanted = [e for e in a.env_ids.split(",") if e]
    meta, fields, cat, offsets, rows = load(a.data, wanted)
    if len(rows) == 0:
        raise SystemExit("no successful demonstration rows for these tasks")
    env_ids = wanted or sorted({meta["task_ids"][t] for t in np.unique(cat["task"][rows])},
                               key=meta["task_ids"].index)
    model = CnnPolicy(len(meta["task_ids"]))
    opt = torch.optim.AdamW(model.parameters(), lr=a.lr)
    sched = torch.optim.lr_scheduler.CosineAnnealingLR(opt, a.steps)
    t0, losses = time.time(), []
    model.train()
    gen = torch.Generator().manual_seed(a.seed)
    for step in range(a.steps):
        *x, y = batch(fields, cat, offsets, rng.choice(rows, a.batch_size))
        if a.augment > 0:
            x[0], x[1] = shift(x[0], a.augment, gen), shift(x[1], a.augment, gen)
        loss = nn.functional.mse_loss(model(*x), y)
        opt.zero_grad()
        loss.backward()
        opt.step()
        sched.step()
        losses.append(loss.item())
        if (step + 1) % max(1, a.steps // 10) == 0:
            print(f"step {step + 1}/{a.steps} loss {np.mean(losses[-100:]):.4f} "
                  f"({time.time() - t0:.0f}s)", flush=True)
    train_s = time.time() - t0
    sample = batch(fields, cat, offsets, rng.choice(rows, 8))[:4]
    export(model, a.out, sample)
    diff = verify(a.out, model, sample)
    result = {"onnx": str(a.out), "rows": int(len(rows)), "steps": a.steps,
              "augment": a.augment, "train_seconds": round(train_s, 1), "final_loss": float(np.mean(losses[-100:])),
              "onnx_max_abs_diff": diff}
    if a.eval_episodes > 0:
        t1 = time.time()
        result["success"] = evaluate(a.out, env_ids, a.eval_episodes, a.eval_envs, a.eval_seed,
                                     a.eval_max_steps or None)
        result["eval_episodes_per_task"] = a.eval_episodes
        result["eval_seconds"] = round(time.time() - t1, 1)
    print(json.dumps(result))


if __name__ == "__main__":
    main()
