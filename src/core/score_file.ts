/**
 * Scoring a table outside a cycle (`kinitro test-scoring`): the score file format of
 * `docs/scoring.md`, random tables, and one call that scores a table with its duplicate
 * groups, burn target and u16 weights. Pure: the caller reads the file.
 *
 * @module
 */
import { z } from "zod";
import { ConfigError, UsageError } from "../errors/mod.ts";
import {
  type DuplicateGroup,
  type EpisodeFingerprint,
  findDuplicateGroups,
  FINGERPRINT_REGEXP,
} from "./fingerprint/mod.ts";
import {
  type BurnTarget,
  burnWeights,
  type ScoreTable,
  scoreTable,
  type ScoringOptions,
  type ScoringResult,
  toU16Weights,
  type U16Weights,
  validateScoreTable,
} from "./scoring/mod.ts";

const MAX_RANDOM_MINERS = 1024;
const MAX_RANDOM_ENVS = 20;
/** Bound on miners x 2^envs, the work of scoring (256 x 2^16 takes well under a second). */
const MAX_RANDOM_WORK = 2 ** 25;

const Episodes = z.number().int().min(1);

/** The `--scores` file: success rates per miner and environment. */
export const ScoreFileSchema = z.strictObject({
  /** Episodes behind each rate: one count, or one per environment. */
  episodes: z.union([Episodes, z.record(z.string(), Episodes)]).default(50),
  /** uid that gets all weight when no miner earns points (the subnet owner's, which burns it). */
  burn_uid: z.number().int().min(0).max(65535).default(0),
  /** Environments of the cycle; defaults to every environment named in the file. */
  envs: z.array(z.string().min(1)).optional(),
  miners: z.array(z.strictObject({
    uid: z.number().int().min(0),
    hotkey: z.string().min(1),
    first_block: z.number().int().min(0),
    scores: z.record(z.string().min(1), z.number().min(0).max(1)),
    /** Per-miner episode counts overriding the file's, per environment. */
    episodes: z.record(z.string(), Episodes).optional(),
    /** Action-trace fingerprints by paired episode (e.g. "pick#0"); see docs/scoring.md. */
    fingerprints: z.record(
      z.string().min(1),
      z.string().regex(FINGERPRINT_REGEXP, "Must be 64 lower-case hex digits"),
    ).optional(),
  })),
});

/** The parsed `--scores` file. */
export type ScoreFile = z.output<typeof ScoreFileSchema>;

/**
 * Turns a parsed score file into a table.
 *
 * @throws {RangeError} when an environment has a rate but no episode count
 */
export function tableFromScoreFile(file: ScoreFile): ScoreTable {
  const named = new Set<string>(file.envs ?? []);
  if (file.envs === undefined) {
    if (typeof file.episodes === "object") Object.keys(file.episodes).forEach((e) => named.add(e));
    for (const m of file.miners) Object.keys(m.scores).forEach((e) => named.add(e));
  }
  const envs = file.envs ?? [...named].sort();
  const miners = file.miners.map((m) => {
    const results: Record<string, { rate: number; episodes: number }> = {};
    for (const [env, rate] of Object.entries(m.scores)) {
      const episodes = m.episodes?.[env] ??
        (typeof file.episodes === "number" ? file.episodes : file.episodes[env]);
      if (episodes === undefined) {
        throw new RangeError(`miner uid "${m.uid}": no episode count for environment "${env}"`);
      }
      results[env] = { rate, episodes };
    }
    return { uid: m.uid, hotkey: m.hotkey, firstBlock: m.first_block, results };
  });
  return { envs, miners };
}

/**
 * Parses the text of a score file.
 *
 * @throws {ConfigError} listing every problem, when the text is not a valid score table
 */
export function parseScoreFile(
  text: string,
  path: string,
): ScoreTable & { burnUid: number; fingerprints: EpisodeFingerprint[] | null } {
  const fail = (why: string, cause?: unknown) =>
    new ConfigError(`Cannot read score file "${path}": ${why}`, [], { cause });
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    throw fail(`not valid JSON (${(err as Error).message})`, err);
  }
  const parsed = ScoreFileSchema.safeParse(data);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join(".") || "(root)"}: ${i.message}`);
    throw fail(issues.join("; "));
  }
  try {
    const table = tableFromScoreFile(parsed.data);
    validateScoreTable(table); // repeated uids, unknown environments, too many environments
    const carries = parsed.data.miners.some((m) => m.fingerprints !== undefined);
    const fingerprints = carries
      ? parsed.data.miners.flatMap((m) =>
        Object.entries(m.fingerprints ?? {}).map(([episode, fingerprint]) => ({
          uid: m.uid,
          hotkey: m.hotkey,
          episode,
          fingerprint,
        }))
      )
      : null;
    return { ...table, burnUid: parsed.data.burn_uid, fingerprints };
  } catch (err) {
    if (err instanceof RangeError) throw fail(err.message.replace(/^Cannot score: /, ""), err);
    throw err;
  }
}

/**
 * Parses `--random MINERSxENVS`.
 *
 * @throws {UsageError} when the text is not two positive integers within the limits
 */
export function parseRandomSpec(text: string): { miners: number; envs: number } {
  const m = /^(\d+)x(\d+)$/.exec(text.trim());
  const miners = m ? Number(m[1]) : NaN;
  const envs = m ? Number(m[2]) : NaN;
  if (!(miners >= 1 && miners <= MAX_RANDOM_MINERS && envs >= 1 && envs <= MAX_RANDOM_ENVS)) {
    throw new UsageError(
      `Cannot parse --random "${text}": expected MINERSxENVS with 1-${MAX_RANDOM_MINERS} miners and 1-${MAX_RANDOM_ENVS} environments, e.g. "8x8"`,
    );
  }
  if (miners * 2 ** envs > MAX_RANDOM_WORK) {
    throw new UsageError(
      `Cannot score --random "${text}": miners x 2^envs exceeds "${MAX_RANDOM_WORK}", use fewer`,
    );
  }
  return { miners, envs };
}

/** A scored table with everything `kinitro test-scoring` prints. */
export interface ScoreCheckReport {
  table: ScoreTable;
  result: ScoringResult;
  /** Where the weight went when no miner earned points (`result.burn`). */
  burn: BurnTarget;
  u16: U16Weights;
  /** Duplicate groups, when the input carries fingerprints (null otherwise). */
  groups: DuplicateGroup[] | null;
}

/** What {@link scoreCheck} scores: a table, its burn uid and, when known, fingerprints. */
export interface ScoreCheckInput {
  table: ScoreTable;
  /** uid that gets all weight when no miner earns points. */
  burnUid: number;
  /** Action fingerprints (duplicate groups are found from them), or null for none. */
  fingerprints: EpisodeFingerprint[] | null;
}

/** Scores `input` as a cycle would: duplicate groups, points, weights, burn, u16 weights. */
export function scoreCheck(
  input: ScoreCheckInput,
  options: Pick<ScoringOptions, "scheme" | "temperature"> = {},
): ScoreCheckReport {
  const { table, burnUid: uid, fingerprints } = input;
  const groups = fingerprints === null ? null : findDuplicateGroups(fingerprints);
  const result = scoreTable(table, { ...options, groups: groups ?? [] });
  const burn = { uid, hotkey: table.miners.find((m) => m.uid === uid)?.hotkey ?? "" };
  return { table, result, burn, u16: toU16Weights(burnWeights(result, burn)), groups };
}
