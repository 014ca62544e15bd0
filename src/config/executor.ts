import { z } from "zod";
import { MinerCallConfigSchema } from "./miner_calls.ts";
import { boolish, field, LogConfigSchema, rendererChoice, seedValue } from "./shared.ts";

/** A comma-separated list from an environment variable or flag, or an array. */
function commaList() {
  return z.preprocess(
    (v) => typeof v === "string" ? v.split(",").map((s) => s.trim()).filter((s) => s !== "") : v,
    z.array(z.string().min(1)),
  );
}

/** Options shared by `kinitro executor` and `kinitro eval`: how episodes are run. */
export const EpisodeConfigSchema = z.object({
  renderer: field(
    rendererChoice(),
    "Renderer: webgpu (fails with exit 4 without an adapter), cpu, or auto (WebGPU when a hardware adapter exists)",
    { valueName: "BACKEND" },
  ),
  imageSize: field(
    z.coerce.number().int().min(8).max(512).default(84),
    "Width and height of the camera images sent to miners",
    { valueName: "PX" },
  ),
  concurrency: field(
    z.coerce.number().int().min(1).max(512).default(8),
    "Episodes in flight per worker (they overlap while miner calls are pending)",
    { valueName: "N" },
  ),
  ...MinerCallConfigSchema.shape,
});

/** Configuration of `kinitro executor`. */
export const ExecutorConfigSchema = z.object({
  apiUrl: field(z.url().default("http://localhost:8000"), "Base URL of the Kinitro API", {
    valueName: "URL",
  }),
  apiKey: field(z.string().min(1), "Executor API key (sent as a Bearer token)", {
    secret: true,
    valueName: "KEY",
  }),
  executorId: field(
    z.string().min(1).max(64).regex(/^[A-Za-z0-9._:-]+$/).optional(),
    "Name of this executor in lease owners (default: the host name)",
    // KINITRO_EXECUTOR_ID; the doubled KINITRO_EXECUTOR_EXECUTOR_ID still works (deprecated)
    { valueName: "ID", shared: true, aliases: ["KINITRO_EXECUTOR_EXECUTOR_ID"] },
  ),
  workers: field(
    z.coerce.number().int().min(0).max(256).optional(),
    "Web Workers running episodes (default: one per CPU core; 0 runs them in the main thread)",
    { valueName: "N" },
  ),
  envIds: field(
    commaList().optional(),
    "Only claim tasks of these environments (comma-separated)",
    { valueName: "IDS" },
  ),
  pollIntervalMs: field(
    z.coerce.number().int().min(10).default(5000),
    "Wait after a fetch that found no work",
    { valueName: "MS" },
  ),
  shutdownGraceMs: field(
    z.coerce.number().int().min(0).default(30_000),
    "On SIGTERM, how long episodes in flight may finish before they are released",
    { valueName: "MS" },
  ),
  once: field(
    boolish().default(false),
    "Exit when the pool has no work and nothing is in flight",
    { env: false },
  ),
  replayEvery: field(
    z.coerce.number().int().min(0).max(1_000_000).default(50),
    "Record a replay (corner camera GIF and actions) of every episode whose index is a " +
      "multiple of N, for the dashboard; 0 records none",
    { valueName: "N" },
  ),
  replayFrameEvery: field(
    z.coerce.number().int().min(1).max(1000).default(10),
    "Env steps between two frames of a replay",
    { valueName: "STEPS" },
  ),
  replayMaxBytes: field(
    z.coerce.number().int().min(1024).max(16 * 1024 * 1024).default(96 * 1024),
    "Largest replay GIF; frames are thinned to fit (keep it below the API's --replay-max-bytes)",
    { valueName: "BYTES" },
  ),
  ...EpisodeConfigSchema.shape,
  ...LogConfigSchema.shape,
});

/** Resolved configuration of `kinitro executor`. */
export type ExecutorConfig = z.output<typeof ExecutorConfigSchema>;

/** Configuration of `kinitro eval`. */
export const EvalConfigSchema = z.object({
  miner: field(
    z.string().min(1).optional(),
    "Policy server URL (or a chute id with a Chutes API key)",
    { env: false, valueName: "URL" },
  ),
  model: field(
    z.string().min(1).optional(),
    "ONNX policy file to run in-process instead of a server (docs/model-contract.md)",
    { env: false, valueName: "FILE" },
  ),
  envIds: field(
    commaList().optional(),
    "Environments to run (comma-separated; default: all; --envs is a deprecated alias)",
    { env: false, valueName: "IDS", flagAliases: ["envs"] },
  ),
  episodes: field(z.coerce.number().int().min(1).default(5), "Episodes per environment", {
    env: false,
    valueName: "N",
  }),
  seed: field(
    seedValue(),
    "Seed of the first episode of each environment (episode i uses SEED+i)",
    { env: false, valueName: "S" },
  ),
  maxSteps: field(
    z.coerce.number().int().min(1).optional(),
    "Steps per episode (default: the task's)",
    { env: false, valueName: "N" },
  ),
  json: field(boolish().default(false), "Print one JSON object instead of a table", {
    env: false,
  }),
  ...EpisodeConfigSchema.shape,
  ...LogConfigSchema.shape,
});

/** Resolved configuration of `kinitro eval`. */
export type EvalConfig = z.output<typeof EvalConfigSchema>;

/** Resolved episode options shared by the executor and eval. */
export type EpisodeConfig = z.output<typeof EpisodeConfigSchema>;

/** Configuration of `kinitro verify-cycle`. */
export const VerifyCycleConfigSchema = z.object({
  apiUrl: field(z.url().default("http://localhost:8000"), "Base URL of the Kinitro API", {
    valueName: "URL",
    env: false,
  }),
  sample: field(
    z.coerce.number().int().min(1).default(4),
    "Episodes re-run per model miner (a seeded sample; all when fewer)",
    { env: false, valueName: "N" },
  ),
  sampleSeed: field(
    z.coerce.number().int().min(0).default(0),
    "Seed of the sample, so two verifiers can pick the same episodes",
    { env: false, valueName: "S" },
  ),
  json: field(boolish().default(false), "Print one JSON object instead of lines", {
    env: false,
  }),
  ...MinerCallConfigSchema.shape,
  ...LogConfigSchema.shape,
});

/** Resolved configuration of `kinitro verify-cycle`. */
export type VerifyCycleConfig = z.output<typeof VerifyCycleConfigSchema>;
