import type { FC } from "hono/jsx";
import type { ReplaySummary } from "../../../../db/mod.ts";
import { envLabel, num } from "./format.ts";

/** A list of replays with links to play them. */
export const ReplayList: FC<{ replays: ReplaySummary[]; envs: string[]; showCycle?: boolean }> = (
  { replays, envs, showCycle },
) =>
  replays.length === 0 ? <p class="note">No replays recorded.</p> : (
    <div class="scroll">
      <table data-sortable>
        <thead>
          <tr>
            {showCycle
              ? (
                <th scope="col">
                  <button type="button" data-sort="num">Cycle</button>
                </th>
              )
              : null}
            <th scope="col">
              <button type="button" data-sort="num">uid</button>
            </th>
            <th class="l" scope="col">
              <button type="button" data-sort="text">Environment</button>
            </th>
            <th scope="col">
              <button type="button" data-sort="num">Episode</button>
            </th>
            <th class="l" scope="col">
              <button type="button" data-sort="text">Outcome</button>
            </th>
            <th scope="col">
              <button type="button" data-sort="num">Steps</button>
            </th>
            <th scope="col">
              <button type="button" data-sort="num">Reward</button>
            </th>
            <th class="l" scope="col">Replay</th>
          </tr>
        </thead>
        <tbody>
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
        </tbody>
      </table>
    </div>
  );
