import type { MjModel } from "mujoco-js";
import type { Mujoco } from "./mujoco.ts";

/** Kinds of named model objects that `Sim.id()` resolves. */
export type ObjectKind =
  | "body"
  | "joint"
  | "geom"
  | "site"
  | "camera"
  | "light"
  | "actuator"
  | "equality"
  | "key";

/** Name -> id per kind, built once per model (the bindings have no named access). */
export type NameMaps = Record<ObjectKind, Map<string, number>>;

/** Reads every object name of the model once. */
export function buildNameMaps(mj: Mujoco, m: MjModel): NameMaps {
  const o = mj.mjtObj;
  const spec: [ObjectKind, number, number][] = [
    ["body", o.mjOBJ_BODY.value, m.nbody],
    ["joint", o.mjOBJ_JOINT.value, m.njnt],
    ["geom", o.mjOBJ_GEOM.value, m.ngeom],
    ["site", o.mjOBJ_SITE.value, m.nsite],
    ["camera", o.mjOBJ_CAMERA.value, m.ncam],
    ["light", o.mjOBJ_LIGHT.value, m.nlight],
    ["actuator", o.mjOBJ_ACTUATOR.value, m.nu],
    ["equality", o.mjOBJ_EQUALITY.value, m.neq],
    ["key", o.mjOBJ_KEY.value, m.nkey],
  ];
  const maps = {} as NameMaps;
  for (const [kind, type, count] of spec) {
    const map = new Map<string, number>();
    for (let id = 0; id < count; id++) {
      const name = mj.mj_id2name(m, type, id);
      if (name) map.set(name, id);
    }
    maps[kind] = map;
  }
  return maps;
}
