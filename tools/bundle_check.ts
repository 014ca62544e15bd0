/**
 * Proves the binary's module graph without `deno compile` (whose runtime download is
 * unreachable on our build machines): bundles main.ts into one file, then smoke-runs the
 * bundle with `--help`, `--version` and, when registered, `list-envs`.
 */

const dir = await Deno.makeTempDir({ prefix: "kinitro-bundle-" });
const out = `${dir}/kinitro.js`;

async function sh(args: string[], cwd?: string): Promise<string> {
  const { code, stdout, stderr } = await new Deno.Command(Deno.execPath(), {
    args,
    cwd,
    stdout: "piped",
    stderr: "piped",
  }).output();
  const text = new TextDecoder().decode(stdout);
  if (code !== 0) {
    throw new Error(
      `deno ${args.join(" ")} exited ${code}\n${text}\n${new TextDecoder().decode(stderr)}`,
    );
  }
  return text;
}

try {
  await sh(["bundle", "--platform", "deno", "--output", out, "main.ts"]);
  const size = (await Deno.stat(out)).size;
  // run from an empty directory so nothing resolves against the source tree
  const help = await sh(["run", "-A", "--unstable-webgpu", out, "--help"], dir);
  if (!help.includes("Usage: kinitro")) throw new Error(`Unexpected --help output:\n${help}`);
  await sh(["run", "-A", out, "--version"], dir);
  const checked = ["--help", "--version"];
  if (/\blist-envs\b/.test(help)) {
    const list = await sh(["run", "-A", out, "list-envs", "--json"], dir);
    JSON.parse(list);
    checked.push("list-envs --json");
  }
  // deno-lint-ignore no-console
  console.log(
    `bundle-check: ok (${(size / 1e6).toFixed(1)} MB bundle; ran ${checked.join(", ")})`,
  );
} finally {
  await Deno.remove(dir, { recursive: true });
}
