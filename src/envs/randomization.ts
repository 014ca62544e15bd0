import type { Rng } from "../core/mod.ts";
import type { Sim } from "../sim/mod.ts";
import type { RandomizationInfo, RandomizeContext } from "./types.ts";

/** Ranges of the domain randomization, each drawn per reset from the nominal model. */
export interface RandomizationRanges {
  /** Multiplier of the sliding friction of each object's collision geoms. @default [0.8, 1.2] */
  friction: readonly [number, number];
  /** Multiplier of the mass and inertia of each task object (not the robot). @default [0.8, 1.2] */
  mass: readonly [number, number];
  /** Multiplier of each task joint's damping (not the robot's). @default [0.8, 1.2] */
  damping: readonly [number, number];
  /** Multiplier of the gripper actuators' gain (kp and bias together). @default [0.9, 1.1] */
  actuatorGain: readonly [number, number];
  /** Largest shift of each RGB channel of a task object (one shift per object). @default 0.05 */
  colour: number;
  /** Largest shift of each RGB channel of the table. @default 0.08 */
  tableColour: number;
  /** Multiplier of each light's diffuse colour. @default [0.75, 1.25] */
  light: readonly [number, number];
  /** Largest rotation (degrees) of each light's direction. @default 12 */
  lightTilt: number;
  /** Largest shift (metres, per axis) of cameras fixed in the world. @default 0.01 */
  cameraShift: number;
  /** Largest rotation (degrees) of cameras fixed in the world. @default 1 */
  cameraTilt: number;
}

/** The ranges used when none are given. */
export const DEFAULT_RANDOMIZATION: Readonly<RandomizationRanges> = Object.freeze<
  RandomizationRanges
>({
  friction: [0.8, 1.2],
  mass: [0.8, 1.2],
  damping: [0.8, 1.2],
  actuatorGain: [0.9, 1.1],
  colour: 0.05,
  tableColour: 0.08,
  light: [0.75, 1.25],
  lightTilt: 12,
  cameraShift: 0.01,
  cameraTilt: 1,
});

/** The robot's root body: its masses and joints stay nominal (its gripper gain is drawn). */
const ROBOT_ROOT = "arm7_base";
/** The table's root body (its own colour range). */
const TABLE_ROOT = "table";
const VISIBLE_MAX_GROUP = 2;
const MJ_CAMLIGHT_FIXED = 0;
const NGAIN = 10;
const NBIAS = 10;

/** id -> name of the named objects of a kind. */
function namesById(sim: Sim, kind: "body" | "joint" | "light" | "camera"): Map<number, string> {
  return new Map(sim.names(kind).map((n) => [sim.id(kind, n), n]));
}

/**
 * A `randomize` hook for `EnvOptions` (the default of `makeEnv`): physics (friction per
 * object, masses of task objects, damping of task joints, gripper gain) and visuals (one
 * colour shift per object, a separate table tint, light intensity and direction, pose of the
 * cameras fixed in the world). Every value is drawn from the nominal model and the episode's
 * generator, never from the previous episode; the drawn values are returned by name.
 *
 * @example
 * ```ts
 * import { domainRandomization, makeEnv } from "./mod.ts";
 * using env = await makeEnv("metaworld/push-v4", { randomize: domainRandomization() });
 * const { info } = env.reset({ seed: 3 });
 * const puckMass = info.randomization?.mass.puck;
 * ```
 */
export function domainRandomization(
  ranges: Partial<RandomizationRanges> = {},
): (ctx: RandomizeContext) => RandomizationInfo {
  const r: RandomizationRanges = { ...DEFAULT_RANDOMIZATION, ...ranges };
  return ({ sim, rng, nominal }) => {
    const draw = (range: readonly [number, number]) => rng.range(range[0], range[1]);
    const info: RandomizationInfo = {
      friction: {},
      mass: {},
      damping: {},
      actuatorGain: 1,
      colour: {},
      light: {},
      camera: {},
    };
    const bodyNames = namesById(sim, "body");
    const rootOf = sim.modelInfo("body_rootid");
    const robot = sim.has("body", ROBOT_ROOT) ? sim.id("body", ROBOT_ROOT) : -1;
    const group = sim.modelInfo("geom_group");
    const contype = sim.modelInfo("geom_contype");
    const conaff = sim.modelInfo("geom_conaffinity");
    const geomBody = sim.modelInfo("geom_bodyid");
    // Objects: top-level bodies that have geoms.
    const roots = [...new Set(Array.from(geomBody, (b) => rootOf[b]))]
      .filter((b) => b !== 0)
      .sort((a, b) => a - b);
    const jointBody = sim.modelInfo("jnt_bodyid");
    const parent = sim.modelInfo("body_parentid");
    const jointed = new Set(jointBody);
    const moves = (b: number): boolean => b !== 0 && (jointed.has(b) || moves(parent[b]));

    // Friction: one multiplier per object, on its colliding geoms.
    const friction = sim.modelField("geom_friction");
    for (const root of roots) {
      const k = draw(r.friction);
      info.friction[bodyNames.get(root) ?? `body${root}`] = k;
      for (let g = 0; g < group.length; g++) {
        if (rootOf[geomBody[g]] !== root || (contype[g] === 0 && conaff[g] === 0)) continue;
        friction[3 * g] = nominal.geom_friction![3 * g] * k;
      }
    }

    // Masses of task objects (every moving body with mass outside the robot).
    const mass = sim.modelField("body_mass");
    const inertia = sim.modelField("body_inertia");
    for (let b = 1; b < mass.length; b++) {
      if (rootOf[b] === robot || nominal.body_mass![b] === 0 || !moves(b)) continue;
      const k = draw(r.mass);
      info.mass[bodyNames.get(b) ?? `body${b}`] = k;
      mass[b] = nominal.body_mass![b] * k;
      for (let i = 0; i < 3; i++) inertia[3 * b + i] = nominal.body_inertia![3 * b + i] * k;
    }

    // Damping of task joints (every damped dof outside the robot).
    const jointNames = namesById(sim, "joint");
    const dofJoint = sim.modelInfo("dof_jntid");
    const damping = sim.modelField("dof_damping");
    for (let d = 0; d < damping.length; d++) {
      const j = dofJoint[d];
      if (rootOf[jointBody[j]] === robot || nominal.dof_damping![d] === 0) continue;
      const k = draw(r.damping);
      info.damping[jointNames.get(j) ?? `joint${j}`] = k;
      damping[d] = nominal.dof_damping![d] * k;
    }

    // Gripper gain: one multiplier for every actuator (position actuators keep kp = -bias).
    const gain = sim.modelField("actuator_gainprm");
    const bias = sim.modelField("actuator_biasprm");
    info.actuatorGain = draw(r.actuatorGain);
    for (let a = 0; a < gain.length / NGAIN; a++) {
      gain[NGAIN * a] = nominal.actuator_gainprm![NGAIN * a] * info.actuatorGain;
      bias[NBIAS * a + 1] = nominal.actuator_biasprm![NBIAS * a + 1] * info.actuatorGain;
    }

    // Colours: one RGB shift per object, so an object keeps one look; the table has its own.
    const rgba = sim.modelField("geom_rgba");
    for (const root of roots) {
      const name = bodyNames.get(root) ?? `body${root}`;
      const span = name === TABLE_ROOT ? r.tableColour : r.colour;
      const shift = [0, 1, 2].map(() => rng.range(-span, span));
      info.colour[name] = shift;
      for (let g = 0; g < group.length; g++) {
        if (rootOf[geomBody[g]] !== root || group[g] > VISIBLE_MAX_GROUP) continue;
        for (let c = 0; c < 3; c++) {
          const v = nominal.geom_rgba![4 * g + c] + shift[c];
          rgba[4 * g + c] = Math.min(1, Math.max(0, v));
        }
      }
    }

    // Lights: intensity and direction.
    const lightNames = namesById(sim, "light");
    const diffuse = sim.modelField("light_diffuse");
    const dir = sim.modelField("light_dir");
    for (let l = 0; l < diffuse.length / 3; l++) {
      const k = draw(r.light);
      for (let c = 0; c < 3; c++) {
        diffuse[3 * l + c] = Math.min(1, nominal.light_diffuse![3 * l + c] * k);
      }
      const { v, degrees } = tiltVector(
        rng,
        nominal.light_dir!.subarray(3 * l, 3 * l + 3),
        r.lightTilt,
      );
      dir.set(v, 3 * l);
      info.light[lightNames.get(l) ?? `light${l}`] = { intensity: k, tilt: degrees };
    }

    // Cameras fixed in the world (e.g. "corner"): small shift and rotation.
    const cameraNames = namesById(sim, "camera");
    const mode = sim.modelInfo("cam_mode");
    const camBody = sim.modelInfo("cam_bodyid");
    const camPos = sim.modelField("cam_pos");
    const camQuat = sim.modelField("cam_quat");
    for (let c = 0; c < mode.length; c++) {
      if (mode[c] !== MJ_CAMLIGHT_FIXED || camBody[c] !== 0) continue;
      const shift = [0, 1, 2].map(() => rng.range(-r.cameraShift, r.cameraShift));
      for (let i = 0; i < 3; i++) camPos[3 * c + i] = nominal.cam_pos![3 * c + i] + shift[i];
      const { q, degrees } = tilt(rng, nominal.cam_quat!.subarray(4 * c, 4 * c + 4), r.cameraTilt);
      camQuat.set(q, 4 * c);
      info.camera[cameraNames.get(c) ?? `camera${c}`] = { shift, tilt: degrees };
    }
    return info;
  };
}

/** A random unit axis and an angle in [-degrees, degrees], as a unit quaternion (w first). */
function smallRotation(rng: Rng, degrees: number): { d: number[]; degrees: number } {
  const deg = rng.range(-degrees, degrees);
  const angle = (deg * Math.PI) / 180;
  const axis = [rng.normal(), rng.normal(), rng.normal()];
  const n = Math.hypot(axis[0], axis[1], axis[2]) || 1;
  const s = Math.sin(angle / 2) / n;
  return { d: [Math.cos(angle / 2), axis[0] * s, axis[1] * s, axis[2] * s], degrees: deg };
}

/** Rotates a quaternion (w first) by a random small rotation of at most `degrees`. */
function tilt(rng: Rng, q: ArrayLike<number>, degrees: number): { q: number[]; degrees: number } {
  const { d, degrees: deg } = smallRotation(rng, degrees);
  // q * d
  const out = [
    q[0] * d[0] - q[1] * d[1] - q[2] * d[2] - q[3] * d[3],
    q[0] * d[1] + q[1] * d[0] + q[2] * d[3] - q[3] * d[2],
    q[0] * d[2] - q[1] * d[3] + q[2] * d[0] + q[3] * d[1],
    q[0] * d[3] + q[1] * d[2] - q[2] * d[1] + q[3] * d[0],
  ];
  const m = Math.hypot(out[0], out[1], out[2], out[3]);
  return { q: out.map((v) => v / m), degrees: deg };
}

/** Rotates a direction by a random small rotation of at most `degrees` (keeps its length). */
function tiltVector(
  rng: Rng,
  v: ArrayLike<number>,
  degrees: number,
): { v: number[]; degrees: number } {
  const { d, degrees: deg } = smallRotation(rng, degrees);
  const [w, x, y, z] = d;
  // v' = v + 2w (u x v) + 2 u x (u x v), u = (x, y, z)
  const t = [2 * (y * v[2] - z * v[1]), 2 * (z * v[0] - x * v[2]), 2 * (x * v[1] - y * v[0])];
  return {
    v: [
      v[0] + w * t[0] + (y * t[2] - z * t[1]),
      v[1] + w * t[1] + (z * t[0] - x * t[2]),
      v[2] + w * t[2] + (x * t[1] - y * t[0]),
    ],
    degrees: deg,
  };
}
