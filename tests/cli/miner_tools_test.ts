import assert from "node:assert/strict";
import { kinitro } from "./_kinitro.ts";

function run(...args: string[]) {
  return kinitro(args);
}

async function dockerEngineUp(): Promise<boolean> {
  try {
    const out = await new Deno.Command("docker", {
      args: ["version"],
      stdout: "null",
      stderr: "null",
    })
      .output();
    return out.success;
  } catch {
    return false;
  }
}

Deno.test("kinitro init-miner writes the template and exits 2 rather than overwrite", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const first = await run("init-miner", `${dir}/p`);
    assert.equal(first.code, 0, first.stderr);
    assert.match(first.stdout, /\/p\/policy\.ts\n/);
    const again = await run("init-miner", `${dir}/p`);
    assert.equal(again.code, 2);
    assert.equal(again.stdout, "");
    assert.match(again.stderr, /error: Cannot write the miner template .* --force/);
    const forced = await run("init-miner", `${dir}/p`, "--force");
    assert.equal(forced.code, 0, forced.stderr);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test({
  name: "kinitro build exits 4 with a clear message when no Docker engine is reachable",
  ignore: await dockerEngineUp(),
  async fn() {
    const dir = await Deno.makeTempDir();
    try {
      await Deno.writeTextFile(`${dir}/Dockerfile`, "FROM scratch\n");
      const r = await run("build", dir, "--tag", "me/policy:v1");
      assert.equal(r.code, 4, r.stderr);
      assert.equal(r.stdout, "");
      assert.match(
        r.stderr,
        /error: Cannot build "me\/policy:v1": (no Docker engine|"docker" is not)/,
      );
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  },
});

Deno.test({
  name: "kinitro build-eval-env exits 4 with a clear message when no Docker engine is reachable",
  ignore: await dockerEngineUp(),
  async fn() {
    const r = await run("build-eval-env", "--tag", "kinitro-executor:test");
    assert.equal(r.code, 4, r.stderr);
    assert.equal(r.stdout, "");
    assert.match(
      r.stderr,
      /error: Cannot build "kinitro-executor:test": (no Docker engine|"docker" is not)/,
    );
  },
});

Deno.test("kinitro build-eval-env exits 2 when the Dockerfile does not exist", async () => {
  const r = await run("build-eval-env", "--tag", "t", "--file", "no/such/Dockerfile");
  assert.equal(r.code, 2, r.stderr);
  assert.match(r.stderr, /error: Cannot build "\.": Dockerfile "no\/such\/Dockerfile" does not/);
});
