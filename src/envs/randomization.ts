import type { Rng } from "../core/mod.ts";
import type { RandomizeContext } from "./types.ts";

/** Ranges of the domain randomization, each drawn per reset from the nominal model. */
export interface RandomizationRanges {
  /** Multiplier of each collision geom's sliding friction. @default [0.8, 1.2] */
  friction: readonly [number, number];
  /** Multiplier of each body's mass and inertia. @default [0.8, 1.2] */
  mass: readonly [number, number];
  /** Multiplier of each joint's damping. @default [0.8, 1.2] */
  damping: readonly [number, number];
  /** Multiplier of each actuator's gain (position actuators keep kp = -bias). @default [0.9, 1.1] */
  actuatorGain: readonly [number, number];
  /** Largest change of each RGB channel of visible geoms. @default 0.06 */
  colour: number;
  /** Multiplier of each light's diffuse colour. @default [0.75, 1.25] */
  light: readonly [number, number];
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
  colour: 0.06,
  light: [0.75, 1.25],
  cameraShift: 0.01,
  cameraTilt: 1,
});

const VISIBLE_MAX_GROUP = 2;
const MJ_CAMLIGHT_FIXED = 0;
const NGAIN = 10;
const NBIAS = 10;

/**
 * A `randomize` hook for `EnvOptions`: physics (friction, masses, damping, actuator gain) and
 * visuals (colours, lights, world camera pose), every value drawn from the nominal model and
 * the episode's generator, never from the previous episode.
 *
 * @example
 * ```ts
 * import { domainRandomization, makeEnv } from "./mod.ts";
 * using env = await makeEnv("metaworld/push-v3", { randomize: domainRandomization() });
 * env.reset({ seed: 3 });
 * ```
 */
export function domainRandomization(
  ranges: Partial<RandomizationRanges> = {},
): (ctx: RandomizeContext) => void {
  const r: RandomizationRanges = { ...DEFAULT_RANDOMIZATION, ...ranges };
  return ({ sim, rng, nominal }) => {
    const scale = (range: readonly [number, number]) => rng.range(range[0], range[1]);
    const group = sim.modelInfo("geom_group");
    const contype = sim.modelInfo("geom_contype");
    const conaff = sim.modelInfo("geom_conaffinity");

    const friction = sim.modelField("geom_friction");
    const nomFriction = nominal.geom_friction!;
    for (let g = 0; g < group.length; g++) {
      if (contype[g] === 0 && conaff[g] === 0) continue;
      friction[3 * g] = nomFriction[3 * g] * scale(r.friction);
    }

    const mass = sim.modelField("body_mass");
    const inertia = sim.modelField("body_inertia");
    for (let b = 1; b < mass.length; b++) {
      const k = scale(r.mass);
      mass[b] = nominal.body_mass![b] * k;
      for (let i = 0; i < 3; i++) inertia[3 * b + i] = nominal.body_inertia![3 * b + i] * k;
    }

    const damping = sim.modelField("dof_damping");
    for (let d = 0; d < damping.length; d++) {
      damping[d] = nominal.dof_damping![d] * scale(r.damping);
    }

    const gain = sim.modelField("actuator_gainprm");
    const bias = sim.modelField("actuator_biasprm");
    for (let a = 0; a < gain.length / NGAIN; a++) {
      const k = scale(r.actuatorGain);
      gain[NGAIN * a] = nominal.actuator_gainprm![NGAIN * a] * k;
      bias[NBIAS * a + 1] = nominal.actuator_biasprm![NBIAS * a + 1] * k;
    }

    const rgba = sim.modelField("geom_rgba");
    for (let g = 0; g < group.length; g++) {
      if (group[g] > VISIBLE_MAX_GROUP) continue;
      for (let c = 0; c < 3; c++) {
        const v = nominal.geom_rgba![4 * g + c] + rng.range(-r.colour, r.colour);
        rgba[4 * g + c] = Math.min(1, Math.max(0, v));
      }
    }

    const diffuse = sim.modelField("light_diffuse");
    for (let l = 0; l < diffuse.length / 3; l++) {
      const k = scale(r.light);
      for (let c = 0; c < 3; c++) {
        diffuse[3 * l + c] = Math.min(1, nominal.light_diffuse![3 * l + c] * k);
      }
    }

    const mode = sim.modelInfo("cam_mode");
    const camBody = sim.modelInfo("cam_bodyid");
    const camPos = sim.modelField("cam_pos");
    const camQuat = sim.modelField("cam_quat");
    for (let c = 0; c < mode.length; c++) {
      if (mode[c] !== MJ_CAMLIGHT_FIXED || camBody[c] !== 0) continue;
      for (let i = 0; i < 3; i++) {
        camPos[3 * c + i] = nominal.cam_pos![3 * c + i] + rng.range(-r.cameraShift, r.cameraShift);
      }
      const q = tilt(rng, nominal.cam_quat!.subarray(4 * c, 4 * c + 4), r.cameraTilt);
      camQuat.set(q, 4 * c);
    }
  };
}

/** Rotates a quaternion (w first) by a random small rotation of at most `degrees`. */
function tilt(rng: Rng, q: ArrayLike<number>, degrees: number): number[] {
  const angle = (rng.range(-degrees, degrees) * Math.PI) / 180;
  let ax = rng.normal();
  let ay = rng.normal();
  let az = rng.normal();
  const n = Math.hypot(ax, ay, az) || 1;
  ax /= n;
  ay /= n;
  az /= n;
  const s = Math.sin(angle / 2);
  const d = [Math.cos(angle / 2), ax * s, ay * s, az * s];
  // q * d
  const out = [
    q[0] * d[0] - q[1] * d[1] - q[2] * d[2] - q[3] * d[3],
    q[0] * d[1] + q[1] * d[0] + q[2] * d[3] - q[3] * d[2],
    q[0] * d[2] - q[1] * d[3] + q[2] * d[0] + q[3] * d[1],
    q[0] * d[3] + q[1] * d[2] - q[2] * d[1] + q[3] * d[0],
  ];
  const m = Math.hypot(out[0], out[1], out[2], out[3]);
  return out.map((v) => v / m);
}
