// deno-lint-ignore-file no-console -- a bench script prints its figures
/**
 * `deno task bench:scoring`: wall time of `scoreTable()` (fast path) against the plain
 * reference in `src/testing/`, on seeded random tables. Prints one line per table size.
 *
 * The reference is exponential in environments times quadratic in miners per subset, so for
 * 16 environments it runs on a 48-miner sample of the table (and the fast path is timed on the
 * same sample for the ratio), besides the fast path alone on all 256 miners.
 *
 * @module
 */
import { createRng, randomScoreTable, type ScoreTable, scoreTable } from "../src/core/mod.ts";
import { scoreTableReference } from "../src/testing/mod.ts";

function table(miners: number, envs: number, seed: number): ScoreTable {
  return randomScoreTable(createRng(seed), { miners, envs }, {
    copyChance: 0.1,
    missingChance: 0.02,
    blockSpread: 10000,
  });
}

/** Median wall time in ms over `runs` runs after one warm-up run. */
function time(runs: number, fn: () => void): number {
  fn();
  const ms: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    fn();
    ms.push(performance.now() - t0);
  }
  ms.sort((a, b) => a - b);
  return ms[Math.floor(ms.length / 2)];
}

function checkAgreement(t: ScoreTable): void {
  const fast = scoreTable(t);
  const ref = scoreTableReference(t);
  for (const m of fast.miners) {
    if (ref.points.get(m.uid) !== m.points) {
      throw new Error(`Fast and reference disagree on uid "${m.uid}"`);
    }
  }
}

function row(label: string, fastMs: number, refMs: number | null, note = ""): void {
  const ratio = refMs === null
    ? ""
    : `  reference ${refMs.toFixed(1)} ms  ratio ${(refMs / fastMs).toFixed(0)}x`;
  console.log(`${label.padEnd(30)} fast ${fastMs.toFixed(2).padStart(8)} ms${ratio}${note}`);
}

const TARGETS: Record<string, number> = { "256x8": 50, "256x16": 1000 };

console.log(`scoring bench (${Deno.build.os}/${Deno.build.arch}, deno ${Deno.version.deno})`);

const t8 = table(256, 8, 1);
checkAgreement(t8);
const fast8 = time(20, () => scoreTable(t8));
const ref8 = time(1, () => scoreTableReference(t8));
row("256 miners x 8 envs", fast8, ref8, `  (target < ${TARGETS["256x8"]} ms)`);

const t16 = table(256, 16, 2);
const fast16 = time(5, () => scoreTable(t16));
row("256 miners x 16 envs", fast16, null, `  (target < ${TARGETS["256x16"]} ms)`);

const sample = { envs: t16.envs, miners: t16.miners.slice(0, 48) };
checkAgreement(sample);
const fastSample = time(5, () => scoreTable(sample));
const refSample = time(1, () => scoreTableReference(sample));
row("48-miner sample x 16 envs", fastSample, refSample, "  (reference too slow at 256)");

const verdict = fast8 < TARGETS["256x8"] && fast16 < TARGETS["256x16"] ? "met" : "MISSED";
console.log(`targets ${verdict}`);
