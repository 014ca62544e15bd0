import assert from "node:assert/strict";
import type { CameraSpec } from "../../core/mod.ts";
import type { EpisodeResultCode } from "../../core/wire/mod.ts";
import { silentLogger } from "../../log/mod.ts";
import { type MinerFault, refusedUrl, serveFaultyMiner } from "../../testing/mod.ts";
import { createPolicyFactory } from "./policy.ts";
import { EpisodeRunner } from "./runner.ts";
import type { FrameRenderer } from "./types.ts";

const flatRenderer: FrameRenderer = {
  render: (_s, cams: readonly CameraSpec[]) =>
    Promise.resolve(cams.map((c) => new Uint8Array(c.width * c.height * 3))),
};

const MATRIX: [MinerFault | "refused", EpisodeResultCode][] = [
  ["slow", "miner_timeout"],
  ["http_500", "miner_error"],
  ["invalid_json", "miner_error"],
  ["nan_action", "miner_bad_action"],
  ["short_action", "miner_bad_action"],
  ["huge_body", "miner_error"],
  ["refused", "miner_unavailable"],
  ["hang_reset", "miner_unavailable"],
  ["ok", "not_solved"],
];

Deno.test("EpisodeRunner over HTTP gives each miner fault its code and keeps running", async () => {
  const runner = new EpisodeRunner({}, {
    renderer: flatRenderer,
    createPolicy: createPolicyFactory({
      actTimeoutMs: 150,
      resetTimeoutMs: 300,
      warmupLimitMs: 800,
      allowPrivateEndpoints: true,
    }, silentLogger()),
    log: silentLogger(),
  });
  try {
    for (const [fault, want] of MATRIX) {
      const miner = fault === "refused" ? undefined : serveFaultyMiner(fault, { slowMs: 400 });
      try {
        const url = miner?.url ?? refusedUrl();
        const r = await runner.run({
          envId: "metaworld/reach-v4",
          seed: 1,
          episodeId: `fault-${fault}`,
          maxSteps: 20,
          minerEndpoint: url,
        });
        assert.equal(r.code, want, `${fault}: ${r.error}`);
        if (want.startsWith("miner_") && fault !== "refused" && fault !== "hang_reset") {
          assert.equal(r.missedActs, 5, `${fault}: ended after 5 misses in a row`);
        }
      } finally {
        await miner?.close();
      }
    }
  } finally {
    await runner.close();
  }
});

Deno.test("EpisodeRunner refuses a loopback miner unless private endpoints are allowed", async () => {
  await using miner = serveFaultyMiner("ok");
  const runner = new EpisodeRunner({}, {
    renderer: flatRenderer,
    createPolicy: createPolicyFactory({}, silentLogger()),
    log: silentLogger(),
  });
  const r = await runner.run({
    envId: "metaworld/reach-v4",
    seed: 1,
    episodeId: "guard",
    maxSteps: 5,
    minerEndpoint: miner.url,
  });
  await runner.close();
  // infra_error: an operator setting is never counted against the miner
  assert.equal(r.code, "infra_error", String(r.error));
  assert.match(String(r.error), /--allow-private-endpoints/);
  assert.equal(miner.acts(), 0);
});
