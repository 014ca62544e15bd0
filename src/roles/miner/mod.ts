/**
 * Miner tools. Imports `chain/`, `config/` types, `errors/` and `log/`; never another role.
 *
 * @module
 */
export { type ChainToolDeps, runCommit, runShowCommitment } from "./commit.ts";
