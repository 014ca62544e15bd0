"""Export a PyTorch policy to the Kinitro model contract (docs/model-contract.md).

A policy is a ``torch.nn.Module`` whose ``forward`` takes, by keyword, the contract inputs it
uses and returns the action (or ``(action, state_out)`` when it takes ``state_in``):

- ``corner``, ``gripper``: uint8 ``[B, 84, 84, 3]``, rows top to bottom, RGB
- ``proprio``: float32 ``[B, 4]`` (end-effector x, y, z in metres, finger opening in [0, 1])
- ``task``: int64 ``[B]``, index into the contract's task list
- ``state_in``: float32 ``[B, S]`` (zeros at an episode's start)

and returns ``action`` float32 ``[B, 4]`` in [-1, 1] (and ``state_out`` ``[B, S]``).

Usage::

    python export_onnx.py --example vision --out policy.onnx
    python -c "from export_onnx import export; export(MyPolicy(), 'policy.onnx', uses=('corner', 'proprio'))"

Then check it exactly as an executor would: ``kinitro eval --model policy.onnx``, and commit
its hash before uploading it: ``kinitro commit --model policy.onnx --repo you/policy --revision <sha>``.
"""

from __future__ import annotations

import argparse
import hashlib

import torch

INPUTS = ("corner", "gripper", "proprio", "task", "state_in")
OPSET = 17


def _example_inputs(uses: tuple[str, ...], state_size: int, batch: int = 2) -> dict[str, torch.Tensor]:
    shapes = {
        "corner": lambda: torch.zeros(batch, 84, 84, 3, dtype=torch.uint8),
        "gripper": lambda: torch.zeros(batch, 84, 84, 3, dtype=torch.uint8),
        "proprio": lambda: torch.zeros(batch, 4, dtype=torch.float32),
        "task": lambda: torch.zeros(batch, dtype=torch.int64),
        "state_in": lambda: torch.zeros(batch, state_size, dtype=torch.float32),
    }
    return {name: shapes[name]() for name in INPUTS if name in uses}


class _Keywords(torch.nn.Module):
    """Calls the policy with keyword inputs (the exporter passes positional ones)."""

    def __init__(self, policy: torch.nn.Module, names: list[str]):
        super().__init__()
        self.policy = policy
        self.names = names

    def forward(self, *args):
        out = self.policy(**dict(zip(self.names, args)))
        if isinstance(out, tuple):
            action, state = out
            return torch.clamp(action, -1.0, 1.0), state
        return torch.clamp(out, -1.0, 1.0)


def export(
    policy: torch.nn.Module,
    path: str,
    uses: tuple[str, ...] = ("corner", "gripper", "proprio", "task"),
    state_size: int = 0,
) -> str:
    """Exports ``policy`` to ``path`` with a dynamic batch dimension; returns the file's SHA-256."""
    unknown = [u for u in uses if u not in INPUTS]
    if unknown:
        raise ValueError(f"inputs {unknown} are not in the contract {INPUTS}")
    if ("state_in" in uses) != (state_size > 0):
        raise ValueError("give state_size > 0 exactly when the policy uses state_in")
    example = _example_inputs(uses, state_size)
    names = list(example)
    outputs = ["action", "state_out"] if state_size else ["action"]
    dynamic = {name: {0: "batch"} for name in names + outputs}
    policy.eval()
    with torch.no_grad():
        torch.onnx.export(
            _Keywords(policy, names),
            tuple(example.values()),
            path,
            input_names=names,
            output_names=outputs,
            dynamic_axes=dynamic,
            opset_version=OPSET,
            dynamo=False,
        )
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--example", choices=["vision"], default="vision",
                        help="which example policy to export (vision: the demo's colour-blob reach baseline)")
    parser.add_argument("--out", default="policy.onnx", help="output file")
    args = parser.parse_args()
    from vision_baseline import STATE_SIZE, VisionBaseline

    sha = export(VisionBaseline(), args.out, uses=INPUTS, state_size=STATE_SIZE)
    print(f"{args.out} sha256 {sha}")


if __name__ == "__main__":
    main()
