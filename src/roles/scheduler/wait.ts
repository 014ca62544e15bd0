import { type Cycle, getCycle, type TaskStats, taskStats } from "../../db/mod.ts";
import { UpstreamError } from "../../errors/mod.ts";
import { type CycleConfig, type SchedulerDeps, SYSTEM_CLOCK } from "./deps.ts";

/** How {@link waitForCycle} ended. */
export interface WaitResult {
  /** `closed`: another process completed or failed the cycle meanwhile. */
  state: "done" | "deadline" | "interrupted" | "closed";
  tasks: TaskStats;
}

/**
 * Polls the cycle's task counts every `pollInterval` seconds, logging progress, until every
 * task is terminal (`done`), the deadline passes (`deadline`) or the signal aborts
 * (`interrupted`). A database that is briefly unreachable is logged and polled again.
 */
export async function waitForCycle(
  deps: SchedulerDeps,
  cycle: Cycle,
  options: Pick<CycleConfig, "pollInterval"> & { signal?: AbortSignal },
): Promise<WaitResult> {
  const clock = deps.clock ?? SYSTEM_CLOCK;
  const log = deps.log.child({ cycleId: cycle.id });
  const deadline = cycle.deadline.getTime();
  let last = "";
  let tasks: TaskStats | undefined;
  for (;;) {
    try {
      const current = await getCycle(deps.db, cycle.id);
      tasks = await taskStats(deps.db, cycle.id);
      if (current?.status !== "open") return { state: "closed", tasks };
    } catch (err) {
      if (!(err instanceof UpstreamError)) throw err;
      log.warn("Cannot read cycle progress; retrying", { error: err.message });
    }
    if (tasks) {
      if (tasks.pending + tasks.leased === 0) return { state: "done", tasks };
      const key = `${tasks.pending}/${tasks.leased}/${tasks.completed}/${tasks.failed}`;
      const fields = {
        ...countsOf(tasks),
        executors: tasks.activeExecutors.length,
        remainingMs: Math.max(0, deadline - clock.now().getTime()),
      };
      if (key !== last) log.info("Cycle progress", fields);
      else log.debug("Cycle progress", fields);
      last = key;
    }
    const now = clock.now().getTime();
    if (now >= deadline) {
      return { state: "deadline", tasks: tasks ?? await taskStats(deps.db, cycle.id) };
    }
    if (options.signal?.aborted) {
      return { state: "interrupted", tasks: tasks ?? await taskStats(deps.db, cycle.id) };
    }
    await clock.sleep(Math.min(options.pollInterval * 1000, deadline - now), options.signal);
    if (options.signal?.aborted) {
      return { state: "interrupted", tasks: await taskStats(deps.db, cycle.id) };
    }
  }
}

/** Task counts as log fields. */
export function countsOf(t: TaskStats): Record<string, number> {
  return {
    total: t.total,
    pending: t.pending,
    leased: t.leased,
    completed: t.completed,
    failed: t.failed,
  };
}
