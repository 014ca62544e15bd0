/**
 * Numbered SQL migrations, embedded as text imports so a compiled binary or a bundle
 * needs no source tree. Append new files here in order; never edit an applied one.
 *
 * @module
 */
import init0001 from "./0001_init.sql" with { type: "text" };
import dashboard0002 from "./0002_dashboard.sql" with { type: "text" };

/** One migration: its number, name and SQL. */
export interface Migration {
  version: number;
  name: string;
  sql: string;
}

/** Every migration, in order. */
export const MIGRATIONS: readonly Migration[] = [
  { version: 1, name: "0001_init", sql: init0001 },
  { version: 2, name: "0002_dashboard", sql: dashboard0002 },
];
