import assert from "node:assert/strict";
import { ConfigError } from "../errors/mod.ts";
import { loadConfig } from "./load.ts";
import { SchedulerConfigSchema } from "./scheduler.ts";
import { DEFAULT_ENV_IDS } from "./shared.ts";

function load(env: Record<string, string>, flags: Record<string, unknown> = {}) {
  return loadConfig(SchedulerConfigSchema, { role: "scheduler", env, flags });
}

Deno.test("SchedulerConfigSchema defaults match the architecture", () => {
  const c = load({});
  assert.deepEqual(c.envIds, DEFAULT_ENV_IDS);
  assert.equal(c.envIds.length, 8);
  assert.deepEqual(
    [c.episodesPerEnv, c.evalInterval, c.cycleTimeout, c.pollInterval, c.maxAttempts],
    [50, 3600, 7200, 10, 3],
  );
  assert.deepEqual([c.epsZ, c.epsMin, c.epsMax, c.pointsMode, c.temperature], [
    1.5,
    0.02,
    0.2,
    "linear",
    1,
  ]);
  assert.equal(c.once, false);
  assert.equal(c.signWeights, false);
});

Deno.test("SchedulerConfigSchema reads the spec's aliases; KINITRO_* names win", () => {
  const c = load({ EVAL_INTERVAL: "60", EPISODES_PER_ENV: "7", NETUID: "3", NETWORK: "test" });
  assert.deepEqual([c.evalInterval, c.episodesPerEnv, c.netuid, c.network], [60, 7, 3, "test"]);
  const both = load({
    EVAL_INTERVAL: "60",
    KINITRO_SCHEDULER_EVAL_INTERVAL: "120",
    EPISODES_PER_ENV: "7",
    KINITRO_SCHEDULER_EPISODES_PER_ENV: "9",
  });
  assert.deepEqual([both.evalInterval, both.episodesPerEnv], [120, 9]);
  assert.equal(load({ EVAL_INTERVAL: "60" }, { evalInterval: "5" }).evalInterval, 5);
});

Deno.test("SchedulerConfigSchema parses env ids and rejects bad values with their names", () => {
  const c = load({ KINITRO_SCHEDULER_ENV_IDS: "metaworld/reach-v4, metaworld/push-v4" });
  assert.deepEqual(c.envIds, ["metaworld/reach-v4", "metaworld/push-v4"]);
  assert.throws(() => load({ KINITRO_SCHEDULER_ENV_IDS: "reach" }), ConfigError);
  assert.throws(
    () => load({ EPISODES_PER_ENV: "0" }),
    (e: ConfigError) => /KINITRO_SCHEDULER_EPISODES_PER_ENV \(--episodes-per-env\)/.test(e.message),
  );
  assert.throws(
    () => load({ KINITRO_SCHEDULER_EPS_MIN: "0.3", KINITRO_SCHEDULER_EPS_MAX: "0.1" }),
    /--eps-max/,
  );
  assert.throws(() => load({ KINITRO_SCHEDULER_POINTS_MODE: "quadratic" }), ConfigError);
});
