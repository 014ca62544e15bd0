import { z } from "zod";
import { MinerCallConfigSchema } from "./miner_calls.ts";
import { boolish, DEFAULT_ENV_IDS, field, rendererChoice } from "./shared.ts";

/** `kinitro demo`: a whole local network in one process. */
export const DemoConfigSchema = z.object({
  episodes: field(
    z.coerce.number().int().min(1).max(50).default(3),
    "Episodes per miner and environment",
    { valueName: "N" },
  ),
  envIds: field(
    z.array(z.string().min(1)).min(1).default([...DEFAULT_ENV_IDS]),
    "Environments to evaluate (comma-separated)",
    { valueName: "IDS" },
  ),
  workers: field(
    z.coerce.number().int().min(0).max(64).optional(),
    "Episode worker threads (0 = run episodes in the main thread; default: one per core)",
    { valueName: "N" },
  ),
  concurrency: field(
    z.coerce.number().int().min(1).max(64).default(4),
    "Concurrent episodes per worker",
    { valueName: "N" },
  ),
  renderer: field(
    rendererChoice(),
    "Renderer of the camera images",
    { valueName: "BACKEND" },
  ),
  actTimeoutMs: MinerCallConfigSchema.shape.actTimeoutMs,
  port: field(
    z.coerce.number().int().min(0).max(65535).default(0),
    "Port of the demo API on 127.0.0.1 (0 picks a free one)",
    { valueName: "PORT" },
  ),
  keepRunning: field(
    boolish().default(false),
    "Keep the API (and miners) running after the cycle, until Ctrl-C",
  ),
  proxyMiner: field(
    boolish().default(false),
    "Add a fourth miner (uid 3, committed before the baseline) whose endpoint forwards every " +
      "call to the vision baseline: duplicate detection groups the two and pays neither",
  ),
  json: field(boolish().default(false), "Print the result as one JSON object", { env: false }),
});

/** Resolved `kinitro demo` configuration. */
export type DemoConfig = z.output<typeof DemoConfigSchema>;
