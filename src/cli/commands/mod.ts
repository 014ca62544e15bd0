import type { CommandSpec } from "../command.ts";
import { API } from "./api.ts";
import { API_KEY_CREATE } from "./api_key_create.ts";
import { API_KEY_LIST } from "./api_key_list.ts";
import { API_KEY_REVOKE } from "./api_key_revoke.ts";
import { auditEnvCommand } from "./audit_env.ts";
import { demoCommand } from "./demo.ts";
import { doctorCommand } from "./doctor.ts";
import { demosCommand } from "./demos.ts";
import { envServerCommand } from "./env_server.ts";
import { DB_CREATE } from "./db_create.ts";
import { DB_DROP } from "./db_drop.ts";
import { DB_INIT } from "./db_init.ts";
import { DB_MIGRATE } from "./db_migrate.ts";
import { DB_RESET } from "./db_reset.ts";
import { DB_STATUS } from "./db_status.ts";
import { buildCommand } from "./build.ts";
import { buildEvalEnvCommand } from "./build_eval_env.ts";
import { chainStatusCommand } from "./chain_status.ts";
import { commitCommand } from "./commit.ts";
import { evalCommand } from "./eval.ts";
import { verifyCycleCommand } from "./verify_cycle.ts";
import { executorCommand } from "./executor.ts";
import { initMinerCommand } from "./init_miner.ts";
import { listEnvsCommand } from "./list_envs.ts";
import { mockMinerCommand } from "./mock_miner.ts";
import { renderCommand } from "./render.ts";
import { schedulerCommand } from "./scheduler.ts";
import { showCommitmentCommand } from "./show_commitment.ts";
import { testEnvCommand } from "./env_check.ts";
import { testScoringCommand } from "./scoring_check.ts";
import { validateCommand } from "./validate.ts";

/**
 * Every command of the binary, in help order. Each entry lives in its own file in this
 * folder and lazy-imports its role inside `run`.
 */
// deno-lint-ignore no-explicit-any
export const COMMANDS: CommandSpec<any>[] = [
  demoCommand,
  API,
  schedulerCommand,
  executorCommand,
  validateCommand,
  chainStatusCommand,
  initMinerCommand,
  evalCommand,
  verifyCycleCommand,
  commitCommand,
  showCommitmentCommand,
  mockMinerCommand,
  buildCommand,
  buildEvalEnvCommand,
  listEnvsCommand,
  testEnvCommand,
  auditEnvCommand,
  renderCommand,
  doctorCommand,
  envServerCommand,
  demosCommand,
  testScoringCommand,
  DB_CREATE,
  DB_INIT,
  DB_MIGRATE,
  DB_STATUS,
  DB_RESET,
  DB_DROP,
  API_KEY_CREATE,
  API_KEY_LIST,
  API_KEY_REVOKE,
];
