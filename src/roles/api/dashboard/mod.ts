/**
 * The dashboard served by `kinitro api`: server-rendered pages of the current cycle (live),
 * each cycle's leaderboard with uncertainty, the explanation of its winners, weights history,
 * episode replays and the audit of a cycle; and the data builders the public JSON routes
 * share with them. Imports db/ and core/ (and hono, the API's package); its assets are
 * embedded text.
 *
 * @module
 */
export { dashboardRoutes, ErrorPage } from "./pages.tsx";
export { ASSETS, assetUrl } from "./assets.ts";
export { currentCycle, loadProgress } from "./data/progress.ts";
export { type CycleBoard, loadCycleBoard } from "./data/leaderboard.ts";
export { buildWhy, type ScatterMiner, type WhyView } from "./data/why.ts";
export { buildSubsets, type SubsetsView } from "./data/subsets.ts";
export {
  type DuplicateGroup,
  type ValidatorWeights,
  type ValidatorWeightsSource,
} from "./data/sources.ts";
