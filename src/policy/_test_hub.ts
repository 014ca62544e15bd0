/**
 * A raw-TCP model hub for tests: serves bytes by path and can lie about lengths, stop
 * mid-body or stall (what `Deno.serve` will not do).
 */

/** How the hub answers one path. */
export interface HubFile {
  body: Uint8Array;
  /** Send only this many bytes, then close. @default all */
  cutAt?: number;
  /** Send this many bytes, then hold the connection open without sending more. @default never */
  stallAt?: number;
  /** @default 200 */
  status?: number;
}

/** A running hub; `close()` ends every connection. */
export interface TestHub {
  url: string;
  /** Requests served, by path. */
  hits: Map<string, number>;
  close(): Promise<void>;
}

/** Starts a hub on 127.0.0.1 serving `files`. */
export function serveTestHub(files: Record<string, HubFile>): TestHub {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const conns = new Set<Deno.Conn>();
  const hits = new Map<string, number>();
  const serve = async (conn: Deno.Conn) => {
    conns.add(conn);
    try {
      const buf = new Uint8Array(8192);
      const n = await conn.read(buf);
      if (n === null) return;
      const line = new TextDecoder().decode(buf.subarray(0, n)).split("\r\n")[0];
      const path = line.split(" ")[1] ?? "/";
      hits.set(path, (hits.get(path) ?? 0) + 1);
      const file = files[path];
      const enc = new TextEncoder();
      if (!file) {
        await conn.write(
          enc.encode("HTTP/1.1 404 Not Found\r\ncontent-length: 0\r\nconnection: close\r\n\r\n"),
        );
        return;
      }
      const status = file.status ?? 200;
      await conn.write(
        enc.encode(
          `HTTP/1.1 ${status} X\r\ncontent-length: ${file.body.length}\r\nconnection: close\r\n\r\n`,
        ),
      );
      const end = Math.min(file.body.length, file.cutAt ?? file.stallAt ?? file.body.length);
      for (let off = 0; off < end;) off += await conn.write(file.body.subarray(off, end));
      if (file.stallAt !== undefined) await new Promise(() => {}); // held until close()
    } catch {
      // the client went away
    } finally {
      conns.delete(conn);
      try {
        conn.close();
      } catch {
        // already closed
      }
    }
  };
  const accepting = (async () => {
    try {
      for await (const conn of listener) serve(conn);
    } catch {
      // listener closed
    }
  })();
  const { port } = listener.addr as Deno.NetAddr;
  return {
    url: `http://127.0.0.1:${port}`,
    hits,
    async close() {
      listener.close();
      for (const c of conns) {
        try {
          c.close();
        } catch {
          // already closed
        }
      }
      await accepting;
    },
  };
}
