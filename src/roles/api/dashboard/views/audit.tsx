import type { FC } from "hono/jsx";
import type { CycleWire } from "../../../../core/wire/mod.ts";
import { envLabel } from "./format.ts";
import { DataTable } from "./table.tsx";

/** What the audit section shows. */
export interface AuditView {
  cycle: CycleWire;
  /** Scene seeds by environment, once the secret is revealed; null before. */
  seeds: Map<string, readonly number[]> | null;
  /** Whether sha256(secret) equals the commitment; null before the reveal. */
  secretMatches: boolean | null;
  /** The signed weights record's signer and signature, when the cycle has one. */
  signed: { signer: string | null; signature: string | null; block: number } | null;
  /** Base URL of this API, for the verify command. */
  apiUrl: string;
}

/**
 * The audit of a cycle: the seed commitment published when it opened, the secret and every
 * scene seed once revealed (never before), the scoring parameters, the signature of the
 * weights, and the command that re-verifies the cycle.
 */
export const AuditSection: FC<{ a: AuditView }> = ({ a }) => {
  const c = a.cycle;
  const s = c.scoring;
  return (
    <>
      <dl class="facts">
        <dt>Seed commitment</dt>
        <dd class="mono">sha256(secret) = {c.seed_commitment}</dd>
        <dt>Secret</dt>
        <dd>
          {c.secret === null
            ? "sealed: it is published when the cycle ends, so nobody can know the scenes before"
            : (
              <>
                <span class="mono">{c.secret}</span> {a.secretMatches
                  ? <span class="ok">(its sha256 matches the commitment)</span>
                  : <span class="bad">(its sha256 does NOT match the commitment)</span>}
              </>
            )}
        </dd>
        <dt>Scene seeds</dt>
        <dd>
          seed(env, i) = first 6 bytes of HMAC-SHA256(secret, env ‖ 0x00 ‖ u32be(i)), the same for
          every miner
        </dd>
        <dt>Scoring</dt>
        <dd>
          {s
            ? `z = ${s.z}, ε in [${s.eps_min}, ${s.eps_max}], points ${s.scheme}, softmax temperature ${s.temperature}`
            : "not recorded for this cycle (opened before the parameters were stored)"}
        </dd>
        <dt>Weights signature</dt>
        <dd>
          {a.signed === null
            ? "no weights record"
            : a.signed.signature === null
            ? `unsigned record (block ${a.signed.block}): validators refuse it`
            : (
              <>
                block {a.signed.block}, signed by <span class="mono">{a.signed.signer}</span>:{" "}
                <span class="mono">{a.signed.signature.slice(0, 18)}…</span>
              </>
            )}
        </dd>
      </dl>
      <p>Re-verify this cycle (re-runs sampled episodes from the revealed seeds):</p>
      <pre class="cmd"><code>kinitro verify-cycle {c.id} --api-url {a.apiUrl}</code></pre>
      {a.seeds
        ? (
          <details>
            <summary>Every scene seed ({c.n_environments} × {c.episodes_per_env})</summary>
            <DataTable
              head={
                <>
                  <th class="l" scope="col">Environment</th>
                  <th class="l" scope="col">Seeds of episodes 0, 1, …</th>
                </>
              }
            >
              {[...a.seeds.entries()].map(([env, seeds]) => (
                <tr>
                  <th class="l" scope="row" title={env}>{envLabel(env, c.env_ids)}</th>
                  <td class="l mono wrap">{seeds.join(" ")}</td>
                </tr>
              ))}
            </DataTable>
          </details>
        )
        : null}
    </>
  );
};
