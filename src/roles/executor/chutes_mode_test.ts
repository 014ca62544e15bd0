import assert from "node:assert/strict";
import { silentLogger } from "../../log/mod.ts";
import { serveFakeChutes, serveFaultyMiner } from "../../testing/mod.ts";
import { createThreadRunner } from "./local.ts";

const KEY = "cpk_0123456789abcdef0123456789abcdef.0123456789abcdef0123456789abcdef.abcdefghij";
const CHUTE = "3fa85f64-5717-5562-b3fc-2c963f66afa6";

Deno.test("Endpoint mode through the local Chutes fake: resolve, warm up a cold chute, invoke with the key", async () => {
  await using miner = serveFaultyMiner("ok");
  await using chutes = serveFakeChutes(KEY, [
    { chuteId: CHUTE, slug: "alice-policy", upstream: miner.url, cold: true },
  ]);
  const runner = await createThreadRunner({
    renderer: "cpu",
    chutesApiKey: KEY,
    chutesApiUrl: chutes.apiUrl,
    chutesInvokeUrl: chutes.invokeUrl,
    // the fake listens on loopback
    allowPrivateEndpoints: true,
  }, silentLogger());
  try {
    const results = await Promise.all([0, 1].map((i) =>
      runner.run({
        envId: "metaworld/reach-v4",
        seed: i,
        episodeId: `chute-${i}`,
        maxSteps: 5,
        minerEndpoint: CHUTE,
      })
    ));
    for (const r of results) {
      assert.equal(r.code, "not_solved", r.error ?? "");
      assert.equal(r.steps, 5);
      assert.equal(r.runtime, "http");
    }
    assert.equal(miner.acts(), 10);
    assert.ok(chutes.stats.warmups >= 1, "the cold chute was warmed up");
    assert.equal(chutes.stats.unauthorized, 0);
    // an unknown chute is the miner's fault
    const unknown = await runner.run({
      envId: "metaworld/reach-v4",
      seed: 0,
      episodeId: "unknown",
      maxSteps: 5,
      minerEndpoint: "11111111-2222-5333-8444-555555555555",
    });
    assert.equal(unknown.code, "miner_unavailable");
  } finally {
    await runner.close();
  }
});
