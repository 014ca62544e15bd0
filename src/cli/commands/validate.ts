import { ValidatorConfigSchema } from "../../config/mod.ts";
import { defineCommand } from "../command.ts";

/** `kinitro validate`: put the operator's signed weights on chain. */
export const validateCommand = defineCommand({
  name: "validate",
  summary: "Run a validator: verify the API's signed weights and set them on chain",
  description: "Polls GET /v1/weights/latest, checks the operator's sr25519 signature against " +
    "--operator-ss58, drops uids whose hotkey changed, and calls set_weights with the subnet's " +
    "version key while respecting its rate limit. --dry-run prints instead of submitting.",
  role: "validator",
  schema: ValidatorConfigSchema,
  async run({ config, log, print, signal }) {
    const { runValidator } = await import("../../roles/validator/mod.ts");
    return await runValidator(config, { log, print, signal });
  },
});
