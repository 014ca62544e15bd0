import { ConflictError, NotFoundError } from "../errors/mod.ts";
import { Env } from "./env.ts";
import { METAWORLD_ORACLES, type Oracle } from "./oracles/metaworld.ts";
import { FIXTURE_ORACLES } from "./oracles/fixtures.ts";
import {
  BUTTON_PRESS_V4,
  DOOR_OPEN_V4,
  DRAWER_CLOSE_V4,
  DRAWER_OPEN_V4,
  PEG_INSERT_V4,
  PICK_PLACE_V4,
  PUSH_V4,
  REACH_V4,
} from "./tasks/metaworld/mod.ts";
import type { EnvOptions, TaskSpec } from "./types.ts";

interface Entry {
  spec: TaskSpec;
  oracle?: Oracle;
}

const REGISTRY = new Map<string, Entry>();
const ID_PATTERN = /^[a-z0-9]+(-[a-z0-9]+)*\/[a-z0-9]+(-[a-z0-9]+)*-v[0-9]+$/;

/** Options of `registerTask`. */
export interface RegisterOptions {
  /** A scripted policy reading privileged state that solves the task. @default none */
  oracle?: Oracle;
}

/**
 * Adds a task under its versioned id (`<family>/<task>-v<N>`).
 * @throws {ConflictError} when the id is taken
 * @throws {RangeError} when the id is malformed
 */
export function registerTask<S>(spec: TaskSpec<S>, options: RegisterOptions = {}): void {
  if (!ID_PATTERN.test(spec.id)) {
    throw new RangeError(`Cannot register task "${spec.id}": id is not "<family>/<task>-v<N>"`);
  }
  if (REGISTRY.has(spec.id)) {
    throw new ConflictError(`Cannot register task "${spec.id}": the id is already registered`);
  }
  REGISTRY.set(spec.id, { spec: spec as TaskSpec, oracle: options.oracle });
}

/** Every registered env id with its one-line description, in registration order. */
export function listEnvs(): { id: string; description: string }[] {
  return [...REGISTRY.values()].map(({ spec }) => ({ id: spec.id, description: spec.description }));
}

/**
 * The task registered under `id`.
 * @throws {NotFoundError} naming the valid ids
 */
export function getTask(id: string): TaskSpec {
  return entry(id).spec;
}

/**
 * The oracle of a task.
 * @throws {NotFoundError} when the task is unknown or has no oracle
 */
export function getOracle(id: string): Oracle {
  const { oracle } = entry(id);
  if (oracle === undefined) throw new NotFoundError(`Cannot find an oracle for env "${id}"`);
  return oracle;
}

/**
 * Creates an environment for a registered id (loads its scene).
 *
 * @example Run one episode step
 * ```ts
 * import { makeEnv } from "./mod.ts";
 * using env = await makeEnv("metaworld/reach-v4");
 * const { observation } = env.reset({ seed: 1 });
 * const { reward, info } = env.step([0, 0, -1, 1]);
 * ```
 */
export function makeEnv(id: string, options: EnvOptions = {}): Promise<Env> {
  return Env.create(getTask(id), options);
}

/**
 * Ids that existed once and now name a task whose semantics changed (Gymnasium-style
 * versioning): the old id maps to its replacement. Retired ids cannot be made; asking for
 * one fails naming the replacement.
 */
export const RETIRED_ENV_IDS: Readonly<Record<string, string>> = Object.freeze(
  Object.fromEntries(
    [
      "reach",
      "push",
      "pick-place",
      "drawer-open",
      "drawer-close",
      "door-open",
      "button-press",
      "peg-insert",
    ].map((t) => [`metaworld/${t}-v3`, `metaworld/${t}-v4`]),
  ),
);

function entry(id: string): Entry {
  const found = REGISTRY.get(id);
  if (found === undefined) {
    const valid = [...REGISTRY.keys()].map((k) => `"${k}"`).join(", ");
    const replacement = RETIRED_ENV_IDS[id];
    if (replacement !== undefined) {
      throw new NotFoundError(
        `Cannot find env "${id}": it is retired (procedural layouts and held success changed ` +
          `the task), use "${replacement}"; valid ids are ${valid}`,
      );
    }
    throw new NotFoundError(`Cannot find env "${id}": valid ids are ${valid}`);
  }
  return found;
}

for (const spec of [REACH_V4, PUSH_V4, PICK_PLACE_V4, BUTTON_PRESS_V4] as TaskSpec[]) {
  registerTask(spec, { oracle: METAWORLD_ORACLES[spec.id] });
}
for (
  const spec of [DRAWER_OPEN_V4, DRAWER_CLOSE_V4, DOOR_OPEN_V4, PEG_INSERT_V4] as TaskSpec[]
) {
  registerTask(spec, { oracle: FIXTURE_ORACLES[spec.id] });
}
