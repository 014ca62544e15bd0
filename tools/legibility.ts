/**
 * What a policy can make out in the `corner` view at reset: per object, the pixels it covers
 * (segmentation render) and how far its colour is from the table's and from each distractor's
 * (mean RGB of its interior pixels in the CPU render, Euclidean distance in 0-255 units).
 * Used by `deno task bench:legibility` and `tools/legibility_test.ts`.
 *
 * Segments are top-level bodies: a drawer's handle counts with its case, a door's with its
 * cabinet.
 */
import type { SceneSnapshot } from "../src/core/mod.ts";
import { cameraSpecs, type Renderer, renderSegmentation } from "../src/render/mod.ts";

/** The target: every task object and goal covers at least this many pixels. */
export const PIXEL_TARGET = 25;
/**
 * Least colour distance (0-255 RGB, Euclidean) between a task object's mean colour and the
 * table's, or a distractor's, in the same image, under domain randomization (tints ±0.05 per
 * object, ±0.08 for the table, light intensity ×[0.75, 1.25]).
 */
export const COLOUR_TARGET = 40;
/** Segments that are scenery, not objects a policy must find. */
export const SCENERY: ReadonlySet<string> = new Set(["background", "table", "arm7_base"]);

/** One object of one reset scene. */
export interface ObjectView {
  name: string;
  distractor: boolean;
  pixels: number;
  /** Colour distance to the table (undefined when either shows no interior pixel). */
  toTable: number | undefined;
  /** Least colour distance to a visible distractor (undefined when none is visible). */
  toDistractor: number | undefined;
}

/** Measures every non-scenery object of a scene in its `corner` view. */
export async function measureView(
  snapshot: SceneSnapshot,
  renderer: Renderer,
): Promise<ObjectView[]> {
  const spec = cameraSpecs(snapshot, ["corner"])[0];
  const seg = renderSegmentation(snapshot, spec);
  const [rgb] = await renderer.render(snapshot, [spec]);
  const { width, height } = spec;
  const sums = new Map<number, [number, number, number, number]>();
  const counts = new Map<number, number>();
  for (let i = 0; i < seg.length; i++) {
    const s = seg[i];
    if (s < 0) continue;
    counts.set(s, (counts.get(s) ?? 0) + 1);
    // interior pixels only: edges blend with what is behind
    const x = i % width, y = (i - x) / width;
    if (x === 0 || y === 0 || x === width - 1 || y === height - 1) continue;
    if ([i - 1, i + 1, i - width, i + width].some((j) => seg[j] !== s)) continue;
    const sum = sums.get(s) ?? [0, 0, 0, 0];
    for (let c = 0; c < 3; c++) sum[c] += rgb[3 * i + c];
    sum[3]++;
    sums.set(s, sum);
  }
  const mean = (s: number): number[] | undefined => {
    const sum = sums.get(s);
    return sum ? [sum[0] / sum[3], sum[1] / sum[3], sum[2] / sum[3]] : undefined;
  };
  const distance = (a?: number[], b?: number[]): number | undefined =>
    a && b ? Math.hypot(a[0] - b[0], a[1] - b[1], a[2] - b[2]) : undefined;
  const names = snapshot.segmentNames;
  const table = mean(names.indexOf("table"));
  const distractors = names.flatMap((n, i) =>
    n.startsWith("distractor_") && (counts.get(i) ?? 0) > 0 ? [mean(i)] : []
  );
  return names.flatMap((name, i) => {
    if (SCENERY.has(name)) return [];
    const colour = mean(i);
    const distractor = name.startsWith("distractor_");
    const toDistractors = distractor ? [] : distractors.flatMap((d) => {
      const v = distance(colour, d);
      return v === undefined ? [] : [v];
    });
    return [{
      name,
      distractor,
      pixels: counts.get(i) ?? 0,
      toTable: distance(colour, table),
      toDistractor: toDistractors.length > 0 ? Math.min(...toDistractors) : undefined,
    }];
  });
}
