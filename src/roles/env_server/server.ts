/**
 * `kinitro env-server`: accepts clients on a TCP loopback port or a Unix socket; each client
 * opens one {@link VecSession} with a hello and then resets and steps it with binary frames.
 * A client's faults end only that client: a malformed frame closes its connection with an
 * error frame, a wrong-shaped action or a refused hello is answered with an error frame.
 * Environments are freed when the client leaves; the total is bounded by `maxEnvs`.
 */
import { KinitroError, ValidationError } from "../../errors/mod.ts";
import type { Logger } from "../../log/mod.ts";
import type { RendererBackend } from "../../render/mod.ts";
import { EnvWorkers, VecSession } from "./pool.ts";
import { FRAME, frame, FrameReader, parseHello } from "./protocol.ts";

/** Options of {@link serveEnvs}. */
export interface EnvServerOptions {
  /** `tcp` on `hostname:port` (port 0: any free port), or `unix` on `path`. */
  listen: { transport: "tcp"; hostname: string; port: number } | {
    transport: "unix";
    path: string;
  };
  /** Worker threads. */
  workers: number;
  /** Environments open at once, over all clients. */
  maxEnvs: number;
  renderer: RendererBackend;
  /** The model contract's task order (`task` index). */
  taskIds: readonly string[];
  log: Logger;
  signal?: AbortSignal;
}

/** A running server. */
export interface EnvServer {
  /** `tcp://host:port` or `unix:PATH`. */
  address: string;
  /** Environments open now. */
  openEnvs(): number;
  /** Resolves when the server has stopped (signal aborted or {@link close}). */
  finished: Promise<void>;
  close(): Promise<void>;
}

/** Starts the workers and the listener. */
export async function serveEnvs(options: EnvServerOptions): Promise<EnvServer> {
  const pool = await EnvWorkers.create(options.workers, options.renderer);
  const listener = options.listen.transport === "tcp"
    ? Deno.listen({ hostname: options.listen.hostname, port: options.listen.port })
    : Deno.listen({ transport: "unix", path: options.listen.path });
  const addr = listener.addr;
  const address = addr.transport === "tcp"
    ? `tcp://${addr.hostname}:${addr.port}`
    : `unix:${(addr as Deno.UnixAddr).path}`;
  let open = 0;
  const conns = new Set<Deno.Conn>();
  const handlers = new Set<Promise<void>>();
  let stopping = false;

  const budget = {
    take(n: number): void {
      if (open + n > options.maxEnvs) {
        throw new ValidationError(
          `Cannot open ${n} environments: ${open} of at most ${options.maxEnvs} are open ` +
            "(--max-envs)",
        );
      }
      open += n;
    },
    give(n: number): void {
      open -= n;
    },
  };

  const accepting = (async () => {
    for (;;) {
      let conn: Deno.Conn;
      try {
        conn = await listener.accept();
      } catch {
        return;
      }
      if (stopping) {
        conn.close();
        return;
      }
      if ("setNoDelay" in conn) (conn as Deno.TcpConn).setNoDelay(true);
      conns.add(conn);
      const h = handleClient(conn, pool, budget, options).finally(() => {
        conns.delete(conn);
        handlers.delete(h);
      });
      handlers.add(h);
    }
  })();

  let finish: () => void = () => {};
  const finished = new Promise<void>((r) => finish = r);
  const close = async () => {
    if (stopping) return finished;
    stopping = true;
    listener.close();
    for (const c of conns) {
      try {
        c.close();
      } catch { /* already closed */ }
    }
    await accepting;
    await Promise.allSettled([...handlers]);
    await pool.close();
    finish();
  };
  options.signal?.addEventListener("abort", () => void close(), { once: true });
  return { address, openEnvs: () => open, finished, close };
}

/** Writes every byte with `Conn.write` (no stream layer: a batch is ~0.7 MB per step). */
async function writeAll(conn: Deno.Conn, bytes: Uint8Array): Promise<void> {
  for (let at = 0; at < bytes.length;) at += await conn.write(bytes.subarray(at));
}

interface Budget {
  take(n: number): void;
  give(n: number): void;
}

async function handleClient(
  conn: Deno.Conn,
  pool: EnvWorkers,
  budget: Budget,
  options: EnvServerOptions,
): Promise<void> {
  const reader = new FrameReader(conn);
  const send = (type: number, payload?: Uint8Array) => writeAll(conn, frame(type, payload));
  const sendError = (message: string) => send(FRAME.error, new TextEncoder().encode(message));
  let session: VecSession | undefined;
  let out: Uint8Array | undefined;
  let taken = 0;
  const client = crypto.randomUUID().slice(0, 8);
  try {
    for (;;) {
      const f = await reader.next();
      if (f === null || f.type === FRAME.close) break;
      if (session === undefined) {
        if (f.type !== FRAME.hello) {
          throw new ValidationError(`Cannot serve frame type ${f.type}: send a hello first`);
        }
        try {
          const hello = parseHello(f.payload);
          budget.take(hello.num_envs);
          taken = hello.num_envs;
          session = await VecSession.open(pool, hello, options.taskIds);
        } catch (err) {
          budget.give(taken), taken = 0;
          if (!(err instanceof KinitroError)) throw err;
          await sendError(err.message);
          continue;
        }
        options.log.info("Env-server client opened envs", { client, envs: taken });
        await send(FRAME.welcome, new TextEncoder().encode(JSON.stringify(session.welcome)));
        continue;
      }
      const n = session.welcome.num_envs;
      if (f.type === FRAME.reset || f.type === FRAME.step) {
        const want = f.type === FRAME.reset ? n * 8 : n * 16;
        if (f.payload.length !== want) {
          await sendError(
            `Cannot ${f.type === FRAME.reset ? "reset" : "step"}: expected ${want} bytes ` +
              `(${n} envs x ${f.type === FRAME.reset ? "1 f64 seed" : "4 f32 actions"}), got ` +
              `${f.payload.length}`,
          );
          continue;
        }
        const aligned = new Uint8Array(f.payload).buffer;
        if (f.type === FRAME.reset) {
          const seeds = new Float64Array(aligned);
          if (seeds.some((s) => !Number.isInteger(s) || s > Number.MAX_SAFE_INTEGER)) {
            await sendError("Cannot reset: seeds must be integers (negative: next of the stream)");
            continue;
          }
          await session.reset(seeds);
        } else {
          const actions = new Float32Array(aligned);
          if (actions.some((a) => !Number.isFinite(a))) {
            await sendError("Cannot step: actions must be finite numbers");
            continue;
          }
          await session.step(actions);
        }
        out ??= new Uint8Array(5 + session.layout.bytes);
        new DataView(out.buffer).setUint32(0, session.layout.bytes + 1, true);
        out[4] = FRAME.batch;
        out.set(new Uint8Array(session.buffer), 5);
        await writeAll(conn, out);
        continue;
      }
      throw new ValidationError(
        `Cannot serve frame type ${f.type}: expected reset (2) or step (3)`,
      );
    }
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    options.log.warn("Env-server client dropped", { client, error: message });
    await sendError(message).catch(() => {});
  } finally {
    reader.cancel();
    await session?.close();
    budget.give(taken);
    try {
      conn.close();
    } catch { /* already closed */ }
    if (session) options.log.info("Env-server client closed", { client, envs: taken });
  }
}
