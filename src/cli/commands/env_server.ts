import { z } from "zod";
import { DEFAULT_ENV_IDS, field, rendererChoice } from "../../config/mod.ts";
import { defineCommand } from "../command.ts";

/** `kinitro env-server`: vectorized environments for training clients over a local socket. */
export const envServerCommand = defineCommand({
  name: "env-server",
  summary: "Serve vectorized environments to training clients (Python kinitro_gym)",
  description: "Listens on a TCP loopback port (--port 0 picks a free one) or a Unix socket " +
    "(--socket) and prints its address as one JSON line, then serves until interrupted. " +
    "Each client opens N environments with a JSON hello and then resets and steps them " +
    "with binary frames (docs/training.md#protocol). Environments are stepped and rendered in " +
    "--workers Web Workers.",
  role: "env_server",
  schema: z.object({
    host: field(z.string().min(1).default("127.0.0.1"), "Address to listen on (TCP)", {
      valueName: "HOST",
    }),
    port: field(z.coerce.number().int().min(0).max(65535).default(7071), "TCP port (0: any)", {
      valueName: "PORT",
    }),
    socket: field(z.string().min(1).optional(), "Listen on this Unix socket path instead", {
      valueName: "PATH",
    }),
    workers: field(
      z.coerce.number().int().min(1).max(256).default(navigator.hardwareConcurrency || 1),
      "Worker threads stepping and rendering environments (default: one per core)",
      { valueName: "N" },
    ),
    maxEnvs: field(
      z.coerce.number().int().min(1).max(4096).default(256),
      "Environments open at once over all clients; a hello beyond it is refused",
      { valueName: "N" },
    ),
    renderer: field(
      rendererChoice(),
      "Renderer backend (auto: WebGPU on a hardware GPU, else CPU)",
      { valueName: "BACKEND" },
    ),
  }),
  async run({ config, log, signal, print }) {
    const { serveEnvs } = await import("../../roles/env_server/mod.ts");
    const server = await serveEnvs({
      listen: config.socket
        ? { transport: "unix", path: config.socket }
        : { transport: "tcp", hostname: config.host, port: config.port },
      workers: config.workers,
      maxEnvs: config.maxEnvs,
      renderer: config.renderer,
      taskIds: DEFAULT_ENV_IDS,
      log,
      signal,
    });
    print(JSON.stringify({ address: server.address, workers: config.workers }));
    await server.finished;
    return 0;
  },
});
