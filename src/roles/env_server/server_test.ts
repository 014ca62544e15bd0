import assert from "node:assert/strict";
import { DEFAULT_ENV_IDS } from "../../config/mod.ts";
import { makeEnv } from "../../envs/mod.ts";
import { createLogger } from "../../log/mod.ts";
import { cameraSpecs, createRenderer } from "../../render/mod.ts";
import { batchLayout, FRAME, frame, FrameReader, type Welcome } from "./protocol.ts";
import { serveEnvs } from "./server.ts";

const ENV = DEFAULT_ENV_IDS[0];

class Client {
  readonly reader: FrameReader;
  constructor(readonly conn: Deno.Conn) {
    this.reader = new FrameReader(conn);
  }
  static async connect(address: string): Promise<Client> {
    const port = Number(address.split(":").at(-1));
    return new Client(await Deno.connect({ hostname: "127.0.0.1", port }));
  }
  async send(type: number, payload: Uint8Array = new Uint8Array(0)) {
    const w = this.conn.writable.getWriter();
    await w.write(frame(type, payload));
    w.releaseLock();
  }
  async hello(h: Record<string, unknown>) {
    await this.send(FRAME.hello, new TextEncoder().encode(JSON.stringify(h)));
    return (await this.reader.next())!;
  }
  text(p: Uint8Array) {
    return new TextDecoder().decode(p);
  }
  close() {
    this.reader.cancel();
    try {
      this.conn.close();
    } catch { /* closed */ }
  }
}

async function withServer(fn: (s: Awaited<ReturnType<typeof serveEnvs>>) => Promise<void>) {
  const server = await serveEnvs({
    listen: { transport: "tcp", hostname: "127.0.0.1", port: 0 },
    workers: 1,
    maxEnvs: 2,
    renderer: "cpu",
    taskIds: DEFAULT_ENV_IDS,
    log: createLogger({ level: "error" }),
  });
  try {
    await fn(server);
  } finally {
    await server.close();
  }
}

Deno.test("env-server: bad input gets a clear error and other clients keep being served", async () => {
  await withServer(async (server) => {
    const a = await Client.connect(server.address);
    const unknown = await a.hello({ env_ids: ["metaworld/nope-v9"], num_envs: 1 });
    assert.deepEqual(unknown.type, FRAME.error);
    assert.match(a.text(unknown.payload), /Cannot find environment "metaworld\/nope-v9".*reach/);
    const tooMany = await a.hello({ env_ids: [ENV], num_envs: 3 });
    assert.match(a.text(tooMany.payload), /at most 2 are open \(--max-envs\)/);
    const ok = await a.hello({ env_ids: [ENV], num_envs: 2, cameras: false });
    assert.deepEqual(ok.type, FRAME.welcome);
    assert.deepEqual(server.openEnvs(), 2);

    // A second client is refused while the budget is spent, then a malformed frame drops it.
    const b = await Client.connect(server.address);
    assert.match(b.text((await b.hello({ env_ids: [ENV], num_envs: 1 })).payload), /--max-envs/);
    const w = b.conn.writable.getWriter();
    await w.write(new Uint8Array([0xff, 0xff, 0xff, 0x7f, 3]));
    const dropped = (await b.reader.next())!;
    assert.deepEqual(dropped.type, FRAME.error);
    assert.match(b.text(dropped.payload), /length \d+ is outside/);
    assert.deepEqual(await b.reader.next(), null);
    b.close();

    // Wrong-shaped and non-finite actions are refused; the session still steps afterwards.
    await a.send(FRAME.reset, new Uint8Array(new Float64Array([5, 6]).buffer));
    assert.deepEqual((await a.reader.next())!.type, FRAME.batch);
    await a.send(FRAME.step, new Uint8Array(new Float32Array(3).buffer));
    assert.match(a.text((await a.reader.next())!.payload), /expected 32 bytes .* got 12/);
    await a.send(FRAME.step, new Uint8Array(new Float32Array(8).fill(NaN).buffer));
    assert.match(a.text((await a.reader.next())!.payload), /must be finite/);
    await a.send(FRAME.step, new Uint8Array(new Float32Array(8).buffer));
    const batch = (await a.reader.next())!;
    assert.deepEqual(batch.type, FRAME.batch);
    assert.deepEqual(batch.payload.length, batchLayout(2, 0, 84).bytes);

    // A client that vanishes frees its environments.
    a.close();
    for (let i = 0; i < 100 && server.openEnvs() > 0; i++) {
      await new Promise((r) => setTimeout(r, 20));
    }
    assert.deepEqual(server.openEnvs(), 0);
  });
});

Deno.test("env-server: a seed's first observation is the in-process env's, byte for byte", async () => {
  await withServer(async (server) => {
    const c = await Client.connect(server.address);
    const welcome = JSON.parse(
      c.text((await c.hello({ env_ids: [ENV], num_envs: 1 })).payload),
    ) as Welcome;
    assert.deepEqual(welcome.cameras, ["corner", "gripper"]);
    assert.deepEqual(welcome.task_index, [0]);
    await c.send(FRAME.reset, new Uint8Array(new Float64Array([42]).buffer));
    const got = (await c.reader.next())!;
    const layout = batchLayout(1, 2, 84);
    c.close();

    using env = await makeEnv(ENV);
    using renderer = await createRenderer({ backend: "cpu" });
    const { observation } = env.reset({ seed: 42 });
    const snap = env.snapshot();
    const images = await renderer.render(snap, cameraSpecs(snap, ["corner", "gripper"]));
    for (const c of [0, 1]) {
      const bytes = got.payload.subarray(layout.images[c], layout.images[c] + 84 * 84 * 3);
      assert.ok(bytes.every((v, i) => v === images[c][i]), `camera ${c} differs`);
    }
    const proprio = new Float32Array(got.payload.slice(layout.proprio, layout.proprio + 16).buffer);
    assert.deepEqual(Array.from(proprio), Array.from(new Float32Array(observation.proprio)));
  });
});

Deno.test("env-server: serves over a Unix socket too", async () => {
  const dir = await Deno.makeTempDir({ prefix: "kinitro_sock_" });
  const server = await serveEnvs({
    listen: { transport: "unix", path: `${dir}/env.sock` },
    workers: 1,
    maxEnvs: 1,
    renderer: "cpu",
    taskIds: DEFAULT_ENV_IDS,
    log: createLogger({ level: "error" }),
  });
  try {
    assert.equal(server.address, `unix:${dir}/env.sock`);
    const c = new Client(await Deno.connect({ transport: "unix", path: `${dir}/env.sock` }));
    const w = await c.hello({ env_ids: [ENV], num_envs: 1, cameras: false });
    assert.equal(w.type, FRAME.welcome);
    await c.send(FRAME.reset, new Uint8Array(new Float64Array([1]).buffer));
    assert.equal((await c.reader.next())!.type, FRAME.batch);
    c.close();
  } finally {
    await server.close();
    await Deno.remove(dir, { recursive: true });
  }
});
