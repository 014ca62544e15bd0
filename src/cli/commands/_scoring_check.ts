import { z } from "zod";
import {
  type BurnTarget,
  burnWeights,
  createRng,
  randomScoreTable,
  type ScoreTable,
  scoreTable,
  type ScoringResult,
  toU16Weights,
  type U16Weights,
  validateScoreTable,
} from "../../core/mod.ts";
import { ConfigError, NotFoundError, UsageError } from "../../errors/mod.ts";
import type { Logger } from "../../log/mod.ts";
import type { TestScoringConfig } from "./scoring_check.ts";

const DEFAULT_RANDOM = "5x3";
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
): ScoreTable & { burnUid: number } {
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
    return { ...table, burnUid: parsed.data.burn_uid };
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

/** Everything `test-scoring` prints, computed. */
export interface TestScoringReport {
  table: ScoreTable;
  result: ScoringResult;
  /** Where the weight went when no miner earned points (`result.burn`). */
  burn: BurnTarget;
  u16: U16Weights;
}

/**
 * Loads (or generates) the table and scores it.
 *
 * @throws {UsageError} on conflicting flags or a bad `--random`
 * @throws {NotFoundError} when the `--scores` file does not exist
 * @throws {ConfigError} when the file is not a valid score table
 */
export async function computeTestScoring(config: TestScoringConfig): Promise<TestScoringReport> {
  if (config.scores !== undefined && config.random !== undefined) {
    throw new UsageError("Cannot score: give either --scores or --random, not both");
  }
  let table: ScoreTable;
  let fileBurnUid = 0;
  if (config.scores !== undefined) {
    let text: string;
    try {
      text = await Deno.readTextFile(config.scores);
    } catch (err) {
      if (err instanceof Deno.errors.NotFound) {
        throw new NotFoundError(`Cannot read score file "${config.scores}": no such file`, {
          cause: err,
        });
      }
      throw new ConfigError(`Cannot read score file "${config.scores}": ${err}`, [], {
        cause: err,
      });
    }
    const { burnUid, ...parsed } = parseScoreFile(text, config.scores);
    table = parsed;
    fileBurnUid = burnUid;
  } else {
    const size = parseRandomSpec(config.random ?? DEFAULT_RANDOM);
    table = randomScoreTable(createRng(config.seed), size, { blockSpread: 0 });
  }
  const result = scoreTable(table, { scheme: config.scheme, temperature: config.temperature });
  const uid = config.burnUid ?? fileBurnUid;
  const burn = { uid, hotkey: table.miners.find((m) => m.uid === uid)?.hotkey ?? "" };
  return { table, result, burn, u16: toU16Weights(burnWeights(result, burn)) };
}

/** The `--json` object: points and weights by uid, and the u16 vector. */
export function reportJson(report: TestScoringReport): string {
  const points: Record<string, number> = {};
  const weights: Record<string, number> = {};
  for (const m of report.result.miners) {
    points[m.uid] = m.points;
    weights[m.uid] = m.weight;
  }
  return JSON.stringify({
    points,
    weights,
    burn: report.result.burn ? { uid: report.burn.uid } : null,
    u16: { uids: report.u16.uids, values: report.u16.values },
  });
}

/** Human-readable tables: miners x envs with points and weights, then winners per size. */
export function reportText(report: TestScoringReport): string {
  const { table, result, u16 } = report;
  const u16ByUid = new Map(u16.uids.map((uid, i) => [uid, u16.values[i]]));
  const header = ["uid", "hotkey", "block", ...table.envs, "points", "weight", "u16"];
  const rows = table.miners.map((m, i) => {
    const score = result.miners[i];
    return [
      String(m.uid),
      m.hotkey,
      String(m.firstBlock),
      ...table.envs.map((env) => {
        const r = m.results[env];
        return r === undefined ? "-" : `${r.rate.toFixed(2)}/${r.episodes}`;
      }),
      String(score.points),
      score.weight.toFixed(4),
      String(u16ByUid.get(m.uid) ?? 0),
    ];
  });
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((r) => r[c].length)));
  const line = (cells: string[]) =>
    cells.map((cell, c) => (c === 1 ? cell.padEnd(widths[c]) : cell.padStart(widths[c])))
      .join("  ").trimEnd();
  const out = [
    "Success rate/episodes per environment ('-' = no result), points, weight, u16 weight",
    line(header),
    ...rows.map(line),
    "",
    ...(result.burn
      ? [`No miner earned points: all weight goes to burn uid ${report.burn.uid}.`, ""]
      : []),
    "Subsets with a winner, by size:",
    ...result.bySize.map((s) =>
      `  size ${s.size}: ${s.withWinner}/${s.subsets} (${s.pointsEach} point${
        s.pointsEach === 1 ? "" : "s"
      } each)`
    ),
  ];
  return out.join("\n");
}

/** Runs `test-scoring`: prints the report (text or JSON) and returns exit code 0. */
export async function runTestScoring(
  config: TestScoringConfig,
  io: { print(text: string): void; log: Logger },
): Promise<number> {
  const report = await computeTestScoring(config);
  io.log.debug("Scored table", {
    miners: report.table.miners.length,
    envs: report.table.envs.length,
  });
  io.print(config.json ? reportJson(report) : reportText(report));
  return 0;
}
