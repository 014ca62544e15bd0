/** The blind-policy audit: success of policies that never read an image, per task. */
import { makeEnv } from "../registry.ts";
import { runEpisode } from "../rollout.ts";
import type { Env } from "../env.ts";
import { type BlindPolicy, sweepPolicies } from "./sweeps.ts";
import { meanActions, type Recording, recordOracle, replayPolicy } from "./replay.ts";

/** Options of {@link auditEnv}. */
export interface AuditOptions {
  /** Test episodes per policy (seeds `seed`..`seed+episodes-1`). */
  episodes: number;
  /** First test seed. @default 0 */
  seed?: number;
  /** Oracle recordings for the replay attacks (N). @default 20 */
  sources?: number;
  /** Seeds each recording is tried on to pick the best one. @default 10 */
  selectSeeds?: number;
  /** Domain randomization (as evaluation). @default true */
  randomize?: boolean;
  /** Only policies whose name contains one of these. @default all */
  only?: readonly string[];
  /** Called after each policy with its row (progress). @default undefined */
  onPolicy?: (row: AuditRow) => void;
  /** Stops between episodes when aborted. @default undefined */
  signal?: AbortSignal;
}

/** One policy's result on one task. */
export interface AuditRow {
  policy: string;
  /** `blind` rows must stay near zero; `reference` rows are the oracle and random. */
  kind: "blind" | "reference";
  episodes: number;
  successes: number;
  successRate: number;
  meanSteps: number;
}

/** The audit of one task. */
export interface AuditResult {
  envId: string;
  /** Source seeds of the recordings and the seed picked for best-of-N. */
  replay: { sources: number[]; best: number | null; bestSelectSuccesses: number };
  rows: AuditRow[];
}

/** Seeds of recordings and selection are far from test seeds, so they never overlap. */
const SOURCE_BASE = 1_000_000_000;
const SELECT_BASE = 2_000_000_000;

/** Runs a blind policy from `seed`; it receives only `observation.proprio`. */
export function runBlind(
  env: Env,
  policy: BlindPolicy,
  seed: number,
): { success: boolean; steps: number } {
  const act = policy.start();
  let { observation } = env.reset({ seed });
  for (;;) {
    const r = env.step(act(observation.proprio));
    observation = r.observation;
    if (r.terminated || r.truncated) return { success: r.info.success, steps: r.info.steps };
  }
}

function row(
  policy: string,
  kind: AuditRow["kind"],
  outcomes: { success: boolean; steps: number }[],
): AuditRow {
  const successes = outcomes.filter((o) => o.success).length;
  const n = outcomes.length;
  return {
    policy,
    kind,
    episodes: n,
    successes,
    successRate: n === 0 ? 0 : successes / n,
    meanSteps: n === 0 ? 0 : outcomes.reduce((s, o) => s + o.steps, 0) / n,
  };
}

/** Picks the recording that succeeds on most selection seeds (first one on ties). */
function pickBest(
  env: Env,
  recordings: readonly Recording[],
  selectSeeds: number,
  signal?: AbortSignal,
): { best: Recording | null; successes: number } {
  let best: Recording | null = null;
  let bestOk = -1;
  for (const rec of recordings) {
    if (signal?.aborted) break;
    const policy = replayPolicy("candidate", rec.actions);
    let ok = 0;
    for (let j = 0; j < selectSeeds; j++) {
      ok += runBlind(env, policy, SELECT_BASE + j).success ? 1 : 0;
    }
    if (ok > bestOk) [best, bestOk] = [rec, ok];
  }
  return { best, successes: Math.max(0, bestOk) };
}

/**
 * Audits one task: every proprio-only sweep, best-of-N oracle replay, the mean oracle
 * trajectory, and for reference the oracle and the random policy, each over the same test
 * seeds.
 * @throws {NotFoundError} when the env is unknown or has no oracle
 */
export async function auditEnv(envId: string, options: AuditOptions): Promise<AuditResult> {
  const { episodes, seed = 0, sources = 20, selectSeeds = 10, randomize = true } = options;
  using env = await makeEnv(envId, randomize ? {} : { randomize: false });
  const wanted = (name: string) =>
    options.only === undefined || options.only.some((o) => name.includes(o));
  const seeds = Array.from({ length: episodes }, (_, i) => seed + i);
  const rows: AuditRow[] = [];
  const push = (r: AuditRow) => {
    rows.push(r);
    options.onPolicy?.(r);
  };
  const blind = (policy: BlindPolicy) => {
    const out = [];
    for (const s of seeds) {
      if (options.signal?.aborted) break;
      out.push(runBlind(env, policy, s));
    }
    push(row(policy.name, "blind", out));
  };
  for (const kind of ["oracle", "random"] as const) {
    if (!wanted(kind)) continue;
    const out = [];
    for (const s of seeds) {
      if (options.signal?.aborted) break;
      out.push(runEpisode(env, kind, s));
    }
    push(row(kind, "reference", out));
  }
  for (const policy of sweepPolicies()) if (wanted(policy.name)) blind(policy);
  const replay = { sources: [] as number[], best: null as number | null, bestSelectSuccesses: 0 };
  if (wanted(`replay-best-of-${sources}`) || wanted("replay-mean")) {
    const recordings = Array.from(
      { length: sources },
      (_, i) => recordOracle(env, SOURCE_BASE + i),
    );
    replay.sources = recordings.map((r) => r.seed);
    if (wanted(`replay-best-of-${sources}`)) {
      const { best, successes } = pickBest(env, recordings, selectSeeds, options.signal);
      replay.best = best?.seed ?? null;
      replay.bestSelectSuccesses = successes;
      if (best !== null) blind(replayPolicy(`replay-best-of-${sources}`, best.actions));
    }
    if (wanted("replay-mean")) blind(replayPolicy("replay-mean", meanActions(recordings)));
  }
  return { envId, replay, rows };
}
