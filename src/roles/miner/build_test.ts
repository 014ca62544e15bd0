import assert from "node:assert/strict";
import { DependencyError, UsageError } from "../../errors/mod.ts";
import { buildImage, type CommandRunner } from "./mod.ts";

async function withDockerfile(fn: (dir: string) => Promise<void>) {
  const dir = await Deno.makeTempDir();
  try {
    await Deno.writeTextFile(`${dir}/Dockerfile`, "FROM scratch\n");
    await fn(dir);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

function fakeDocker(codes: Record<string, number>) {
  const calls: string[] = [];
  const run: CommandRunner = (cmd, args) => {
    calls.push([cmd, ...args].join(" "));
    return Promise.resolve({ code: codes[args[0]] ?? 0, stderr: "engine says no\n" });
  };
  return { calls, run };
}

Deno.test("buildImage() checks the engine, builds and pushes", async () => {
  await withDockerfile(async (dir) => {
    const { calls, run } = fakeDocker({});
    assert.equal(await buildImage(dir, { tag: "me/p:v1", push: true, run }), 0);
    assert.deepEqual(calls, [
      "docker version --format {{.Server.Version}}",
      `docker build -t me/p:v1 ${dir}`,
      "docker push me/p:v1",
    ]);
  });
});

Deno.test("buildImage() returns the code of a failed build and does not push", async () => {
  await withDockerfile(async (dir) => {
    const { calls, run } = fakeDocker({ build: 17 });
    assert.equal(await buildImage(dir, { tag: "t", push: true, run }), 17);
    assert.equal(calls.length, 2);
  });
});

Deno.test("buildImage() fails with DependencyError without an engine or a docker binary", async () => {
  await withDockerfile(async (dir) => {
    const { calls, run } = fakeDocker({ version: 1 });
    await assert.rejects(
      buildImage(dir, { tag: "t", run }),
      (e) =>
        e instanceof DependencyError &&
        /no Docker engine is reachable \(engine says no\)/.test(e.message),
    );
    assert.equal(calls.length, 1);
    await assert.rejects(
      buildImage(dir, { tag: "t", docker: "/nonexistent/docker-binary" }),
      (e) => e instanceof DependencyError && /is not installed/.test(e.message),
    );
  });
});

Deno.test("buildImage() needs a Dockerfile", async () => {
  const dir = await Deno.makeTempDir();
  try {
    await assert.rejects(buildImage(dir, { tag: "t" }), UsageError);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
