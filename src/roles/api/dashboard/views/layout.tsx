import type { Child, FC } from "hono/jsx";
import { assetUrl } from "../assets.ts";

/** Which top-level page is shown (marked in the navigation). */
export type Section = "now" | "cycles" | "weights" | "miners" | "replays" | "error";

/** The page shell: head, navigation, main, footer. */
export const Page: FC<{ title: string; section: Section; version: string; children?: Child }> = (
  { title, section, version, children },
) => (
  <html lang="en">
    <head>
      <meta charset="utf-8" />
      <meta name="viewport" content="width=device-width, initial-scale=1" />
      <title>{title} · Kinitro</title>
      <link rel="icon" href={assetUrl("icon.svg")} type="image/svg+xml" />
      <link rel="stylesheet" href={assetUrl("dashboard.css")} />
      <script src={assetUrl("dashboard.js")} defer></script>
    </head>
    <body>
      <a class="skip" href="#main">Skip to content</a>
      <header class="site">
        <a class="brand" href="/">Kinitro</a>
        <nav aria-label="Dashboard">
          <a href="/" aria-current={section === "now" ? "page" : undefined}>Now</a>
          <a href="/weights" aria-current={section === "weights" ? "page" : undefined}>Weights</a>
          <a href="/docs">API</a>
        </nav>
      </header>
      <main id="main" tabindex={-1}>{children}</main>
      <footer class="site">
        Kinitro {version} · read-only view of this API's public data (
        <a href="/openapi.json">OpenAPI</a>) · works offline, no external resources
      </footer>
      <p class="sr-only" aria-live="polite" data-live-announce></p>
    </body>
  </html>
);

/** An error page body: 404 for unknown ids, 400 for a bad query. */
export const ErrorBody: FC<{ status: number; message: string }> = ({ status, message }) => (
  <>
    <h1>{status === 404 ? "Not found" : status === 400 ? "Bad request" : "Something failed"}</h1>
    <p>{message}</p>
    <p>
      <a href="/">Back to the current cycle</a>
    </p>
  </>
);
