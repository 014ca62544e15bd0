import { KinitroError } from "../errors/mod.ts";

/** Messages for the chain errors Kinitro users meet, keyed by error name. */
const EXPLANATIONS: Record<string, string> = {
  SettingWeightsTooFast:
    "weights were set too recently; wait for WeightsSetRateLimit blocks since the last update",
  HotKeyNotRegisteredInSubNet: "the hotkey is not registered on this subnet",
  IncorrectWeightVersionKey: "the version key is lower than the subnet's WeightsVersionKey",
  CommitRevealEnabled:
    "the subnet has commit-reveal enabled, so set_weights is refused; weights must be " +
    "committed timelocked (kinitro validate does this when it reads the setting)",
  CommitRevealDisabled:
    "the subnet has commit-reveal disabled, so timelocked commits are refused; use set_weights",
  InvalidRevealRound: "the reveal round is older than the newest drand pulse the chain holds " +
    "(Drand.LastStoredRound); check this machine's clock",
  TooManyUnrevealedCommits:
    "the hotkey already has 10 unrevealed commits in this epoch; wait for them to be revealed",
  IncorrectCommitRevealVersion:
    "the commit carries a different version than the chain's CommitRevealWeightsVersion",
  CommittingWeightsTooFast:
    "weights were committed too recently; wait for WeightsSetRateLimit blocks since the last one",
  ExpiredWeightCommit: "the commit expired before it was revealed",
  RevealTooEarly: "the reveal is outside its reveal epoch",
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
 * Subtensor's `CustomTransactionError` codes: what the transaction pool answers
 * (`Invalid Transaction: Custom error: N`, or `{"invalid":{"custom":N}}`) when its
 * pre-dispatch checks refuse a call, with the pallet error each one stands for.
 */
const CUSTOM_TRANSACTION_ERRORS: Record<number, [name: string, why: string]> = {
  0: ["ColdkeyInSwapSchedule", "the coldkey is scheduled for a swap"],
  1: ["StakeAmountTooLow", "the hotkey has too little stake (NotEnoughStakeToSetWeights)"],
  2: ["BalanceTooLow", "the balance is too low"],
  3: ["SubnetNotExists", "the subnet does not exist"],
  4: ["HotkeyAccountDoesntExist", "the hotkey account does not exist"],
  5: ["NotEnoughStakeToWithdraw", "not enough stake to withdraw"],
  6: [
    "RateLimitExceeded",
    "sent too soon after the last weights or commit (SettingWeightsTooFast or " +
    "CommittingWeightsTooFast); wait for WeightsSetRateLimit blocks",
  ],
  7: ["InsufficientLiquidity", "insufficient liquidity"],
  8: ["SlippageTooHigh", "slippage too high"],
  9: ["TransferDisallowed", "transfers are disallowed"],
  10: ["HotKeyNotRegisteredInNetwork", "the hotkey is not registered on the network"],
  11: ["InvalidIpAddress", "invalid IP address"],
  12: ["ServingRateLimitExceeded", "serving rate limit exceeded"],
  13: ["InvalidPort", "invalid port"],
  14: ["ZeroMaxAmount", "zero max amount"],
  15: ["InvalidRevealRound", EXPLANATIONS.InvalidRevealRound],
  16: ["CommitNotFound", "no matching commit found (NoWeightsCommitFound)"],
  17: ["CommitBlockNotInRevealRange", "the reveal is outside its reveal epoch (RevealTooEarly)"],
  18: ["InputLengthsUnequal", "input vectors differ in length"],
  19: ["UidNotFound", "the hotkey is not registered on this subnet (HotKeyNotRegisteredInSubNet)"],
  20: ["EvmKeyAssociateRateLimitExceeded", "EVM key association rate limit exceeded"],
  21: ["ColdkeySwapDisputed", "the coldkey swap is disputed"],
  22: ["InvalidRealAccount", "invalid real account"],
  23: ["FailedShieldedTxParsing", "the shielded transaction cannot be parsed"],
  24: ["InvalidShieldedTxPubKeyHash", "invalid shielded transaction key hash"],
  25: ["NonAssociatedColdKey", "the coldkey is not associated"],
  26: ["DelegateTakeTooLow", "delegate take too low"],
  27: ["DelegateTakeTooHigh", "delegate take too high"],
  255: ["BadRequest", "the chain's pre-dispatch checks refused the call (BadRequest)"],
};

const POOL_PREFIX = "CustomTransactionError.";

/** One sentence on what a chain error means, by `Pallet.Error` or pool name; undefined if unknown. */
export function explainChainError(chainError: string): string | undefined {
  if (chainError.startsWith(POOL_PREFIX)) {
    const name = chainError.slice(POOL_PREFIX.length);
    return Object.values(CUSTOM_TRANSACTION_ERRORS).find(([n]) => n === name)?.[1];
  }
  return EXPLANATIONS[chainError.split(".").pop() ?? chainError];
}

/** A transaction the chain refused after it was sent, with the error that says why. */
export class ChainTxError extends KinitroError {
  /**
   * `Pallet.Error` (e.g. `SubtensorModule.SettingWeightsTooFast`) for a dispatch error, or
   * `CustomTransactionError.Name` (e.g. `CustomTransactionError.UidNotFound`) for a pool
   * rejection; `CustomTransactionError.Custom(N)` for an unknown code.
   */
  readonly chainError: string;
  /** What the error means, when known. */
  readonly explanation: string | undefined;
  constructor(action: string, chainError: string, options?: ErrorOptions) {
    const why = explainChainError(chainError);
    super(
      "conflict",
      `Cannot ${action}: chain refused it with ${chainError}${why ? ` (${why})` : ""}`,
      options,
    );
    this.chainError = chainError;
    this.explanation = why;
  }
}

/**
 * Finds a pool rejection code in an RPC error message or data, in any of the forms nodes use:
 * `1010: Invalid Transaction: Custom error: 19`, `{"invalid":{"custom":19}}`,
 * `Invalid(Custom(19))`. Returns `CustomTransactionError.<Name>`, or null for other errors.
 */
export function poolErrorName(message: string): string | null {
  const m = /custom(?:\s+error)?["']?\s*[:(]\s*(\d+)/i.exec(message);
  if (!m) return null;
  const code = Number(m[1]);
  const known = CUSTOM_TRANSACTION_ERRORS[code];
  return known ? `${POOL_PREFIX}${known[0]}` : `${POOL_PREFIX}Custom(${code})`;
}
