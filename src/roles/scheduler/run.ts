import { type Chain, loadHotkey, LocalChain, openChain, signWeights } from "../../chain/mod.ts";
import { defaultDataDir, type SchedulerConfig } from "../../config/mod.ts";
import { migrate, openDb } from "../../db/mod.ts";
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
 * @throws {DependencyError} when the chain cannot be reached
 * @throws {ConfigError} when the miners file or the wallet cannot be read
 */
export async function runScheduler(
  config: SchedulerConfig,
  options: RunSchedulerOptions,
): Promise<CycleOutcome[]> {
  const log = options.log;
  const signWeightsFn = config.signWeights ? await createSigner(config, log) : undefined;
  const chain = await openMinerSource(config, log);
  let db;
  try {
    db = await openDb({
      databaseUrl: config.databaseUrl,
      dataDir: config.databaseUrl ? undefined : config.dataDir ?? defaultDataDir(),
    });
  } catch (err) {
    await chain.close();
    throw err;
  }
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
    return await runSchedulerLoop(
      { db, chain, log, signWeights: signWeightsFn },
      config,
      {
        once: config.once,
        evalInterval: config.evalInterval,
        signal: options.signal,
      },
    );
  } finally {
    await db.close();
    await chain.close();
  }
}

/**
 * The miner source: a local chain from `--miners-file`, else the chain named by `--network`
 * (`file:<path>` is a local chain too; anything else connects to subtensor).
 */
function openMinerSource(config: SchedulerConfig, log: Logger): Promise<Chain> {
  if (config.minersFile) {
    return LocalChain.fromFile(config.minersFile, { netuid: config.netuid });
  }
  return openChain(config.network, { netuid: config.netuid, log });
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
