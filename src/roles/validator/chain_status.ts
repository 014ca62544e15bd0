import {
  bytesToHex,
  type Chain,
  DRAND_QUICKNET,
  loadHotkey,
  openChain,
  roundAt,
} from "../../chain/mod.ts";
import type { ChainStatusConfig } from "../../config/mod.ts";
import type { Logger } from "../../log/mod.ts";

/** What `kinitro chain status` reports for a netuid. */
export interface ChainStatus {
  network: string;
  netuid: number;
  block: number;
  /** `set_weights` when commit-reveal is off, `commit-reveal` when it is on. */
  mode: "set_weights" | "commit-reveal";
  commitRevealEnabled: boolean;
  tempo: number;
  revealPeriodEpochs: number;
  /** `CommitRevealWeightsVersion`: what a commit must carry. */
  commitRevealVersion: number;
  weightsRateLimit: number;
  weightsVersionKey: string;
  /** The timelocked commit call the runtime offers (null: none). */
  commitCall: string | null;
  drand: { beacon: "quicknet" | "other"; lastStoredRound: string; blockTimeMs: number };
  /** Whose commits are listed (null: every hotkey's). */
  hotkey: string | null;
  uid: number | null;
  lastUpdate: number | null;
  pendingCommits: {
    hotkey: string;
    epoch: number;
    commitBlock: number | null;
    revealRound: string;
    /** Seconds until the beacon reaches the reveal round (0 when it has). */
    revealInSeconds: number;
    bytes: number;
  }[];
}

/** What `kinitro chain status` needs from the outside; replaceable in tests. */
export interface ChainStatusDeps {
  log: Logger;
  print(text: string): void;
  /** @default openChain */
  openChain?: (network: string, options: { netuid: number; log: Logger }) => Promise<Chain>;
  /** Wall clock in milliseconds. @default Date.now */
  now?: () => number;
}

/**
 * `kinitro chain status`: reads the subnet's weight-setting mode and commit-reveal settings,
 * the drand state and the pending commits of `--hotkey` (else the wallet's hotkey, else every
 * hotkey) and prints them. Reads only; signs nothing.
 */
export async function runChainStatus(
  config: ChainStatusConfig,
  deps: ChainStatusDeps,
): Promise<ChainStatus> {
  const hotkey = config.hotkey ?? await walletAddress(config, deps.log);
  const chain = await (deps.openChain ?? openChain)(config.network, {
    netuid: config.netuid,
    log: deps.log,
  });
  try {
    const [metagraph, policy, info, pending] = await Promise.all([
      chain.metagraph(),
      chain.weightsPolicy(),
      chain.timelockInfo(),
      chain.pendingCommits(),
    ]);
    const own = hotkey ? metagraph.neurons.find((n) => n.hotkey === hotkey) : undefined;
    const nowSeconds = (deps.now ?? Date.now)() / 1000;
    const current = roundAt(info.beacon, nowSeconds);
    const status: ChainStatus = {
      network: config.network,
      netuid: config.netuid,
      block: metagraph.block,
      mode: policy.commitRevealEnabled ? "commit-reveal" : "set_weights",
      commitRevealEnabled: policy.commitRevealEnabled,
      tempo: policy.tempo,
      revealPeriodEpochs: policy.revealPeriodEpochs,
      commitRevealVersion: policy.commitRevealVersion,
      weightsRateLimit: policy.rateLimit,
      weightsVersionKey: String(policy.versionKey),
      commitCall: info.call,
      drand: {
        beacon: bytesToHex(info.beacon.publicKey) === bytesToHex(DRAND_QUICKNET.publicKey)
          ? "quicknet"
          : "other",
        lastStoredRound: String(info.lastStoredRound),
        blockTimeMs: info.blockTimeMs,
      },
      hotkey: hotkey ?? null,
      uid: own?.uid ?? null,
      lastUpdate: own?.lastUpdate ?? null,
      pendingCommits: pending
        .filter((p) => !hotkey || p.hotkey === hotkey)
        .map((p) => ({
          hotkey: p.hotkey,
          epoch: p.epoch,
          commitBlock: p.commitBlock,
          revealRound: String(p.revealRound),
          revealInSeconds: Math.max(
            0,
            Number(p.revealRound - current) * info.beacon.periodSeconds,
          ),
          bytes: p.commit.length,
        })),
    };
    deps.print(config.json ? JSON.stringify(status) : formatStatus(status));
    return status;
  } finally {
    await chain.close();
  }
}

async function walletAddress(config: ChainStatusConfig, log: Logger): Promise<string | undefined> {
  try {
    return (await loadHotkey(config)).address;
  } catch (err) {
    log.debug("No wallet hotkey; listing every hotkey's commits", {
      error: (err as Error).message,
    });
    return undefined;
  }
}

function formatStatus(s: ChainStatus): string {
  const lines = [
    `netuid ${s.netuid} on ${s.network} at block ${s.block}`,
    `  weights mode:          ${s.mode} (commit-reveal ${s.commitRevealEnabled ? "on" : "off"})`,
    `  tempo:                 ${s.tempo} (epochs of ${s.tempo + 1} blocks)`,
    `  reveal period:         ${s.revealPeriodEpochs} epoch(s)`,
    `  commit-reveal version: ${s.commitRevealVersion}`,
    `  commit call:           ${s.commitCall ?? "none offered by this runtime"}`,
    `  weights rate limit:    ${s.weightsRateLimit} blocks`,
    `  weights version key:   ${s.weightsVersionKey}`,
    `  drand:                 ${s.drand.beacon}, newest stored round ${s.drand.lastStoredRound}`,
  ];
  if (s.hotkey) {
    lines.push(
      `  hotkey:                ${s.hotkey}` +
        (s.uid === null ? " (not registered)" : ` (uid ${s.uid}, last update ${s.lastUpdate})`),
    );
  }
  lines.push(`  pending commits:       ${s.pendingCommits.length}`);
  for (const p of s.pendingCommits) {
    lines.push(
      `    ${s.hotkey ? "" : `${p.hotkey} `}epoch ${p.epoch}, committed at block ` +
        `${p.commitBlock ?? "?"}, reveal round ${p.revealRound}` +
        (p.revealInSeconds > 0 ? ` (in ~${Math.ceil(p.revealInSeconds)} s)` : " (due)"),
    );
  }
  return lines.join("\n");
}
