import { z } from "zod";
import { ValidationError } from "../errors/mod.ts";

/** Largest commitment the chain stores in a `Raw` field. */
export const MAX_COMMITMENT_BYTES = 128;

/** Length the CLI shortens a commit SHA to. */
export const REVISION_LENGTH = 12;

const REPO_REGEXP = /^[A-Za-z0-9][A-Za-z0-9._-]{0,95}\/[A-Za-z0-9][A-Za-z0-9._-]{0,95}$/;
const REVISION_REGEXP = /^[0-9a-f]{7,64}$/;
const UUID_REGEXP = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** A miner's commitment `<hf-repo>:<revision>:<chute-id>`, parsed. */
export const CommitmentSchema = z.object({
  repo: z.string().regex(REPO_REGEXP, 'must be a Hugging Face repo id like "user/name"'),
  revision: z.string().regex(REVISION_REGEXP, "must be 7 to 64 lowercase hex characters"),
  chuteId: z.string().regex(UUID_REGEXP, "must be a lowercase UUID"),
});

/** A parsed miner commitment. */
export type Commitment = z.output<typeof CommitmentSchema>;

/** Result of {@link parseCommitment}: the commitment, or why it does not parse. */
export type ParseCommitmentResult =
  | { ok: true; commitment: Commitment }
  | { ok: false; reason: string };

/**
 * Parses the on-chain text `<hf-repo>:<revision>:<chute-id>`. Never throws: anything else
 * comes back with a reason, so callers can log it and skip the miner.
 */
export function parseCommitment(raw: string): ParseCommitmentResult {
  if (raw.length === 0) return { ok: false, reason: "commitment is empty" };
  const bytes = new TextEncoder().encode(raw).length;
  if (bytes > MAX_COMMITMENT_BYTES) {
    return { ok: false, reason: `commitment is ${bytes} bytes, over ${MAX_COMMITMENT_BYTES}` };
  }
  const parts = raw.split(":");
  if (parts.length !== 3) {
    return {
      ok: false,
      reason: `expected 3 colon-separated parts <repo>:<revision>:<chute-id>, got ${parts.length}`,
    };
  }
  const [repo, revision, chuteId] = parts;
  const parsed = CommitmentSchema.safeParse({
    repo,
    revision: revision.toLowerCase(),
    chuteId: chuteId.toLowerCase(),
  });
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const key = String(issue.path[0]);
    const value = key === "repo" ? repo : key === "revision" ? revision : chuteId;
    return { ok: false, reason: `${key} "${value}" ${issue.message}` };
  }
  return { ok: true, commitment: parsed.data };
}

/** Input of {@link formatCommitment}. */
export interface CommitmentInput {
  repo: string;
  /** Full or short commit SHA; shortened to {@link REVISION_LENGTH} characters. */
  revision: string;
  chuteId: string;
}

/**
 * Builds the on-chain commitment text `<repo>:<rev12>:<chute-id>`, checking every part
 * before anything is sent.
 *
 * @throws {ValidationError} naming the bad part (colon, bad SHA, bad UUID, too long)
 */
export function formatCommitment(input: CommitmentInput): string {
  const fields: [keyof CommitmentInput, string][] = [
    ["repo", input.repo],
    ["revision", input.revision],
    ["chuteId", input.chuteId],
  ];
  for (const [key, value] of fields) {
    if (value.includes(":")) {
      throw new ValidationError(`Cannot build commitment: ${key} "${value}" contains ":"`, [
        { path: key, message: 'must not contain ":"' },
      ]);
    }
  }
  const revision = input.revision.trim().toLowerCase().slice(0, REVISION_LENGTH);
  const candidate = {
    repo: input.repo.trim(),
    revision,
    chuteId: input.chuteId.trim().toLowerCase(),
  };
  const parsed = CommitmentSchema.safeParse(candidate);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const key = String(issue.path[0]) as keyof CommitmentInput;
    throw new ValidationError(
      `Cannot build commitment: ${key} "${input[key]}" ${issue.message}`,
      parsed.error.issues.map((i) => ({ path: i.path.join("."), message: i.message })),
    );
  }
  const text = `${parsed.data.repo}:${parsed.data.revision}:${parsed.data.chuteId}`;
  const bytes = new TextEncoder().encode(text).length;
  if (bytes > MAX_COMMITMENT_BYTES) {
    throw new ValidationError(
      `Cannot build commitment: "${text}" is ${bytes} bytes, over the ${MAX_COMMITMENT_BYTES}-byte limit`,
      [{ path: "repo", message: "too long" }],
    );
  }
  return text;
}
