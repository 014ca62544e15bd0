import { z } from "zod";
import { boolish, ChainConfigSchema, field, WalletConfigSchema } from "./shared.ts";

/** Configuration of `kinitro validate`. */
export const ValidatorConfigSchema = z.object({
  ...ChainConfigSchema.shape,
  ...WalletConfigSchema.shape,
  backendUrl: field(
    z.url({ protocol: /^https?$/, error: "Must be an http:// or https:// URL" }),
    "Base URL of the Kinitro API that publishes signed weights",
    { flagAliases: ["api-url"], valueName: "URL" },
  ),
  operatorSs58: field(
    z.string().regex(/^[1-9A-HJ-NP-Za-km-z]{46,48}$/, "Must be an SS58 address"),
    "SS58 address of the operator hotkey whose signature on the weights is trusted",
    { valueName: "SS58" },
  ),
  pollInterval: field(
    z.coerce.number().positive().default(60),
    "Seconds between polls of GET /v1/weights/latest",
    { valueName: "SECONDS" },
  ),
  refreshBlocks: field(
    z.coerce.number().int().positive().default(360),
    "Re-set unchanged weights once this many blocks passed since the last update",
    { valueName: "BLOCKS" },
  ),
  versionKey: field(
    z.coerce.bigint().nonnegative().optional(),
    "Weights version key to send (default: the subnet's WeightsVersionKey)",
    { valueName: "N" },
  ),
  dryRun: field(
    boolish().default(false),
    "Verify and print the weights that would be set, without submitting anything",
  ),
});

/** Resolved configuration of `kinitro validate`. */
export type ValidatorConfig = z.output<typeof ValidatorConfigSchema>;
