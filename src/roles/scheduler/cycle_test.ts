import assert from "node:assert/strict";
import { Hotkey, LocalChain, signWeights, verifyWeights } from "../../chain/mod.ts";
import { DEFAULT_CYCLE_SCORING, DEFAULT_ENV_IDS } from "../../config/mod.ts";
import { aggregateOutcomes, verifyCycleSecret } from "../../core/mod.ts";
import {
  claimTasks,
  countCycles,
  type DbHandle,
  failCycle,
  getCycle,
  getLatestWeights,
  getOpenCycle,
  listMiners,
  listScores,
  taskStats,
  toWeightsDocument,
} from "../../db/mod.ts";
import { silentLogger } from "../../log/mod.ts";
import {
  clearTables,
  type FakeSubmission,
  openTestDb,
  pgNote,
  runFakeExecutor,
  TEST_DATABASE_URL,
} from "../../testing/mod.ts";
import { openCycle, runCycle } from "./cycle.ts";
import { runSchedulerLoop } from "./loop.ts";
import { ConflictError, UpstreamError } from "../../errors/mod.ts";
import type { Clock, CycleConfig, SchedulerDeps } from "./deps.ts";

const CONFIG: CycleConfig = {
  netuid: 26,
  envIds: [...DEFAULT_ENV_IDS],
  episodesPerEnv: 4,
  cycleTimeout: 3600,
  pollInterval: 10,
  maxSteps: 500,
  maxAttempts: 3,
  ...DEFAULT_CYCLE_SCORING,
};
const TASKS = 3 * 8 * 4;
const SKILL = [0.9, 0.5, 0.1];
const skill = (uid: number) => SKILL[uid];
const INFRA_ENV = "metaworld/peg-insert-v4";

const operator = await Hotkey.fromUri("//Alice");
const minerKeys = await Promise.all([0, 1, 2].map((i) => Hotkey.fromUri(`//Miner${i}`)));

function localChain(): LocalChain {
  return new LocalChain({
    netuid: 26,
    miners: minerKeys.map((k, uid) => ({
      uid,
      hotkey: k.address,
      endpoint: `http://127.0.0.1:${9100 + uid}`,
      commit_block: 500 + uid,
    })),
  });
}

/**
 * A clock that advances only when the scheduler sleeps; each sleep first runs `onSleep` (the
 * executors' work during that time).
 */
function fakeClock(startMs: number, onSleep: () => Promise<void> = async () => {}): Clock {
  let t = startMs;
  return {
    now: () => new Date(t),
    async sleep(ms: number) {
      await onSleep();
      t += ms;
    },
  };
}

function seededBytes(fill: number): (n: number) => Uint8Array {
  return (n) => new Uint8Array(n).map((_, i) => (i * 31 + fill) & 0xff);
}

function deps(db: DbHandle, clock: Clock, extra: Partial<SchedulerDeps> = {}): SchedulerDeps {
  return {
    db,
    chain: localChain(),
    log: silentLogger(),
    clock,
    randomBytes: seededBytes(1),
    ...extra,
  };
}

async function count(db: DbHandle, sql: string, params: unknown[] = []): Promise<number> {
  const rows = await db.query<{ n: number }>(sql, params);
  return rows[0].n;
}

Deno.test("runCycle() and runSchedulerLoop() on in-memory PGlite", async (t) => {
  const db = await openTestDb();
  try {
    await cycleSteps(t, db);
  } finally {
    await db.close();
  }
});

Deno.test({
  name: `runCycle() and runSchedulerLoop() on real PostgreSQL${pgNote()}`,
  ignore: !TEST_DATABASE_URL,
  async fn(t) {
    const db = await openTestDb({ real: true });
    try {
      await cycleSteps(t, db);
    } finally {
      await db.close();
    }
  },
});

async function cycleSteps(t: Deno.TestContext, db: DbHandle): Promise<void> {
  await t.step("3 miners × 8 envs × 4 episodes complete end to end", async () => {
    await clearTables(db);
    const submissions: FakeSubmission[] = [];
    const clock = fakeClock(Date.now(), async () => {
      submissions.push(
        ...await runFakeExecutor(db, {
          skill,
          maxTasks: 40,
          codeOf: (task) =>
            task.minerUid === 2 && task.envId === INFRA_ENV ? "infra_error" : undefined,
        }),
      );
    });
    const outcome = await runCycle(
      deps(db, clock, { signWeights: (r) => signWeights(r, operator) }),
      CONFIG,
    );
    assert.equal(outcome.status, "complete");
    assert.equal(outcome.resumed, false);
    assert.equal(outcome.timedOut, false);
    assert.ok(outcome.cycleId !== null);
    assert.equal(outcome.tasks!.total, TASKS);
    assert.equal(outcome.tasks!.completed, TASKS - 4, "miner 2's infra env ends failed");
    assert.equal(outcome.tasks!.failed, 4);
    // Every infra_error task was retried up to max attempts; nothing else was retried.
    assert.equal(submissions.length, TASKS - 4 + 4 * CONFIG.maxAttempts);
    assert.ok(submissions.every((s) => s.outcome.status === "accepted"));

    // Paired evaluation: one seed per (env, episode), shared by the three miners.
    const pairs = await db.query<{ seeds: number; miners: number }>(
      `SELECT count(DISTINCT seed) AS seeds, count(*) AS miners FROM tasks
         WHERE cycle_id = $1 GROUP BY env_id, episode_index`,
      [outcome.cycleId],
    );
    assert.equal(pairs.length, 8 * 4);
    assert.ok(pairs.every((p) => p.seeds === 1 && p.miners === 3));

    // Secret revealed and matching its published hash.
    const cycle = (await getCycle(db, outcome.cycleId!))!;
    assert.equal(cycle.status, "complete");
    assert.ok(cycle.revealedAt instanceof Date);
    assert.equal(await verifyCycleSecret(cycle.secret, cycle.secretHash), true);

    // Scores are the real counts of what the executor submitted.
    const finals = submissions.filter((s) =>
      s.code !== "infra_error" || s.task.attempt === CONFIG.maxAttempts
    );
    const expected = aggregateOutcomes(finals.map((s) => ({
      uid: s.task.minerUid,
      hotkey: s.task.minerHotkey,
      envId: s.task.envId,
      code: s.code,
      reward: s.reward,
    })));
    const scores = await listScores(db, outcome.cycleId!);
    assert.equal(scores.length, 24);
    for (const e of expected) {
      const row = scores.find((r) => r.uid === e.uid && r.envId === e.envId)!;
      assert.deepEqual(
        [row.hotkey, row.episodes, row.successes, row.failures, row.successRate],
        [e.hotkey, e.episodes, e.successes, e.failures, e.successRate ?? 0],
        `uid ${e.uid} ${e.envId}`,
      );
    }
    const infra = scores.find((r) => r.uid === 2 && r.envId === INFRA_ENV)!;
    assert.deepEqual([infra.episodes, infra.failures], [0, { infra_error: 4 }]);

    // Weights: stored under the cycle's block, float weights sum to 1, signed.
    const w = (await getLatestWeights(db))!;
    assert.deepEqual(w, outcome.weights);
    assert.equal(w.cycleId, outcome.cycleId);
    assert.equal(w.block, cycle.block);
    assert.equal(w.netuid, 26);
    const sum = w.weights.reduce((a, b) => a + b, 0);
    assert.ok(Math.abs(sum - 1) < 1e-9, `weights sum to ${sum}`);
    assert.equal(w.uids[w.valuesU16.indexOf(65535)], 0, "the most skilled miner leads");
    assert.deepEqual(w.hotkeys, w.uids.map((uid) => minerKeys[uid].address));
    assert.equal(w.signer, operator.address);
    const verified = await verifyWeights(toWeightsDocument(w), {
      expectedSigner: operator.address,
    });
    assert.deepEqual(verified.uids, w.uids);
  });

  await t.step(
    "a scheduler stopped mid-cycle resumes without losing or duplicating tasks",
    async () => {
      await clearTables(db);
      const first = new AbortController();
      const done: FakeSubmission[] = [];
      const start = Date.now();
      const clock1 = fakeClock(start, async () => {
        done.push(...await runFakeExecutor(db, { skill, maxTasks: 30, executorId: "ex-a" }));
        first.abort();
      });
      const stopped = await runCycle(deps(db, clock1), CONFIG, { signal: first.signal });
      assert.equal(stopped.status, "interrupted");
      assert.equal(done.length, 30);
      const mid = await taskStats(db, stopped.cycleId);
      assert.deepEqual([mid.total, mid.completed + mid.failed], [TASKS, 30]);
      const open = (await getCycle(db, stopped.cycleId!))!;
      assert.equal(open.status, "open");
      assert.equal(open.revealedAt, null, "the secret stays hidden while the cycle is open");

      // A new scheduler process: other clock, other random bytes (must not matter).
      const clock2 = fakeClock(start + 60_000, async () => {
        done.push(...await runFakeExecutor(db, { skill, maxTasks: 25, executorId: "ex-b" }));
      });
      const resumed = await runCycle(deps(db, clock2, { randomBytes: seededBytes(99) }), CONFIG);
      assert.equal(resumed.status, "complete");
      assert.equal(resumed.resumed, true);
      assert.equal(resumed.cycleId, stopped.cycleId);
      assert.equal(await countCycles(db), 1);
      assert.equal(await count(db, "SELECT count(*) AS n FROM tasks"), TASKS);
      assert.equal(
        await count(
          db,
          "SELECT count(DISTINCT (miner_uid, env_id, episode_index)) AS n FROM tasks",
        ),
        TASKS,
      );
      assert.equal(done.length, TASKS, "each task ran exactly once");
      assert.equal(new Set(done.map((s) => s.task.taskId)).size, TASKS);
      assert.equal(await count(db, "SELECT count(*) AS n FROM episode_results"), TASKS);
      const scored = await listScores(db, resumed.cycleId!);
      assert.equal(scored.reduce((a, r) => a + r.episodes, 0), TASKS);
      const cycle = (await getCycle(db, resumed.cycleId!))!;
      assert.equal(await verifyCycleSecret(cycle.secret, cycle.secretHash), true);
      assert.equal(cycle.secretHash, open.secretHash, "the resumed cycle keeps its secret");
    },
  );

  await t.step(
    "an open cycle past its deadline is failed and its tasks are never handed out",
    async () => {
      await clearTables(db);
      const first = new AbortController();
      const start = Date.now();
      const clock1 = fakeClock(start, async () => {
        await runFakeExecutor(db, { skill, maxTasks: 10 });
        first.abort();
      });
      const stale = await runCycle(deps(db, clock1), CONFIG, { signal: first.signal });
      assert.equal(stale.status, "interrupted");
      // A lease held by an executor that outlives the scheduler.
      const held = await claimTasks(db, { executorId: "slow", limit: 2, leaseSeconds: 600 });
      assert.equal(held.length, 2);

      const later = start + (CONFIG.cycleTimeout + 1) * 1000;
      const fresh: FakeSubmission[] = [];
      const clock2 = fakeClock(later, async () => {
        fresh.push(...await runFakeExecutor(db, { skill, maxTasks: 50 }));
      });
      const next = await runCycle(deps(db, clock2, { randomBytes: seededBytes(7) }), CONFIG);
      assert.equal(next.status, "complete");
      assert.equal(next.resumed, false);
      assert.notEqual(next.cycleId, stale.cycleId);

      const old = (await getCycle(db, stale.cycleId!))!;
      assert.equal(old.status, "failed");
      assert.match(old.errorMessage ?? "", /deadline/);
      const oldStats = await taskStats(db, stale.cycleId);
      assert.deepEqual(
        [oldStats.total, oldStats.pending, oldStats.leased, oldStats.completed, oldStats.failed],
        [TASKS, 0, 0, 10, TASKS - 10],
      );
      assert.equal(fresh.length, TASKS);
      assert.ok(fresh.every((s) => s.task.cycleId === next.cycleId), "old tasks were handed out");
      assert.equal(
        await count(
          db,
          "SELECT count(*) AS n FROM episode_results r JOIN tasks t ON t.id = r.task_id WHERE t.cycle_id = $1",
          [stale.cycleId],
        ),
        10,
      );
      assert.equal(await count(db, "SELECT count(*) AS n FROM weights"), 1);
      assert.equal((await getLatestWeights(db))!.cycleId, next.cycleId);
    },
  );

  await t.step(
    "at the deadline unfinished tasks close and the cycle is scored on what finished",
    async () => {
      await clearTables(db);
      let round = 0;
      let held: Awaited<ReturnType<typeof claimTasks>> = [];
      const clock = fakeClock(Date.now(), async () => {
        if (round++ === 0) {
          await runFakeExecutor(db, { skill, maxTasks: 48 });
          held = await claimTasks(db, { executorId: "stuck", limit: 5, leaseSeconds: 3600 });
        }
      });
      const outcome = await runCycle(deps(db, clock), { ...CONFIG, cycleTimeout: 60 });
      assert.equal(outcome.status, "complete");
      assert.equal(outcome.timedOut, true);
      assert.deepEqual(
        [
          outcome.tasks!.completed,
          outcome.tasks!.failed,
          outcome.tasks!.pending,
          outcome.tasks!.leased,
        ],
        [48, TASKS - 48, 0, 0],
      );
      assert.equal(held.length, 5);
      const scores = await listScores(db, outcome.cycleId!);
      assert.equal(
        scores.reduce((a, r) => a + r.episodes, 0),
        48,
        "only finished episodes count",
      );
      assert.equal(
        scores.reduce((a, r) => a + (r.failures.infra_error ?? 0), 0),
        TASKS - 48,
        "closed tasks are reported as infra_error",
      );
      const w = (await getLatestWeights(db))!;
      assert.ok(Math.abs(w.weights.reduce((a, b) => a + b, 0) - 1) < 1e-9);
      assert.equal(w.signature, null);
      assert.equal(
        (await claimTasks(db, { executorId: "x", limit: 10, leaseSeconds: 60 })).length,
        0,
      );
    },
  );

  await t.step("no miner with a usable commitment opens no cycle", async () => {
    await clearTables(db);
    const chain = new LocalChain({
      netuid: 26,
      miners: [{ uid: 0, hotkey: minerKeys[0].address, commitment: "not-a-commitment" }],
    });
    const outcome = await runCycle(deps(db, fakeClock(Date.now()), { chain }), CONFIG);
    assert.equal(outcome.status, "skipped");
    assert.equal(await countCycles(db), 0);
  });
  await t.step("a cycle failed by another process while waiting ends the wait", async () => {
    await clearTables(db);
    let closed = false;
    const clock = fakeClock(Date.now(), async () => {
      if (!closed) {
        await runFakeExecutor(db, { skill, maxTasks: 10 });
        const open = await getOpenCycle(db);
        await failCycle(db, open!.id, "cancelled by the operator");
        closed = true;
      }
    });
    const outcome = await runCycle(deps(db, clock), CONFIG);
    assert.equal(outcome.status, "failed");
    assert.match(outcome.reason ?? "", /another process/);
    assert.equal(outcome.weights, undefined);
    assert.equal(await count(db, "SELECT count(*) AS n FROM weights"), 0);
    assert.equal(outcome.tasks!.completed + outcome.tasks!.failed, TASKS);
  });

  await t.step("re-committing the same policy keeps its first commit block", async () => {
    await clearTables(db);
    const run = async (blocks: number[], endpoints: string[]) => {
      const chain = new LocalChain({
        netuid: 26,
        miners: minerKeys.map((k, uid) => ({
          uid,
          hotkey: k.address,
          endpoint: endpoints[uid],
          commit_block: blocks[uid],
        })),
      });
      const clock = fakeClock(Date.now(), async () => {
        await runFakeExecutor(db, { skill, maxTasks: 100 });
      });
      const o = await runCycle(deps(db, clock, { chain }), { ...CONFIG, episodesPerEnv: 1 });
      assert.equal(o.status, "complete");
      return (await listMiners(db, o.cycleId!)).map((m) => m.firstBlock);
    };
    const urls = [0, 1, 2].map((i) => `http://127.0.0.1:${9100 + i}`);
    assert.deepEqual(await run([500, 501, 502], urls), [500, 501, 502]);
    // Miner 0 re-commits the same policy (later block), miner 1 announces a new one.
    const next = [urls[0], "http://127.0.0.1:9999", urls[2]];
    assert.deepEqual(await run([900, 901, 502], next), [500, 901, 502]);
  });

  await t.step("two schedulers opening at once open one cycle", async () => {
    await clearTables(db);
    const clock = fakeClock(Date.now());
    const results = await Promise.allSettled([
      openCycle(deps(db, clock), CONFIG),
      openCycle(deps(db, clock, { randomBytes: seededBytes(5) }), CONFIG),
    ]);
    const opened = results.filter((r) => r.status === "fulfilled");
    const refused = results.filter((r) => r.status === "rejected");
    assert.equal(opened.length, 1);
    assert.equal(refused.length, 1);
    assert.ok((refused[0] as PromiseRejectedResult).reason instanceof ConflictError);
    assert.equal(await countCycles(db), 1);
    assert.equal(await count(db, "SELECT count(*) AS n FROM tasks"), TASKS);
  });

  await t.step("runSchedulerLoop() runs a cycle per interval and stops on abort", async () => {
    await clearTables(db);
    const stop = new AbortController();
    const intervals: number[] = [];
    let t0 = Date.now();
    let fail = true;
    const chain = localChain();
    const flaky = {
      currentBlock() {
        if (fail) {
          fail = false;
          return Promise.reject(new UpstreamError("Cannot reach the chain: test"));
        }
        return chain.currentBlock();
      },
      commitments: () => chain.commitments(),
    };
    const clock: Clock = {
      now: () => new Date(t0),
      async sleep(ms: number) {
        if (ms === 900_000) {
          intervals.push(ms);
          if (intervals.length === 3) stop.abort();
        } else {
          await runFakeExecutor(db, { skill, maxTasks: 100 });
        }
        t0 += ms;
      },
    };
    const outcomes = await runSchedulerLoop(
      deps(db, clock, {
        chain: flaky,
        randomBytes: (n) => crypto.getRandomValues(new Uint8Array(n)),
      }),
      CONFIG,
      { evalInterval: 900, signal: stop.signal },
    );
    // First attempt: chain unreachable (logged, retried after the interval); then two cycles.
    assert.deepEqual(outcomes.map((o) => o.status), ["complete", "complete"]);
    assert.equal(intervals.length, 3);
    assert.equal(await countCycles(db), 2);
    const hashes = await db.query<{ secretHash: string }>("SELECT secret_hash FROM cycles");
    assert.notEqual(hashes[0].secretHash, hashes[1].secretHash, "each cycle has its own secret");
    assert.equal(await count(db, "SELECT count(*) AS n FROM weights"), 2);
  });

  await t.step("runSchedulerLoop() with once runs exactly one cycle", async () => {
    await clearTables(db);
    const clock = fakeClock(Date.now(), async () => {
      await runFakeExecutor(db, { skill, maxTasks: 100 });
    });
    const outcomes = await runSchedulerLoop(deps(db, clock), CONFIG, { once: true });
    assert.deepEqual(outcomes.map((o) => o.status), ["complete"]);
    assert.equal(await countCycles(db), 1);
  });
}
