/**
 * Accessibility basics checked inside a loaded dashboard page (passed to `page.evaluate`, so
 * it references nothing outside itself): images and charts have text alternatives, every
 * chart is followed by a table of its numbers, every control has a name, ids are unique
 * (labels and in-page links point at one element), and text has
 * readable contrast (WCAG AA: 4.5:1, 3:1 for large text).
 *
 * The file is one expression, evaluated in the page as text (the test program has no DOM
 * types): its value is the problems found, one line each (empty: none)
 */
(() => {
  const problems = [];
  const describe = (el) =>
    `<${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ""}> "${
      (el.textContent ?? "").trim().slice(0, 40)
    }"`;

  const ids = new Set();
  for (const el of document.querySelectorAll("[id]")) {
    if (ids.has(el.id)) problems.push(`duplicate id "${el.id}": ${describe(el)}`);
    ids.add(el.id);
  }
  for (const img of document.querySelectorAll("img")) {
    if (!(img.getAttribute("alt") ?? "").trim()) problems.push(`image without alt: ${img.src}`);
  }
  const main = document.querySelector("main");
  for (const svg of document.querySelectorAll("svg.chart")) {
    const refs = (svg.getAttribute("aria-labelledby") ?? "").split(/\s+/).filter(Boolean);
    const label = refs.map((id) => document.getElementById(id)?.textContent ?? "").join(" ");
    if (svg.getAttribute("role") !== "img" || refs.length < 2 || label.trim().length < 10) {
      problems.push(`chart without a title and description: ${describe(svg)}`);
    }
    const tableAfter = [...(main?.querySelectorAll("table") ?? [])].some((t) =>
      (svg.compareDocumentPosition(t) & Node.DOCUMENT_POSITION_FOLLOWING) !== 0 &&
      /\d/.test(t.tBodies[0]?.textContent ?? "")
    );
    if (!tableAfter) problems.push(`chart with no table of its numbers after it: ${label}`);
  }
  for (const el of document.querySelectorAll("a[href], button, [tabindex]")) {
    const name = (el.getAttribute("aria-label") ?? el.textContent ?? "").trim();
    if (!name && el.tagName !== "MAIN") problems.push(`control without a name: ${el.outerHTML}`);
  }
  for (const el of document.querySelectorAll("[onclick], th[data-sort], td[data-sort]")) {
    problems.push(`clickable element that is not a button or link: ${describe(el)}`);
  }

  const parse = (c) => {
    const m = /rgba?\(([\d.]+),?\s*([\d.]+),?\s*([\d.]+)(?:[,/]\s*([\d.]+))?\)/.exec(c);
    return m ? [+m[1], +m[2], +m[3], m[4] === undefined ? 1 : +m[4]] : null;
  };
  const lum = ([r, g, b]) => {
    const f = (v) => {
      const s = v / 255;
      return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
    };
    return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
  };
  const backgroundOf = (el) => {
    for (let e = el; e; e = e.parentElement) {
      const bg = parse(getComputedStyle(e).backgroundColor);
      if (bg && bg[3] > 0.5) return bg;
    }
    return [255, 255, 255, 1];
  };
  const seen = new Set();
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    const el = n.parentElement;
    if (!el || !(n.textContent ?? "").trim()) continue;
    if (el.closest("[hidden], .sr-only, title, desc, script, style, option")) continue;
    const rect = el.getBoundingClientRect();
    if (rect.width === 0 || rect.height === 0) continue;
    const style = getComputedStyle(el);
    const inSvg = el instanceof SVGElement;
    const fg = parse(inSvg ? style.fill : style.color);
    if (!fg || fg[3] === 0) continue;
    const bg = backgroundOf(inSvg ? el.closest("svg")?.parentElement ?? null : el);
    const [hi, lo] = [lum(fg), lum(bg)].sort((a, b) => b - a);
    const ratio = (hi + 0.05) / (lo + 0.05);
    const size = parseFloat(style.fontSize);
    const large = size >= 24 || (size >= 18.66 && Number(style.fontWeight) >= 700);
    const need = large ? 3 : 4.5;
    const key = `${style.color}|${style.fill}|${bg.join(",")}|${need}`;
    if (ratio < need && !seen.has(key)) {
      seen.add(key);
      problems.push(`contrast ${ratio.toFixed(2)} < ${need} for ${describe(el)}`);
    }
  }
  return problems;
})();
