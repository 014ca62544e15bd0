import { DEFAULT_ENV_IDS } from "../src/config/mod.ts";
import { EnvWorkers, VecSession } from "../src/roles/env_server/mod.ts";
const N = 16, ids = Array.from({ length: N }, (_, i) => DEFAULT_ENV_IDS[i % 8]);
const pool = await EnvWorkers.create(Number(Deno.args[0] ?? 1), "cpu");
const s = await VecSession.open(pool, { env_ids: ids, num_envs: N, cameras: true, image_size: 84, randomize: true, policy: "client", oracle_noise: 0 }, DEFAULT_ENV_IDS);
await s.reset(Float64Array.from({ length: N }, (_, i) => i));
const a = new Float32Array(N * 4).fill(0.3);
for (let r = 0; r < 5; r++) {
const t0 = performance.now();
for (let k = 0; k < 30; k++) await s.step(a);
console.log("round", r, (30 * N) / ((performance.now() - t0) / 1000));
}
await s.close(); pool.close();
