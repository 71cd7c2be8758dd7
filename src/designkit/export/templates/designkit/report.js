// designkit report: give a landscape page to what does not fit a portrait one.
//
// A table's narrowest layout (every column as narrow as its longest word, at
// the print type size) is measured in an off-screen box; a diagram is too wide
// when scaling it to the page would print its labels under 7 pt. Either marks
// its cell "dk-wide", which the paged-media CSS prints on a landscape page.
// Runs once when the page loads (before Chromium prints it); nothing is fetched.
(function () {
  "use strict";
  var MIN_LABEL_PX = 7 * 96 / 72; // 7 pt
  var PROSE = 0.4; // of the page width, for a column of sentences in a split table

  function lengthPx(value, host) {
    var probe = document.createElement("div");
    probe.style.cssText = "position:absolute;visibility:hidden;height:0;width:" + value;
    host.appendChild(probe);
    var px = probe.getBoundingClientRect().width;
    host.removeChild(probe);
    return px;
  }

  function tableMinWidth(table, box) {
    var copy = table.cloneNode(true);
    box.appendChild(copy);
    var width = copy.getBoundingClientRect().width;
    box.removeChild(copy);
    return width;
  }

  function svgNeeds(svg) {
    // Width at which the smallest label prints at 7 pt.
    var natural = svg.viewBox && svg.viewBox.baseVal && svg.viewBox.baseVal.width;
    if (!natural) natural = svg.width && svg.width.baseVal ? svg.width.baseVal.value : 0;
    if (!natural) return 0;
    var smallest = Infinity;
    svg.querySelectorAll("text").forEach(function (t) {
      var size = parseFloat(getComputedStyle(t).fontSize);
      if (size > 0 && size < smallest) smallest = size;
    });
    if (!isFinite(smallest)) return 0;
    return natural * MIN_LABEL_PX / smallest;
  }

  function keyColumns(table) {
    var row = table.tBodies[0] && table.tBodies[0].rows[0];
    var n = 0;
    while (row && n < row.cells.length - 1 && row.cells[n].tagName === "TH") n++;
    return Math.max(n, 1);
  }

  function columnWidths(table, box, natural) {
    // Each column's width in the measuring box: its narrowest (the longest word)
    // or, with ``natural``, its width with no line broken.
    var copy = table.cloneNode(true);
    if (natural) copy.style.width = "max-content";
    box.appendChild(copy);
    var widths = Array.prototype.map.call(copy.tHead.rows[0].cells, function (c) {
      return c.getBoundingClientRect().width;
    });
    box.removeChild(copy);
    return widths;
  }

  function splitTable(table, limit, box) {
    // Column groups that each fit ``limit``, every one repeating the key columns.
    var head = table.tHead && table.tHead.rows[0];
    if (!head || table.querySelector("[colspan], [rowspan]")) return false;
    var widths = columnWidths(table, box, false);
    var natural = columnWidths(table, box, true);
    var keys = keyColumns(table);
    // A column of prose (a "Why": longer than a line of the page) at its narrowest
    // is a column of single words: its group gives it room for lines of several.
    for (var p = keys; p < widths.length; p++) {
      if (natural[p] > limit) widths[p] = Math.max(widths[p], PROSE * limit);
    }
    var keyWidth = widths.slice(0, keys).reduce(function (a, b) { return a + b; }, 0);
    var groups = [], current = [], width = keyWidth;
    for (var j = keys; j < widths.length; j++) {
      if (current.length && width + widths[j] > limit) {
        groups.push(current);
        current = [];
        width = keyWidth;
      }
      current.push(j);
      width += widths[j];
    }
    if (current.length) groups.push(current);
    if (groups.length < 2) return false;
    var total = widths.length - keys;
    var holder = document.createElement("div");
    holder.className = "dk-print-only dk-column-groups";
    groups.forEach(function (group, g) {
      var keep = {};
      for (var k = 0; k < keys; k++) keep[k] = true;
      group.forEach(function (c) { keep[c] = true; });
      var part = table.cloneNode(true);
      Array.prototype.forEach.call(part.rows, function (row) {
        for (var c = row.cells.length - 1; c >= 0; c--) if (!keep[c]) row.deleteCell(c);
      });
      var note = document.createElement("p");
      note.className = "dk-group-note";
      note.textContent = "Columns " + (group[0] - keys + 1) + " to " +
        (group[group.length - 1] - keys + 1) + " of " + total +
        (g ? " (continued)" : "");
      holder.appendChild(note);
      holder.appendChild(part);
    });
    table.classList.add("dk-screen-only");
    table.parentNode.insertBefore(holder, table.nextSibling);
    return true;
  }

  function tileSvg(svg, width, height) {
    // A diagram whose labels would print under 7 pt even across a landscape page
    // prints at the scale that keeps them readable, in tiles of one page each.
    var view = svg.viewBox && svg.viewBox.baseVal;
    var needed = svgNeeds(svg);
    if (!view || !view.width || !needed) return false;
    var scale = needed / view.width;
    var tileW = width / scale, tileH = height / scale;
    var nx = Math.ceil(view.width / tileW), ny = Math.ceil(view.height / tileH);
    if (nx * ny < 2) {
      svg.classList.add("dk-fullpage"); // fits one landscape page: let it have all of it
      return true;
    }
    if (nx * ny > 12) return false;
    tileW = view.width / nx;
    tileH = view.height / ny;
    // Where the labels are, in the drawing's units: a tile without one is left out.
    var box = svg.getBoundingClientRect();
    var unit = view.width / box.width;
    var labels = Array.prototype.map.call(svg.querySelectorAll("text"), function (t) {
      var r = t.getBoundingClientRect();
      return [view.x + (r.left + r.width / 2 - box.left) * unit,
              view.y + (r.top + r.height / 2 - box.top) * unit];
    });
    var tiles = [];
    for (var ty = 0; ty < ny; ty++) {
      for (var tx = 0; tx < nx; tx++) {
        var x0 = view.x + tx * tileW, y0 = view.y + ty * tileH;
        var used = labels.some(function (p) {
          return p[0] >= x0 && p[0] < x0 + tileW && p[1] >= y0 && p[1] < y0 + tileH;
        });
        if (used) tiles.push([tx, ty]);
      }
    }
    if (tiles.length < 2) return false;
    var holder = document.createElement("div");
    holder.className = "dk-print-only dk-tiles";
    tiles.forEach(function (at, i) {
      var x = at[0], y = at[1];
      {
        var note = document.createElement("p");
        note.className = "dk-group-note";
        note.textContent = "Part " + (i + 1) + " of " + tiles.length +
          " (row " + (y + 1) + " of " + ny + ", column " + (x + 1) + " of " + nx + ")";
        var tile = svg.cloneNode(true);
        tile.setAttribute("viewBox", [view.x + x * tileW, view.y + y * tileH, tileW, tileH].join(" "));
        tile.setAttribute("width", String(tileW * scale));
        tile.setAttribute("height", String(tileH * scale));
        tile.classList.add("dk-tile");
        var page = document.createElement("div");
        page.className = "dk-tile-page";
        page.appendChild(note);
        page.appendChild(tile);
        holder.appendChild(page);
      }
    });
    svg.classList.add("dk-screen-only");
    svg.parentNode.insertBefore(holder, svg.nextSibling);
    return true;
  }

  function mark() {
    var root = document.body;
    // A little under the printable widths: borders and rounding of a real page.
    var portrait = 0.96 * lengthPx("var(--dk-print-width, 178mm)", root);
    var landscape = 0.96 * lengthPx("var(--dk-landscape-width, 265mm)", root);
    var tall = lengthPx("var(--dk-landscape-tile-height, 160mm)", root);
    var portraitHeight = 0.96 * lengthPx("195mm", root);
    var wideHeight = 0.96 * lengthPx("125mm", root);
    var box = document.createElement("div");
    box.className = "dk-measure jp-RenderedHTMLCommon";
    root.appendChild(box);
    document.querySelectorAll(".dk-cell").forEach(function (cell) {
      var need = 0;
      cell.querySelectorAll("table").forEach(function (t) {
        if (t.closest(".dk-interactive")) return;
        var width = tableMinWidth(t, box);
        if (width > landscape && splitTable(t, landscape, box)) width = landscape;
        need = Math.max(need, width);
      });
      cell.querySelectorAll("svg").forEach(function (s) {
        if (!s.closest(".dk-interactive, .dk-screen-only") && !s.parentElement.closest("svg")) {
          var width = svgNeeds(s);
          var view = s.viewBox && s.viewBox.baseVal;
          var height = view && view.width ? width * view.height / view.width : 0;
          // Printed heights are capped (report.css): a drawing taller than its page
          // would shrink, labels and all.
          var tooBig = width > landscape || height > wideHeight;
          if (width > portrait || height > portraitHeight) width = Math.max(width, portrait + 2);
          if (tooBig && tileSvg(s, landscape, tall)) width = landscape;
          need = Math.max(need, width);
        }
      });
      if (need > portrait + 1) {
        cell.classList.add("dk-wide");
        // Its introduction goes with it to the landscape page.
        var before = cell.previousElementSibling;
        if (before && before.querySelector(".jp-MarkdownCell")) before.classList.add("dk-wide");
      }
    });
    root.removeChild(box);
    joinShortRuns(portrait);
  }

  function joinShortRuns(portrait) {
    // A short stretch of portrait cells between landscape ones would get a page of
    // its own (a page changes size only at a break): it goes landscape with them.
    var cells = Array.prototype.slice.call(document.querySelectorAll(".dk-cell"));
    var run = [];
    var flush = function (nextWide) {
      var height = run.reduce(function (h, c) { return h + c.getBoundingClientRect().height; }, 0);
      var starts = run.some(function (c) { return c.querySelector(".celltag_dk-phase-start"); });
      if (run.length && nextWide && height < 0.35 * portrait * 1.41 && !starts) {
        run.forEach(function (c) { c.classList.add("dk-wide"); });
      }
      run = [];
    };
    var phase = null;
    cells.forEach(function (cell) {
      var part = cell.className.match(/dk-in-(\S+)/);
      part = part && part[1];
      if (part !== phase) { run = []; phase = part; }
      if (cell.classList.contains("dk-wide")) flush(true);
      else run.push(cell);
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", mark);
  } else {
    mark();
  }
})();
