/**
 * Action-trace fingerprints and duplicate groups: a per-episode digest of the actions a miner
 * returned, and the grouping of miners whose digests match on paired episodes (copies and
 * proxies of one policy). Pure; imports nothing outside `core/`.
 *
 * @module
 */
export {
  ActionTrace,
  FINGERPRINT_HEX_LENGTH,
  FINGERPRINT_PRECISION,
  FINGERPRINT_REGEXP,
} from "./action_trace.ts";
export {
  type DuplicateGroup,
  type DuplicateOptions,
  type DuplicatePair,
  type EpisodeFingerprint,
  findDuplicateGroups,
} from "./duplicates.ts";
