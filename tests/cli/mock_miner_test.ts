import assert from "node:assert/strict";
import { MinerClient } from "../../src/client/mod.ts";
import { encodeImage } from "../../src/core/wire/mod.ts";

Deno.test("kinitro mock-miner prints its URL, serves /act and exits 0 on SIGTERM", async () => {
  const child = new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", "main.ts", "mock-miner", "--port", "0", "--policy", "zero"],
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  const reader = child.stdout.pipeThrough(new TextDecoderStream()).getReader();
  let out = "";
  while (!out.includes("\n")) {
    const { value, done } = await reader.read();
    if (done) break;
    out += value;
  }
  const url = out.trim();
  assert.match(url, /^http:\/\/127\.0\.0\.1:\d+$/);
  const img = encodeImage(new Uint8Array(84 * 84 * 3), 84, 84);
  const c = new MinerClient(url, { allowPrivateEndpoints: true, actTimeoutMs: 2000 });
  const r = await c.act({
    "episode_id": "e",
    step: 0,
    observation: [0, 0, 0, 1],
    images: { corner: img, gripper: img },
  });
  assert.deepEqual(r.action, [0, 0, 0, 0]);
  child.kill("SIGTERM");
  const [status] = await Promise.all([child.status, reader.cancel(), child.stderr.cancel()]);
  assert.equal(status.code, 0);
});
