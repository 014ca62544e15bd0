-- Committed models (issue 18): the model result codes, and which renderer, runtime and model
-- produced each episode (verify-cycle re-runs CPU-rendered model episodes bit for bit).
ALTER TABLE episode_results DROP CONSTRAINT IF EXISTS episode_results_code_check;
ALTER TABLE episode_results ADD CONSTRAINT episode_results_code_check CHECK (code IN (
  'success', 'not_solved', 'miner_timeout', 'miner_error', 'miner_bad_action',
  'miner_unavailable', 'miner_model_unavailable', 'miner_model_hash_mismatch',
  'miner_model_invalid', 'miner_model_too_slow', 'miner_model_nan', 'miner_model_bad_output',
  'physics_error', 'infra_error'
));
-- "cpu" or "webgpu"; null for results recorded before this migration
ALTER TABLE episode_results ADD COLUMN renderer text;
-- e.g. "onnxruntime-web@1.31.1/wasm" for a model, "http" for an endpoint
ALTER TABLE episode_results ADD COLUMN runtime text;
-- SHA-256 of the committed model that was run (model miners only)
ALTER TABLE episode_results ADD COLUMN model_sha256 text;
-- SHA-256 over the episode's actions (see core actionDigest)
ALTER TABLE episode_results ADD COLUMN action_digest text;
