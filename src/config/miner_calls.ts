import { z } from "zod";
import { boolish, field } from "./shared.ts";

/**
 * How a role calls miner policy servers (protocol v1): deadlines, the miss policy, the
 * endpoint guard and Chutes. Spread `.shape` into a role schema (the executor's, the miner
 * tools'); defaults match `src/client` and `src/core/wire`.
 */
export const MinerCallConfigSchema = z.object({
  actTimeoutMs: field(
    z.coerce.number().int().positive().default(500),
    "Deadline of one /act call in milliseconds, answer included",
    { valueName: "MS" },
  ),
  resetTimeoutMs: field(
    z.coerce.number().int().positive().default(10_000),
    "Deadline of one /reset attempt in milliseconds",
    { valueName: "MS" },
  ),
  warmupLimitMs: field(
    z.coerce.number().int().positive().default(300_000),
    "How long /reset retries a cold or busy endpoint (429/503, no answer) before miner_unavailable",
    { valueName: "MS" },
  ),
  maxMissedActs: field(
    z.coerce.number().int().min(0).default(25),
    "Missed /act calls tolerated per episode; one more ends it",
    { valueName: "N" },
  ),
  maxConsecutiveMisses: field(
    z.coerce.number().int().min(1).default(5),
    "Missed /act calls in a row that end an episode",
    { valueName: "N" },
  ),
  allowPrivateEndpoints: field(
    boolish().default(false),
    "Allow miner endpoints on loopback, private and other non-public addresses (local development only)",
  ),
  chutesApiKey: field(
    z.string().min(1).optional(),
    "Chutes API key: resolves chute ids and is sent to chutes as Authorization",
    { shared: true, secret: true, aliases: ["CHUTES_API_KEY"], valueName: "KEY" },
  ),
  chutesApiUrl: field(
    z.url().default("https://api.chutes.ai"),
    "Chutes API base URL",
    { shared: true, aliases: ["CHUTES_API_URL"], valueName: "URL" },
  ),
  chutesInvokeUrl: field(
    z.string().regex(/^https?:\/\/.*\{slug\}/, 'must be an http(s) URL containing "{slug}"')
      .default("https://{slug}.chutes.ai"),
    "Where chutes are called; {slug} is replaced by the chute's slug (a local fake: " +
      "http://127.0.0.1:PORT/invoke/{slug})",
    { shared: true, aliases: ["CHUTES_INVOKE_URL"], valueName: "URL" },
  ),
  modelHubUrl: field(
    z.url().default("https://huggingface.co"),
    "Hub that serves committed models: hf:<repo>@<rev> is fetched from " +
      "<URL>/<repo>/resolve/<rev>/model.onnx",
    { shared: true, aliases: ["HF_ENDPOINT"], valueName: "URL" },
  ),
  modelCacheDir: field(
    z.string().min(1).optional(),
    "Directory of downloaded models, by SHA-256 (default: <data dir>/../models)",
    { shared: true, valueName: "DIR" },
  ),
  modelMaxBytes: field(
    z.coerce.number().int().positive().default(100 * 1024 * 1024),
    "Largest committed model file in bytes",
    { valueName: "BYTES" },
  ),
  modelMaxStepMs: field(
    z.coerce.number().positive().default(25),
    "Longest median time of one model step at batch 1, measured when the model loads",
    { valueName: "MS" },
  ),
  modelStallMs: field(
    z.coerce.number().int().positive().default(30_000),
    "A model download that sends no bytes for this long fails (miner_model_unavailable)",
    { valueName: "MS" },
  ),
});

/** Resolved miner-call settings. */
export type MinerCallConfig = z.output<typeof MinerCallConfigSchema>;
