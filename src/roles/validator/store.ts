import { join } from "node:path";
import { z } from "zod";
import { ConfigError } from "../../errors/mod.ts";

/** What the validator remembers about the last weights record it set (or committed). */
export const LastSetSchema = z.object({
  cycleId: z.number().int().nonnegative(),
  /** The record's block (when its cycle read the miners). */
  block: z.number().int().nonnegative(),
  /** SHA-256 (hex) of the record's signed bytes: the same cycle must carry the same content. */
  digest: z.string().regex(/^[0-9a-f]{64}$/),
  /** Chain block at which it was set or committed. */
  setAt: z.number().int().nonnegative(),
  /** Its commit was not applied at the reveal; commit it again. */
  retry: z.boolean().optional(),
});

/** The validator's own timelocked commit, until its reveal has been checked. */
export const PendingWeightsCommitSchema = z.object({
  cycleId: z.number().int().nonnegative(),
  revealRound: z.string().regex(/^\d+$/),
  commitBlock: z.number().int().nonnegative(),
  uids: z.array(z.number().int().min(0).max(65535)),
  weights: z.array(z.number().int().min(0).max(65535)),
  versionKey: z.string().regex(/^\d+$/),
  /** The ciphertext as submitted (hex), to tell why a reveal failed. */
  ciphertext: z.string().regex(/^[0-9a-f]*$/),
});

/** What the validator keeps per netuid between iterations and restarts. */
export const ValidatorStateSchema = z.object({
  last: LastSetSchema.optional(),
  pending: PendingWeightsCommitSchema.optional(),
});

/** What the validator keeps per netuid between iterations and restarts. */
export type ValidatorState = z.output<typeof ValidatorStateSchema>;
/** The last record set. */
export type LastSet = z.output<typeof LastSetSchema>;
/** The validator's own commit waiting for its reveal. */
export type PendingWeightsCommit = z.output<typeof PendingWeightsCommitSchema>;

/** Where the validator state lives. */
export interface ValidatorStore {
  /** The saved state, or an empty one. */
  load(): Promise<ValidatorState>;
  save(state: ValidatorState): Promise<void>;
}

/**
 * Keeps the state of one netuid in `<dir>/weights-netuid-<netuid>.json`, written atomically
 * (temporary file, then rename).
 */
export function fileValidatorStore(dir: string, netuid: number): ValidatorStore & { path: string } {
  const path = join(dir, `weights-netuid-${netuid}.json`);
  return {
    path,
    async load() {
      let text: string;
      try {
        text = await Deno.readTextFile(path);
      } catch (err) {
        if (err instanceof Deno.errors.NotFound) return {};
        throw new ConfigError(`Cannot read validator state "${path}": ${(err as Error).message}`);
      }
      let json: unknown;
      try {
        json = JSON.parse(text);
      } catch (err) {
        throw new ConfigError(
          `Cannot read validator state "${path}": not JSON (${(err as Error).message}); ` +
            "remove the file to start without replay history",
        );
      }
      const parsed = ValidatorStateSchema.safeParse(json);
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        throw new ConfigError(
          `Cannot read validator state "${path}": ${issue.path.join(".")} ${issue.message}; ` +
            "remove the file to start without replay history",
        );
      }
      return parsed.data;
    },
    async save(state) {
      await Deno.mkdir(dir, { recursive: true });
      const tmp = `${path}.tmp`;
      await Deno.writeTextFile(tmp, JSON.stringify(state, null, 2) + "\n");
      await Deno.rename(tmp, path);
    },
  };
}

/** A store in memory, for tests and dry runs. */
export function memoryValidatorStore(initial: ValidatorState = {}): ValidatorStore {
  let state = structuredClone(initial);
  return {
    load: () => Promise.resolve(structuredClone(state)),
    save: (s) => {
      state = structuredClone(s);
      return Promise.resolve();
    },
  };
}
