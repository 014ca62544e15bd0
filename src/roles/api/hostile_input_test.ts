/**
 * Hostile input at the API: NUL bytes and unpaired surrogates in strings, numbers past their
 * documented bounds. Each is a 422 naming the field or is stored cleaned; never a 500.
 */
import assert from "node:assert/strict";
import { aggregateCycleResults, createApiKey } from "../../db/mod.ts";
import {
  ErrorEnvelopeSchema,
  FetchTasksResponseSchema,
  SubmitTasksResponseSchema,
} from "../../core/wire/mod.ts";
import { clearTables, openTestDb, seedCycle } from "../../testing/mod.ts";
import { postJson, testApp } from "./_test_app.ts";

async function expect422(res: Response, path: RegExp) {
  assert.equal(res.status, 422, await res.clone().text());
  const body = ErrorEnvelopeSchema.parse(await res.json());
  assert.equal(body.error.code, "invalid_value");
  assert.match(body.error.message, path);
}

Deno.test("hostile strings and numbers at the task routes: 422 naming the field or stored clean", async (t) => {
  const db = await openTestDb();
  const app = testApp(db);
  try {
    await clearTables(db);
    await seedCycle(db, { miners: 1, envIds: ["metaworld/reach-v4"], episodesPerEnv: 4 });
    const { key } = await createApiKey(db, "gpu-1");
    const fetched = FetchTasksResponseSchema.parse(
      await (await app.request(postJson("/v1/tasks/fetch", { batch_size: 4 }, key))).json(),
    );
    const [a, b, c] = fetched.tasks;
    const result = (task: typeof a, extra: Record<string, unknown>) => ({
      task_id: task.task_id,
      lease_id: task.lease_id,
      code: "miner_error",
      ...extra,
    });

    await t.step("NUL in env_ids is a 422 naming env_ids.0", async () => {
      await expect422(
        await app.request(postJson("/v1/tasks/fetch", { env_ids: ["metaworld/reach\u0000"] }, key)),
        /"env_ids\.0" Must not contain NUL/,
      );
    });

    await t.step("reward 1e308 and missed_acts 2^31 are 422s naming the field", async () => {
      await expect422(
        await app.request(
          postJson("/v1/tasks/submit", { results: [result(a, { reward: 1e308 })] }, key),
        ),
        /"results\.0\.reward"/,
      );
      await expect422(
        await app.request(
          postJson("/v1/tasks/submit", { results: [result(a, { missed_acts: 2 ** 31 })] }, key),
        ),
        /"results\.0\.missed_acts"/,
      );
      await expect422(
        await app.request(
          postJson("/v1/tasks/submit", { results: [result(a, { wall_ms: 1e300 })] }, key),
        ),
        /"results\.0\.wall_ms"/,
      );
    });

    await t.step("an error text with NUL bytes and lone surrogates is stored cleaned", async () => {
      const error = 'episode_id "\u0000\u0000x\uD800" is not "y"\uDFFF';
      const res = await app.request(
        postJson("/v1/tasks/submit", { results: [result(a, { error })] }, key),
      );
      assert.equal(res.status, 200, await res.clone().text());
      assert.equal(SubmitTasksResponseSchema.parse(await res.json()).accepted, 1);
      const [row] = await db.query<{ error: string }>(
        "SELECT error FROM episode_results WHERE lease_id = $1",
        [a.lease_id],
      );
      assert.equal(row.error, 'episode_id "x\uFFFD" is not "y"\uFFFD');
    });

    await t.step(
      "a stored reward of 1e308 (from before the bound) cannot overflow the sums",
      async () => {
        for (const task of [b, c]) {
          const res = await app.request(
            postJson("/v1/tasks/submit", { results: [result(task, {})] }, key),
          );
          assert.equal(res.status, 200);
        }
        await db.query("UPDATE episode_results SET reward = 1e308");
        const totals = await aggregateCycleResults(db, fetched.tasks[0].cycle_id);
        assert.equal(totals.length, 1);
        assert.ok(Number.isFinite(totals[0].meanReward), `mean ${totals[0].meanReward}`);
        assert.equal(totals[0].meanReward, 1_000_000);
      },
    );
  } finally {
    await db.close();
  }
});
