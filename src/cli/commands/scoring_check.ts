import { z } from "zod";
import { boolish, field, seedValue } from "../../config/mod.ts";
import { DEFAULT_SCORING_OPTIONS, SUBSET_SCHEMES } from "../../core/mod.ts";
import { defineCommand } from "../command.ts";

/** Flags of `kinitro test-scoring` (all flag-only). */
export const TestScoringConfigSchema = z.object({
  scores: field(
    z.string().min(1).optional(),
    "JSON score table to score (format in docs/scoring.md); without it a random table is scored",
    { env: false, valueName: "FILE" },
  ),
  random: field(
    z.string().min(1).optional(),
    "Score a random table of this many miners x environments (default 5x3)",
    { env: false, valueName: "MINERSxENVS" },
  ),
  seed: field(
    seedValue(),
    "Seed of the random table",
    { env: false, valueName: "N" },
  ),
  scheme: field(
    z.enum(SUBSET_SCHEMES).default(DEFAULT_SCORING_OPTIONS.scheme),
    "Points per won subset by its size s: s, 2^(s-1) or 1",
    { env: false, valueName: "SCHEME" },
  ),
  temperature: field(
    z.coerce.number().positive().default(DEFAULT_SCORING_OPTIONS.temperature),
    "Softmax temperature turning points into weights",
    { env: false, valueName: "T" },
  ),
  burnUid: field(
    z.coerce.number().int().min(0).max(65535).optional(),
    "uid that gets all weight when no miner earns points (default: the file's burn_uid, else 0)",
    { env: false, valueName: "UID" },
  ),
  json: field(
    boolish().default(false),
    'Print one JSON object {"points", "weights", "burn", "u16"} instead of tables',
    { env: false },
  ),
});

/** Resolved flags of `kinitro test-scoring`. */
export type TestScoringConfig = z.output<typeof TestScoringConfigSchema>;

/** `kinitro test-scoring`: scores a table from a file or a seeded random one and prints it. */
export const testScoringCommand = defineCommand({
  name: "test-scoring",
  summary: "Score a table of success rates (from a file or random) and show points and weights",
  description: [
    "Runs the cycle scoring on a score table: per-pair noise margins, subset winners, points,",
    "softmax weights and the u16 weights validators set. A missing file exits 2, an invalid",
    "one exits 3.",
  ].join("\n"),
  schema: TestScoringConfigSchema,
  async run(ctx) {
    const { runTestScoring } = await import("./_scoring_check.ts");
    return runTestScoring(ctx.config, { print: ctx.print, log: ctx.log });
  },
});
