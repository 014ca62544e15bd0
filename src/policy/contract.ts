/**
 * The model contract (docs/model-contract.md) as data: input and output names, types and
 * shapes, and the limits a committed model must stay within.
 */
import { DEFAULT_ENV_IDS } from "../config/mod.ts";

/** Image side of the `corner` and `gripper` inputs. */
export const IMAGE_SIZE = 84;
/** Length of the `proprio` input and the `action` output. */
export const PROPRIO_SIZE = 4;
export const ACTION_SIZE = 4;
/** Largest recurrent state (`state_in`/`state_out` last dimension). */
export const MAX_STATE_SIZE = 4096;

/** An input the contract knows: its ONNX type and its dims after the batch dim. */
export interface ContractTensor {
  type: "uint8" | "float32" | "int64";
  /** Dims after the batch dim; null is the state size, fixed by the model. */
  dims: readonly (number | null)[];
}

/** Every input a model may declare (it may leave out the ones it does not use). */
export const CONTRACT_INPUTS: Readonly<Record<string, ContractTensor>> = {
  corner: { type: "uint8", dims: [IMAGE_SIZE, IMAGE_SIZE, 3] },
  gripper: { type: "uint8", dims: [IMAGE_SIZE, IMAGE_SIZE, 3] },
  proprio: { type: "float32", dims: [PROPRIO_SIZE] },
  task: { type: "int64", dims: [] },
  "state_in": { type: "float32", dims: [null] },
};

/** Every output: `action` always, `state_out` exactly when the model takes `state_in`. */
export const CONTRACT_OUTPUTS: Readonly<Record<string, ContractTensor>> = {
  action: { type: "float32", dims: [ACTION_SIZE] },
  "state_out": { type: "float32", dims: [null] },
};

/**
 * The contract's task list: the `task` input is an index into it. Fixed per task version
 * (the order of `DEFAULT_ENV_IDS`).
 */
export const CONTRACT_TASKS: readonly string[] = DEFAULT_ENV_IDS;

/** Index of `envId` in {@link CONTRACT_TASKS}, or -1 for a task outside the contract. */
export function taskIndex(envId: string): number {
  return CONTRACT_TASKS.indexOf(envId);
}

/** Limits of a committed model. */
export interface ModelLimits {
  /** Largest file. @default 100 MiB */
  maxBytes: number;
  /** Lowest and highest opset of the default ONNX domain. @default 13, 21 */
  minOpset: number;
  maxOpset: number;
  /** Median time of one step at batch 1 on this machine's CPU, in ms. @default 25 */
  maxStepMs: number;
}

/** The documented defaults of {@link ModelLimits}. */
export const DEFAULT_MODEL_LIMITS: Readonly<ModelLimits> = Object.freeze({
  maxBytes: 100 * 1024 * 1024,
  minOpset: 13,
  maxOpset: 21,
  maxStepMs: 25,
});
