/**
 * The cycle secret, its public commitment and the paired scene seeds derived from it
 * (ARCHITECTURE.md section 4).
 *
 * - The secret is {@link CYCLE_SECRET_BYTES} random bytes drawn by the caller (this module
 *   stays deterministic: it never draws randomness itself). It is stored and published as
 *   lower-case hex.
 * - The commitment is `sha256(secret)`, the SHA-256 of the 32 raw bytes (not of the hex
 *   text), as lower-case hex. It is public while the cycle runs; the secret is revealed when
 *   the cycle ends, and anyone can check `sha256(hexToBytes(secret)) === commitment`.
 * - The scene seed of episode `i` of environment `env` is
 *   `HMAC-SHA256(key = secret, message = utf8(env) ‖ 0x00 ‖ u32be(i))`, of which the first
 *   6 bytes, read big-endian, form the seed: an integer in [0, 2^48), safe in JavaScript and
 *   in a PostgreSQL `bigint`. The 0x00 byte separates the id from the index so that no two
 *   (env, index) pairs share a message (ids never contain NUL). Every miner gets the same
 *   seed for the same (env, episode): evaluation is paired.
 */

/** Length of a cycle secret in bytes. */
export const CYCLE_SECRET_BYTES = 32;

/** Number of HMAC bytes that form a scene seed (big-endian), so seeds are below 2^48. */
export const SCENE_SEED_BYTES = 6;

/** Largest episode index a seed message can carry (u32). */
export const MAX_EPISODE_INDEX = 0xffff_ffff;

const HEX_REGEXP = /^(?:[0-9a-f]{2})*$/;

/** Lower-case hex of `bytes`. */
export function bytesToHex(bytes: Uint8Array): string {
  let out = "";
  for (const b of bytes) out += b.toString(16).padStart(2, "0");
  return out;
}

/**
 * Bytes of a hex string (either case).
 *
 * @throws {RangeError} when `hex` is not an even-length hex string
 */
export function hexToBytes(hex: string): Uint8Array {
  const lower = hex.toLowerCase();
  if (!HEX_REGEXP.test(lower)) {
    throw new RangeError(`Cannot decode hex "${abbreviate(hex)}": not an even-length hex string`);
  }
  const out = new Uint8Array(lower.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(lower.slice(2 * i, 2 * i + 2), 16);
  return out;
}

/**
 * The public commitment of a cycle secret: `sha256(secret)` as lower-case hex.
 *
 * @throws {RangeError} when the secret is not {@link CYCLE_SECRET_BYTES} bytes long
 */
export async function cycleCommitment(secret: Uint8Array): Promise<string> {
  checkSecret(secret);
  const digest = await crypto.subtle.digest("SHA-256", secret as Uint8Array<ArrayBuffer>);
  return bytesToHex(new Uint8Array(digest));
}

/** Whether a revealed secret (hex) matches a published commitment (hex). */
export async function verifyCycleSecret(secretHex: string, commitment: string): Promise<boolean> {
  let secret: Uint8Array;
  try {
    secret = hexToBytes(secretHex);
    checkSecret(secret);
  } catch {
    return false;
  }
  return (await cycleCommitment(secret)) === commitment.toLowerCase();
}

/** The message whose HMAC gives a scene seed: `utf8(envId) ‖ 0x00 ‖ u32be(episodeIndex)`. */
export function sceneSeedMessage(envId: string, episodeIndex: number): Uint8Array {
  if (envId.length === 0 || envId.includes("\u0000")) {
    throw new RangeError(`Cannot derive a scene seed: env id "${envId}" is empty or has NUL`);
  }
  if (!Number.isInteger(episodeIndex) || episodeIndex < 0 || episodeIndex > MAX_EPISODE_INDEX) {
    throw new RangeError(
      `Cannot derive a scene seed: episode index "${episodeIndex}" is not a u32 integer`,
    );
  }
  const id = new TextEncoder().encode(envId);
  const msg = new Uint8Array(id.length + 5);
  msg.set(id, 0);
  msg[id.length] = 0;
  new DataView(msg.buffer).setUint32(id.length + 1, episodeIndex, false);
  return msg;
}

/** Derives scene seeds from one cycle secret. */
export interface SceneSeeder {
  /** Seed of episode `episodeIndex` of `envId`, in [0, 2^48). */
  seed(envId: string, episodeIndex: number): Promise<number>;
}

/**
 * Creates a {@link SceneSeeder} for a cycle secret (the HMAC key is imported once).
 *
 * @throws {RangeError} when the secret is not {@link CYCLE_SECRET_BYTES} bytes long
 *
 * @example Seeds are the same for every miner, and differ per episode
 * ```ts
 * import { createSceneSeeder } from "./cycle.ts";
 * const seeder = await createSceneSeeder(new Uint8Array(32));
 * const a = await seeder.seed("metaworld/reach-v4", 0);
 * const b = await seeder.seed("metaworld/reach-v4", 1);
 * if (a === b || a !== await seeder.seed("metaworld/reach-v4", 0)) throw new Error();
 * ```
 */
export async function createSceneSeeder(secret: Uint8Array): Promise<SceneSeeder> {
  checkSecret(secret);
  const key = await crypto.subtle.importKey(
    "raw",
    secret as Uint8Array<ArrayBuffer>,
    { name: "HMAC", hash: "SHA-256" },
    false,
    ["sign"],
  );
  return {
    async seed(envId: string, episodeIndex: number): Promise<number> {
      const msg = sceneSeedMessage(envId, episodeIndex);
      const mac = new Uint8Array(
        await crypto.subtle.sign("HMAC", key, msg as Uint8Array<ArrayBuffer>),
      );
      let seed = 0;
      for (let i = 0; i < SCENE_SEED_BYTES; i++) seed = seed * 256 + mac[i];
      return seed;
    },
  };
}

/** Scene seeds of a cycle: `seeds.get(envId)[episodeIndex]`. */
export type SceneSeedTable = ReadonlyMap<string, readonly number[]>;

/** Derives the seed of every (env, episode) of a cycle, once for all miners. */
export async function deriveSceneSeeds(
  secret: Uint8Array,
  options: { envIds: readonly string[]; episodesPerEnv: number },
): Promise<SceneSeedTable> {
  const seeder = await createSceneSeeder(secret);
  const table = new Map<string, number[]>();
  for (const envId of options.envIds) {
    const seeds: number[] = [];
    for (let i = 0; i < options.episodesPerEnv; i++) seeds.push(await seeder.seed(envId, i));
    table.set(envId, seeds);
  }
  return table;
}

function checkSecret(secret: Uint8Array): void {
  if (secret.length !== CYCLE_SECRET_BYTES) {
    throw new RangeError(
      `Cannot use cycle secret: it is ${secret.length} bytes, expected ${CYCLE_SECRET_BYTES}`,
    );
  }
}

function abbreviate(s: string): string {
  return s.length > 16 ? s.slice(0, 16) + "..." : s;
}
