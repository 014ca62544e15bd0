import type { Logger } from "../log/mod.ts";
import { LocalChain } from "./local_chain.ts";
import { SubtensorChain } from "./subtensor_chain.ts";
import type { Chain } from "./types.ts";

/** Options of {@link openChain}. */
export interface OpenChainOptions {
  netuid: number;
  /** @default no logging */
  log?: Logger;
}

/**
 * Opens the chain named by `--network`: `file:<path>` is a {@link LocalChain} read from a JSON
 * file of miners; anything else (`finney`, `test`, `local`, `ws(s)://...`) connects a
 * {@link SubtensorChain}.
 */
export function openChain(network: string, options: OpenChainOptions): Promise<Chain> {
  if (network.startsWith("file:")) {
    return LocalChain.fromFile(network.slice("file:".length), { netuid: options.netuid });
  }
  return SubtensorChain.connect({ netuid: options.netuid, network, log: options.log });
}
