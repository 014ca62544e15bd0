import type { FC } from "hono/jsx";
import type { LeaderboardResponse } from "../../../../core/wire/mod.ts";
import type { ValidatorWeights } from "../data/sources.ts";
import type { WeightsHistory } from "../data/weights.ts";
import {
  Axes,
  Chart,
  cycleTicks,
  frame,
  Legend,
  linear,
  PERCENT_TICKS,
  plot,
  SERIES_COLORS,
} from "./charts.tsx";
import { shortKey, utc, weightPct } from "./format.ts";
import { Page } from "./layout.tsx";
import { DataTable, SortHead, WeightCells, WeightHeads } from "./table.tsx";

const OTHERS = SERIES_COLORS.length - 1;

/** Stacked weights per cycle: the top uids on their own, the rest as "others". */
export const WeightsHistoryChart: FC<{ h: WeightsHistory }> = ({ h }) => {
  const f = frame(Math.max(420, Math.min(1100, 60 + h.columns.length * 22)), 300);
  const n = h.columns.length;
  const band = (f.width - f.left - f.right) / Math.max(1, n);
  // cycle i's band is centred on i
  const area = plot(f, [-0.5, n - 0.5], [0, 1]);
  const { x, y } = area;
  const series = [...h.top.map((uid, i) => ({ name: `uid ${uid}`, index: i, uid }))];
  return (
    <figure>
      <Chart
        f={f}
        title={`Weights over the last ${n} cycles`}
        desc={`Stacked weight per cycle for uids ${h.top.join(", ")}${
          h.others ? " and others" : ""
        }`}
      >
        <Axes
          plot={area}
          xTicks={cycleTicks(h.columns.map((c) => c.cycleId))}
          yTicks={PERCENT_TICKS}
          xLabel="cycle"
          yLabel="weight"
        />
        {h.columns.map((col, i) => {
          let base = 0;
          const parts = series.map((s) => ({
            color: SERIES_COLORS[s.index],
            v: col.byUid.get(s.uid) ?? 0,
          }));
          const rest = [...col.byUid.entries()].filter(([u]) => !h.top.includes(u))
            .reduce((a, [, v]) => a + v, 0);
          parts.push({ color: SERIES_COLORS[OTHERS], v: rest });
          return (
            <g>
              <title>
                cycle {col.cycleId}:{" "}
                {series.map((s) => `uid ${s.uid} ${weightPct(col.byUid.get(s.uid) ?? 0)}`).join(
                  ", ",
                )}
                {rest > 0 ? `, others ${weightPct(rest)}` : ""}
              </title>
              {parts.map((p) => {
                const y0 = y(base), y1 = y(base + p.v);
                base += p.v;
                return p.v > 0
                  ? (
                    <rect
                      x={x(i) - band * 0.4}
                      width={band * 0.8}
                      y={y1}
                      height={y0 - y1}
                      fill={p.color}
                    />
                  )
                  : null;
              })}
            </g>
          );
        })}
      </Chart>
      <Legend
        items={[...series, ...(h.others ? [{ name: "others", index: OTHERS }] : [])]}
      />
      <figcaption>
        Weight of each uid in each cycle's signed record (the numbers are in the table below).
      </figcaption>
    </figure>
  );
};

/** The numbers of the history chart. */
export const WeightsHistoryTable: FC<{ h: WeightsHistory }> = ({ h }) => (
  <DataTable
    head={
      <>
        <th scope="col">Cycle</th>
        <th scope="col">Block</th>
        {h.top.map((uid) => (
          <th scope="col">
            <a href={`/miners/${uid}`}>uid {uid}</a>
          </th>
        ))}
        {h.others ? <th scope="col">others</th> : null}
        <th class="l" scope="col">Signed</th>
      </>
    }
  >
    {[...h.columns].reverse().map((col) => (
      <tr>
        <td>
          <a href={`/cycles/${col.cycleId}`}>{col.cycleId}</a>
        </td>
        <td>{col.block}</td>
        {h.top.map((uid) => <td>{weightPct(col.byUid.get(uid) ?? 0)}</td>)}
        {h.others
          ? (
            <td>
              {weightPct(
                [...col.byUid.entries()].filter(([u]) => !h.top.includes(u)).reduce(
                  (a, [, v]) => a + v,
                  0,
                ),
              )}
            </td>
          )
          : null}
        <td class="l">{col.signed ? "yes" : "no"}</td>
      </tr>
    ))}
  </DataTable>
);

/** What validators set on chain, or why that is not shown. */
export type ValidatorWeightsState =
  | { kind: "unavailable" }
  | { kind: "error"; message: string }
  | { kind: "ok"; rows: ValidatorWeights[] };

/** The weights validators have set on chain. */
export const ValidatorWeightsSection: FC<{ state: ValidatorWeightsState }> = ({ state }) => {
  if (state.kind === "unavailable") {
    return (
      <p class="note">
        Not available: this API runs without a chain reader, so it cannot show what validators set
        on chain. The signed records above are what they are asked to set.
      </p>
    );
  }
  if (state.kind === "error") return <p class="banner">Cannot read the chain: {state.message}</p>;
  if (state.rows.length === 0) return <p class="note">No validator has set weights yet.</p>;
  return (
    <DataTable
      sortable
      head={
        <>
          <SortHead label="Validator" type="text" left />
          <SortHead label="uid" type="num" />
          <SortHead label="Block" type="num" />
          <th class="l" scope="col">Largest weights (uid: u16)</th>
        </>
      }
    >
      {state.rows.map((v) => (
        <tr>
          <td class="l mono" title={v.hotkey}>{shortKey(v.hotkey)}</td>
          <td data-v={v.uid ?? ""}>{v.uid ?? "—"}</td>
          <td>{v.block}</td>
          <td class="l">
            {[...v.weights].sort((a, b) => b.value - a.value).slice(0, 6)
              .map((w) => `${w.uid}: ${w.value}`).join(", ")}
          </td>
        </tr>
      ))}
    </DataTable>
  );
};

/** The weights page: history chart and table, and what validators set. */
export const WeightsPage: FC<
  { h: WeightsHistory; validators: ValidatorWeightsState; version: string; now: Date }
> = ({ h, validators, version, now }) => (
  <Page title="Weights" section="weights" version={version}>
    <h1>Weights history</h1>
    {h.columns.length === 0 ? <p class="note">No weights computed yet.</p> : (
      <>
        <WeightsHistoryChart h={h} />
        <WeightsHistoryTable h={h} />
      </>
    )}
    <h2>What validators set</h2>
    <ValidatorWeightsSection state={validators} />
    <p class="note">As of {utc(now)}.</p>
  </Page>
);

/** The weights of one cycle as bars (largest 20) and a full table. */
export const CycleWeights: FC<{ board: LeaderboardResponse }> = ({ board }) => {
  const rows = [
    ...board.miners.filter((m) => m.weight > 0).map((m) => ({
      uid: m.uid,
      hotkey: m.hotkey,
      w: m.weight,
      u16: m.weight_u16,
    })),
    ...board.other_recipients.map((r) => ({
      uid: r.uid,
      hotkey: r.hotkey,
      w: r.weight,
      u16: r.weight_u16,
    })),
  ].sort((a, b) => b.w - a.w || a.uid - b.uid);
  if (rows.length === 0) return <p class="note">No weight was given in this cycle.</p>;
  const top = rows.slice(0, 20);
  const f = { width: 560, height: 24 + top.length * 20, left: 70, right: 70, top: 8, bottom: 16 };
  const x = linear(0, Math.max(...top.map((r) => r.w)), f.left, f.width - f.right);
  return (
    <>
      <Chart
        f={f}
        title={`Weights of cycle ${board.cycle.id}`}
        desc={top.map((r) => `uid ${r.uid} ${weightPct(r.w)}`).join(", ")}
      >
        {top.map((r, i) => (
          <g>
            <text x={f.left - 6} y={f.top + i * 20 + 14} text-anchor="end">uid {r.uid}</text>
            <rect
              x={f.left}
              y={f.top + i * 20 + 3}
              width={Math.max(1, x(r.w) - f.left)}
              height={14}
              fill={SERIES_COLORS[0]}
            />
            <text x={x(r.w) + 4} y={f.top + i * 20 + 14}>{weightPct(r.w)}</text>
          </g>
        ))}
      </Chart>
      <details open={rows.length <= 10}>
        <summary>All {rows.length} weights as a table</summary>
        <DataTable
          sortable
          head={
            <>
              <SortHead label="uid" type="num" />
              <SortHead label="Hotkey" type="text" left />
              <WeightHeads />
            </>
          }
        >
          {rows.map((r) => (
            <tr>
              <td data-v={r.uid}>{r.uid}</td>
              <td class="l mono" title={r.hotkey}>{shortKey(r.hotkey)}</td>
              <WeightCells weight={r.w} u16={r.u16} />
            </tr>
          ))}
        </DataTable>
      </details>
    </>
  );
};
