import { z } from "zod";
import { Ss58Schema } from "../core/wire/mod.ts";
import { boolish, ChainConfigSchema, field, WalletConfigSchema } from "./shared.ts";

/** Configuration of `kinitro commit`. */
export const CommitConfigSchema = z.object({
  ...ChainConfigSchema.shape,
  ...WalletConfigSchema.shape,
  model: field(
    z.string().min(1).optional(),
    "ONNX policy file to commit by SHA-256 (commitment m1:<sha256>:<source>; checked against " +
      "the model contract first). Give --repo and --revision, or --url",
    { valueName: "FILE", env: false },
  ),
  repo: field(
    z.string().min(1).optional(),
    "Hugging Face repo of the policy, e.g. user/kinitro-policy",
    { valueName: "REPO", env: false },
  ),
  revision: field(
    z.string().min(1).optional(),
    "Commit SHA of the policy (endpoint form: shortened to 12 characters on chain)",
    { valueName: "SHA", env: false },
  ),
  chuteId: field(
    z.string().min(1).optional(),
    "Chutes chute id (UUID) serving the policy (endpoint form)",
    { valueName: "UUID", env: false },
  ),
  url: field(
    z.string().min(1).optional(),
    "With --model: an http(s) URL the file is downloaded from, instead of --repo/--revision",
    { valueName: "URL", env: false },
  ),
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
