/**
 * Subtensor's own transaction extensions: they add no bytes to the extrinsic or the signed
 * payload, so @polkadot/api must treat them as empty instead of warning about them.
 */
export const SUBTENSOR_EXTENSIONS: Record<
  string,
  { extrinsic: Record<string, never>; payload: Record<string, never> }
> = Object.fromEntries(
  [
    "SubtensorTransactionExtension",
    "SubtensorSignedExtension",
    "CommitmentsSignedExtension",
    "DrandPriority",
    "CheckShieldedTxValidity",
    "SudoTransactionExtension",
  ].map((name) => [name, { extrinsic: {}, payload: {} }]),
);
