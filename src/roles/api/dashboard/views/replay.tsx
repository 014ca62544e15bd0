import type { FC } from "hono/jsx";
import type { Replay } from "../../../../db/mod.ts";
import { Axes, Chart, frame, Legend, linePath, plot, SERIES_COLORS } from "./charts.tsx";
import { num } from "./format.ts";
import { Page } from "./layout.tsx";
import { DataTable } from "./table.tsx";

const AXES = ["dx", "dy", "dz", "grip"] as const;

/** One replay: the recorded frames playing beside the action trace and the outcome. */
export const ReplayPage: FC<{ r: Replay; seed: number | null; version: string }> = (
  { r, seed, version },
) => {
  const actions = r.actions;
  const missed = actions.filter((a) => a === null).length;
  const f = frame(560, 300);
  const area = plot(f, [0, Math.max(1, actions.length - 1)], [-1, 1]);
  const { x, y } = area;
  const ticks = [-1, -0.5, 0, 0.5, 1].map((v) => ({ v, label: String(v) }));
  const stepTicks = [0, 0.25, 0.5, 0.75, 1].map((t) =>
    Math.round(t * Math.max(0, actions.length - 1))
  )
    .map((v) => ({ v, label: String(v) }));
  const frameSteps = Array.from(
    { length: Math.ceil(actions.length / r.frameEvery) },
    (_, i) => i * r.frameEvery,
  );
  return (
    <Page title={`Replay ${r.id}`} section="replays" version={version}>
      <h1>
        Replay {r.id}: uid {r.minerUid} on {r.envId}, episode {r.episodeIndex}
      </h1>
      <p>
        <a href={`/cycles/${r.cycleId}#replays`}>Cycle {r.cycleId}</a> ·{" "}
        <a href={`/miners/${r.minerUid}`}>miner uid {r.minerUid}</a> ·{" "}
        <a href={`/v1/replays/${r.id}`}>JSON</a>
      </p>
      <div class="replay">
        <figure>
          <img
            id="replay-media"
            src={`/v1/replays/${r.id}/media`}
            width={r.width * 4}
            height={r.height * 4}
            alt={`The ${r.camera} camera over the episode, ${r.frames} frames, one every ${r.frameEvery} steps; outcome ${r.code} after ${r.steps} steps`}
          />
          <figcaption>
            {r.camera} camera, one frame every {r.frameEvery} steps ({r.frames} frames), looping
          </figcaption>
        </figure>
        <div>
          <h2>Outcome</h2>
          <dl class="facts">
            <dt>Result</dt>
            <dd class={r.code === "success" ? "ok" : undefined}>{r.code}</dd>
            <dt>Steps</dt>
            <dd>{r.steps}</dd>
            <dt>Reward</dt>
            <dd>{num(r.reward)}</dd>
            <dt>Missed /act calls</dt>
            <dd>{missed}</dd>
            <dt>Scene seed</dt>
            <dd class="mono">{seed ?? "—"}</dd>
          </dl>
          <h2>Action trace</h2>
          <figure>
            <Chart
              f={f}
              title="Actions the miner returned per step"
              desc={`${actions.length} steps of dx, dy, dz and grip in [-1, 1]; ${missed} missed`}
            >
              <Axes
                plot={area}
                xTicks={stepTicks}
                yTicks={ticks}
                xLabel="step"
                yLabel="action"
              />
              {AXES.map((_, k) => (
                <path
                  d={linePath(actions.map((a) => a === null ? null : a[k]), x, y)}
                  fill="none"
                  stroke={SERIES_COLORS[k]}
                  stroke-width="1.5"
                />
              ))}
              {actions.map((a, i) =>
                a === null
                  ? (
                    <line
                      x1={x(i)}
                      x2={x(i)}
                      y1={y(-1)}
                      y2={y(1)}
                      stroke="#a4161a"
                      stroke-opacity="0.35"
                    />
                  )
                  : null
              )}
            </Chart>
            <Legend items={AXES.map((name, index) => ({ name, index }))} />
            <figcaption>Red lines mark missed calls (held steps).</figcaption>
          </figure>
        </div>
      </div>
      <details>
        <summary>The actions at each frame as a table</summary>
        <DataTable
          head={
            <>
              <th scope="col">Step</th>
              {AXES.map((a) => <th scope="col">{a}</th>)}
            </>
          }
        >
          {frameSteps.map((s) => (
            <tr>
              <td>{s}</td>
              {AXES.map((_, k) => <td>{actions[s] ? num(actions[s]![k], 3) : "missed"}</td>)}
            </tr>
          ))}
        </DataTable>
      </details>
    </Page>
  );
};
