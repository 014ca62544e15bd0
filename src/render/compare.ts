/** Image comparison figures used by render tests and golden frames. */

/** Mean absolute difference per channel, in 0..255 units. */
export function meanAbsDiff(a: Uint8Array, b: Uint8Array): number {
  if (a.length !== b.length) {
    throw new RangeError(`Cannot compare images: sizes "${a.length}" and "${b.length}" differ`);
  }
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += Math.abs(a[i] - b[i]);
  return sum / a.length;
}

/** Root-mean-square difference per channel, in 0..255 units. */
export function rmsDiff(a: Uint8Array, b: Uint8Array): number {
  if (a.length !== b.length) {
    throw new RangeError(`Cannot compare images: sizes "${a.length}" and "${b.length}" differ`);
  }
  let sum = 0;
  for (let i = 0; i < a.length; i++) {
    const d = a[i] - b[i];
    sum += d * d;
  }
  return Math.sqrt(sum / a.length);
}
