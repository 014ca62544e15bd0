import { UsageError } from "../../errors/mod.ts";
import { TEMPLATE_FILES, type TemplateFile } from "./_template_files.ts";

/** Options of {@link initMiner}. */
export interface InitMinerOptions {
  /** Overwrite files that already exist. @default false */
  force?: boolean;
  /** The files to write. @default the embedded miner template */
  files?: readonly TemplateFile[];
}

/** What {@link initMiner} wrote. */
export interface InitMinerResult {
  dir: string;
  written: string[];
  overwritten: string[];
}

/**
 * Writes the miner template (a standalone policy server) into `dir`, creating it if needed.
 *
 * @throws {UsageError} when some file exists and `force` is not set (nothing is written)
 */
export async function initMiner(
  dir: string,
  options: InitMinerOptions = {},
): Promise<InitMinerResult> {
  const files = options.files ?? TEMPLATE_FILES;
  const existing: string[] = [];
  for (const f of files) {
    try {
      await Deno.lstat(`${dir}/${f.path}`);
      existing.push(f.path);
    } catch (err) {
      if (!(err instanceof Deno.errors.NotFound)) throw err;
    }
  }
  if (existing.length > 0 && !options.force) {
    const names = existing.map((p) => `"${p}"`).join(", ");
    throw new UsageError(
      `Cannot write the miner template to "${dir}": ${names} already exist (use --force to overwrite)`,
    );
  }
  await Deno.mkdir(dir, { recursive: true });
  for (const f of files) {
    if (f.path.includes("/")) {
      await Deno.mkdir(`${dir}/${f.path.slice(0, f.path.lastIndexOf("/"))}`, { recursive: true });
    }
    await Deno.writeTextFile(`${dir}/${f.path}`, f.text);
  }
  return { dir, written: files.map((f) => f.path), overwritten: existing };
}
