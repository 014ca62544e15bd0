import { DemoConfigSchema } from "../../config/mod.ts";
import { defineCommand } from "../command.ts";
import { VERSION } from "../version.ts";

/** `kinitro demo`: one evaluation cycle on a whole local network, in one process. */
export const demoCommand = defineCommand({
  name: "demo",
  summary: "Run a whole local network (database, API, scheduler, executor, 3 miners) for one cycle",
  description:
    "Starts an embedded database, the API, one executor and three built-in miners on loopback\n" +
    "(random, zero, and a vision baseline), runs one evaluation cycle and prints the success\n" +
    "table, points and weights.",
  role: "demo",
  schema: DemoConfigSchema,
  async run(ctx) {
    const { runDemo } = await import("../../roles/demo/mod.ts");
    await runDemo(ctx.config, {
      log: ctx.log,
      signal: ctx.signal,
      print: ctx.print,
      version: VERSION,
    });
  },
});
