import assert from "node:assert/strict";
import { GeomType } from "../../core/mod.ts";
import { CpuRenderer, downsample2x, renderSegmentation } from "../mod.ts";
import { type GeomDesc, lookAt, makeSnapshot, pyramidMesh, rotX } from "../testdata/scenes.ts";

const RED: [number, number, number, number] = [1, 0, 0, 1];
const BLUE: [number, number, number, number] = [0, 0, 1, 1];
const BG = [26, 31, 38]; // DEFAULT_BACKGROUND in bytes
/** Camera 2 m in front of the origin (at -y), looking at it, image x = world x, up = world z. */
const FRONT = lookAt([0, -2, 0], [0, 0, 0], { fovy: 45 });
/** Focal length of FRONT in pixels. */
const FOCAL = 42 / Math.tan((22.5 * Math.PI) / 180);

function render(geoms: GeomDesc[], camera = FRONT, supersample = false): Uint8Array {
  return new CpuRenderer({ supersample }).renderSync(makeSnapshot(geoms), [camera])[0];
}

function pixel(img: Uint8Array, x: number, y: number, w = 84): number[] {
  const o = (y * w + x) * 3;
  return [img[o], img[o + 1], img[o + 2]];
}

/** Bounding box and count of pixels that are not the background. */
function coverage(img: Uint8Array, w = 84, h = 84) {
  let x0 = w, x1 = -1, y0 = h, y1 = -1, count = 0;
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const [r, g, b] = pixel(img, x, y, w);
      if (r === BG[0] && g === BG[1] && b === BG[2]) continue;
      count++;
      x0 = Math.min(x0, x), x1 = Math.max(x1, x), y0 = Math.min(y0, y), y1 = Math.max(y1, y);
    }
  }
  return { x0, x1, y0, y1, count, width: x1 - x0 + 1, height: y1 - y0 + 1 };
}

Deno.test("CpuRenderer draws a red sphere in front of the camera in the centre pixels", () => {
  const img = render([{ type: GeomType.sphere, size: [0.3], pos: [0, 0, 0], rgba: RED }]);
  assert.equal(img.length, 84 * 84 * 3);
  for (const [x, y] of [[41, 41], [42, 42], [41, 42], [42, 41]]) {
    const [r, g, b] = pixel(img, x, y);
    assert.ok(r > 80 && g === 0 && b === 0, `centre pixel ${x},${y} is ${[r, g, b]}`);
  }
  assert.deepEqual(pixel(img, 0, 0), BG);
  // Projected radius of a sphere: f * r / sqrt(d^2 - r^2).
  const radius = (FOCAL * 0.3) / Math.sqrt(4 - 0.09);
  const { count } = coverage(img);
  assert.ok(Math.abs(count / (Math.PI * radius * radius) - 1) < 0.08, `area ${count}`);
});

Deno.test("CpuRenderer images are upright: +z is up (row 0 at the top) and +x is right", () => {
  const above = coverage(
    render([{ type: GeomType.sphere, size: [0.1], pos: [0, 0, 0.4], rgba: RED }]),
  );
  assert.ok(above.y1 < 42, `object above the axis spans rows ${above.y0}..${above.y1}`);
  const right = coverage(
    render([{ type: GeomType.sphere, size: [0.1], pos: [0.4, 0, 0], rgba: RED }]),
  );
  assert.ok(right.x0 > 42, `object right of the axis spans columns ${right.x0}..${right.x1}`);
});

Deno.test("CpuRenderer keeps the nearest surface whatever the draw order", () => {
  const near: GeomDesc = { type: GeomType.sphere, size: [0.2], pos: [0, -0.5, 0], rgba: RED };
  const far: GeomDesc = { type: GeomType.box, size: [0.5, 0.1, 0.5], pos: [0, 0.5, 0], rgba: BLUE };
  for (const geoms of [[near, far], [far, near]]) {
    const img = render(geoms);
    const [r, , b] = pixel(img, 42, 42);
    assert.ok(r > 100 && b === 0, `centre is ${pixel(img, 42, 42)}`);
    const [r2, , b2] = pixel(img, 42, 25);
    assert.ok(b2 > 100 && r2 === 0, `above the sphere is ${pixel(img, 42, 25)}`);
  }
});

Deno.test("CpuRenderer draws each primitive with its MuJoCo size", async (t) => {
  const f = FOCAL;
  await t.step("box: half extents", () => {
    const c = coverage(
      render([{ type: GeomType.box, size: [0.3, 0.1, 0.15], pos: [0, 0, 0], rgba: RED }]),
    );
    assert.ok(Math.abs(c.width - (2 * 0.3 * f) / 1.9) <= 2, `width ${c.width}`);
    assert.ok(Math.abs(c.height - (2 * 0.15 * f) / 1.9) <= 2, `height ${c.height}`);
  });
  await t.step("capsule: radius and half-length along local z", () => {
    const c = coverage(
      render([{ type: GeomType.capsule, size: [0.1, 0.3], pos: [0, 0, 0], rgba: RED }]),
    );
    assert.ok(c.height > 2.8 * c.width, `capsule ${c.width}x${c.height}`);
    assert.ok(Math.abs(c.height - (2 * 0.4 * f) / 2) <= 3, `height ${c.height}`);
  });
  await t.step("cylinder: rotated 90 deg about x lies along y (depth)", () => {
    const upright = coverage(
      render([{ type: GeomType.cylinder, size: [0.1, 0.3], pos: [0, 0, 0], rgba: RED }]),
    );
    assert.ok(Math.abs(upright.height - (2 * 0.3 * f) / 1.9) <= 2, `height ${upright.height}`);
    const lying = coverage(render([
      {
        type: GeomType.cylinder,
        size: [0.1, 0.3],
        pos: [0, 0, 0],
        mat: rotX(Math.PI / 2),
        rgba: RED,
      },
    ]));
    assert.ok(Math.abs(lying.width - lying.height) <= 1, `end-on ${lying.width}x${lying.height}`);
  });
  await t.step("ellipsoid: three radii", () => {
    const c = coverage(
      render([{ type: GeomType.ellipsoid, size: [0.4, 0.2, 0.1], pos: [0, 0, 0], rgba: RED }]),
    );
    assert.ok(Math.abs(c.width / c.height - 4) < 0.5, `ellipsoid ${c.width}x${c.height}`);
  });
  await t.step("plane: finite half extents, seen from above, invisible from below", () => {
    const top = lookAt([0, 0, 2], [0, 0, 0], { up: [0, 1, 0] });
    const plane: GeomDesc = {
      type: GeomType.plane,
      size: [0.3, 0.15, 0.05],
      pos: [0, 0, 0],
      rgba: RED,
    };
    const c = coverage(render([plane], top));
    assert.ok(Math.abs(c.width - (2 * 0.3 * f) / 2) <= 2, `width ${c.width}`);
    assert.ok(Math.abs(c.height - (2 * 0.15 * f) / 2) <= 2, `height ${c.height}`);
    const below = lookAt([0, 0, -2], [0, 0, 0], { up: [0, 1, 0] });
    assert.equal(coverage(render([plane], below)).count, 0);
  });
  await t.step("mesh: triangles from snapshot.meshes, apex up", () => {
    const s = makeSnapshot(
      [{ type: GeomType.mesh, size: [0, 0, 0], pos: [0, 0, -0.3], rgba: RED, mesh: 0 }],
      { meshes: [pyramidMesh()] },
    );
    const side = lookAt([0, -4, 0.4], [0, 0, 0.4]);
    const img = new CpuRenderer().renderSync(s, [side])[0];
    const c = coverage(img);
    assert.ok(c.count > 200, `mesh covers ${c.count} pixels`);
    // The pyramid narrows upwards: its top row is shorter than its bottom row.
    const rowWidth = (y: number) => {
      let n = 0;
      for (let x = 0; x < 84; x++) if (pixel(img, x, y)[0] !== BG[0]) n++;
      return n;
    };
    assert.ok(rowWidth(c.y0 + 1) < rowWidth(c.y1 - 1) / 3);
  });
});

Deno.test("CpuRenderer lights with ambient plus Lambert diffuse, clamped to 1", () => {
  const quad: GeomDesc = {
    type: GeomType.box,
    size: [1, 0.01, 1],
    pos: [0, 0, 0],
    rgba: [1, 0.5, 0, 1],
  };
  const dark = makeSnapshot([quad], { lights: [], ambient: [0.5, 0.5, 0.5] });
  assert.deepEqual(pixel(new CpuRenderer().renderSync(dark, [FRONT])[0], 42, 42), [128, 64, 0]);
  // A directional light hitting the face at 60 deg adds diffuse * cos 60 deg.
  const lit = makeSnapshot([quad], {
    ambient: [0.2, 0.2, 0.2],
    lights: [{
      pos: [0, 0, 0],
      dir: [0, Math.cos(Math.PI / 3), -Math.sin(Math.PI / 3)],
      diffuse: [0.6, 0.6, 0.6],
      directional: true,
    }],
  });
  assert.deepEqual(pixel(new CpuRenderer().renderSync(lit, [FRONT])[0], 42, 42), [128, 64, 0]);
  const bright = makeSnapshot([quad], {
    ambient: [0.8, 0.8, 0.8],
    lights: [{ pos: [0, 0, 0], dir: [0, 1, 0], diffuse: [1, 1, 1], directional: true }],
  });
  assert.deepEqual(pixel(new CpuRenderer().renderSync(bright, [FRONT])[0], 42, 42), [255, 230, 0]);
});

Deno.test("CpuRenderer clips triangles that cross the near plane", () => {
  // An infinite floor running under the camera: the bottom rows are floor, the top sky.
  const cam = lookAt([0, 0, 0.3], [0, 3, 0.1]);
  const img = render([{
    type: GeomType.plane,
    size: [0, 0, 1],
    pos: [0, 0, 0],
    rgba: [0.2, 0.8, 0.2, 1],
  }], cam);
  for (let x = 0; x < 84; x++) {
    const [r, g, b] = pixel(img, x, 83);
    assert.ok(g > r && g > b, `bottom row pixel ${x} is ${[r, g, b]}`);
    assert.deepEqual(pixel(img, x, 0), BG);
  }
});

Deno.test("renderSegmentation() gives each pixel the segment of the nearest geom", () => {
  const s = makeSnapshot([
    { type: GeomType.sphere, size: [0.2], pos: [0, -0.5, 0], rgba: RED, segment: 7 },
    { type: GeomType.box, size: [0.5, 0.1, 0.5], pos: [0, 0.5, 0], rgba: BLUE, segment: 3 },
  ]);
  const seg = renderSegmentation(s, FRONT);
  assert.equal(seg.length, 84 * 84);
  assert.equal(seg[42 * 84 + 42], 7);
  assert.equal(seg[25 * 84 + 42], 3);
  assert.equal(seg[0], -1);
  const ids = new Set(seg);
  assert.deepEqual([...ids].sort(), [-1, 3, 7]);
});

Deno.test("CpuRenderer supersampling equals a 2x render averaged per 2x2 block", () => {
  const geoms: GeomDesc[] = [
    { type: GeomType.sphere, size: [0.3], pos: [0, 0, 0], rgba: RED },
    { type: GeomType.box, size: [0.2, 0.2, 0.2], pos: [0.5, 0.5, 0.3], rgba: BLUE },
  ];
  const ss = render(geoms, FRONT, true);
  const big = render(geoms, { ...FRONT, width: 168, height: 168 });
  assert.deepEqual(ss, downsample2x(big, 84, 84));
  // Edges get blended colours that the plain render does not have.
  const plain = render(geoms);
  const colours = (img: Uint8Array) =>
    new Set(
      Array.from({ length: 84 * 84 }, (_, i) => pixel(img, i % 84, Math.floor(i / 84)).join()),
    );
  assert.ok(colours(ss).size > colours(plain).size);
});

Deno.test("CpuRenderer shows a gripper's two fingers left and right of a downward camera", () => {
  // Palm and fingers of boxes above a table; the camera sits behind the palm looking down.
  const dark: [number, number, number, number] = [0.2, 0.2, 0.22, 1];
  const s = makeSnapshot([
    { type: GeomType.box, size: [0.5, 0.5, 0.02], pos: [0, 0, -0.02], rgba: [0.6, 0.45, 0.3, 1] },
    { type: GeomType.box, size: [0.05, 0.02, 0.01], pos: [0, 0, 0.2], rgba: dark, segment: 4 },
    {
      type: GeomType.box,
      size: [0.008, 0.015, 0.04],
      pos: [-0.04, 0, 0.15],
      rgba: dark,
      segment: 5,
    },
    {
      type: GeomType.box,
      size: [0.008, 0.015, 0.04],
      pos: [0.04, 0, 0.15],
      rgba: dark,
      segment: 6,
    },
  ]);
  const cam = lookAt([0, -0.05, 0.3], [0, 0.02, 0], { fovy: 60, up: [0, 1, 0] });
  const seg = renderSegmentation(s, cam);
  const columns = (id: number) => {
    const xs: number[] = [];
    seg.forEach((v, i) => v === id && xs.push(i % 84));
    return xs;
  };
  const left = columns(5), right = columns(6);
  assert.ok(left.length > 20 && right.length > 20, `${left.length} / ${right.length} pixels`);
  assert.ok(Math.max(...left) < 42 && Math.min(...right) > 42);
  // Between the fingers, below the palm, the table shows through.
  const between = seg[70 * 84 + 42];
  assert.equal(between, 0);
});

Deno.test("CpuRenderer draws a close sphere with a fine tessellation (area within 2%)", () => {
  const img = render([{ type: GeomType.sphere, size: [0.5], pos: [0, 0, 0], rgba: RED }]);
  const radius = (FOCAL * 0.5) / Math.sqrt(4 - 0.25);
  const { count } = coverage(img);
  assert.ok(Math.abs(count / (Math.PI * radius * radius) - 1) < 0.02, `area ${count}`);
});

Deno.test("CpuRenderer keeps square pixels in a wide image (fovy is vertical)", () => {
  const wide = { ...FRONT, width: 120, height: 60 };
  const img = render([{ type: GeomType.sphere, size: [0.3], pos: [0.5, 0, 0], rgba: RED }], wide);
  const c = coverage(img, 120, 60);
  assert.ok(Math.abs(c.width - c.height) <= 1, `sphere ${c.width}x${c.height}`);
  // Same vertical field of view: the sphere is as tall as in the 84-pixel-square image scaled.
  const radius = (30 / Math.tan((22.5 * Math.PI) / 180) * 0.3) / Math.sqrt(4 - 0.09);
  assert.ok(Math.abs(c.height - 2 * radius) <= 2, `height ${c.height}`);
  assert.ok(c.x0 > 60, "right of centre");
});
