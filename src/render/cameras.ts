/** Camera specs from the named cameras of a snapshot. */
import type { CameraSpec, SceneSnapshot } from "../core/mod.ts";
import { NotFoundError } from "../errors/mod.ts";

/** Options of {@link cameraSpecs}. */
export interface CameraSpecOptions {
  /**
   * Image width in pixels.
   * @default {84}
   */
  width?: number;
  /**
   * Image height in pixels.
   * @default {84}
   */
  height?: number;
}

/**
 * The `CameraSpec`s of named cameras of a snapshot, in the order given.
 *
 * @throws {NotFoundError} when a camera is not in the snapshot (the message lists those that are).
 */
export function cameraSpecs(
  snapshot: SceneSnapshot,
  names: readonly string[],
  options: CameraSpecOptions = {},
): CameraSpec[] {
  const width = options.width ?? 84, height = options.height ?? 84;
  return names.map((name) => {
    const pose = snapshot.cameras[name];
    if (!pose) {
      const known = Object.keys(snapshot.cameras).map((n) => `"${n}"`).join(", ") || "none";
      throw new NotFoundError(`Cannot find camera "${name}": the scene has ${known}`);
    }
    return { name, pos: pose.pos, mat: pose.mat, fovy: pose.fovy, width, height };
  });
}
