import {
  createRng,
  cycleCommitment,
  DEFAULT_SCORING_OPTIONS,
  scoreTable,
  toU16Weights,
} from "../core/mod.ts";
import {
  completeCycle,
  createCycle,
  type Cycle,
  type Db,
  insertMiners,
  saveReplay,
  saveScores,
  saveWeights,
} from "../db/mod.ts";
import { silentLogger } from "../log/mod.ts";
import { encodeGif } from "../render/mod.ts";
import { createApp } from "../roles/api/mod.ts";

/** Options of {@link seedDashboard}. */
export interface SeedDashboardOptions {
  /** @default 4 */
  miners?: number;
  /** @default ["metaworld/reach-v4", "metaworld/push-v4", "metaworld/pick-place-v4"] */
  envIds?: string[];
  /** @default 10 */
  episodes?: number;
  /** Completed cycles, oldest first. @default 2 */
  cycles?: number;
  /** Also open a running cycle with every task, a share of them finished. @default true */
  open?: boolean;
  /** Share of the open cycle's tasks that are finished. @default 0.5 */
  finished?: number;
  /** Record a replay of episode 0 of every miner and environment in the newest completed
   * cycle. @default true */
  replays?: boolean;
  /** @default 1 */
  seed?: number;
}

/** What {@link seedDashboard} made. */
export interface SeededDashboard {
  completed: Cycle[];
  open: Cycle | null;
  /** Replay ids of the newest completed cycle. */
  replayIds: number[];
  envIds: string[];
}

/**
 * The API app over a seeded database, as the dashboard's tests and bench serve it: silent,
 * live counts never cached between requests. Pass a shallow copy of `db` (`{ ...db }`) for
 * an app whose dashboard caches start empty.
 */
export function dashboardApp(
  db: Db,
  envIds: readonly string[],
  version = "test",
): ReturnType<typeof createApp> {
  return createApp({
    pendingCountTtlMs: 0,
    db,
    log: silentLogger(),
    settings: { leaseSeconds: 60, maxAttempts: 3, bodyLimit: 64 * 1024 },
    environments: [...envIds],
    version,
  });
}

/** A small animated GIF (frames of a moving square), as an executor would record. */
export function tinyGif(frames = 4, size = 16): Uint8Array {
  const list = Array.from({ length: frames }, (_, f) => {
    const rgb = new Uint8Array(size * size * 3).fill(230);
    for (let y = 0; y < 4; y++) {
      for (let x = 0; x < 4; x++) rgb.set([200, 30, 30], ((y + f) * size + x + f) * 3);
    }
    return rgb;
  });
  return encodeGif(list, { width: size, height: size }, { delayMs: 100 });
}

function hexOf(bytes: Uint8Array): string {
  return [...bytes].map((b) => b.toString(16).padStart(2, "0")).join("");
}

/**
 * Fills a database with what the dashboard shows: completed cycles with miners, scores
 * (each miner has a skill; counts are drawn from it), signed-looking weights computed with
 * core's scoring, replays, and optionally a running cycle whose tasks are partly finished by
 * two executors. Deterministic for a seed; sized for tests and for `bench:dashboard`.
 */
export async function seedDashboard(
  db: Db,
  options: SeedDashboardOptions = {},
): Promise<SeededDashboard> {
  const miners = options.miners ?? 4;
  const envIds = options.envIds ??
    ["metaworld/reach-v4", "metaworld/push-v4", "metaworld/pick-place-v4"];
  const episodes = options.episodes ?? 10;
  const rng = createRng(options.seed ?? 1);
  const skill = Array.from({ length: miners }, () => envIds.map(() => rng.uniform()));
  const hotkey = (uid: number) => `5Hotkey${String(uid).padStart(4, "0")}`;
  const roster = Array.from({ length: miners }, (_, uid) => ({
    uid,
    hotkey: hotkey(uid),
    commitment: `org/policy-${uid}:abcdef${String(uid).padStart(6, "0")}:chute-${uid}`,
    endpoint: `http://127.0.0.1:${9000 + uid}`,
    firstBlock: 500 + uid * 3,
  }));
  const completed: Cycle[] = [];
  const newCycle = async (block: number) => {
    const secret = new Uint8Array(32).map(() => rng.int(0, 255));
    const cycle = await createCycle(db, {
      block,
      secret: hexOf(secret),
      secretHash: await cycleCommitment(secret),
      envIds,
      episodesPerEnv: episodes,
      deadline: new Date(Date.now() + 3600_000),
      nMiners: miners,
      scoring: { ...DEFAULT_SCORING_OPTIONS },
    });
    await insertMiners(db, cycle.id, roster);
    return cycle;
  };
  for (let c = 0; c < (options.cycles ?? 2); c++) {
    const cycle = await newCycle(1000 + c * 360);
    const rows = roster.flatMap((m) =>
      envIds.map((envId, e) => {
        const p = Math.min(1, Math.max(0, skill[m.uid][e] + 0.1 * rng.normal()));
        let successes = 0;
        for (let i = 0; i < episodes; i++) if (rng.uniform() < p) successes++;
        return {
          uid: m.uid,
          hotkey: m.hotkey,
          envId,
          episodes,
          successes,
          failures: (successes < episodes ? { not_solved: episodes - successes } : {}) as Record<
            string,
            number
          >,
          successRate: successes / episodes,
          meanReward: successes,
        };
      })
    );
    await saveScores(db, cycle.id, rows);
    const result = scoreTable({
      envs: envIds,
      miners: roster.map((m) => ({
        uid: m.uid,
        hotkey: m.hotkey,
        firstBlock: m.firstBlock,
        results: Object.fromEntries(
          rows.filter((r) => r.uid === m.uid).map((r) => [r.envId, {
            rate: r.successRate,
            episodes: r.episodes,
          }]),
        ),
      })),
    });
    const u16 = toU16Weights(result.miners);
    const w = new Map(result.miners.map((m) => [m.uid, m.weight]));
    await saveWeights(db, {
      cycleId: cycle.id,
      netuid: 26,
      block: cycle.block,
      uids: u16.uids,
      hotkeys: u16.hotkeys,
      valuesU16: u16.values,
      weights: u16.uids.map((u) => w.get(u)!),
      signature: `0x${"ab".repeat(64)}`,
      signer: "5SignerOfTheOperator",
    });
    completed.push(await completeCycle(db, cycle.id));
  }
  const replayIds: number[] = [];
  const last = completed.at(-1);
  if (last && (options.replays ?? true)) {
    const gif = tinyGif();
    await insertEpisodeZeroTasks(db, last, roster);
    const tasks = await db.query<{ id: string; minerUid: number }>(
      "SELECT id::text, miner_uid FROM tasks WHERE cycle_id = $1 ORDER BY miner_uid, env_id",
      [last.id],
    );
    for (const t of tasks) {
      const id = await saveReplay(db, t.id, {
        code: t.minerUid % 2 === 0 ? "success" : "not_solved",
        steps: 40,
        reward: 12.5,
        mediaType: "image/gif",
        media: gif,
        camera: "corner",
        width: 16,
        height: 16,
        frames: 4,
        frameEvery: 10,
        actions: Array.from(
          { length: 40 },
          (_, i) => i === 7 ? null : [Math.sin(i / 6), Math.cos(i / 6), -0.2, i < 20 ? -1 : 1],
        ),
      }, { keepCycles: 1000 });
      if (id !== null) replayIds.push(id);
    }
  }
  const open = options.open ?? true
    ? await openRunningCycle(db, await newCycle(1000 + completed.length * 360), {
      finished: options.finished ?? 0.5,
      episodes,
    })
    : null;
  return { completed, open, replayIds, envIds };
}

async function insertEpisodeZeroTasks(
  db: Db,
  cycle: Cycle,
  roster: { uid: number; hotkey: string; endpoint: string }[],
): Promise<void> {
  await db.query(
    `INSERT INTO tasks (cycle_id, miner_uid, miner_hotkey, miner_endpoint, env_id,
       episode_index, seed, status, result_code)
     SELECT $1, m.uid, m.hotkey, m.endpoint, e.env_id, 0, 1000 + m.uid, 'completed', 'success'
     FROM unnest($2::int[], $3::text[], $4::text[]) AS m(uid, hotkey, endpoint),
       unnest($5::text[]) AS e(env_id)`,
    [
      cycle.id,
      roster.map((m) => m.uid),
      roster.map((m) => m.hotkey),
      roster.map((m) => m.endpoint),
      cycle.envIds,
    ],
  );
}

/**
 * Inserts every task of a running cycle (one per miner, env and episode) in one statement
 * and finishes a share of them: results from two executors (`exec-a`, `exec-b`, whose lease
 * owners carry a worker host name the dashboard must not show), some leased now.
 */
async function openRunningCycle(
  db: Db,
  cycle: Cycle,
  options: { finished: number; episodes: number },
): Promise<Cycle> {
  await db.query(
    `INSERT INTO tasks (cycle_id, miner_uid, miner_hotkey, miner_endpoint, env_id,
       episode_index, seed)
     SELECT $1, m.uid, m.hotkey, m.endpoint, e.env_id, i, 7 * i + m.uid
     FROM miners m, unnest($2::text[]) AS e(env_id), generate_series(0, $3 - 1) AS i
     WHERE m.cycle_id = $1`,
    [cycle.id, cycle.envIds, options.episodes],
  );
  const threshold = Math.floor(options.finished * options.episodes);
  await db.query(
    `WITH done AS (
       UPDATE tasks SET status = CASE WHEN episode_index % 17 = 3 THEN 'failed' ELSE 'completed' END,
         result_code = CASE WHEN episode_index % 17 = 3 THEN 'infra_error'
           WHEN (miner_uid + episode_index) % 3 = 0 THEN 'success' ELSE 'not_solved' END,
         updated_at = now()
       WHERE cycle_id = $1 AND episode_index < $2
       RETURNING id, result_code, miner_uid)
     INSERT INTO episode_results (task_id, lease_id, code, success, steps, reward, executor,
       created_at)
     SELECT id, gen_random_uuid(), result_code, result_code = 'success', 100, 1,
       CASE WHEN miner_uid % 2 = 0 THEN 'exec-a/gpu-host-1.internal' ELSE 'exec-b/gpu-host-2.internal' END,
       now() - make_interval(secs => (miner_uid % 50))
     FROM done`,
    [cycle.id, threshold],
  );
  await db.query(
    `UPDATE tasks SET status = 'leased', lease_owner = 'exec-a/gpu-host-1.internal',
       lease_id = gen_random_uuid(), lease_expires_at = now() + interval '5 minutes',
       attempts = 1
     WHERE cycle_id = $1 AND episode_index = $2`,
    [cycle.id, threshold],
  );
  return cycle;
}
