import { run } from "./src/cli/mod.ts";

Deno.exitCode = await run(Deno.args);
