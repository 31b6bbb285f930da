// The document's deep-zoom viewer, written for opis (no library): it reads the document's IIIF
// manifest, shows one canvas at a time from the Image API tiles at the resolution the zoom needs,
// pans by dragging (mouse, pen or one finger), zooms by two-finger pinch, wheel, buttons or keys, turns
// by quarter turns, and lights the words of the page's search (IIIF Content Search 2.0) on the scan.
// Touch goes through Pointer Events only; the view has touch-action: none, so a pinch or a swipe on
// it moves the picture and never zooms or scrolls the page itself.
//
// The page without script keeps its plain IIIF-sized pictures; this only adds a button above them.
// Geometry: tiles and hit boxes are placed on a "stage" in the image's own pixels; one CSS
// transform (translate to the view's centre, rotate, scale, translate by minus the centre point)
// maps the stage to the screen, so rotation and zoom never change what a tile is.
(function () {
  "use strict";
  var section = document.querySelector("section.scans[data-manifest]");
  if (!section || !window.fetch) return;
  var slot = section.querySelector(".viewer-slot");
  var open = document.createElement("button");
  open.type = "button";
  open.className = "viewer-open";
  open.textContent = "Open the zoomable viewer";
  slot.appendChild(open);
  open.addEventListener("click", function () {
    open.disabled = true;
    start().catch(function (err) {
      open.disabled = false;
      open.textContent = "The viewer could not open (" + err.message + "); the pictures below still work";
    });
  });

  function json(url) {
    return fetch(url, { headers: { Accept: "application/json" } }).then(function (r) {
      if (!r.ok) throw new Error(url + ": " + r.status);
      return r.json();
    });
  }

  function start() {
    var q = section.getAttribute("data-q") || "";
    return json(section.getAttribute("data-manifest")).then(function (manifest) {
      var canvases = manifest.items || [];
      if (!canvases.length) throw new Error("the manifest has no pages");
      var search = (manifest.service || []).filter(function (s) { return s.type === "SearchService2"; })[0];
      var hits = q && search ? json(search.id + "?q=" + encodeURIComponent(q)) : Promise.resolve({ items: [] });
      return hits.then(function (page) { build(canvases, page.items || []); });
    });
  }

  function button(bar, label, title, act) {
    var b = document.createElement("button");
    b.type = "button";
    b.textContent = label;
    b.title = title;
    b.setAttribute("aria-label", title);
    b.addEventListener("click", act);
    bar.appendChild(b);
    return b;
  }

  function build(canvases, hitItems) {
    var bar = document.createElement("div");
    bar.className = "viewer-bar";
    bar.setAttribute("role", "toolbar");
    bar.setAttribute("aria-label", "Viewer controls");
    var view = document.createElement("div");
    view.className = "viewer";
    view.tabIndex = 0;
    view.setAttribute("role", "img");
    var stage = document.createElement("div");
    stage.className = "stage";
    view.appendChild(stage);
    var status = document.createElement("output");
    slot.replaceChild(bar, open);
    slot.appendChild(view);

    var st = { n: 0, info: null, scale: 1, rot: 0, cx: 0, cy: 0, tiles: {} };

    button(bar, "◀", "Previous page", function () { show(st.n - 1); });
    bar.appendChild(status);
    button(bar, "▶", "Next page", function () { show(st.n + 1); });
    button(bar, "+", "Zoom in", function () { zoom(1.5); });
    button(bar, "−", "Zoom out", function () { zoom(1 / 1.5); });
    button(bar, "⟳", "Turn a quarter to the right", function () { st.rot = (st.rot + 90) % 360; fit(); });
    button(bar, "Fit", "Fit the page", function () { fit(); });

    function hitsOn(canvas) {
      return hitItems.filter(function (a) {
        return String(a.target).split("#")[0] === canvas.id;
      }).map(function (a) {
        var m = /#xywh=(\d+),(\d+),(\d+),(\d+)/.exec(a.target);
        return m ? { x: +m[1], y: +m[2], w: +m[3], h: +m[4], text: a.body && a.body.value } : null;
      }).filter(Boolean);
    }

    function firstHitPage() {
      for (var i = 0; i < canvases.length; i++) if (hitsOn(canvases[i]).length) return i;
      return 0;
    }

    function serviceOf(canvas) {
      var body = canvas.items[0].items[0].body;
      var svc = body.service && body.service[0];
      return svc ? svc.id || svc["@id"] : null;
    }

    function show(n) {
      if (n < 0 || n >= canvases.length) return;
      st.n = n;
      var canvas = canvases[n];
      status.textContent = "Page " + (n + 1) + " of " + canvases.length;
      view.setAttribute("aria-label", "Page " + (n + 1) + " of the document, zoomable");
      stage.textContent = "";
      st.tiles = {};
      json(serviceOf(canvas) + "/info.json").then(function (info) {
        st.info = info;
        var under = document.createElement("img");  // a small whole page under the tiles: never blank
        var small = (info.sizes || []).filter(function (s) { return s.width <= 1024; }).pop();
        under.src = info.id + "/full/" + (small ? small.width + "," : "max") + "/0/default.jpg";
        under.alt = "";
        under.className = "under";
        place(under, 0, 0, info.width, info.height);
        stage.appendChild(under);
        hitsOn(canvas).forEach(function (h) {
          var mark = document.createElement("div");
          mark.className = "hit";
          mark.title = h.text || "";
          place(mark, h.x * info.width / canvas.width, h.y * info.height / canvas.height,
                h.w * info.width / canvas.width, h.h * info.height / canvas.height);
          stage.appendChild(mark);
        });
        fit();
        var hits = stage.querySelectorAll(".hit");
        if (hits.length) status.textContent += " · " + hits.length + " hit" + (hits.length === 1 ? "" : "s");
      });
    }

    function place(el, x, y, w, h) {
      el.style.left = x + "px";
      el.style.top = y + "px";
      el.style.width = w + "px";
      el.style.height = h + "px";
    }

    function fit() {
      if (!st.info) return;
      var turned = st.rot % 180 !== 0;
      var w = turned ? st.info.height : st.info.width, h = turned ? st.info.width : st.info.height;
      st.scale = Math.min(view.clientWidth / w, view.clientHeight / h);
      st.cx = st.info.width / 2;
      st.cy = st.info.height / 2;
      draw();
    }

    function zoom(by) {
      zoomAt(by, 0, 0);
    }

    // Zoom by ``by`` keeping the image point under the screen offset (sx, sy) from the view's centre
    // where it is: the point is c + R⁻¹(d)/s before and must be c' + R⁻¹(d)/s' after.
    function zoomAt(by, sx, sy) {
      if (!st.info) return;
      var before = st.scale;
      st.scale = Math.max(0.01, Math.min(st.scale * by, 4));
      var d = unturn(sx, sy);
      st.cx = Math.max(0, Math.min(st.info.width, st.cx + d.x / before - d.x / st.scale));
      st.cy = Math.max(0, Math.min(st.info.height, st.cy + d.y / before - d.y / st.scale));
      draw();
    }

    // A screen vector with the view's rotation undone (still in screen pixels).
    function unturn(dx, dy) {
      var a = -st.rot * Math.PI / 180;
      return { x: dx * Math.cos(a) - dy * Math.sin(a), y: dx * Math.sin(a) + dy * Math.cos(a) };
    }

    // Screen movement (dx, dy) in image pixels: undo the rotation, then the scale.
    function pan(dx, dy) {
      var d = unturn(dx, dy);
      st.cx = Math.max(0, Math.min(st.info.width, st.cx - d.x / st.scale));
      st.cy = Math.max(0, Math.min(st.info.height, st.cy - d.y / st.scale));
      draw();
    }

    function draw() {
      var W = view.clientWidth, H = view.clientHeight;
      stage.style.transform = "translate(" + W / 2 + "px," + H / 2 + "px) rotate(" + st.rot + "deg) scale(" +
        st.scale + ") translate(" + -st.cx + "px," + -st.cy + "px)";
      view.setAttribute("data-zoom", st.scale.toFixed(4));  // the zoom level, for tests and styles
      tiles(W, H);
    }

    // The tiles of the level whose pixels are just finer than the screen's, over the part in view.
    function tiles(W, H) {
      var info = st.info, t = info.tiles[0], size = t.width, factor = 1;
      t.scaleFactors.forEach(function (f) { if (f <= 1 / st.scale && f > factor) factor = f; });
      var reach = Math.sqrt(W * W + H * H) / 2 / st.scale;  // covers the view whatever the rotation
      var span = size * factor;
      var x0 = Math.max(0, Math.floor((st.cx - reach) / span)), x1 = Math.floor(Math.min(info.width - 1, st.cx + reach) / span);
      var y0 = Math.max(0, Math.floor((st.cy - reach) / span)), y1 = Math.floor(Math.min(info.height - 1, st.cy + reach) / span);
      var wanted = {};
      for (var ty = y0; ty <= y1; ty++) {
        for (var tx = x0; tx <= x1; tx++) {
          var x = tx * span, y = ty * span;
          var w = Math.min(span, info.width - x), h = Math.min(span, info.height - y);
          var key = factor + ":" + x + "," + y;
          wanted[key] = true;
          if (st.tiles[key]) continue;
          var img = document.createElement("img");
          img.alt = "";
          img.className = "tile";
          img.src = info.id + "/" + x + "," + y + "," + w + "," + h + "/" + Math.ceil(w / factor) + ",/0/default.jpg";
          place(img, x, y, w, h);
          var firstHit = stage.querySelector(".hit");
          stage.insertBefore(img, firstHit);  // tiles under the hit marks
          st.tiles[key] = img;
        }
      }
      Object.keys(st.tiles).forEach(function (key) {  // tiles of other levels or out of view go
        if (!wanted[key]) { stage.removeChild(st.tiles[key]); delete st.tiles[key]; }
      });
    }

    // Pointers down on the view, by id: one moves the picture, two pinch (the zoom follows the change
    // of their distance, about their midpoint, and the midpoint's movement pans).
    var down = {};
    function pointers() { return Object.keys(down).map(function (k) { return down[k]; }); }
    function gesture() {
      var p = pointers(), r = view.getBoundingClientRect();
      if (p.length < 2) return null;
      return { dist: Math.max(1, Math.hypot(p[0].x - p[1].x, p[0].y - p[1].y)),
               mx: (p[0].x + p[1].x) / 2 - r.left - r.width / 2, my: (p[0].y + p[1].y) / 2 - r.top - r.height / 2 };
    }
    view.addEventListener("pointerdown", function (e) {
      down[e.pointerId] = { x: e.clientX, y: e.clientY };
      try { view.setPointerCapture(e.pointerId); } catch (err) { /* a synthetic pointer has none */ }
    });
    view.addEventListener("pointermove", function (e) {
      var was = down[e.pointerId];
      if (!was || !st.info) return;
      e.preventDefault();
      var before = gesture();
      down[e.pointerId] = { x: e.clientX, y: e.clientY };
      var after = gesture();
      if (before && after) {
        pan(after.mx - before.mx, after.my - before.my);
        zoomAt(after.dist / before.dist, after.mx, after.my);
      } else if (pointers().length === 1) {
        pan(e.clientX - was.x, e.clientY - was.y);
      }
    });
    function up(e) { delete down[e.pointerId]; }
    view.addEventListener("pointerup", up);
    view.addEventListener("pointercancel", up);
    view.addEventListener("lostpointercapture", up);
    view.addEventListener("wheel", function (e) {
      e.preventDefault();
      zoom(e.deltaY < 0 ? 1.25 : 0.8);
    }, { passive: false });
    view.addEventListener("keydown", function (e) {
      var step = 60, acts = {
        "+": function () { zoom(1.5); }, "=": function () { zoom(1.5); }, "-": function () { zoom(1 / 1.5); },
        ArrowLeft: function () { pan(step, 0); }, ArrowRight: function () { pan(-step, 0); },
        ArrowUp: function () { pan(0, step); }, ArrowDown: function () { pan(0, -step); },
        r: function () { st.rot = (st.rot + 90) % 360; fit(); }, "0": fit
      };
      if (acts[e.key]) { e.preventDefault(); acts[e.key](); }
    });
    window.addEventListener("resize", function () { if (st.info) draw(); });
    show(firstHitPage());
    view.focus();
  }
})();
