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
  | { ok: true; commitment: Commitment | ModelCommitment }
  | { ok: false; reason: string };

/**
 * Parses an on-chain commitment: the endpoint form `<hf-repo>:<revision>:<chute-id>` or the
 * model form `m1:<sha256>:<source>` ({@link parseModelCommitment}). Never throws: anything
 * else comes back with a reason, so callers can log it and skip the miner.
 */
export function parseCommitment(raw: string): ParseCommitmentResult {
  if (raw.length === 0) return { ok: false, reason: "commitment is empty" };
  const bytes = new TextEncoder().encode(raw).length;
  if (bytes > MAX_COMMITMENT_BYTES) {
    return { ok: false, reason: `commitment is ${bytes} bytes, over ${MAX_COMMITMENT_BYTES}` };
  }
  if (raw.startsWith(`${MODEL_COMMITMENT_TAG}:`)) {
    const model = parseModelCommitment(raw);
    return model.ok ? { ok: true, commitment: { model: model.model } } : model;
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

// ---- format v2: a committed model ----

/** Version tag of the model commitment, always first. */
export const MODEL_COMMITMENT_TAG = "m1";

const SHA256_REGEXP = /^[0-9a-f]{64}$/;
const HF_SOURCE_REGEXP = /^hf:([^@\s]+)@([^@\s]+)$/;

/**
 * A committed model: the full SHA-256 of the ONNX file and where to fetch it, either
 * `hf:<repo>@<revision>` (the file `model.onnx` of that Hugging Face revision) or an
 * `http(s)://` URL.
 */
export interface ModelRef {
  sha256: string;
  source: string;
}

/** A model commitment, parsed. */
export interface ModelCommitment {
  model: ModelRef;
}

/** Result of {@link parseModelCommitment}. */
export type ParseModelResult = { ok: true; model: ModelRef } | { ok: false; reason: string };

/**
 * Parses `m1:<sha256 as 64 lowercase hex>:<source>`, the source being `hf:<repo>@<revision>`
 * or an `http(s)://` URL. Never throws.
 */
export function parseModelCommitment(raw: string): ParseModelResult {
  const bytes = new TextEncoder().encode(raw).length;
  if (bytes > MAX_COMMITMENT_BYTES) {
    return { ok: false, reason: `commitment is ${bytes} bytes, over ${MAX_COMMITMENT_BYTES}` };
  }
  const first = raw.indexOf(":");
  const second = raw.indexOf(":", first + 1);
  if (raw.slice(0, first) !== MODEL_COMMITMENT_TAG || second < 0) {
    return { ok: false, reason: `expected ${MODEL_COMMITMENT_TAG}:<sha256>:<source>` };
  }
  const sha256 = raw.slice(first + 1, second);
  const source = raw.slice(second + 1);
  if (!SHA256_REGEXP.test(sha256)) {
    return { ok: false, reason: `sha256 "${sha256}" must be 64 lowercase hex characters` };
  }
  const why = sourceProblem(source);
  if (why !== null) return { ok: false, reason: `source "${source}" ${why}` };
  return { ok: true, model: { sha256, source } };
}

function sourceProblem(source: string): string | null {
  const hf = HF_SOURCE_REGEXP.exec(source);
  if (hf) {
    if (!REPO_REGEXP.test(hf[1])) return 'names a repo that is not like "user/name"';
    if (!/^[0-9a-f]{7,40}$/.test(hf[2])) return "needs a revision of 7 to 40 lowercase hex";
    return null;
  }
  if (/^https?:\/\//.test(source)) {
    try {
      const url = new URL(source);
      if (url.username || url.password) return "must not carry credentials";
      return null;
    } catch {
      return "is not a URL";
    }
  }
  return 'must be "hf:<repo>@<revision>" or an http(s) URL';
}

/** Input of {@link formatModelCommitment}: the hash and a repo + revision, or a URL. */
export interface ModelCommitmentInput {
  sha256: string;
  repo?: string;
  revision?: string;
  url?: string;
}

/**
 * Builds `m1:<sha256>:<source>`, checking every part.
 *
 * @throws {ValidationError} naming the bad part, or when the text is over 128 bytes
 */
export function formatModelCommitment(input: ModelCommitmentInput): string {
  const bad = (path: string, message: string) =>
    new ValidationError(`Cannot build commitment: ${message}`, [{ path, message }]);
  if ((input.url === undefined) === (input.repo === undefined)) {
    throw bad("repo", "give either a repo and a revision, or a URL");
  }
  const source = input.url !== undefined
    ? input.url.trim()
    : `hf:${input.repo!.trim()}@${(input.revision ?? "").trim().toLowerCase()}`;
  const text = `${MODEL_COMMITMENT_TAG}:${input.sha256.trim().toLowerCase()}:${source}`;
  const parsed = parseModelCommitment(text);
  if (!parsed.ok) throw bad(input.url !== undefined ? "url" : "repo", parsed.reason);
  return text;
}

/**
 * Where to download a committed model: the URL itself, or
 * `<hubUrl>/<repo>/resolve/<revision>/model.onnx` for a Hugging Face source.
 */
export function modelUrl(ref: ModelRef, hubUrl: string): string {
  const hf = HF_SOURCE_REGEXP.exec(ref.source);
  if (!hf) return ref.source;
  return `${hubUrl.replace(/\/+$/, "")}/${hf[1]}/resolve/${hf[2]}/model.onnx`;
}
