/* positions map: builds the two views from the page's JSON and runs search, filters, panel.
   Every string from the data reaches the DOM through textContent (never innerHTML), and
   only http(s) URLs become links. */
(function () {
  "use strict";

  var data = JSON.parse(document.getElementById("positions-data").textContent);
  var styles = data.styles;
  var info = data.nodes;
  var statements = data.statements;
  var sources = data.sources;
  var body = document.body;
  // in an article's iframe the page has a fixed height (it tells the parent its height, and a
  // height that followed the frame's would grow without end)
  if (window.parent !== window) body.setAttribute("data-embedded", "true");
  var container = document.getElementById("network");
  var controls = document.getElementById("controls");
  var STANCE_VERB = { support: "supports", oppose: "opposes", mixed: "mixed on", neutral: "neutral on" };
  // Dashed lines cost canvas time: above this many links in view, lines are drawn solid.
  var DASH_LIMIT = data.dashLimit;

  // -- helpers ---------------------------------------------------------------------------

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  function safeUrl(url) {
    if (typeof url !== "string" || !/^https?:\/\/[^\s<>"'`\\]+$/i.test(url)) return null;
    try {
      var parsed = new URL(url);
      return parsed.protocol === "http:" || parsed.protocol === "https:" ? parsed.href : null;
    } catch (error) {
      return null;
    }
  }

  function fold(text) {
    return String(text).normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase()
      .replace(/[^\p{L}\p{N}]+/gu, " ").trim();
  }

  function nameOf(id) {
    return info[id] ? info[id].label : id;
  }

  function kindLabel(node) {
    return node.type === "actor" ? (data.kinds[node.kind] || node.kind) : node.kind;
  }

  function plural(count, word) {
    return count + " " + word + (count === 1 ? "" : "s");
  }

  // work that makes one long frame waits for a reader who has been still for a second
  var STILL_MS = 1000;
  var lastInput = -Infinity;
  ["pointerdown", "keydown", "wheel", "input", "change"].forEach(function (type) {
    document.addEventListener(type, function () { lastInput = performance.now(); }, true);
  });
  function whenStill(work) {
    var still = performance.now() - lastInput;
    if (still >= STILL_MS) work();
    else setTimeout(function () { whenStill(work); }, STILL_MS - still);
  }

  // -- statements by actor and by target (from the stance edges' histories) ---------------

  var stancesOf = {};     // statement index -> [[target, stance, condition]]
  var byActor = {};       // actor id -> [statement index]
  var byTarget = {};      // target id -> [[statement index, stance, condition]]
  var actorTargets = {};  // actor id -> {target id: true}
  var stanceEdgesTo = {};  // target id -> actor id -> stance edge
  data.stances.edges.forEach(function (edge) {
    (stanceEdgesTo[edge.to] = stanceEdgesTo[edge.to] || {})[edge.from] = edge;
    (actorTargets[edge.from] = actorTargets[edge.from] || {})[edge.to] = true;
    edge.records.forEach(function (record) {
      (stancesOf[record[0]] = stancesOf[record[0]] || []).push([edge.to, record[1], record[2]]);
      (byTarget[edge.to] = byTarget[edge.to] || []).push(record);
    });
  });
  statements.forEach(function (statement, index) {
    (byActor[statement.actor] = byActor[statement.actor] || []).push(index);
  });
  var children = {};
  Object.keys(info).forEach(function (id) {
    var parent = info[id].partOf;
    if (parent) (children[parent] = children[parent] || []).push(id);
  });

  function withParts(id) {
    var found = {};
    var stack = [id];
    while (stack.length) {
      var next = stack.pop();
      if (found[next]) continue;
      found[next] = true;
      (children[next] || []).forEach(function (child) { stack.push(child); });
    }
    return found;
  }

  // -- the two views as vis-network data sets ----------------------------------------------

  function tooltip(id) {
    var node = info[id];
    var lines = [node.label, kindLabel(node)];
    if (node.type === "actor") lines.push(plural(node.said, "statement"));
    if (node.about) lines.push(plural(node.about, "stance") + " about it");
    return lines.join("\n");
  }

  // The marks vis-network does not draw itself (palette.KIND_MARKS): small SVG images, one per
  // fill, made here from the palette's colours (data: URLs, nothing is fetched).
  var BUILT_IN = { dot: 1, hexagon: 1, diamond: 1, triangle: 1, triangleDown: 1, square: 1, star: 1 };
  var MARK_SVG = {
    pentagon: '<polygon points="9,1.5 16.5,7 13.6,16 4.4,16 1.5,7"/>',
    squares: '<rect x="1.5" y="5.5" width="10" height="10"/><rect x="6.5" y="1.5" width="10" height="10"/>',
    ring: '<circle cx="9" cy="9" r="7"/><circle cx="9" cy="9" r="3" fill="#ffffff"/>',
    cross: '<polygon points="6.5,1.5 11.5,1.5 11.5,6.5 16.5,6.5 16.5,11.5 11.5,11.5 11.5,16.5 6.5,16.5 6.5,11.5 1.5,11.5 1.5,6.5 6.5,6.5"/>',
  };

  function withMark(kind, fill, border, look) {  // look: the group's options, given a shape
    var mark = styles.shapes[kind] || "dot";
    if (BUILT_IN[mark] || !MARK_SVG[mark]) {
      look.shape = BUILT_IN[mark] ? mark : "dot";
      return look;
    }
    var svg = '<svg xmlns="http://www.w3.org/2000/svg" width="36" height="36" viewBox="0 0 18 18">' +
      '<g fill="' + fill + '" stroke="' + border + '" stroke-width="1.5">' + MARK_SVG[mark] + "</g></svg>";
    look.shape = "image";
    look.image = "data:image/svg+xml;charset=utf-8," + encodeURIComponent(svg);
    look.shapeProperties = { useBorderWithImage: false, interpolation: true };
    return look;
  }

  // Shared looks live in vis-network groups: per-node option objects slow big maps down.
  var groups = {
    target: {
      shape: "box",
      color: { background: styles.target.fill, border: styles.target.border, highlight: { background: "#FFE58A", border: "#5C4800" } },
      font: { size: 15, color: "#1a1a1a", strokeWidth: 0 },
      margin: 6,
    },
  };

  var groupNames = {};  // "kind", "camp3" or "stance-oppose" -> kind -> name, each made once
  function groupName(prefix, kind) {
    var byKind = groupNames[prefix] || (groupNames[prefix] = {});
    return byKind[kind] || (byKind[kind] = prefix + ":" + kind);
  }

  function groupOf(id, camp) {
    var node = info[id];
    if (node.type === "target") return "target";
    var name = groupName(camp === undefined ? "kind" : "camp" + camp, node.kind);
    if (!groups[name]) {
      var fill = camp === undefined ? "#DCE8F3" : camps[camp] ? camps[camp].color : styles.noCoalition;
      var border = camp === undefined ? "#2B4A66" : "#333333";
      groups[name] = withMark(node.kind, fill, border, {
        color: { background: fill, border: border, highlight: { background: camp === undefined ? "#9CC3E6" : fill, border: "#000000" } },
      });
    }
    return name;
  }

  var camps = {};
  data.alliances.coalitions.forEach(function (camp) { camps[camp.number] = camp; });

  // In the stance view an actor is filled with its position on the chosen target (the
  // target filter, else the board's): one group per kind and stance, made before drawing.
  var colourTarget = data.board ? data.board.target : null;

  // the group of an actor of ``kind`` filled with ``stance``, made when first asked for
  function stanceGroup(stance, kind) {
    var name = groupName("stance-" + stance, kind);
    if (!groups[name]) {
      var fill = styles.stance[stance].color;
      groups[name] = withMark(kind, fill, "#1a1a1a", {
        color: { background: fill, border: "#1a1a1a", highlight: { background: fill, border: "#000000" } },
      });
    }
    return name;
  }

  function stanceGroupOf(id) {
    var node = info[id];
    if (node.type !== "actor" || !colourTarget) return groupOf(id);
    var edge = (stanceEdgesTo[colourTarget] || {})[id];
    var stance = edge && timeStance(id, colourTarget, edge.stance);  // timeline.js: a window's
    return stance ? stanceGroup(stance, node.kind) : groupOf(id);
  }
  // the time control (timeline.js) shows the positions at the end of a window instead
  function timeStance(actor, target, stance) {
    var time = window.positionsTime;
    return time && time.active() ? time.stance(actor, target) : stance;
  }
  Object.keys(info).forEach(function (id) {  // every stance group, before drawing
    if (info[id].type !== "actor") return;
    Object.keys(styles.stance).forEach(function (stance) { stanceGroup(stance, info[id].kind); });
  });

  var stanceNodes = new vis.DataSet(data.stances.nodes.map(function (n) {
    var node = info[n[0]];
    return {
      id: n[0], x: n[1], y: n[2], label: node.short, title: tooltip(n[0]), group: stanceGroupOf(n[0]),
      // labels scale with the value: at a distance only the busiest actors and targets are named
      value: Math.max(1, node.type === "actor" ? node.said : node.about),
    };
  }));

  function colourTargetOf(target) { return target || (data.board ? data.board.target : null); }

  // the stance view's actors take the new colours when it is next filtered (filterView)
  function recolourByTarget(target) {
    colourTarget = colourTargetOf(target);
    var note = document.getElementById("colour-note");
    if (note) {
      note.textContent = colourTarget ? "Actors are filled with their position on " + nameOf(colourTarget) +
        " itself (pale: none)." : "";
    }
  }

  var dashed = data.stances.edges.length <= DASH_LIMIT;

  var stanceLooks = { true: {}, false: {} };  // dashed -> stance -> look, each made once
  function stanceLook(stance) {
    var looks = stanceLooks[dashed];
    if (!looks[stance]) {
      var look = styles.stance[stance];
      looks[stance] = { color: look.color, dashes: dashed ? look.dashes : false, shown: stance };
    }
    return looks[stance];
  }

  var edgeInfo = {};
  var stanceEdgeItems = data.stances.edges.map(function (edge) {
    edgeInfo[edge.id] = edge;
    var look = stanceLook(edge.stance);
    var item = { color: look.color, dashes: look.dashes };
    item.id = edge.id;
    item.from = edge.from;
    item.to = edge.to;
    item.width = Math.min(6, 1.5 + Math.log(edge.records.length));
    item.title = nameOf(edge.from) + " " + STANCE_VERB[edge.stance] + " " + nameOf(edge.to) +
      "\n" + plural(edge.records.length, "statement");
    item.shown = edge.stance;
    return item;
  });
  data.stances.partOf.forEach(function (pair, index) {
    var id = "p" + index;
    edgeInfo[id] = { id: id, partOf: true, from: pair[0], to: pair[1] };
    stanceEdgeItems.push({
      id: id, from: pair[0], to: pair[1], color: styles.partOf, width: 1, dashes: false,
      arrows: { to: { enabled: false } }, title: nameOf(pair[0]) + "\nis part of\n" + nameOf(pair[1]),
    });
  });
  var stanceEdges = new vis.DataSet(stanceEdgeItems);

  var allianceNodes = new vis.DataSet(data.alliances.nodes.map(function (n) {
    var node = info[n[0]];
    var camp = camps[n[3]];
    return {
      id: n[0], x: n[1], y: n[2], label: node.short, group: groupOf(n[0], n[3]),
      value: Math.max(1, node.said),
      title: tooltip(n[0]) + "\n" + (camp ? camp.label : "no coalition"),
    };
  }));

  function tieKind(edge) {
    return edge.agree > edge.disagree ? "agree" : edge.agree < edge.disagree ? "disagree" : "even";
  }

  var allianceEdges = new vis.DataSet(data.alliances.edges.map(function (edge) {
    edgeInfo[edge.id] = edge;
    var kind = tieKind(edge);
    var look = styles.tie[kind];
    return {
      id: edge.id, from: edge.from, to: edge.to,
      dashes: data.alliances.edges.length <= DASH_LIMIT ? look.dashes : false,
      color: look.color,
      width: Math.min(8, 1 + Math.abs(edge.agree - edge.disagree)),
      title: nameOf(edge.from) + " – " + nameOf(edge.to) + "\n" + plural(edge.agree, "agreement") +
        ", " + plural(edge.disagree, "disagreement"),
    };
  }));

  var views = {
    // arrows cost a third of a big map's drawing; the boxes say which end is the target
    stances: { nodes: stanceNodes, edges: stanceEdges, arrows: stanceEdgeItems.length <= DASH_LIMIT },
    alliances: { nodes: allianceNodes, edges: allianceEdges, arrows: false },
  };

  // -- the network -------------------------------------------------------------------------

  var big = data.stances.nodes.length + data.alliances.nodes.length > 2000;
  // the board is no network view: the stance network waits behind it
  var networkView = views[data.view] ? data.view : "stances";
  var network = new vis.Network(container, { nodes: views[networkView].nodes, edges: views[networkView].edges }, {
    autoResize: true,
    layout: { improvedLayout: false, randomSeed: 7 },
    physics: {
      enabled: false,
      solver: "barnesHut",
      barnesHut: { gravitationalConstant: -4000, springLength: 140, springConstant: 0.03, avoidOverlap: 0.3 },
      stabilization: { enabled: false },
    },
    interaction: {
      hover: !big, tooltipDelay: 200, hideEdgesOnDrag: big, hideEdgesOnZoom: big,
      keyboard: { enabled: true, bindToWindow: false },
    },
    nodes: {
      scaling: {
        min: 10, max: 36,
        // a label smaller than drawThreshold pixels is not drawn: zoom in to read the rest
        label: { enabled: true, min: 12, max: 44, drawThreshold: 6, maxVisible: 30 },
        // log scale from one statement up, so a map of few statements keeps small nodes
        customScalingFunction: function (min, max, total, value) {
          return value <= 1 ? 0 : Math.log(value) / Math.log(Math.max(max, 10));
        },
      },
      font: { size: 16, color: "#1a1a1a", strokeWidth: 4, strokeColor: "#ffffff", face: "system-ui, sans-serif" },
      borderWidth: 1.5,
    },
    edges: {
      smooth: false, selectionWidth: 2, hoverWidth: 1,
      arrows: { to: { enabled: views[networkView].arrows, scaleFactor: 0.6 } },
    },
    groups: groups,
  });
  var state = { view: data.view, network: networkView, selected: null, physics: false };

  // -- drawing: the links in one stroke per look, the nodes too small to see as dots -------
  // vis-network strokes each link and fills and strokes each node on its own, each with its
  // own saved canvas state: at 5,000 actors and 15,000 links most of every redraw. Here a link
  // neither selected nor hovered is added to one path per colour, width and dash pattern, and
  // stroked with it; a node smaller on screen than DOT_PIXELS (its kind's mark cannot be told
  // apart) is filled as a dot in one path per colour. vis-network draws the rest as always
  // (selected and hovered items on top), and each dot keeps the box a click is tested against.
  var DOT_PIXELS = 3;
  var LINK_SLICES = 8;
  var renderer = network.renderer;
  if (renderer && renderer._drawEdges && renderer._drawNodes && renderer.canvas) {
    var drawNodesOneByOne = renderer._drawNodes;
    renderer._drawEdges = function (ctx) { drawLinks(ctx, network.body); };
    renderer._drawArrows = function (ctx) { drawArrows(ctx, network.body); };
    renderer._drawNodes = function (ctx, alwaysShow) {
      return network.body.view.scale * 36 >= DOT_PIXELS ? drawNodesOneByOne.call(renderer, ctx, alwaysShow) :
        drawNodes(ctx, network.body, alwaysShow);
    };
  }

  // The looks' paths, kept from one frame to the next (each frame refills them): a redraw of
  // 15,000 links made no new object per link, so a filter change does not feed the collector
  // (a major collection marking the page's 160,000 elements ran inside a change: 200-400 ms).
  var linkPaths = {};  // colour -> width -> dash pattern -> path
  var linkOrder = [];
  var linkAlone = [];

  function linkPath(options) {
    var byWidth = linkPaths[options.color.color] || (linkPaths[options.color.color] = {});
    var byDashes = byWidth[options.width] || (byWidth[options.width] = {});
    var dashKey = options.dashes === false ? "none" : String(options.dashes);
    var path = byDashes[dashKey];
    if (!path) {
      path = byDashes[dashKey] = { color: options.color.color, width: options.width, dashes: options.dashes,
        values: new Float64Array(64), count: 0, frame: -1 };
    }
    return path;
  }

  var linkFrame = 0;

  // A path's numbers for this frame (its values, count of them used, frame last used): emptied
  // and listed in ``order`` on its first use in a frame; room for ``more`` made by doubling.
  function room(path, order, frame, more) {
    if (path.frame !== frame) {
      path.frame = frame;
      path.count = 0;
      order.push(path);
    }
    if (path.count + more > path.values.length) {
      var grown = new Float64Array(path.values.length * 2);
      grown.set(path.values);
      path.values = grown;
    }
    return path.values;
  }
  function drawLinks(ctx, drawn) {
    linkFrame += 1;
    linkOrder.length = 0;
    linkAlone.length = 0;
    var indices = drawn.edgeIndices;
    for (var n = 0; n < indices.length; n += 1) {
      var edge = drawn.edges[indices[n]];
      if (!edge.connected) continue;
      var options = edge.options;
      if (edge.selected || edge.hover || edge.from === edge.to || options.color.inherit !== false ||
        options.smooth.enabled !== false || options.color.opacity !== 1) {
        linkAlone.push(edge);
        continue;
      }
      // the path of this look, remembered on the link while its look stays the same
      var path = edge.positionsPath;
      if (!path || path.color !== options.color.color || path.width !== options.width || path.dashes !== options.dashes) {
        path = edge.positionsPath = linkPath(options);
      }
      var ends = room(path, linkOrder, linkFrame, 4);
      ends[path.count] = edge.from.x;
      ends[path.count + 1] = edge.from.y;
      ends[path.count + 2] = edge.to.x;
      ends[path.count + 3] = edge.to.y;
      path.count += 4;
    }
    var thinnest = 0.3 / drawn.view.scale;  // as vis-network: a link stays visible zoomed out
    ctx.save();
    ctx.lineCap = "butt";
    // each look's links in LINK_SLICES turns, the looks in turn: no colour lies over all others
    for (var slice = 0; slice < LINK_SLICES; slice += 1) {
      for (var p = 0; p < linkOrder.length; p += 1) {
        var look = linkOrder[p];
        var links = look.count / 4;
        var first = Math.floor(links * slice / LINK_SLICES) * 4;
        var end = Math.floor(links * (slice + 1) / LINK_SLICES) * 4;
        if (first === end) continue;
        ctx.beginPath();
        for (var i = first; i < end; i += 4) {
          ctx.moveTo(look.values[i], look.values[i + 1]);
          ctx.lineTo(look.values[i + 2], look.values[i + 3]);
        }
        var width = Math.max(look.width, thinnest);
        ctx.strokeStyle = look.color;
        ctx.lineWidth = width;
        ctx.setLineDash(look.dashes === false ? [] : dashPattern(look.dashes, width));
        ctx.stroke();
      }
    }
    ctx.restore();
    for (var a = 0; a < linkAlone.length; a += 1) linkAlone[a].draw(ctx);
    linkAlone.length = 0;
  }

  // vis-network's arrow pass (Renderer._drawArrows) asks every link for all its drawing values
  // (an object each) before finding it has no arrow: here only links with an arrow are asked.
  function hasArrow(arrow) { return arrow === true || (arrow && arrow.enabled === true); }
  function drawArrows(ctx, drawn) {
    var indices = drawn.edgeIndices;
    for (var n = 0; n < indices.length; n += 1) {
      var edge = drawn.edges[indices[n]];
      if (edge.connected !== true) continue;
      var arrows = edge.options.arrows;
      if (hasArrow(arrows.to) || hasArrow(arrows.from) || hasArrow(arrows.middle)) {
        edge.drawArrows(ctx);
      } else {  // what its drawArrows does without an arrow: the line runs from end to end
        edge.edgeType.fromPoint = edge.edgeType.from;
        edge.edgeType.toPoint = edge.edgeType.to;
      }
    }
  }

  // vis-network's pattern (the one given, or 5 on 5 off) drawn with square ends, each dash
  // longer by the line's width and each gap shorter: the lengths its round ends give, at a
  // third of the cost of drawing round ends
  function dashPattern(dashes, width) {
    return (Array.isArray(dashes) ? dashes : [5, 5]).map(function (length, index) {
      return index % 2 === 0 ? length + width : Math.max(1, length - width);
    });
  }

  // the dots' paths by fill and border, kept from one frame to the next as the links' are
  var dotPaths = {};
  var dotOrder = [];
  var dotFrame = 0;
  function dotPath(color) {
    var byBorder = dotPaths[color.background] || (dotPaths[color.background] = {});
    return byBorder[color.border] || (byBorder[color.border] = {
      fill: color.background, border: color.border, values: new Float64Array(48), count: 0, frame: -1 });
  }

  // vis-network's own node pass (Renderer._drawNodes), with the small nodes filled as dots
  function drawNodes(ctx, drawn, alwaysShow) {
    var scale = drawn.view.scale;
    var dotBelow = DOT_PIXELS / scale;  // a node's size in the canvas's units
    var corner = renderer.canvas.DOMtoCanvas({ x: -20, y: -20 });
    var far = renderer.canvas.DOMtoCanvas({ x: renderer.canvas.frame.canvas.clientWidth + 20,
      y: renderer.canvas.frame.canvas.clientHeight + 20 });
    var area = { top: corner.y, left: corner.x, bottom: far.y, right: far.x };
    dotFrame += 1;
    dotOrder.length = 0;
    var whole = [];
    var last = [];  // selected, then hovered: on top
    var hovered = [];
    var indices = drawn.nodeIndices;
    for (var n = 0; n < indices.length; n += 1) {
      var node = drawn.nodes[indices[n]];
      if (node.hover) hovered.push(node);
      else if (node.isSelected()) last.push(node);
      else if (node.options.size < dotBelow && node.options.shape !== "box") {
        var shape = node.shape;
        if (shape.width === undefined) node.resize(ctx);
        shape.left = node.x - shape.width / 2;  // where a click finds it
        shape.top = node.y - shape.height / 2;
        node.updateBoundingBox(ctx, false);
        if (!alwaysShow && (node.x < area.left || node.x > area.right || node.y < area.top || node.y > area.bottom)) continue;
        var color = node.options.color;
        var dot = node.positionsDot;  // its colour's path, remembered while the colour stays
        if (!dot || dot.fill !== color.background || dot.border !== color.border) dot = node.positionsDot = dotPath(color);
        var at = room(dot, dotOrder, dotFrame, 3);
        at[dot.count] = node.x;
        at[dot.count + 1] = node.y;
        at[dot.count + 2] = node.options.size;
        dot.count += 3;
      } else if (alwaysShow || node.isBoundingBoxOverlappingWith(area)) {
        whole.push(node);
      } else {
        node.updateBoundingBox(ctx, node.selected);
      }
    }
    ctx.save();
    // as wide as vis-network's mark with its border (1.5 screen pixels), filled with the
    // node's colour (the border would cover it) and ringed by a hairline of the border's
    var rim = 0.75 / scale;
    var border = 0.6 / scale;
    dotOrder.forEach(function (dot) {
      ctx.beginPath();
      var at = dot.values;
      for (var i = 0; i < dot.count; i += 3) {
        var radius = at[i + 2] + Math.min(at[i + 2], rim);
        ctx.moveTo(at[i] + radius, at[i + 1]);
        ctx.arc(at[i], at[i + 1], radius, 0, 2 * Math.PI);
      }
      ctx.fillStyle = dot.fill;
      ctx.fill();
      ctx.lineWidth = border;
      ctx.strokeStyle = dot.border;
      ctx.stroke();
    });
    ctx.restore();
    var labels = [];
    whole.concat(last, hovered).forEach(function (node) {
      var label = node.draw(ctx).drawExternalLabel;
      if (label) labels.push(label);
    });
    return { drawExternalLabels: function () { labels.forEach(function (label) { label(); }); } };
  }
  network.fit({ animation: false });

  // Many data set changes, one pass of vis-network over the map and one redraw. With physics
  // off, every update of a data set makes vis-network reconnect every link, rescale every
  // node and redraw the whole map at once (a fit asks for another redraw): a filter touching
  // the nodes and the links did that three times over a 5,000-actor map. While ``change``
  // runs those internal events are held; then each runs once.
  var HELD = { _dataChanged: true, _dataUpdated: true, _requestRedraw: true, _redraw: true, startSimulation: true };
  var batching = false;

  function batch(change) {
    var emitter = network.body && network.body.emitter;
    if (batching || !emitter) {
      change();
      return;
    }
    var emit = emitter.emit;
    var held = {};
    batching = true;
    emitter.emit = function (name) {
      if (HELD[name]) {
        held[name] = true;
        return emitter;
      }
      return emit.apply(emitter, arguments);
    };
    try {
      change();
    } finally {
      emitter.emit = emit;
      batching = false;
    }
    // the data events end in a redraw of their own (startSimulation draws when physics is off)
    if (held._dataChanged) emitter.emit("_dataChanged");
    else if (held._dataUpdated) emitter.emit("_dataUpdated");
    else network.redraw();
  }

  // a redraw now, unless a batch holds drawing (it draws once when done)
  function redraw() {
    if (!batching) network.redraw();
  }

  // A filter or a time step changes some items' hidden flag or look. A data set's update makes
  // vis-network parse each changed item's options again, then pass over every node and link
  // (sizes, physics, visible lists) and redraw: most of a filter at 5,000 actors. Instead each
  // change is written into the data set's own item (a later setData reads it from there) and,
  // in the view drawn, into vis-network's object: the hidden flag as it is, a look (group,
  // colour, dashes) through that object's setOptions; then the visible lists are rebuilt once.
  // No object is made per item (a filter over 20,000 items fed the collector, and a major
  // collection inside a change took 200-400 ms): the writes go straight to the items.
  var LOOK = { group: true, color: true, dashes: true };

  // The writes of one filter pass on a view: vis-network's objects when the view is drawn.
  function Writes(name) {
    var view = views[name];
    var drawn = network && network.body.data.nodes === view.nodes ? network.body : null;
    this.name = name;
    this.drawn = drawn;
    this.nodes = drawn && drawn.nodes;
    this.edges = drawn && drawn.edges;
    this.hiding = false;
    this.any = false;
  }

  // one item's hidden flag and look (an object of its new values, or null)
  Writes.prototype.write = function (item, objects, hidden, look) {
    this.any = true;
    if (!this.drawn) owed[this.name].push(item);  // its kept objects take it when shown
    var changed = null;
    if (look) {
      for (var key in look) {
        if (LOOK[key] && item[key] !== look[key]) (changed = changed || {})[key] = look[key];
        item[key] = look[key];
      }
    }
    item.hidden = hidden;
    var object = objects && objects[item.id];
    if (!object) return;
    if (changed) object.setOptions(changed);
    if (object.options.hidden !== hidden) {
      object.options.hidden = hidden;
      this.hiding = true;
    }
  };

  // the visible lists rebuilt once and the map drawn, if anything changed in the view drawn
  Writes.prototype.finish = function () {
    var drawn = this.drawn;
    if (!drawn || !this.any) return;  // a hidden flag changed (hiding) is a write too
    if (state.physics || !network._updateVisibleIndices) {
      drawn.emitter.emit("_dataChanged");  // a layout running reads the hidden flags too
      return;
    }
    if (this.hiding) network._updateVisibleIndices();
    redraw();
  };

  // Each network view's vis-network objects, kept while the other view is drawn. A switch
  // with network.setData made 5,000 nodes and 15,000 links anew and dropped the others: half
  // a second or more, and the major collection that followed (100-200 ms, marking the page's
  // 160,000 elements) landed in the reader's first filter changes. The view not drawn at the
  // start is built at idle once the map is drawn; a switch then hands vis-network the kept
  // objects, with what the filters wrote to the items meanwhile (``owed``).
  var kept = {};  // view -> { nodes, edges }: vis-network's objects of the view not drawn
  var owed = { stances: [], alliances: [] };  // items written while their view was not drawn
  var laidOut = {};  // view -> true when a layout moved its nodes (a switch away drops them)
  var building = null;  // { view, nodes, edges, nodeIds, edgeIds, next }: built at idle, in part

  function listen(on) {
    var sets = network.body.data;
    [[sets.nodes, network.nodesHandler.nodesListeners], [sets.edges, network.edgesHandler.edgesListeners]]
      .forEach(function (pair) {
        Object.keys(pair[1]).forEach(function (event) { pair[0][on ? "on" : "off"](event, pair[1][event]); });
      });
  }

  // vis-network's objects for view ``name``: the kept ones, or built from the data sets'
  // items (what network.setData does) and kept; those in sight are kept for their view.
  function useData(name) {
    building = null;  // a switch drops a view built in part at idle: what it was owed is gone
    var drawn = network.body;
    var from = drawn.data.nodes === views[name].nodes ? null :
      drawn.data.nodes === views.stances.nodes ? "stances" : "alliances";
    if (from && !laidOut[from]) {
      kept[from] = { nodes: drawn.nodes, edges: drawn.edges };
      var hovered = network.selectionHandler.hoverObj;  // shown again unhovered, as when built anew
      ["nodes", "edges"].forEach(function (kind) {
        Object.keys(hovered[kind]).forEach(function (id) { hovered[kind][id].hover = false; });
        hovered[kind] = {};
      });
    }
    if (from) laidOut[from] = false;
    listen(false);
    drawn.data.nodes = views[name].nodes;
    drawn.data.edges = views[name].edges;
    listen(true);
    var objects = kept[name];
    delete kept[name];
    if (objects) {
      drawn.nodes = objects.nodes;
      drawn.edges = objects.edges;
      owed[name].forEach(function (item) {
        var object = (item.from === undefined ? objects.nodes : objects.edges)[item.id];
        if (!object) return;
        var look = item.from === undefined ? { group: item.group } : { color: item.color, dashes: item.dashes };
        object.setOptions(look);
        object.options.hidden = Boolean(item.hidden);
      });
    } else {
      drawn.nodes = {};
      drawn.edges = {};
      network.nodesHandler.add(views[name].nodes.getIds(), true);
      network.edgesHandler.add(views[name].edges.getIds(), true);
    }
    owed[name].length = 0;
  }

  // The view not drawn, built at idle so that the reader's switch finds its objects made; a
  // slice of it an idle task (built at once, 5,000 nodes and 8,000 links took one 0.4 s frame,
  // and a click landing in it waited as long). A slice makes some of its nodes, or once they
  // are all made some of its links (a link connects to its nodes), with vis-network's own
  // handlers; the view's data sets and objects stand in network.body for the slice only, its
  // events unheard: nothing of it is drawn or counted until a switch hands it over (useData).
  function buildOther() {
    var other = state.network === "stances" ? "alliances" : "stances";
    if (kept[other] || !views[other] || state.physics) {
      building = null;
      return;
    }
    if (!building || building.view !== other) {
      building = { view: other, nodes: {}, edges: {}, next: 0,
        nodeIds: views[other].nodes.getIds(), edgeIds: views[other].edges.getIds() };
    }
    var made = building;
    var drawn = network.body;
    var saved = { nodes: drawn.nodes, edges: drawn.edges, data: drawn.data.nodes, links: drawn.data.edges };
    var emitter = drawn.emitter;
    var emit = emitter.emit;
    emitter.emit = function () { return emitter; };
    try {
      drawn.nodes = made.nodes;
      drawn.edges = made.edges;
      drawn.data.nodes = views[other].nodes;
      drawn.data.edges = views[other].edges;
      var link = made.next - made.nodeIds.length;
      if (link < 0) {
        network.nodesHandler.add(made.nodeIds.slice(made.next, made.next + data.buildSlice), true);
        made.next = Math.min(made.next + data.buildSlice, made.nodeIds.length);
      } else {
        network.setOptions({ edges: { arrows: { to: { enabled: views[other].arrows } } } });
        network.edgesHandler.add(made.edgeIds.slice(link, link + data.buildSlice), true);
        network.setOptions({ edges: { arrows: { to: { enabled: views[state.network].arrows } } } });
        made.next += data.buildSlice;
      }
    } finally {
      drawn.nodes = saved.nodes;
      drawn.edges = saved.edges;
      drawn.data.nodes = saved.data;
      drawn.data.edges = saved.links;
      emitter.emit = emit;
    }
    if (made.next >= made.nodeIds.length + made.edgeIds.length) {
      kept[other] = { nodes: made.nodes, edges: made.edges };
      building = null;
      return;
    }
    whenIdle(function () { whenStill(buildOther); });
  }

  function markReady() {
    if (window.__positionsReady) return;
    window.__positionsReadyAt = performance.now();
    window.__positionsReady = true;
    body.setAttribute("data-ready", "true");
    setTimeout(appendRows, 0);
  }
  network.once("afterDrawing", markReady);

  // The filters' own code run once at idle after the map is drawn, with the filters as they
  // are: nothing changes (an item is written only when its flag or look changes, and none
  // does), but each link's position is decided and the code compiled before a reader's first
  // change, which took two to three times a later one. Not after a filter or a time step.
  var filtersRan = false;
  function warmFilters() {
    if (filtersRan || (window.positionsTime && window.positionsTime.active())) return;
    filterView("stances");
    filterView("alliances");
  }
  function whenIdle(work) {
    if (window.requestIdleCallback) window.requestIdleCallback(work, { timeout: 2000 });
    else setTimeout(work, 200);
  }
  // two idle tasks (~0.07 s and ~0.5 s at 5,000 actors), the long one for a still reader only
  network.once("afterDrawing", function () {
    whenIdle(function () {
      warmFilters();
      whenIdle(function () { whenStill(buildOther); });
    });
  });

  network.on("stabilized", function () {
    if (!state.physics) return;
    state.physics = false;
    network.setOptions({ physics: { enabled: false } });
    network.fit();
    body.setAttribute("data-physics", "stopped");
  });

  function relayout() {
    state.physics = true;
    laidOut[state.network] = true;
    body.setAttribute("data-physics", "running");
    network.setOptions({ physics: { enabled: true } });
    var count = views[state.network].nodes.length;
    network.stabilize(count > 2000 ? 60 : count > 500 ? 150 : 300);
  }

  // -- filters -----------------------------------------------------------------------------

  // the boxes looked up once (a search of the whole page, its long table included, per filter
  // change cost more than the filter)
  var boxesOf = {};
  function checked(name) {
    var found = {};
    if (!boxesOf[name]) boxesOf[name] = controls.querySelectorAll('input[name="' + name + '"]');
    boxesOf[name].forEach(function (box) {
      found[box.value] = box.checked;
    });
    return found;
  }

  function dateBound(id) {
    var value = document.getElementById(id).value;
    return /^\d{4}-\d{2}-\d{2}$/.test(value) ? value : null;
  }

  function inWindow(statement, from, to) {
    // an undated statement never counts within a date window (DESIGN.md v2, as of)
    if (!statement.start) return !from && !to;
    return (!from || statement.start >= from) && (!to || statement.start <= to);
  }

  // The position of one actor on one target from the statements in the window:
  // the latest dated statement decides; several on that day disagreeing make it mixed.
  function decide(records, from, to) {
    var visible = records.filter(function (r) { return inWindow(statements[r[0]], from, to); });
    if (!visible.length) return null;
    var dated = visible.filter(function (r) { return statements[r[0]].start; });
    var deciding = visible;
    if (dated.length) {
      var latest = dated.reduce(function (best, r) {
        var start = statements[r[0]].start;
        return start > best ? start : best;
      }, "");
      deciding = dated.filter(function (r) { return statements[r[0]].start === latest; });
    }
    var first = deciding[0][1];
    return deciding.every(function (r) { return r[1] === first; }) ? first : "mixed";
  }

  // Each link's position for one date window, decided once: ticking a stance or a kind reuses it.
  var decidedIn = { window: null, stances: null };
  function decidedStances(from, to) {
    var key = from + " " + to;
    if (decidedIn.window !== key) {
      decidedIn.window = key;
      decidedIn.stances = {};
      data.stances.edges.forEach(function (edge) { decidedIn.stances[edge.id] = decide(edge.records, from, to); });
    }
    return decidedIn.stances;
  }

  // Filters run on the view in sight; the other is brought up to date when it is shown.
  var stale = { stances: false, alliances: false };
  var shown = {
    stances: { nodes: data.stances.nodes.length, edges: stanceEdgeItems.length },
    alliances: { nodes: data.alliances.nodes.length, edges: data.alliances.edges.length },
  };

  function applyFilters() {
    filtersRan = true;
    var other = state.network === "stances" ? "alliances" : "stances";
    batch(function () {
      unfocus();
      recolourByTarget(document.getElementById("filter-target").value);
      filterView(state.network);
      fitShown();
    });
    stale[other] = true;
    reportShown();
    saveHash();
  }

  // fit the view to what the filters leave in sight
  function fitShown() {
    if (state.view === "board") return;
    var ids = [];
    var nodes = itemsOf[state.network].nodes;
    for (var i = 0; i < nodes.length; i += 1) if (!nodes[i].hidden) ids.push(nodes[i].id);
    if (ids.length) fitTo(ids);
  }

  // The part of the network a reader sees: on a phone the bottom sheet covers its lower part.
  function openArea() {
    var box = container.getBoundingClientRect();
    var bottom = box.bottom;
    [panel, controls].forEach(function (sheet) {  // a phone's bottom sheets
      if (!sheet.hidden && getComputedStyle(sheet).position === "fixed") {
        bottom = Math.min(bottom, sheet.getBoundingClientRect().top);
      }
    });
    var height = Math.max(120, bottom - Math.max(box.top, 0));
    return { width: box.width, height: Math.min(height, box.height), full: box.height };
  }

  // Fit the view to ``ids`` within the open area, from the positions the file placed (vis-network's
  // own fit measures every node again: a tenth of a second at 5,000 actors).
  function fitTo(ids) {
    network.setSize("100%", "100%");  // the canvas takes its box now (a panel may just have opened)
    var left = Infinity, right = -Infinity, top = Infinity, bottom = -Infinity;
    var extend = function (box) {
      if (box.left < left) left = box.left;
      if (box.right > right) right = box.right;
      if (box.top < top) top = box.top;
      if (box.bottom > bottom) bottom = box.bottom;
    };
    if (ids.length <= 500) {  // a few: their drawn boxes (a target's box is wide)
      ids.forEach(function (id) { var box = network.getBoundingBox(id); if (box) extend(box); });
    } else {
      // their positions as network.getPositions gives them, read without an object per node
      for (var i = 0; i < ids.length; i += 1) {
        var node = network.body.nodes[ids[i]];
        if (!node) continue;
        var x = Math.round(node.x), y = Math.round(node.y);
        if (x < left) left = x;
        if (x > right) right = x;
        if (y < top) top = y;
        if (y > bottom) bottom = y;
      }
    }
    if (left === Infinity) return;
    var area = openArea();
    var margin = 40;  // screen pixels around them: room for the labels below the nodes
    var scale = Math.min((area.width - 2 * margin) / Math.max(right - left, 1),
      (area.height - 2 * margin) / Math.max(bottom - top, 1));
    scale = Math.max(0.02, Math.min(scale, 1.6));
    // the centre of the open area, not of the canvas, is where the nodes go
    var shift = (area.full - area.height) / 2 / scale;
    network.moveTo({ position: { x: (left + right) / 2, y: (top + bottom) / 2 + shift }, scale: scale, animation: false });
  }

  // What the filter controls ask for: the network's filters and the data download read it alike.
  function readFilters() {
    var kindOk = checked("kind");
    var targetValue = document.getElementById("filter-target").value;
    return {
      stanceOk: checked("stance"),
      tieOk: checked("tie"),
      scope: targetValue ? withParts(targetValue) : null,
      from: dateBound("filter-from"),
      to: dateBound("filter-to"),
      kindShown: function (id) { return info[id].type !== "actor" || kindOk[info[id].kind] !== false; },
    };
  }

  // The data sets' own items in their order (a data set's forEach listed its ids anew each
  // time), and what a filter pass keeps, made once: no object per item per change.
  var itemsOf = {
    stances: { nodes: stanceNodes.get(), edges: stanceEdges.get() },
    alliances: { nodes: allianceNodes.get(), edges: allianceEdges.get() },
  };
  var pass = {
    stances: new Array(itemsOf.stances.edges.length).fill(null),
    shows: new Uint8Array(itemsOf.stances.edges.length),
    seen: {},  // node id -> the number of the last pass that showed it
    number: 0,
  };
  var groupLooks = {};
  function groupLook(group) { return groupLooks[group] || (groupLooks[group] = { group: group }); }

  function filterView(name) {
    stale[name] = false;
    var filters = readFilters();
    var stanceOk = filters.stanceOk, tieOk = filters.tieOk, scope = filters.scope;
    var from = filters.from, to = filters.to, kindShown = filters.kindShown;

    if (name === "alliances") {
      filterAlliances(tieOk, kindShown, scope);
      return;
    }
    // stance view: an edge shows when its window position passes; a node when an edge does
    var timed = window.positionsTime && window.positionsTime.active();
    var decidedNow = timed ? null : decidedStances(from, to);
    var edges = itemsOf.stances.edges;
    var stanceAt = pass.stances;  // each link's stance and whether it shows, this pass
    var showAt = pass.shows;
    var shownCount = 0;
    var partCount = 0;
    var i, item, edge;
    for (i = 0; i < edges.length; i += 1) {
      edge = edgeInfo[edges[i].id];
      if (edge.partOf) continue;
      var stance = timed ? timeStance(edge.from, edge.to, null) : decidedNow[edge.id];
      var show = stance !== null && stanceOk[stance] !== false && kindShown(edge.from) &&
        kindShown(edge.to) && (!scope || Boolean(scope[edge.to]));
      if (show) shownCount += 1;
      stanceAt[i] = stance;
      showAt[i] = show ? 1 : 0;
    }
    var wasDashed = dashed;
    dashed = shownCount <= DASH_LIMIT;
    var writes = new Writes("stances");
    var seen = pass.seen;  // a node shows when it is seen[id] === pass.number
    var number = (pass.number += 1);
    for (i = 0; i < edges.length; i += 1) {
      item = edges[i];
      edge = edgeInfo[item.id];
      if (edge.partOf) continue;
      var shows = showAt[i] === 1, at = stanceAt[i];
      if (shows) seen[edge.from] = seen[edge.to] = number;
      var restyle = at && (at !== item.shown || dashed !== wasDashed);
      if (restyle || shows === Boolean(item.hidden)) writes.write(item, writes.edges, !shows, restyle ? stanceLook(at) : null);
    }
    for (i = 0; i < edges.length; i += 1) {
      item = edges[i];
      edge = edgeInfo[item.id];
      if (!edge.partOf) continue;
      var both = seen[edge.from] === number && seen[edge.to] === number;
      if (both) partCount += 1;
      if (both === Boolean(item.hidden)) writes.write(item, writes.edges, !both, null);
    }
    var nodes = itemsOf.stances.nodes;
    var nodeCount = 0;
    for (i = 0; i < nodes.length; i += 1) {
      item = nodes[i];
      var visible = seen[item.id] === number;
      if (visible) nodeCount += 1;
      var group = stanceGroupOf(item.id);  // the colours in the same pass: one redraw
      if (visible === Boolean(item.hidden) || group !== item.group) writes.write(item, writes.nodes, !visible, groupLook(group));
    }
    writes.finish();
    shown.stances = { nodes: nodeCount, edges: shownCount + partCount };
  }

  // alliance view: a tie shows when its kind is on and both actors pass
  function filterAlliances(tieOk, kindShown, scope) {
    // the time control's camps and ties of the window, in the same batches (one redraw)
    var timed = window.positionsTime ? window.positionsTime.allianceChanges() : { nodes: {}, edges: {} };
    var actorOk = function (id) {
      if (!kindShown(id) || (window.positionsTime && !window.positionsTime.has(id))) return false;
      if (!scope) return true;
      return Object.keys(actorTargets[id] || {}).some(function (t) { return scope[t]; });
    };
    var inScope = function (e) { return scope[e[0]]; };
    var writes = new Writes("alliances");
    var seen = pass.seen;
    var number = (pass.number += 1);
    var tieCount = 0;
    var edges = itemsOf.alliances.edges;
    var i, item;
    for (i = 0; i < edges.length; i += 1) {
      item = edges[i];
      var edge = edgeInfo[item.id];
      var show = tieOk[tieKind(edge)] !== false && actorOk(edge.from) && actorOk(edge.to) &&
        (!window.positionsTime || window.positionsTime.tie(edge.id)) &&
        (!scope || edge.evidence.some(inScope));
      if (show) {
        seen[edge.from] = seen[edge.to] = number;
        tieCount += 1;
      }
      var look = timed.edges[item.id];
      if (show === Boolean(item.hidden) || look) writes.write(item, writes.edges, !show, look || null);
    }
    var nodes = itemsOf.alliances.nodes;
    var nodeCount = 0;
    for (i = 0; i < nodes.length; i += 1) {
      item = nodes[i];
      var allied = seen[item.id] === number;
      if (allied) nodeCount += 1;
      var camp = timed.nodes[item.id];
      if (allied === Boolean(item.hidden) || camp) writes.write(item, writes.nodes, !allied, camp || null);
    }
    writes.finish();
    shown.alliances = { nodes: nodeCount, edges: tieCount };
  }

  function reportShown() {
    var view = views[state.network];
    var nodes = shown[state.network].nodes;
    var edges = shown[state.network].edges;
    body.setAttribute("data-visible-nodes", String(nodes));
    body.setAttribute("data-visible-edges", String(edges));
    document.getElementById("shown").textContent = "Showing " + nodes + " of " +
      view.nodes.length + " nodes and " + edges + " of " + view.edges.length + " links.";
    showEmpty(nodes === 0 && state.view !== "board");
  }

  // An empty network says why, over the blank canvas (a time window before the first
  // statement, or filters that leave nothing)
  var emptyNote = null;
  function showEmpty(empty) {
    if (!emptyNote) {
      if (!empty) return;
      emptyNote = el("p", "empty-note");
      emptyNote.setAttribute("role", "status");
      container.appendChild(emptyNote);
    }
    emptyNote.hidden = !empty;
    if (!empty) return;
    var at = window.positionsTime && window.positionsTime.window();
    var what = state.network === "alliances" ? "No tie between two actors" : "No position";
    emptyNote.textContent = at ? what + " by the end of " + at + ": nothing to draw yet. " +
      "Step forward with the time control." : "Nothing passes these filters. Reset view to show everything.";
  }

  // -- the side panel ----------------------------------------------------------------------

  var panel = document.getElementById("panel");
  var panelBody = document.getElementById("panel-body");

  function sourceLine(statement) {
    var line = el("p", "meta");
    var parts = [];
    if (statement.speaker) parts.push(statement.speaker);
    parts.push(statement.date || "undated");
    line.appendChild(document.createTextNode(parts.join(" · ") + " · Source: "));
    var source = sources[statement.source];
    var url = safeUrl(source.url);
    if (url) {
      var link = el("a", null, source.title);
      link.href = url;
      link.rel = "noopener noreferrer nofollow";
      link.target = "_blank";
      line.appendChild(link);
    } else {
      line.appendChild(document.createTextNode(source.title));
    }
    var extra = [source.publisher, source.published].filter(Boolean).join(", ");
    if (extra) line.appendChild(document.createTextNode(" (" + extra + ")"));
    return line;
  }

  function stanceLine(target, stance, condition) {
    var line = el("p", "stances");
    line.appendChild(el("span", "badge " + stance, stance));
    line.appendChild(document.createTextNode(" " + nameOf(target)));
    if (condition) line.appendChild(el("span", "cond", " — on condition: " + condition));
    return line;
  }

  function statementItem(index, only) {
    var statement = statements[index];
    var item = el("li", "statement");
    (stancesOf[index] || []).forEach(function (entry) {
      if (!only || only[entry[0]]) item.appendChild(stanceLine(entry[0], entry[1], entry[2]));
    });
    if (statement.paraphrase) {
      var para = el("p", "paraphrase");
      para.appendChild(el("span", "mark", "Paraphrase: "));
      para.appendChild(document.createTextNode(statement.text));
      item.appendChild(para);
    } else {
      item.appendChild(el("blockquote", null, "“" + statement.text + "”"));
    }
    item.appendChild(sourceLine(statement));
    return item;
  }

  function byDate(a, b) {
    var x = statements[a].start || "";
    var y = statements[b].start || "";
    return x < y ? 1 : x > y ? -1 : a - b;
  }

  function statementList(indices, only) {
    var list = el("ol");
    var seen = {};
    indices.filter(function (i) { return !seen[i] && (seen[i] = true); }).sort(byDate)
      .forEach(function (i) { list.appendChild(statementItem(i, only)); });
    return list;
  }

  function openPanel(title, subtitle, fill) {
    document.getElementById("panel-title").textContent = title;
    document.getElementById("panel-sub").textContent = subtitle;
    panelBody.replaceChildren();
    fill(panelBody);
    if (body.getAttribute("data-controls") === "open" && getComputedStyle(controls).position === "fixed") {
      showControls(false);  // one bottom sheet at a time on a phone
    }
    panel.hidden = false;
    if (body.getAttribute("data-sheet") === "folded") sheetToggle.click();
    body.setAttribute("data-panel", title);
    saveHash();
  }

  function closePanel() {
    panel.hidden = true;
    body.removeAttribute("data-panel");
    unfocus();
    saveHash();
  }

  // -- focus mode: one actor and its ties in full, the rest of the network dimmed ---------
  // Nothing in the data sets changes: after vis-network has drawn the map, a veil of white
  // covers it and the actor, its neighbours and its ties are drawn again on top. Focusing
  // costs the actor's ties, not the map's size (at 5,000 actors restyling every node and
  // link took seconds).

  var focused = null;  // {id, view, near: {node id: true}, nodes: [ids], edges: [ids]}
  var VEIL = "rgba(255,255,255,0.86)";

  network.on("afterDrawing", function (ctx) {
    var drawn = network.body;
    if (!focused || focused.view !== state.network) {
      busiestLabels(ctx, drawn);
      return;
    }
    ctx.save();
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.fillStyle = VEIL;
    ctx.fillRect(0, 0, ctx.canvas.width, ctx.canvas.height);
    ctx.restore();
    var edges = focused.edges.map(function (id) { return drawn.edges[id]; })
      .filter(function (edge) { return edge && edge.connected && !edge.options.hidden; });
    edges.forEach(function (edge) { edge.draw(ctx); });
    edges.forEach(function (edge) { edge.drawArrows(ctx); });
    focused.nodes.forEach(function (id) {
      var node = drawn.nodes[id];
      if (node && !node.options.hidden) node.draw(ctx);  // a target's box holds its own label
    });
    var order = focused.nodes.slice().reverse().filter(function (id) { return info[id].type === "actor"; });
    var first = order.shift();
    order.sort(function (a, b) { return info[b].said - info[a].said; });
    if (first) order.unshift(first);
    focusLabels(ctx, drawn, order, Boolean(first));
  });

  // Zoomed out (a big map, a phone), vis-network's labels are too small to read: the names of
  // the busiest actors in sight are written at a readable size, none over another.
  var BUSIEST_LABELS = 24;
  var busiest = {};  // view -> its actors, the busiest first
  function busiestLabels(ctx, drawn) {
    if (network.getScale() > 0.55) return;
    var name = state.network;
    if (!busiest[name]) {
      busiest[name] = views[name].nodes.getIds().filter(function (id) { return info[id].type === "actor"; })
        .sort(function (a, b) { return info[b].said - info[a].said; });
    }
    var corner = network.DOMtoCanvas({ x: 0, y: 0 });
    var far = network.DOMtoCanvas({ x: container.clientWidth, y: openArea().height });
    var shown = [];
    var list = busiest[name];
    for (var i = 0; i < list.length && shown.length < BUSIEST_LABELS; i += 1) {
      var node = drawn.nodes[list[i]];
      if (!node || node.options.hidden) continue;
      if (node.x < corner.x || node.x > far.x || node.y < corner.y || node.y > far.y) continue;
      if (node.options.font && node.options.font.size * network.getScale() >= 11) continue;  // readable
      shown.push(list[i]);
    }
    focusLabels(ctx, drawn, shown, false);
  }

  // The names around a focused actor at a size a phone can read whatever the zoom, the actor's
  // first, then the busiest; a name that would overlap one already written is left out.
  var FOCUS_LABELS = 40;
  function focusLabels(ctx, drawn, order, first) {  // first: the first name is the focused actor's
    var scale = network.getScale();
    var size = (container.clientWidth < 500 ? 14 : 13) / scale;
    var placed = [];
    // a name near the edge is moved in to be read whole (a phone's narrow view cut them)
    var edge = network.DOMtoCanvas({ x: 0, y: 0 }).x + 4 / scale;
    var otherEdge = network.DOMtoCanvas({ x: container.clientWidth, y: 0 }).x - 4 / scale;
    ctx.save();
    ctx.font = (first ? "600 " : "") + size + "px system-ui, sans-serif";
    ctx.textAlign = "center";
    ctx.textBaseline = "top";
    ctx.lineJoin = "round";
    order.slice(0, FOCUS_LABELS).forEach(function (id, index) {
      var node = drawn.nodes[id];
      if (!node || node.options.hidden) return;
      if (index === 1) ctx.font = size + "px system-ui, sans-serif";
      var text = info[id].short;
      var width = ctx.measureText(text).width;
      var middle = width >= otherEdge - edge ? (edge + otherEdge) / 2 :
        Math.min(Math.max(node.x, edge + width / 2), otherEdge - width / 2);
      var box = { left: middle - width / 2, top: node.y + (node.shape.height || 20) / 2 + 2 / scale, width: width, height: size * 1.2 };
      var overlaps = placed.some(function (other) {
        return box.left < other.left + other.width && other.left < box.left + box.width &&
          box.top < other.top + other.height && other.top < box.top + box.height;
      });
      if (overlaps) return;
      placed.push(box);
      ctx.lineWidth = 4 / scale;
      ctx.strokeStyle = "#ffffff";
      ctx.fillStyle = "#1a1a1a";
      ctx.strokeText(text, middle, box.top);
      ctx.fillText(text, middle, box.top);
    });
    ctx.restore();
  }

  function focusOn(id) {
    var view = views[state.network];
    var item = view.nodes.get(id);
    if (state.view === "board" || !item || item.hidden) return;
    var near = {};
    near[id] = true;
    var ties = view.edges.get(network.getConnectedEdges(id))
      .filter(function (edge) { return !edge.hidden; });
    ties.forEach(function (edge) { near[edge.from] = near[edge.to] = true; });
    var nodes = Object.keys(near).filter(function (other) { return other !== id; });
    nodes.push(id);  // the actor last: drawn over its neighbours
    focused = { id: id, view: state.network, near: near, nodes: nodes,
      edges: ties.map(function (edge) { return edge.id; }) };
    body.setAttribute("data-focus", id);
    fitTo(Object.keys(near));  // near enough to read its ties' names, above a phone's sheet
    redraw();
  }

  function unfocus() {
    if (!focused) return;
    focused = null;
    body.removeAttribute("data-focus");
    redraw();
  }

  var STANCE_ORDER = ["support", "mixed", "neutral", "oppose"];
  var STANCE_HEADING = { support: "Support", mixed: "Mixed", neutral: "Neutral", oppose: "Oppose" };
  var edgesTo = {};  // target id -> stance edges (one per actor: its position and history)
  data.stances.edges.forEach(function (edge) { (edgesTo[edge.to] = edgesTo[edge.to] || []).push(edge); });
  var tiesOf = {};  // actor id -> alliance ties
  data.alliances.edges.forEach(function (edge) {
    (tiesOf[edge.from] = tiesOf[edge.from] || []).push(edge);
    (tiesOf[edge.to] = tiesOf[edge.to] || []).push(edge);
  });

  function actorButton(id) {
    var button = el("button", "link", nameOf(id));
    button.type = "button";
    button.addEventListener("click", function () { showNode(id); });
    return button;
  }

  // Positions on a target grouped by stance, each group's actors with their statements.
  function positionGroups(target, edges, onPart) {  // target: the element to fill
    STANCE_ORDER.forEach(function (stance) {
      var group = edges.filter(function (edge) { return edge.stance === stance; });
      if (!group.length) return;
      group.sort(function (a, b) { return nameOf(a.from).localeCompare(nameOf(b.from)); });
      var heading = el("h4", "stance-group");
      heading.appendChild(el("span", "badge " + stance, STANCE_HEADING[stance]));
      heading.appendChild(document.createTextNode(" " + plural(group.length, "actor")));
      heading.setAttribute("data-stance", stance);
      heading.setAttribute("data-count", String(group.length));
      target.appendChild(heading);
      var list = el("ul", "actor-groups");
      group.forEach(function (edge) {
        var item = el("li", "actor-group");
        var who = el("p", "who");
        who.appendChild(actorButton(edge.from));
        if (onPart) who.appendChild(document.createTextNode(" on " + nameOf(edge.to)));
        item.appendChild(who);
        var only = {};
        only[edge.to] = true;
        item.appendChild(statementList(edge.records.map(function (r) { return r[0]; }), only));
        list.appendChild(item);
      });
      target.appendChild(list);
    });
  }

  function targetPanel(id, target) {
    var itself = edgesTo[id] || [];
    var parts = [];
    Object.keys(withParts(id)).forEach(function (t) {
      if (t !== id) parts = parts.concat(edgesTo[t] || []);
    });
    [[itself, "itself", "On " + nameOf(id) + " itself"],
      [parts, "parts", "On parts of it (not a position on the whole)"]].forEach(function (part) {
      if (!part[0].length) return;
      var section = el("div", "section");
      section.setAttribute("data-section", part[1]);
      section.appendChild(el("h3", null, part[2]));
      positionGroups(section, part[0], part[1] === "parts");
      target.appendChild(section);
    });
  }

  // The alliance view's actor: its allies and opponents, strongest first, the targets behind each tie.
  function tiesPanel(id, target) {
    var ties = (tiesOf[id] || []).slice();
    var weight = function (edge) { return edge.agree - edge.disagree; };
    var strength = function (a, b) {
      return Math.abs(weight(b)) - Math.abs(weight(a)) || (b.agree + b.disagree) - (a.agree + a.disagree);
    };
    [["Allies", function (e) { return weight(e) > 0; }], ["Opponents", function (e) { return weight(e) < 0; }]]
      .forEach(function (side) {
        var group = ties.filter(side[1]).sort(strength);
        var section = el("div", "section");
        section.setAttribute("data-section", side[0].toLowerCase());
        target.appendChild(section);
        section.appendChild(el("h3", null, side[0] + " (" + group.length + ")"));
        if (!group.length) {
          section.appendChild(el("p", "hint", "None."));
          return;
        }
        var list = el("ul", "ties");
        group.forEach(function (edge) {
          var other = edge.from === id ? edge.to : edge.from;
          var item = el("li", "tie");
          var who = el("p", "who");
          who.appendChild(actorButton(other));
          who.appendChild(document.createTextNode(" · " + plural(edge.agree, "agreement") + ", " +
            plural(edge.disagree, "disagreement") + " "));
          var proof = el("button", "link", "the statements");
          proof.type = "button";
          proof.addEventListener("click", function () { showEdge(edge.id); });
          who.appendChild(proof);
          item.appendChild(who);
          var on = el("p", "meta");
          var agreed = edge.evidence.filter(function (e) { return e[1]; }).map(function (e) { return nameOf(e[0]); });
          var differed = edge.evidence.filter(function (e) { return !e[1]; }).map(function (e) { return nameOf(e[0]); });
          on.textContent = [agreed.length ? "Agree on: " + agreed.join("; ") + "." : "",
            differed.length ? "Disagree on: " + differed.join("; ") + "." : ""].filter(Boolean).join(" ");
          item.appendChild(on);
          list.appendChild(item);
        });
        section.appendChild(list);
      });
  }

  function showNode(id) {
    var node = info[id];
    state.selected = id;
    if (node.type === "actor") {
      var own = byActor[id] || [];
      var aliases = node.aliases.length ? " · also: " + node.aliases.join(", ") : "";
      openPanel(node.label, kindLabel(node) + " · " + plural(own.length, "statement") + aliases,
        function (target) {
          var link = safeUrl(node.url);
          if (link) {
            var site = el("a", null, link);
            site.href = link;
            site.rel = "noopener noreferrer nofollow";
            site.target = "_blank";
            var line = el("p", "meta");
            line.appendChild(site);
            target.appendChild(line);
          }
          if (state.view === "alliances") {
            tiesPanel(id, target);
            target.appendChild(el("h3", null, "What it said"));
          }
          target.appendChild(statementList(own, null));
          var about = (byTarget[id] || []).map(function (r) { return r[0]; });
          if (about.length) {
            target.appendChild(el("h3", null, "Stances taken about " + node.label));
            target.appendChild(statementList(about, withParts(id)));
          }
        });
      // after the panel opened: on a phone the network comes to the top of the screen and the
      // view fits the space above the sheet
      if (state.view !== "board" && getComputedStyle(panel).position === "fixed") {
        window.scrollTo(0, window.scrollY + container.getBoundingClientRect().top);
      }
      batch(function () {
        unfocus();
        focusOn(id);
      });
    } else {
      var scope = withParts(id);
      var records = [];
      Object.keys(scope).forEach(function (t) { records = records.concat(byTarget[t] || []); });
      openPanel(node.label, node.kind + " · " + plural(records.length, "stance") + " · " +
        plural((edgesTo[id] || []).length, "actor") + " on it itself", function (target) { targetPanel(id, target); });
    }
  }

  function showEdge(id) {
    var edge = edgeInfo[id];
    state.selected = id;
    if (edge.partOf) {
      openPanel(nameOf(edge.from), "is part of " + nameOf(edge.to), function () {});
    } else if (edge.records) {
      var only = {};
      only[edge.to] = true;
      openPanel(nameOf(edge.from) + " → " + nameOf(edge.to),
        "Position: " + edge.stance + " · " + plural(edge.records.length, "statement"),
        function (target) {
          target.appendChild(statementList(edge.records.map(function (r) { return r[0]; }), only));
        });
    } else {
      openPanel(nameOf(edge.from) + " – " + nameOf(edge.to),
        plural(edge.agree, "agreement") + ", " + plural(edge.disagree, "disagreement"),
        function (target) {
          edge.evidence.forEach(function (item) {
            target.appendChild(el("h3", null, (item[1] ? "Agree on " : "Disagree on ") + nameOf(item[0])));
            var only = {};
            only[item[0]] = true;
            [edge.from, edge.to].forEach(function (who) {
              var behind = stanceEdgesTo[item[0]][who];
              var line = el("p", "hist");
              line.appendChild(el("span", "badge " + behind.stance, behind.stance));
              line.appendChild(document.createTextNode(" " + nameOf(who)));
              target.appendChild(line);
              target.appendChild(statementList(behind.records.map(function (r) { return r[0]; }), only));
            });
          });
        });
    }
  }

  network.on("click", function (params) {
    if (params.nodes.length) showNode(params.nodes[0]);
    else if (params.edges.length) showEdge(params.edges[0]);
    else closePanel();  // a click on the background leaves focus mode
  });

  // On a phone the panel is a bottom sheet over the network: it folds down to its title so the
  // focused actor and its ties have the whole view, and unfolds again.
  var sheetToggle = document.getElementById("panel-fold");
  sheetToggle.addEventListener("click", function () {
    var folded = body.getAttribute("data-sheet") !== "folded";
    body.setAttribute("data-sheet", folded ? "folded" : "open");
    sheetToggle.setAttribute("aria-expanded", folded ? "false" : "true");
    sheetToggle.textContent = folded ? "Show details" : "Hide details";
    if (focused) batch(function () { fitTo(Object.keys(focused.near)); });
  });

  document.getElementById("panel-close").addEventListener("click", function () {
    closePanel();
    document.getElementById("search").focus();
  });
  panel.addEventListener("keydown", function (event) {
    if (event.key === "Escape") {
      closePanel();
      document.getElementById("search").focus();
    }
  });

  // -- search ------------------------------------------------------------------------------

  var searchBox = document.getElementById("search");
  var results = document.getElementById("search-results");
  var matches = [];
  var active = -1;
  var inView = { stances: {}, alliances: {} };
  data.stances.nodes.forEach(function (n) { inView.stances[n[0]] = true; });
  data.alliances.nodes.forEach(function (n) { inView.alliances[n[0]] = true; });
  var searchIndex = Object.keys(info).map(function (id) {
    return { id: id, names: [info[id].label].concat(info[id].aliases).map(fold) };
  });

  function findMatches(query) {
    var wanted = fold(query);
    if (!wanted) return [];
    var present = inView[state.network];
    var found = [];
    searchIndex.forEach(function (entry) {
      if (!present[entry.id]) return;
      var rank = 9;
      entry.names.forEach(function (name) {
        var r = name === wanted ? 0 : name.indexOf(wanted) === 0 ? 1 : name.indexOf(wanted) > 0 ? 2 : 9;
        rank = Math.min(rank, r);
      });
      if (rank < 9) found.push({ id: entry.id, rank: rank });
    });
    found.sort(function (a, b) {
      return a.rank - b.rank || nameOf(a.id).localeCompare(nameOf(b.id));
    });
    return found.slice(0, 10).map(function (m) { return m.id; });
  }

  function showMatches() {
    results.replaceChildren();
    matches.forEach(function (id, index) {
      var item = el("li", null, nameOf(id));
      item.id = "match-" + index;
      item.setAttribute("role", "option");
      item.setAttribute("aria-selected", index === active ? "true" : "false");
      item.appendChild(el("span", "sub", " · " + kindLabel(info[id])));
      item.addEventListener("mousedown", function (event) {
        event.preventDefault();
        choose(id);
      });
      results.appendChild(item);
    });
    results.hidden = matches.length === 0;
    searchBox.setAttribute("aria-expanded", matches.length ? "true" : "false");
    if (active >= 0) searchBox.setAttribute("aria-activedescendant", "match-" + active);
    else searchBox.removeAttribute("aria-activedescendant");
  }

  function clearSearch() {
    searchBox.value = "";
    matches = [];
    active = -1;
    showMatches();
  }

  function choose(id) {
    if (state.view === "board") setView(state.network);
    var nodes = views[state.view].nodes;
    if (nodes.get(id) && nodes.get(id).hidden) resetFilters();
    matches = [];
    active = -1;
    showMatches();
    searchBox.value = nameOf(id);
    batch(function () {
      network.selectNodes([id]);
      network.focus(id, { scale: Math.max(1.1, network.getScale()), animation: false });
      body.setAttribute("data-focused", id);
      showNode(id);
    });
    panel.focus();  // keyboard readers land on the statements; Escape returns to the search
  }

  searchBox.addEventListener("input", function () {
    matches = findMatches(searchBox.value);
    active = matches.length ? 0 : -1;
    showMatches();
  });
  searchBox.addEventListener("keydown", function (event) {
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      if (!matches.length) return;
      event.preventDefault();
      var step = event.key === "ArrowDown" ? 1 : -1;
      active = (active + step + matches.length) % matches.length;
      showMatches();
    } else if (event.key === "Enter") {
      event.preventDefault();
      if (!matches.length) matches = findMatches(searchBox.value);
      if (matches.length) choose(matches[Math.max(active, 0)]);
    } else if (event.key === "Escape") {
      event.preventDefault();
      clearSearch();
      network.unselectAll();
      body.removeAttribute("data-focused");
      closePanel();
    }
  });
  searchBox.addEventListener("blur", function () {
    results.hidden = true;
    searchBox.setAttribute("aria-expanded", "false");
  });

  // -- the rest of the table (rows past the ones written as HTML) --------------------------

  var nextRow = 0;
  // the rows built off the document in groups (a <tbody> each, as the HTML's), put in the table
  // at once: the browser lays out only the groups near the viewport (map.css), where the whole
  // table laid out in one frame took seconds
  var restGroups = [];

  function tableRow(key) {
    var statement = statements[key[4]];
    var source = sources[statement.source];
    var row = el("tr");
    var text = statement.paraphrase ? null : "“" + statement.text + "”";
    [nameOf(key[0]), key[2], nameOf(key[1]), key[3] || "", text].forEach(function (value, i) {
      var cell = el("td", null, value);
      if (i === 4 && statement.paraphrase) {
        cell.appendChild(el("em", null, "Paraphrase:"));
        cell.appendChild(document.createTextNode(" " + statement.text));
      }
      row.appendChild(cell);
    });
    row.appendChild(el("td", null, statement.speaker || ""));
    row.appendChild(el("td", null, statement.date || "undated"));
    var cell = el("td");
    var url = safeUrl(source.url);
    if (url) {
      var link = el("a", null, source.title);
      link.href = url;
      link.rel = "noreferrer";
      cell.appendChild(link);
    } else {
      cell.textContent = source.title;
    }
    row.appendChild(cell);
    return row;
  }

  function appendRows(all) {
    if (document.readyState === "loading") {  // the table comes after this script
      document.addEventListener("DOMContentLoaded", function () { appendRows(all); });
      return;
    }
    var rows = data.moreRows;
    var stop = all ? rows.length : Math.min(rows.length, nextRow + 250);
    for (; nextRow < stop; nextRow += 1) {
      if (nextRow % data.tableGroupRows === 0) restGroups.push(el("tbody"));
      restGroups[restGroups.length - 1].appendChild(tableRow(rows[nextRow]));
    }
    if (nextRow < rows.length) {
      setTimeout(appendRows, 16);  // leave the reader room between chunks
      return;
    }
    if (all) addRest();
    else whenStill(addRest);
  }

  function addRest() {
    if (body.getAttribute("data-table") === "complete") return;
    var groups = document.createDocumentFragment();
    restGroups.forEach(function (group) {
      group.style.setProperty("--rows", String(group.rows.length));  // its height until laid out
      groups.appendChild(group);
    });
    document.querySelector("#statements table").appendChild(groups);
    body.setAttribute("data-table", "complete");
  }
  window.addEventListener("beforeprint", function () { appendRows(true); });

  // -- views, reset, wiring -----------------------------------------------------------------

  function setView(name) {
    if (name === state.view || !(views[name] || (name === "board" && data.board))) return;
    state.view = name;
    body.setAttribute("data-view", name);
    saveHash();
    document.querySelectorAll(".views button").forEach(function (button) {
      button.setAttribute("aria-pressed", button.getAttribute("data-view") === name ? "true" : "false");
    });
    if (name === "board") {
      closePanel();
      clearSearch();
      return;
    }
    if (name === state.network) {  // back from the board: the network is as it was left
      if (stale[name]) filterView(name);  // ... unless the time control stepped meanwhile
      network.redraw();
      network.fit();
      closePanel();
      reportShown();
      return;
    }
    state.network = name;
    if (stale[name]) filterView(name);
    network.setOptions({ edges: { arrows: { to: { enabled: views[name].arrows } } } });
    // what network.setData does, with each view's objects kept (useData)
    var events = network.body.emitter;
    events.emit("resetPhysics");
    events.emit("_resetData");
    network.selectionHandler.unselectAll();
    useData(name);
    events.emit("_dataChanged");
    events.emit("_dataLoaded");
    events.emit("initPhysics");
    network.fit();
    closePanel();
    clearSearch();
    reportShown();
  }

  function resetFilters() {
    document.querySelectorAll("#controls input[type=checkbox]").forEach(function (box) { box.checked = true; });
    document.getElementById("filter-target").value = "";
    document.getElementById("filter-from").value = "";
    document.getElementById("filter-to").value = "";
    applyFilters();
  }

  document.querySelectorAll(".views button").forEach(function (button) {
    button.addEventListener("click", function () { setView(button.getAttribute("data-view")); });
  });
  document.getElementById("relayout").addEventListener("click", relayout);
  var controlsToggle = document.getElementById("controls-toggle");
  function showControls(open) {
    var wasSheet = getComputedStyle(controls).position === "fixed";
    body.setAttribute("data-controls", open ? "open" : "closed");
    controlsToggle.setAttribute("aria-expanded", open ? "true" : "false");
    if (!open) {
      if (wasSheet) fitShown();  // the network has its whole box again: fill it
      return;
    }
    if (getComputedStyle(controls).position !== "fixed") return;
    // a phone: the filters are a sheet over the network's lower part; bring the time control
    // and the network into sight above it, and fit what is shown there
    var timeBar = document.getElementById("time-control");
    (timeBar.hidden ? container : timeBar).scrollIntoView({ block: "start" });
    if (!panel.hidden) closePanel();
    fitShown();
  }
  controlsToggle.addEventListener("click", function () {
    showControls(body.getAttribute("data-controls") !== "open");
  });
  document.getElementById("controls-done").addEventListener("click", function () {
    showControls(false);
    controlsToggle.focus({ preventScroll: true });
  });
  document.getElementById("reset").addEventListener("click", function () {
    resetFilters();
    clearSearch();
    closePanel();
    network.unselectAll();
    body.removeAttribute("data-focused");
    network.fit();
  });
  document.querySelectorAll("#controls input, #controls select").forEach(function (control) {
    control.addEventListener("change", applyFilters);
  });

  // -- the stance board ----------------------------------------------------------------------

  var STANCE_WORD = { support: "Supports", oppose: "Opposes", mixed: "Mixed on", neutral: "Neutral on" };

  function evidenceItem(item) {
    var entry = el("li", "statement");
    var line = el("p", "stances");
    line.appendChild(el("span", "badge " + item.stance, item.stance));
    if (item.condition) line.appendChild(el("span", "cond", " on condition: " + item.condition));
    entry.appendChild(line);
    if (item.paraphrase) {
      var para = el("p", "paraphrase");
      para.appendChild(el("span", "mark", "Paraphrase: "));
      para.appendChild(document.createTextNode(item.text));
      entry.appendChild(para);
    } else {
      entry.appendChild(el("blockquote", null, "“" + item.text + "”"));
    }
    var meta = el("p", "meta");
    var said = [];
    if (item.speaker) said.push(item.speaker);
    said.push(item.date || "undated");
    meta.appendChild(document.createTextNode(said.join(" · ") + " · Source: "));
    var url = safeUrl(item.url);
    if (url) {
      var link = el("a", null, item.source);
      link.href = url;
      link.rel = "noopener noreferrer nofollow";
      link.target = "_blank";
      meta.appendChild(link);
    } else {
      meta.appendChild(document.createTextNode(item.source));
    }
    entry.appendChild(meta);
    return entry;
  }

  function showChip(chip) {
    var onWhat = chip.viaName || data.board.targetName;
    state.selected = chip.actor;
    openPanel(chip.name, STANCE_WORD[chip.stance] + " " + onWhat +
      (chip.viaName ? " (a part of " + data.board.targetName + ")" : "") +
      " · " + (chip.date || "undated") + (chip.collective ? " · a group named only as a whole" : ""),
      function (target) {
        target.appendChild(el("h3", null, chip.evidence.length === 1 ? "The statement that decides it" :
          "The statements of the deciding date"));
        var list = el("ol");
        chip.evidence.forEach(function (item) { list.appendChild(evidenceItem(item)); });
        target.appendChild(list);
      });
    panel.focus();
  }

  if (data.board) {
    var boardColumns = {};
    data.board.columns.forEach(function (column) { boardColumns[column.stance] = column.chips; });
    boardColumns.parts = data.board.parts;
    var lastChip = null;
    document.getElementById("board").addEventListener("click", function (event) {
      var button = event.target.closest("button.chip");
      if (!button) return;
      var chips = boardColumns[button.getAttribute("data-column")];
      var chip = chips && chips[Number(button.getAttribute("data-chip"))];
      if (!chip) return;
      lastChip = button;
      state.chipColumn = button.getAttribute("data-column");
      showChip(chip);
    });
    panel.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && state.view === "board" && lastChip) lastChip.focus();
    });
    if (state.view === "board") markReady();
  }

  // -- share link: the view, target, selection, filters and date in the URL fragment --------

  var restoring = false;
  var FILTER_GROUPS = ["stance", "tie", "kind"];

  function hashState() {
    var params = new URLSearchParams();
    params.set("view", state.view);
    var target = document.getElementById("filter-target").value;
    if (target) params.set("target", target);
    if (state.selected && !panel.hidden) {
      params.set("sel", state.selected);
      if (state.view === "board" && state.chipColumn) params.set("col", state.chipColumn);
    }
    FILTER_GROUPS.forEach(function (name) {
      var boxes = checked(name);
      var on = Object.keys(boxes).filter(function (value) { return boxes[value]; });
      if (on.length !== Object.keys(boxes).length) params.set(name, on.join(","));
    });
    var from = dateBound("filter-from");
    var to = dateBound("filter-to");
    if (from) params.set("from", from);
    if (to) params.set("asof", to);
    return params.toString();
  }

  function saveHash() {
    if (restoring) return;
    var fragment = hashState();
    try {
      history.replaceState(null, "", "#" + fragment);
    } catch (error) {  // a page in a sandboxed frame may not touch its history
      return;
    }
    var link = document.getElementById("share-link");
    if (link) link.value = location.href;
  }

  function restoreHash() {
    var fragment = location.hash.replace(/^#/, "");
    if (!fragment || fragment.indexOf("=") < 0) return;
    var params = new URLSearchParams(fragment);
    restoring = true;
    try {
      FILTER_GROUPS.forEach(function (name) {
        if (!params.has(name)) return;
        var on = {};
        params.get(name).split(",").forEach(function (value) { on[value] = true; });
        document.querySelectorAll('input[name="' + name + '"]').forEach(function (box) {
          box.checked = Boolean(on[box.value]);
        });
      });
      var select = document.getElementById("filter-target");
      var target = params.get("target");
      if (target && select.querySelector('option[value="' + CSS.escape(target) + '"]')) select.value = target;
      [["from", "filter-from"], ["asof", "filter-to"]].forEach(function (pair) {
        var value = params.get(pair[0]);
        if (value && /^\d{4}-\d{2}-\d{2}$/.test(value)) document.getElementById(pair[1]).value = value;
      });
      var filtered = FILTER_GROUPS.some(function (name) { return params.has(name); }) ||
        params.has("target") || params.has("from") || params.has("asof");
      var view = params.get("view");
      if (view && (views[view] || (view === "board" && data.board))) setView(view);
      if (filtered) applyFilters();
      var selected = params.get("sel");
      if (selected && state.view === "board" && data.board) {
        var column = params.get("col");
        var chips = boardColumns[column] || [];
        for (var i = 0; i < chips.length; i += 1) {
          if (chips[i].actor === selected) { state.chipColumn = column; showChip(chips[i]); break; }
        }
      } else if (selected && info[selected] && views[state.network].nodes.get(selected)) {
        network.selectNodes([selected]);
        showNode(selected);
      } else if (selected && edgeInfo[selected]) {
        showEdge(selected);
      }
    } finally {
      restoring = false;
    }
    saveHash();
  }

  document.getElementById("share-copy").addEventListener("click", function () {
    saveHash();
    var link = document.getElementById("share-link");
    link.select();
    var note = document.getElementById("download-note");
    var done = function () { note.textContent = "Link copied."; };
    if (navigator.clipboard && navigator.clipboard.writeText) {
      navigator.clipboard.writeText(link.value).then(done, function () {
        note.textContent = "Select the link and copy it.";
      });
    } else {
      note.textContent = "Select the link and copy it.";
    }
  });

  // -- download: the statements the filters leave in sight, made here from the page's data ---

  var DOWNLOAD_FIELDS = ["actor", "actor_name", "target", "target_name", "stance", "condition",
    "text", "is_paraphrase", "speaker", "date", "source", "source_url"];

  // one row per stance of a statement on an (actor, target) the filters show, in the window
  function shownRows() {
    var filters = readFilters();
    var stanceOk = filters.stanceOk, scope = filters.scope, kindShown = filters.kindShown;
    var from = filters.from, to = filters.to;
    var rows = [];
    data.stances.edges.forEach(function (edge) {
      if (scope && !scope[edge.to]) return;
      if (!kindShown(edge.from) || !kindShown(edge.to)) return;
      var stance = decide(edge.records, from, to);
      if (stance === null || stanceOk[stance] === false) return;
      edge.records.forEach(function (record) {
        var statement = statements[record[0]];
        if (!inWindow(statement, from, to)) return;
        var source = sources[statement.source];
        rows.push({
          statement: statement.id, actor: edge.from, actor_name: nameOf(edge.from), target: edge.to,
          target_name: nameOf(edge.to), stance: record[1], condition: record[2] || null,
          text: statement.text, is_paraphrase: statement.paraphrase, speaker: statement.speaker,
          date: statement.date, source: source.title, source_url: safeUrl(source.url),
        });
      });
    });
    return rows;
  }

  function csvCell(value) {
    var text = value === null || value === undefined ? "" : String(value);
    // a cell that a spreadsheet would run as a formula starts with a quote mark
    if (/^[=+\-@\t\r]/.test(text)) text = "'" + text;
    return /[",\r\n]/.test(text) ? '"' + text.replace(/"/g, '""') + '"' : text;
  }

  function asCsv(rows) {
    var fields = ["statement"].concat(DOWNLOAD_FIELDS);
    var lines = [fields.join(",")];
    rows.forEach(function (row) {
      lines.push(fields.map(function (f) { return csvCell(row[f]); }).join(","));
    });
    return lines.join("\r\n") + "\r\n";
  }

  function fileName(extension) {
    var base = fold(data.title).replace(/ /g, "-").slice(0, 60) || "positions";
    return base + "-statements." + extension;
  }

  function download(extension) {
    var rows = shownRows();
    var text = extension === "csv" ? "\ufeff" + asCsv(rows) :
      JSON.stringify({ title: data.title, as_of: data.asOf, filters: hashState(), rows: rows }, null, 2);
    var blob = new Blob([text], { type: extension === "csv" ? "text/csv;charset=utf-8" : "application/json" });
    var url = URL.createObjectURL(blob);
    var link = el("a");
    link.href = url;
    link.download = fileName(extension);
    document.body.appendChild(link);
    link.click();
    link.remove();
    setTimeout(function () { URL.revokeObjectURL(url); }, 1000);
    document.getElementById("download-note").textContent = plural(rows.length, "row") + " in " + link.download + ".";
  }
  document.getElementById("download-csv").addEventListener("click", function () { download("csv"); });
  document.getElementById("download-json").addEventListener("click", function () { download("json"); });

  // -- embedded: tell the parent page how tall this one is (responsive iframes) -----------

  function postHeight() {
    if (window.parent === window) return;
    var height = Math.ceil(document.documentElement.scrollHeight);
    window.parent.postMessage({ type: "positions:height", height: height }, "*");
  }
  if (window.parent !== window) {
    if (window.ResizeObserver) new ResizeObserver(postHeight).observe(document.documentElement);
    window.addEventListener("load", postHeight);
    postHeight();
  }

  recolourByTarget("");
  reportShown();
  restoreHash();
  if (!location.hash) saveHash();

  if (window.positionsTime) {  // the time control steps the views drawn here, no layout run
    window.positionsTime.attach({
      data: data, network: network, groups: groups, groupOf: groupOf, allianceNodes: allianceNodes,
      allianceEdges: allianceEdges,
      // a step filters the network view in sight only (none behind the board), the
      // stance view's colours in the same batch; the other views when they are shown
      refilter: function () {
        filtersRan = true;
        unfocus();
        colourTarget = colourTargetOf(document.getElementById("filter-target").value);
        stale.stances = stale.alliances = true;
        if (state.view === "board") return;
        batch(function () { filterView(state.network); });
        reportShown();
      },
    });
  }

  // A small read-only handle for readers' scripts and tests.
  window.positionsMap = Object.freeze({
    view: function () { return state.view; },
    selected: function () { return state.selected; },
    counts: function () {
      var view = views[state.network];
      return {
        nodes: view.nodes.length, edges: view.edges.length,
        visibleNodes: shown[state.network].nodes, visibleEdges: shown[state.network].edges,
      };
    },
    visibleNodeIds: function () {
      return views[state.network].nodes.getIds({ filter: function (item) { return !item.hidden; } });
    },
    setView: setView,
    scale: function () { return network.getScale(); },
    nodePosition: function (id) {
      var at = network.getPositions([id])[id];
      return at ? network.canvasToDOM(at) : null;
    },
    open: function (id) {
      if (info[id]) showNode(id);
      else if (edgeInfo[id]) showEdge(id);
    },
    edgeIds: function () { return views[state.network].edges.getIds(); },
    visibleEdgeIds: function () {
      return views[state.network].edges.getIds({ filter: function (item) { return !item.hidden; } });
    },
    focused: function () { return focused ? focused.id : null; },
    dimmedNodeIds: function () {
      if (!focused || focused.view !== state.network) return [];
      return views[state.network].nodes.getIds({ filter: function (item) { return !focused.near[item.id]; } });
    },
    drawn: function () {  // what vis-network draws: its visible nodes (with their group) and links
      var drawn = network.body;
      var nodes = drawn.nodeIndices.slice().sort();
      var edges = drawn.edgeIndices.slice().sort();
      return { nodes: nodes, edges: edges,
        groups: nodes.map(function (id) { return drawn.nodes[id].options.group; }),
        links: edges.map(function (id) {  // each link's ends, and whether it is drawn as an arrow
          var edge = drawn.edges[id];
          return [edge.from.id, edge.to.id, Boolean(edge.options.arrows.to.enabled)];
        }) };
    },
    built: function () { return Object.keys(kept); },  // the views not drawn, built and kept
    nodeGroup: function (id) { var item = views[state.network].nodes.get(id); return item ? item.group : null; },
    shownRows: shownRows,
    hashState: hashState,
    board: function () {
      if (!data.board) return null;
      var counts = {};
      data.board.columns.forEach(function (column) { counts[column.stance] = column.chips.length; });
      counts.parts = data.board.parts.length;
      return { target: data.board.target, counts: counts };
    },
  });
})();
