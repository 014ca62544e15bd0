/**
 * Miner tools: commitments, and the mock policy server used for tests and fault injection.
 * Imports `chain/`, `client/`, `core/`, `config/` types, `errors/` and `log/`; never another
 * role.
