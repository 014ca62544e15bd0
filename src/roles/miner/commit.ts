import {
  type Chain,
  type CommitmentEntry,
  formatCommitment,
  formatModelCommitment,
  type Hotkey,
  isSs58Address,
  loadHotkey,
  type LoadHotkeyOptions,
  openChain,
  type OpenChainOptions,
} from "../../chain/mod.ts";
import type { CommitConfig, ShowCommitmentConfig } from "../../config/mod.ts";
import { NotFoundError, UsageError, ValidationError } from "../../errors/mod.ts";
import type { Logger } from "../../log/mod.ts";
import { hashFile, loadPolicyModel } from "../../policy/mod.ts";

/** What the miner chain commands need from the outside; replaceable in tests. */
export interface ChainToolDeps {
  log: Logger;
  /** Writes one result line to stdout. */
  print(text: string): void;
  /** @default openChain from chain/ */
  openChain?: (network: string, options: OpenChainOptions) => Promise<Chain>;
  /** @default loadHotkey from chain/ */
  loadHotkey?: (options: LoadHotkeyOptions) => Promise<Hotkey>;
}

/**
 * `kinitro commit`: checks and formats `<repo>:<rev12>:<chute-id>` before touching the
 * network, then commits it with the wallet's hotkey and prints the block that included it.
 */
export async function runCommit(config: CommitConfig, deps: ChainToolDeps): Promise<number> {
  let data: string;
  try {
    data = config.model !== undefined
      ? await modelCommitment(config, deps.log)
      : endpointCommitment(config);
  } catch (err) {
    // Bad flags are a usage error (exit 2), reported before anything touches the network.
    if (err instanceof ValidationError) throw new UsageError(err.message, { cause: err });
    throw err;
  }
  const hotkey = await (deps.loadHotkey ?? loadHotkey)(config);
  const chain = await (deps.openChain ?? openChain)(config.network, {
    netuid: config.netuid,
    log: deps.log,
  });
  try {
    deps.log.info("Submitting commitment", {
      netuid: config.netuid,
      hotkey: hotkey.address,
      bytes: new TextEncoder().encode(data).length,
    });
    const receipt = await chain.setCommitment(hotkey, data);
    deps.log.info("Commitment included", { block: receipt.block, blockHash: receipt.blockHash });
    deps.print(
      config.json
        ? JSON.stringify({
          commitment: data,
          hotkey: hotkey.address,
          netuid: config.netuid,
          ...receipt,
        })
        : `Committed "${data}" for ${hotkey.address} on netuid ${config.netuid} at block ${receipt.block}`,
    );
    return 0;
  } finally {
    await chain.close();
  }
}

function endpointCommitment(config: CommitConfig): string {
  if (config.url !== undefined) {
    throw new UsageError("Cannot build commitment: --url goes with --model");
  }
  const missing = (["repo", "revision", "chuteId"] as const).filter((k) => config[k] === undefined);
  if (missing.length > 0) {
    const flags = missing.map((k) => k === "chuteId" ? "--chute-id" : `--${k}`).join(", ");
    throw new UsageError(`Cannot build commitment: give ${flags}, or --model FILE`);
  }
  return formatCommitment({
    repo: config.repo!,
    revision: config.revision!,
    chuteId: config.chuteId!,
  });
}

/** Hashes the file, checks it against the model contract and formats `m1:<sha256>:<source>`. */
async function modelCommitment(config: CommitConfig, log: Logger): Promise<string> {
  const path = config.model!;
  if (config.chuteId !== undefined) {
    throw new UsageError(
      "Cannot build commitment: --chute-id is for the endpoint form, not --model",
    );
  }
  if (config.url === undefined && (config.repo === undefined || config.revision === undefined)) {
    throw new UsageError("Cannot build commitment: --model needs --repo and --revision, or --url");
  }
  let hashed;
  try {
    hashed = await hashFile(path);
  } catch (cause) {
    throw new UsageError(`Cannot read the model "${path}": ${(cause as Error).message}`, { cause });
  }
  const model = await loadPolicyModel(await Deno.readFile(path)).catch((cause) => {
    throw new UsageError(`Cannot commit "${path}": ${(cause as Error).message}`, { cause });
  });
  log.info("Model meets the contract", {
    sha256: hashed.sha256,
    bytes: hashed.bytes,
    inputs: [...model.inputs].join(","),
    stepMs: Math.round(model.stepMs * 100) / 100,
  });
  await model.close();
  return formatModelCommitment({
    sha256: hashed.sha256,
    repo: config.url === undefined ? config.repo : undefined,
    revision: config.url === undefined ? config.revision : undefined,
    url: config.url,
  });
}

/**
 * `kinitro show-commitment`: prints the commitment of `--hotkey`, `--uid` or the wallet's
 * hotkey, with its block and whether it parses.
 *
 * @throws {NotFoundError} when the hotkey or uid has no commitment
 */
export async function runShowCommitment(
  config: ShowCommitmentConfig,
  deps: ChainToolDeps,
): Promise<number> {
  if (config.hotkey !== undefined && config.uid !== undefined) {
    throw new UsageError("Cannot show commitment: give --hotkey or --uid, not both");
  }
  if (config.hotkey !== undefined && !isSs58Address(config.hotkey)) {
    throw new UsageError(
      `Cannot show commitment: --hotkey "${config.hotkey}" is not an SS58 address`,
    );
  }
  const chain = await (deps.openChain ?? openChain)(config.network, {
    netuid: config.netuid,
    log: deps.log,
  });
  try {
    let hotkey = config.hotkey;
    if (config.uid !== undefined) {
      const neuron = (await chain.metagraph()).neurons.find((n) => n.uid === config.uid);
      if (!neuron) {
        throw new NotFoundError(
          `Cannot show commitment: uid ${config.uid} is not registered on netuid ${config.netuid}`,
        );
      }
      hotkey = neuron.hotkey;
    }
    hotkey ??= (await (deps.loadHotkey ?? loadHotkey)(config)).address;
    const entry = await chain.commitmentOf(hotkey);
    if (!entry) {
      throw new NotFoundError(
        `Cannot show commitment: hotkey "${hotkey}" has none on netuid ${config.netuid}`,
      );
    }
    deps.print(config.json ? JSON.stringify(entry) : describeEntry(entry));
    return 0;
  } finally {
    await chain.close();
  }
}

function describeEntry(entry: CommitmentEntry): string {
  const lines = [
    `hotkey:     ${entry.hotkey}`,
    `uid:        ${entry.uid ?? "not registered"}`,
    `block:      ${entry.block}`,
    `commitment: ${entry.raw}`,
  ];
  if (entry.ok) {
    const t = entry.target;
    if (t.repo) lines.push(`repo:       ${t.repo}`, `revision:   ${t.revision}`);
    if (t.chuteId) lines.push(`chute id:   ${t.chuteId}`);
    if (t.endpoint) lines.push(`endpoint:   ${t.endpoint}`);
    if (t.model) {
      lines.push(`model:      sha256 ${t.model.sha256}`, `source:     ${t.model.source}`);
    }
  } else {
    lines.push(`invalid:    ${entry.reason}`);
  }
  return lines.join("\n");
}
