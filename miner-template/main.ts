// Starts the policy server. PORT (default 8000) and HOST (default 0.0.0.0) come from the
// environment; `deno task start` runs it.
import { createApp } from "./app.ts";
import { createPolicy } from "./policy.ts";

const port = Number(Deno.env.get("PORT") ?? 8000);
const hostname = Deno.env.get("HOST") ?? "0.0.0.0";
const app = createApp(await createPolicy());

const shutdown = new AbortController();
for (const sig of ["SIGINT", "SIGTERM"] as const) {
  Deno.addSignalListener(sig, () => shutdown.abort());
}

const server = Deno.serve({
  port,
  hostname,
  signal: shutdown.signal,
  onListen: ({ hostname, port }) => {
    // The first line on stdout is the address, so scripts can find a random port (PORT=0).
    console.log(`listening on http://${hostname}:${port}`);
  },
}, app.fetch);
await server.finished;
