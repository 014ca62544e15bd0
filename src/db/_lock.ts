import { DependencyError } from "../errors/mod.ts";

const LOCK_FILE = "kinitro.lock";

function isAlive(pid: number): boolean {
  if (pid === Deno.pid) return true;
  try {
    Deno.statSync(`/proc/${pid}`);
    return true;
  } catch {
    // no /proc (macOS, Windows): assume alive rather than risk two writers
    try {
      Deno.statSync("/proc/self");
      return false;
    } catch {
      return true;
    }
  }
}

/**
 * Takes the data directory for this process: PGlite files must have one writer. A lock left
 * by a dead process is taken over. Returns the release function.
 *
 * @throws {DependencyError} when a live process holds the directory
 */
export async function lockDataDir(dir: string): Promise<() => Promise<void>> {
  const path = `${dir}/${LOCK_FILE}`;
  for (let i = 0; i < 2; i++) {
    try {
      await Deno.writeTextFile(path, String(Deno.pid), { createNew: true });
      return async () => {
        await Deno.remove(path).catch(() => {});
      };
    } catch (err) {
      if (!(err instanceof Deno.errors.AlreadyExists)) throw err;
      const pid = Number((await Deno.readTextFile(path).catch(() => "")).trim());
      if (Number.isInteger(pid) && pid > 0 && isAlive(pid)) {
        throw new DependencyError(
          `Cannot open the embedded database "${dir}": process ${pid} is using it ` +
            "(run every role in one process, or share a PostgreSQL server with --database-url)",
        );
      }
      await Deno.remove(path).catch(() => {});
    }
  }
  throw new DependencyError(`Cannot lock the embedded database "${dir}"`);
}
