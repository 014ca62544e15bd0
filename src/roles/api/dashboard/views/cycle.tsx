import type { FC } from "hono/jsx";
import type { CycleProgressResponse } from "../../../../core/wire/mod.ts";
import type { ReplaySummary } from "../../../../db/mod.ts";
import type { CycleBoard } from "../data/leaderboard.ts";
import type { SubsetsView } from "../data/subsets.ts";
import type { WhyView } from "../data/why.ts";
import { AuditSection, type AuditView } from "./audit.tsx";
import { span, utc } from "./format.ts";
import { Page } from "./layout.tsx";
import { Leaderboard } from "./leaderboard.tsx";
import { ProgressSection } from "./progress.tsx";
import { ReplayList } from "./replays.tsx";
import { SubsetsSection } from "./subsets.tsx";
import { CycleWeights } from "./weights.tsx";
import { WhySection } from "./why.tsx";

/** Everything the page of one cycle shows. */
export interface CyclePageProps {
  audit: AuditView;
  /** The live progress, while the cycle runs. */
  progress: CycleProgressResponse | null;
  /** The leaderboard, once the cycle has scores. */
  board: CycleBoard | null;
  why: WhyView | null;
  subsets: SubsetsView | null;
  replays: ReplaySummary[];
  version: string;
}

/** The page of one cycle: progress or leaderboard, why, weights, audit and replays. */
export const CyclePage: FC<CyclePageProps> = (p) => {
  const c = p.audit.cycle;
  const uidOf = (i: number) => p.board!.table.miners[i].uid;
  const hasScores = p.board !== null &&
    p.board.wire.miners.some((m) => Object.keys(m.results).length > 0);
  return (
    <Page title={`Cycle ${c.id}`} section="cycles" version={p.version}>
      <p class="banner" data-live-error hidden></p>
      {p.progress
        ? (
          <ProgressSection
            p={p.progress}
            live={`/fragments/progress?cycle=${c.id}`}
            final={false}
          />
        )
        : (
          <>
            <h1>Cycle {c.id} · {c.status}</h1>
            <dl class="facts">
              <dt>Block</dt>
              <dd>{c.block_number}</dd>
              <dt>Started</dt>
              <dd>{utc(new Date(c.started_at))}</dd>
              <dt>Duration</dt>
              <dd>{c.duration_seconds === null ? "—" : span(c.duration_seconds)}</dd>
              <dt>Miners × environments × episodes</dt>
              <dd>{c.n_miners} × {c.n_environments} × {c.episodes_per_env}</dd>
              {c.error_message
                ? (
                  <>
                    <dt>Failed because</dt>
                    <dd>{c.error_message}</dd>
                  </>
                )
                : null}
            </dl>
          </>
        )}
      <nav aria-label="Sections of this cycle">
        <a href="#leaderboard">Leaderboard</a> · <a href="#why">Why</a> ·{" "}
        <a href="#weights">Weights</a> · <a href="#audit">Audit</a> · <a href="#replays">Replays</a>
      </nav>
      <h2 id="leaderboard">Leaderboard</h2>
      {c.status === "open"
        ? (
          <p class="note">
            Scores are published when the cycle ends (results are not shown while miners are still
            being evaluated).
          </p>
        )
        : p.board && hasScores
        ? <Leaderboard board={p.board.wire} />
        : <p class="note">This cycle has no scores.</p>}
      <h2 id="why">Why: winners and the noise margin</h2>
      {p.why && p.board
        ? (
          <WhySection
            cycleId={c.id}
            envs={c.env_ids}
            view={p.why}
            options={p.board.options}
            uidOf={uidOf}
          />
        )
        : (
          <p class="note">
            {c.env_ids.length < 2
              ? "The cycle has one environment: there is no pair to compare."
              : "Explained once the cycle has scores."}
          </p>
        )}
      {p.subsets ? <SubsetsSection view={p.subsets} uidOf={uidOf} /> : null}
      <h2 id="weights">Weights</h2>
      {p.board && p.board.wire.weights
        ? <CycleWeights board={p.board.wire} />
        : <p class="note">No weights record for this cycle.</p>}
      <h2 id="audit">Audit</h2>
      <AuditSection a={p.audit} />
      <h2 id="replays">Replays</h2>
      {c.secret === null
        ? (
          <p class="note">
            Replays are published with the seeds, when the cycle ends (a replay shows a scene other
            miners are still evaluated on).
          </p>
        )
        : <ReplayList replays={p.replays} envs={c.env_ids} />}
    </Page>
  );
};
