/** Policy clients of miner endpoints, built from serializable settings (they cross into Workers). */
import { connectMiner } from "../../client/mod.ts";
import type { Logger } from "../../log/mod.ts";
import type { PolicyClient } from "./types.ts";

/** How miners are called; a subset of the `MinerCallConfig` fields. */
export interface PolicySettings {
  /** @default 500 */
  actTimeoutMs?: number;
  /** @default 10000 */
  resetTimeoutMs?: number;
  /** @default 300000 */
  warmupLimitMs?: number;
  /** @default false */
  allowPrivateEndpoints?: boolean;
  /** Chutes API key, for chute ids. @default none */
  chutesApiKey?: string;
  /** @default "https://api.chutes.ai" */
  chutesApiUrl?: string;
}

/** Returns a factory of keep-alive policy clients (URLs, or chute ids through Chutes). */
export function createPolicyFactory(
  settings: PolicySettings,
  log: Logger,
): (endpoint: string) => Promise<PolicyClient> {
  return (endpoint) =>
    connectMiner(endpoint, {
      actTimeoutMs: settings.actTimeoutMs,
      resetTimeoutMs: settings.resetTimeoutMs,
      warmupLimitMs: settings.warmupLimitMs,
      allowPrivateEndpoints: settings.allowPrivateEndpoints,
      log,
      chutes: settings.chutesApiKey === undefined ? undefined : {
        apiKey: settings.chutesApiKey,
        apiUrl: settings.chutesApiUrl,
      },
    });
}
