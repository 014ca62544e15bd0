import { z } from "zod";
import { Ss58Schema } from "../core/wire/mod.ts";
import { boolish, ChainConfigSchema, field, WalletConfigSchema } from "./shared.ts";

/** Configuration of `kinitro commit`. */
export const CommitConfigSchema = z.object({
  ...ChainConfigSchema.shape,
  ...WalletConfigSchema.shape,
  repo: field(z.string().min(1), "Hugging Face repo of the policy, e.g. user/kinitro-policy", {
    valueName: "REPO",
    env: false,
  }),
  revision: field(
    z.string().min(1),
    "Commit SHA of the policy (shortened to 12 characters on chain)",
    { valueName: "SHA", env: false },
  ),
  chuteId: field(z.string().min(1), "Chutes chute id (UUID) serving the policy", {
    valueName: "UUID",
    env: false,
  }),
  json: field(boolish().default(false), "Print the result as JSON", { env: false }),
});

/** Resolved configuration of `kinitro commit`. */
export type CommitConfig = z.output<typeof CommitConfigSchema>;

/** Configuration of `kinitro show-commitment`. */
export const ShowCommitmentConfigSchema = z.object({
  ...ChainConfigSchema.shape,
  ...WalletConfigSchema.shape,
  hotkey: field(
    Ss58Schema.optional(),
    "Hotkey (SS58) whose commitment to show (default: the wallet's hotkey)",
    { valueName: "SS58", env: false },
  ),
  uid: field(z.coerce.number().int().min(0).max(65535).optional(), "uid whose commitment to show", {
    valueName: "UID",
    env: false,
  }),
  json: field(boolish().default(false), "Print the result as JSON", { env: false }),
});

/** Resolved configuration of `kinitro show-commitment`. */
export type ShowCommitmentConfig = z.output<typeof ShowCommitmentConfigSchema>;
