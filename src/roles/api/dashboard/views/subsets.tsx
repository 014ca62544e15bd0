import type { FC } from "hono/jsx";
import { envsOf, type SubsetsView } from "../data/subsets.ts";
import { envLabel, num } from "./format.ts";
import { type UidOf, VerdictText } from "./verdict.tsx";
import { DataTable, SortHead } from "./table.tsx";

/** Which subsets each miner won; how many subsets of each size had a winner; why not. */
export const SubsetsSection: FC<{ view: SubsetsView; uidOf: UidOf }> = ({ view, uidOf }) => {
  const envs = view.envs;
  const name = (mask: number) => envsOf(envs, mask).map((e) => envLabel(e, envs)).join(" + ");
  const sizes = view.sizes;
  return (
    <>
      <h3 id="subset-winners">Subset winners</h3>
      {view.winners.length === 0 ? <p class="note">No subset has a winner.</p> : (
        <DataTable
          sortable
          head={
            <>
              <SortHead label="uid" type="num" />
              <SortHead label="Points" type="num" />
              {sizes.map((s) => (
                <SortHead
                  label={`|S|=${s.size}`}
                  type="num"
                  title={`Subsets of ${s.size} environment${s.size > 1 ? "s" : ""} won`}
                />
              ))}
              <th class="l" scope="col">Largest subsets won</th>
            </>
          }
        >
          {view.winners.map((w) => (
            <tr>
              <td data-v={w.uid}>
                <a href={`/miners/${w.uid}`}>{w.uid}</a>
              </td>
              <td data-v={w.points}>{num(w.points)}</td>
              {w.bySize.map((n) => <td data-v={n}>{n}</td>)}
              <td class="l">{w.largest.map(name).join("; ")}</td>
            </tr>
          ))}
        </DataTable>
      )}
      <h3>Subsets by size</h3>
      <DataTable
        head={
          <>
            <th scope="col">Size</th>
            <th scope="col">Subsets</th>
            <th scope="col">With a winner</th>
            <th scope="col">Without</th>
          </>
        }
      >
        {sizes.map((s) => (
          <tr>
            <td>{s.size}</td>
            <td>{s.subsets}</td>
            <td>{s.withWinner}</td>
            <td>{s.noWinner}</td>
          </tr>
        ))}
      </DataTable>
      <h3>Subsets without a winner</h3>
      {view.noWinnerTotal === 0 ? <p class="note">Every subset has a winner.</p> : (
        <>
          <p>
            {view.noWinnerTotal} subset{view.noWinnerTotal > 1 ? "s have" : " has"} no winner
            {view.reasons
              ? `: ${view.reasons.trade_off} trade-off, ${view.reasons.cycle} cycle, ${view.reasons.no_skill} no skill${
                view.reasons.empty ? `, ${view.reasons.empty} without results` : ""
              }.`
              : " (reasons are shown for the smallest ones below)."}
            {view.noWinner.length < view.noWinnerTotal
              ? ` The ${view.noWinner.length} smallest:`
              : ""}
          </p>
          <DataTable
            head={
              <>
                <th class="l" scope="col">Subset</th>
                <th class="l" scope="col">Why no winner</th>
              </>
            }
          >
            {view.noWinner.map((n) => (
              <tr>
                <td class="l">{name(n.mask)}</td>
                <td class="l wrap">
                  <VerdictText v={n.verdict} uidOf={uidOf} />
                </td>
              </tr>
            ))}
          </DataTable>
        </>
      )}
    </>
  );
};
