/**
 * `deno task bench:legibility`: how many pixels each object covers in the `corner` view at
 * 84x84 (CPU segmentation render of the reset scene, domain randomization on), per task over
 * `--seeds N` seeds (default 50) from `--seed S` (default 0). Prints the minimum, median and
 * maximum per object and whether the minimum meets the 25-pixel target of the task objects.
 *
 * Segments are top-level bodies: a drawer's handle counts with its case, a door's with its
 * cabinet.
 */
import { listEnvs, makeEnv } from "../src/envs/mod.ts";
import { cameraSpecs, renderSegmentation } from "../src/render/mod.ts";

function arg(name: string, fallback: number): number {
  const i = Deno.args.indexOf(`--${name}`);
  return i >= 0 ? Number(Deno.args[i + 1]) : fallback;
}
const SEEDS = arg("seeds", 50);
const FIRST = arg("seed", 0);
const TARGET = 25;
/** Segments that are scenery, not objects a policy must find. */
const SCENERY = new Set(["background", "table", "arm7_base"]);

const rows: string[][] = [["env", "object", "min px", "median px", "max px", ">= 25 px"]];
for (const { id } of listEnvs()) {
  using env = await makeEnv(id);
  const counts = new Map<string, number[]>();
  for (let seed = FIRST; seed < FIRST + SEEDS; seed++) {
    env.reset({ seed });
    const snapshot = env.snapshot();
    const seg = renderSegmentation(snapshot, cameraSpecs(snapshot, ["corner"])[0]);
    const n = new Map<number, number>();
    for (const s of seg) if (s >= 0) n.set(s, (n.get(s) ?? 0) + 1);
    for (const [i, name] of snapshot.segmentNames.entries()) {
      if (SCENERY.has(name)) continue;
      const list = counts.get(name) ?? [];
      list.push(n.get(i) ?? 0);
      counts.set(name, list);
    }
  }
  for (const [name, list] of counts) {
    list.sort((a, b) => a - b);
    const distractor = name.startsWith("distractor_");
    rows.push([
      id,
      name,
      String(list[0]),
      String(list[Math.floor(list.length / 2)]),
      String(list.at(-1)),
      distractor ? "-" : list[0] >= TARGET ? "yes" : "NO",
    ]);
  }
}
const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
const out = rows.map((r) => r.map((v, c) => v.padEnd(widths[c])).join("  ")).join("\n");
await Deno.stdout.write(
  new TextEncoder().encode(`corner 84x84, seeds ${FIRST}..${FIRST + SEEDS - 1}\n${out}\n`),
);
