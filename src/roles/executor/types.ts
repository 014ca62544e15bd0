/** Contracts of the episode runner: the task, the policy client, the renderer and the result. */
import type { CameraSpec, SceneSnapshot } from "../../core/mod.ts";
import type {
  ActOutcome,
  ActRequest,
  EpisodeReplay,
  EpisodeResultCode,
  TaskConfig,
} from "../../core/wire/mod.ts";

/** One episode to run: which scene, against which miner. The seed never reaches the miner. */
export interface EpisodeTask {
  /** Registered env id, e.g. `metaworld/push-v4`. */
  envId: string;
  /** Scene seed. */
  seed: number;
  /** Opaque id sent to the miner (the task id when there is one). */
  episodeId: string;
  /** Most `/act` calls (env steps) of the episode. */
  maxSteps: number;
  /** Base URL of the miner's policy server. */
  minerEndpoint: string;
  /** Index of the episode in its cycle (decides whether it is recorded). @default unknown */
  episodeIndex?: number;
}

/** Per-call options of a {@link PolicyClient}. */
export interface PolicyCallOptions {
  /** Aborts the call (shutdown); its reason is rethrown, never turned into a miner fault. */
  signal?: AbortSignal;
}

/** A `/act` outcome with its latency, ready for the miss policy. */
export type ActAttempt = ActOutcome & { latencyMs: number; message?: string };

/**
 * The two calls an episode makes to a miner. `client/`'s `MinerClient` satisfies it; tests
 * pass fakes.
 */
export interface PolicyClient {
  /**
   * `POST /reset` (with warm-up retries).
   * @throws {MinerError} with the episode's result code when the miner cannot start it
   */
  reset(taskConfig: TaskConfig, options?: PolicyCallOptions): Promise<unknown>;
  /** `POST /act`; a miner fault is returned as `{ ok: false, code }`, never thrown. */
  tryAct(request: ActRequest, options?: PolicyCallOptions): Promise<ActAttempt>;
}

/**
 * Renders one snapshot from each camera: `width x height x 3` bytes per camera, row 0 at the
 * top (the `render/` `Renderer` satisfies it).
 */
export interface FrameRenderer {
  render(snapshot: SceneSnapshot, cameras: readonly CameraSpec[]): Promise<Uint8Array[]>;
}

/** How one episode ended, and what it cost. */
export interface EpisodeResult {
  code: EpisodeResultCode;
  success: boolean;
  /** Env steps taken. */
  steps: number;
  /** Sum of the per-step rewards (each in [0, 1]) over the steps taken. */
  reward: number;
  /** `/act` calls that were missed (timeout, error, bad action) and held. */
  missedActs: number;
  /** Median `/act` round trip in ms; null when no `/act` was made. */
  latencyP50Ms: number | null;
  /** 99th percentile `/act` round trip in ms; null when no `/act` was made. */
  latencyP99Ms: number | null;
  /** Time from the start of `/reset` to the end of the episode. */
  wallMs: number;
  /** Time spent waiting on the miner (`/reset` and every `/act`); the rest is ours. */
  minerMs: number;
  /** Why the episode failed, for logs and the result row; null on success or not_solved. */
  error: string | null;
  /** True when the episode was cut short by the caller's signal (the result is not a verdict). */
  aborted: boolean;
  /** The recorded replay, for the sampled episodes. @default none */
  replay?: EpisodeReplay;
  /**
   * Action-trace fingerprint (core `ActionTrace`): SHA-256 of the actions the miner returned,
   * null when it answered no `/act`.
   */
  fingerprint: string | null;
  /** SHA-256 of the applied actions (see `action_digest.ts`); null when no step was taken. */
  actionDigest?: string | null;
  /** Renderer backend that drew the images ("cpu", "webgpu"). */
  renderer?: string;
  /** What produced the actions: the model runtime, or "http" for an endpoint. */
  runtime?: string;
  /** SHA-256 of the model that was run (model miners). */
  modelSha256?: string | null;
}
