/** Fake miner policy clients for executor tests: no HTTP, scripted outcomes. */
import type { Action, ActOutcome, ActRequest, TaskConfig } from "../core/wire/mod.ts";
import type { Env, PrivilegedState, ResetOptions } from "../envs/mod.ts";
import { getOracle } from "../envs/mod.ts";
import { MinerError, type MinerErrorCode } from "../errors/mod.ts";

/** A `/act` outcome with latency, as a policy client returns it. */
export type FakeActAttempt = ActOutcome & { latencyMs: number; message?: string };

/** A scripted policy client: `act` decides every outcome; records the calls it got. */
export class FakePolicy {
  readonly resets: TaskConfig[] = [];
  readonly acts: ActRequest[] = [];
  #act: (req: ActRequest) => ActOutcome | Promise<ActOutcome>;
  #reset: (config: TaskConfig) => void | Promise<void>;

  constructor(
    act: (req: ActRequest) => ActOutcome | Promise<ActOutcome>,
    reset: (config: TaskConfig) => void | Promise<void> = () => {},
  ) {
    this.#act = act;
    this.#reset = reset;
  }

  async reset(config: TaskConfig): Promise<void> {
    this.resets.push(config);
    await this.#reset(config);
  }

  async tryAct(req: ActRequest): Promise<FakeActAttempt> {
    this.acts.push(req);
    const out = await this.#act(req);
    return out.ok ? { ...out, latencyMs: 0 } : { ...out, latencyMs: 0, message: "fake miss" };
  }
}

/**
 * `env` seen through `observe`: every reset and step hands its privileged state to `observe`
 * before returning (how a fake miner reads what a real one never sees). Everything else is the
 * env itself.
 */
export function observeEnv(env: Env, observe: (state: PrivilegedState) => void): Env {
  return new Proxy(env, {
    get(target, key) {
      if (key === "reset") {
        return (options: ResetOptions) => {
          const result = target.reset(options);
          observe(result.state);
          return result;
        };
      }
      if (key === "step") {
        return (action: Action) => {
          const result = target.step(action);
          observe(result.state);
          return result;
        };
      }
      const value = Reflect.get(target, key, target);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
}

/**
 * An instant miner that plays the env's oracle from privileged state. Give the runner
 * `observeEnv(env, observe)` so that the policy sees the state.
 */
export function oraclePolicy(
  envId: string,
): { policy: FakePolicy; observe(s: PrivilegedState): void } {
  const oracle = getOracle(envId);
  let state: PrivilegedState | undefined;
  const policy = new FakePolicy(() => {
    if (state === undefined) throw new TypeError("Cannot act: no state observed yet");
    const a = oracle(state);
    return { ok: true, action: [a[0], a[1], a[2], a[3]] };
  });
  return { policy, observe: (s) => state = s };
}

/** An instant miner that never moves. */
export function zeroPolicy(): FakePolicy {
  return new FakePolicy(() => ({ ok: true, action: [0, 0, 0, 0] }));
}

/** A miner whose every `/act` misses with `code`. */
export function missingPolicy(code: MinerErrorCode): FakePolicy {
  return new FakePolicy(() => ({ ok: false, code }));
}

/** A miner whose `/reset` fails with `code`. */
export function failingResetPolicy(code: MinerErrorCode): FakePolicy {
  return new FakePolicy(
    () => ({ ok: true, action: [0, 0, 0, 0] }),
    () => {
      throw new MinerError(code, "Cannot reset fake miner: scripted failure");
    },
  );
}
