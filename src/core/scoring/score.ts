import { rateVariance } from "./epsilon.ts";
import { softmaxWeights, subsetPoints } from "./points.ts";
import {
  DEFAULT_SCORING_OPTIONS,
  type MinerResults,
  type ResolvedScoringOptions,
  type ScoreTable,
  type ScoringOptions,
  type ScoringResult,
  SUBSET_SCHEMES,
  type SubsetSizeSummary,
} from "./types.ts";
import { buildPairRelations, findSubsetWinners, type RelationInputs } from "./winners.ts";

/** Most environments one table may have (2^20 subsets). */
export const MAX_SCORING_ENVS = 20;

/**
 * Scores a cycle: per-pair eps, subset winners, points, softmax weights (ARCHITECTURE.md section 8).
 * A subset's winner must have a success rate above 0 on at least one of its environments; a
 * subset on which the miner beating everyone shows no skill has no winner. Miners without a
 * success on any environment (no result, or every rate 0) take no part and get weight 0. The softmax runs over the miners with points > 0; a
 * miner without points never gets weight. When nobody has points every weight is 0 and
 * `burn` is set: the caller gives all weight to the burn uid (see {@link burnWeights}). Deterministic and independent of the order of miners and environments.
 *
 * @throws {RangeError} on an invalid table or options (see {@link validateScoreTable})
 *
 * @example Two miners, the first clearly better on both environments
 * ```ts
 * import { scoreTable } from "./score.ts";
 * const result = scoreTable({
 *   envs: ["a", "b"],
 *   miners: [
 *     { uid: 0, hotkey: "h0", firstBlock: 10, results: { a: { rate: 0.9, episodes: 50 }, b: { rate: 0.9, episodes: 50 } } },
 *     { uid: 1, hotkey: "h1", firstBlock: 20, results: { a: { rate: 0.5, episodes: 50 }, b: { rate: 0.5, episodes: 50 } } },
 *   ],
 * });
 * if (result.miners[0].points !== 4 || result.miners[1].points !== 0) throw new Error();
 * ```
 */
export function scoreTable(table: ScoreTable, options: ScoringOptions = {}): ScoringResult {
  const opts = resolveScoringOptions(options);
  validateScoreTable(table);
  const { envs, participants, inputs } = prepareScoreTable(table);
  const k = envs.length;
  const relations = buildPairRelations(inputs, opts);
  const local = findSubsetWinners(relations);

  const pointsBySize = [0];
  for (let s = 1; s <= k; s++) pointsBySize.push(subsetPoints(s, opts.scheme));
  const bySize: SubsetSizeSummary[] = pointsBySize.slice(1).map((pointsEach, i) => ({
    size: i + 1,
    subsets: binomial(k, i + 1),
    withWinner: 0,
    pointsEach,
  }));
  const points = table.miners.map(() => 0);
  const winners = new Int32Array(local.length).fill(-1);
  for (let s = 1; s < local.length; s++) {
    if (local[s] < 0) continue;
    const mi = participants[local[s]];
    const size = popcount(s);
    winners[s] = mi;
    points[mi] += pointsBySize[size];
    bySize[size - 1].withWinner++;
  }
  // zero points earn zero weight; when nobody has points nobody gets weight and the caller
  // burns it (an idle registration never shares emission)
  const eligible = points.map((p) => p > 0);
  const burn = !eligible.some(Boolean);
  const weights = burn
    ? table.miners.map(() => 0)
    : softmaxWeights(points, { temperature: opts.temperature, include: eligible });
  const miners = table.miners.map((miner, i) => ({
    uid: miner.uid,
    hotkey: miner.hotkey,
    points: points[i],
    weight: weights[i],
    hasResults: hasResults(miner),
  }));
  return { envs, miners, winners, bySize, burn };
}

/** Scoring's view of a table: who takes part and the inputs of the pairwise relations. */
export interface PreparedScoreTable {
  /** The environments, in the table's order (bit `e` of a subset mask is `envs[e]`). */
  envs: string[];
  /** Indices into `table.miners` of the miners with a success; relation index `p` is `participants[p]`. */
  participants: number[];
  inputs: RelationInputs;
}

/**
 * Rates, variances and commit ranks of the miners that take part (those with a success on at
 * least one environment); a missing result is a rate of 0 without variance. Shared by
 * {@link scoreTable} and the explanation of its outcome, so both read a table the same way.
 */
export function prepareScoreTable(table: ScoreTable): PreparedScoreTable {
  const envs = [...table.envs];
  const k = envs.length;
  const participants: number[] = [];
  // a miner without a single success cannot win any subset; it takes no part, so zero-skill
  // registrations cannot block anyone's win through ties or an earlier commit either
  table.miners.forEach((miner, i) => {
    if (hasSkill(miner)) participants.push(i);
  });
  const m = participants.length;
  const rates = new Float64Array(m * k);
  const variances = new Float64Array(m * k);
  participants.forEach((mi, p) => {
    const results = table.miners[mi].results;
    envs.forEach((env, e) => {
      const r = results[env];
      rates[p * k + e] = r?.rate ?? 0;
      variances[p * k + e] = rateVariance(r);
    });
  });
  const order = participants.map((_, p) => p).sort((p, q) =>
    compareCommit(table.miners[participants[p]], table.miners[participants[q]])
  );
  const commitRank = new Int32Array(m);
  order.forEach((p, rank) => commitRank[p] = rank);
  return { envs, participants, inputs: { m, k, rates, variances, commitRank } };
}

/**
 * Fills in defaults and checks option ranges.
 *
 * @throws {RangeError} when an option is out of range
 */
export function resolveScoringOptions(options: ScoringOptions = {}): ResolvedScoringOptions {
  const o: ResolvedScoringOptions = { ...DEFAULT_SCORING_OPTIONS };
  for (const [key, value] of Object.entries(options)) {
    if (value !== undefined) (o as unknown as Record<string, unknown>)[key] = value;
  }
  const bad = (key: string, value: unknown, want: string) =>
    new RangeError(`Cannot score: option ${key} "${value}" is not ${want}`);
  if (!(o.z >= 0) || !Number.isFinite(o.z)) throw bad("z", o.z, "a finite number >= 0");
  if (!(o.epsMin >= 0) || !Number.isFinite(o.epsMin)) {
    throw bad("epsMin", o.epsMin, "a finite number >= 0");
  }
  if (!(o.epsMax >= o.epsMin) || !Number.isFinite(o.epsMax)) {
    throw bad("epsMax", o.epsMax, `a finite number >= epsMin "${o.epsMin}"`);
  }
  if (!SUBSET_SCHEMES.includes(o.scheme)) {
    throw bad("scheme", o.scheme, `one of ${SUBSET_SCHEMES.join(", ")}`);
  }
  if (!(o.temperature > 0) || !Number.isFinite(o.temperature)) {
    throw bad("temperature", o.temperature, "a finite number > 0");
  }
  return o;
}

/**
 * Checks a table: unique non-empty env ids (at most {@link MAX_SCORING_ENVS}), unique integer
 * uids, finite blocks, rates in [0, 1], integer episodes >= 1, results only on listed envs.
 *
 * @throws {RangeError} naming the first problem found
 */
export function validateScoreTable(table: ScoreTable): void {
  const envs = new Set(table.envs);
  if (envs.size !== table.envs.length) {
    throw new RangeError(`Cannot score: environment ids repeat in "${table.envs.join(",")}"`);
  }
  if (table.envs.length > MAX_SCORING_ENVS) {
    throw new RangeError(
      `Cannot score: "${table.envs.length}" environments exceed the limit of "${MAX_SCORING_ENVS}"`,
    );
  }
  const uids = new Set<number>();
  for (const miner of table.miners) {
    const who = `miner uid "${miner.uid}"`;
    if (!Number.isSafeInteger(miner.uid) || miner.uid < 0) {
      throw new RangeError(`Cannot score: ${who} is not a non-negative integer`);
    }
    if (uids.has(miner.uid)) throw new RangeError(`Cannot score: ${who} appears twice`);
    uids.add(miner.uid);
    if (!Number.isFinite(miner.firstBlock)) {
      throw new RangeError(`Cannot score: ${who} has first block "${miner.firstBlock}"`);
    }
    for (const [env, r] of Object.entries(miner.results)) {
      if (!envs.has(env)) {
        throw new RangeError(`Cannot score: ${who} has a result for unknown environment "${env}"`);
      }
      if (!(r.rate >= 0 && r.rate <= 1)) {
        throw new RangeError(`Cannot score: ${who} has rate "${r.rate}" on "${env}"`);
      }
      if (!Number.isSafeInteger(r.episodes) || r.episodes < 1) {
        throw new RangeError(`Cannot score: ${who} has "${r.episodes}" episodes on "${env}"`);
      }
    }
  }
}

/** Commit order: earlier first block first, then lower uid. */
export function compareCommit(a: MinerResults, b: MinerResults): number {
  return a.firstBlock - b.firstBlock || a.uid - b.uid;
}

function hasResults(miner: MinerResults): boolean {
  return Object.keys(miner.results).length > 0;
}

function hasSkill(miner: MinerResults): boolean {
  return Object.values(miner.results).some((r) => r.rate > 0);
}

/** Number of set bits of a 32-bit integer. */
export function popcount(x: number): number {
  x = x - ((x >>> 1) & 0x55555555);
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  return Math.imul((x + (x >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24;
}

function binomial(n: number, r: number): number {
  let c = 1;
  for (let i = 1; i <= r; i++) c = (c * (n - r + i)) / i;
  return Math.round(c);
}

/** Where weight goes when nobody earns it: the subnet owner's uid, which burns it. */
export interface BurnTarget {
  uid: number;
  /** Hotkey of `uid` when the weights were computed ("" when unknown). */
  hotkey: string;
}

/**
 * The weights to set for a scored table: the miners' weights, or, when nobody has points
 * ({@link ScoringResult.burn}), the whole weight on `burn.uid`.
 *
 * @example Nobody has points: all weight is burned
 * ```ts
 * import { burnWeights, scoreTable } from "./score.ts";
 * const result = scoreTable({
 *   envs: ["a"],
 *   miners: [{ uid: 3, hotkey: "h3", firstBlock: 1, results: { a: { rate: 0, episodes: 5 } } }],
 * });
 * const w = burnWeights(result, { uid: 0, hotkey: "owner" });
 * if (w.length !== 1 || w[0].uid !== 0 || w[0].weight !== 1) throw new Error();
 * ```
 */
export function burnWeights(
  result: ScoringResult,
  burn: BurnTarget,
): { uid: number; hotkey: string; weight: number }[] {
  if (!result.burn) {
    return result.miners.map(({ uid, hotkey, weight }) => ({ uid, hotkey, weight }));
  }
  return [{ uid: burn.uid, hotkey: burn.hotkey, weight: 1 }];
}
