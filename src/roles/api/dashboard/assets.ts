/**
 * The dashboard's static files, embedded as text (a compiled binary or a bundle needs no
 * source tree): the stylesheet, the bundled client script and the icon. URLs carry a content
 * hash, so browsers may keep them forever.
 */
import css from "./assets/dashboard.css" with { type: "text" };
import js from "./assets/dashboard.js" with { type: "text" };
import icon from "./assets/icon.svg" with { type: "text" };

/** One embedded file. */
export interface Asset {
  body: string;
  contentType: string;
  /** Content hash used in its URL. */
  hash: string;
}

/** FNV-1a of the text: a cache-busting tag, not a security measure. */
function hashOf(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return (h >>> 0).toString(16).padStart(8, "0");
}

function asset(body: string, contentType: string): Asset {
  return { body, contentType, hash: hashOf(body) };
}

/** The embedded files by name. */
export const ASSETS: Readonly<Record<string, Asset>> = Object.freeze({
  "dashboard.css": asset(css, "text/css; charset=utf-8"),
  "dashboard.js": asset(js, "text/javascript; charset=utf-8"),
  "icon.svg": asset(icon, "image/svg+xml"),
});

/** The URL of an embedded file, with its hash. */
export function assetUrl(name: keyof typeof ASSETS & string): string {
  return `/assets/${name}?v=${ASSETS[name].hash}`;
}
