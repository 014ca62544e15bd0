// Your policy lives here. The server (app.ts) calls `reset` once per episode and `act`
// once per step, and must answer each /act within the evaluator's deadline (500 ms by
// default, network included), so keep `act` fast: load models once, in `createPolicy`.
import type { Image, TaskConfig } from "./protocol.ts";

/** What the policy sees at each step. */
export interface Observation {
  /** Task id, e.g. "metaworld/pick-place-v4" (the same for the whole episode). */
  envId: string;
  /** 0 for the first step of the episode. */
  step: number;
  /** End-effector position [x, y, z] in metres (world frame). */
  eePos: [number, number, number];
  /** Finger opening in [0, 1]; 1 = fully open. */
  gripper: number;
  /** One image per camera, by name: "corner" (fixed, overlooks the table), "gripper" (wrist). */
  images: Record<string, Image>;
}

/**
 * An action: [dx, dy, dz, grip], each in [-1, 1]. dx/dy/dz move the end-effector target by
 * up to 1 cm per step; grip +1 closes the fingers, -1 opens them.
 */
export type Action = [number, number, number, number];

/** The interface the server needs. */
export interface Policy {
  /** A new episode starts; clear any per-episode state (history, action buffers). */
  reset(task: TaskConfig): void | Promise<void>;
  /** Choose the action for one step. */
  act(obs: Observation): Action | Promise<Action>;
}

/** Uniform random actions: the baseline every real policy should beat. */
export class RandomPolicy implements Policy {
  reset(_task: TaskConfig): void {}

  act(_obs: Observation): Action {
    const u = () => Math.random() * 2 - 1;
    return [u(), u(), u(), u()];
  }
}

/**
 * Builds the policy the server uses. Replace the body to serve your own model.
 *
 * To run an ONNX network with onnxruntime-web (pure WebAssembly, no native libraries):
 *
 * 1. add `"onnxruntime-web": "npm:onnxruntime-web@<version>"` to deno.json "imports";
 * 2. put your model next to this file (e.g. `model.onnx`) and copy it in the Dockerfile;
 * 3. replace the body below with something like:
 *
 *    const ort = await import("onnxruntime-web");
 *    const session = await ort.InferenceSession.create(await Deno.readFile("model.onnx"));
 *    return {
 *      reset() {},
 *      async act(obs) {
 *        // the input layout is yours to choose; here: 4 proprio values + corner image in [0, 1]
 *        const img = obs.images.corner;
 *        const pixels = Float32Array.from(img.rgb, (v) => v / 255);
 *        const feeds = {
 *          proprio: new ort.Tensor("float32", Float32Array.of(...obs.eePos, obs.gripper), [1, 4]),
 *          image: new ort.Tensor("float32", pixels, [1, img.height, img.width, 3]),
 *        };
 *        const out = await session.run(feeds);
 *        const a = out.action.data as Float32Array;
 *        return [a[0], a[1], a[2], a[3]];
 *      },
 *    };
 */
export function createPolicy(): Policy | Promise<Policy> {
  return new RandomPolicy();
}
