/**
 * Streams the `.npy` files of one demonstration shard: each episode's rows are appended as it
 * arrives (no shard-sized buffer, no second copy), and the headers, whose row count is known
 * only at the end, are written last into room reserved at the start of each file.
 */
import { bytesOf, type NpyDtype, npyHeader } from "./npy.ts";

/** One `.npy` file of a shard: its name, dtype and the shape of one row. */
export interface ShardField {
  name: string;
  dtype: NpyDtype;
  row: readonly number[];
}

/** The largest header a field can need: room for any row count. */
function reserve(f: ShardField): number {
  return npyHeader(f.dtype, [Number.MAX_SAFE_INTEGER, ...f.row]).length;
}

/** Writes one shard folder; {@link append} in order, then {@link close}. */
export class ShardWriter {
  readonly #fields: ShardField[];
  readonly #files: Deno.FsFile[];
  rows = 0;

  private constructor(fields: ShardField[], files: Deno.FsFile[]) {
    this.#fields = fields;
    this.#files = files;
  }

  /** Creates `dir` and its files (header room first). */
  static async open(dir: string, fields: ShardField[]): Promise<ShardWriter> {
    await Deno.mkdir(dir, { recursive: true });
    const files: Deno.FsFile[] = [];
    try {
      for (const f of fields) {
        const file = await Deno.open(`${dir}/${f.name}.npy`, {
          write: true,
          create: true,
          truncate: true,
        });
        files.push(file);
        await writeAll(file, new Uint8Array(reserve(f)));
      }
    } catch (err) {
      for (const file of files) file.close();
      throw err;
    }
    return new ShardWriter(fields, files);
  }

  /** Appends `rows` rows: `parts[k]` holds field k's bytes for them. */
  async append(rows: number, parts: readonly ArrayBufferView[]): Promise<void> {
    await Promise.all(this.#files.map((file, k) => writeAll(file, bytesOf(parts[k]))));
    this.rows += rows;
  }

  /** Writes the headers and closes the files. */
  async close(): Promise<void> {
    try {
      for (const [k, f] of this.#fields.entries()) {
        const file = this.#files[k];
        await file.seek(0, Deno.SeekMode.Start);
        await writeAll(file, npyHeader(f.dtype, [this.rows, ...f.row], reserve(f)));
      }
    } finally {
      for (const file of this.#files) file.close();
    }
  }
}

async function writeAll(file: Deno.FsFile, bytes: Uint8Array): Promise<void> {
  for (let at = 0; at < bytes.length;) at += await file.write(bytes.subarray(at));
}
