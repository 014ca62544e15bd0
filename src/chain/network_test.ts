import assert from "node:assert/strict";
import { ConfigError } from "../errors/mod.ts";
import { resolveEndpoint } from "./network.ts";

Deno.test("resolveEndpoint() maps names and passes WebSocket URLs through", () => {
  assert.equal(resolveEndpoint("finney"), "wss://entrypoint-finney.opentensor.ai:443");
  assert.equal(resolveEndpoint("test"), "wss://test.finney.opentensor.ai:443");
  assert.equal(resolveEndpoint("local"), "ws://127.0.0.1:9944");
  assert.equal(resolveEndpoint("ws://10.0.0.2:9944"), "ws://10.0.0.2:9944");
  assert.throws(() => resolveEndpoint("mainnet"), ConfigError);
  assert.throws(() => resolveEndpoint("http://x"), /Cannot resolve network "http:\/\/x"/);
});
