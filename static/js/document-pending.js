// A page listing a document the worker is still generating (生成中 badges) looks again by
// itself: it asks the document's address (HEAD) every few seconds, and once every listed one is
// ready it reloads, unless the user has typed into a form there; then the badges only say so.
(function (root) {
  "use strict";
  var badges = Array.prototype.slice.call(document.querySelectorAll(".document-pending"));
  if (!badges.length || !root.fetch) return;
  var STEP = 3000, LIMIT = 10 * 60 * 1000, started = Date.now();

  function link(badge) { var a = badge.closest("a[href]"); return a ? a.href : null; }

  // 202: still generating. 200 (the PDF) or a redirect (to object storage): ready.
  function ready(url) {
    return root.fetch(url, {method: "HEAD", credentials: "same-origin", redirect: "manual", cache: "no-store"})
      .then(function (r) { return r.type === "opaqueredirect" || (r.ok && r.status !== 202); },
            function () { return false; });
  }

  function edited() {
    return Array.prototype.some.call(document.querySelectorAll("input, textarea, select"), function (f) {
      if (f.type === "hidden" || f.type === "submit") return false;
      if (f.type === "checkbox" || f.type === "radio") return f.checked !== f.defaultChecked;
      if (f.tagName === "SELECT") {
        return Array.prototype.some.call(f.options, function (o) { return o.selected !== o.defaultSelected; });
      }
      return f.value !== f.defaultValue;
    });
  }

  function look() {
    var waiting = badges.filter(function (b) { return !b.dataset.ready && link(b); });
    return Promise.all(waiting.map(function (badge) {
      return ready(link(badge)).then(function (done) {
        if (!done) return;
        badge.dataset.ready = "1";
        badge.textContent = badge.dataset.readyText || "";
        badge.classList.remove("badge-expiring");
        badge.classList.add("badge-valid");
      });
    })).then(function () {
      if (badges.every(function (b) { return b.dataset.ready || !link(b); })) {
        if (!edited()) root.location.reload();
        return;
      }
      if (Date.now() - started < LIMIT) root.setTimeout(look, STEP);
    });
  }
  root.setTimeout(look, STEP);
})(window);
