/**
 * The validator role (`kinitro validate`): fetch the operator's signed weights, verify them
 * and put them on chain. Imports `chain/`, `client/`, `config/` types, `errors/` and `log/`.
 *
 * @module
 */
import { type Chain, isSs58Address, loadHotkey, openChain } from "../../chain/mod.ts";
import { fetchLatestWeights } from "../../client/mod.ts";
import { defaultDataDir, type ValidatorConfig } from "../../config/mod.ts";
import { ConfigError } from "../../errors/mod.ts";
import type { Logger } from "../../log/mod.ts";
import { runValidatorLoop } from "./loop.ts";
import { fileValidatorStore, memoryValidatorStore } from "./store.ts";

export { BLOCK_TIME_MS, runValidatorLoop, type ValidatorLoopOptions } from "./loop.ts";
export {
  DEFAULT_MAX_RECORD_AGE,
  runValidatorStep,
  type StepDeps,
  type StepResult,
  type Submission,
} from "./step.ts";
export {
  fileValidatorStore,
  memoryValidatorStore,
  type ValidatorState,
  type ValidatorStore,
} from "./store.ts";
export { type CommitPlan, type RevealCheck } from "./commit_reveal.ts";
export { type ChainStatus, runChainStatus } from "./chain_status.ts";

/** What {@link runValidator} gets from the CLI. */
export interface ValidatorDeps {
  log: Logger;
  print(text: string): void;
  signal: AbortSignal;
  /** The chain to use instead of opening `config.network` (tests). @default openChain */
  chain?: Chain;
  /** Wall clock in milliseconds. @default Date.now */
  now?: () => number;
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
  const chain = deps.chain ??
    await openChain(config.network, { netuid: config.netuid, log: deps.log });
  // A dry run sets nothing, so it neither reads nor writes the replay history on disk.
  const store = config.dryRun
    ? memoryValidatorStore()
    : fileValidatorStore(config.dataDir ?? defaultDataDir("validator"), config.netuid);
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
      ...("path" in store ? { stateFile: store.path } : {}),
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
      json: config.json,
      maxRecordAge: config.maxRecordAge,
      store,
      now: deps.now,
    }, { pollMs: config.pollInterval * 1000, signal: deps.signal });
    return 0;
  } finally {
    await chain.close();
  }
}
