/**
 * Our segmentation of a primitives scene against MuJoCo's own renderer
 * (`testdata/native/README.md`): same geoms at the same pixels up to edge differences.
 */
import assert from "node:assert/strict";
import type { SceneSnapshot } from "../core/mod.ts";
import { cameraSpecs, renderSegmentation } from "./mod.ts";

const raw = JSON.parse(
  await Deno.readTextFile(new URL("./testdata/native/native_primitives.json", import.meta.url)),
);
const s = raw.snapshot;
const snapshot: SceneSnapshot = {
  ...s,
  geomType: Uint8Array.from(s.geomType),
  geomSize: Float64Array.from(s.geomSize),
  geomPos: Float64Array.from(s.geomPos),
  geomMat: Float64Array.from(s.geomMat),
  geomRgba: Float32Array.from(s.geomRgba),
  geomSegment: Int32Array.from(s.geomSegment),
  geomMesh: Int32Array.from(s.geomMesh),
};

/** Share of pixels showing the same geom as MuJoCo. */
const MIN_AGREEMENT = 0.99;
/** Intersection over union per geom, for geoms covering at least 20 pixels. */
const MIN_IOU = 0.8;

for (const name of Object.keys(s.cameras)) {
  Deno.test(`renderSegmentation() matches MuJoCo's renderer from camera "${name}"`, () => {
    const [camera] = cameraSpecs(snapshot, [name], { width: raw.width, height: raw.height });
    const ours = renderSegmentation(snapshot, camera);
    const theirs: number[] = raw.segmentation[name];
    let same = 0;
    const inter = new Map<number, number>(), union = new Map<number, number>();
    for (let i = 0; i < ours.length; i++) {
      const a = ours[i] < 0 ? -1 : ours[i] - 1, b = theirs[i];
      if (a === b) {
        same++;
        inter.set(a, (inter.get(a) ?? 0) + 1);
        union.set(a, (union.get(a) ?? 0) + 1);
      } else {
        union.set(a, (union.get(a) ?? 0) + 1);
        union.set(b, (union.get(b) ?? 0) + 1);
      }
    }
    assert.ok(same / ours.length >= MIN_AGREEMENT, `agreement ${same / ours.length}`);
    for (const [id, u] of union) {
      if (u < 20) continue;
      const iou = (inter.get(id) ?? 0) / u;
      assert.ok(iou >= MIN_IOU, `geom "${s.segmentNames[id + 1]}" IoU ${iou.toFixed(3)}`);
    }
    // Every geom MuJoCo shows from this camera, we show too.
    for (const id of new Set(theirs)) assert.ok(inter.has(id), `geom ${id} missing`);
  });
}
