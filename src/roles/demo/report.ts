/** The demo's closing report: success table, points and weights. */
import { scoreTable } from "../../core/mod.ts";
import type { MinerScore } from "../../db/mod.ts";

/** One miner of the demo. */
export interface DemoMiner {
  uid: number;
  hotkey: string;
  name: string;
  firstBlock: number;
}

/** The fields of a stored score row (`db`'s `MinerScore`) the demo's report reads. */
export type DemoScoreRow = Pick<
  MinerScore,
  "uid" | "hotkey" | "envId" | "episodes" | "successes" | "successRate"
>;

/** The demo's result, as printed with `--json`. */
export interface DemoReport {
  cycleId: number;
  /** The dashboard of the demo's API (its cycle at `cycles/{cycleId}`). */
  dashboardUrl: string;
  envIds: string[];
  miners: {
    uid: number;
    name: string;
    hotkey: string;
    successRate: Record<string, number | null>;
    points: number;
    weight: number;
  }[];
  u16: { uids: number[]; values: number[] };
  signer: string | null;
  secretRevealed: boolean;
  wallSeconds: number;
  /** Miners whose action fingerprints matched, scored as one competitor (points to nobody). */
  duplicateGroups: { uids: number[]; points: number }[];
}

/** Builds the report from the stored scores and weights of the cycle. */
export function buildReport(input: {
  cycleId: number;
  dashboardUrl: string;
  envIds: readonly string[];
  miners: readonly DemoMiner[];
  scores: readonly DemoScoreRow[];
  weights: { uids: number[]; valuesU16: number[]; weights: number[]; signer: string | null };
  secretRevealed: boolean;
  wallSeconds: number;
  duplicateGroups: { uids: number[]; points: number }[];
}): DemoReport {
  const rates = (uid: number) =>
    Object.fromEntries(
      input.envIds.map((env) => {
        const row = input.scores.find((s) => s.uid === uid && s.envId === env);
        return [env, row && row.episodes > 0 ? row.successRate : null];
      }),
    );
  const scored = scoreTable({
    envs: input.envIds,
    miners: input.miners.map((m) => ({
      uid: m.uid,
      hotkey: m.hotkey,
      firstBlock: m.firstBlock,
      results: Object.fromEntries(
        input.scores.filter((s) => s.uid === m.uid && s.episodes > 0)
          .map((s) => [s.envId, { rate: s.successRate, episodes: s.episodes }]),
      ),
    })),
  }, { groups: input.duplicateGroups.map((g) => ({ uids: g.uids, originUid: null })) });
  return {
    cycleId: input.cycleId,
    dashboardUrl: input.dashboardUrl,
    envIds: [...input.envIds],
    miners: input.miners.map((m) => {
      const i = input.weights.uids.indexOf(m.uid);
      return {
        uid: m.uid,
        name: m.name,
        hotkey: m.hotkey,
        successRate: rates(m.uid),
        points: scored.miners.find((s) => s.uid === m.uid)?.points ?? 0,
        weight: i >= 0 ? input.weights.weights[i] : 0,
      };
    }),
    u16: { uids: input.weights.uids, values: input.weights.valuesU16 },
    signer: input.weights.signer,
    secretRevealed: input.secretRevealed,
    wallSeconds: input.wallSeconds,
    duplicateGroups: input.duplicateGroups,
  };
}

/** Formats the report as a plain-text table. */
export function formatReport(report: DemoReport): string {
  const short = (env: string) => env.replace(/^metaworld\//, "").replace(/-v\d+$/, "");
  const cols = report.envIds.map(short);
  const width = Math.max(8, ...cols.map((c) => c.length));
  const name = Math.max(6, ...report.miners.map((m) => m.name.length));
  const lines = [
    `Cycle ${report.cycleId}: success rate per environment`,
    "",
    ["uid", "miner".padEnd(name), ...cols.map((c) => c.padStart(width)), "points", "weight"]
      .join("  "),
  ];
  for (const m of report.miners) {
    const cells = report.envIds.map((env) => {
      const r = m.successRate[env];
      return (r === null ? "-" : r.toFixed(2)).padStart(width);
    });
    lines.push(
      [
        String(m.uid).padStart(3),
        m.name.padEnd(name),
        ...cells,
        String(m.points).padStart(6),
        m.weight.toFixed(4).padStart(6),
      ].join("  "),
    );
  }
  for (const g of report.duplicateGroups) {
    lines.push(
      "",
      `Duplicate policies: uids ${g.uids.join(", ")} play as one (equal action fingerprints); ` +
        `their ${g.points} points go to nobody`,
    );
  }
  lines.push(
    "",
    `On-chain weights (u16): ${
      report.u16.uids.map((u, i) => `uid ${u} = ${report.u16.values[i]}`).join(", ") || "none"
    }`,
    `Signed by ${report.signer ?? "nobody"}; cycle secret revealed: ${
      report.secretRevealed ? "yes" : "no"
    }; ${report.wallSeconds.toFixed(0)} s`,
    `Dashboard of this cycle: ${report.dashboardUrl}cycles/${report.cycleId}`,
  );
  return lines.join("\n");
}
