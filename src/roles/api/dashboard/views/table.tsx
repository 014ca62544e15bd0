import type { FC } from "hono/jsx";

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
