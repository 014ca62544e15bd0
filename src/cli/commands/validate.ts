import { ValidatorConfigSchema } from "../../config/mod.ts";
import { defineCommand } from "../command.ts";

/** `kinitro validate`: put the operator's signed weights on chain. */
export const validateCommand = defineCommand({
  name: "validate",
  summary: "Run a validator: verify the API's signed weights and set them on chain",
  description: "Polls GET /v1/weights/latest, checks the operator's sr25519 signature against " +
    "--operator-ss58, refuses a record older than the last one it set (kept in --data-dir) or " +
    "older than --max-record-age blocks, drops uids whose hotkey changed, and reads the " +
    "subnet's mode each time: set_weights when commit-reveal is off, a timelocked commit to " +
    "the right drand round when it is on (then checks the reveal applied the weights). Respects " +
    "the rate limit and waits for a pending commit. --dry-run prints instead of submitting " +
    "(--json: mode, call, reveal round, payload and ciphertext as hex).",
  role: "validator",
  schema: ValidatorConfigSchema,
  async run({ config, log, print, signal }) {
    const { runValidator } = await import("../../roles/validator/mod.ts");
    return await runValidator(config, { log, print, signal });
  },
});
