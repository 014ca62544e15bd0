/** Every subset scheme, for schemas and help text: the one list (`z.enum(SUBSET_SCHEMES)`). */
export const SUBSET_SCHEMES = ["linear", "exponential", "equal"] as const;

/** How many points the winner of a subset of environments earns, by subset size `s`. */
export type SubsetScheme = (typeof SUBSET_SCHEMES)[number];

/** A miner's result on one environment: success rate over `episodes` scored episodes. */
export interface EnvResult {
  /** Success rate in [0, 1]. */
  rate: number;
  /** Number of episodes behind `rate` (an integer >= 1). */
  episodes: number;
  /**
   * Successful episodes, when known (an integer in [0, episodes] with `rate` its share). Margins
   * are compared exactly on `successes / episodes`; without it the exact rate is recovered from
   * `rate` (see `exactRate`).
   */
  successes?: number;
}

/** One miner's results for a cycle. */
export interface MinerResults {
  uid: number;
  hotkey: string;
  /**
   * Block at which the miner committed the policy being scored. Between two miners whose
   * results are all within noise, the earlier block wins; equal blocks fall back to the lower
   * uid.
   */
  firstBlock: number;
  /**
   * Results per environment id. An environment without an entry is *missing*: it counts as a
   * success rate of 0 that carries no sampling noise of its own (see `docs/scoring.md`).
   */
  results: Readonly<Record<string, EnvResult>>;
}

/** The input of scoring: the cycle's environments and every miner's results. */
export interface ScoreTable {
  /** Environment ids of the cycle. Their order does not change any result. */
  envs: readonly string[];
  miners: readonly MinerResults[];
}

/** Tunable parameters of scoring. */
export interface ScoringOptions {
  /** Multiplier of the two-proportion standard error in eps. @default 1.5 */
  z?: number;
  /** Lower clamp of eps. @default 0.02 */
  epsMin?: number;
  /** Upper clamp of eps. @default 0.2 */
  epsMax?: number;
  /** Points per won subset by its size. @default "linear" */
  scheme?: SubsetScheme;
  /** Softmax temperature turning points into weights; must be > 0. @default 1 */
  temperature?: number;
  /**
   * Miners that play as one policy (duplicate groups from action fingerprints). A group takes
   * part once, represented by its origin when one is proven, else by its earliest committer;
   * its points go to the origin, or to nobody; every other member gets 0. @default []
   */
  groups?: readonly GroupInput[];
}

/** A duplicate group as scoring takes it. */
export interface GroupInput {
  uids: readonly number[];
  /** The member proven to be the policy's origin (committed-models proof), or null. */
  originUid: number | null;
}

/** How a duplicate group fared. */
export interface ScoredGroup {
  uids: number[];
  originUid: number | null;
  /** The member whose results competed for the group (null when no member has results). */
  representativeUid: number | null;
  /** Points the group earned as one competitor (credited to the origin, else to nobody). */
  points: number;
}

/** {@link ScoringOptions} with every default filled in. */
export type ResolvedScoringOptions = Required<ScoringOptions>;

/** A cycle's scoring parameters as stored and published (duplicate groups are per cycle data). */
export type ScoringParams = Omit<ResolvedScoringOptions, "groups">;

/**
 * Default scoring parameters (ARCHITECTURE.md section 8): the one source of every scoring
 * default (config schemas, the demo and the scoring functions read them from here).
 */
export const DEFAULT_SCORING_OPTIONS: Readonly<ResolvedScoringOptions> = Object.freeze({
  z: 1.5,
  epsMin: 0.02,
  epsMax: 0.2,
  scheme: "linear",
  temperature: 1,
  groups: [],
});

/** One miner's outcome. */
export interface MinerScore {
  uid: number;
  hotkey: string;
  /** Sum of the points of every subset the miner won (0 for a duplicate group's members
   * unless the miner is the group's origin). */
  points: number;
  /**
   * Softmax weight; 0 for miners without points. Weights sum to 1 when anyone has points, and
   * are all 0 otherwise (then {@link ScoringResult.burn} is set).
   */
  weight: number;
  /** Whether the miner had a result on at least one environment. */
  hasResults: boolean;
}

/** Count of subsets of one size, and how many of them had a winner. */
export interface SubsetSizeSummary {
  size: number;
  subsets: number;
  withWinner: number;
  /** Points the winner of one subset of this size earns. */
  pointsEach: number;
}

/** The outcome of scoring a {@link ScoreTable}. */
export interface ScoringResult {
  /** The environments, in the table's order; bit `i` of a subset mask is `envs[i]`. */
  envs: string[];
  /** One entry per input miner, in input order. */
  miners: MinerScore[];
  /**
   * Winner of every subset: `winners[mask]` is an index into `miners`, or -1 when the subset
   * has no winner. `winners[0]` (the empty set) is -1.
   */
  winners: Int32Array;
  /** Per subset size 1..envs.length: how many subsets had a winner. */
  bySize: SubsetSizeSummary[];
  /** True when no miner has points: every weight is 0 and all weight goes to the burn uid. */
  burn: boolean;
  /** The duplicate groups of the options, scored. */
  groups: ScoredGroup[];
}
