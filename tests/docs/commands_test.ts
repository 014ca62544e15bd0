/**
 * Keeps the documentation honest: every `kinitro <command>` written in a code block of the
 * README, docs/ or the miner template's README must be a registered command, and every
 * `--flag` on that line must be one of the command's flags. The services in
 * docker-compose.yml must run registered commands too.
 */
import assert from "node:assert/strict";
import { COMMANDS } from "../../src/cli/commands/mod.ts";
import { describeFields, LogConfigSchema } from "../../src/config/mod.ts";

const DOCS = ["README.md", "miner-template/README.md", "eval-env/README.md"];
const GLOBAL_FLAGS = ["--env-file", "--print-config", "--verbose", "--help", "--version"];

function flagsOf(name: string): Set<string> {
  const spec = COMMANDS.find((c) => c.name === name);
  if (!spec) return new Set();
  const schema = LogConfigSchema.extend(spec.schema.shape);
  const flags = new Set(GLOBAL_FLAGS);
  for (const info of describeFields(schema, spec.role)) {
    flags.add(info.flag);
    for (const alias of info.flagAliases) flags.add(`--${alias}`);
    if (info.kind === "boolean") flags.add(`--no-${info.flag.slice(2)}`);
  }
  return flags;
}

const NAMES = new Set(COMMANDS.map((c) => c.name));
const GROUPS = new Set(
  COMMANDS.filter((c) => c.name.includes(" ")).map((c) => c.name.split(" ")[0]),
);

/** A use of `kinitro` in a code block: the command it names and the flags after it. */
interface Use {
  file: string;
  line: string;
  command: string;
  flags: string[];
}

/** Code-block lines of a markdown text, with `\` continuations joined. */
export function codeLines(markdown: string): string[] {
  const out: string[] = [];
  let inBlock = false;
  let pending = "";
  for (const raw of markdown.split("\n")) {
    if (/^\s*```/.test(raw)) {
      inBlock = !inBlock;
      continue;
    }
    if (!inBlock) continue;
    const line = raw.replace(/\s+$/, "");
    if (line.endsWith("\\")) {
      pending += line.slice(0, -1) + " ";
      continue;
    }
    out.push(pending + line);
    pending = "";
  }
  return out;
}

/** Finds `kinitro <command> [--flags]` in one shell line (comments and pipes cut off). */
export function usesIn(file: string, line: string): Use[] {
  const uses: Use[] = [];
  for (
    const m of line.matchAll(/(?:^|[\s($;&|`])kinitro ([a-z][a-z0-9-]*)(?: ([a-z][a-z0-9-]*))?/g)
  ) {
    const [first, second] = [m[1], m[2]];
    const command = GROUPS.has(first) && second ? `${first} ${second}` : first;
    const rest = line.slice((m.index ?? 0) + m[0].length).split(/\s#|&&|\|\||[|;]/)[0];
    const flags = [...rest.matchAll(/(?:^|\s)(--[a-z][a-z0-9-]*)/g)].map((f) => f[1]);
    uses.push({ file, line: line.trim(), command, flags });
  }
  return uses;
}

async function docFiles(): Promise<string[]> {
  const files = [...DOCS];
  for await (const entry of Deno.readDir("docs")) {
    if (entry.isFile && entry.name.endsWith(".md")) files.push(`docs/${entry.name}`);
  }
  return files.sort();
}

Deno.test("usesIn() reads commands, groups and flags", () => {
  const [a] = usesIn("x", "kinitro db init --data-dir /tmp/y   # --not-a-flag");
  assert.deepEqual([a.command, a.flags], ["db init", ["--data-dir"]]);
  const [b] = usesIn("x", "$ kinitro eval --miner http://h --episodes 1 | tee out");
  assert.deepEqual([b.command, b.flags], ["eval", ["--miner", "--episodes"]]);
  assert.deepEqual(usesIn("x", "docker run --rm kinitro --help"), []);
  assert.deepEqual(usesIn("x", "image: kinitro-executor:latest"), []);
  assert.deepEqual(codeLines("text\n```sh\nkinitro api \\\n  --port 1\n```\nkinitro no"), [
    "kinitro api    --port 1",
  ]);
});

Deno.test("every kinitro command and flag in the docs' code blocks exists", async () => {
  const files = await docFiles();
  const uses: Use[] = [];
  for (const file of files) {
    for (const line of codeLines(await Deno.readTextFile(file))) uses.push(...usesIn(file, line));
  }
  assert.ok(uses.length > 30, `expected many documented commands, found ${uses.length}`);
  const problems: string[] = [];
  for (const use of uses) {
    if (!NAMES.has(use.command)) {
      problems.push(`${use.file}: "kinitro ${use.command}" is not a command: ${use.line}`);
      continue;
    }
    const known = flagsOf(use.command);
    for (const flag of use.flags) {
      if (!known.has(flag)) {
        problems.push(`${use.file}: "kinitro ${use.command}" has no ${flag}: ${use.line}`);
      }
    }
  }
  assert.deepEqual(problems, []);
});

Deno.test("the README documents the demo, the tests and every role", async () => {
  const readme = await Deno.readTextFile("README.md");
  for (const text of ["npx -y deno@2.9.6 task demo", "npx -y deno@2.9.6 task test"]) {
    assert.ok(readme.includes(text), `README.md lacks "${text}"`);
  }
  const tasks = JSON.parse(await Deno.readTextFile("deno.json")).tasks;
  assert.ok(tasks.demo && tasks.test, "deno.json needs the demo and test tasks");
  for (const role of ["api", "scheduler", "executor", "validate"]) {
    assert.match(readme, new RegExp(`kinitro ${role}\\b`));
  }
});

Deno.test("docker-compose.yml services run registered commands", async () => {
  const compose = await Deno.readTextFile("docker-compose.yml");
  const commands = [...compose.matchAll(/^\s+command: (\[.*\])\s*$/gm)].map((m) =>
    JSON.parse(m[1]) as string[]
  );
  assert.ok(commands.length >= 5, `expected 5 services with a command, found ${commands.length}`);
  for (const argv of commands) {
    const name = GROUPS.has(argv[0]) ? `${argv[0]} ${argv[1]}` : argv[0];
    assert.ok(NAMES.has(name), `docker-compose.yml runs unknown command "${name}"`);
    const known = flagsOf(name);
    for (const flag of argv.filter((a) => a.startsWith("--"))) {
      assert.ok(known.has(flag), `docker-compose.yml: "${name}" has no ${flag}`);
    }
  }
});

Deno.test("docker-compose.yml and .env.example use variable names Kinitro reads", async () => {
  const known = new Set([
    "POSTGRES_USER",
    "POSTGRES_PASSWORD",
    "POSTGRES_HOST",
    "POSTGRES_PORT",
    "POSTGRES_DB",
  ]);
  for (const spec of COMMANDS) {
    for (const info of describeFields(LogConfigSchema.extend(spec.schema.shape), spec.role)) {
      if (info.env) known.add(info.env);
      for (const alias of info.aliases) known.add(alias);
    }
  }
  // read by compose itself or by the NVIDIA runtime, not by kinitro
  const composeOnly = new Set(["WALLET_DIR", "NVIDIA_DRIVER_CAPABILITIES"]);
  const compose = await Deno.readTextFile("docker-compose.yml");
  const used = [...compose.matchAll(/^\s+([A-Z][A-Z0-9_]+): /gm)].map((m) => m[1]);
  const example = await Deno.readTextFile(".env.example");
  const listed = [...example.matchAll(/^#?\s*([A-Z][A-Z0-9_]+)=/gm)].map((m) => m[1]);
  assert.ok(used.length > 10 && listed.length > 10);
  const unknown = [...used, ...listed].filter((n) => !known.has(n) && !composeOnly.has(n));
  assert.deepEqual([...new Set(unknown)], []);
});
