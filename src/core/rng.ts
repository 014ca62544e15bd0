import { xoroshiro128plusFromState } from "pure-rand/generator/xoroshiro128plus";
import { uniformFloat64 } from "pure-rand/distribution/uniformFloat64";

/** A mutable reference to a pure-rand generator, with the draws the project needs. */
export interface Rng {
  /** Uniform in [0, 1). */
  uniform(): number;
  /** Uniform in [lo, hi). */
  range(lo: number, hi: number): number;
  /** Integer uniform in [lo, hi] (both included). */
  int(lo: number, hi: number): number;
  /** Standard normal (Box–Muller). */
  normal(): number;
  /** An independent generator derived from this one's next draws. */
  fork(): Rng;
}

/**
 * Creates a deterministic generator (xoroshiro128+) from a seed. Any non-negative safe
 * integer is accepted; all 53 bits feed the state, so nearby seeds give unrelated streams.
 *
 * @throws {RangeError} when the seed is not a non-negative safe integer
 */
export function createRng(seed: number): Rng {
  if (!Number.isSafeInteger(seed) || seed < 0) {
    throw new RangeError(
      `Cannot create a generator: seed "${seed}" is not a non-negative safe integer`,
    );
  }
  const lo = seed >>> 0;
  const hi = Math.floor(seed / 2 ** 32) >>> 0;
  // Every state word mixes both halves of the seed: the generator's first 32-bit output
  // sums the low words, so words that depend on one half only would make the first draw
  // nearly the same for nearby seeds.
  const state: number[] = [0x9e3779b9, 0x7f4a7c15, 0x85ebca6b, 0xc2b2ae35].map((k, i) =>
    mix(mix(lo ^ k) + Math.imul(hi ^ k, 0x27d4eb2d) + i)
  );
  if (!state.some((s) => s !== 0)) state[0] = 1;
  return wrap(xoroshiro128plusFromState(state));
}

function mix(x: number): number {
  x = Math.imul(x ^ (x >>> 16), 0x85ebca6b);
  x = Math.imul(x ^ (x >>> 13), 0xc2b2ae35);
  return (x ^ (x >>> 16)) | 0;
}

function wrap(gen: ReturnType<typeof xoroshiro128plusFromState>): Rng {
  const rng: Rng = {
    uniform: () => uniformFloat64(gen),
    range: (lo, hi) => lo + (hi - lo) * uniformFloat64(gen),
    int: (lo, hi) => lo + Math.floor(uniformFloat64(gen) * (hi - lo + 1)),
    normal: () => {
      const u = 1 - uniformFloat64(gen);
      const v = uniformFloat64(gen);
      return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    },
    fork: () => createRng(Math.floor(uniformFloat64(gen) * 2 ** 53)),
  };
  return rng;
}
