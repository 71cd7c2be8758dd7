// designkit event-storming board: the view of designkit.widgets.board.EventStormingBoard.
//
// Plain modern JS, no build step, no network. The Python side owns the design:
// this view shows the synced `stickies` list, and on every user action sends a
// changed copy of the whole list back (model.set + save_changes). Python
// replays it through designkit.edit and sends the canonical list back, or
// restores the old one and explains why in `status`.
//
// Every text a user typed is inserted with textContent or as a property value,
// never as HTML.

const COL = 130; // pixels per column (one per distinct t)
const ROW = 96; // pixels per lane
const W = 112;
const H = 70;
const SMALL_W = 86;
const SMALL_H = 52;
const LEFT = 64; // room for lane labels
const TOP = 28; // room for the time axis
const STACK = 12; // offset of stickies sharing a cell
const SVG_NS = "http://www.w3.org/2000/svg";

function h(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined && text !== null) node.textContent = String(text);
  return node;
}

function button(label, title, onClick) {
  const b = h("button", "dk-btn", label);
  b.type = "button";
  b.title = title;
  b.addEventListener("click", onClick);
  return b;
}

const keyOf = (s) => (s.id === null || s.id === undefined ? s.name : s.id);

// A link left to right is a gentle S; one back in time dips below both stickies
// instead of sweeping across the board.
function curve(sx, sy, ex, ey) {
  if (ex >= sx) {
    const bend = Math.max((ex - sx) / 2, 30);
    return `M${sx},${sy} C${sx + bend},${sy} ${ex - bend},${ey} ${ex},${ey}`;
  }
  const dip = Math.max(sy, ey) + ROW * 0.6;
  return `M${sx},${sy} C${sx + 60},${dip} ${ex - 60},${dip} ${ex},${ey}`;
}

function render({ model, el }) {
  const root = h("div", "dk-board");
  root.tabIndex = 0;
  // Keys typed on the board are the board's, not JupyterLab's notebook shortcuts.
  root.dataset.lmSuppressShortcuts = "true";
  el.appendChild(root);

  let selected = []; // keys, in the order they were selected
  let scale = 1;
  let showArrows = true;
  let drag = null;
  let editing = null;
  let pending = false;
  let hint = "";
  let layout = null; // the geometry of the last drawing
  const boxes = new Map(); // key -> {x, y, w, h}
  const elements = new Map(); // key -> sticky element

  // --- data helpers -------------------------------------------------------
  const items = () =>
    (model.get("stickies") || []).map((s) => ({ ...s, leads_to: [...(s.leads_to || [])] }));
  const kinds = () => model.get("kinds") || [];
  const kindInfo = (kind) =>
    kinds().find((k) => k.kind === kind) || { label: kind, colour: "#ddd", text: "#111" };
  const contextColour = (name) => {
    const found = (model.get("contexts") || []).find((c) => c.name === name);
    return found ? found.colour : "#999999";
  };
  const commit = (list) => {
    hint = "";
    model.set("stickies", list);
    model.save_changes();
  };
  const byKey = (list, key) => list.find((s) => keyOf(s) === key);

  // --- toolbar -------------------------------------------------------------
  const toolbar = h("div", "dk-toolbar");
  const title = h("div", "dk-title");
  const adders = h("div", "dk-group");
  const contextInput = h("input", "dk-context");
  const datalist = h("datalist");
  datalist.id = `dk-contexts-${Math.random().toString(36).slice(2)}`;
  contextInput.setAttribute("list", datalist.id);
  contextInput.placeholder = "bounded context";
  contextInput.title = "Name of the candidate bounded context to group the selection into";
  const undoBtn = button("Undo", "Undo the last change (Ctrl+Z)", () => model.send({ type: "undo" }));
  const saveBtn = button("Save", "Save the design to its file", () => model.send({ type: "save" }));
  saveBtn.classList.add("dk-primary");
  const arrowsBox = h("input");
  arrowsBox.type = "checkbox";
  arrowsBox.checked = true;
  arrowsBox.addEventListener("change", () => {
    showArrows = arrowsBox.checked;
    redraw();
  });
  const arrowsLabel = h("label", "dk-check");
  arrowsLabel.append(arrowsBox, document.createTextNode(" arrows"));
  const edits = h("div", "dk-group");
  edits.append(
    button("Link", "Link the selected stickies in selection order (again to unlink)", linkSelected),
    button("Delete", "Delete the selected stickies (Del)", deleteSelected),
  );
  const grouping = h("div", "dk-group");
  grouping.append(
    contextInput,
    datalist,
    button("Group", "Group the selected stickies into the bounded context", groupSelected),
    button("Ungroup", "Take the selected stickies out of their context", ungroupSelected),
  );
  const view = h("div", "dk-group");
  view.append(
    button("−", "Zoom out", () => zoom(1 / 1.25)),
    button("+", "Zoom in", () => zoom(1.25)),
    arrowsLabel,
    undoBtn,
    saveBtn,
  );
  toolbar.append(title, adders, edits, grouping, view);
  const status = h("div", "dk-status");

  // --- board ---------------------------------------------------------------
  const main = h("div", "dk-main");
  const scroller = h("div", "dk-scroll");
  const sizer = h("div", "dk-sizer");
  const canvas = h("div", "dk-canvas");
  const lanesLayer = h("div", "dk-layer");
  const regionsLayer = h("div", "dk-layer");
  const arrows = document.createElementNS(SVG_NS, "svg");
  arrows.setAttribute("class", "dk-arrows");
  const stickiesLayer = h("div", "dk-layer");
  const editorLayer = h("div", "dk-layer");
  canvas.append(lanesLayer, regionsLayer, arrows, stickiesLayer, editorLayer);
  sizer.appendChild(canvas);
  scroller.appendChild(sizer);
  const details = h("div", "dk-details");
  main.append(scroller, details);
  const legendBox = h("div", "dk-legend");
  root.append(toolbar, status, main, legendBox);

  // One column per distinct t, in order (only the order of t matters): gaps do
  // not waste room and stickies at t=7 and t=7.5 do not overlap.
  function geometry(list) {
    const ts = [...new Set(list.map((s) => s.t))].sort((a, b) => a - b);
    const column = new Map(ts.map((t, i) => [t, i]));
    const l0 = Math.min(0, ...list.map((s) => s.lane));
    const lMax = Math.max(l0, ...list.map((s) => s.lane));
    const n = ts.length;
    // The t of a (fractional) column position: a column's own t near its
    // centre, the midpoint between two columns, or whole steps past either end.
    const tAt = (c) => {
      if (!n) return Math.max(0, Math.round(c));
      if (c < -0.25) return ts[0] - Math.max(1, Math.round(-c));
      if (c > n - 0.75) return ts[n - 1] + Math.max(1, Math.round(c - (n - 1)));
      const i = Math.round(c);
      if (Math.abs(c - i) <= 0.25) return ts[i];
      const lo = Math.floor(c);
      return (ts[lo] + ts[lo + 1]) / 2;
    };
    return {
      ts,
      l0,
      column: (t) => column.get(t),
      tAt,
      x: (t) => LEFT + column.get(t) * COL,
      y: (lane) => TOP + (lane - l0) * ROW,
      width: LEFT + (n + 2) * COL,
      height: TOP + (lMax - l0 + 2) * ROW,
      lanes: lMax - l0 + 2,
    };
  }

  function redraw() {
    if (drag) {
      pending = true;
      return;
    }
    pending = false;
    const list = items();
    const g = geometry(list);
    layout = g;
    title.textContent = `Event storming: ${model.get("title") || ""}`;
    canvas.style.width = `${g.width}px`;
    canvas.style.height = `${g.height}px`;
    canvas.style.transform = `scale(${scale})`;
    sizer.style.width = `${g.width * scale}px`;
    sizer.style.height = `${g.height * scale}px`;
    drawLanes(g);
    boxes.clear();
    elements.clear();
    stickiesLayer.replaceChildren();
    const cells = new Map();
    for (const s of [...list].sort((a, b) => a.t - b.t || a.lane - b.lane)) {
      const cell = `${s.t}|${s.lane}`;
      const n = cells.get(cell) || 0;
      cells.set(cell, n + 1);
      const small = Boolean(kindInfo(s.kind).small);
      const box = {
        x: g.x(s.t) + (COL - W) / 2 + n * STACK,
        y: g.y(s.lane) + (ROW - H) / 2 + n * STACK,
        w: small ? SMALL_W : W,
        h: small ? SMALL_H : H,
      };
      boxes.set(keyOf(s), box);
      stickiesLayer.appendChild(stickyElement(s, box));
    }
    selected = selected.filter((k) => boxes.has(k));
    drawRegions(list, g);
    drawArrows(list);
    drawSelection();
    drawDetails(list);
    drawLegend(list);
    drawStatus();
    datalist.replaceChildren(
      ...(model.get("contexts") || []).map((c) => {
        const option = document.createElement("option");
        option.value = c.name;
        return option;
      }),
    );
    adders.replaceChildren(
      ...kinds().map((k) => {
        const b = button(`+ ${k.label}`, `Add a ${k.label.toLowerCase()}`, () => addSticky(k));
        b.style.setProperty("--dk-swatch", k.colour);
        b.classList.add("dk-add");
        return b;
      }),
    );
    undoBtn.disabled = !model.get("can_undo");
    saveBtn.disabled = !model.get("can_save");
  }

  function drawLanes(g) {
    lanesLayer.replaceChildren();
    for (let i = 0; i < g.lanes; i += 1) {
      const lane = h("div", i % 2 ? "dk-lane dk-alt" : "dk-lane");
      lane.style.top = `${TOP + i * ROW}px`;
      lane.style.height = `${ROW}px`;
      lane.appendChild(h("span", "dk-lane-label", `lane ${g.l0 + i}`));
      lanesLayer.appendChild(lane);
    }
    for (const t of g.ts) {
      const tick = h("div", "dk-tick", `t=${t}`);
      tick.style.left = `${g.x(t)}px`;
      tick.style.width = `${COL}px`;
      lanesLayer.appendChild(tick);
    }
  }

  function tooltip(s) {
    const info = kindInfo(s.kind);
    const lines = [`${s.name} (${info.label}, t=${s.t}, lane ${s.lane})`];
    if (s.context) lines.push(`context: ${s.context}`);
    if (s.owner) lines.push(`owner: ${s.owner}`);
    if (s.leads_to.length) lines.push(`leads to: ${s.leads_to.join(", ")}`);
    if (s.notes) lines.push(s.notes);
    lines.push("Double-click to rename; drag to move; Shift+click to select several.");
    return lines.join("\n");
  }

  function stickyElement(s, box) {
    const key = keyOf(s);
    const info = kindInfo(s.kind);
    const node = h("div", "dk-sticky");
    if (info.small) node.classList.add("dk-small");
    node.dataset.kind = s.kind;
    node.style.left = `${box.x}px`;
    node.style.top = `${box.y}px`;
    node.style.width = `${box.w}px`;
    node.style.height = `${box.h}px`;
    node.style.background = info.colour;
    node.style.color = info.text;
    if (s.context) node.style.borderLeftColor = contextColour(s.context);
    node.title = tooltip(s);
    node.appendChild(h("div", "dk-name", s.name));
    if (s.kind === "hotspot" && s.owner) node.appendChild(h("div", "dk-owner", `@ ${s.owner}`));
    node.addEventListener("pointerdown", (ev) => startDrag(ev, key, node));
    node.addEventListener("pointermove", moveDrag);
    node.addEventListener("pointerup", endDrag);
    node.addEventListener("pointercancel", cancelDrag);
    node.addEventListener("dblclick", (ev) => {
      ev.stopPropagation();
      startEdit(key);
    });
    elements.set(key, node);
    return node;
  }

  // A region per run of nearby columns of one context, so a context that
  // comes back much later on the timeline does not cover the whole board.
  function drawRegions(list, g) {
    regionsLayer.replaceChildren();
    const members = new Map();
    for (const s of list) {
      if (!s.context) continue;
      if (!members.has(s.context)) members.set(s.context, []);
      members.get(s.context).push(s);
    }
    for (const name of [...members.keys()].sort()) {
      const colour = contextColour(name);
      const group = members.get(name).sort((a, b) => a.t - b.t);
      let run = [];
      const flush = () => {
        if (run.length) regionsLayer.appendChild(region(name, colour, run));
        run = [];
      };
      for (const s of group) {
        const last = run[run.length - 1];
        if (last && g.column(s.t) - g.column(last.t) > 1) flush();
        run.push(s);
      }
      flush();
    }
  }

  function region(name, colour, run) {
    let [x1, y1, x2, y2] = [Infinity, Infinity, -Infinity, -Infinity];
    for (const s of run) {
      const b = boxes.get(keyOf(s));
      [x1, y1] = [Math.min(x1, b.x), Math.min(y1, b.y)];
      [x2, y2] = [Math.max(x2, b.x + b.w), Math.max(y2, b.y + b.h)];
    }
    const node = h("div", "dk-region");
    node.style.left = `${x1 - 10}px`;
    node.style.top = `${y1 - 20}px`;
    node.style.width = `${x2 - x1 + 20}px`;
    node.style.height = `${y2 - y1 + 30}px`;
    node.style.borderColor = colour;
    node.style.setProperty("--dk-region", colour);
    const label = h("span", "dk-region-label", name);
    label.style.color = colour;
    node.appendChild(label);
    return node;
  }

  function drawArrows(list) {
    arrows.replaceChildren();
    arrows.setAttribute("width", canvas.style.width);
    arrows.setAttribute("height", canvas.style.height);
    if (!showArrows) return;
    const defs = document.createElementNS(SVG_NS, "defs");
    const marker = document.createElementNS(SVG_NS, "marker");
    const markerId = `${datalist.id}-arrow`;
    for (const [k, v] of Object.entries({
      id: markerId,
      viewBox: "0 0 10 10",
      refX: "10",
      refY: "5",
      markerWidth: "7",
      markerHeight: "7",
      orient: "auto-start-reverse",
    })) {
      marker.setAttribute(k, v);
    }
    const tip = document.createElementNS(SVG_NS, "path");
    tip.setAttribute("d", "M0,0 L10,5 L0,10 z");
    marker.appendChild(tip);
    defs.appendChild(marker);
    arrows.appendChild(defs);
    for (const s of list) {
      const a = boxes.get(keyOf(s));
      for (const target of s.leads_to) {
        const b = boxes.get(target);
        if (!a || !b) continue;
        const sx = a.x + a.w;
        const sy = a.y + a.h / 2;
        const ex = b.x;
        const ey = b.y + b.h / 2;
        const path = document.createElementNS(SVG_NS, "path");
        path.setAttribute("d", curve(sx, sy, ex, ey));
        path.setAttribute("marker-end", `url(#${markerId})`);
        arrows.appendChild(path);
      }
    }
  }

  function drawSelection() {
    for (const [key, node] of elements) {
      node.classList.toggle("dk-selected", selected.includes(key));
    }
  }

  function drawStatus() {
    const text = hint || model.get("status") || "";
    status.textContent = text;
    status.className = `dk-status ${hint ? "dk-hint" : model.get("status_ok") ? "dk-ok" : "dk-error"}`;
  }

  function say(text) {
    hint = text;
    drawStatus();
  }

  function drawLegend(list) {
    legendBox.replaceChildren();
    for (const k of kinds()) {
      const item = h("span", "dk-legend-item", k.label);
      item.style.setProperty("--dk-swatch", k.colour);
      if (k.small) item.classList.add("dk-small");
      legendBox.appendChild(item);
    }
    const used = [...new Set(list.map((s) => s.context).filter(Boolean))].sort();
    for (const name of used) {
      const item = h("span", "dk-legend-item dk-legend-context", name);
      item.style.setProperty("--dk-swatch", contextColour(name));
      legendBox.appendChild(item);
    }
  }

  // --- details panel for one selected sticky -------------------------------
  function drawDetails(list) {
    const active = root.getRootNode().activeElement;
    if (active && details.contains(active)) return; // do not disturb typing
    details.replaceChildren();
    if (selected.length !== 1) {
      details.appendChild(
        h(
          "p",
          "dk-help",
          selected.length
            ? `${selected.length} stickies selected: Link chains them in selection order; ` +
                "Group puts them in a context; drag any of them to move all."
            : "Select a sticky to edit it. Shift+click or drag on the board to select several.",
        ),
      );
      return;
    }
    const s = byKey(list, selected[0]);
    if (!s) return;
    const field = (label, control) => {
      const row = h("label", "dk-field");
      row.append(h("span", "", label), control);
      details.appendChild(row);
      return control;
    };
    const update = (changes) => {
      const next = items();
      const target = byKey(next, keyOf(s));
      if (!target) return;
      Object.assign(target, changes);
      commit(next);
    };
    const name = field("Name", h("input"));
    name.value = s.name;
    name.addEventListener("change", () => update({ name: name.value.trim() }));
    const kind = field("Kind", h("select"));
    for (const k of kinds()) {
      const option = h("option", "", k.label);
      option.value = k.kind;
      kind.appendChild(option);
    }
    kind.value = s.kind;
    kind.addEventListener("change", () => update({ kind: kind.value }));
    const context = field("Context", h("input"));
    context.setAttribute("list", datalist.id);
    context.value = s.context || "";
    context.addEventListener("change", () => update({ context: context.value.trim() || null }));
    const owner = field("Owner", h("input"));
    owner.value = s.owner || "";
    owner.addEventListener("change", () => update({ owner: owner.value.trim() || null }));
    const notes = field("Notes", h("textarea"));
    notes.rows = 3;
    notes.value = s.notes || "";
    notes.addEventListener("change", () => update({ notes: notes.value }));
    const links = h("div", "dk-links");
    links.appendChild(h("span", "", s.leads_to.length ? "Leads to:" : "Leads to nothing yet."));
    for (const target of s.leads_to) {
      const other = byKey(list, target);
      const chip = button(`${other ? other.name : target} ×`, "Remove this link", () =>
        update({ leads_to: s.leads_to.filter((n) => n !== target) }),
      );
      chip.classList.add("dk-chip");
      links.appendChild(chip);
    }
    details.appendChild(links);
  }

  // --- actions -------------------------------------------------------------
  function addSticky(k) {
    const list = items();
    const names = new Set(list.map((s) => s.name));
    const base = `New ${k.label.toLowerCase()}`;
    let name = base;
    for (let n = 2; names.has(name); n += 1) name = `${base} ${n}`;
    const anchor = selected.length ? byKey(list, selected[selected.length - 1]) : null;
    // Right after the selected sticky (between it and the next column), else at the end.
    const g = geometry(list);
    const t = anchor ? g.tAt(g.column(anchor.t) + 0.5) : g.tAt(g.ts.length);
    list.push({
      id: null,
      name,
      kind: k.kind,
      t,
      lane: anchor ? anchor.lane : 0,
      context: anchor ? anchor.context : null,
      leads_to: [],
      notes: "",
      owner: null,
    });
    selected = [name];
    commit(list);
    startEdit(name);
  }

  function deleteSelected() {
    if (!selected.length) return say("Select the stickies to delete first.");
    const gone = new Set(selected);
    const list = items()
      .filter((s) => !gone.has(keyOf(s)))
      .map((s) => ({ ...s, leads_to: s.leads_to.filter((n) => !gone.has(n)) }));
    selected = [];
    commit(list);
  }

  function linkSelected() {
    if (selected.length < 2) {
      return say("Select two or more stickies (Shift+click, in flow order), then Link.");
    }
    const list = items();
    const pairs = selected.slice(1).map((k, i) => [byKey(list, selected[i]), k]);
    const linked = pairs.every(([s, k]) => s.leads_to.includes(k));
    for (const [s, k] of pairs) {
      s.leads_to = linked ? s.leads_to.filter((n) => n !== k) : [...new Set([...s.leads_to, k])];
    }
    commit(list);
  }

  function setContext(context) {
    const list = items();
    for (const key of selected) {
      const s = byKey(list, key);
      if (s) s.context = context;
    }
    commit(list);
  }

  function groupSelected() {
    const name = contextInput.value.trim();
    if (!selected.length) return say("Select the stickies to group first.");
    if (!name) return say("Type the name of a bounded context to group into.");
    setContext(name);
  }

  function ungroupSelected() {
    if (!selected.length) return say("Select the stickies to take out of their context.");
    setContext(null);
  }

  function zoom(factor) {
    scale = Math.min(2, Math.max(0.3, scale * factor));
    redraw();
  }

  // --- inline rename -------------------------------------------------------
  function startEdit(key) {
    const box = boxes.get(key);
    const s = byKey(items(), key);
    if (!box || !s) return;
    finishEdit(false);
    const input = h("textarea", "dk-editor");
    input.value = s.name;
    input.style.left = `${box.x}px`;
    input.style.top = `${box.y}px`;
    input.style.width = `${box.w}px`;
    input.style.height = `${box.h}px`;
    editing = { key, input };
    editorLayer.appendChild(input);
    input.addEventListener("keydown", (ev) => {
      ev.stopPropagation();
      if (ev.key === "Enter" && !ev.shiftKey) {
        ev.preventDefault();
        finishEdit(true);
      } else if (ev.key === "Escape") {
        finishEdit(false);
      }
    });
    input.addEventListener("blur", () => finishEdit(true));
    input.focus();
    input.select();
  }

  function finishEdit(keep) {
    if (!editing) return;
    const { key, input } = editing;
    editing = null;
    input.remove();
    const name = input.value.replace(/\s+/g, " ").trim();
    if (!keep || !name) return;
    const list = items();
    const s = byKey(list, key);
    if (!s || s.name === name) return;
    s.name = name;
    if (selected.includes(key) && s.id === null) selected = [name];
    commit(list);
    root.focus();
  }

  // --- dragging and selecting ----------------------------------------------
  function startDrag(ev, key, node) {
    if (ev.button !== 0 || editing) return;
    ev.stopPropagation();
    if (ev.shiftKey || ev.metaKey || ev.ctrlKey) {
      selected = selected.includes(key) ? selected.filter((k) => k !== key) : [...selected, key];
      drawSelection();
      drawDetails(items());
      return;
    }
    if (!selected.includes(key)) {
      selected = [key];
      drawSelection();
      drawDetails(items());
    }
    drag = { x: ev.clientX, y: ev.clientY, keys: [...selected], moved: false };
    try {
      node.setPointerCapture(ev.pointerId);
    } catch {
      // A synthetic or already released pointer cannot be captured; dragging still works.
    }
  }

  function offset(ev) {
    return [(ev.clientX - drag.x) / scale, (ev.clientY - drag.y) / scale];
  }

  function moveDrag(ev) {
    if (!drag) return;
    const [dx, dy] = offset(ev);
    if (!drag.moved && Math.hypot(dx, dy) < 4) return;
    drag.moved = true;
    for (const key of drag.keys) {
      const node = elements.get(key);
      if (node) node.style.transform = `translate(${dx}px, ${dy}px)`;
    }
  }

  function endDrag(ev) {
    if (!drag) return;
    const [dx, dy] = offset(ev);
    const { keys, moved } = drag;
    drag = null;
    if (moved) {
      const list = items();
      let changed = false;
      for (const key of keys) {
        const s = byKey(list, key);
        if (!s) continue;
        const t = layout.tAt(layout.column(s.t) + dx / COL);
        const lane = Math.max(Math.min(0, s.lane), s.lane + Math.round(dy / ROW));
        changed = changed || t !== s.t || lane !== s.lane;
        s.t = t;
        s.lane = lane;
      }
      if (changed) {
        commit(list);
        return;
      }
      for (const key of keys) {
        const node = elements.get(key);
        if (node) node.style.transform = "";
      }
    }
    // Redraw only if an update arrived meanwhile: replacing the sticky under the
    // pointer would swallow a double-click.
    if (pending) redraw();
  }

  function cancelDrag() {
    drag = null;
    redraw();
  }

  canvas.addEventListener("pointerdown", (ev) => {
    if (ev.button !== 0 || editing) return;
    const rect = canvas.getBoundingClientRect();
    const start = [(ev.clientX - rect.left) / scale, (ev.clientY - rect.top) / scale];
    const band = h("div", "dk-marquee");
    editorLayer.appendChild(band);
    const additive = ev.shiftKey || ev.metaKey || ev.ctrlKey;
    const area = (e) => {
      const x = (e.clientX - rect.left) / scale;
      const y = (e.clientY - rect.top) / scale;
      return [Math.min(x, start[0]), Math.min(y, start[1]), Math.abs(x - start[0]), Math.abs(y - start[1])];
    };
    const move = (e) => {
      const [x, y, w, hgt] = area(e);
      Object.assign(band.style, { left: `${x}px`, top: `${y}px`, width: `${w}px`, height: `${hgt}px` });
    };
    const up = (e) => {
      window.removeEventListener("pointermove", move);
      window.removeEventListener("pointerup", up);
      band.remove();
      const [x, y, w, hgt] = area(e);
      const hits = [...boxes]
        .filter(([, b]) => b.x < x + w && b.x + b.w > x && b.y < y + hgt && b.y + b.h > y)
        .sort((a, b) => a[1].x - b[1].x || a[1].y - b[1].y)
        .map(([k]) => k);
      if (w < 4 && hgt < 4) selected = additive ? selected : [];
      else selected = additive ? [...new Set([...selected, ...hits])] : hits;
      drawSelection();
      drawDetails(items());
      root.focus();
    };
    window.addEventListener("pointermove", move);
    window.addEventListener("pointerup", up);
  });

  root.addEventListener("keydown", (ev) => {
    const tag = ev.target && ev.target.tagName;
    if (tag === "INPUT" || tag === "TEXTAREA" || tag === "SELECT") return;
    if (ev.key === "Delete" || ev.key === "Backspace") {
      deleteSelected();
    } else if (ev.key === "Escape") {
      selected = [];
      drawSelection();
      drawDetails(items());
    } else if ((ev.ctrlKey || ev.metaKey) && ev.key.toLowerCase() === "z") {
      model.send({ type: "undo" });
    } else {
      return;
    }
    ev.preventDefault();
    ev.stopPropagation();
  });

  const onChange = () => redraw();
  const names = ["stickies", "contexts", "kinds", "title", "can_save", "can_undo"];
  for (const name of names) model.on(`change:${name}`, onChange);
  const onStatus = () => {
    hint = "";
    drawStatus();
  };
  model.on("change:status", onStatus);
  model.on("change:status_ok", onStatus);
  redraw();
  if (pending) redraw();

  return () => {
    for (const name of names) model.off(`change:${name}`, onChange);
    model.off("change:status", onStatus);
    model.off("change:status_ok", onStatus);
  };
}

export default { render };
