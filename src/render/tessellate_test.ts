import assert from "node:assert/strict";
import { GeomType } from "../core/mod.ts";
import {
  geomShape,
  LOD_SLICES,
  lodLevel,
  meshIdOf,
  newGeomShape,
  pickMesh,
  UnitMeshId,
  unitMeshList,
  VERTEX_FLOATS,
} from "./tessellate.ts";

Deno.test("unitMeshList() meshes are closed, outward-facing and unit sized", () => {
  for (const [i, mesh] of unitMeshList().entries()) {
    if (i === meshIdOf(UnitMeshId.plane, 0)) continue;
    // Signed volume of a closed counter-clockwise mesh is positive (divergence theorem).
    const v = mesh.vertices, idx = mesh.indices;
    let volume = 0;
    for (let t = 0; t < idx.length; t += 3) {
      const [a, b, c] = [idx[t], idx[t + 1], idx[t + 2]].map((k) => k * VERTEX_FLOATS);
      volume += v[a] * (v[b + 1] * v[c + 2] - v[b + 2] * v[c + 1]) -
        v[a + 1] * (v[b] * v[c + 2] - v[b + 2] * v[c]) +
        v[a + 2] * (v[b] * v[c + 1] - v[b + 1] * v[c]);
    }
    assert.ok(volume > 0, `mesh ${i} has signed volume ${volume}`);
    for (let k = 0; k < v.length; k += VERTEX_FLOATS) {
      assert.ok(Math.hypot(v[k], v[k + 1], v[k + 2]) <= mesh.radius + 1e-6);
      assert.ok(Math.abs(Math.hypot(v[k + 4], v[k + 5], v[k + 6]) - 1) < 1e-6);
    }
  }
});

Deno.test("lodLevel() refines with projected size and keeps the silhouette error under 0.5 px", () => {
  let previous = 0;
  for (const px of [0.5, 3, 6, 10, 20, 40, 80, 200, Infinity]) {
    const level = lodLevel(px);
    assert.ok(level >= previous, `level ${level} at ${px} px`);
    previous = level;
    if (level < LOD_SLICES.length - 1) {
      assert.ok(px * (1 - Math.cos(Math.PI / LOD_SLICES[level])) <= 0.5);
    }
  }
  assert.equal(lodLevel(1), 0);
  assert.equal(lodLevel(Infinity), LOD_SLICES.length - 1);
});

Deno.test("pickMesh() picks finer spheres when nearer and the finest when crossing the near plane", () => {
  const shape = geomShape(GeomType.sphere, new Float64Array([0.05, 0, 0]), 0, newGeomShape());
  const far = pickMesh(shape, 5, 100), near = pickMesh(shape, 0.3, 100);
  assert.ok(near > far);
  assert.equal(pickMesh(shape, 0.05, 100), meshIdOf(UnitMeshId.sphere, LOD_SLICES.length - 1));
  const box = geomShape(GeomType.box, new Float64Array([1, 1, 1]), 0, newGeomShape());
  assert.equal(pickMesh(box, 0.1, 100), meshIdOf(UnitMeshId.box, 0));
  const mesh = geomShape(GeomType.mesh, new Float64Array(3), 0, newGeomShape());
  assert.equal(pickMesh(mesh, 1, 100), -1);
});
