import { ConfigError } from "../errors/mod.ts";

/** WebSocket endpoints of the named Bittensor networks. */
export const NETWORK_ENDPOINTS: Readonly<Record<string, string>> = {
  finney: "wss://entrypoint-finney.opentensor.ai:443",
  test: "wss://test.finney.opentensor.ai:443",
  archive: "wss://archive.chain.opentensor.ai:443",
  local: "ws://127.0.0.1:9944",
};

/**
 * Maps `--network` to a WebSocket endpoint: a known name (`finney`, `test`, `archive`,
 * `local`) or a `ws://` / `wss://` URL as given.
 *
 * @throws {ConfigError} for anything else
 */
export function resolveEndpoint(network: string): string {
  const named = NETWORK_ENDPOINTS[network];
  if (named) return named;
  if (/^wss?:\/\/[^\s]+$/.test(network)) {
    try {
      new URL(network);
      return network;
    } catch {
      // fall through to the error below
    }
  }
  throw new ConfigError(
    `Cannot resolve network "${network}": use ${Object.keys(NETWORK_ENDPOINTS).join(", ")}, ` +
      "a ws:// or wss:// URL, or file:<miners.json> for a local chain",
  );
}
