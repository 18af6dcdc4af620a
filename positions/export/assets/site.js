// Search over actors and targets, offline: the index is a script of this site
// (assets/search-index.js), read here; results are built as elements, never as HTML.
(function () {
  "use strict";
  // the dataset version (assets/version.js) goes into every page's version slots, so a
  // new version rewrites one file, not every page
  var version = window.POSITIONS_VERSION || {};
  document.querySelectorAll("[data-version]").forEach(function (slot) {
    var value = version[slot.getAttribute("data-version")];
    if (typeof value === "string") { slot.textContent = value; }
  });
  var index = window.POSITIONS_SEARCH || [];
  var root = document.body.getAttribute("data-root") || "";
  var box = document.getElementById("search-box");
  var list = document.getElementById("search-results");
  if (!box || !list) { return; }
  function fold(text) {
    return String(text).normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }
  var folded = index.map(function (entry) { return fold(entry.n + " " + entry.a + " " + entry.id); });
  function show(query) {
    while (list.firstChild) { list.removeChild(list.firstChild); }
    var words = fold(query).split(/\s+/).filter(Boolean);
    if (!words.length) { return; }
    var shown = 0;
    for (var i = 0; i < index.length && shown < 30; i++) {
      var text = folded[i];
      if (!words.every(function (w) { return text.indexOf(w) >= 0; })) { continue; }
      var entry = index[i];
      if (!/^[a-z0-9][a-z0-9-]*$/.test(entry.id)) { continue; }
      var item = document.createElement("li");
      var link = document.createElement("a");
      link.href = root + (entry.k === "actor" ? "actor/" : "target/") + entry.id + ".html";
      link.textContent = entry.n;
      var kind = document.createElement("span");
      kind.className = "kind";
      kind.textContent = entry.k;
      link.appendChild(kind);
      item.appendChild(link);
      list.appendChild(item);
      shown++;
    }
  }
  box.disabled = false;
  box.addEventListener("input", function () { show(box.value); });
  box.form.addEventListener("submit", function (event) {
    event.preventDefault();
    var first = list.querySelector("a");
    if (first) { window.location.href = first.href; }
  });
  window.__positionsReady = true;
})();
