/**
 * Project lint rules (wired into deno.json `lint.plugins`):
 * - `kinitro/layers`: each external package is imported only from its home folder; `src/`
 *   folders import each other only through `mod.ts` and only downward, as {@link LAYERS} says
 *   (STYLE.md §2); a role never imports another role, except the composition roots in
 *   {@link COMPOSITION_ROOTS}.
 * - `kinitro/no-env-outside-config`: `Deno.env` is read only in `src/config/`.
 * - `kinitro/no-math-random`: no `Math.random` in core, sim, envs or render (seeded rngs only).
 */

const PACKAGE_HOMES: [RegExp, string[]][] = [
  [/^(npm:)?hono(\/|$)|^(npm:)?@hono\//, ["src/roles/api/"]],
  [/^(npm:)?postgres$|^(npm:)?@electric-sql\//, ["src/db/"]],
  [/^(npm:)?@polkadot\//, ["src/chain/"]],
  [/^(npm:)?@noble\//, ["src/chain/"]],
  [/^(npm:)?mujoco-js/, ["src/sim/"]],
  [/^(npm:)?onnxruntime-/, ["src/policy/"]],
];

/**
 * What each `src/` folder may import (besides itself): STYLE.md's dependency direction, in one
 * place. A folder missing here is an error, so a new folder must be given its layer.
 */
export const LAYERS: Record<string, readonly string[]> = {
  errors: [],
  core: ["errors"],
  log: ["errors"],
  config: ["core", "errors", "log"],
  sim: ["core", "errors", "log"],
  render: ["core", "errors", "log", "config"],
  db: ["core", "errors", "log", "config"],
  chain: ["core", "errors", "log", "config"],
  client: ["core", "errors", "log", "config"],
  envs: ["sim", "core", "errors", "log", "config"],
  policy: ["core", "errors", "log", "config"],
  workers: ["errors"],
  roles: [
    "policy",
    "workers",
    "envs",
    "sim",
    "render",
    "db",
    "chain",
    "client",
    "config",
    "core",
    "errors",
    "log",
  ],
  cli: ["config", "core", "errors", "log"],
};

/** Roles that compose other roles (one process running several of them). */
export const COMPOSITION_ROOTS: readonly string[] = ["demo"];

/** `src/roles/api/app.ts` → `api`. */
function roleOf(rel: string): string | undefined {
  return /^src\/roles\/([^/]+)\//.exec(rel)?.[1];
}

function checkLayer(rel: string, from: string, to: string, target: string): string | undefined {
  const allowed = LAYERS[from];
  if (!allowed) return `src/${from}/ has no layer: add it to LAYERS in tools/lint_plugin.ts`;
  if (from === "roles" && to === "roles") {
    const a = roleOf(rel), b = roleOf(target + "/");
    if (a && b && a !== b && !COMPOSITION_ROOTS.includes(a)) {
      return `Cannot import roles/${b}/ from roles/${a}/: roles never import roles (move shared code down)`;
    }
    return undefined;
  }
  if (!allowed.includes(to)) {
    return `Cannot import src/${to}/ from src/${from}/: imports only point down (STYLE.md §2)`;
  }
  return undefined;
}

const DETERMINISTIC = ["src/core/", "src/sim/", "src/envs/", "src/render/"];

function relative(filename: string): string {
  const i = filename.lastIndexOf("/src/");
  if (i >= 0) return filename.slice(i + 1);
  const t = filename.lastIndexOf("/tests/");
  return t >= 0 ? filename.slice(t + 1) : filename;
}

function isTest(rel: string): boolean {
  return rel.endsWith("_test.ts") || rel.startsWith("src/testing/") || rel.startsWith("tests/");
}

/** `src/db/tasks.ts` → `db`. */
function topFolder(rel: string): string | undefined {
  const m = /^src\/([^/]+)\//.exec(rel);
  return m?.[1];
}

function resolveSrc(rel: string, spec: string): string | undefined {
  if (!spec.startsWith(".")) return undefined;
  const parts = rel.split("/").slice(0, -1);
  for (const seg of spec.split("/")) {
    if (seg === "..") parts.pop();
    else if (seg !== ".") parts.push(seg);
  }
  return parts.join("/");
}

function checkImport(rel: string, spec: string): string | undefined {
  for (const [pattern, homes] of PACKAGE_HOMES) {
    if (pattern.test(spec) && !homes.some((h) => rel.startsWith(h)) && !isTest(rel)) {
      return `Cannot import "${spec}" here: only ${homes.join(", ")} may import it`;
    }
  }
  const target = resolveSrc(rel, spec);
  if (!target || !rel.startsWith("src/") || isTest(rel)) return undefined;
  const from = topFolder(rel);
  const to = topFolder(target + (target.endsWith(".ts") ? "" : "/"));
  if (!from || !to) return undefined;
  if (from === to) return from === "roles" ? checkLayer(rel, from, to, target) : undefined;
  if (to === "cli") return `Cannot import "${spec}": nothing imports cli/`;
  if (to === "testing") return `Cannot import "${spec}": only tests import testing/`;
  const layer = checkLayer(rel, from, to, target);
  if (layer) return layer;
  const inner = target.slice(`src/${to}/`.length);
  const ok = inner === "mod.ts" || (to === "roles" && /^[^/]+\/mod\.ts$/.test(inner)) ||
    (to === "core" && /^[^/]+\/mod\.ts$/.test(inner));
  if (!ok) return `Cannot import "${spec}": import src/${to}/ through its mod.ts`;
  return undefined;
}

const plugin: Deno.lint.Plugin = {
  name: "kinitro",
  rules: {
    "layers": {
      create(context) {
        const rel = relative(context.filename);
        const visit = (node: Deno.lint.ImportDeclaration | Deno.lint.ExportNamedDeclaration) => {
          const source = node.source;
          if (!source || typeof source.value !== "string") return;
          const problem = checkImport(rel, source.value);
          if (problem) context.report({ node, message: problem });
        };
        return {
          ImportDeclaration: visit,
          ExportNamedDeclaration: visit,
        };
      },
    },
    "no-env-outside-config": {
      create(context) {
        const rel = relative(context.filename);
        if (!rel.startsWith("src/") || rel.startsWith("src/config/") || isTest(rel)) return {};
        return {
          MemberExpression(node) {
            const o = node.object;
            if (
              o.type === "Identifier" && o.name === "Deno" && node.property.type === "Identifier" &&
              node.property.name === "env"
            ) {
              context.report({ node, message: "Cannot read Deno.env here: use src/config/" });
            }
          },
        };
      },
    },
    "no-math-random": {
      create(context) {
        const rel = relative(context.filename);
        if (!DETERMINISTIC.some((d) => rel.startsWith(d))) return {};
        return {
          MemberExpression(node) {
            const o = node.object;
            if (
              o.type === "Identifier" && o.name === "Math" && node.property.type === "Identifier" &&
              node.property.name === "random"
            ) {
              context.report({ node, message: "Cannot use Math.random here: inject a seeded Rng" });
            }
          },
        };
      },
    },
  },
};

export default plugin;
