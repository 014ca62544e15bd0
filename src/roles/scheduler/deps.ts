import type { Chain } from "../../chain/mod.ts";
import { pause, resolveScoringOptions, type ScoringParams } from "../../core/mod.ts";
import type { SchedulerConfig } from "../../config/mod.ts";
import type { WeightsRecord as SignedRecord } from "../../core/wire/mod.ts";
import type { Db } from "../../db/mod.ts";
import type { Logger } from "../../log/mod.ts";

/** Time source and sleeping, injected so tests can drive a cycle without waiting. */
export interface Clock {
  now(): Date;
  /** Waits `ms` milliseconds; resolves early (without throwing) when `signal` aborts. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

/** The wall clock and real timers. */
export const SYSTEM_CLOCK: Clock = Object.freeze({
  now: () => new Date(),
  sleep: (ms: number, signal?: AbortSignal) => ms <= 0 ? Promise.resolve() : pause(ms, signal),
});

/**
 * Where the scheduler reads miners: the chain's current block and every commitment on the
 * subnet. {@link Chain} implementations (`LocalChain`, `SubtensorChain`) satisfy it. The
 * optional reads find a weak cycle's burn target (see `burn.ts`).
 */
export type MinerSource =
  & Pick<Chain, "currentBlock" | "commitments">
  & Partial<Pick<Chain, "subnetOwner" | "metagraph">>;

/** What a commitment announced, as far as the scheduler needs it to find an endpoint. */
export interface CommitmentTarget {
  endpoint?: string;
  repo?: string;
  revision?: string;
  chuteId?: string;
  /** A committed model (commitment format v2). */
  model?: { sha256: string; source: string };
}

/**
 * Turns a commitment's target into the endpoint stored with each task, or null when there is
 * none. The default ({@link defaultEndpoint}) keeps a direct URL or the chute id.
 */
export type EndpointResolver = (target: CommitmentTarget) => Promise<string | null>;

/** Signs a weights record: the signer's SS58 address and the 0x-hex signature. */
export type WeightsSigner = (record: SignedRecord) => { signer: string; signature: string };

/** Everything a cycle needs besides its configuration. */
export interface SchedulerDeps {
  db: Db;
  chain: MinerSource;
  log: Logger;
  /** @default SYSTEM_CLOCK */
  clock?: Clock;
  /** Fills a buffer with random bytes (the cycle secret). @default crypto.getRandomValues */
  randomBytes?: (length: number) => Uint8Array;
  /** @default defaultEndpoint */
  resolveEndpoint?: EndpointResolver;
  /** Signs each weights record; unsigned when absent. @default undefined */
  signWeights?: WeightsSigner;
}

/** The configuration one cycle uses (a subset of the scheduler config; seconds). */
export type CycleConfig = Pick<
  SchedulerConfig,
  | "netuid"
  | "envIds"
  | "episodesPerEnv"
  | "cycleTimeout"
  | "pollInterval"
  | "maxSteps"
  | "maxAttempts"
  | "epsZ"
  | "epsMin"
  | "epsMax"
  | "pointsMode"
  | "temperature"
  | "burnUid"
>;

/** Default random source: the platform CSPRNG. */
export function defaultRandomBytes(length: number): Uint8Array {
  return crypto.getRandomValues(new Uint8Array(length));
}

/**
 * Default endpoint resolver: a committed model as `m1:<sha256>:<source>` (executors fetch and
 * run it in-process), else a direct `http(s)://` endpoint (local chains; trailing slashes
 * removed), else the committed chute id. Executors resolve a chute id through the Chutes API
 * when they connect (`client/connectMiner`), which also lets them warm a cold chute up.
 */
export function defaultEndpoint(target: CommitmentTarget): Promise<string | null> {
  if (target.model) return Promise.resolve(`m1:${target.model.sha256}:${target.model.source}`);
  if (target.endpoint) return Promise.resolve(target.endpoint.replace(/\/+$/, ""));
  return Promise.resolve(target.chuteId ?? null);
}

/** The scoring parameters of a cycle's configuration, as core's scoring takes them. */
export function scoringOptionsOf(config: CycleConfig): ScoringParams {
  const { groups: _, ...params } = resolveScoringOptions({
    z: config.epsZ,
    epsMin: config.epsMin,
    epsMax: config.epsMax,
    scheme: config.pointsMode,
    temperature: config.temperature,
  });
  return params;
}
