import type { CommandSpec } from "../command.ts";
import { buildCommand } from "./build.ts";
import { commitCommand } from "./commit.ts";
import { initMinerCommand } from "./init_miner.ts";
import { mockMinerCommand } from "./mock_miner.ts";
import { showCommitmentCommand } from "./show_commitment.ts";
import { testScoringCommand } from "./test_scoring.ts";
import { validateCommand } from "./validate.ts";
import { listEnvsCommand } from "./list_envs.ts";
import { testEnvCommand } from "./test_env.ts";

/**
 * Every command of the binary, in help order. Each entry lives in its own file in this
 * folder and lazy-imports its role inside `run`.
 */
// deno-lint-ignore no-explicit-any
export const COMMANDS: CommandSpec<any>[] = [
  listEnvsCommand,
  testEnvCommand,
  testScoringCommand,
  commitCommand,
  showCommitmentCommand,
  initMinerCommand,
  buildCommand,
  mockMinerCommand,
  validateCommand,
];
