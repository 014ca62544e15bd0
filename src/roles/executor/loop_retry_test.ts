import assert from "node:assert/strict";
import type {
  FetchTasksResponse,
  HeartbeatResponse,
  LeasedTask,
  SubmitTasksResponse,
  TaskResult,
} from "../../core/wire/mod.ts";
import { AuthError, UpstreamError } from "../../errors/mod.ts";
import { silentLogger } from "../../log/mod.ts";
import { runExecutorLoop, type TaskApi } from "./loop.ts";
import type { EpisodeExecutor } from "./runner.ts";
import type { EpisodeResult, EpisodeTask } from "./types.ts";

function leased(i: number, leaseMs = 60_000): LeasedTask {
  const id = `00000000-0000-4000-8000-${String(i).padStart(12, "0")}`;
  return {
    "task_id": id,
    "lease_id": id.replace("-4000-", "-4001-"),
    "lease_expires_at": new Date(Date.now() + leaseMs).toISOString(),
    "cycle_id": 1,
    "env_id": "metaworld/reach-v4",
    "episode_index": i,
    seed: i,
    "max_steps": 10,
    attempt: 1,
    "miner_uid": 0,
    "miner_hotkey": "h",
    "miner_endpoint": "http://m",
  };
}

function result(code: EpisodeResult["code"] = "not_solved"): EpisodeResult {
  return {
    code,
    success: false,
    steps: 10,
    reward: 0,
    missedActs: 0,
    latencyP50Ms: 1,
    latencyP99Ms: 2,
    wallMs: 5,
    minerMs: 1,
    error: null,
    aborted: false,
    fingerprint: null,
  };
}

/** A scripted API: hands out `tasks` once, then nothing. */
class FakeApi implements TaskApi {
  submitted: TaskResult[] = [];
  submitCalls = 0;
  heartbeats = 0;
  #tasks: LeasedTask[];
  failSubmit: (call: number) => Error | undefined = () => undefined;
  heartbeatStatus: "extended" | "rejected" = "extended";

  constructor(tasks: LeasedTask[]) {
    this.#tasks = tasks;
  }

  fetchTasks(o: { batchSize?: number }): Promise<FetchTasksResponse> {
    const tasks = this.#tasks.splice(0, o.batchSize ?? 10);
    return Promise.resolve({ tasks, "total_pending": this.#tasks.length });
  }

  submitResults(results: TaskResult[]): Promise<SubmitTasksResponse> {
    const err = this.failSubmit(++this.submitCalls);
    if (err) return Promise.reject(err);
    this.submitted.push(...results);
    return Promise.resolve({
      accepted: results.length,
      duplicates: 0,
      rejected: 0,
      results: [],
      errors: [],
    });
  }

  heartbeat(leases: { task_id: string; lease_id: string }[]): Promise<HeartbeatResponse> {
    this.heartbeats++;
    return Promise.resolve({
      results: leases.map((l) => ({
        ...l,
        status: this.heartbeatStatus,
        ...(this.heartbeatStatus === "extended"
          ? { "lease_expires_at": new Date(Date.now() + 60_000).toISOString() }
          : { reason: "lease expired and was re-claimed" }),
      })),
    });
  }
}

function executorOf(
  run: (task: EpisodeTask, signal?: AbortSignal) => Promise<EpisodeResult>,
): EpisodeExecutor {
  return { run, close: () => Promise.resolve() };
}

const base = {
  capacity: 2,
  log: silentLogger(),
  signal: new AbortController().signal,
  pollIntervalMs: 10,
  exitWhenIdle: true,
};

Deno.test("runExecutorLoop() retries a submission after 5xx and network errors", async () => {
  const api = new FakeApi([leased(1)]);
  api.failSubmit = (n) =>
    n === 1
      ? Object.assign(new UpstreamError("Cannot submit: 503"), { status: 503 })
      : n === 2
      ? new TypeError("fetch failed")
      : undefined;
  const stats = await runExecutorLoop({
    ...base,
    api,
    executor: executorOf(() => Promise.resolve(result())),
  });
  assert.equal(api.submitCalls, 3);
  assert.equal(api.submitted.length, 1);
  assert.equal(stats.accepted, 1);
  assert.equal(stats.lost, 0);
});

Deno.test("runExecutorLoop() does not retry a 4xx submission", async () => {
  const api = new FakeApi([leased(1)]);
  api.failSubmit = () => Object.assign(new AuthError("Cannot submit: 403", 403), { status: 403 });
  const stats = await runExecutorLoop({
    ...base,
    api,
    executor: executorOf(() => Promise.resolve(result())),
  });
  assert.equal(api.submitCalls, 1);
  assert.equal(stats.lost, 1);
});

Deno.test("runExecutorLoop() abandons an episode whose lease was re-claimed elsewhere", async () => {
  const api = new FakeApi([leased(1, 1500)]);
  api.heartbeatStatus = "rejected";
  const stats = await runExecutorLoop({
    ...base,
    api,
    heartbeatIntervalMs: 50,
    executor: executorOf((_task, signal) =>
      new Promise((resolve) => {
        signal?.addEventListener(
          "abort",
          () => resolve({ ...result("infra_error"), aborted: true }),
        );
      })
    ),
  });
  assert.ok(api.heartbeats >= 1);
  assert.equal(stats.abandoned, 1);
  assert.equal(api.submitted.length, 0, "nothing submitted for a lost lease");
});

Deno.test("runExecutorLoop() turns a crashed executor into an infra_error result", async () => {
  const api = new FakeApi([leased(1), leased(2)]);
  const stats = await runExecutorLoop({
    ...base,
    api,
    executor: executorOf((task) =>
      task.seed === 1 ? Promise.reject(new Error("worker 0 crashed")) : Promise.resolve(result())
    ),
  });
  assert.deepEqual(api.submitted.map((r) => r.code).sort(), ["infra_error", "not_solved"]);
  assert.equal(stats.codes.infra_error, 1);
});

Deno.test("runExecutorLoop() never has more than capacity episodes in flight", async () => {
  const api = new FakeApi(Array.from({ length: 9 }, (_, i) => leased(i)));
  let inFlight = 0;
  let peak = 0;
  await runExecutorLoop({
    ...base,
    capacity: 3,
    api,
    executor: executorOf(async () => {
      peak = Math.max(peak, ++inFlight);
      await new Promise((r) => setTimeout(r, 5));
      inFlight--;
      return result();
    }),
  });
  assert.equal(api.submitted.length, 9);
  assert.equal(peak, 3);
});
