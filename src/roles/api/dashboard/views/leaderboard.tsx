import type { FC } from "hono/jsx";
import type { LeaderboardResponse } from "../../../../core/wire/mod.ts";
import { envLabel, num, pct, shortKey, weightPct } from "./format.ts";
import { DataTable, SortHead, WeightCells, WeightHeads } from "./table.tsx";

type Miner = LeaderboardResponse["miners"][number];

/** The default order: weight, then points, then uid. */
function byStanding(a: Miner, b: Miner): number {
  return b.weight - a.weight || b.points - a.points || a.uid - b.uid;
}

/**
 * The leaderboard of a finished cycle: per miner its commit block, duplicate group, points,
 * weight and u16 weight, and per environment the success rate with its 95% Wilson interval.
 * Sortable by every column (header buttons, keyboard too).
 */
export const Leaderboard: FC<{ board: LeaderboardResponse }> = ({ board }) => {
  const envs = board.cycle.env_ids;
  const groups = board.duplicate_groups;
  const miners = [...board.miners].sort(byStanding);
  return (
    <>
      <DataTable
        sortable
        id="leaderboard-table"
        describedBy="leaderboard-note"
        caption={
          <>
            Leaderboard of cycle{" "}
            {board.cycle.id}: one row per miner, success rate per environment with its 95% interval
          </>
        }
        head={
          <>
            <SortHead label="uid" type="num" />
            <SortHead label="Hotkey" type="text" left />
            {groups ? <SortHead label="Group" type="text" left title="Duplicate group" /> : null}
            <SortHead label="Commit block" type="num" />
            <SortHead label="Points" type="num" />
            <WeightHeads />
            {envs.map((e) => <SortHead label={envLabel(e, envs)} type="num" title={e} />)}
          </>
        }
      >
        {miners.map((m) => (
          <tr>
            <td data-v={m.uid}>
              <a href={`/miners/${m.uid}`}>{m.uid}</a>
            </td>
            <td class="l mono" title={m.hotkey} data-v={m.hotkey}>{shortKey(m.hotkey)}</td>
            {groups ? <GroupCell m={m} groups={groups} /> : null}
            <td data-v={m.first_block ?? ""}>{m.first_block ?? "—"}</td>
            <td data-v={m.points}>{num(m.points)}</td>
            <WeightCells weight={m.weight} u16={m.weight_u16} />
            {envs.map((e) => <RateCell r={m.results[e]} />)}
          </tr>
        ))}
      </DataTable>
      <p class="note" id="leaderboard-note">
        Each rate shows its 95% Wilson interval below it, in percent (successes / episodes on
        hover). Points are recomputed from these public scores with the cycle's scoring parameters;
        weight and u16 are the signed record's. {board.weights
          ? board.weights.recomputed_match
            ? (
              <span class="ok">
                The u16 weights recomputed from the scores match the signed record.
              </span>
            )
            : (
              <span class="bad">
                The u16 weights recomputed from the scores differ from the signed record.
              </span>
            )
          : "This cycle has no weights record."}
      </p>
      {groups === null
        ? <p class="note">Duplicate groups: not recorded for this cycle.</p>
        : groups.length === 0
        ? <p class="note">Duplicate groups: none (no two miners returned identical actions).</p>
        : null}
      {board.other_recipients.length > 0
        ? (
          <p class="banner">
            Weight given to uids that were not evaluated (the burn uid, when no miner earned
            points): {board.other_recipients.map((r) =>
              `uid ${r.uid}: ${weightPct(r.weight)} (u16 ${r.weight_u16})`
            )
              .join("; ")}
          </p>
        )
        : null}
    </>
  );
};

const GroupCell: FC<{ m: Miner; groups: NonNullable<LeaderboardResponse["duplicate_groups"]> }> = (
  { m, groups },
) => {
  if (m.duplicate_group === null) return <td class="l" data-v="">—</td>;
  const g = groups[m.duplicate_group];
  const origin = g.origin_uid === m.uid;
  const title = `Duplicate group G${m.duplicate_group + 1}: uids ${g.uids.join(", ")}` +
    (g.origin_uid === null ? ", no proven origin" : `, origin uid ${g.origin_uid}`);
  return (
    <td class="l" data-v={`G${m.duplicate_group + 1}`} title={title}>
      <span class="mark">G{m.duplicate_group + 1}</span>
      {origin ? " origin" : ""}
    </td>
  );
};

/**
 * A success rate over its interval, one text node (the counts on hover). Kept small: a cycle of 256 miners
 * and 16 environments has 4,096 of these cells on one page.
 */
export const RateCell: FC<{ r: Miner["results"][string] | undefined }> = ({ r }) =>
  r === undefined || r.episodes === 0
    ? <td data-v="">—</td>
    : (
      <td class="rate" data-v={r.rate} title={`${r.successes}/${r.episodes}`}>
        {`${pct(r.rate)}\n${Math.round(r.low * 100)}–${Math.round(r.high * 100)}`}
      </td>
    );
