/**
 * Round-trip cost of one `/act` (two 84x84 images) through MinerClient against a local mock
 * miner, compared in the same process with a reference that opens a new connection for every
 * call (what the Python evaluator did). Prints latency percentiles and the ratio.
 *
 *   deno task bench:miner-client [N]
 */
import { MinerClient } from "../src/client/mod.ts";
import { type ActRequest, encodeImage } from "../src/core/wire/mod.ts";
import { startMockMiner } from "../src/roles/miner/mod.ts";

const n = Number(Deno.args[0] ?? 500);
const img = encodeImage(new Uint8Array(84 * 84 * 3).map((_, i) => i % 256), 84, 84);
const act = (step: number): ActRequest => ({
  "episode_id": "bench",
  step,
  observation: [0, 0.6, 0.2, 1],
  images: { corner: img, gripper: img },
});

function stats(ms: number[]) {
  const s = [...ms].sort((a, b) => a - b);
  const q = (p: number) => s[Math.min(s.length - 1, Math.floor(p * s.length))];
  const mean = s.reduce((a, b) => a + b, 0) / s.length;
  return { mean, p50: q(0.5), p90: q(0.9), p99: q(0.99), max: s.at(-1)! };
}

function show(name: string, ms: number[]) {
  const r = stats(ms);
  const f = (v: number) => v.toFixed(3).padStart(7);
  // deno-lint-ignore no-console
  console.log(
    `${name.padEnd(34)} mean ${f(r.mean)}  p50 ${f(r.p50)}  p90 ${f(r.p90)}  p99 ${f(r.p99)}  max ${
      f(r.max)
    } ms`,
  );
  return r;
}

await using miner = startMockMiner({ port: 0, policy: "zero" });
const client = new MinerClient(miner.url, { allowPrivateEndpoints: true });
for (let i = 0; i < 50; i++) await client.act(act(i)); // warm-up

const keepAlive: number[] = [];
for (let i = 0; i < n; i++) {
  const t0 = performance.now();
  await client.act(act(i));
  keepAlive.push(performance.now() - t0);
}

const fresh: number[] = [];
for (let i = 0; i < n; i++) {
  const t0 = performance.now();
  const http = Deno.createHttpClient({});
  const res = await fetch(`${miner.url}/act`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(act(i)),
    client: http,
  });
  await res.json();
  http.close();
  fresh.push(performance.now() - t0);
}

// deno-lint-ignore no-console
console.log(
  `/act round trips against ${miner.url}, n=${n}, body ${JSON.stringify(act(0)).length} B`,
);
const a = show("MinerClient (keep-alive, checked)", keepAlive);
const b = show("reference: new connection per call", fresh);
// deno-lint-ignore no-console
console.log(
  `ratio reference/MinerClient: mean ${(b.mean / a.mean).toFixed(2)}x, p50 ${
    (b.p50 / a.p50).toFixed(2)
  }x`,
);
