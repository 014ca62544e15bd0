import type { ApiPromise, SubmittableResult } from "@polkadot/api";
import type { SubmittableExtrinsic } from "@polkadot/api/types";
import { UpstreamError } from "../errors/mod.ts";
import { ChainTxError, poolErrorName } from "./errors.ts";
import { type Hotkey, keyringPairOf } from "./hotkey.ts";
import type { TxReceipt } from "./types.ts";

/** Options of {@link submitAndWait}. */
export interface SubmitOptions {
  /** What the transaction does, for messages ("set weights on netuid 26"). */
  action: string;
  /** Give up waiting for inclusion after this many milliseconds. */
  timeoutMs: number;
}

/**
 * Signs `tx` with `hotkey`, submits it and resolves once a block includes it without a
 * dispatch error. Pallet errors and pool rejections become {@link ChainTxError}s.
 */
export function submitAndWait(
  api: ApiPromise,
  tx: SubmittableExtrinsic<"promise">,
  hotkey: Hotkey,
  options: SubmitOptions,
): Promise<TxReceipt> {
  const { action } = options;
  return new Promise<TxReceipt>((resolve, reject) => {
    let settled = false;
    let unsubscribe: (() => void) | undefined;
    const finish = (err: Error | null, receipt?: TxReceipt) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      unsubscribe?.();
      if (err) reject(err);
      else resolve(receipt!);
    };
    const timer = setTimeout(
      () =>
        finish(
          new UpstreamError(
            `Cannot ${action}: not included in a block within ${options.timeoutMs} ms`,
          ),
        ),
      options.timeoutMs,
    );
    const onStatus = (result: SubmittableResult) => {
      const status = result.status;
      if (status.isInBlock || status.isFinalized) {
        const blockHash = (status.isInBlock ? status.asInBlock : status.asFinalized).toHex();
        if (result.dispatchError) {
          finish(new ChainTxError(action, dispatchErrorName(api, result)));
          return;
        }
        blockNumberOf(api, blockHash, result).then(
          (block) => finish(null, { block, blockHash, txHash: tx.hash.toHex() }),
          (err) => finish(new UpstreamError(`Cannot ${action}: ${err.message}`, { cause: err })),
        );
      } else if (status.isInvalid || status.isDropped || status.isUsurped) {
        finish(new UpstreamError(`Cannot ${action}: transaction ${status.type.toLowerCase()}`));
      }
    };
    tx.signAndSend(keyringPairOf(hotkey), { nonce: -1 }, onStatus).then(
      (unsub) => {
        unsubscribe = unsub;
        if (settled) unsub();
      },
      (err: Error) => finish(rpcError(action, err)),
    );
  });
}

function dispatchErrorName(api: ApiPromise, result: SubmittableResult): string {
  const error = result.dispatchError!;
  if (error.isModule) {
    const meta = api.registry.findMetaError(error.asModule);
    return `${meta.section.charAt(0).toUpperCase()}${meta.section.slice(1)}.${meta.name}`;
  }
  return error.type;
}

async function blockNumberOf(
  api: ApiPromise,
  blockHash: string,
  result: SubmittableResult,
): Promise<number> {
  if (result.blockNumber) return result.blockNumber.toNumber();
  const header = await api.rpc.chain.getHeader(blockHash);
  return header.number.toNumber();
}

function rpcError(action: string, err: Error): Error {
  // RpcError keeps the node's `data` (where the pool's reason is) apart from its message.
  const data = (err as Error & { data?: unknown }).data;
  const name = poolErrorName(`${err.message} ${data === undefined ? "" : JSON.stringify(data)}`);
  if (name) return new ChainTxError(action, name, { cause: err });
  return new UpstreamError(`Cannot ${action}: ${err.message}`, { cause: err });
}
