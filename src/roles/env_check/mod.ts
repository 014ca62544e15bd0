/**
 * Checking one environment locally, without a network: `kinitro test-env` (episodes of a
 * built-in policy, optionally recorded) and `kinitro render` (a seed's camera images and a
 * short rollout as PNG and GIF). Imports envs/ and render/.
 *
 * @module
 */
export { checkEnv, type CheckEnvOptions, envCameras, type EnvCheckReport } from "./check.ts";
export { renderEnv, type RenderEnvOptions, type RenderEnvReport } from "./render_env.ts";
