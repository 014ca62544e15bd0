/**
 * Runs one model for many concurrent episodes: the observations of every episode that asks
 * in the same turn of the event loop go through the model as one batch. Keeps each
 * episode's task index and recurrent state.
 */
import { MicroBatch } from "../core/mod.ts";
import { MinerError } from "../errors/mod.ts";
import { ACTION_SIZE, IMAGE_SIZE, PROPRIO_SIZE } from "./contract.ts";
import type { ModelBatch, PolicyModel } from "./model.ts";

/** What one episode shows the model at one step. */
export interface ModelObservation {
  /** 84 × 84 × 3 RGB bytes, or undefined when the model does not take this camera. */
  corner?: Uint8Array;
  gripper?: Uint8Array;
  proprio: ArrayLike<number>;
}

interface Episode {
  task: number;
  state: Float32Array;
}

interface Waiting {
  episode: Episode;
  obs: ModelObservation;
  resolve: (action: Float32Array) => void;
  reject: (err: unknown) => void;
}

const IMAGE_BYTES = IMAGE_SIZE * IMAGE_SIZE * 3;

/** A {@link PolicyModel} shared by concurrent episodes. */
export class BatchedPolicy {
  readonly model: PolicyModel;
  readonly #episodes = new Map<string, Episode>();
  readonly #queue: MicroBatch<Waiting>;
  #running: Promise<void> = Promise.resolve();
  /** Input buffers of the largest batch so far, reused: runs never overlap. */
  #buffers: ModelBatch | undefined;
  /** Batches run and rows run so far (benches: mean batch = rows / batches). */
  batches = 0;
  rows = 0;

  /** `maxBatch` rows at most per run (@default 64). */
  constructor(model: PolicyModel, maxBatch = 64) {
    this.model = model;
    // one run at a time: the wasm session is single-threaded
    this.#queue = new MicroBatch(maxBatch, (batch) => {
      this.#running = this.#running.then(() => this.#run(batch));
    });
  }

  /** Starts (or restarts) an episode: task index, zero state. */
  start(episodeId: string, task: number): void {
    this.#episodes.set(episodeId, { task, state: new Float32Array(this.model.stateSize) });
  }

  /** Forgets an episode. */
  end(episodeId: string): void {
    this.#episodes.delete(episodeId);
  }

  /**
   * The action (4 values in [-1, 1]) for one step of an episode.
   * @throws {MinerError} `miner_model_nan` for this row, `miner_model_bad_output` for the batch
   */
  act(episodeId: string, obs: ModelObservation): Promise<Float32Array> {
    const episode = this.#episodes.get(episodeId);
    if (episode === undefined) {
      return Promise.reject(new TypeError(`Cannot act: episode "${episodeId}" was not started`));
    }
    return new Promise((resolve, reject) => {
      this.#queue.push({ episode, obs, resolve, reject });
    });
  }

  async #run(batch: Waiting[]): Promise<void> {
    const rows = batch.length;
    const inputs = this.model.inputs;
    const size = this.model.stateSize;
    const feed = this.#feed(rows);
    batch.forEach(({ episode, obs }, i) => {
      if (inputs.has("corner")) setImage(feed.corner, obs.corner, i);
      if (inputs.has("gripper")) setImage(feed.gripper, obs.gripper, i);
      for (let j = 0; j < PROPRIO_SIZE; j++) feed.proprio[i * PROPRIO_SIZE + j] = obs.proprio[j];
      feed.task[i] = BigInt(episode.task);
      feed.state.set(episode.state, i * size);
    });
    this.batches++;
    this.rows += rows;
    try {
      const out = await this.model.run(feed, rows);
      const nan = new Set(out.nanRows);
      batch.forEach((w, i) => {
        if (nan.has(i)) {
          w.reject(new MinerError("miner_model_nan", "Cannot use the model's action: NaN"));
          return;
        }
        w.episode.state = out.state.slice(i * size, (i + 1) * size);
        w.resolve(out.action.slice(i * ACTION_SIZE, (i + 1) * ACTION_SIZE));
      });
    } catch (err) {
      for (const w of batch) w.reject(err);
    }
  }

  /** Views of `rows` rows on the reused input buffers (grown when a batch is larger). */
  #feed(rows: number): ModelBatch {
    const size = this.model.stateSize;
    if (this.#buffers === undefined || this.#buffers.task.length < rows) {
      const inputs = this.model.inputs;
      this.#buffers = {
        corner: new Uint8Array(inputs.has("corner") ? rows * IMAGE_BYTES : 0),
        gripper: new Uint8Array(inputs.has("gripper") ? rows * IMAGE_BYTES : 0),
        proprio: new Float32Array(rows * PROPRIO_SIZE),
        task: new BigInt64Array(rows),
        state: new Float32Array(rows * size),
      };
    }
    const b = this.#buffers;
    const image = (a: Uint8Array) => a.subarray(0, a.length === 0 ? 0 : rows * IMAGE_BYTES);
    return {
      corner: image(b.corner),
      gripper: image(b.gripper),
      proprio: b.proprio.subarray(0, rows * PROPRIO_SIZE),
      task: b.task.subarray(0, rows),
      state: b.state.subarray(0, rows * size),
    };
  }
}

/** Copies row `i`'s image into `into`, or zeros when the episode sent none. */
function setImage(into: Uint8Array, image: Uint8Array | undefined, i: number): void {
  if (image) into.set(image, i * IMAGE_BYTES);
  else into.fill(0, i * IMAGE_BYTES, (i + 1) * IMAGE_BYTES);
}
