/// <reference no-default-lib="true" />
/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
/// <reference lib="esnext" />

/**
 * Makes a table sortable by the buttons in its header (`<th><button data-sort="num|text">`),
 * so sorting works with the keyboard as with the mouse. A cell sorts by its `data-v`, else by
 * its text; the header cell's `aria-sort` says the order. Ties keep the server's order.
 */
export function enableSorting(table: HTMLTableElement): void {
  const head = table.tHead?.rows[0];
  const body = table.tBodies[0];
  if (!head || !body) return;
  const original = [...body.rows];
  original.forEach((row, i) => row.dataset.i = String(i));
  [...head.cells].forEach((th, col) => {
    const button = th.querySelector<HTMLButtonElement>("button[data-sort]");
    button?.addEventListener("click", () => {
      const numeric = button.dataset.sort === "num";
      const was = th.getAttribute("aria-sort");
      const dir = was === "descending"
        ? "ascending"
        : was === "ascending"
        ? "descending"
        : numeric
        ? "descending"
        : "ascending";
      for (const other of head.cells) other.removeAttribute("aria-sort");
      th.setAttribute("aria-sort", dir);
      sortRows(body, col, numeric, dir === "ascending" ? 1 : -1);
    });
  });
}

function sortRows(body: HTMLTableSectionElement, col: number, numeric: boolean, sign: number) {
  const key = (row: HTMLTableRowElement): number | string => {
    const cell = row.cells[col];
    const raw = cell?.dataset.v ?? cell?.textContent?.trim() ?? "";
    if (!numeric) return raw.toLowerCase();
    const n = Number(raw);
    return raw === "" || Number.isNaN(n) ? -Infinity : n;
  };
  const rows = [...body.rows].map((row) => ({ row, k: key(row), i: Number(row.dataset.i) }));
  rows.sort((a, b) => (a.k < b.k ? -sign : a.k > b.k ? sign : a.i - b.i));
  const fragment = document.createDocumentFragment();
  for (const r of rows) fragment.append(r.row);
  body.append(fragment);
}
