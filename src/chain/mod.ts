/**
 * The Bittensor chain: the {@link Chain} interface with a subtensor client
 * ({@link SubtensorChain}) and an in-memory stand-in ({@link LocalChain}), hotkey wallets,
 * miner commitments, signed weights records, and timelock encryption of weight commits to
 * drand rounds (commit-reveal v3). The only folder that imports `@polkadot/*` and `@noble/*`.
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
export {
  bytesToHex,
  createTestBeacon,
  DRAND_QUICKNET,
  type DrandBeacon,
  hexToBytes,
  roundAt,
  type TestBeacon,
  verifyPulse,
} from "./drand.ts";
export { ChainTxError, explainChainError, poolErrorName } from "./errors.ts";
export { Hotkey, isSs58Address, publicKeyOf, SS58_PREFIX, toSs58 } from "./hotkey.ts";
export {
  LocalChain,
  type LocalChainOptions,
  type LocalReveal,
  type RecordedWeights,
} from "./local_chain.ts";
export {
  LocalChainFileSchema,
  LocalChainSettingsSchema,
  type LocalMiner,
  LocalMinerSchema,
} from "./local_chain_file.ts";
export { NETWORK_ENDPOINTS, resolveEndpoint } from "./network.ts";
export { openChain, type OpenChainOptions } from "./open.ts";
export { signWeights, verifyWeights, type VerifyWeightsOptions } from "./signed_weights.ts";
export { SubtensorChain, type SubtensorChainOptions } from "./subtensor_chain.ts";
export {
  decodeWeightsPayload,
  encodeWeightsPayload,
  revealRound,
  type RevealRoundParams,
  TIMELOCK_OVERHEAD_BYTES,
  timelockDecrypt,
  timelockEncrypt,
  type TimelockEncryptOptions,
  TimelockError,
  type WeightsPayload,
} from "./timelock.ts";
// every export of types.ts (the chain's data shapes and the `Chain` interface) is public
export type * from "./types.ts";
export { hotkeyPath, loadHotkey, type LoadHotkeyOptions } from "./wallet.ts";
