import assert from "node:assert/strict";
import { kinitro } from "./_kinitro.ts";

// A valid SS58 address (//Alice); the scheduler only needs a registered hotkey and an endpoint.
const ALICE = "5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY";

Deno.test("kinitro scheduler --once runs a cycle, closes it at the deadline and prints a summary", async () => {
  const dir = await Deno.makeTempDir({ prefix: "kinitro_sched_" });
  try {
    const miners = `${dir}/miners.json`;
    await Deno.writeTextFile(
      miners,
      JSON.stringify([{ uid: 0, hotkey: ALICE, endpoint: "http://127.0.0.1:9", commit_block: 5 }]),
    );
    const r = await kinitro([
      "scheduler",
      "--once",
      "--network",
      `file:${miners}`,
      "--data-dir",
      `${dir}/db`,
      "--env-ids",
      "metaworld/reach-v4,metaworld/push-v4",
      "--episodes-per-env",
      "2",
      "--cycle-timeout",
      "1",
      "--poll-interval",
      "0.2",
      "--log-format",
      "json",
    ], { EVAL_INTERVAL: "5" });
    assert.equal(r.code, 0, r.stderr);
    const summary = JSON.parse(r.stdout.trim());
    // No executor ran: the deadline closes all four tasks and nothing can be scored.
    assert.equal(summary.status, "failed");
    assert.equal(summary.timedOut, true);
    assert.deepEqual(summary.tasks, { total: 4, completed: 0, failed: 4, pending: 0, leased: 0 });
    const logs = r.stderr.trim().split("\n").map((l) => JSON.parse(l));
    const opened = logs.find((l) => l.msg === "Cycle opened");
    assert.ok(opened, r.stderr);
    assert.match(opened.secretHash, /^[0-9a-f]{64}$/);
    assert.equal(opened.tasks, 4);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("kinitro scheduler reports a missing miners file as a configuration error", async () => {
  const r = await kinitro(["scheduler", "--once", "--miners-file", "/nonexistent/miners.json"]);
  assert.equal(r.code, 3, r.stderr);
  assert.equal(r.stdout, "");
  assert.match(r.stderr, /error: Cannot read local chain file "\/nonexistent\/miners.json"/);
});
