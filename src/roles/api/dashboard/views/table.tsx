import type { Child, FC } from "hono/jsx";
import { weightPct } from "./format.ts";

/**
 * A header cell of a `data-sortable` table: a button the client's sorter (and the keyboard)
 * uses, sorting as numbers or as text.
 */
export const SortHead: FC<{ label: string; type: "num" | "text"; left?: boolean; title?: string }> =
  (
    { label, type, left, title },
  ) => (
    <th class={left ? "l" : undefined} scope="col" title={title}>
      <button type="button" data-sort={type}>{label}</button>
    </th>
  );

/** The weight columns of a sortable table: the normalized weight and the u16 one the chain gets. */
export const WeightHeads: FC = () => (
  <>
    <SortHead label="Weight" type="num" />
    <SortHead label="u16" type="num" />
  </>
);

/** A row's cells under {@link WeightHeads}; null (no weight that cycle) shows "—". */
export const WeightCells: FC<{ weight: number | null; u16: number | null }> = (
  { weight, u16 },
) => (
  <>
    <td data-v={weight ?? ""}>{weight === null ? "—" : weightPct(weight)}</td>
    <td data-v={u16 ?? ""}>{u16 ?? "—"}</td>
  </>
);

/** Props of {@link DataTable}. */
export interface DataTableProps {
  /** The header row's cells: {@link SortHead}s in a sortable table, else `th`s. */
  head: Child;
  /** The client's sorter orders the rows by a clicked header. @default false */
  sortable?: boolean;
  id?: string;
  /** The id of the element that describes the table (`aria-describedby`). */
  describedBy?: string;
  /** A caption read by screen readers only. */
  caption?: Child;
  /** The body rows. */
  children?: Child;
}

/**
 * Every table of the dashboard: one header row and the body rows, in a box that scrolls
 * sideways on a narrow screen.
 */
export const DataTable: FC<DataTableProps> = (
  { head, sortable, id, describedBy, caption, children },
) => (
  <div class="scroll">
    <table
      {...definedOnly({
        "data-sortable": sortable || undefined,
        id,
        "aria-describedby": describedBy,
      })}
    >
      {caption === undefined ? null : <caption class="sr-only">{caption}</caption>}
      <thead>
        <tr>{head}</tr>
      </thead>
      <tbody>{children}</tbody>
    </table>
  </div>
);

/** The attributes that have a value (hono leaves a blank where an undefined one stands). */
function definedOnly(attrs: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(attrs).filter(([, v]) => v !== undefined));
}
