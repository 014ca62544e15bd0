/**
 * The Bittensor chain: the {@link Chain} interface with a subtensor client
 * ({@link SubtensorChain}) and an in-memory stand-in ({@link LocalChain}), hotkey wallets,
 * miner commitments and signed weights records. The only folder that imports `@polkadot/*`.
 *
 * @module
 */
export {
  type Commitment,
  type CommitmentInput,
  CommitmentSchema,
  formatCommitment,
  formatModelCommitment,
  MAX_COMMITMENT_BYTES,
  MODEL_COMMITMENT_TAG,
  type ModelCommitment,
  type ModelCommitmentInput,
  type ModelRef,
  modelUrl,
  parseCommitment,
  type ParseCommitmentResult,
  parseModelCommitment,
  type ParseModelResult,
  REVISION_LENGTH,
} from "./commitment.ts";
export { ChainTxError } from "./errors.ts";
export { Hotkey, isSs58Address, SS58_PREFIX, toSs58 } from "./hotkey.ts";
export {
  LocalChain,
  LocalChainFileSchema,
  type LocalChainOptions,
  type LocalMiner,
  LocalMinerSchema,
  type RecordedWeights,
} from "./local_chain.ts";
export { NETWORK_ENDPOINTS, resolveEndpoint } from "./network.ts";
export { openChain, type OpenChainOptions } from "./open.ts";
export { signWeights, verifyWeights, type VerifyWeightsOptions } from "./signed_weights.ts";
export { SubtensorChain, type SubtensorChainOptions } from "./subtensor_chain.ts";
export type {
  Chain,
  CommitmentEntry,
  Metagraph,
  MinerTarget,
  Neuron,
  SetWeightsRequest,
  TxReceipt,
  WeightsPolicy,
} from "./types.ts";
export { hotkeyPath, loadHotkey, type LoadHotkeyOptions } from "./wallet.ts";
