/**
 * No merge conflict markers in the tree: a marker that slips into a doc (even one that
 * `deno fmt` has folded into a table row) or a data file is caught here, not by a reader.
 */
import assert from "node:assert/strict";
import { join } from "node:path";

const ROOTS = [".ci", "docs", "eval-env", "miner-template", "python", "src", "tests", "tools"];
const FILES = ["README.md", "AGENTS.md", "deno.json", ".gitignore"];
const TEXT = /\.(md|ts|tsx|js|json|sql|py|toml|ya?ml|xml|txt|sh|css|html)$|^run$|^Dockerfile$/;
// "<<<<<<< HEAD", ">>>>>>> 1a2b3c", "=======" alone, at a line start or as a table cell
const MARKER = /^(\| )?(<{7} \S|>{7} \S|={7}(\s*\|?\s*)$)/m;

async function* textFiles(dir: string): AsyncGenerator<string> {
  for await (const entry of Deno.readDir(dir)) {
    const path = join(dir, entry.name);
    if (entry.isDirectory && !["node_modules", "__pycache__", ".git"].includes(entry.name)) {
      yield* textFiles(path);
    } else if (entry.isFile && TEXT.test(entry.name)) yield path;
  }
}

Deno.test("no merge conflict markers in any tracked text file", async () => {
  const found: string[] = [];
  let checked = 0;
  const check = async (path: string) => {
    checked++;
    const text = await Deno.readTextFile(path);
    const m = MARKER.exec(text);
    if (m) found.push(`${path}:${text.slice(0, m.index).split("\n").length}`);
  };
  for (const file of FILES) await check(file);
  for (const root of ROOTS) for await (const path of textFiles(root)) await check(path);
  assert.ok(checked > 300, `only ${checked} files checked`);
  assert.deepEqual(found, []);
});

Deno.test("the conflict-marker pattern finds a marker folded into a table row", () => {
  assert.ok(MARKER.test("text\n| <<<<<<< HEAD | | |\n"));
  assert.ok(MARKER.test("a\n=======\nb"));
  assert.ok(!MARKER.test("Title\n=====\n"));
});
