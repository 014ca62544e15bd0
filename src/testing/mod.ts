/**
 * Helpers for tests and benches only: plain reference implementations and fakes. Nothing
 * outside `*_test.ts` files and `tools/` may import this folder.
 *
 * @module
 */
export { type ReferenceScores, scoreTableReference, subsetKey } from "./scoring_reference.ts";
