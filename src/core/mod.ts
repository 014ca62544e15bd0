/**
 * Pure domain code: ids, seeded randomness, the scene snapshot type shared by `sim/` and
 * `render/`, wire schemas and scoring. No I/O and no `Deno.*` calls; imports only
 * `errors/`, `zod` and `pure-rand`.
 *
 * @module
 */
export { createRng, type Rng } from "./rng.ts";
export {
  type CameraPose,
  type CameraSpec,
  GeomType,
  type GeomTypeCode,
  type LightSpec,
  type MeshData,
  type SceneSnapshot,
} from "./scene.ts";
