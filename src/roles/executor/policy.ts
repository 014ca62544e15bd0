/** Policy clients of miner endpoints, built from serializable settings (they cross into Workers). */
import { connectMiner } from "../../client/mod.ts";
import type { Logger } from "../../log/mod.ts";
import type { ActRequest } from "../../core/wire/mod.ts";
import { createModelFactory, isModelEndpoint, type ModelSettings } from "./model_policy.ts";
import type { ActAttempt, PolicyClient } from "./types.ts";

/** How miners are called; a subset of the `MinerCallConfig` fields. */
export interface PolicySettings extends ModelSettings {
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
  /** @default "https://{slug}.chutes.ai" */
  chutesInvokeUrl?: string;
}

/** Returns a factory of keep-alive policy clients (URLs, or chute ids through Chutes). */
export function createPolicyFactory(
  settings: PolicySettings,
  log: Logger,
): (endpoint: string) => Promise<PolicyClient> {
  const models = createModelFactory(settings, log);
  return (endpoint) =>
    isModelEndpoint(endpoint) ? models(endpoint) : connectMiner(endpoint, {
      actTimeoutMs: settings.actTimeoutMs,
      resetTimeoutMs: settings.resetTimeoutMs,
      warmupLimitMs: settings.warmupLimitMs,
      allowPrivateEndpoints: settings.allowPrivateEndpoints,
      log,
      chutes: settings.chutesApiKey === undefined ? undefined : {
        apiKey: settings.chutesApiKey,
        apiUrl: settings.chutesApiUrl,
        invokeUrl: settings.chutesInvokeUrl,
      },
    });
}

/**
 * A policy answering `[0, 0, 0, 0]` at once, in-process (benches: measures the executor
 * without a miner). It serializes each request as the HTTP client would, so the wire encoding
 * stays in the measured cost.
 */
export class InstantPolicy implements PolicyClient {
  /** Bytes of JSON the requests would have sent. */
  bytes = 0;

  reset(): Promise<void> {
    return Promise.resolve();
  }

  tryAct(request: ActRequest): Promise<ActAttempt> {
    this.bytes += JSON.stringify(request).length;
    return Promise.resolve({ ok: true, action: [0, 0, 0, 0], latencyMs: 0 });
  }
}
