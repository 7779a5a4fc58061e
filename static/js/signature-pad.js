// Signature pad: draw with a finger (or pen, or mouse) on a canvas; Save sends a PNG data URL
// in the form's hidden "signature" field as an ordinary form POST. Without this script the pad
// stays hidden and a message says signing needs JavaScript.
(function () {
  "use strict";
  var pad = document.querySelector("[data-signature-pad]");
  if (!pad || !window.PointerEvent) return;
  var canvas = pad.querySelector("canvas");
  if (!canvas.getContext || !canvas.toDataURL) return;

  var form = pad.closest("form");
  var field = form.querySelector('input[name="signature"]');
  var saveButton = pad.querySelector("[data-pad-save]");
  var message = pad.querySelector("[data-pad-error]");
  var ctx = canvas.getContext("2d");
  var INK = "#111827";
  var WIDTH = 2.6;          // CSS px
  var MIN_LENGTH = 20;      // CSS px of strokes: a tap is not a signature
  var MAX_W = 2000, MAX_H = 1000, MAX_SCALE = 2;
  var MAX_CHARS = Number(pad.dataset.maxChars) || 1333358;  // 1 MB of PNG, base64-encoded
  var PREFIX = "data:image/png;base64,";
  var strokes = [], current = null, background = null, ratio = 1, inkLength = 0;
  var saveLabel = saveButton.textContent;

  document.querySelectorAll("[data-js-needed]").forEach(function (el) { el.hidden = true; });
  pad.hidden = false;

  function resize() {
    var box = canvas.getBoundingClientRect();
    if (!box.width || !box.height) return;
    // Sharp on high-density screens, yet never larger than the server accepts.
    ratio = Math.min(window.devicePixelRatio || 1, MAX_SCALE, MAX_W / box.width, MAX_H / box.height);
    canvas.width = Math.floor(box.width * ratio);
    canvas.height = Math.floor(box.height * ratio);
    ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
    ctx.lineCap = "round";
    ctx.lineJoin = "round";
    ctx.lineWidth = WIDTH;
    ctx.strokeStyle = INK;
    ctx.fillStyle = INK;
    redraw();
  }

  function mid(a, b) { return {x: (a.x + b.x) / 2, y: (a.y + b.y) / 2}; }

  function dot(p) {
    ctx.beginPath();
    ctx.arc(p.x, p.y, WIDTH / 2, 0, Math.PI * 2);
    ctx.fill();
  }

  // A curve through the midpoints, with the recorded points as control points: smooth lines.
  function segment(points, i) {
    var a = points[Math.max(i - 2, 0)], b = points[i - 1], c = points[i];
    var start = i < 2 ? b : mid(a, b), end = mid(b, c);
    ctx.beginPath();
    ctx.moveTo(start.x, start.y);
    ctx.quadraticCurveTo(b.x, b.y, end.x, end.y);
    ctx.stroke();
  }

  function tail(points) {
    var n = points.length;
    if (n < 2) return;
    var from = mid(points[n - 2], points[n - 1]);
    ctx.beginPath();
    ctx.moveTo(from.x, from.y);
    ctx.lineTo(points[n - 1].x, points[n - 1].y);
    ctx.stroke();
  }

  function redraw() {
    var box = canvas.getBoundingClientRect();
    ctx.clearRect(0, 0, box.width, box.height);
    if (background) ctx.drawImage(background, 0, 0, box.width, box.height);
    strokes.forEach(function (points) {
      dot(points[0]);
      for (var i = 1; i < points.length; i++) segment(points, i);
      if (!current || points !== current.points) tail(points);
    });
  }

  function at(event) {
    var box = canvas.getBoundingClientRect();
    return {x: event.clientX - box.left, y: event.clientY - box.top};
  }

  function add(p) {
    var points = current.points, last = points[points.length - 1];
    var step = Math.hypot(p.x - last.x, p.y - last.y);
    if (step < 0.7) return;
    points.push(p);
    inkLength += step;
    segment(points, points.length - 1);
  }

  function say(text) {
    message.textContent = text || "";
    message.hidden = !text;
  }

  canvas.addEventListener("pointerdown", function (event) {
    if (current || (event.pointerType === "mouse" && event.button !== 0)) return;
    event.preventDefault();
    canvas.setPointerCapture(event.pointerId);
    current = {id: event.pointerId, points: [at(event)]};
    strokes.push(current.points);
    dot(current.points[0]);
    say("");
  });

  canvas.addEventListener("pointermove", function (event) {
    if (!current || event.pointerId !== current.id) return;
    event.preventDefault();
    var events = event.getCoalescedEvents ? event.getCoalescedEvents() : [];
    (events.length ? events : [event]).forEach(function (e) { add(at(e)); });
  });

  function end(event) {
    if (!current || event.pointerId !== current.id) return;
    tail(current.points);
    current = null;
  }
  // Touches on the pad are drawing only: no scroll, zoom or fling, which would otherwise
  // swallow the next tap (on Save) when a stroke ends with a flick.
  ["touchstart", "touchmove"].forEach(function (type) {
    canvas.addEventListener(type, function (event) { event.preventDefault(); }, {passive: false});
  });
  canvas.addEventListener("pointerup", end);
  canvas.addEventListener("pointercancel", end);
  canvas.addEventListener("lostpointercapture", end);

  pad.querySelector("[data-pad-clear]").addEventListener("click", function () {
    strokes = [];
    background = null;
    inkLength = 0;
    field.value = "";
    say("");
    redraw();
  });

  // The canvas is transparent (the baseline under it is CSS); the PNG gets white paper.
  function exportPng() {
    var out = document.createElement("canvas");
    out.width = canvas.width;
    out.height = canvas.height;
    var paper = out.getContext("2d");
    paper.fillStyle = "#fff";
    paper.fillRect(0, 0, out.width, out.height);
    paper.drawImage(canvas, 0, 0);
    return out.toDataURL("image/png");
  }

  form.addEventListener("submit", function (event) {
    // A button marked data-pad-skip sends the form without a drawing (e.g. a recorded refusal).
    if (event.submitter && event.submitter.hasAttribute("data-pad-skip")) return;
    var problem = "";
    if (!strokes.length && !background) problem = pad.dataset.msgEmpty;
    else if (!background && inkLength < MIN_LENGTH) problem = pad.dataset.msgShort;
    else {
      field.value = exportPng();
      if (field.value.length > MAX_CHARS) problem = pad.dataset.msgLarge;
    }
    if (problem) {
      event.preventDefault();
      say(problem);
      return;
    }
    saveButton.disabled = true;  // one tap, one save
    saveButton.textContent = pad.dataset.msgSaving;
  });

  // Back from the next page (back/forward cache): the button works again.
  window.addEventListener("pageshow", function () {
    saveButton.disabled = false;
    saveButton.textContent = saveLabel;
  });

  // A save the server refused comes back with the drawing: show it again.
  if (field.value.indexOf(PREFIX) === 0) {
    var restored = new Image();
    restored.onload = function () { background = restored; redraw(); };
    restored.src = field.value;
  }

  if (window.ResizeObserver) new ResizeObserver(resize).observe(canvas);
  else window.addEventListener("resize", resize);
  resize();
})();
