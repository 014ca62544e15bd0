/**
 * Hand-written SVG charts, rendered on the server with the page: no client code, no canvas,
 * readable by screen readers (each chart is a titled `role="img"`, and every page shows the
 * same numbers in a table beside it). Colours are the Okabe-Ito set (safe for colour
 * blindness); `.s0`..`.s8` in the stylesheet match them for legends.
 */
import type { Child, FC } from "hono/jsx";

/** Series colours; the last one is for "others". */
export const SERIES_COLORS = [
  "#0072b2",
  "#e69f00",
  "#009e73",
  "#cc79a7",
  "#56b4e9",
  "#d55e00",
  "#000000",
  "#8c6d1f",
  "#9aa0a6",
] as const;

/** A linear map from `[d0, d1]` onto `[r0, r1]`. */
export function linear(d0: number, d1: number, r0: number, r1: number): (v: number) => number {
  const k = d1 === d0 ? 0 : (r1 - r0) / (d1 - d0);
  return (v) => r0 + (v - d0) * k;
}

/** The plot area of a chart: its size and margins. */
export interface Frame {
  width: number;
  height: number;
  left: number;
  right: number;
  top: number;
  bottom: number;
}

/** A frame with the usual margins. */
export function frame(width: number, height: number): Frame {
  return { width, height, left: 52, right: 16, top: 14, bottom: 40 };
}

/** A chart's frame and its two scales, from data to pixels: what its axes and marks share. */
export interface Plot {
  f: Frame;
  x: (v: number) => number;
  y: (v: number) => number;
}

/**
 * Maps x over `xs` onto the plot area of `f` left to right, `inset` pixels in from its sides,
 * and y over `ys` bottom to top.
 */
export function plot(
  f: Frame,
  xs: readonly [number, number],
  ys: readonly [number, number],
  inset = 0,
): Plot {
  return {
    f,
    x: linear(xs[0], xs[1], f.left + inset, f.width - f.right - inset),
    y: linear(ys[0], ys[1], f.height - f.bottom, f.top),
  };
}

/** An accessible chart shell: `role="img"` with a title and a description. */
export const Chart: FC<{ f: Frame; title: string; desc: string; children?: Child }> = (
  { f, title, desc, children },
) => {
  const id = `c${Math.abs(hash(title + desc)).toString(36)}`;
  return (
    <svg
      class="chart"
      viewBox={`0 0 ${f.width} ${f.height}`}
      width={f.width}
      height={f.height}
      role="img"
      aria-labelledby={`${id}-t ${id}-d`}
    >
      <title id={`${id}-t`}>{title}</title>
      <desc id={`${id}-d`}>{desc}</desc>
      {children}
    </svg>
  );
};

/** Axes with ticks and labels around the plot area. */
export const Axes: FC<{
  plot: Plot;
  xTicks: { v: number; label: string }[];
  yTicks: { v: number; label: string }[];
  xLabel: string;
  yLabel: string;
}> = ({ plot: { f, x, y }, xTicks, yTicks, xLabel, yLabel }) => {
  const bottom = f.height - f.bottom, right = f.width - f.right;
  return (
    <g aria-hidden="true">
      {yTicks.map((t) => (
        <g>
          <line x1={f.left} x2={right} y1={y(t.v)} y2={y(t.v)} stroke="#e3e7eb" />
          <text x={f.left - 6} y={y(t.v) + 4} text-anchor="end">{t.label}</text>
        </g>
      ))}
      {xTicks.map((t) => <text x={x(t.v)} y={bottom + 15} text-anchor="middle">{t.label}</text>)}
      <line x1={f.left} x2={right} y1={bottom} y2={bottom} stroke="#4f5761" />
      <line x1={f.left} x2={f.left} y1={f.top} y2={bottom} stroke="#4f5761" />
      <text x={(f.left + right) / 2} y={f.height - 4} text-anchor="middle">{xLabel}</text>
      <text
        x={12}
        y={(f.top + bottom) / 2}
        text-anchor="middle"
        transform={`rotate(-90 12 ${(f.top + bottom) / 2})`}
      >
        {yLabel}
      </text>
    </g>
  );
};

/** Ticks at 0, 25, 50, 75 and 100 %. */
export const PERCENT_TICKS = [0, 0.25, 0.5, 0.75, 1].map((v) => ({
  v,
  label: `${Math.round(v * 100)}%`,
}));

/** At most `n` evenly spread tick positions over `count` columns (indices). */
export function indexTicks(count: number, n: number): number[] {
  if (count <= n) return Array.from({ length: count }, (_, i) => i);
  const step = (count - 1) / (n - 1);
  return Array.from({ length: n }, (_, i) => Math.round(i * step));
}

/** Ticks of an axis of cycles, where index i stands for cycle `ids[i]`: at most 10, by id. */
export function cycleTicks(ids: readonly number[]): { v: number; label: string }[] {
  return indexTicks(ids.length, 10).map((i) => ({ v: i, label: String(ids[i]) }));
}

/** One line series; null values break the line. */
export interface LineSeries {
  name: string;
  color: string;
  values: (number | null)[];
}

/** The path of a series, broken at nulls. */
export function linePath(
  values: (number | null)[],
  x: (i: number) => number,
  y: (v: number) => number,
): string {
  let d = "";
  let pen = false;
  values.forEach((v, i) => {
    if (v === null) {
      pen = false;
      return;
    }
    d += `${pen ? "L" : "M"}${x(i).toFixed(1)} ${y(v).toFixed(1)}`;
    pen = true;
  });
  return d;
}

/** A legend: colour swatches and names (the `.sN` classes match {@link SERIES_COLORS}). */
export const Legend: FC<{ items: { name: string; index: number }[] }> = ({ items }) => (
  <ul class="legend" aria-hidden="true">
    {items.map((it) => (
      <li>
        <span class={`swatch s${Math.min(it.index, SERIES_COLORS.length - 1)}`}></span>
        {it.name}
      </li>
    ))}
  </ul>
);

function hash(s: string): number {
  let h = 0;
  for (let i = 0; i < s.length; i++) h = Math.imul(h, 31) + s.charCodeAt(i) | 0;
  return h;
}
