import assert from "node:assert/strict";
import { listEnvs, makeEnv, runEpisode } from "./mod.ts";

// Domain randomization is on (the default). The 100-seed figures come from
// `kinitro test-env ID --policy oracle --episodes 100 --json`.
const ORACLE_SEEDS = 30;
const RANDOM_SEEDS = 20;

for (const { id } of listEnvs()) {
  Deno.test(`${id}: the oracle succeeds on >= 95% of ${ORACLE_SEEDS} seeds`, async () => {
    using env = await makeEnv(id);
    let ok = 0;
    for (let seed = 0; seed < ORACLE_SEEDS; seed++) {
      ok += runEpisode(env, "oracle", seed).success ? 1 : 0;
    }
    assert.ok(ok >= 0.95 * ORACLE_SEEDS, `${ok}/${ORACLE_SEEDS}`);
  });

  Deno.test(`${id}: random and zero policies almost never succeed`, async () => {
    using env = await makeEnv(id);
    let ok = 0;
    for (let seed = 0; seed < RANDOM_SEEDS; seed++) {
      ok += runEpisode(env, "random", seed).success ? 1 : 0;
    }
    assert.ok(ok <= 0.1 * RANDOM_SEEDS, `${ok}/${RANDOM_SEEDS}`);
    assert.equal(runEpisode(env, "zero", 0).success, false);
  });
}
