import {
  createServerDatabase,
  databaseStatus,
  type DbHandle,
  dropServerDatabase,
  migrate,
  openDb,
  resetDatabase,
} from "../../db/mod.ts";
import { DependencyError, NotFoundError, UsageError } from "../../errors/mod.ts";

/** A `kinitro db` action. */
export type DbAction = "create" | "init" | "migrate" | "status" | "reset" | "drop";

/** Where the database is: a server URL, or an embedded data directory. */
export interface DbTarget {
  databaseUrl?: string;
  /** Embedded data directory (already resolved to its default). */
  dataDir: string;
}

/** Options of {@link runDbAction}. */
export interface RunDbActionOptions {
  /** Confirms `reset` and `drop`. @default false */
  yes?: boolean;
  /** `status` as JSON. @default false */
  json?: boolean;
}

async function isDataDir(dir: string): Promise<boolean> {
  try {
    await Deno.stat(`${dir}/PG_VERSION`);
    return true;
  } catch {
    return false;
  }
}

async function exists(path: string): Promise<boolean> {
  try {
    await Deno.stat(path);
    return true;
  } catch {
    return false;
  }
}

/** Runs `fn` on a small pool over `target`, closed afterwards. */
export async function withDb<T>(
  target: DbTarget,
  fn: (db: DbHandle) => Promise<T>,
): Promise<T> {
  const db = await openDb({
    databaseUrl: target.databaseUrl,
    dataDir: target.dataDir,
    poolSize: 2,
  });
  try {
    return await fn(db);
  } finally {
    await db.close();
  }
}

function where(target: DbTarget): string {
  if (!target.databaseUrl) return `embedded database "${target.dataDir}"`;
  const u = new URL(target.databaseUrl);
  return `database "${u.pathname.slice(1) || "postgres"}" on "${u.host}"`;
}

/** Runs one `kinitro db` action and returns the lines to print. */
export async function runDbAction(
  action: DbAction,
  target: DbTarget,
  options: RunDbActionOptions = {},
): Promise<string[]> {
  switch (action) {
    case "create":
      return [await create(target)];
    case "init": {
      const created = await create(target);
      const m = await withDb(target, (db) => migrate(db));
      return [created, migratedLine(m.applied, m.version)];
    }
    case "migrate": {
      const m = await withDb(target, (db) => migrate(db));
      return [migratedLine(m.applied, m.version)];
    }
    case "status": {
      if (!target.databaseUrl && !(await isDataDir(target.dataDir))) {
        if (options.json) return [JSON.stringify({ exists: false, location: target.dataDir })];
        throw new DependencyError(`The ${where(target)} does not exist (run "kinitro db init")`);
      }
      let s;
      try {
        s = await withDb(target, (db) => databaseStatus(db));
      } catch (err) {
        if (!(err instanceof NotFoundError)) throw err;
        if (options.json) return [JSON.stringify({ exists: false, location: where(target) })];
        throw new DependencyError(`The ${where(target)} does not exist (run "kinitro db init")`, {
          cause: err,
        });
      }
      if (options.json) return [JSON.stringify({ exists: true, ...s })];
      const lines = [
        `${where(target)}: schema version ${s.version} (latest ${s.latest})${
          s.version < s.latest ? ' - run "kinitro db migrate"' : ""
        }`,
      ];
      for (const [table, n] of Object.entries(s.rows)) lines.push(`  ${table.padEnd(16)} ${n}`);
      return lines;
    }
    case "reset":
      if (!options.yes) {
        throw new UsageError(`Cannot reset the ${where(target)}: pass --yes to delete every row`);
      }
      await withDb(target, (db) => resetDatabase(db));
      return [`Reset the ${where(target)}: every table dropped and migrated again`];
    case "drop":
      if (!options.yes) {
        throw new UsageError(`Cannot drop the ${where(target)}: pass --yes to delete it`);
      }
      return [await drop(target)];
  }
}

function migratedLine(applied: number[], version: number): string {
  return applied.length > 0
    ? `Applied migrations ${applied.join(", ")}; schema version ${version}`
    : `Schema is up to date (version ${version})`;
}

async function create(target: DbTarget): Promise<string> {
  if (target.databaseUrl) {
    const created = await createServerDatabase(target.databaseUrl);
    return created ? `Created the ${where(target)}` : `The ${where(target)} already exists`;
  }
  if (await isDataDir(target.dataDir)) return `The ${where(target)} already exists`;
  // opening PGlite on an empty directory initialises it
  await withDb(target, (db) => db.query("SELECT 1"));
  return `Created the ${where(target)}`;
}

async function drop(target: DbTarget): Promise<string> {
  if (target.databaseUrl) {
    const dropped = await dropServerDatabase(target.databaseUrl);
    return dropped ? `Dropped the ${where(target)}` : `The ${where(target)} does not exist`;
  }
  if (!(await exists(target.dataDir))) return `The ${where(target)} does not exist`;
  if (!(await isDataDir(target.dataDir))) {
    throw new UsageError(
      `Cannot drop "${target.dataDir}": it is not a database directory (no PG_VERSION file)`,
    );
  }
  const holder = await Deno.readTextFile(`${target.dataDir}/kinitro.lock`).catch(() => "");
  if (holder.trim() !== "") {
    throw new UsageError(
      `Cannot drop "${target.dataDir}": process ${holder.trim()} may be using it ` +
        "(stop it, or delete kinitro.lock if that process is gone)",
    );
  }
  await Deno.remove(target.dataDir, { recursive: true });
  return `Dropped the ${where(target)}`;
}
