import { KinitroError } from "../errors/mod.ts";

/** Messages for the chain errors Kinitro users meet, keyed by `Pallet.Error` name. */
const EXPLANATIONS: Record<string, string> = {
  SettingWeightsTooFast:
    "weights were set too recently; wait for WeightsSetRateLimit blocks since the last update",
  HotKeyNotRegisteredInSubNet: "the hotkey is not registered on this subnet",
  IncorrectWeightVersionKey: "the version key is lower than the subnet's WeightsVersionKey",
  CommitRevealEnabled:
    "the subnet has commit-reveal enabled, so set_weights is refused; the subnet owner must " +
    "disable it (sudo_set_commit_reveal_weights_enabled) for direct weights",
  NeuronNoValidatorPermit: "the hotkey has no validator permit on this subnet",
  NotEnoughStakeToSetWeights: "the hotkey has less stake than the chain's StakeThreshold",
  WeightVecLengthIsLow: "fewer weights than the subnet's MinAllowedWeights",
  UidVecContainInvalidOne: "a uid does not exist on this subnet",
  DuplicateUids: "a uid appears twice",
  WeightVecNotEqualSize: "uids and weights differ in length",
  MaxWeightExceeded: "a weight exceeds the subnet's MaxWeightsLimit",
  AccountNotAllowedCommit: "the hotkey is not registered on this subnet, so it may not commit",
  SpaceLimitExceeded: "the hotkey used up its commitment space for this epoch; try next epoch",
  CommitmentSetRateLimitExceeded: "commitments were set too recently; wait and retry",
  TooManyFieldsInCommitmentInfo: "more than the allowed number of commitment fields",
  MechanismDoesNotExist: "the subnet does not exist",
  SubNetworkDoesNotExist: "the subnet does not exist",
};

/**
 * Transaction-pool rejections ("Invalid Transaction: Custom error: N") from subtensor's
 * transaction extension, by code.
 */
const POOL_ERRORS: Record<number, string> = {
  1: "NotEnoughStakeToSetWeights",
  17: "RevealTooEarly",
  18: "WeightVecNotEqualSize",
  19: "HotKeyNotRegisteredInSubNet",
};

/** A transaction the chain refused, with the pallet error that says why. */
export class ChainTxError extends KinitroError {
  override name = "ChainTxError";
  /** `Pallet.Error`, e.g. `SubtensorModule.SettingWeightsTooFast`, or `pool.Custom(N)`. */
  readonly chainError: string;
  constructor(action: string, chainError: string, options?: ErrorOptions) {
    const short = chainError.split(".").pop() ?? chainError;
    const why = EXPLANATIONS[short];
    super(
      "conflict",
      `Cannot ${action}: chain refused it with ${chainError}${why ? ` (${why})` : ""}`,
      options,
    );
    this.chainError = chainError;
  }
}

/** Maps an RPC rejection message such as `1010: Invalid Transaction: Custom error: 19`. */
export function poolErrorName(message: string): string | null {
  const m = /Custom error: (\d+)/.exec(message);
  if (!m) return null;
  const code = Number(m[1]);
  return POOL_ERRORS[code] ? `SubtensorModule.${POOL_ERRORS[code]}` : `pool.Custom(${code})`;
}
