import type { FC } from "hono/jsx";
import type { CycleProgressResponse } from "../../../../core/wire/mod.ts";
import type { Cycle } from "../../../../db/mod.ts";
import { span, utc } from "./format.ts";
import { Page } from "./layout.tsx";
import { ProgressSection } from "./progress.tsx";
import { DataTable } from "./table.tsx";

/** The URL of the live fragment of the current cycle. */
export const CURRENT_FRAGMENT = "/fragments/progress?cycle=current";

/** The live section when no cycle exists yet. */
export const NoCycleSection: FC = () => (
  <section id="progress" data-live={CURRENT_FRAGMENT} data-summary="No cycle yet">
    <h1>No cycle yet</h1>
    <p>
      The scheduler has not opened an evaluation cycle. This page updates by itself when it does.
    </p>
  </section>
);

/** The current cycle's section for the "now" page (never final: it follows the next cycle). */
export const CurrentSection: FC<{ p: CycleProgressResponse | null }> = ({ p }) =>
  p ? <ProgressSection p={p} live={CURRENT_FRAGMENT} final={false} /> : <NoCycleSection />;

/** The "now" page: the current cycle live, and the recent cycles. */
export const NowPage: FC<{ p: CycleProgressResponse | null; recent: Cycle[]; version: string }> = (
  { p, recent, version },
) => (
  <Page title="Now" section="now" version={version}>
    <p class="banner" data-live-error hidden></p>
    <CurrentSection p={p} />
    <h2>Recent cycles</h2>
    <CyclesTable cycles={recent} />
  </Page>
);

/** A list of cycles, newest first. */
export const CyclesTable: FC<{ cycles: Cycle[] }> = ({ cycles }) =>
  cycles.length === 0 ? <p class="note">No cycles yet.</p> : (
    <DataTable
      head={
        <>
          <th class="l" scope="col">Cycle</th>
          <th class="l" scope="col">Status</th>
          <th scope="col">Block</th>
          <th class="l" scope="col">Started</th>
          <th scope="col">Duration</th>
          <th scope="col">Miners</th>
          <th scope="col">Environments</th>
        </>
      }
    >
      {cycles.map((c) => (
        <tr>
          <td class="l">
            <a href={`/cycles/${c.id}`}>Cycle {c.id}</a>
          </td>
          <td class="l">{c.status === "open" ? "running" : c.status}</td>
          <td>{c.block}</td>
          <td class="l">{utc(c.createdAt)}</td>
          <td>
            {c.completedAt ? span((c.completedAt.getTime() - c.createdAt.getTime()) / 1000) : "—"}
          </td>
          <td>{c.nMiners}</td>
          <td>{c.envIds.length}</td>
        </tr>
      ))}
    </DataTable>
  );
