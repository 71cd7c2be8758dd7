// What a reader must never meet, checked on the report laid out in print media.
// mode "portrait" judges everything not on a landscape page (and the text);
// mode "landscape" judges only what the report prints on landscape pages.
([limit, mode]) => {
  const problems = [];
  const judged = (el) => (mode === "landscape") === Boolean(el.closest(".dk-wide"));
  const say = (kind, el, detail) => {
    const near = (el.closest(".dk-cell") || el).innerText.slice(0, 60).replace(/\s+/g, " ");
    problems.push(`${kind}: ${detail} (near "${near}")`);
  };
  const left = document.body.getBoundingClientRect().left;
  const clipping = ["hidden", "auto", "scroll"];
  for (const el of document.querySelectorAll("body *")) {
    if (!judged(el) || el.closest(".dk-measure, .dk-interactive, script, style, svg *")) continue;
    const style = getComputedStyle(el);
    if (style.display === "none" || style.visibility === "hidden") continue;
    const box = el.getBoundingClientRect();
    if (box.width === 0 || box.height === 0) continue;
    if (box.right - left > limit + 1) {
      say("past the page edge", el, `${el.tagName} ends at ${Math.round(box.right - left)} px > ${Math.round(limit)}`);
    }
    const clips = clipping.includes(style.overflowX) || clipping.includes(style.overflowY);
    if (clips && (el.scrollWidth > el.clientWidth + 1 || el.scrollHeight > el.clientHeight + 1)) {
      say("cut off", el, `${el.tagName} ${el.scrollWidth}x${el.scrollHeight} in ${el.clientWidth}x${el.clientHeight}`);
    }
  }
  for (const cell of document.querySelectorAll("td, th")) {
    if (!judged(cell) || cell.closest(".dk-interactive")) continue;
    if (cell.scrollWidth > cell.clientWidth + 1) {
      say("word wider than its cell", cell, cell.innerText.slice(0, 40));
    }
    const size = parseFloat(getComputedStyle(cell).fontSize);
    if (size < 7.5 * 96 / 72 - 0.01) say("table text under 7.5 pt", cell, `${size} px`);
    if (/(\u2026|\.\.\.)$/.test(cell.innerText.trim())) {
      say("cut with an ellipsis", cell, cell.innerText.slice(-40));
    }
  }
  const prose = ".jp-RenderedMarkdown p, .jp-RenderedMarkdown li, .dk-summary p, .dk-summary li";
  for (const p of document.querySelectorAll(prose)) {
    if (!judged(p)) continue;
    const size = parseFloat(getComputedStyle(p).fontSize);
    if (size < 10 * 96 / 72 - 0.01) say("body text under 10 pt", p, `${size} px`);
  }
  for (const svg of document.querySelectorAll(".dk-cell svg")) {
    if (!judged(svg) || svg.closest(".dk-interactive") || svg.parentElement.closest("svg")) continue;
    const shown = svg.getBoundingClientRect();
    if (shown.width === 0 || shown.height === 0) continue;  // not printed (a tiled original)
    const view = svg.viewBox && svg.viewBox.baseVal;
    // The drawing scales by the tighter of width and height (preserveAspectRatio "meet").
    const scale = view && view.width ? Math.min(shown.width / view.width, shown.height / view.height) : 1;
    for (const t of svg.querySelectorAll("text")) {
      if (!t.textContent.trim()) continue;
      const printed = parseFloat(getComputedStyle(t).fontSize) * scale * 72 / 96;
      if (printed < 7 - 0.05) {
        say("diagram label under 7 pt", svg, `"${t.textContent.slice(0, 20)}" at ${printed.toFixed(1)} pt`);
        break;
      }
    }
  }
  if (mode === "portrait") {
    const text = document.body.innerText;
    for (const leak of [/\bNaN\b/, /<NA>/, /\bNone\b/, /\d+ rows × \d+ columns/, /not installed/]) {
      const m = text.match(leak);
      if (m) {
        const around = text.slice(Math.max(0, m.index - 40), m.index + 40).replace(/\s+/g, " ");
        problems.push(`leaked text: ${m[0]} in "${around}"`);
      }
    }
  }
  return problems;
}
