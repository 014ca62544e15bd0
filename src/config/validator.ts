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
  maxRecordAge: field(
    z.coerce.number().int().positive().default(1800),
    "Refuse a weights record computed more than this many blocks ago (default: 5 tempos of " +
      "360 blocks, 6 hours)",
    { valueName: "BLOCKS" },
  ),
  dataDir: field(
    z.string().min(1).optional(),
    "Directory where the validator keeps the last weights record it set per netuid and its " +
      "pending commit (default: the user's data directory, kinitro/validator)",
    { valueName: "DIR" },
  ),
  dryRun: field(
    boolish().default(false),
    "Verify and print what would be submitted (mode, call, reveal round, payload and " +
      "ciphertext as hex on a commit-reveal subnet), without signing or submitting anything",
  ),
  json: field(boolish().default(false), "Print dry-run results as JSON lines", { env: false }),
});

/** Resolved configuration of `kinitro validate`. */
export type ValidatorConfig = z.output<typeof ValidatorConfigSchema>;

/** Configuration of `kinitro chain status`. */
export const ChainStatusConfigSchema = z.object({
  ...ChainConfigSchema.shape,
  ...WalletConfigSchema.shape,
  hotkey: field(
    z.string().regex(/^[1-9A-HJ-NP-Za-km-z]{46,48}$/, "Must be an SS58 address").optional(),
    "Hotkey (SS58) whose pending commits to show (default: the wallet's hotkey if it can be " +
      "loaded, else every hotkey's)",
    { valueName: "SS58", env: false },
  ),
  json: field(boolish().default(false), "Print the status as JSON", { env: false }),
});

/** Resolved configuration of `kinitro chain status`. */
export type ChainStatusConfig = z.output<typeof ChainStatusConfigSchema>;
