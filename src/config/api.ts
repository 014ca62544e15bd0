import { z } from "zod";
import { DatabaseConfigSchema, field, LogConfigSchema } from "./shared.ts";

/** Configuration of `kinitro api`. */
export const ApiConfigSchema = z.object({
  host: field(z.string().min(1).default("0.0.0.0"), "Address to listen on", {
    valueName: "HOST",
  }),
  port: field(z.coerce.number().int().min(0).max(65535).default(8000), "Port to listen on", {
    valueName: "PORT",
  }),
  leaseSeconds: field(
    z.coerce.number().int().min(5).max(86_400).default(300),
    "Seconds a claimed task stays leased before another executor may take it",
    { valueName: "SECONDS" },
  ),
  maxAttempts: field(
    z.coerce.number().int().min(1).max(100).default(3),
    "Leases per task before it fails with infra_error",
    { valueName: "N" },
  ),
  bodyLimit: field(
    z.coerce.number().int().min(1024).max(64 * 1024 * 1024).default(1024 * 1024),
    "Largest request body in bytes",
    { valueName: "BYTES" },
  ),
  replayMaxBytes: field(
    z.coerce.number().int().min(1024).max(16 * 1024 * 1024).default(128 * 1024),
    "Largest episode replay (GIF bytes) an executor may submit; a larger one is refused (413)",
    { valueName: "BYTES" },
  ),
  replayKeepCycles: field(
    z.coerce.number().int().min(1).max(10_000).default(10),
    "Keep the episode replays of this many newest cycles; older ones are deleted",
    { valueName: "N" },
  ),
  maxLeasesPerKey: field(
    z.coerce.number().int().min(0).max(1_000_000).default(0),
    "Most live task leases one API key may hold (0: no cap)",
    { valueName: "N" },
  ),
  dbTimeoutMs: field(
    z.coerce.number().int().min(100).max(60_000).default(3000),
    "Most milliseconds a request waits for the database; then it answers 503 with Retry-After",
    { valueName: "MS" },
  ),
  bodyTimeoutMs: field(
    z.coerce.number().int().min(100).max(600_000).default(10_000),
    "Most milliseconds to receive a request body; a slower client gets 408",
    { valueName: "MS" },
  ),
  ...DatabaseConfigSchema.shape,
  ...LogConfigSchema.shape,
});

/** Resolved configuration of `kinitro api`. */
export type ApiConfig = z.output<typeof ApiConfigSchema>;
