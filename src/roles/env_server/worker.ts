/**
 * Web Worker entry of the env server: owns a MuJoCo instance, a renderer and the
 * environments of every session assigned to it; steps and renders them and writes the
 * results straight into the session's shared batch buffer (see `protocol.ts`).
 *
 * Messages (structured clone): in `{type: "init", renderer}`, `{type: "open" | "reset" |
 * "step" | "close", id, group, …}`; out `{type: "ready"}`, `{type: "done", id}`,
 * `{type: "error", id, message}`.
 */
/// <reference lib="deno.worker" />
import { createRng, type Rng } from "../../core/mod.ts";
import { type Env, getOracle, makeEnv, type Oracle, type PrivilegedState } from "../../envs/mod.ts";
import {
  cameraSpecs,
  createRenderer,
  type Renderer,
  type RendererBackend,
} from "../../render/mod.ts";
import { type BatchLayout, batchLayout } from "./protocol.ts";
import { EpisodeRecorder, type RecordedEpisode } from "./record.ts";

/** Opens a group: this worker's share of one session's environments. */
export interface OpenGroup {
  type: "open";
  id: number;
  group: number;
  /** Env id of each local env. */
  envIds: string[];
  /** Global index (in the session) of each local env. */
  indices: number[];
  /** Envs in the session (the seed stream stride and the batch layout). */
  total: number;
  cameras: string[];
  size: number;
  randomize: boolean;
  maxSteps?: number;
  oracle: boolean;
  noise: number;
}

/** Messages the main thread sends. */
export type ToEnvWorker =
  | { type: "init"; renderer: RendererBackend }
  | OpenGroup
  | { type: "reset"; id: number; group: number; seeds: Float64Array; out: SharedArrayBuffer }
  | { type: "step"; id: number; group: number; actions: Float32Array; out: SharedArrayBuffer }
  | RecordChunk
  | { type: "close"; id: number; group: number }
  | { type: "shutdown" };

/**
 * Demonstrations: `ticks` more oracle ticks of the group's envs (after resetting them to
 * `seeds` when given); answers the episodes that ended (`RecordedEpisode[]`, transferred).
 */
export interface RecordChunk {
  type: "record";
  id: number;
  group: number;
  ticks: number;
  seeds: Float64Array | null;
  out: SharedArrayBuffer;
  /** `u8[N]`, set by the caller: 1 for an env whose episodes no longer count. */
  retired: Uint8Array;
}

interface Slot {
  env: Env;
  index: number;
  oracle: Oracle | undefined;
  nextSeed: number;
  done: boolean;
  state: PrivilegedState | undefined;
  action: number[];
}

interface Group {
  spec: OpenGroup;
  slots: Slot[];
  layout: BatchLayout;
  rng: Rng;
  recorder?: EpisodeRecorder;
  tick: number;
}

let renderer: Renderer | undefined;
const groups = new Map<number, Group>();

async function open(spec: OpenGroup): Promise<void> {
  const slots: Slot[] = [];
  try {
    for (const [k, envId] of spec.envIds.entries()) {
      const env = await makeEnv(envId, {
        maxSteps: spec.maxSteps,
        randomize: spec.randomize ? undefined : false,
      });
      const index = spec.indices[k];
      slots.push({
        env,
        index,
        oracle: spec.oracle ? getOracle(envId) : undefined,
        nextSeed: index,
        done: true,
        state: undefined,
        action: [0, 0, 0, 0],
      });
    }
  } catch (err) {
    for (const s of slots) s.env[Symbol.dispose]();
    throw err;
  }
  const layout = batchLayout(spec.total, spec.cameras.length, spec.size);
  groups.set(spec.group, { spec, slots, layout, rng: createRng(spec.group).fork(), tick: 0 });
}

/** What demonstrations skip: frames they never keep. */
interface Skip {
  /** Environments whose episodes no longer count: no frames (no steps without noise). */
  retired: Uint8Array;
}

/**
 * Resets (seed >= 0: that seed; else the next of the env's stream) or steps each slot. With
 * `skip` (demonstrations), the last frame of an episode is not drawn, and retired envs are not
 * drawn either; they are not stepped at all unless noise is on (then they keep stepping, so
 * that the group's noise stream, drawn in slot order, stays the same).
 */
async function advance(
  g: Group,
  out: SharedArrayBuffer,
  seeds: Float64Array | null,
  actions: Float32Array | null,
  skip?: Skip,
): Promise<void> {
  const { layout, spec } = g;
  const n = spec.total;
  const seed = new Float64Array(out, layout.seed, n);
  const proprio = new Float32Array(out, layout.proprio, n * 4);
  const reward = new Float32Array(out, layout.reward, n);
  const action = new Float32Array(out, layout.action, n * 4);
  const steps = new Uint32Array(out, layout.steps, n);
  const flags = new Uint8Array(out, layout.terminated, 3 * n);
  const renders: Promise<void>[] = [];
  for (const s of g.slots) {
    const i = s.index;
    const retired = skip?.retired[i] === 1;
    if (retired && !(spec.noise > 0)) continue;
    let result;
    const resetSeed = seeds !== null ? seeds[i] : s.done ? -1 : null;
    if (resetSeed !== null) {
      const episodeSeed = resetSeed >= 0 ? resetSeed : s.nextSeed;
      s.nextSeed = episodeSeed + n;
      result = s.env.reset({ seed: episodeSeed });
      seed[i] = episodeSeed;
      reward[i] = 0;
      flags[i] = flags[n + i] = flags[2 * n + i] = 0;
      s.done = false;
    } else {
      let act: number[];
      if (s.oracle) {
        act = s.action.map((a) =>
          spec.noise > 0 ? Math.min(1, Math.max(-1, a + spec.noise * g.rng.normal())) : a
        );
      } else {
        act = Array.from(actions!.subarray(i * 4, i * 4 + 4));
      }
      result = s.env.step(act);
      reward[i] = result.reward;
      flags[i] = result.terminated ? 1 : 0;
      flags[n + i] = result.truncated ? 1 : 0;
      flags[2 * n + i] = result.info.success ? 1 : 0;
      s.done = result.terminated || result.truncated;
    }
    s.state = result.state;
    steps[i] = result.info.steps;
    proprio.set(result.observation.proprio, i * 4);
    s.action = s.oracle ? s.oracle(result.state) : [0, 0, 0, 0];
    action.set(s.action, i * 4);
    const drawn = !skip || !(retired || s.done);
    if (spec.cameras.length > 0 && drawn) renders.push(draw(g, s, out));
  }
  await Promise.all(renders);
}

async function draw(g: Group, s: Slot, out: SharedArrayBuffer): Promise<void> {
  const { spec, layout } = g;
  const snapshot = s.env.snapshot();
  const specs = cameraSpecs(snapshot, spec.cameras, { width: spec.size, height: spec.size });
  const images = await renderer!.render(snapshot, specs);
  const bytes = spec.size * spec.size * 3;
  images.forEach((img, c) =>
    new Uint8Array(out, layout.images[c] + s.index * bytes, bytes).set(img)
  );
}

/** Runs a {@link RecordChunk}; the oracle picks every action. */
async function record(
  g: Group,
  msg: RecordChunk,
): Promise<{ episodes: RecordedEpisode[]; transfer: ArrayBuffer[] }> {
  if (!g.spec.oracle) throw new TypeError("Cannot record demonstrations without the oracle");
  const rec = g.recorder ??= new EpisodeRecorder(
    g.layout,
    g.spec.total,
    g.spec.indices,
    g.spec.size,
  );
  if (msg.seeds) {
    g.tick = 0;
    await advance(g, msg.out, msg.seeds, null, msg);
    rec.collect(msg.out, g.tick, msg.retired);
  }
  for (let k = 0; k < msg.ticks; k++) {
    await advance(g, msg.out, null, null, msg);
    rec.collect(msg.out, ++g.tick, msg.retired);
  }
  return rec.take();
}

function group(id: number): Group {
  const g = groups.get(id);
  if (!g) throw new TypeError(`Cannot find group ${id} in this worker`);
  return g;
}

// Recording chunks run one after another (the main thread keeps two queued).
let recording: Promise<void> = Promise.resolve();

self.onmessage = async (ev: MessageEvent<ToEnvWorker>) => {
  const msg = ev.data;
  if (msg.type === "record") {
    recording = recording.then(() =>
      answer(msg.id, async () => {
        const { episodes, transfer } = await record(group(msg.group), msg);
        return { result: episodes, transfer };
      })
    );
    return;
  }
  if (msg.type === "init") {
    try {
      renderer = await createRenderer({ backend: msg.renderer });
      self.postMessage({ type: "ready", backend: renderer.backend });
    } catch (err) {
      self.postMessage({ type: "init-error", message: String(err) });
    }
    return;
  }
  if (msg.type === "shutdown") {
    for (const g of groups.values()) for (const s of g.slots) s.env[Symbol.dispose]();
    groups.clear();
    renderer?.close();
    self.postMessage({ type: "closed" });
    self.close();
    return;
  }
  await answer(msg.id, async () => {
    switch (msg.type) {
      case "open":
        await open(msg);
        break;
      case "reset":
        await advance(group(msg.group), msg.out, msg.seeds, null);
        break;
      case "step":
        await advance(group(msg.group), msg.out, null, msg.actions);
        break;
      case "close": {
        for (const s of groups.get(msg.group)?.slots ?? []) s.env[Symbol.dispose]();
        groups.delete(msg.group);
        break;
      }
    }
  });
};

/** Runs one request and answers `done` (with its result, buffers transferred) or `error`. */
async function answer(
  id: number,
  work: () => Promise<{ result: unknown; transfer: ArrayBuffer[] } | void>,
): Promise<void> {
  try {
    const out = await work();
    self.postMessage({ type: "done", id, result: out?.result }, out?.transfer ?? []);
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    self.postMessage({ type: "error", id, message });
  }
}
