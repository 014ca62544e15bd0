/**
 * Synthetic scenes and cameras for render tests and the render bench. They build
 * `SceneSnapshot`s directly, in MuJoCo conventions, so render/ is tested without sim/.
 */
import {
  type CameraSpec,
  GeomType,
  type GeomTypeCode,
  type LightSpec,
  type MeshData,
  type SceneSnapshot,
} from "../../core/mod.ts";

type Vec3 = [number, number, number];

/** One geom of a synthetic scene. */
export interface GeomDesc {
  type: GeomTypeCode;
  size: number[];
  pos: Vec3;
  /** Row-major 3x3 rotation; identity when absent. */
  mat?: number[];
  rgba: [number, number, number, number];
  segment?: number;
  mesh?: number;
}

const IDENTITY = [1, 0, 0, 0, 1, 0, 0, 0, 1];

/** Rotation about x by `a` radians, row-major. */
export function rotX(a: number): number[] {
  const c = Math.cos(a), s = Math.sin(a);
  return [1, 0, 0, 0, c, -s, 0, s, c];
}

/** Rotation about z by `a` radians, row-major. */
export function rotZ(a: number): number[] {
  const c = Math.cos(a), s = Math.sin(a);
  return [c, -s, 0, s, c, 0, 0, 0, 1];
}

/** Options of {@link makeSnapshot}. */
export interface SnapshotOptions {
  lights?: LightSpec[];
  ambient?: Vec3;
  meshes?: MeshData[];
}

/** A top light and a soft directional fill, like a lit table scene. */
export const DEFAULT_LIGHTS: LightSpec[] = [
  { pos: [0, 0, 3], dir: [0, 0, -1], diffuse: [0.6, 0.6, 0.6], directional: false },
  { pos: [0, 0, 0], dir: [0.3, 0.5, -0.81], diffuse: [0.3, 0.3, 0.3], directional: true },
];

/** Builds a snapshot from geom descriptions. */
export function makeSnapshot(geoms: GeomDesc[], options: SnapshotOptions = {}): SceneSnapshot {
  const n = geoms.length;
  const s: SceneSnapshot = {
    geomCount: n,
    geomType: new Uint8Array(n),
    geomSize: new Float64Array(3 * n),
    geomPos: new Float64Array(3 * n),
    geomMat: new Float64Array(9 * n),
    geomRgba: new Float32Array(4 * n),
    geomSegment: new Int32Array(n),
    geomMesh: new Int32Array(n),
    meshes: options.meshes ?? [],
    lights: options.lights ?? DEFAULT_LIGHTS,
    ambient: options.ambient ?? [0.3, 0.3, 0.3],
    cameras: {},
    segmentNames: [],
  };
  geoms.forEach((g, i) => {
    s.geomType[i] = g.type;
    s.geomSize.set([g.size[0] ?? 0, g.size[1] ?? 0, g.size[2] ?? 0], 3 * i);
    s.geomPos.set(g.pos, 3 * i);
    s.geomMat.set(g.mat ?? IDENTITY, 9 * i);
    s.geomRgba.set(g.rgba, 4 * i);
    s.geomSegment[i] = g.segment ?? 0;
    s.geomMesh[i] = g.mesh ?? -1;
  });
  return s;
}

/** Options of {@link lookAt}. */
export interface LookAtOptions {
  name?: string;
  fovy?: number;
  width?: number;
  height?: number;
  up?: Vec3;
}

function normalize(v: Vec3): Vec3 {
  const l = Math.hypot(v[0], v[1], v[2]);
  return [v[0] / l, v[1] / l, v[2] / l];
}

function cross(a: Vec3, b: Vec3): Vec3 {
  return [a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]];
}

/** A camera at `eye` looking at `target` (MuJoCo convention: looks along -z, y up). */
export function lookAt(eye: Vec3, target: Vec3, options: LookAtOptions = {}): CameraSpec {
  const back = normalize([eye[0] - target[0], eye[1] - target[1], eye[2] - target[2]]);
  const right = normalize(cross(options.up ?? [0, 0, 1], back));
  const up = cross(back, right);
  return {
    name: options.name ?? "test",
    pos: eye,
    mat: [right[0], up[0], back[0], right[1], up[1], back[1], right[2], up[2], back[2]],
    fovy: options.fovy ?? 45,
    width: options.width ?? 84,
    height: options.height ?? 84,
  };
}

/** A unit-ish square pyramid mesh (5 vertices, 6 triangles, counter-clockwise outside). */
export function pyramidMesh(): MeshData {
  return {
    vertices: new Float32Array([-1, -1, 0, 1, -1, 0, 1, 1, 0, -1, 1, 0, 0, 0, 1.5]),
    faces: new Uint32Array([0, 2, 1, 0, 3, 2, 0, 1, 4, 1, 2, 4, 2, 3, 4, 3, 0, 4]),
  };
}

/** Segment ids used by {@link taskScene}. */
export const TASK_SEGMENTS = { static: 0, robot: 1, puck: 2, goal: 3, block: 4 } as const;

/**
 * A MetaWorld-like table scene: floor, table with legs, a 7-link arm of capsules and
 * cylinders, a two-finger gripper of boxes, a puck, a goal marker, a block, an ellipsoid
 * and a mesh prop. `t` moves the arm and objects a little (for animations and batches).
 */
export function taskScene(t = 0): SceneSnapshot {
  const { robot, puck, goal, block } = TASK_SEGMENTS;
  const grey: [number, number, number, number] = [0.55, 0.55, 0.58, 1];
  const wood: [number, number, number, number] = [0.62, 0.45, 0.3, 1];
  const hand = [0.05 * Math.sin(t), 0.6 + 0.05 * Math.cos(t), 0.25];
  const geoms: GeomDesc[] = [
    { type: GeomType.plane, size: [0, 0, 0.05], pos: [0, 0, -0.8], rgba: [0.3, 0.32, 0.35, 1] },
    { type: GeomType.box, size: [0.7, 0.4, 0.03], pos: [0, 0.6, -0.03], rgba: wood },
  ];
  for (const [x, y] of [[-0.65, 0.25], [0.65, 0.25], [-0.65, 0.95], [0.65, 0.95]]) {
    geoms.push({ type: GeomType.box, size: [0.03, 0.03, 0.38], pos: [x, y, -0.44], rgba: wood });
  }
  // Arm: base cylinder, links as capsules rising to the hand.
  const base = [0, 0.1, 0.1];
  geoms.push({ type: GeomType.cylinder, size: [0.09, 0.1, 0], pos: [0, 0.1, 0], rgba: grey, segment: robot });
  const joints = [base, [0, 0.2, 0.35], [0.02, 0.4, 0.45], [hand[0], hand[1], 0.42], [hand[0], hand[1], hand[2] + 0.1]];
  for (let k = 0; k + 1 < joints.length; k++) {
    const a = joints[k], b = joints[k + 1];
    const d: Vec3 = [b[0] - a[0], b[1] - a[1], b[2] - a[2]];
    const len = Math.hypot(...d);
    geoms.push({
      type: GeomType.capsule,
      size: [0.045 - 0.005 * k, len / 2, 0],
      pos: [(a[0] + b[0]) / 2, (a[1] + b[1]) / 2, (a[2] + b[2]) / 2],
      mat: alignZ(d),
      rgba: k % 2 ? [0.75, 0.1, 0.1, 1] : grey,
      segment: robot,
    });
    geoms.push({ type: GeomType.sphere, size: [0.05], pos: [a[0], a[1], a[2]], rgba: grey, segment: robot });
  }
  // Hand and fingers.
  geoms.push({ type: GeomType.box, size: [0.05, 0.02, 0.03], pos: [hand[0], hand[1], hand[2] + 0.06], rgba: grey, segment: robot });
  for (const sx of [-1, 1]) {
    geoms.push({
      type: GeomType.box,
      size: [0.008, 0.015, 0.04],
      pos: [hand[0] + sx * 0.03, hand[1], hand[2]],
      rgba: [0.2, 0.2, 0.22, 1],
      segment: robot,
    });
  }
  geoms.push(
    { type: GeomType.cylinder, size: [0.03, 0.02, 0], pos: [0.1 + 0.02 * t, 0.65, 0.02], rgba: [0.1, 0.3, 0.9, 1], segment: puck },
    { type: GeomType.sphere, size: [0.02], pos: [-0.15, 0.8, 0.1], rgba: [0.1, 0.85, 0.2, 1], segment: goal },
    { type: GeomType.box, size: [0.025, 0.025, 0.025], pos: [-0.2, 0.5, 0.025], mat: rotZ(0.4 + t), rgba: [0.9, 0.7, 0.1, 1], segment: block },
    { type: GeomType.ellipsoid, size: [0.05, 0.03, 0.02], pos: [0.3, 0.45, 0.02], rgba: [0.8, 0.3, 0.7, 1], segment: block },
    { type: GeomType.mesh, size: [0, 0, 0], pos: [0.3, 0.8, 0], rgba: [0.2, 0.7, 0.7, 1], mesh: 0, segment: block },
  );
  const mesh = pyramidMesh();
  mesh.vertices = mesh.vertices.map((v) => v * 0.04);
  return makeSnapshot(geoms, { meshes: [mesh] });
}

/** Row-major rotation whose z column is the unit direction of `d`. */
function alignZ(d: Vec3): number[] {
  const z = normalize(d);
  const ref: Vec3 = Math.abs(z[0]) < 0.9 ? [1, 0, 0] : [0, 1, 0];
  const x = normalize(cross(ref, z));
  const y = cross(z, x);
  return [x[0], y[0], z[0], x[1], y[1], z[1], x[2], y[2], z[2]];
}

/** The fixed `corner` camera of {@link taskScene}: over the table corner, looking at it. */
export function cornerCamera(size = 84): CameraSpec {
  return lookAt([1.0, 1.4, 0.8], [0, 0.55, 0.05], { name: "corner", fovy: 45, width: size, height: size });
}

/** The `gripper` camera of {@link taskScene}: on the hand, looking down past the fingers. */
export function gripperCamera(t = 0, size = 84): CameraSpec {
  const hand: Vec3 = [0.05 * Math.sin(t), 0.6 + 0.05 * Math.cos(t), 0.25];
  return lookAt([hand[0], hand[1] - 0.08, hand[2] + 0.12], [hand[0], hand[1] + 0.05, 0], {
    name: "gripper",
    fovy: 60,
    width: size,
    height: size,
  });
}

/** Loads a snapshot frozen as JSON by `testdata/snapshots/README.md`'s recipe. */
export function loadSnapshotFixture(name: string): SceneSnapshot {
  const raw = JSON.parse(
    Deno.readTextFileSync(new URL(`./snapshots/${name}.json`, import.meta.url)),
  );
  return {
    ...raw,
    geomType: Uint8Array.from(raw.geomType),
    geomSize: Float64Array.from(raw.geomSize),
    geomPos: Float64Array.from(raw.geomPos),
    geomMat: Float64Array.from(raw.geomMat),
    geomRgba: Float32Array.from(raw.geomRgba),
    geomSegment: Int32Array.from(raw.geomSegment),
    geomMesh: Int32Array.from(raw.geomMesh),
    meshes: raw.meshes.map((m: { vertices: number[]; faces: number[] }) => ({
      vertices: Float32Array.from(m.vertices),
      faces: Uint32Array.from(m.faces),
    })),
  };
}
