import { createRng } from "../core/mod.ts";
import {
  type ClaimedTask,
  claimTasks,
  type Db,
  type ResultCode,
  type SubmitOutcome,
  submitResult,
} from "../db/mod.ts";

/** One result the fake executor submitted. */
export interface FakeSubmission {
  task: ClaimedTask;
  code: ResultCode;
  reward: number;
  outcome: SubmitOutcome;
}

/** Options of {@link runFakeExecutor}. */
export interface FakeExecutorOptions {
  /** @default "fake-executor" */
  executorId?: string;
  /** Success probability of a miner on an environment. */
  skill: (uid: number, envId: string) => number;
  /** Overrides the result code of a task (e.g. `infra_error`); undefined keeps the draw. */
  codeOf?: (task: ClaimedTask) => ResultCode | undefined;
  /** Tasks claimed per round. @default 16 */
  batch?: number;
  /** Stop after this many submissions. @default unlimited */
  maxTasks?: number;
  /** @default 60 */
  leaseSeconds?: number;
  /** Stops between rounds. */
  signal?: AbortSignal;
}

/**
 * The result a task deterministically gets: success when a draw seeded by the task's scene
 * seed and miner uid falls below the miner's skill on the environment.
 */
export function fakeResult(
  task: Pick<ClaimedTask, "seed" | "minerUid" | "envId">,
  skill: (uid: number, envId: string) => number,
): { code: ResultCode; reward: number } {
  const draw = createRng(task.seed + task.minerUid).uniform();
  const success = draw < skill(task.minerUid, task.envId);
  return { code: success ? "success" : "not_solved", reward: success ? 1 : draw / 2 };
}

/**
 * A stand-in executor for tests: claims tasks through the db task pool and submits
 * synthetic results ({@link fakeResult}) until nothing is left to claim, `maxTasks` results
 * are in, or the signal aborts.
 *
 * @returns every submission, in order
 */
export async function runFakeExecutor(
  db: Db,
  options: FakeExecutorOptions,
): Promise<FakeSubmission[]> {
  const executorId = options.executorId ?? "fake-executor";
  const out: FakeSubmission[] = [];
  const max = options.maxTasks ?? Infinity;
  while (out.length < max && !options.signal?.aborted) {
    const limit = Math.min(options.batch ?? 16, max - out.length);
    const claimed = await claimTasks(db, {
      executorId,
      limit,
      leaseSeconds: options.leaseSeconds ?? 60,
    });
    if (claimed.length === 0) break;
    for (const task of claimed) {
      const drawn = fakeResult(task, options.skill);
      const code = options.codeOf?.(task) ?? drawn.code;
      const reward = code === "success" || code === "not_solved" ? drawn.reward : 0;
      const outcome = await submitResult(db, {
        taskId: task.taskId,
        leaseId: task.leaseId,
        code,
        reward,
        steps: code === "success" ? 120 : 500,
      }, { executorId });
      out.push({ task, code, reward, outcome });
    }
  }
  return out;
}
