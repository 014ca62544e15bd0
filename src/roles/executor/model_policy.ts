/**
 * Model mode: a miner whose commitment names an ONNX model (`m1:<sha256>:<source>`) is run
 * in-process. The model is fetched once by hash, checked against the contract, and shared by
 * the concurrent episodes of that miner (one batch per turn of the event loop). A model that
 * cannot be used fails that miner's episodes with its code, logged once.
 */
import { modelUrl, parseModelCommitment } from "../../chain/mod.ts";
import { defaultModelCacheDir } from "../../config/mod.ts";
import { type ActRequest, decodeImage, type TaskConfig } from "../../core/wire/mod.ts";
import { MinerError, type MinerErrorCode } from "../../errors/mod.ts";
import type { Logger } from "../../log/mod.ts";
import {
  BatchedPolicy,
  loadPolicyModel,
  ModelStore,
  RUNTIME_NAME,
  taskIndex,
} from "../../policy/mod.ts";
import type { ActAttempt, PolicyClient } from "./types.ts";

/** Endpoint prefix of a local model file (`kinitro eval --model`, benches). */
export const MODEL_FILE_PREFIX = "model-file:";

/** Model-mode settings; plain data (they cross into Workers). */
export interface ModelSettings {
  /** @default "https://huggingface.co" */
  modelHubUrl?: string;
  /** @default defaultModelCacheDir() */
  modelCacheDir?: string;
  /** @default 100 MiB */
  modelMaxBytes?: number;
  /** @default 25 */
  modelMaxStepMs?: number;
  /** @default 30000 */
  modelStallMs?: number;
  /** Accept `model-file:<path>` endpoints (never from a commitment). @default false */
  allowModelFiles?: boolean;
  /** Most episodes per model run (1 turns batching off; benches). @default 64 */
  modelMaxBatch?: number;
}

/** Whether an endpoint names a model rather than a policy server. */
export function isModelEndpoint(endpoint: string): boolean {
  return endpoint.startsWith("m1:") || endpoint.startsWith(MODEL_FILE_PREFIX);
}

/** A policy client over a {@link BatchedPolicy}. */
export class ModelPolicyClient implements PolicyClient {
  readonly policy: BatchedPolicy;
  /** SHA-256 of the model file. */
  readonly sha256: string;
  readonly runtime = RUNTIME_NAME;

  constructor(policy: BatchedPolicy, sha256: string) {
    this.policy = policy;
    this.sha256 = sha256;
  }

  reset(taskConfig: TaskConfig): Promise<void> {
    const index = taskIndex(taskConfig["env_id"]);
    if (index < 0) {
      // our task list and the contract disagree: not the miner's fault
      return Promise.reject(new Error(`Task "${taskConfig["env_id"]}" is not in the contract`));
    }
    this.policy.start(taskConfig["episode_id"], index);
    return Promise.resolve();
  }

  async tryAct(request: ActRequest): Promise<ActAttempt> {
    const t0 = performance.now();
    const inputs = this.policy.model.inputs;
    const image = (name: string) =>
      inputs.has(name) && request.images[name] ? decodeImage(request.images[name]) : undefined;
    try {
      const action = await this.policy.act(request["episode_id"], {
        corner: image("corner"),
        gripper: image("gripper"),
        proprio: request.observation,
      });
      const a = [action[0], action[1], action[2], action[3]] as const;
      return { ok: true, action: a, latencyMs: performance.now() - t0 };
    } catch (err) {
      if (!(err instanceof MinerError)) throw err;
      return {
        ok: false,
        code: err.code as MinerErrorCode,
        message: err.message,
        latencyMs: performance.now() - t0,
      };
    }
  }
}

/**
 * Returns a factory of model clients by endpoint. Each model is fetched and checked once; a
 * failure is kept (and logged once) so later episodes of the miner fail fast with its code.
 */
export function createModelFactory(
  settings: ModelSettings,
  log: Logger,
): (endpoint: string) => Promise<ModelPolicyClient> {
  const store = new ModelStore({
    dir: settings.modelCacheDir ?? defaultModelCacheDir(),
    maxBytes: settings.modelMaxBytes,
    stallMs: settings.modelStallMs,
  });
  const models = new Map<string, { client: Promise<ModelPolicyClient>; failedAt?: number }>();
  const open = async (endpoint: string): Promise<ModelPolicyClient> => {
    let bytes: Uint8Array;
    let sha256: string;
    if (endpoint.startsWith(MODEL_FILE_PREFIX)) {
      if (!settings.allowModelFiles) {
        throw new MinerError("miner_model_invalid", "Cannot use a local model file here");
      }
      bytes = await Deno.readFile(endpoint.slice(MODEL_FILE_PREFIX.length));
      sha256 = new Uint8Array(await crypto.subtle.digest("SHA-256", new Uint8Array(bytes)))
        .toHex();
    } else {
      const parsed = parseModelCommitment(endpoint);
      if (!parsed.ok) throw new MinerError("miner_model_invalid", parsed.reason);
      sha256 = parsed.model.sha256;
      bytes = await store.get(sha256, modelUrl(parsed.model, settings.modelHubUrl ?? HF_HUB));
    }
    const model = await loadPolicyModel(bytes, {
      limits: { maxBytes: settings.modelMaxBytes, maxStepMs: settings.modelMaxStepMs },
    });
    log.info("Model loaded", {
      sha256,
      bytes: bytes.length,
      inputs: [...model.inputs].join(","),
      stepMs: Math.round(model.stepMs * 100) / 100,
      runtime: RUNTIME_NAME,
    });
    return new ModelPolicyClient(new BatchedPolicy(model, settings.modelMaxBatch), sha256);
  };
  return (endpoint) => {
    const known = models.get(endpoint);
    // a hub that was down is asked again after a while; every other refusal is final
    const stale = known?.failedAt !== undefined &&
      Date.now() - known.failedAt > RETRY_UNAVAILABLE_MS;
    if (known !== undefined && !stale) return known.client;
    const entry: { client: Promise<ModelPolicyClient>; failedAt?: number } = {
      client: open(endpoint),
    };
    models.set(endpoint, entry);
    entry.client.catch((err) => {
      if (err instanceof MinerError) {
        log.warn("Model refused", { endpoint, code: err.code, error: err.message });
        if (err.code === "miner_model_unavailable") entry.failedAt = Date.now();
      } else {
        // our own failure (disk, bug): retried by the next episode
        models.delete(endpoint);
      }
    });
    return entry.client;
  };
}

/** How long a miner_model_unavailable refusal stands before the hub is asked again. */
const RETRY_UNAVAILABLE_MS = 10 * 60_000;
const HF_HUB = "https://huggingface.co";
