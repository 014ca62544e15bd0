/** `kinitro test-scoring`: reads the input, calls core's `scoreCheck`, and formats the report. */
import {
  createRng,
  type EpisodeFingerprint,
  parseRandomSpec,
  parseScoreFile,
  randomScoreTable,
  scoreCheck,
  type ScoreCheckReport,
  type ScoreTable,
} from "../../core/mod.ts";
import { ConfigError, NotFoundError, UsageError } from "../../errors/mod.ts";
import type { Logger } from "../../log/mod.ts";
import type { TestScoringConfig } from "./scoring_check.ts";

const DEFAULT_RANDOM = "5x3";

/**
 * Loads (or generates) the table and scores it.
 *
 * @throws {UsageError} on conflicting flags or a bad `--random`
 * @throws {NotFoundError} when the `--scores` file does not exist
 * @throws {ConfigError} when the file is not a valid score table
 */
export async function computeTestScoring(config: TestScoringConfig): Promise<ScoreCheckReport> {
  if (config.scores !== undefined && config.random !== undefined) {
    throw new UsageError("Cannot score: give either --scores or --random, not both");
  }
  let table: ScoreTable;
  let fileBurnUid = 0;
  let fingerprints: EpisodeFingerprint[] | null = null;
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
    const { burnUid, fingerprints: prints, ...parsed } = parseScoreFile(text, config.scores);
    table = parsed;
    fileBurnUid = burnUid;
    fingerprints = prints;
  } else {
    const size = parseRandomSpec(config.random ?? DEFAULT_RANDOM);
    table = randomScoreTable(createRng(config.seed), size, { blockSpread: 0 });
  }
  return scoreCheck(
    { table, burnUid: config.burnUid ?? fileBurnUid, fingerprints },
    { scheme: config.scheme, temperature: config.temperature },
  );
}

/** The `--json` object: points and weights by uid, the burn (weak cycle), the u16 vector. */
export function reportJson(report: ScoreCheckReport): string {
  const points: Record<string, number> = {};
  const weights: Record<string, number> = {};
  for (const m of report.result.miners) {
    points[m.uid] = m.points;
    weights[m.uid] = m.weight;
  }
  return JSON.stringify({
    points,
    weights,
    burn: report.result.burn ? { uid: report.burn.uid, weight: 1 } : null,
    u16: { uids: report.u16.uids, values: report.u16.values },
    ...(report.groups === null ? {} : {
      groups: report.groups.map((g, i) => ({
        uids: g.uids,
        origin_uid: g.originUid,
        points: report.result.groups[i].points,
        pairs: g.pairs,
      })),
    }),
  });
}

/** Human-readable tables: miners x envs with points and weights, then winners per size. */
export function reportText(report: ScoreCheckReport): string {
  const { table, result, u16 } = report;
  // a miner's own u16 weight: in a weak cycle the burn uid's 65535 is the burn's, not a miner's
  const u16ByUid = new Map(
    result.burn ? [] : u16.uids.map((uid, i) => [uid, u16.values[i]] as [number, number]),
  );
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
  if (report.groups !== null) {
    out.push(
      "",
      `Duplicate groups (action fingerprints equal on >= half of >= 3 paired episodes): ${report.groups.length}`,
    );
    report.groups.forEach((g, i) => {
      const scored = result.groups[i];
      out.push(
        `  uids ${
          g.uids.join(", ")
        }: one competitor (results of uid ${scored.representativeUid}), ` +
          `${scored.points} points to ${
            g.originUid === null ? "nobody" : `origin uid ${g.originUid}`
          }; ` +
          g.pairs.map((p) => `${p.a}~${p.b} ${p.equal}/${p.paired}`).join(", "),
      );
    });
  }
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
