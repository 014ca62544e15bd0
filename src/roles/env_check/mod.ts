/**
 * Checking one environment locally, without a network: `kinitro test-env` (episodes of a
 * built-in policy, optionally recorded), `kinitro render` (a seed's camera images and a
 * short rollout as PNG and GIF) and `kinitro doctor` (which renderer this machine uses).
 * Imports envs/ and render/.
 *
 * @module
 */
export { checkEnv, type CheckEnvOptions, envCameras, type EnvCheckReport } from "./check.ts";
export { renderEnv, type RenderEnvOptions, type RenderEnvReport } from "./render_env.ts";
export { diagnoseRenderer, type RendererDiagnosis } from "./doctor.ts";
