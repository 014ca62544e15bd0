"""The demo's vision baseline for reach, as a stateless PyTorch module (exportable to ONNX).

It sees only what a miner receives (proprio, the ``corner`` and ``gripper`` images) plus the
public calibration of the two cameras. It finds the green goal marker in the ``corner`` image
and back-projects its centre through the ``corner`` camera: the goal lies on that ray. The hand
then hovers high above the ray, waits until it is still, and looks down with the ``gripper``
camera: where that camera's ray to the marker crosses the ``corner`` ray is a first estimate of
the goal. It looks again from close above that estimate, where the marker's apparent size gives
its distance, and holds its tool point there (reach succeeds when the tool point stays within
5 cm of the goal for 20 steps). What it remembers between steps travels in the recurrent state
(zeros at an episode's start): the ``corner`` ray, the goal estimate, the stage and a counter.
Other tasks hold still.
"""

from __future__ import annotations

import math

import torch

# corner camera of eval-env/scenes/metaworld/arena.xml: position, camera-to-world rotation, fovy
CAMERA_POS = (0.0, 1.75, 1.45)
CAMERA_MAT = ((-1.0, 0.0, 0.0), (0.0, -0.8, 0.6), (0.0, 0.6, 0.8))
FOVY_DEG = 31.0
# gripper camera: 3.5 cm above the hand, looking straight down (x and y as the world's)
HAND_CAMERA_OFFSET = (0.0, 0.0, 0.035)
HAND_FOVY_DEG = 80.0
SIZE = 84
TCP_BELOW_HAND = 0.045
ACTION_SCALE = 0.01
# the hand looks down from this height, above the corner ray's point at LOOKOUT_RAY_Z (the
# middle of the goals' height range), where the hand camera sees the whole ray segment
LOOK_Z = 0.47
LOOKOUT_RAY_Z = 0.175
AT_LOOKOUT = 0.01
# the hand tilts a little while it moves: it looks once it has been still at the lookout this long
SETTLE_STEPS = 4
HAND_LOW = (-0.48, 0.42, 0.06)
HAND_HIGH = (0.48, 0.98, 0.48)
REACH_TASK = 0  # index of metaworld/reach-v4 in the contract's task list
# second look: from this high above the first estimate, where the marker's apparent size
# tells its distance along the hand camera's ray
HOVER_ABOVE = 0.15
GOAL_DIAMETER = 0.09  # eval-env/props/goal_marker.xml
MIN_PIXELS = 6
# state: [0] step count, [1:4] corner ray direction, [4] ray stored, [5:8] goal estimate,
# [8] stage (0: to the lookout, 1: to the hover point, 2: at the goal), [9] steps held still
STATE_SIZE = 10


def _green(img: torch.Tensor, centres: torch.Tensor):
    """Centre (column, row) and pixel count of the saturated green pixels of [B, H, W, 3].

    A pixel is green when g > max(60, 1.5 r, 1.3 b). Written for speed at large batches, where
    the per-pixel work is what costs (each line below is one pass over the pixels in
    onnxruntime): the channels are split as bytes before they become floats, one comparison
    against the largest threshold replaces three, the 0/1 mask is sign(max(g - threshold, 0))
    (cheaper there than a comparison and a cast, and the same values: g - threshold rounds to
    0 only when the two are equal), and the centre comes from the mask's column and row sums.
    Those sums are of whole numbers and half-integer pixel centres, exact in float32.
    """
    r, g, b = [c.squeeze(-1).to(torch.float32) for c in img.split(1, dim=-1)]
    threshold = torch.maximum(torch.maximum(1.5 * r, 1.3 * b), torch.full((), 60.0))
    mask = torch.sign(torch.maximum(g - threshold, torch.zeros(())))
    per_col = mask.sum(dim=1)
    per_row = mask.sum(dim=2)
    count = per_col.sum(dim=1)
    n = torch.clamp(count, min=1.0)
    return (per_col * centres).sum(dim=1) / n, (per_row * centres).sum(dim=1) / n, count


def _ray(cx: torch.Tensor, cy: torch.Tensor, f: float, mat: torch.Tensor) -> torch.Tensor:
    """Unit world direction through pixel centre (cx, cy) (MuJoCo camera: looks along -z)."""
    cam = torch.stack([(cx - SIZE / 2) / f, -(cy - SIZE / 2) / f, -torch.ones_like(cx)], dim=1)
    ray = cam @ mat.T
    return ray / torch.linalg.norm(ray, dim=1, keepdim=True)


class VisionBaseline(torch.nn.Module):
    def __init__(self) -> None:
        super().__init__()
        # pixel centres along a row or a column, [1, SIZE]
        self.register_buffer("centres", (torch.arange(SIZE, dtype=torch.float32) + 0.5).view(1, SIZE))
        self.register_buffer("pos", torch.tensor(CAMERA_POS))
        self.register_buffer("mat", torch.tensor(CAMERA_MAT))
        self.register_buffer("hand_mat", torch.eye(3))
        self.register_buffer("hand_offset", torch.tensor(HAND_CAMERA_OFFSET))
        self.register_buffer("low", torch.tensor(HAND_LOW))
        self.register_buffer("high", torch.tensor(HAND_HIGH))
        self.register_buffer("tcp_offset", torch.tensor([0.0, 0.0, TCP_BELOW_HAND]))
        self.register_buffer("hover_offset", torch.tensor([0.0, 0.0, TCP_BELOW_HAND + HOVER_ABOVE]))
        self.f = (SIZE / 2) / math.tan(math.radians(FOVY_DEG) / 2)
        self.hand_f = (SIZE / 2) / math.tan(math.radians(HAND_FOVY_DEG) / 2)

    def _clamp(self, p: torch.Tensor) -> torch.Tensor:
        return torch.minimum(torch.maximum(p, self.low), self.high)

    def forward(
        self,
        corner: torch.Tensor,
        gripper: torch.Tensor,
        proprio: torch.Tensor,
        task: torch.Tensor,
        state_in: torch.Tensor,
    ) -> tuple[torch.Tensor, torch.Tensor]:
        hand = proprio[:, :3]
        k = state_in[:, 0:1]
        stage = state_in[:, 8:9]
        stage0 = (stage < 0.5).to(torch.float32)
        stage1 = ((stage > 0.5) & (stage < 1.5)).to(torch.float32)
        # the corner ray to the goal, kept from the first image that shows the marker (the arm
        # may hide it later)
        cx, cy, count = _green(corner, self.centres)
        seen = (count > 0).to(torch.float32).unsqueeze(1)
        stored = state_in[:, 4:5]
        keep = stored + (1.0 - stored) * seen  # 1 once a ray is stored
        ray = stored * state_in[:, 1:4] + (1.0 - stored) * _ray(cx, cy, self.f, self.mat)
        # stage 0 target: high above the ray's point at mid goal height
        t = (LOOKOUT_RAY_Z - self.pos[2]) / torch.clamp(ray[:, 2:3], max=-1e-3)
        mid = self.pos + t * ray
        lookout = self._clamp(torch.cat([mid[:, :2], torch.full_like(mid[:, 2:3], LOOK_Z)], dim=1))
        goal = state_in[:, 5:8]
        hover = self._clamp(goal + self.hover_offset)
        target = stage0 * lookout + stage1 * hover + (1.0 - stage0 - stage1) * self._clamp(goal + self.tcp_offset)
        # the hand tilts a little while it moves: it looks once it has been still a while
        near = (torch.linalg.norm(hand - target, dim=1, keepdim=True) < AT_LOOKOUT).to(torch.float32)
        still = (state_in[:, 9:10] + 1.0) * near
        hx, hy, hcount = _green(gripper, self.centres)
        hseen = (hcount > MIN_PIXELS).to(torch.float32).unsqueeze(1)
        look = (still >= SETTLE_STEPS).to(torch.float32) * (stage0 + stage1) * keep * hseen
        hray = _ray(hx, hy, self.hand_f, self.hand_mat)
        origin = hand + self.hand_offset
        # first look: the hand camera's ray crosses the corner ray at the goal
        w = self.pos - origin
        ab = (ray * hray).sum(dim=1, keepdim=True)
        aw = (ray * w).sum(dim=1, keepdim=True)
        bw = (hray * w).sum(dim=1, keepdim=True)
        den = torch.clamp(1.0 - ab * ab, min=1e-6)
        s = (ab * bw - aw) / den
        u = (bw - ab * aw) / den
        crossing = (self.pos + s * ray + origin + u * hray) / 2
        # second look, from close above: the marker's apparent size gives its distance
        diameter = 2.0 * torch.sqrt(hcount / math.pi).unsqueeze(1)
        distance = self.hand_f * GOAL_DIAMETER / torch.clamp(diameter, min=1.0)
        sized = origin + distance * hray
        seen_goal = stage0 * crossing + stage1 * sized
        goal = look * seen_goal + (1.0 - look) * goal
        stage = stage + look
        still = still * (1.0 - look)
        target = self._clamp(target)
        move = torch.clamp((target - hand) / ACTION_SCALE, -1.0, 1.0)
        active = keep * (task == REACH_TASK).to(torch.float32).unsqueeze(1)
        grip = -torch.ones_like(k)
        state_out = torch.cat([k + 1.0, ray, keep, goal, stage, still], dim=1)
        return torch.cat([move * active, grip], dim=1), state_out
