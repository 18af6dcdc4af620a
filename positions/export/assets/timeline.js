/* positions map, time control: steps the board, the stance view and the alliance view
   through the windows of the page's timeline (positions.export.timepayload). Every
   position and camp number was computed when the file was written; stepping recolours and
   moves what map.js already drew, and never runs a layout. Text reaches the DOM through
   textContent only. Runs before map.js, which calls attach() once its views exist. */
(function () {
  "use strict";

  var LETTER = { s: "support", o: "oppose", m: "mixed", n: "neutral" };
  var COLUMNS = ["support", "mixed", "neutral", "oppose"];
  var time = null;      // the payload's timeline
  var current = null;   // the window shown, or null: all statements, as the map was drawn
  var api = null;       // what map.js hands over
  var firstSeen = {};   // actor -> the first window in which it holds a position
  var board = null;     // the board's chips, by actor, and their columns
  var alliancesAt = null;  // the window the alliance view's camps and ties were set for
  var legend = null;    // the coalitions legend as drawn, and the window's list
  var lastStep = null;  // how long the last step's parts took, in ms (scripts/bench_time.py)

  function el(tag, text) {
    var node = document.createElement(tag);
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function stanceAt(actor, target, index) {
    var letters = time.stances[actor + "\n" + target];
    return letters ? LETTER[letters.charAt(index)] || null : null;
  }

  window.positionsTime = {
    active: function () { return current !== null; },
    stance: function (actor, target) { return current === null ? null : stanceAt(actor, target, current); },
    has: function (actor) { return current === null || (firstSeen[actor] !== undefined && firstSeen[actor] <= current); },
    tie: function (id) {
      if (current === null) return true;
      var letters = time.ties[id];
      return Boolean(letters) && letters.charAt(current) !== "-";
    },
    window: function () { return current === null ? null : time.windows[current].label; },
    labels: function () { return time ? time.windows.map(function (w) { return w.label; }) : []; },
    // the board's counts as the page shows them now: column -> number in its heading
    shownCounts: function () {
      var counts = {};
      document.querySelectorAll("#board section.column").forEach(function (column) {
        var count = column.querySelector("h3 .count");
        if (count) counts[column.getAttribute("data-stance")] = Number(count.textContent);
      });
      return counts;
    },
    // the chips visible in each column (the board itself, not its headings)
    shownChips: function () {
      var counts = {};
      document.querySelectorAll("#board section.column").forEach(function (column) {
        counts[column.getAttribute("data-stance")] = column.querySelectorAll("li:not([hidden]) button.chip").length;
      });
      return counts;
    },
    show: function (index) { show(index); },
    // what the alliance view's filter (map.js) adds to its batches: each actor's camp and
    // each tie's kind at the window shown, by id (nothing when they are set already)
    allianceChanges: function () {
      var changes = { nodes: {}, edges: {} };
      if (!time || alliancesAt === current) return changes;
      alliancesAt = current;
      stepAlliances(changes.nodes);
      stepTies(changes.edges);
      return changes;
    },
    lastStep: function () { return lastStep; },
    // the coalitions legend as the page shows it: [camp label, size] per camp
    shownCamps: function () {
      var items = document.querySelectorAll("#coalitions li[data-camp]");
      return Array.prototype.filter.call(items, function (item) { return !item.closest("[hidden]"); })
        .map(function (item) { return [item.getAttribute("data-label"), Number(item.getAttribute("data-size"))]; });
    },
    attach: attach,
  };

  // -- the board ---------------------------------------------------------------------------

  function collectBoard() {
    var root = document.getElementById("board");
    if (!root || !time.target) return null;
    var found = { columns: {}, chips: [], parts: [], groups: [], counts: {}, tallies: {}, hints: {} };
    COLUMNS.forEach(function (stance) {
      var column = root.querySelector('section.column[data-stance="' + stance + '"]');
      if (!column) return;
      var list = column.querySelector("ul.chips");
      if (!list) {  // an empty column: a list to move chips into, kept out of sight while empty
        list = el("ul");
        list.className = "chips";
        list.hidden = true;
        column.appendChild(list);
      }
      found.columns[stance] = list;
      found.counts[stance] = column.querySelector("h3 .count");
      found.hints[stance] = column.querySelector(":scope > p.hint");
      var tally = root.querySelector('.tally-item.' + stance + " strong");
      if (tally) found.tallies[stance] = tally;
      list.querySelectorAll("button.chip").forEach(function (button) {
        found.chips.push({ item: button.parentNode, button: button, actor: button.getAttribute("data-actor"), home: stance });
      });
    });
    var parts = root.querySelector('section.column[data-stance="parts"]');
    if (parts) {
      found.partsCount = parts.querySelector("h3 .count");
      found.partsTally = root.querySelector(".tally-item.parts strong");
      found.groups = [];
      parts.querySelectorAll("details.part").forEach(function (details) {
        var group = { details: details, tallies: details.querySelector("summary .tallies"), chips: [], via: details.getAttribute("data-part") };
        details.querySelectorAll("button.chip").forEach(function (button) {
          var chip = api.data.board.parts[Number(button.getAttribute("data-chip"))];
          if (!chip) return;
          var part = { item: button.parentNode, button: button, chip: chip };
          found.parts.push(part);
          group.chips.push(part);
        });
        found.groups.push(group);
      });
    }
    return found;
  }

  function setStanceClass(button, stance) {
    COLUMNS.forEach(function (name) { button.classList.toggle(name, name === stance); });
  }

  function stepBoard() {
    if (!board) return;
    var window_ = current === null ? null : time.windows[current];
    var filled = {};
    board.chips.forEach(function (chip) {
      var stance = window_ ? stanceAt(chip.actor, time.target, current) : chip.home;
      chip.item.hidden = !stance;
      if (!stance) return;
      setStanceClass(chip.button, stance);
      (filled[stance] = filled[stance] || []).push(chip.item);
    });
    COLUMNS.forEach(function (stance) {
      var list = board.columns[stance];
      if (!list) return;
      var items = filled[stance] || [];
      items.forEach(function (item) { list.appendChild(item); });  // kept in the board's order
      list.hidden = !items.length;
      if (board.hints[stance]) board.hints[stance].hidden = items.length > 0;
      var count = window_ ? window_.counts[stance] : items.length;
      if (board.counts[stance]) board.counts[stance].textContent = String(count);
      if (board.tallies[stance]) board.tallies[stance].textContent = String(count);
    });
    board.parts.forEach(function (part) {
      var stance = window_ ? stanceAt(part.chip.actor, part.chip.via, current) : part.chip.stance;
      part.item.hidden = !stance;
      if (stance) setStanceClass(part.button, stance);
    });
    var full = {};  // every part's counts, its chips listed or not (the board lists the most active)
    api.data.board.partGroups.forEach(function (group) { full[group.via] = group.counts; });
    board.groups.forEach(function (group) {
      var counts = {};
      var given = window_ ? (window_.partCounts || {})[group.via] || {} : full[group.via] || {};
      COLUMNS.forEach(function (stance) { if (given[stance]) counts[stance] = given[stance]; });
      group.details.hidden = !Object.keys(counts).length;
      if (!group.tallies) return;
      group.tallies.textContent = "";
      COLUMNS.forEach(function (stance) {
        if (!counts[stance]) return;
        var item = el("span");
        item.className = "tally-item " + stance;
        var swatch = el("span");
        swatch.className = "swatch " + stance;
        swatch.setAttribute("aria-hidden", "true");
        item.appendChild(swatch);
        item.appendChild(document.createTextNode(counts[stance] + " " + stance));
        group.tallies.appendChild(item);
      });
    });
    var partsCount = window_ ? window_.parts : api.data.board.partsActors;
    if (board.partsCount) board.partsCount.textContent = String(partsCount);
    if (board.partsTally) board.partsTally.textContent = String(partsCount);
  }

  // -- the alliance view: each actor in its camp of the window ----------------------------

  function campGroup(id, number) {
    var node = api.data.nodes[id];
    var name = "time-camp" + number + ":" + node.kind;
    if (!api.groups[name]) {
      var styles = api.data.styles;
      var fill = (number > 0 && styles.coalitions[number - 1]) || styles.noCoalition;
      api.groups[name] = {
        shape: styles.shapes[node.kind] || "dot",
        color: { background: fill, border: "#333333", highlight: { background: fill, border: "#000000" } },
      };
    }
    return name;
  }

  function stepAlliances(changes) {
    api.allianceNodes.forEach(function (item) {
      var group;
      if (current === null) {
        group = item.drawnGroup || item.group;
      } else {
        var numbers = time.camps[item.id];
        group = campGroup(item.id, numbers ? numbers[current] : 0);
      }
      if (group !== item.group) changes[item.id] = { group: group, drawnGroup: item.drawnGroup || item.group };
    });
  }

  var TIE_KIND = { a: "agree", d: "disagree", e: "even" };
  var TIE_EVEN = { color: "#777777", dashes: [2, 5] };

  // each tie drawn in its kind at the window's end (hidden by map.js when it had none)
  function stepTies(changes) {
    var styles = api.data.styles.tie;
    var dashed = api.data.alliances.edges.length <= api.data.dashLimit;
    api.allianceEdges.forEach(function (item) {
      if (item.drawn === undefined) item.drawn = { color: item.color, dashes: item.dashes };
      var letters = time.ties[item.id] || "";
      var kind = current === null ? null : TIE_KIND[letters.charAt(current)];
      var look = kind ? styles[kind] || TIE_EVEN : null;
      var color = look ? look.color : item.drawn.color;
      var dashes = look ? (dashed ? look.dashes : false) : item.drawn.dashes;
      if (color !== item.color || dashes !== item.dashes) {
        changes[item.id] = { color: color, dashes: dashes, drawn: item.drawn };
      }
    });
  }

  // -- the coalitions legend: the window's camps, in the colours the alliance view uses --

  var SVG = "http://www.w3.org/2000/svg";

  function swatch(fill) {
    var svg = document.createElementNS(SVG, "svg");
    [["class", "shape"], ["width", "14"], ["height", "14"], ["aria-hidden", "true"], ["focusable", "false"]]
      .forEach(function (pair) { svg.setAttribute(pair[0], pair[1]); });
    var rect = document.createElementNS(SVG, "rect");
    [["x", "0.5"], ["y", "0.5"], ["width", "13"], ["height", "13"], ["rx", "3"], ["fill", fill], ["stroke", "#333333"]]
      .forEach(function (pair) { rect.setAttribute(pair[0], pair[1]); });
    svg.appendChild(rect);
    return svg;
  }

  function collectLegend() {
    var box = document.getElementById("coalitions");
    if (!box) return null;
    return { box: box, drawn: Array.prototype.slice.call(box.children, 1), shown: null };  // after its heading
  }

  function legendItem(fill, text) {
    var item = el("li");
    item.appendChild(swatch(fill));
    item.appendChild(document.createTextNode(" " + text));
    return item;
  }

  function stepLegend() {
    if (!legend) return;
    if (legend.shown) legend.shown.remove();
    legend.shown = null;
    legend.drawn.forEach(function (node) { node.hidden = current !== null; });
    if (current === null) return;
    var styles = api.data.styles;
    var w = time.windows[current];
    var box = el("div");
    var note = el("p", "At the end of " + w.label + (w.camps.length ? ":" : ": no coalition yet."));
    note.className = "hint";
    box.appendChild(note);
    var list = el("ul");
    var beyond = 0;
    w.camps.forEach(function (camp) {
      var fill = styles.coalitions[camp.number - 1];
      if (!fill) { beyond += 1; return; }  // a number past the palette: drawn as no coalition
      var item = legendItem(fill, camp.label + " (" + camp.size + ")");
      item.setAttribute("data-camp", String(camp.number));
      item.setAttribute("data-label", camp.label);
      item.setAttribute("data-size", String(camp.size));
      list.appendChild(item);
    });
    list.appendChild(legendItem(styles.noCoalition,
      (beyond ? beyond + " other camp" + (beyond === 1 ? "" : "s") + ", or " : "") + "no coalition"));
    box.appendChild(list);
    legend.box.appendChild(box);
    legend.shown = box;
  }

  // -- the control -------------------------------------------------------------------------

  var slider, caption, asOf, asOfText;

  function describe() {
    if (current === null) {
      return "All statements, as the map was drawn. Step back through " + time.windows.length + " " +
        (time.by === "year" ? "yearly" : time.by === "quarter" ? "quarterly" : "monthly") +
        " windows with the slider (arrow keys).";
    }
    var w = time.windows[current];
    var parts = ["End of " + w.label + " (window " + (current + 1) + " of " + time.windows.length + ")."];
    if (time.target && api.data.board) {
      parts.push("On " + api.data.board.targetName + ": " +
        COLUMNS.map(function (s) { return w.counts[s] + " " + s; }).join(", ") + ".");
    }
    parts.push(w.camps.length + (w.camps.length === 1 ? " camp" : " camps") +
      (w.camps.length ? " (" + w.camps.map(function (c) { return c.label + ", " + c.size; }).join("; ") + ")" : "") +
      (w.statements ? "." : "; no statement in this window: positions stand as before."));
    return parts.join(" ");
  }

  function show(index) {
    if (!time) return;
    var last = time.windows.length;
    var next = index === null || index >= last ? null : Math.max(0, index);
    current = next;
    slider.value = String(current === null ? last : current);
    var label = current === null ? "all statements" : time.windows[current].label;
    slider.setAttribute("aria-valuetext", label);
    caption.textContent = describe();
    if (asOf) asOf.textContent = current === null ? asOfText : time.windows[current].asOf;
    document.body.setAttribute("data-time-window", current === null ? "" : time.windows[current].label);
    var at = [performance.now()];
    stepBoard();
    stepLegend();
    at.push(performance.now());
    api.refilter();  // the network view in sight only (map.js asks allianceChanges)
    at.push(performance.now());
    lastStep = { board: at[1] - at[0], network: at[2] - at[1] };
  }

  function button(text, label, step) {
    var b = el("button", text);
    b.type = "button";
    b.setAttribute("aria-label", label);
    b.addEventListener("click", function () {
      var at = current === null ? time.windows.length : current;
      show(Math.min(time.windows.length, Math.max(0, at + step)));
      slider.focus();
    });
    return b;
  }

  function build(container) {
    var style = container.style;  // CSSOM: allowed by the page's strict policy, no inline CSS
    style.display = "flex";
    style.flexWrap = "wrap";
    style.alignItems = "center";
    style.gap = "4px 10px";
    style.padding = "4px 14px";
    style.borderBottom = "1px solid #d0d7de";
    style.fontSize = ".9rem";
    var label = el("label", "Time");
    label.htmlFor = "time-slider";
    label.style.fontWeight = "600";
    slider = el("input");
    slider.type = "range";
    slider.id = "time-slider";
    slider.min = "0";
    slider.max = String(time.windows.length);
    slider.step = "1";
    slider.style.flex = "1 1 220px";
    slider.style.maxWidth = "420px";
    slider.setAttribute("aria-describedby", "time-caption");
    slider.addEventListener("input", function () { show(Number(slider.value)); });
    var first = time.windows[0].label, end = time.windows[time.windows.length - 1].label;
    var range = el("span", first + " – " + end + ", all");
    range.style.color = "#555";
    caption = el("p");
    caption.id = "time-caption";
    caption.setAttribute("aria-live", "polite");
    caption.style.margin = "0";
    caption.style.flex = "1 1 100%";
    container.appendChild(label);
    container.appendChild(button("◀", "Previous window", -1));
    container.appendChild(slider);
    container.appendChild(button("▶", "Next window", 1));
    container.appendChild(range);
    container.appendChild(caption);
    container.hidden = false;
  }

  function attach(handed) {
    api = handed;
    time = api.data.timeline;
    var container = document.getElementById("time-control");
    if (!time || !container || time.windows.length < 2) return;
    Object.keys(time.stances).forEach(function (key) {
      var actor = key.split("\n")[0];
      var letters = time.stances[key];
      for (var i = 0; i < letters.length; i += 1) {
        if (letters.charAt(i) !== "-") {
          if (firstSeen[actor] === undefined || i < firstSeen[actor]) firstSeen[actor] = i;
          break;
        }
      }
    });
    // every look a window can need, given to the network once: stepping adds none
    Object.keys(api.data.nodes).forEach(function (id) {
      if (api.data.nodes[id].type !== "actor") return;
      api.groupOf(id);
    });
    var numbers = { 0: true };
    Object.keys(time.camps).forEach(function (actor) {
      time.camps[actor].forEach(function (n) { numbers[n] = true; });
    });
    api.allianceNodes.forEach(function (item) {
      Object.keys(numbers).forEach(function (n) { campGroup(item.id, Number(n)); });
    });
    api.network.setOptions({ groups: api.groups });
    asOf = document.getElementById("as-of");
    asOfText = asOf ? asOf.textContent : "";
    board = collectBoard();
    legend = collectLegend();
    build(container);
    slider.value = String(time.windows.length);
    slider.setAttribute("aria-valuetext", "all statements");
    caption.textContent = describe();
  }
})();
