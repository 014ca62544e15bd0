import { SchedulerConfigSchema } from "../../config/mod.ts";
import { defineCommand } from "../command.ts";

/** `kinitro scheduler`: the evaluation-cycle loop. */
export const schedulerCommand = defineCommand({
  name: "scheduler",
  summary: "Run evaluation cycles: create tasks, wait for executors, score, store weights",
  description: "Each cycle reads the miners (from --miners-file or the chain), draws a cycle " +
    "secret (its sha256 is published), inserts one task per miner, environment and episode " +
    "with the same scene seeds for every miner, waits until executors finish them or " +
    "--cycle-timeout passes, scores what finished and stores the weights under the cycle's " +
    "block; the secret is revealed with the scores. On restart an open cycle is resumed, or " +
    "closed as failed when its deadline has passed. With --once one cycle runs and a JSON " +
    "summary is printed.",
  role: "scheduler",
  schema: SchedulerConfigSchema,
  async run({ config, log, signal, print }) {
    const { runScheduler } = await import("../../roles/scheduler/mod.ts");
    const outcomes = await runScheduler(config, { log, signal });
    if (config.once) {
      for (const o of outcomes) {
        print(JSON.stringify({
          cycleId: o.cycleId,
          status: o.status,
          resumed: o.resumed,
          timedOut: o.timedOut,
          reason: o.reason,
          tasks: o.tasks &&
            {
              total: o.tasks.total,
              completed: o.tasks.completed,
              failed: o.tasks.failed,
              pending: o.tasks.pending,
              leased: o.tasks.leased,
            },
          weights: o.weights &&
            {
              block: o.weights.block,
              uids: o.weights.uids,
              hotkeys: o.weights.hotkeys,
              valuesU16: o.weights.valuesU16,
              weights: o.weights.weights,
              signer: o.weights.signer,
            },
        }));
      }
    }
    return 0;
  },
});
