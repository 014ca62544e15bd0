/**
 * The validator role (`kinitro validate`): fetch the operator's signed weights, verify them
 * and put them on chain. Imports `chain/`, `client/`, `config/` types, `errors/` and `log/`.
 *
 * @module
 */
import { isSs58Address, loadHotkey, openChain } from "../../chain/mod.ts";
import { fetchLatestWeights } from "../../client/mod.ts";
import type { ValidatorConfig } from "../../config/mod.ts";
import { ConfigError } from "../../errors/mod.ts";
import type { Logger } from "../../log/mod.ts";
import { runValidatorLoop } from "./loop.ts";

export { BLOCK_TIME_MS, runValidatorLoop, type ValidatorLoopOptions } from "./loop.ts";
export {
  runValidatorStep,
  type StepDeps,
  type StepResult,
  type Submission,
  type ValidatorState,
} from "./step.ts";

/** What {@link runValidator} gets from the CLI. */
export interface ValidatorDeps {
  log: Logger;
  print(text: string): void;
  signal: AbortSignal;
}

/**
 * Runs `kinitro validate` until `signal` aborts.
 *
 * @throws {ConfigError} when the wallet cannot be loaded or its hotkey is not registered
 */
export async function runValidator(config: ValidatorConfig, deps: ValidatorDeps): Promise<number> {
  if (!isSs58Address(config.operatorSs58)) {
    throw new ConfigError(
      `Cannot start validator: --operator-ss58 "${config.operatorSs58}" is not a valid address`,
    );
  }
  const hotkey = await loadHotkey(config);
  const chain = await openChain(config.network, { netuid: config.netuid, log: deps.log });
  try {
    const metagraph = await chain.metagraph();
    const own = metagraph.neurons.find((n) => n.hotkey === hotkey.address);
    if (!own) {
      throw new ConfigError(
        `Cannot start validator: hotkey "${hotkey.address}" is not registered on netuid ` +
          `${config.netuid}`,
      );
    }
    deps.log.info("Validator started", {
      hotkey: hotkey.address,
      uid: own.uid,
      validatorPermit: own.validatorPermit,
      netuid: config.netuid,
      backendUrl: config.backendUrl,
      operator: config.operatorSs58,
      dryRun: config.dryRun,
    });
    if (!own.validatorPermit) {
      deps.log.warn("Hotkey has no validator permit; the chain may refuse its weights", {
        uid: own.uid,
      });
    }
    await runValidatorLoop({
      chain,
      hotkey,
      fetchWeights: () => fetchLatestWeights(config.backendUrl, { signal: deps.signal }),
      log: deps.log,
      print: deps.print,
      operatorSs58: config.operatorSs58,
      refreshBlocks: config.refreshBlocks,
      versionKey: config.versionKey,
      dryRun: config.dryRun,
    }, { pollMs: config.pollInterval * 1000, signal: deps.signal });
    return 0;
  } finally {
    await chain.close();
  }
}
