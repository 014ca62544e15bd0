// deno-lint-ignore-file no-console -- a bench script prints its figures
/**
 * `deno task bench:timelock`: wall time of a validator's timelocked commit of a 256-uid weight
 * vector (SCALE payload + `timelockEncrypt` to a drand round) against a reference run in the
 * same process: `timelockDecrypt` of the same ciphertext with the round's pulse (one full
 * pairing). Rounds are the local test beacon's so that the pulse is known.
 *
 * @module
 */
import {
  createTestBeacon,
  encodeWeightsPayload,
  timelockDecrypt,
  timelockEncrypt,
} from "../src/chain/mod.ts";

const TARGET_MS = 50;

/** Median wall time in ms over `runs` runs after one warm-up run. */
function time(runs: number, fn: (i: number) => void): number {
  fn(-1);
  const ms: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    fn(i);
    ms.push(performance.now() - t0);
  }
  ms.sort((a, b) => a - b);
  return ms[Math.floor(ms.length / 2)];
}

const beacon = createTestBeacon({ secretKey: new Uint8Array(32).fill(9) });
const hotkey = new Uint8Array(32).fill(7);
const uids = Array.from({ length: 256 }, (_, i) => i);
const values = uids.map((i) => (i * 257 + 11) % 65536);
const round = 22_000_000n;

function commit(r: bigint): Uint8Array {
  const payload = encodeWeightsPayload({ hotkey, uids, values, versionKey: 10_002_000n });
  return timelockEncrypt(payload, r, { publicKey: beacon.publicKey });
}

console.log(`timelock bench (${Deno.build.os}/${Deno.build.arch}, deno ${Deno.version.deno})`);
const sample = commit(round);
const opened = timelockDecrypt(sample, beacon.sign(round));
const payload = encodeWeightsPayload({ hotkey, uids, values, versionKey: 10_002_000n });
if (opened.length !== payload.length || opened.some((b, i) => b !== payload[i])) {
  throw new Error("The ciphertext does not open to the payload");
}
const pulse = beacon.sign(round);
const fresh = time(30, (i) => commit(round + BigInt(i + 2)));
const cached = time(30, () => commit(round));
const reference = time(30, () => timelockDecrypt(sample, pulse));
const row = (label: string, ms: number) =>
  console.log(
    `${label.padEnd(44)} ${ms.toFixed(2).padStart(7)} ms  ratio to reference ` +
      `${(ms / reference).toFixed(2)}`,
  );
console.log(`payload ${payload.length} bytes, ciphertext ${sample.length} bytes`);
row("encrypt 256 uids, new round each time", fresh);
row("encrypt 256 uids, same round (identity cached)", cached);
row("reference: decrypt with the pulse", reference);
console.log(`target < ${TARGET_MS} ms: ${fresh < TARGET_MS ? "met" : "MISSED"}`);
