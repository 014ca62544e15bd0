import type { FC } from "hono/jsx";
import type { ReplaySummary } from "../../../../db/mod.ts";
import { envLabel, num } from "./format.ts";
import { DataTable, SortHead } from "./table.tsx";

/** A list of replays with links to play them. */
export const ReplayList: FC<{ replays: ReplaySummary[]; envs: string[]; showCycle?: boolean }> = (
  { replays, envs, showCycle },
) =>
  replays.length === 0 ? <p class="note">No replays recorded.</p> : (
    <DataTable
      sortable
      head={
        <>
          {showCycle ? <SortHead label="Cycle" type="num" /> : null}
          <SortHead label="uid" type="num" />
          <SortHead label="Environment" type="text" left />
          <SortHead label="Episode" type="num" />
          <SortHead label="Outcome" type="text" left />
          <SortHead label="Steps" type="num" />
          <SortHead label="Reward" type="num" />
          <th class="l" scope="col">Replay</th>
        </>
      }
    >
      {replays.map((r) => (
        <tr>
          {showCycle
            ? (
              <td data-v={r.cycleId}>
                <a href={`/cycles/${r.cycleId}`}>{r.cycleId}</a>
              </td>
            )
            : null}
          <td data-v={r.minerUid}>
            <a href={`/miners/${r.minerUid}`}>{r.minerUid}</a>
          </td>
          <td class="l" title={r.envId}>{envLabel(r.envId, envs)}</td>
          <td>{r.episodeIndex}</td>
          <td class="l">{r.code}</td>
          <td>{r.steps}</td>
          <td data-v={r.reward}>{num(r.reward)}</td>
          <td class="l">
            <a href={`/replays/${r.id}`}>play replay {r.id}</a>
          </td>
        </tr>
      ))}
    </DataTable>
  );
