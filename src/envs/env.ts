import { createRng, type SceneSnapshot } from "../core/mod.ts";
import { type ModelParams, Sim, type SimState } from "../sim/mod.ts";
import { ArmRig, SUBSTEPS } from "./arm.ts";
import { domainRandomization } from "./randomization.ts";
import { clamp } from "./rewards.ts";
import type {
  Action,
  EnvOptions,
  Observation,
  PrivilegedState,
  RandomizationInfo,
  RandomizeContext,
  ResetResult,
  StepInfo,
  StepResult,
  TaskContext,
  TaskSpec,
} from "./types.ts";

/** Options of `Env.reset`. */
export interface ResetOptions {
  /** Scene seed: placement (and randomization) derive from it alone. */
  seed: number;
}

/**
 * One environment instance: a task on its own simulator. Gymnasium semantics with named
 * fields; dispose it (`using env = await makeEnv(id)`).
 */
export class Env implements Disposable {
  readonly spec: TaskSpec;
  readonly maxSteps: number;
  readonly #sim: Sim;
  readonly #ctx: TaskContext;
  readonly #options: EnvOptions;
  readonly #nominal: ModelParams | undefined;
  readonly #randomize: ((ctx: RandomizeContext) => RandomizationInfo | void) | undefined;
  #settled: SimState | undefined;
  #taskState: unknown = undefined;
  #steps = 0;
  #success = false;
  #held = 0;
  #done = true;

  private constructor(spec: TaskSpec, sim: Sim, options: EnvOptions) {
    this.spec = spec;
    this.#sim = sim;
    this.#ctx = { sim, arm: new ArmRig(sim) };
    this.#options = options;
    // The task's step budget is a cap: a longer limit (e.g. a scheduler's) does not lift it.
    this.maxSteps = Math.min(options.maxSteps ?? spec.episodeSteps, spec.episodeSteps);
    this.#randomize = options.randomize === false
      ? undefined
      : options.randomize ?? domainRandomization();
    this.#nominal = this.#randomize === undefined ? undefined : sim.captureModel();
  }

  /** Loads the task's scene and returns a new environment (call `reset` before `step`). */
  static async create(spec: TaskSpec, options: EnvOptions = {}): Promise<Env> {
    if (
      options.maxSteps !== undefined &&
      !(Number.isInteger(options.maxSteps) && options.maxSteps > 0)
    ) {
      throw new RangeError(
        `Cannot create env "${spec.id}": maxSteps "${options.maxSteps}" is not a positive integer`,
      );
    }
    const sim = await Sim.fromScene(spec.scene);
    return new Env(spec, sim, options);
  }

  /** Frees the simulator. */
  [Symbol.dispose](): void {
    this.#sim[Symbol.dispose]();
  }

  /** Env id. */
  get id(): string {
    return this.spec.id;
  }

  /** Steps taken in the current episode. */
  get steps(): number {
    return this.#steps;
  }

  /**
   * Starts an episode. Everything random derives from `seed`: the same seed gives the same
   * scene whatever happened before.
   */
  reset({ seed }: ResetOptions): ResetResult {
    const rng = createRng(seed);
    const placementRng = rng.fork();
    const randomizeRng = rng.fork();
    const { sim, arm } = this.#ctx;
    // The arm settles once, on the nominal model (randomization leaves the arm's masses and
    // damping alone), and every episode starts from that state.
    if (this.#settled === undefined) {
      if (this.#nominal !== undefined) sim.restoreModel(this.#nominal);
      arm.settle(this.spec.handInit);
      this.#settled = { ...sim.getState(), time: 0 };
    }
    let randomization: RandomizationInfo | undefined;
    if (this.#randomize !== undefined && this.#nominal !== undefined) {
      sim.restoreModel(this.#nominal);
      randomization = this.#randomize({ sim, rng: randomizeRng, nominal: this.#nominal }) ??
        undefined;
    }
    sim.setState(this.#settled);
    this.#taskState = this.spec.reset(this.#ctx, placementRng);
    sim.forward();
    this.#steps = 0;
    this.#held = 0;
    this.#success = false;
    this.#done = false;
    const info: StepInfo = { success: false, terms: {}, steps: 0 };
    if (randomization !== undefined) info.randomization = randomization;
    return { observation: this.#observe(), info, state: this.#privileged() };
  }

  /**
   * Applies one action (clipped to [-1, 1]) for `SUBSTEPS` physics steps.
   * @throws {RangeError} when the action is not 4 finite numbers
   * @throws {TypeError} when the episode has ended (call `reset`)
   * @throws {PhysicsError} when MuJoCo raised a warning
   */
  step(action: Action): StepResult {
    if (this.#done) {
      throw new TypeError(`Cannot step env "${this.id}": the episode has ended, call reset()`);
    }
    if (action.length !== 4 || !action.every(Number.isFinite)) {
      throw new RangeError(
        `Cannot step env "${this.id}": action "${JSON.stringify(action)}" is not 4 finite numbers`,
      );
    }
    const a = [
      clamp(action[0], -1, 1),
      clamp(action[1], -1, 1),
      clamp(action[2], -1, 1),
      clamp(action[3], -1, 1),
    ];
    const { sim, arm } = this.#ctx;
    arm.applyAction(a);
    try {
      sim.step(SUBSTEPS);
    } catch (err) {
      this.#done = true;
      throw err;
    }
    sim.kinematics();
    this.#steps++;
    const ev = this.spec.evaluate(this.#ctx, this.#taskState, a);
    this.#held = ev.success ? this.#held + 1 : 0;
    if (this.#held >= (this.spec.successHold ?? 1)) this.#success = true;
    const terminated = this.#success;
    const truncated = !terminated && this.#steps >= this.maxSteps;
    this.#done = terminated || truncated;
    return {
      observation: this.#observe(),
      reward: ev.reward,
      terminated,
      truncated,
      info: { success: this.#success, terms: ev.terms, steps: this.#steps },
      state: this.#privileged(),
    };
  }

  /** The visible scene at the current state (for renderers outside the env). */
  snapshot(): SceneSnapshot {
    return this.#sim.snapshot();
  }

  /**
   * Copies of the writable model fields as they are now (after the last reset's domain
   * randomization), for audits and tests.
   */
  modelParams(): ModelParams {
    return this.#sim.captureModel();
  }

  /** The compiled scene as one MJCF document. */
  exportScene(): string {
    return this.#sim.saveXml();
  }

  #observe(): Observation {
    const { arm } = this.#ctx;
    const h = arm.hand();
    const observation: Observation = {
      proprio: Float64Array.of(h[0], h[1], h[2], arm.opening()),
    };
    if (this.#options.render !== undefined) {
      observation.images = this.#options.render(this.#sim.snapshot());
    }
    return observation;
  }

  #privileged(): PrivilegedState {
    const { arm } = this.#ctx;
    return {
      hand: arm.hand(),
      tcp: arm.tcp(),
      gripper: arm.opening(),
      ...this.spec.privileged(this.#ctx, this.#taskState),
    };
  }
}
