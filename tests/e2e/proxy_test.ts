/**
 * A proxy miner in the demo network: `kinitro demo --proxy-miner` adds uid 4, an HTTP server
 * that forwards every call to the vision baseline (uid 2) and committed before it. Its action
 * fingerprints equal the baseline's, so the scheduler groups the two, scores them as one
 * competitor whose points go to nobody, and reports the group in the API and its log.
 */
import assert from "node:assert/strict";
import { ScoresResponseSchema } from "../../src/core/wire/mod.ts";
import type { DemoReport } from "../../src/roles/demo/mod.ts";
import { spawnKinitro } from "./_process.ts";

Deno.test("kinitro demo --proxy-miner: the proxy and its target form one group and neither is paid", async () => {
  const demo = spawnKinitro("demo", [
    "demo",
    // two tasks the baseline acts on: an episode where it gives up and answers one constant
    // action has no fingerprint, so a single task's 3 episodes could leave too few to compare
    ...["--episodes", "4", "--env-ids", "metaworld/reach-v4,metaworld/button-press-v4"],
    ...["--proxy-miner", "--json"],
    // the proxy adds a hop to every /act; on a loaded machine (CI runs tests in parallel) the
    // default 500 ms deadline made some of its calls miss where the baseline's did not, and
    // missed steps (rightly) give different fingerprints
    ...["--act-timeout-ms", "5000"],
    ...["--workers", "0", "--renderer", "cpu", "--log-level", "info", "--keep-running"],
  ]);
  try {
    const line = await demo.waitForLine("stdout", (l) => l.startsWith("{"), 400_000);
    const report: DemoReport = JSON.parse(line);
    const show = JSON.stringify(report);
    assert.deepEqual(report.miners.map((m) => [m.uid, m.name]), [
      [0, "random"],
      [1, "zero"],
      [2, "vision-baseline"],
      [3, "vision-onnx"],
      [4, "proxy"],
    ]);
    const baseline = report.miners[2];
    const proxy = report.miners[4];
    assert.deepEqual(
      report.duplicateGroups.map((g) => g.uids),
      [[2, 4]],
      `one group, the proxy and its target: ${show}`,
    );
    // As one competitor the pair earns its points for nobody: neither is paid, so neither
    // gets more than the baseline alone would (and the proxy's earlier commit buys nothing).
    assert.equal(proxy.weight, 0, show);
    assert.equal(baseline.weight, 0, show);
    assert.equal(proxy.points, 0, show);
    assert.ok(!report.u16.uids.includes(4) && !report.u16.uids.includes(2), show);

    // The log names the group.
    const logged = demo.stderr.find((l) => l.includes("Duplicate policies"));
    assert.ok(logged, "scheduler log line");
    assert.equal(JSON.parse(logged).uids, "2,4");

    // The API serves it with the cycle's scores.
    const listening = demo.stderr.find((l) => l.includes("API listening"))!;
    const apiUrl: string = JSON.parse(listening).url;
    const scores = ScoresResponseSchema.parse(
      await (await fetch(`${apiUrl}/v1/scores/${report.cycleId}`)).json(),
    );
    assert.deepEqual(scores.duplicate_groups.map((g) => g.uids), [[2, 4]]);
    const pair = scores.duplicate_groups[0].pairs[0];
    assert.ok(pair.paired >= 3 && pair.equal * 2 >= pair.paired, JSON.stringify(pair));
    // ... and the dashboard's leaderboard marks both members
    const board = await (await fetch(`${apiUrl}/v1/cycles/${report.cycleId}/leaderboard`)).json();
    assert.deepEqual(board.duplicate_groups.map((g: { uids: number[] }) => g.uids), [[2, 4]]);
  } finally {
    await demo.stop("SIGTERM");
  }
});
