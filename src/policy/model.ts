/**
 * Loads an ONNX policy with onnxruntime-web (WebAssembly, one thread: the same bits on every
 * machine), checks it once against the contract (limits, declared inputs and outputs, a dry
 * run, the time of one step) and runs batches.
 */
import * as ort from "onnxruntime-web";
import { MinerError } from "../errors/mod.ts";
import {
  ACTION_SIZE,
  CONTRACT_INPUTS,
  CONTRACT_OUTPUTS,
  DEFAULT_MODEL_LIMITS,
  IMAGE_SIZE,
  MAX_STATE_SIZE,
  type ModelLimits,
  PROPRIO_SIZE,
} from "./contract.ts";
import { readModelHeader } from "./onnx_proto.ts";

// One thread: deterministic results (verify-cycle compares bits) and no SharedArrayBuffer.
ort.env.wasm.numThreads = 1;

/** The runtime that runs models, recorded with every episode. */
export const RUNTIME_NAME = `onnxruntime-web@${ort.env.versions.web ?? "?"}/wasm`;

/** One batch of observations; every array holds B rows. */
export interface ModelBatch {
  /** B × 84 × 84 × 3 RGB bytes, rows top to bottom. */
  corner: Uint8Array;
  gripper: Uint8Array;
  /** B × 4. */
  proprio: Float32Array;
  /** B task indexes. */
  task: BigInt64Array;
  /** B × stateSize (zeros at an episode's start); empty when the model is stateless. */
  state: Float32Array;
}

/** Output of one batch: actions clipped to [-1, 1] and the next recurrent state. */
export interface ModelOutput {
  /** B × 4. */
  action: Float32Array;
  /** Rows whose action holds NaN or ±Infinity (their action is left as is). */
  nanRows: number[];
  /** B × stateSize. */
  state: Float32Array;
}

/** Options of {@link loadPolicyModel}. */
export interface LoadModelOptions {
  /** @default DEFAULT_MODEL_LIMITS */
  limits?: Partial<ModelLimits>;
  /** Monotonic clock in ms. @default performance.now */
  now?: () => number;
}

/** A loaded model that met the contract. */
export interface PolicyModel {
  /** Contract inputs the model declares. */
  readonly inputs: ReadonlySet<string>;
  /** Size of the recurrent state; 0 for a stateless model. */
  readonly stateSize: number;
  /** Median ms of one step at batch 1, measured at load. */
  readonly stepMs: number;
  /**
   * Runs a batch; rows with a non-finite action are listed in `nanRows`.
   * @throws {MinerError} `miner_model_bad_output` (a run error or a wrong output shape)
   */
  run(batch: ModelBatch, rows: number): Promise<ModelOutput>;
  /** Frees the session. */
  close(): Promise<void>;
}

function refuse(code: "miner_model_invalid" | "miner_model_too_slow", why: string): MinerError {
  return new MinerError(code, `Cannot use the model: ${why}`);
}

/**
 * Loads a model from its bytes and checks it against the contract: size, opset, declared
 * inputs and outputs, a dry run at batch 1 and 3, and the median time of a step at batch 1.
 *
 * @throws {MinerError} `miner_model_invalid` (with the reason), `miner_model_too_slow`,
 *   `miner_model_nan` or `miner_model_bad_output` from the dry run
 */
export async function loadPolicyModel(
  bytes: Uint8Array,
  options: LoadModelOptions = {},
): Promise<PolicyModel> {
  const limits: ModelLimits = { ...DEFAULT_MODEL_LIMITS };
  for (const [key, value] of Object.entries(options.limits ?? {})) {
    if (value !== undefined) limits[key as keyof ModelLimits] = value;
  }
  const now = options.now ?? (() => performance.now());
  if (bytes.length > limits.maxBytes) {
    throw refuse(
      "miner_model_invalid",
      `the file is ${bytes.length} bytes, over ${limits.maxBytes}`,
    );
  }
  checkHeader(bytes, limits);
  let session: ort.InferenceSession;
  try {
    session = await ort.InferenceSession.create(bytes, {
      executionProviders: ["wasm"],
      graphOptimizationLevel: "all",
    });
  } catch (cause) {
    throw new MinerError(
      "miner_model_invalid",
      `Cannot use the model: onnxruntime refuses it: ${firstLine(cause)}`,
      { cause },
    );
  }
  try {
    const stateSize = checkSignature(session);
    const model = new OrtModel(session, stateSize);
    const dry = await model.run(zeroBatch(3, stateSize), 3);
    if (dry.nanRows.length > 0) {
      throw new MinerError(
        "miner_model_nan",
        "Cannot use the model: its dry run on zero inputs returns a NaN or infinite action",
      );
    }
    const batch = zeroBatch(1, stateSize);
    const times: number[] = [];
    for (let i = 0; i < 6; i++) {
      const t0 = now();
      await model.run(batch, 1);
      if (i > 0) times.push(now() - t0); // the first run warms up
    }
    times.sort((a, b) => a - b);
    model.stepMs = times[times.length >> 1];
    if (model.stepMs > limits.maxStepMs) {
      throw refuse(
        "miner_model_too_slow",
        `one step at batch 1 takes ${model.stepMs.toFixed(1)} ms, over ${limits.maxStepMs} ms`,
      );
    }
    return model;
  } catch (err) {
    await session.release();
    throw err;
  }
}

function checkHeader(bytes: Uint8Array, limits: ModelLimits): void {
  let header;
  try {
    header = readModelHeader(bytes);
  } catch (cause) {
    throw new MinerError(
      "miner_model_invalid",
      `Cannot use the model: not an ONNX file (${firstLine(cause)})`,
      { cause },
    );
  }
  if (!header.hasGraph) throw refuse("miner_model_invalid", "not an ONNX file (no graph)");
  for (const [domain, version] of header.opsets) {
    if (domain !== "" && domain !== "ai.onnx") {
      throw refuse("miner_model_invalid", `operator domain "${domain}" is not allowed`);
    }
    if (version < limits.minOpset || version > limits.maxOpset) {
      throw refuse(
        "miner_model_invalid",
        `opset ${version} is outside ${limits.minOpset}..${limits.maxOpset}`,
      );
    }
  }
  if (![...header.opsets.keys()].some((d) => d === "" || d === "ai.onnx")) {
    throw refuse("miner_model_invalid", "no opset of the default ONNX domain");
  }
}

/** Checks declared names, types and dims; returns the state size (0 when stateless). */
function checkSignature(session: ort.InferenceSession): number {
  const sizes: number[] = [];
  const check = (
    metas: readonly ort.InferenceSession.ValueMetadata[],
    table: Readonly<Record<string, { type: string; dims: readonly (number | null)[] }>>,
    what: string,
  ) => {
    for (const meta of metas) {
      const spec = table[meta.name];
      if (spec === undefined) {
        throw refuse(
          "miner_model_invalid",
          `${what} "${meta.name}" is not in the contract (${Object.keys(table).join(", ")})`,
        );
      }
      if (!meta.isTensor || meta.type !== spec.type) {
        const type = meta.isTensor ? meta.type : "not a tensor";
        throw refuse("miner_model_invalid", `${what} "${meta.name}" is ${type}, not ${spec.type}`);
      }
      const shape = meta.shape;
      const want = `[B${spec.dims.map((d) => `, ${d ?? "S"}`).join("")}]`;
      const bad = () => refuse("miner_model_invalid", `${what} "${meta.name}" must be ${want}`);
      if (shape.length !== spec.dims.length + 1) throw bad();
      if (typeof shape[0] === "number") {
        throw refuse(
          "miner_model_invalid",
          `${what} "${meta.name}" has a fixed batch dimension ${shape[0]}: it must be dynamic`,
        );
      }
      spec.dims.forEach((d, i) => {
        const got = shape[i + 1];
        if (d === null) {
          if (typeof got !== "number" || got < 1 || got > MAX_STATE_SIZE) {
            throw refuse(
              "miner_model_invalid",
              `${what} "${meta.name}" needs a fixed state size in 1..${MAX_STATE_SIZE}`,
            );
          }
          sizes.push(got);
        } else if (typeof got === "number" && got !== d) throw bad();
      });
    }
  };
  check(session.inputMetadata, CONTRACT_INPUTS, "input");
  check(session.outputMetadata, CONTRACT_OUTPUTS, "output");
  const has = (names: readonly string[], n: string) => names.includes(n);
  if (!has(session.outputNames, "action")) {
    throw refuse("miner_model_invalid", 'the output "action" is missing');
  }
  if (has(session.inputNames, "state_in") !== has(session.outputNames, "state_out")) {
    throw refuse(
      "miner_model_invalid",
      'a model with "state_in" must output "state_out", and back',
    );
  }
  if (sizes.length === 2 && sizes[0] !== sizes[1]) {
    throw refuse("miner_model_invalid", `state_in has ${sizes[0]} values, state_out ${sizes[1]}`);
  }
  return sizes[0] ?? 0;
}

class OrtModel implements PolicyModel {
  readonly #session: ort.InferenceSession;
  readonly inputs: ReadonlySet<string>;
  readonly stateSize: number;
  stepMs = 0;

  constructor(session: ort.InferenceSession, stateSize: number) {
    this.#session = session;
    this.inputs = new Set(session.inputNames);
    this.stateSize = stateSize;
  }

  async run(batch: ModelBatch, rows: number): Promise<ModelOutput> {
    const feeds: Record<string, ort.Tensor> = {};
    const img = [rows, IMAGE_SIZE, IMAGE_SIZE, 3];
    if (this.inputs.has("corner")) feeds.corner = new ort.Tensor("uint8", batch.corner, img);
    if (this.inputs.has("gripper")) feeds.gripper = new ort.Tensor("uint8", batch.gripper, img);
    if (this.inputs.has("proprio")) {
      feeds.proprio = new ort.Tensor("float32", batch.proprio, [rows, PROPRIO_SIZE]);
    }
    if (this.inputs.has("task")) feeds.task = new ort.Tensor("int64", batch.task, [rows]);
    if (this.inputs.has("state_in")) {
      feeds["state_in"] = new ort.Tensor("float32", batch.state, [rows, this.stateSize]);
    }
    let out: ort.InferenceSession.OnnxValueMapType;
    try {
      out = await this.#session.run(feeds);
    } catch (cause) {
      throw new MinerError(
        "miner_model_bad_output",
        `Cannot run the model at batch ${rows}: ${firstLine(cause)}`,
        { cause },
      );
    }
    const action = expectTensor(out.action, "action", [rows, ACTION_SIZE]);
    const state = this.stateSize === 0
      ? new Float32Array(0)
      : expectTensor(out["state_out"], "state_out", [rows, this.stateSize]);
    const nanRows: number[] = [];
    for (let row = 0; row < rows; row++) {
      const r = action.subarray(row * ACTION_SIZE, (row + 1) * ACTION_SIZE);
      if (!r.every(Number.isFinite)) nanRows.push(row);
      else for (let i = 0; i < ACTION_SIZE; i++) r[i] = Math.min(1, Math.max(-1, r[i]));
    }
    return { action, state, nanRows };
  }

  close(): Promise<void> {
    return this.#session.release();
  }
}

function expectTensor(value: ort.Tensor | undefined, name: string, dims: number[]): Float32Array {
  const ok = value !== undefined && value.type === "float32" &&
    value.dims.length === dims.length && value.dims.every((d, i) => d === dims[i]);
  if (!ok) {
    const got = value === undefined ? "nothing" : `${value.type} [${value.dims.join(", ")}]`;
    throw new MinerError(
      "miner_model_bad_output",
      `Cannot use the model's "${name}": expected float32 [${dims.join(", ")}], got ${got}`,
    );
  }
  return Float32Array.from(value.data as Float32Array);
}

/** An all-zero batch of `rows` rows (dry runs, benches). */
export function zeroBatch(rows: number, stateSize: number): ModelBatch {
  const image = rows * IMAGE_SIZE * IMAGE_SIZE * 3;
  return {
    corner: new Uint8Array(image),
    gripper: new Uint8Array(image),
    proprio: new Float32Array(rows * PROPRIO_SIZE),
    task: new BigInt64Array(rows),
    state: new Float32Array(rows * stateSize),
  };
}

function firstLine(err: unknown): string {
  const text = err instanceof Error ? err.message : String(err);
  return text.split("\n")[0].slice(0, 300);
}
