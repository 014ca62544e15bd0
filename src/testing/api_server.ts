/** A real API server on 127.0.0.1 over in-memory PGlite, for executor and end-to-end tests. */
import { createApiKey, createCycle, type DbHandle, insertTasks, type NewTask } from "../db/mod.ts";
import { silentLogger } from "../log/mod.ts";
import { createApp } from "../roles/api/mod.ts";
import { openTestDb } from "./db.ts";

/** Options of {@link startTestApi}. */
export interface StartTestApiOptions {
  /** Lease length in seconds. @default 60 */
  leaseSeconds?: number;
  /** Leases per task before it fails. @default 3 */
  maxAttempts?: number;
  /**
   * Database to serve (not closed with the server; PGlite takes seconds to open, so tests
   * share one and call `clearTables` between cases). @default a new in-memory PGlite
   */
  db?: DbHandle;
}

/** A running test API: its URL, an executor key, the database. Close it when done. */
export interface TestApi extends AsyncDisposable {
  url: string;
  apiKey: string;
  db: DbHandle;
  close(): Promise<void>;
}

/** Serves `createApp` with `Deno.serve` on 127.0.0.1, port 0, with one executor API key. */
export async function startTestApi(options: StartTestApiOptions = {}): Promise<TestApi> {
  // One connection: the embedded PGlite interleaves statements of concurrent pooled
  // connections (claims racing submits fail with "bind message supplies 1 parameters").
  const db = options.db ?? await openTestDb({ poolSize: 1 });
  const { key } = await createApiKey(db, `exec-test-${crypto.randomUUID().slice(0, 8)}`);
  const app = createApp({
    db,
    log: silentLogger(),
    settings: {
      leaseSeconds: options.leaseSeconds ?? 60,
      maxAttempts: options.maxAttempts ?? 3,
      bodyLimit: 1024 * 1024,
    },
    environments: ["metaworld/reach-v4"],
    version: "test",
  });
  const ac = new AbortController();
  const server = Deno.serve(
    { hostname: "127.0.0.1", port: 0, signal: ac.signal, onListen() {} },
    app.fetch,
  );
  const close = async () => {
    ac.abort();
    await server.finished;
    if (options.db === undefined) await db.close();
  };
  return {
    url: `http://127.0.0.1:${server.addr.port}`,
    apiKey: key,
    db,
    close,
    [Symbol.asyncDispose]: close,
  };
}

/** Options of {@link seedTasks}. */
export interface SeedTasksOptions {
  /** Miner endpoints, one miner uid per entry. */
  endpoints: string[];
  /** @default ["metaworld/reach-v4"] */
  envIds?: string[];
  /** @default 2 */
  episodesPerEnv?: number;
  /** @default 20 */
  maxSteps?: number;
  /** @default 3 */
  maxAttempts?: number;
}

/** Opens a cycle with one short task per (miner endpoint, env, episode). */
export async function seedTasks(db: DbHandle, options: SeedTasksOptions): Promise<NewTask[]> {
  const envIds = options.envIds ?? ["metaworld/reach-v4"];
  const episodesPerEnv = options.episodesPerEnv ?? 2;
  const cycle = await createCycle(db, {
    block: 100,
    secret: "cd".repeat(32),
    secretHash: "ef".repeat(32),
    envIds,
    episodesPerEnv,
    deadline: new Date(Date.now() + 3600_000),
    nMiners: options.endpoints.length,
  });
  const tasks: NewTask[] = [];
  options.endpoints.forEach((endpoint, uid) => {
    for (const envId of envIds) {
      for (let e = 0; e < episodesPerEnv; e++) {
        tasks.push({
          minerUid: uid,
          minerHotkey: `5Hotkey${uid}`,
          minerEndpoint: endpoint,
          envId,
          episodeIndex: e,
          seed: uid * 1000 + e,
          maxSteps: options.maxSteps ?? 20,
        });
      }
    }
  });
  await insertTasks(db, cycle.id, tasks, { maxAttempts: options.maxAttempts ?? 3 });
  return tasks;
}

/** Final state of every task and its recorded results. */
export async function taskOutcomes(db: DbHandle): Promise<
  { endpoint: string; status: string; code: string | null; attempts: number; results: number }[]
> {
  return await db.query(
    `SELECT t.miner_endpoint AS endpoint, t.status, t.result_code AS code, t.attempts,
       (SELECT count(*)::int FROM episode_results r WHERE r.task_id = t.id) AS results
     FROM tasks t ORDER BY t.miner_uid, t.env_id, t.episode_index`,
  );
}
