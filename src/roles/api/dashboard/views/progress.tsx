import type { FC } from "hono/jsx";
import type { CycleProgressResponse } from "../../../../core/wire/mod.ts";
import { envLabel, num, pct, span, utc } from "./format.ts";
import { DataTable } from "./table.tsx";

/** A one-line summary of a cycle's progress (also announced to screen readers on change). */
export function progressSummary(p: CycleProgressResponse): string {
  const done = p.totals.completed + p.totals.failed;
  return `Cycle ${p.cycle.id} ${p.cycle.status}: ${done} of ${p.totals.total} tasks finished`;
}

/**
 * The live progress of a cycle. `live` is the URL of this same fragment (the client fetches it
 * again every two seconds); `final` stops the polling.
 */
export const ProgressSection: FC<{ p: CycleProgressResponse; live: string; final: boolean }> = (
  { p, live, final },
) => {
  const c = p.cycle;
  const done = p.totals.completed + p.totals.failed;
  const envs = c.env_ids;
  return (
    <section
      id="progress"
      aria-labelledby="progress-h"
      data-live={live}
      data-now={String(Date.parse(p.now))}
      data-final={final ? "" : undefined}
      data-summary={progressSummary(p)}
    >
      <h1 id="progress-h">
        <a href={`/cycles/${c.id}`}>Cycle {c.id}</a> · {c.status === "open" ? "running" : c.status}
      </h1>
      <dl class="facts">
        <dt>Block</dt>
        <dd>{c.block_number}</dd>
        <dt>Started</dt>
        <dd>{utc(new Date(c.started_at))}</dd>
        <dt>Deadline</dt>
        <dd>
          {utc(new Date(c.deadline))}
          {c.status === "open"
            ? (
              <>
                {" "}(<time data-countdown datetime={c.deadline}>
                  {p.seconds_to_deadline >= 0
                    ? `${span(p.seconds_to_deadline)} left`
                    : `passed ${span(p.seconds_to_deadline)} ago`}
                </time>)
              </>
            )
            : null}
        </dd>
        <dt>Miners × environments × episodes</dt>
        <dd>
          {c.n_miners} × {c.n_environments} × {c.episodes_per_env}
        </dd>
      </dl>
      <div class="cards">
        <div class="card">
          <span class="v" data-field="finished">{done} / {p.totals.total}</span>
          <span class="k">tasks finished</span>
          <progress value={done} max={Math.max(1, p.totals.total)} aria-label="Tasks finished">
            {pct(p.totals.total ? done / p.totals.total : 0)}
          </progress>
        </div>
        <Card v={p.totals.pending} k="pending" />
        <Card v={p.totals.leased} k="leased (running)" />
        <Card v={p.totals.completed} k="done" />
        <Card v={p.totals.failed} k="failed (our faults)" />
        <Card v={num(p.episodes_per_second, 2)} k={`episodes/s (last ${span(p.window_seconds)})`} />
      </div>
      <h2>By environment</h2>
      <DataTable
        head={
          <>
            <th class="l" scope="col">Environment</th>
            <th scope="col">Pending</th>
            <th scope="col">Leased</th>
            <th scope="col">Done</th>
            <th scope="col">Failed</th>
            <th class="l" scope="col">Progress</th>
          </>
        }
      >
        {p.envs.map((e) => {
          const total = e.pending + e.leased + e.completed + e.failed;
          const fin = e.completed + e.failed;
          return (
            <tr>
              <th class="l" scope="row" title={e.env_id}>{envLabel(e.env_id, envs)}</th>
              <td>{e.pending}</td>
              <td>{e.leased}</td>
              <td>{e.completed}</td>
              <td>{e.failed}</td>
              <td class="l">
                <progress
                  value={fin}
                  max={Math.max(1, total)}
                  aria-label={`${e.env_id} finished`}
                >
                  {pct(total ? fin / total : 0)}
                </progress>{" "}
                {pct(total ? fin / total : 0)}
              </td>
            </tr>
          );
        })}
      </DataTable>
      <h2>By executor</h2>
      {p.executors.length === 0
        ? <p class="note">No executor has claimed a task yet.</p>
        : (
          <DataTable
            head={
              <>
                <th class="l" scope="col">Executor</th>
                <th scope="col">Leased now</th>
                <th scope="col">Results</th>
                <th scope="col">Our errors</th>
                <th scope="col">Episodes/s</th>
              </>
            }
          >
            {p.executors.map((x) => (
              <tr>
                <th class="l" scope="row">{x.name}</th>
                <td>{x.leased}</td>
                <td>{x.completed}</td>
                <td>{x.errors}</td>
                <td>{num(x.episodes_per_second, 2)}</td>
              </tr>
            ))}
          </DataTable>
        )}
      <p class="note">
        Executors are shown by the name of their API key only. Throughput counts results over the
        last {span(p.window_seconds)}.
        {c.status !== "open"
          ? (
            <>
              {" "}This cycle has ended: <a href={`/cycles/${c.id}`}>see its leaderboard</a>.
            </>
          )
          : null}
      </p>
    </section>
  );
};

const Card: FC<{ v: string | number; k: string }> = ({ v, k }) => (
  <div class="card">
    <span class="v">{v}</span>
    <span class="k">{k}</span>
  </div>
);
