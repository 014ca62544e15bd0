import type { FC } from "hono/jsx";
import type { MinerView } from "../data/miner.ts";
import {
  Axes,
  Chart,
  cycleTicks,
  frame,
  Legend,
  linePath,
  PERCENT_TICKS,
  plot,
  SERIES_COLORS,
} from "./charts.tsx";
import { envLabel, pct } from "./format.ts";
import { Page } from "./layout.tsx";
import { RateCell } from "./leaderboard.tsx";
import { ReplayList } from "./replays.tsx";
import { DataTable, SortHead, WeightCells, WeightHeads } from "./table.tsx";

/** A miner's page: its commitment, weight and mean success over cycles, rates and replays. */
export const MinerPage: FC<{ m: MinerView; version: string }> = ({ m, version }) => {
  const cycles = [...m.cycles].reverse();
  const f = frame(Math.max(420, Math.min(1000, 80 + cycles.length * 24)), 260);
  const area = plot(f, [0, Math.max(1, cycles.length - 1)], [0, 1], 10);
  const { x, y } = area;
  const series = [
    { name: "weight", index: 0, values: cycles.map((c) => c.weight) },
    { name: "mean success rate", index: 1, values: cycles.map((c) => c.meanRate) },
  ];
  return (
    <Page title={`Miner ${m.uid}`} section="miners" version={version}>
      <h1>Miner uid {m.uid}</h1>
      <dl class="facts">
        <dt>Hotkey</dt>
        <dd class="mono">{m.hotkey}</dd>
        <dt>Commitment</dt>
        <dd class="mono">{m.commitment ?? "—"}</dd>
        <dt>Commit block</dt>
        <dd>{m.firstBlock ?? "—"}</dd>
        <dt>Cycles shown</dt>
        <dd>{m.cycles.length}</dd>
      </dl>
      <h2>History</h2>
      {cycles.length > 0
        ? (
          <figure>
            <Chart
              f={f}
              title={`Weight and mean success rate of uid ${m.uid} per cycle`}
              desc={`${cycles.length} cycles, the numbers are in the table below`}
            >
              <Axes
                plot={area}
                xTicks={cycleTicks(cycles.map((c) => c.cycle.id))}
                yTicks={PERCENT_TICKS}
                xLabel="cycle"
                yLabel="weight / success"
              />
              {series.map((s) => (
                <>
                  <path
                    d={linePath(s.values, x, y)}
                    fill="none"
                    stroke={SERIES_COLORS[s.index]}
                    stroke-width="2"
                  />
                  {s.values.map((v, i) =>
                    v === null
                      ? null
                      : <circle cx={x(i)} cy={y(v)} r={2.5} fill={SERIES_COLORS[s.index]} />
                  )}
                </>
              ))}
            </Chart>
            <Legend items={series} />
          </figure>
        )
        : null}
      <DataTable
        sortable
        head={
          <>
            <SortHead label="Cycle" type="num" />
            <SortHead label="Status" type="text" left />
            <SortHead label="Block" type="num" />
            <WeightHeads />
            <SortHead label="Mean rate" type="num" />
            {m.envs.map((e) => <SortHead label={envLabel(e, m.envs)} type="num" title={e} />)}
          </>
        }
      >
        {m.cycles.map((c) => (
          <tr>
            <td data-v={c.cycle.id}>
              <a href={`/cycles/${c.cycle.id}`}>{c.cycle.id}</a>
            </td>
            <td class="l">{c.cycle.status === "open" ? "running" : c.cycle.status}</td>
            <td>{c.cycle.block}</td>
            <WeightCells weight={c.weight} u16={c.u16} />
            <td data-v={c.meanRate ?? ""}>{c.meanRate === null ? "—" : pct(c.meanRate)}</td>
            {m.envs.map((e) => <RateCell r={c.rates[e]} />)}
          </tr>
        ))}
      </DataTable>
      <h2>Replays</h2>
      <ReplayList replays={m.replays} envs={m.envs} showCycle />
    </Page>
  );
};
