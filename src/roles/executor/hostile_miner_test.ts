/**
 * A hostile miner puts NUL bytes, lone surrogates, huge strings and odd Unicode in every field
 * it answers. Each episode must end with the miner's code (never ours), every result must be
 * accepted by the API on the first submit, and no response may be a 5xx.
 */
import assert from "node:assert/strict";
import { ApiClient } from "../../client/mod.ts";
import { silentLogger } from "../../log/mod.ts";
import { openTestDb, seedTasks, startTestApi, taskOutcomes } from "../../testing/mod.ts";
import { createThreadRunner } from "./local.ts";
import { runExecutorLoop } from "./loop.ts";

const NASTY = "\u0000\uD800\u202e💥\u0000" + "\u0000x".repeat(20_000) + "\uDFFF";

/** Hostile answers, by miner: [reset body, act body, act status]. */
const MINERS: Record<string, { reset: unknown; act: unknown; actStatus?: number; want: string }> = {
  "episode_id": { reset: { status: "ok", episode_id: NASTY }, act: {}, want: "miner_error" },
  status: { reset: { status: NASTY, episode_id: NASTY }, act: {}, want: "miner_error" },
  "action_strings": {
    reset: "echo",
    // short enough to pass the response size cap: the action itself is what is wrong
    act: { action: [NASTY.slice(0, 100), "\u0000", "\uD800", "1"] },
    want: "miner_bad_action",
  },
  "action_huge": {
    reset: "echo",
    act: { action: [1e308, -1e308, 1e308, 1e308], [NASTY.slice(0, 50)]: NASTY.slice(0, 5000) },
    want: "not_solved", // clipped to [-1, 1]: a legal action
  },
  "error_body": { reset: "echo", act: { error: NASTY }, actStatus: 500, want: "miner_error" },
  "odd_unicode_body": {
    reset: "echo",
    act: "\uFEFF" + "\u{10FFFF}".repeat(600_000),
    want: "miner_error",
  },
};

function serveHostile(name: string): { url: string; close(): Promise<void> } {
  const spec = MINERS[name];
  const ac = new AbortController();
  const server = Deno.serve(
    { hostname: "127.0.0.1", port: 0, signal: ac.signal, onListen() {} },
    async (req) => {
      const path = new URL(req.url).pathname;
      if (path.endsWith("/health")) return Response.json({ status: NASTY });
      const body = await req.json().catch(() => ({}));
      if (path.endsWith("/reset")) {
        const reply = spec.reset === "echo"
          ? { status: "ok", episode_id: body?.task_config?.episode_id }
          : spec.reset;
        return Response.json(reply, { headers: { "x-odd": "\u00ff\u00fe" } });
      }
      const text = typeof spec.act === "string" ? spec.act : JSON.stringify(spec.act);
      return new Response(text, {
        status: spec.actStatus ?? 200,
        headers: { "content-type": "application/json" },
      });
    },
  );
  return {
    url: `http://127.0.0.1:${server.addr.port}/${name}`,
    close: async () => {
      ac.abort();
      await server.finished;
    },
  };
}

Deno.test("a hostile miner's bytes in every field: its own code, accepted on the first submit, no 5xx", async () => {
  const db = await openTestDb({ poolSize: 1 });
  const miners = Object.keys(MINERS).map(serveHostile);
  await using api = await startTestApi({ db });
  try {
    await seedTasks(api.db, {
      endpoints: miners.map((m) => m.url),
      episodesPerEnv: 1,
      maxSteps: 5,
    });
    const seen: { path: string; status: number }[] = [];
    const client = new ApiClient({
      baseUrl: api.url,
      apiKey: api.apiKey,
      executorId: "hostile",
      fetch: async (req) => {
        const res = await fetch(req);
        seen.push({ path: new URL(req.url).pathname, status: res.status });
        return res;
      },
    });
    const runner = await createThreadRunner({
      renderer: "cpu",
      allowPrivateEndpoints: true,
      actTimeoutMs: 2000,
      resetTimeoutMs: 2000,
      warmupLimitMs: 2000,
    }, silentLogger());
    const t0 = performance.now();
    const stats = await runExecutorLoop({
      api: client,
      executor: runner,
      capacity: miners.length,
      log: silentLogger(),
      signal: new AbortController().signal,
      pollIntervalMs: 50,
      exitWhenIdle: true,
    });
    const seconds = (performance.now() - t0) / 1000;
    await runner.close();
    assert.equal(stats.claimed, miners.length);
    assert.equal(stats.accepted, miners.length);
    assert.equal(stats.rejected + stats.lost + stats.duplicates, 0);
    assert.deepEqual(seen.filter((s) => s.status >= 500), [], "no 5xx from the API");
    const submits = seen.filter((s) => s.path === "/v1/tasks/submit");
    assert.ok(submits.every((s) => s.status === 200), JSON.stringify(submits));
    for (const row of await taskOutcomes(api.db)) {
      const name = new URL(row.endpoint).pathname.slice(1);
      const [detail] = await api.db.query<{ error: string | null }>(
        "SELECT r.error FROM episode_results r JOIN tasks t ON t.id = r.task_id WHERE t.miner_endpoint = $1",
        [row.endpoint],
      );
      assert.equal(row.code, MINERS[name].want, `${name}: ${detail?.error}`);
      assert.equal(row.attempts, 1, `${name}: leased once`);
      assert.equal(row.results, 1, `${name}: one result`);
    }
    const errors = await api.db.query<{ error: string | null }>(
      "SELECT error FROM episode_results",
    );
    for (const { error } of errors) {
      assert.ok(error === null || (!error.includes("\u0000") && error.isWellFormed()));
      assert.ok(error === null || error.length <= 2000);
    }
    assert.ok(seconds < 30, `the cycle took ${seconds.toFixed(1)} s`);
  } finally {
    for (const m of miners) await m.close();
    await db.close();
  }
});
