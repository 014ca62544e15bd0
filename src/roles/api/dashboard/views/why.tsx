import type { FC } from "hono/jsx";
import type { ScoringParams } from "../../../../core/mod.ts";
import type { ScatterMiner, WhyView } from "../data/why.ts";
import { Axes, Chart, frame, PERCENT_TICKS, plot } from "./charts.tsx";
import { envLabel, num, pct } from "./format.ts";
import { type UidOf, VerdictText } from "./verdict.tsx";
import { DataTable, SortHead } from "./table.tsx";

/** The "why" section: two environments, the scatter, the front and the verdicts. */
export const WhySection: FC<{
  cycleId: number;
  envs: string[];
  view: WhyView;
  options: ScoringParams;
  uidOf: UidOf;
}> = ({ cycleId, envs, view, options, uidOf }) => {
  const ref = view.miners.find((m) => m.index === view.reference);
  return (
    <>
      <form class="inline" method="get" action={`/cycles/${cycleId}/why`}>
        <label>
          x environment
          <select name="x">
            {envs.map((e) => (
              <option value={e} selected={e === view.envX}>{envLabel(e, envs)}</option>
            ))}
          </select>
        </label>
        <label>
          y environment
          <select name="y">
            {envs.map((e) => (
              <option value={e} selected={e === view.envY}>{envLabel(e, envs)}</option>
            ))}
          </select>
        </label>
        <button class="primary" type="submit">Explain</button>
      </form>
      <ul>
        {view.verdicts.map((v) => (
          <li>
            <strong>{v.envs.map((e) => envLabel(e, envs)).join(" + ")}</strong>:{" "}
            <VerdictText v={v.verdict} uidOf={uidOf} />
          </li>
        ))}
      </ul>
      {view.miners.length === 0
        ? <p class="note">No miner has a result on these environments.</p>
        : (
          <figure>
            <Scatter view={view} envs={envs} />
            <figcaption>
              Each miner at its success rates on {envLabel(view.envX, envs)} (x) and{" "}
              {envLabel(view.envY, envs)}{" "}
              (y), with 95% Wilson intervals. Filled green points are the ε-Pareto front (no other
              miner is better beyond the noise margin on one without being worse beyond it on the
              other); the ringed point is the reference{ref ? ` (uid ${ref.uid})` : ""}. Dashed
              boxes around front members span ±ε against the reference on each axis (z ={" "}
              {options.z}, ε in [{options.epsMin},{" "}
              {options.epsMax}]): a box that holds the reference's point on an axis means "within
              noise" there.
            </figcaption>
          </figure>
        )}
      <details open={view.miners.length <= 16}>
        <summary>The scatter as a table ({view.miners.length} miners)</summary>
        <DataTable
          sortable
          head={
            <>
              <SortHead label="uid" type="num" />
              <SortHead label={envLabel(view.envX, envs)} type="num" />
              <SortHead label={envLabel(view.envY, envs)} type="num" />
              <SortHead label="Front" type="text" left />
              <SortHead label="Against the reference" type="text" left />
              <SortHead label="ε x" type="num" />
              <SortHead label="ε y" type="num" />
            </>
          }
        >
          {view.miners.map((m) => (
            <tr class={m.front ? "front" : undefined}>
              <td data-v={m.uid}>
                <a href={`/miners/${m.uid}`}>{m.uid}</a>
              </td>
              <Rate p={m.x} />
              <Rate p={m.y} />
              <td class="l">{m.front ? "yes" : "no"}</td>
              <td class="l">{versusText(m)}</td>
              <td data-v={m.eps?.x ?? ""}>{m.eps ? num(m.eps.x, 3) : "—"}</td>
              <td data-v={m.eps?.y ?? ""}>{m.eps ? num(m.eps.y, 3) : "—"}</td>
            </tr>
          ))}
        </DataTable>
      </details>
    </>
  );
};

function versusText(m: ScatterMiner): string {
  switch (m.versus) {
    case "reference":
      return "reference";
    case "beats":
      return "beats it";
    case "beaten":
      return "beaten by it";
    case "trade_off":
      return "trade-off";
  }
}

const Rate: FC<{ p: ScatterMiner["x"] }> = ({ p }) =>
  p === null ? <td data-v="">—</td> : (
    <td class="rate" data-v={p.rate}>
      {`${pct(p.rate)}\n${Math.round(p.low * 100)}–${Math.round(p.high * 100)}`}
    </td>
  );

const Scatter: FC<{ view: WhyView; envs: string[] }> = ({ view, envs }) => {
  const f = frame(480, 440);
  const area = plot(f, [0, 1], [0, 1]);
  const { x, y } = area;
  const at = (m: ScatterMiner) => ({ cx: x(m.x?.rate ?? 0), cy: y(m.y?.rate ?? 0) });
  const ref = view.miners.find((m) => m.index === view.reference);
  const front = view.miners.filter((m) => m.front).sort((a, b) =>
    (a.x?.rate ?? 0) - (b.x?.rate ?? 0)
  );
  const label = (e: string) => envLabel(e, envs);
  const others = view.miners.filter((m) => !m.front);
  return (
    <Chart
      f={f}
      title={`Success rates on ${label(view.envX)} and ${label(view.envY)}`}
      desc={`${view.miners.length} miners; front: ${front.map((m) => `uid ${m.uid}`).join(", ")}${
        ref ? `; reference uid ${ref.uid}` : ""
      }`}
    >
      <Axes
        plot={area}
        xTicks={PERCENT_TICKS}
        yTicks={PERCENT_TICKS}
        xLabel={`${label(view.envX)} success rate`}
        yLabel={`${label(view.envY)} success rate`}
      />
      {ref
        ? front.filter((m) => m.eps).map((m) => {
          // ±eps around the member, clipped to the plot area
          const x0 = x(Math.max(0, (m.x?.rate ?? 0) - m.eps!.x));
          const x1 = x(Math.min(1, (m.x?.rate ?? 0) + m.eps!.x));
          const y0 = y(Math.min(1, (m.y?.rate ?? 0) + m.eps!.y));
          const y1 = y(Math.max(0, (m.y?.rate ?? 0) - m.eps!.y));
          return (
            <rect
              x={x0}
              y={y0}
              width={x1 - x0}
              height={y1 - y0}
              fill="none"
              stroke="#009e73"
              stroke-dasharray="4 3"
            />
          );
        })
        : null}
      {front.length > 1
        ? (
          <polyline
            points={front.map((m) => `${at(m).cx.toFixed(1)},${at(m).cy.toFixed(1)}`).join(" ")}
            fill="none"
            stroke="#009e73"
            stroke-width="1.5"
          />
        )
        : null}
      {[...others, ...front].map((m) => {
        const { cx, cy } = at(m);
        return (
          <g>
            <title>
              uid {m.uid}: {m.x ? pct(m.x.rate) : "no result"} / {m.y ? pct(m.y.rate) : "no result"}
              {m.front ? " (front)" : ""}
            </title>
            {m.x
              ? (
                <line
                  x1={x(m.x.low)}
                  x2={x(m.x.high)}
                  y1={cy}
                  y2={cy}
                  stroke="#9aa0a6"
                />
              )
              : null}
            {m.y
              ? (
                <line
                  x1={cx}
                  x2={cx}
                  y1={y(m.y.low)}
                  y2={y(m.y.high)}
                  stroke="#9aa0a6"
                />
              )
              : null}
            <circle
              cx={cx}
              cy={cy}
              r={m.front ? 5 : 3.5}
              fill={m.front ? "#009e73" : "#ffffff"}
              stroke={m.front ? "#0b6e4f" : "#4f5761"}
            />
            {m.front ? <text x={cx + 7} y={cy - 6}>{m.uid}</text> : null}
          </g>
        );
      })}
      {ref
        ? (
          <circle
            cx={at(ref).cx}
            cy={at(ref).cy}
            r={10}
            fill="none"
            stroke="#d55e00"
            stroke-width="2"
          />
        )
        : null}
    </Chart>
  );
};
