import assert from "node:assert/strict";

const ROBOTS = new URL("../../eval-env/robots/", import.meta.url);

async function dirs(url: URL): Promise<string[]> {
  const out: string[] = [];
  for await (const e of Deno.readDir(url)) if (e.isDirectory) out.push(e.name);
  return out.sort();
}

Deno.test("every robot folder is <vendor>_<model> with README, LICENSE, CHANGELOG and scenes", async () => {
  const robots = await dirs(ROBOTS);
  assert.ok(robots.length > 0, "no robots under eval-env/robots");
  for (const robot of robots) {
    assert.match(robot, /^[a-z0-9]+_[a-z0-9_]+$/, robot);
    const model = robot.slice(robot.indexOf("_") + 1);
    const dir = new URL(`${robot}/`, ROBOTS);
    for (const file of ["README.md", "LICENSE", "CHANGELOG.md", "scene.xml", `${model}.xml`]) {
      const stat = await Deno.stat(new URL(file, dir)).catch(() => null);
      assert.ok(stat?.isFile && stat.size > 0, `${robot}/${file} is missing or empty`);
    }
    const xml = await Deno.readTextFile(new URL(`${model}.xml`, dir));
    for (const cls of ["visual", "collision"]) {
      assert.ok(xml.includes(`<default class="${cls}">`), `${robot}: no "${cls}" default class`);
    }
    assert.ok(/<key\s+name="home"/.test(xml), `${robot}: no "home" keyframe`);
    const scene = await Deno.readTextFile(new URL("scene.xml", dir));
    assert.ok(
      scene.includes(`<include file="${model}.xml"`),
      `${robot}: scene.xml does not include the model`,
    );
  }
});

Deno.test("every camera in eval-env is named", async () => {
  const walk = async (url: URL): Promise<void> => {
    for await (const e of Deno.readDir(url)) {
      const child = new URL(e.name + (e.isDirectory ? "/" : ""), url);
      if (e.isDirectory) await walk(child);
      else if (e.name.endsWith(".xml")) {
        for (const m of (await Deno.readTextFile(child)).matchAll(/<camera\b[^>]*>/g)) {
          assert.ok(/\bname="/.test(m[0]), `${child.pathname}: unnamed camera ${m[0]}`);
        }
      }
    }
  };
  await walk(new URL("../../eval-env/", import.meta.url));
});
