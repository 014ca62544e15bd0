import { z } from "zod";

/** Whose fault an episode's end is: nobody's (solved or not), the miner's, or ours. */
export type ResultFault = "none" | "miner" | "ours";

/** What one episode result code means. */
export interface ResultCodeInfo {
  /** Whose fault the end is; `ours` is retried and never scored against the miner. */
  fault: ResultFault;
  /** One line for logs, help and the docs (`docs/miner-protocol.md` lists every code). */
  meaning: string;
}

/**
 * Every episode result code, in the order the API, the database and reports list them: the one
 * table. The schema, the code list and the fault predicates are derived from it; a test checks
 * that `docs/miner-protocol.md` documents each code.
 */
export const EPISODE_RESULT_CODE_TABLE = {
  success: { fault: "none", meaning: "the task was solved" },
  not_solved: { fault: "none", meaning: "all steps ran without solving the task" },
  miner_timeout: { fault: "miner", meaning: "the episode ended on misses, the last a timeout" },
  miner_error: {
    fault: "miner",
    meaning: "the last miss was an HTTP error, a body that is not JSON, or one over the size cap",
  },
  miner_bad_action: {
    fault: "miner",
    meaning: "the last miss was an action that is not four finite numbers",
  },
  miner_unavailable: {
    fault: "miner",
    meaning: "the endpoint could not be reached, stayed cold, or is not a public host",
  },
  miner_model_unavailable: {
    fault: "miner",
    meaning: "the committed model could not be downloaded (HTTP error, truncated, too large)",
  },
  miner_model_hash_mismatch: {
    fault: "miner",
    meaning: "the downloaded model's SHA-256 is not the committed one",
  },
  miner_model_invalid: {
    fault: "miner",
    meaning: "the model is not ONNX or its inputs and outputs are outside the contract",
  },
  miner_model_too_slow: { fault: "miner", meaning: "one model step is over the time limit" },
  miner_model_nan: { fault: "miner", meaning: "the model's action holds NaN or ±Infinity" },
  miner_model_bad_output: {
    fault: "miner",
    meaning: "the model run fails or returns the wrong shape",
  },
  physics_error: { fault: "ours", meaning: "the simulation diverged" },
  infra_error: {
    fault: "ours",
    meaning: "our side failed (renderer, worker crash, Chutes API error, lease expiry)",
  },
} as const satisfies Record<string, ResultCodeInfo>;

/** Result code of an episode. */
export type EpisodeResultCode = keyof typeof EPISODE_RESULT_CODE_TABLE;

/** Every episode result code, in table order. */
export const EPISODE_RESULT_CODES = Object.keys(EPISODE_RESULT_CODE_TABLE) as [
  EpisodeResultCode,
  ...EpisodeResultCode[],
];

/**
 * Result code stored with every episode. `physics_error` and `infra_error` are ours:
 * retried and never scored against the miner.
 */
export const EpisodeResultCodeSchema = z.enum(EPISODE_RESULT_CODES);

/** Whether a result code is the miner's fault (it counts as a failed episode). */
export function isMinerFault(code: EpisodeResultCode): boolean {
  return EPISODE_RESULT_CODE_TABLE[code]?.fault === "miner";
}

/** Whether a result code is our fault (the task is retried and not scored). */
export function isInfraFault(code: EpisodeResultCode): boolean {
  return EPISODE_RESULT_CODE_TABLE[code]?.fault === "ours";
}
