/**
 * `deno task bench:legibility`: what a policy can make out in the `corner` view at 84x84 at
 * reset (domain randomization on), per task over `--seeds N` seeds (default 50) from
 * `--seed S` (default 0): the pixels each object covers (minimum, median, maximum) and the
 * least colour distance of each task object to the table and to a distractor
 * (`tools/legibility.ts`), with whether the minimum meets the targets (25 pixels, colour
 * distance 40).
 */
import { listEnvs, makeEnv } from "../src/envs/mod.ts";
import { createRenderer } from "../src/render/mod.ts";
import { COLOUR_TARGET, measureView, PIXEL_TARGET } from "./legibility.ts";
import { argNumber } from "./_args.ts";

const SEEDS = argNumber("seeds", 50);
const FIRST = argNumber("seed", 0);

const fmt = (v: number) => (Number.isFinite(v) ? String(Math.round(v)) : "-");
using renderer = await createRenderer({ backend: "cpu" });
const rows: string[][] = [[
  "env",
  "object",
  "min px",
  "median px",
  "max px",
  "min d(table)",
  "min d(distractor)",
  "meets targets",
]];
let failures = 0;
for (const { id } of listEnvs()) {
  using env = await makeEnv(id);
  const seen = new Map<
    string,
    { px: number[]; table: number; distractor: number; mark: boolean }
  >();
  for (let seed = FIRST; seed < FIRST + SEEDS; seed++) {
    env.reset({ seed });
    for (const o of await measureView(env.snapshot(), renderer)) {
      const row = seen.get(o.name) ??
        { px: [], table: Infinity, distractor: Infinity, mark: !o.distractor };
      row.px.push(o.pixels);
      if (o.toTable !== undefined) row.table = Math.min(row.table, o.toTable);
      if (o.toDistractor !== undefined) row.distractor = Math.min(row.distractor, o.toDistractor);
      seen.set(o.name, row);
    }
  }
  for (const [name, { px, table, distractor, mark }] of seen) {
    px.sort((a, b) => a - b);
    const ok = px[0] >= PIXEL_TARGET && table >= COLOUR_TARGET && distractor >= COLOUR_TARGET;
    if (mark && !ok) failures++;
    rows.push([
      id,
      name,
      String(px[0]),
      String(px[Math.floor(px.length / 2)]),
      String(px.at(-1)),
      mark ? fmt(table) : "-",
      mark ? fmt(distractor) : "-",
      mark ? (ok ? "yes" : "NO") : "-",
    ]);
  }
}
const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
const out = rows.map((r) => r.map((v, c) => v.padEnd(widths[c])).join("  ")).join("\n");
await Deno.stdout.write(
  new TextEncoder().encode(
    `corner 84x84, seeds ${FIRST}..${FIRST + SEEDS - 1} (targets: >= ${PIXEL_TARGET} px, ` +
      `colour distance >= ${COLOUR_TARGET})\n${out}\n` +
      `${
        failures === 0
          ? "every task object meets both targets"
          : `${failures} task objects miss a target`
      }\n`,
  ),
);
