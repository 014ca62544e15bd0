import { z } from "zod";
import { DEFAULT_SCORING_OPTIONS, SUBSET_SCHEMES } from "../core/mod.ts";
import {
  boolish,
  ChainConfigSchema,
  DatabaseConfigSchema,
  DEFAULT_ENV_IDS,
  field,
  LogConfigSchema,
  WalletConfigSchema,
} from "./shared.ts";

const ENV_ID_REGEXP = /^[a-z0-9]+(?:-[a-z0-9]+)*\/[a-z0-9]+(?:-[a-z0-9]+)*-v\d+$/;

/** Options of `kinitro scheduler` (role `scheduler`: env `KINITRO_SCHEDULER_*`). */
/**
 * The scheduler's scoring settings at their defaults: core's `DEFAULT_SCORING_OPTIONS` (the one
 * source) under the scheduler config's names.
 */
export const DEFAULT_CYCLE_SCORING = Object.freeze({
  epsZ: DEFAULT_SCORING_OPTIONS.z,
  epsMin: DEFAULT_SCORING_OPTIONS.epsMin,
  epsMax: DEFAULT_SCORING_OPTIONS.epsMax,
  pointsMode: DEFAULT_SCORING_OPTIONS.scheme,
  temperature: DEFAULT_SCORING_OPTIONS.temperature,
});

export const SchedulerConfigSchema = z.object({
  ...LogConfigSchema.shape,
  ...DatabaseConfigSchema.shape,
  ...ChainConfigSchema.shape,
  ...WalletConfigSchema.shape,
  minersFile: field(
    z.string().min(1).optional(),
    "JSON file of miners [{uid, hotkey, endpoint | commitment, commit_block}] used as a " +
      "local chain instead of --network (demo, tests, private networks)",
    { valueName: "PATH" },
  ),
  once: field(boolish().default(false), "Run one evaluation cycle and exit", { env: false }),
  evalInterval: field(
    z.coerce.number().min(0).default(3600),
    "Seconds to wait after a cycle ends before the next one starts",
    { aliases: ["EVAL_INTERVAL"], valueName: "SECONDS" },
  ),
  cycleTimeout: field(
    z.coerce.number().positive().default(7200),
    "Seconds a cycle may run; at its deadline unfinished tasks are closed and the cycle is " +
      "scored on the episodes that finished",
    { valueName: "SECONDS" },
  ),
  pollInterval: field(
    z.coerce.number().positive().default(10),
    "Seconds between progress checks while a cycle runs",
    { valueName: "SECONDS" },
  ),
  episodesPerEnv: field(
    z.coerce.number().int().min(1).max(10_000).default(50),
    "Episodes per environment and miner in each cycle",
    { aliases: ["EPISODES_PER_ENV"], valueName: "N" },
  ),
  envIds: field(
    z.array(z.string().regex(ENV_ID_REGEXP, "Must be an id like metaworld/reach-v4")).min(1)
      .max(20).default([...DEFAULT_ENV_IDS]),
    "Comma-separated environment ids evaluated each cycle",
    { valueName: "IDS" },
  ),
  maxSteps: field(
    z.coerce.number().int().min(1).max(100_000).default(500),
    "Step limit of each episode",
    { valueName: "N" },
  ),
  maxAttempts: field(
    z.coerce.number().int().min(1).max(20).default(3),
    "Leases a task may take (expired leases, infra and physics errors) before it ends as " +
      "infra_error, which is not scored against the miner",
    { valueName: "N" },
  ),
  epsZ: field(
    z.coerce.number().min(0).default(DEFAULT_CYCLE_SCORING.epsZ),
    "z multiplier of the two-proportion standard error in the noise margin eps",
    { valueName: "Z" },
  ),
  epsMin: field(
    z.coerce.number().min(0).max(1).default(DEFAULT_CYCLE_SCORING.epsMin),
    "Lower clamp of eps",
    { valueName: "EPS" },
  ),
  epsMax: field(
    z.coerce.number().min(0).max(1).default(DEFAULT_CYCLE_SCORING.epsMax),
    "Upper clamp of eps",
    { valueName: "EPS" },
  ),
  pointsMode: field(
    z.enum(SUBSET_SCHEMES).default(DEFAULT_CYCLE_SCORING.pointsMode),
    "Points of a subset winner: linear |S|, exponential 2^(|S|-1), or equal",
    { valueName: "MODE" },
  ),
  temperature: field(
    z.coerce.number().positive().default(DEFAULT_CYCLE_SCORING.temperature),
    "Softmax temperature turning points into weights",
    { valueName: "T" },
  ),
  burnUid: field(
    z.coerce.number().int().min(0).max(65535).optional(),
    "uid that receives all weight when no miner earns points (burned); default: the uid of " +
      "the subnet owner's hotkey, read from the chain each cycle",
    { valueName: "UID" },
  ),
  signWeights: field(
    boolish().default(false),
    "Sign each weights record with the operator hotkey (--wallet-name, --hotkey-name)",
  ),
}).refine((c) => c.epsMin <= c.epsMax, {
  path: ["epsMin"],
  message: "Must not exceed --eps-max",
});

/** Resolved scheduler configuration. */
export type SchedulerConfig = z.output<typeof SchedulerConfigSchema>;
