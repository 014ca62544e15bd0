/**
 * Small ONNX models for tests and benches, written with {@link writeModel}: a contract-
 * conforming policy of each shape and one model per way of breaking the contract.
 */
import { ElemType, float32Raw, int64Raw, type NodeSpec, writeModel } from "./onnx_proto.ts";

const F = ElemType.FLOAT;
const ACTION = { name: "action", elemType: F, dims: ["B", 4] };
const PROPRIO = { name: "proprio", elemType: F, dims: ["B", 4] };
const TASK = { name: "task", elemType: ElemType.INT64, dims: ["B"] };
const IMAGE = (name: string) => ({ name, elemType: ElemType.UINT8, dims: ["B", 84, 84, 3] });
const CLIP = [
  { name: "lo", elemType: F, dims: [], raw: float32Raw([-1]) },
  { name: "hi", elemType: F, dims: [], raw: float32Raw([1]) },
];

function scaled(diag: readonly number[]): Uint8Array {
  const w = new Array(16).fill(0);
  diag.forEach((d, i) => w[i * 5] = d);
  return float32Raw(w);
}

/** `action = clip(proprio · diag(scale))`: uses only `proprio`. */
export function linearModel(scale: readonly number[] = [1, 2, 3, 4], opset = 17): Uint8Array {
  return writeModel({
    opset,
    inputs: [PROPRIO],
    outputs: [ACTION],
    initializers: [{ name: "W", elemType: F, dims: [4, 4], raw: scaled(scale) }, ...CLIP],
    nodes: [
      { op: "MatMul", inputs: ["proprio", "W"], outputs: ["m"] },
      { op: "Clip", inputs: ["m", "lo", "hi"], outputs: ["action"] },
    ],
  });
}

/**
 * Uses every input: `action = clip(proprio/10 + mean(corner)/255·[1,0,0,0] +
 * mean(gripper)/255·[0,1,0,0] + task/10·[0,0,1,0])`.
 */
export function fullModel(): Uint8Array {
  const row = (i: number, s: number) => float32Raw([0, 1, 2, 3].map((j) => j === i ? s : 0));
  const image = (n: string, v: string): NodeSpec[] => [
    { op: "Cast", inputs: [n], outputs: [`${n}_f`], attrs: { to: F } },
    { op: "ReduceMean", inputs: [`${n}_f`], outputs: [`${n}_m`], attrs: { axes: [1, 2, 3] } },
    { op: "Reshape", inputs: [`${n}_m`, "b1"], outputs: [`${n}_c`] },
    { op: "Mul", inputs: [`${n}_c`, v], outputs: [`${n}_a`] },
  ];
  return writeModel({
    inputs: [IMAGE("corner"), IMAGE("gripper"), PROPRIO, TASK],
    outputs: [ACTION],
    initializers: [
      ...CLIP,
      { name: "tenth", elemType: F, dims: [], raw: float32Raw([0.1]) },
      { name: "vc", elemType: F, dims: [1, 4], raw: row(0, 1 / 255) },
      { name: "vg", elemType: F, dims: [1, 4], raw: row(1, 1 / 255) },
      { name: "vt", elemType: F, dims: [1, 4], raw: row(2, 0.1) },
      { name: "b1", elemType: ElemType.INT64, dims: [2], raw: int64Raw([-1, 1]) },
    ],
    nodes: [
      ...image("corner", "vc"),
      ...image("gripper", "vg"),
      { op: "Cast", inputs: ["task"], outputs: ["task_f"], attrs: { to: F } },
      { op: "Reshape", inputs: ["task_f", "b1"], outputs: ["task_c"] },
      { op: "Mul", inputs: ["task_c", "vt"], outputs: ["task_a"] },
      { op: "Mul", inputs: ["proprio", "tenth"], outputs: ["proprio_a"] },
      {
        op: "Sum",
        inputs: ["proprio_a", "corner_a", "gripper_a", "task_a"],
        outputs: ["s"],
      },
      { op: "Clip", inputs: ["s", "lo", "hi"], outputs: ["action"] },
    ],
  });
}

/** Recurrent: `state_out = state_in + 1`, `action = clip(state_in[:, :4] / 10)`. */
export function counterModel(stateSize = 8): Uint8Array {
  const w = new Array(stateSize * 4).fill(0);
  for (let i = 0; i < 4; i++) w[i * 4 + i] = 0.1;
  return writeModel({
    inputs: [{ name: "state_in", elemType: F, dims: ["B", stateSize] }],
    outputs: [ACTION, { name: "state_out", elemType: F, dims: ["B", stateSize] }],
    initializers: [
      ...CLIP,
      { name: "one", elemType: F, dims: [], raw: float32Raw([1]) },
      { name: "W", elemType: F, dims: [stateSize, 4], raw: float32Raw(w) },
    ],
    nodes: [
      { op: "Add", inputs: ["state_in", "one"], outputs: ["state_out"] },
      { op: "MatMul", inputs: ["state_in", "W"], outputs: ["m"] },
      { op: "Clip", inputs: ["m", "lo", "hi"], outputs: ["action"] },
    ],
  });
}

/** Returns NaN for every action (`proprio · NaN`). */
export function nanModel(): Uint8Array {
  return writeModel({
    inputs: [PROPRIO],
    outputs: [ACTION],
    initializers: [{ name: "nan", elemType: F, dims: [], raw: float32Raw([NaN]) }],
    nodes: [{ op: "Mul", inputs: ["proprio", "nan"], outputs: ["action"] }],
  });
}

/** Declares `action` as `[B, 4]` but returns `2B` rows (a shape only a run can reveal). */
export function wrongShapeModel(): Uint8Array {
  return writeModel({
    inputs: [PROPRIO],
    outputs: [{ name: "action", elemType: F, dims: ["N", 4] }],
    nodes: [{
      op: "Concat",
      inputs: ["proprio", "proprio"],
      outputs: ["action"],
      attrs: { axis: 0 },
    }],
  });
}

/** Declares `action` as `[B, 3]`. */
export function threeActionModel(): Uint8Array {
  return writeModel({
    inputs: [PROPRIO],
    outputs: [{ name: "action", elemType: F, dims: ["B", 3] }],
    initializers: [{
      name: "W",
      elemType: F,
      dims: [4, 3],
      raw: float32Raw(new Array(12).fill(0)),
    }],
    nodes: [{ op: "MatMul", inputs: ["proprio", "W"], outputs: ["action"] }],
  });
}

/** Takes a float32 `image` input the contract does not know. */
export function wrongInputModel(): Uint8Array {
  return writeModel({
    inputs: [{ name: "image", elemType: F, dims: ["B", 4] }],
    outputs: [ACTION],
    nodes: [{ op: "Identity", inputs: ["image"], outputs: ["action"] }],
  });
}

/** A `proprio` input with a fixed batch of 1. */
export function fixedBatchModel(): Uint8Array {
  return writeModel({
    inputs: [{ name: "proprio", elemType: F, dims: [1, 4] }],
    outputs: [{ name: "action", elemType: F, dims: [1, 4] }],
    nodes: [{ op: "Identity", inputs: ["proprio"], outputs: ["action"] }],
  });
}

/** `layers` chained 512×512 MatMuls: slow per step. */
export function slowModel(layers = 60, width = 512): Uint8Array {
  const nodes: NodeSpec[] = [
    { op: "MatMul", inputs: ["proprio", "Win"], outputs: ["h0"] },
  ];
  for (let i = 0; i < layers; i++) {
    nodes.push({ op: "MatMul", inputs: [`h${i}`, "W"], outputs: [`h${i + 1}`] });
  }
  nodes.push({ op: "MatMul", inputs: [`h${layers}`, "Wout"], outputs: ["m"] });
  nodes.push({ op: "Clip", inputs: ["m", "lo", "hi"], outputs: ["action"] });
  const fill = (n: number, v: number) => float32Raw(new Array(n).fill(v));
  return writeModel({
    inputs: [PROPRIO],
    outputs: [ACTION],
    initializers: [
      ...CLIP,
      { name: "Win", elemType: F, dims: [4, width], raw: fill(4 * width, 0.01) },
      { name: "W", elemType: F, dims: [width, width], raw: fill(width * width, 1 / width) },
      { name: "Wout", elemType: F, dims: [width, 4], raw: fill(width * 4, 0.01) },
    ],
    nodes,
  });
}

/** A linear policy carrying an extra `bytes`-sized weight (added as `0 · sum(weight)`). */
export function bigModel(bytes: number): Uint8Array {
  const n = Math.floor(bytes / 4);
  return writeModel({
    inputs: [PROPRIO],
    outputs: [ACTION],
    initializers: [
      ...CLIP,
      { name: "big", elemType: F, dims: [n], raw: new Uint8Array(n * 4) },
    ],
    nodes: [
      { op: "ReduceSum", inputs: ["big"], outputs: ["s"], attrs: { keepdims: 0 } },
      { op: "Add", inputs: ["proprio", "s"], outputs: ["m"] },
      { op: "Clip", inputs: ["m", "lo", "hi"], outputs: ["action"] },
    ],
  });
}
