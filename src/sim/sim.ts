import type { MjData, MjModel } from "mujoco-js";
import { NotFoundError, PhysicsError } from "../errors/mod.ts";
import type { SceneSnapshot } from "../core/mod.ts";
import { EVAL_ENV_FILES } from "./eval_env_files.ts";
import {
  loadMujoco,
  type Mujoco,
  readFile,
  removeFile,
  takePrinted,
  writeFiles,
} from "./mujoco.ts";
import { buildNameMaps, type NameMaps, type ObjectKind } from "./names.ts";
import { SnapshotBuilder } from "./snapshot.ts";
import {
  MODEL_FIELDS,
  MODEL_INFO_FIELDS,
  type ModelField,
  type ModelInfoField,
  type ModelParams,
  type SimState,
  WARNINGS,
} from "./fields.ts";

/** Where `Sim.fromScene` finds the embedded `eval-env/` tree in MuJoCo's in-memory FS. */
const EVAL_ENV_ROOT = "/eval-env";
let evalEnvWritten = false;
let scratchCounter = 0;

/** Options of `Sim.fromScene`. */
export interface SimLoadOptions {
  /**
   * Files to load from instead of the embedded `eval-env/` tree, keyed by relative path.
   * @default the embedded eval-env files
   */
  files?: Readonly<Record<string, string>>;
}

/**
 * One MuJoCo model and its data. Owns the WebAssembly handles; dispose it (`using`).
 *
 * Array getters (`qpos`, `xpos`, ...) return live views into WebAssembly memory: read them
 * again after any call into the simulator instead of keeping them.
 */
export class Sim implements Disposable {
  readonly #mj: Mujoco;
  #model: MjModel | null;
  #data: MjData | null;
  readonly #names: NameMaps;
  readonly #warnings: Int32Array;
  readonly #snapshot: SnapshotBuilder;
  readonly #path: string;

  private constructor(mj: Mujoco, model: MjModel, path: string) {
    this.#mj = mj;
    this.#model = model;
    this.#data = new mj.MjData(model);
    this.#path = path;
    this.#names = buildNameMaps(mj, model);
    this.#warnings = new Int32Array(WARNINGS.length);
    this.#snapshot = new SnapshotBuilder(mj, model, this.#names);
    mj.mj_forward(model, this.#data);
  }

  /**
   * Loads a scene by its path relative to `eval-env/` (e.g.
   * `"scenes/metaworld/push/scene.xml"`), from the copy embedded in the binary.
   *
   * @throws {NotFoundError} when the scene is not among the files
   * @throws {TypeError} when MuJoCo cannot compile the scene
   */
  static async fromScene(scenePath: string, options: SimLoadOptions = {}): Promise<Sim> {
    const mj = await loadMujoco();
    let root = EVAL_ENV_ROOT;
    const files = options.files ?? EVAL_ENV_FILES;
    if (!(scenePath in files)) {
      throw new NotFoundError(
        `Cannot load scene "${scenePath}": no such file among ${Object.keys(files).length} files`,
      );
    }
    if (options.files !== undefined) {
      root = `/scratch/${++scratchCounter}`;
      writeFiles(mj, root, files);
    } else if (!evalEnvWritten) {
      writeFiles(mj, root, files);
      evalEnvWritten = true;
    }
    return Sim.#compile(mj, `${root}/${scenePath}`);
  }

  /** Loads a model from one MJCF string (no includes). */
  static async fromXml(xml: string): Promise<Sim> {
    const mj = await loadMujoco();
    const root = `/scratch/${++scratchCounter}`;
    writeFiles(mj, root, { "model.xml": xml });
    return Sim.#compile(mj, `${root}/model.xml`);
  }

  static #compile(mj: Mujoco, path: string): Sim {
    takePrinted();
    let model: MjModel | null = null;
    try {
      model = mj.MjModel.loadFromXML(path);
    } catch (err) {
      const detail = takePrinted().join(" ") || "compile error";
      throw new TypeError(`Cannot load MJCF "${path}": ${detail}`, { cause: err });
    }
    if (model === null || model === undefined) {
      const detail = takePrinted().join(" ") || "unknown error";
      throw new TypeError(`Cannot load MJCF "${path}": ${detail}`);
    }
    return new Sim(mj, model, path);
  }

  /** The MuJoCo WebAssembly version, e.g. `"3.3.8"`. */
  static async version(): Promise<string> {
    return (await loadMujoco()).mj_versionString();
  }

  get #m(): MjModel {
    if (this.#model === null) throw new TypeError("Cannot use a disposed Sim");
    return this.#model;
  }

  get #d(): MjData {
    if (this.#data === null) throw new TypeError("Cannot use a disposed Sim");
    return this.#data;
  }

  /** Frees the WebAssembly model and data. Safe to call twice. */
  [Symbol.dispose](): void {
    this.#data?.delete();
    this.#model?.delete();
    this.#data = null;
    this.#model = null;
  }

  /** Physics timestep in seconds. */
  get timestep(): number {
    return this.#m.opt.timestep;
  }

  /** Simulation time in seconds. */
  get time(): number {
    return this.#d.time;
  }

  /** Model sizes. */
  get sizes(): { nq: number; nv: number; nu: number; nmocap: number; ngeom: number } {
    const m = this.#m;
    return { nq: m.nq, nv: m.nv, nu: m.nu, nmocap: m.nmocap, ngeom: m.ngeom };
  }

  /**
   * Id of a named object.
   * @throws {NotFoundError} when the model has no such object
   */
  id(kind: ObjectKind, name: string): number {
    const id = this.#names[kind].get(name);
    if (id === undefined) {
      throw new NotFoundError(
        `Cannot find ${kind} "${name}" in model "${this.#path}"`,
      );
    }
    return id;
  }

  /** Whether the model has a named object. */
  has(kind: ObjectKind, name: string): boolean {
    return this.#names[kind].has(name);
  }

  /** Names of all named objects of a kind, by id (unnamed ids are absent). */
  names(kind: ObjectKind): string[] {
    return [...this.#names[kind].keys()];
  }

  /** Index of a mocap body in `mocapPos`/`mocapQuat` (x3 / x4). */
  mocapId(bodyName: string): number {
    const id = (this.#m.body_mocapid as Int32Array)[this.id("body", bodyName)];
    if (id < 0) throw new TypeError(`Cannot use body "${bodyName}" as mocap: it is not mocap`);
    return id;
  }

  /** `qpos` address and width of a named joint (free 7, ball 4, slide/hinge 1). */
  jointQpos(name: string): { adr: number; width: number; dofAdr: number; dofWidth: number } {
    const j = this.id("joint", name);
    const type = (this.#m.jnt_type as Int32Array)[j];
    const width = [7, 4, 1, 1][type];
    const dofWidth = [6, 3, 1, 1][type];
    return {
      adr: (this.#m.jnt_qposadr as Int32Array)[j],
      width,
      dofAdr: (this.#m.jnt_dofadr as Int32Array)[j],
      dofWidth,
    };
  }

  /** Live view of `qpos`. */
  get qpos(): Float64Array {
    return this.#d.qpos;
  }
  /** Live view of `qvel`. */
  get qvel(): Float64Array {
    return this.#d.qvel;
  }
  /** Live view of `ctrl`. */
  get ctrl(): Float64Array {
    return this.#d.ctrl;
  }
  /** Live view of `mocap_pos` (3 per mocap body). */
  get mocapPos(): Float64Array {
    return this.#d.mocap_pos;
  }
  /** Live view of `mocap_quat` (4 per mocap body, w first). */
  get mocapQuat(): Float64Array {
    return this.#d.mocap_quat;
  }
  /** Live view of body world positions `xpos` (3 per body). */
  get xpos(): Float64Array {
    return this.#d.xpos;
  }
  /** Live view of body world orientations `xquat` (4 per body). */
  get xquat(): Float64Array {
    return this.#d.xquat;
  }
  /** Live view of site world positions (3 per site). */
  get siteXpos(): Float64Array {
    return this.#d.site_xpos;
  }
  /** Live view of geom world positions (3 per geom). */
  get geomXpos(): Float64Array {
    return this.#d.geom_xpos;
  }
  /** Number of active contacts. */
  get contactCount(): number {
    return this.#d.ncon;
  }

  /** World position of a body (a copy). */
  bodyPos(name: string): [number, number, number] {
    const i = 3 * this.id("body", name);
    const x = this.#d.xpos as Float64Array;
    return [x[i], x[i + 1], x[i + 2]];
  }

  /** World position of a site (a copy). */
  sitePos(name: string): [number, number, number] {
    const i = 3 * this.id("site", name);
    const x = this.#d.site_xpos as Float64Array;
    return [x[i], x[i + 1], x[i + 2]];
  }

  /** Live view of a writable model field (see `MODEL_FIELDS`). */
  modelField(field: ModelField): Float64Array | Float32Array {
    if (!(MODEL_FIELDS as readonly string[]).includes(field)) {
      throw new RangeError(`Cannot access model field "${field}": not writable`);
    }
    return (this.#m as unknown as Record<string, Float64Array | Float32Array>)[field];
  }

  /** A copy of a read-only structural model field (see `MODEL_INFO_FIELDS`). */
  modelInfo(field: ModelInfoField): Int32Array | Uint8Array {
    if (!(MODEL_INFO_FIELDS as readonly string[]).includes(field)) {
      throw new RangeError(`Cannot read model field "${field}": not available`);
    }
    return (this.#m as unknown as Record<string, Int32Array | Uint8Array>)[field].slice();
  }

  /** Copies the given model fields (all writable fields by default). */
  captureModel(fields: readonly ModelField[] = MODEL_FIELDS): ModelParams {
    const out: ModelParams = {};
    for (const f of fields) out[f] = this.modelField(f).slice();
    return out;
  }

  /** Writes back fields captured by `captureModel` (e.g. the nominal model before a reset). */
  restoreModel(params: ModelParams): void {
    for (const [f, values] of Object.entries(params)) {
      if (values !== undefined) this.modelField(f as ModelField).set(values);
    }
  }

  /**
   * Advances the physics by `substeps` timesteps.
   * @throws {PhysicsError} naming every MuJoCo warning raised during these steps
   */
  step(substeps = 1): void {
    const m = this.#m;
    const d = this.#d;
    for (let i = 0; i < substeps; i++) this.#mj.mj_step(m, d);
    this.#checkWarnings();
  }

  /** Recomputes every derived quantity (`mj_forward`) without advancing time. */
  forward(): void {
    this.#mj.mj_forward(this.#m, this.#d);
    this.#checkWarnings();
  }

  /** Recomputes positions and orientations only (`mj_kinematics`), cheap. */
  kinematics(): void {
    this.#mj.mj_kinematics(this.#m, this.#d);
  }

  /** Resets the data to the model defaults, or to a named keyframe. */
  reset(keyframe?: string): void {
    if (keyframe === undefined) this.#mj.mj_resetData(this.#m, this.#d);
    else this.#mj.mj_resetDataKeyframe(this.#m, this.#d, this.id("key", keyframe));
    this.#warnings.fill(0);
    this.#mj.mj_forward(this.#m, this.#d);
  }

  /** The `qpos` of a named keyframe (a copy, `nq` values). */
  keyframeQpos(name: string): Float64Array {
    const k = this.id("key", name);
    const nq = this.#m.nq;
    return (this.#m.key_qpos as Float64Array).slice(k * nq, (k + 1) * nq);
  }

  /** Copies the dynamic state. */
  getState(): SimState {
    const d = this.#d;
    return {
      time: d.time,
      qpos: (d.qpos as Float64Array).slice(),
      qvel: (d.qvel as Float64Array).slice(),
      act: (d.act as Float64Array).slice(),
      ctrl: (d.ctrl as Float64Array).slice(),
      mocapPos: (d.mocap_pos as Float64Array).slice(),
      mocapQuat: (d.mocap_quat as Float64Array).slice(),
      qaccWarmstart: (d.qacc_warmstart as Float64Array).slice(),
    };
  }

  /** Restores a state from `getState()` after a data reset, then runs `mj_forward`. */
  setState(state: SimState): void {
    const mj = this.#mj;
    const m = this.#m;
    const d = this.#d;
    mj.mj_resetData(m, d);
    this.#warnings.fill(0);
    d.time = state.time;
    (d.qpos as Float64Array).set(state.qpos);
    (d.qvel as Float64Array).set(state.qvel);
    (d.act as Float64Array).set(state.act);
    (d.ctrl as Float64Array).set(state.ctrl);
    (d.mocap_pos as Float64Array).set(state.mocapPos);
    (d.mocap_quat as Float64Array).set(state.mocapQuat);
    (d.qacc_warmstart as Float64Array).set(state.qaccWarmstart);
    mj.mj_forward(m, d);
  }

  /** The visible geoms, lights and named cameras at the current state, for rendering. */
  snapshot(): SceneSnapshot {
    this.#mj.mj_kinematics(this.#m, this.#d);
    this.#mj.mj_camlight(this.#m, this.#d);
    return this.#snapshot.build(this.#d);
  }

  /** The compiled model as one MJCF document (`mj_saveLastXML`), for native comparisons. */
  saveXml(): string {
    const name = `export-${++scratchCounter}.xml`;
    const path = `/scratch/${name}`;
    writeFiles(this.#mj, "/scratch", { [name]: "" });
    // mj_saveLastXML writes the most recently compiled model, so compile this one again.
    const again = this.#mj.MjModel.loadFromXML(this.#path);
    again?.delete();
    const ok = this.#mj.mj_saveLastXML(path, this.#m);
    if (!ok) {
      throw new TypeError(`Cannot export model "${this.#path}": ${takePrinted().join(" ")}`);
    }
    const xml = readFile(this.#mj, path);
    removeFile(this.#mj, path);
    return xml;
  }

  #checkWarnings(): void {
    const list = this.#d.warning;
    let raised: string[] | undefined;
    for (let i = 0; i < WARNINGS.length; i++) {
      const stat = list.get(i);
      if (stat === undefined) continue;
      const n = stat.number;
      stat.delete();
      if (n !== this.#warnings[i]) {
        (raised ??= []).push(WARNINGS[i]);
        this.#warnings[i] = n;
      }
    }
    list.delete();
    if (raised !== undefined) {
      takePrinted();
      throw new PhysicsError(
        `Cannot step model "${this.#path}" at t=${this.#d.time.toFixed(4)}: ${raised.join(", ")}`,
        raised.map((w) => w.slice(0, w.indexOf(" "))),
      );
    }
  }
}
