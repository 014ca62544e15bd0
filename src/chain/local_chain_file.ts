import { z } from "zod";
import { ConfigError } from "../errors/mod.ts";
import { hexToBytes } from "./drand.ts";
import { parseCommitment } from "./commitment.ts";
import { isSs58Address } from "./hotkey.ts";
import type { CommitmentEntry, Neuron } from "./types.ts";

/** One miner of a local chain file. */
export const LocalMinerSchema = z.object({
  uid: z.number().int().min(0).max(65535),
  hotkey: z.string().refine(isSs58Address, "must be an SS58 address"),
  endpoint: z.url({ protocol: /^https?$/ }).optional(),
  commitment: z.string().optional(),
  commit_block: z.number().int().nonnegative().default(0),
  validator_permit: z.boolean().default(false),
});

/** One miner of a local chain file. */
export type LocalMiner = z.input<typeof LocalMinerSchema>;

/** A local chain file in its object form: miners plus the chain's settings. */
export const LocalChainSettingsSchema = z.strictObject({
  miners: z.array(LocalMinerSchema).default([]),
  /** Block number at `genesis_time` (or when the file is opened). */
  start_block: z.number().int().nonnegative().default(1000),
  /** Unix seconds of `start_block`, so that processes reading one file agree on the block. */
  genesis_time: z.number().nonnegative().optional(),
  block_time_ms: z.number().int().positive().default(12_000),
  tempo: z.number().int().min(0).max(65535).default(360),
  weights_rate_limit: z.number().int().nonnegative().default(0),
  weights_version_key: z.number().int().nonnegative().default(0),
  commit_reveal: z.boolean().default(false),
  reveal_period_epochs: z.number().int().nonnegative().default(1),
  commit_reveal_version: z.number().int().min(0).max(65535).default(4),
  /** 32-byte hex secret of the local drand beacon (test key; mainnet's is unknown). */
  drand_secret_key: z.string().regex(/^(0x)?[0-9a-fA-F]{64}$/, "must be 32 bytes of hex")
    .optional(),
});

/** The local chain file: a JSON array of miners, or an object with miners and settings. */
export const LocalChainFileSchema = z.union([z.array(LocalMinerSchema), LocalChainSettingsSchema]);

/** What a local chain file configures. */
export interface LocalChainFileOptions {
  miners: LocalMiner[];
  startBlock?: number;
  genesisMs?: number;
  blockTimeMs?: number;
  drandSecretKey?: Uint8Array;
  policy?: {
    tempo: number;
    rateLimit: number;
    versionKey: bigint;
    commitRevealEnabled: boolean;
    revealPeriodEpochs: number;
    commitRevealVersion: number;
  };
}

/**
 * Reads a local chain file.
 *
 * @throws {ConfigError} naming the file and the field when it is missing or malformed
 */
export async function readLocalChainFile(path: string): Promise<LocalChainFileOptions> {
  let json: unknown;
  try {
    json = JSON.parse(await Deno.readTextFile(path));
  } catch (err) {
    throw new ConfigError(
      `Cannot read local chain file "${path}": ${(err as Error).message}`,
      [],
      { cause: err },
    );
  }
  // Parse by shape so that errors name the field (a union reports only "Invalid input").
  const parsed = Array.isArray(json)
    ? z.array(LocalMinerSchema).safeParse(json)
    : LocalChainSettingsSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ConfigError(
      `Cannot read local chain file "${path}": ${issue.path.join(".")} ${issue.message}`,
    );
  }
  const file = parsed.data;
  if (Array.isArray(file)) return { miners: file };
  return {
    miners: file.miners,
    startBlock: file.start_block,
    genesisMs: file.genesis_time === undefined ? undefined : file.genesis_time * 1000,
    blockTimeMs: file.block_time_ms,
    drandSecretKey: file.drand_secret_key ? hexToBytes(file.drand_secret_key) : undefined,
    policy: {
      tempo: file.tempo,
      rateLimit: file.weights_rate_limit,
      versionKey: BigInt(file.weights_version_key),
      commitRevealEnabled: file.commit_reveal,
      revealPeriodEpochs: file.reveal_period_epochs,
      commitRevealVersion: file.commit_reveal_version,
    },
  };
}

/** A neuron of the local chain with what it announced. */
export interface LocalNeuron extends Neuron {
  commitment?: { raw: string; endpoint?: string; block: number };
}

/** The commitment entry of a local neuron, or null when it announced nothing. */
export function localCommitmentEntry(n: LocalNeuron): CommitmentEntry | null {
  const c = n.commitment;
  if (!c) return null;
  const base = { uid: n.uid, hotkey: n.hotkey, block: c.block, raw: c.raw };
  if (c.endpoint) {
    const parsed = c.raw ? parseCommitment(c.raw) : null;
    const target = parsed?.ok ? { ...parsed.commitment, endpoint: c.endpoint } : {
      endpoint: c.endpoint,
    };
    return { ...base, ok: true, target };
  }
  const parsed = parseCommitment(c.raw);
  return parsed.ok
    ? { ...base, ok: true, target: parsed.commitment }
    : { ...base, ok: false, reason: parsed.reason };
}
