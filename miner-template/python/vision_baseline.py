"""The demo's vision baseline for reach, as a stateless PyTorch module (exportable to ONNX).

It finds the green goal marker in the ``corner`` image, back-projects its centre through the
public calibration of the ``corner`` camera, and sweeps the tool point along that ray, down from
34 cm to the table and back up, on a schedule kept in a one-value recurrent state (the step
count). The goal lies on the ray, so the sweep passes through it (reach succeeds within 5 cm).
Other tasks hold still.
"""

from __future__ import annotations

import math

import torch

# corner camera of eval-env/scenes/metaworld/arena.xml: position, camera-to-world rotation, fovy
CAMERA_POS = (1.2, 1.7, 0.9)
CAMERA_MAT = ((-0.6562, -0.3332, 0.677), (0.7546, -0.2897, 0.5888), (0.0, 0.8972, 0.4415))
FOVY_DEG = 45.0
SIZE = 84
TCP_BELOW_HAND = 0.045
ACTION_SCALE = 0.01
TOP_Z = 0.34
SWEEP_PER_STEP = 0.004
SETTLE_STEPS = 40
HAND_LOW = (-0.48, 0.42, 0.06)
HAND_HIGH = (0.48, 0.98, 0.48)
REACH_TASK = 0  # index of metaworld/reach in the contract's task list


class VisionBaseline(torch.nn.Module):
    def __init__(self) -> None:
        super().__init__()
        f = (SIZE / 2) / math.tan(math.radians(FOVY_DEG) / 2)
        centres = torch.arange(SIZE, dtype=torch.float32) + 0.5
        self.register_buffer("cols", centres.view(1, 1, SIZE))
        self.register_buffer("rows", centres.view(1, SIZE, 1))
        self.register_buffer("pos", torch.tensor(CAMERA_POS))
        self.register_buffer("mat", torch.tensor(CAMERA_MAT))
        self.register_buffer("low", torch.tensor(HAND_LOW))
        self.register_buffer("high", torch.tensor(HAND_HIGH))
        self.register_buffer("tcp_offset", torch.tensor([0.0, 0.0, TCP_BELOW_HAND]))
        self.f = f

    def forward(
        self, corner: torch.Tensor, proprio: torch.Tensor, task: torch.Tensor, state_in: torch.Tensor
    ) -> tuple[torch.Tensor, torch.Tensor]:
        img = corner.to(torch.float32)
        r, g, b = img[..., 0], img[..., 1], img[..., 2]
        mask = ((g > 60) & (g > 1.5 * r) & (g > 1.3 * b)).to(torch.float32)  # [B, H, W]
        count = mask.sum(dim=(1, 2))
        seen = (count > 0).to(torch.float32)
        n = torch.clamp(count, min=1.0)
        cx = (mask * self.cols).sum(dim=(1, 2)) / n
        cy = (mask * self.rows).sum(dim=(1, 2)) / n
        cam = torch.stack([(cx - SIZE / 2) / self.f, -(cy - SIZE / 2) / self.f, -torch.ones_like(cx)], dim=1)
        ray = cam @ self.mat.T
        ray = ray / torch.linalg.norm(ray, dim=1, keepdim=True)
        # triangle wave: the tool point's height goes TOP_Z -> 0 -> TOP_Z along the ray
        k = state_in[:, 0]
        u = torch.clamp(k - SETTLE_STEPS, min=0.0) * SWEEP_PER_STEP
        z = torch.abs(TOP_Z - torch.remainder(u, 2 * TOP_Z))
        t = (z - self.pos[2]) / torch.clamp(ray[:, 2], max=-1e-3)
        tcp = self.pos + t.unsqueeze(1) * ray
        target = tcp + self.tcp_offset
        target = torch.minimum(torch.maximum(target, self.low), self.high)
        hand = proprio[:, :3]
        move = torch.clamp((target - hand) / ACTION_SCALE, -1.0, 1.0)
        active = (seen * (task == REACH_TASK).to(torch.float32)).unsqueeze(1)
        grip = -torch.ones_like(count).unsqueeze(1)
        return torch.cat([move * active, grip], dim=1), state_in + 1.0
