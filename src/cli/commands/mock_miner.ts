import { MockMinerConfigSchema } from "../../config/mod.ts";
import { defineCommand } from "../command.ts";

/** `kinitro mock-miner`: a policy server for tests and fault injection. */
export const mockMinerCommand = defineCommand({
  name: "mock-miner",
  summary: "Serve a fake policy (random or zero) with injectable latency and faults",
  description: "Implements miner protocol v1 (GET /health, POST /reset, POST /act, and " +
    "GET /openapi.json). Prints the URL it listens on, then serves until interrupted. " +
    "--fail-rate and --garbage-rate apply to /act only; --latency-ms delays every /act.",
  role: "miner",
  schema: MockMinerConfigSchema,
  async run({ config, log, signal, print }) {
    const { startMockMiner } = await import("../../roles/miner/mod.ts");
    const miner = startMockMiner({ ...config, signal, log });
    print(miner.url);
    await miner.finished;
    return 0;
  },
});
