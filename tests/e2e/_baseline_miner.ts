/**
 * The demo's vision-baseline policy server as its own process, for the network test: prints
 * its URL on stdout, then serves until SIGTERM/SIGINT (or until killed).
 *
 * @module
 */
import { startBaselineServer } from "../../src/roles/demo/mod.ts";

const stop = new AbortController();
for (const sig of ["SIGTERM", "SIGINT"] as const) {
  Deno.addSignalListener(sig, () => stop.abort());
}
const server = startBaselineServer(stop.signal);
await Deno.stdout.write(new TextEncoder().encode(`${server.url}\n`));
await new Promise<void>((resolve) => stop.signal.addEventListener("abort", () => resolve()));
await server.shutdown();
