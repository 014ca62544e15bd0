import { z } from "zod";
import { DatabaseConfigSchema, field, LogConfigSchema } from "./shared.ts";

/** The eight evaluation environments of the spec, the API's default environment list. */
export const DEFAULT_ENVIRONMENTS: readonly string[] = [
  "metaworld/reach-v3",
  "metaworld/push-v3",
  "metaworld/pick-place-v3",
  "metaworld/drawer-open-v3",
  "metaworld/drawer-close-v3",
  "metaworld/door-open-v3",
  "metaworld/button-press-v3",
  "metaworld/peg-insert-v3",
];

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
  ...DatabaseConfigSchema.shape,
  ...LogConfigSchema.shape,
});

/** Resolved configuration of `kinitro api`. */
export type ApiConfig = z.output<typeof ApiConfigSchema>;
