import { type Chain, loadHotkey, LocalChain, signWeights } from "../../chain/mod.ts";
import { defaultDataDir, type SchedulerConfig } from "../../config/mod.ts";
import { migrate, openDb } from "../../db/mod.ts";
import { DependencyError } from "../../errors/mod.ts";
import type { Logger } from "../../log/mod.ts";
import type { CycleOutcome } from "./cycle.ts";
import type { WeightsSigner } from "./deps.ts";
import { runSchedulerLoop } from "./loop.ts";

/** Options of {@link runScheduler}. */
export interface RunSchedulerOptions {
  log: Logger;
  /** Aborted on SIGINT/SIGTERM: the loop stops, an open cycle stays open and resumes later. */
  signal: AbortSignal;
}

/**
 * `kinitro scheduler`: opens the database (migrating it), the miner source and the optional
 * weights signer from the configuration, and runs the cycle loop until the signal aborts
 * (or one cycle with `--once`).
 *
 * @throws {DependencyError} when the miner source is unavailable
 */
export async function runScheduler(
  config: SchedulerConfig,
  options: RunSchedulerOptions,
): Promise<CycleOutcome[]> {
  const log = options.log;
  const signWeightsFn = config.signWeights ? await createSigner(config, log) : undefined;
  const chain = await openMinerSource(config);
  const db = await openDb({
    databaseUrl: config.databaseUrl,
    dataDir: config.databaseUrl ? undefined : config.dataDir ?? defaultDataDir(),
  });
  try {
    const migrated = await migrate(db);
    log.info("Scheduler started", {
      db: db.location,
      schemaVersion: migrated.version,
      miners: config.minersFile ?? config.network,
      netuid: config.netuid,
      envs: config.envIds.length,
      episodesPerEnv: config.episodesPerEnv,
      once: config.once,
    });
    return await runSchedulerLoop({ db, chain, log, signWeights: signWeightsFn }, config, {
      once: config.once,
      evalInterval: config.evalInterval,
      signal: options.signal,
    });
  } finally {
    await db.close();
    await chain.close();
  }
}

/**
 * The miner source: a local chain from `--miners-file`, else the subtensor network.
 * TODO(#7): wire `SubtensorChain` from `chain/` for `--network` once it is exported.
 */
async function openMinerSource(config: SchedulerConfig): Promise<Chain> {
  if (config.minersFile) {
    return await LocalChain.fromFile(config.minersFile, { netuid: config.netuid });
  }
  throw new DependencyError(
    `Cannot read miners from network "${config.network}": the subtensor client is not ` +
      "available in this build; pass --miners-file",
  );
}

async function createSigner(config: SchedulerConfig, log: Logger): Promise<WeightsSigner> {
  const hotkey = await loadHotkey({
    walletName: config.walletName,
    hotkeyName: config.hotkeyName,
    walletPath: config.walletPath,
  });
  log.info("Signing weights with the operator hotkey", { signer: hotkey.address });
  return (record) => {
    const signed = signWeights(record, hotkey);
    return { signer: signed.signer, signature: signed.signature };
  };
}
