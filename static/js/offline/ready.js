// The "ready offline" page (/offline/): what this phone holds, its size, when it was refreshed,
// the space used and whether the browser keeps it; refresh or remove each item. Works offline.
(function (root) {
  "use strict";
  var IO = root.InspectOffline;
  var page = document.getElementById("offline-ready");
  if (!page || !IO || !IO.prepare) return;
  var S = JSON.parse(document.getElementById("offline-strings").textContent);
  var P = IO.prepare, db = IO.db;
  var list = document.getElementById("ready-list");
  var out = document.getElementById("ready-message");

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (name) { node.setAttribute(name, attrs[name]); });
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function openLink(row) {
    var id = row.key.split(":")[1];
    var hash = row.kind === "subject" ? "#subject=" + id : "#case=" + id;
    return el("a", {"class": "button button-primary", href: "/offline/case" + hash},
              row.kind === "subject" ? P.t(S, "new_case") : P.t(S, "open_case"));
  }

  function item(row) {
    var li = el("li", {"class": "card ready-item", "data-key": row.key});
    li.appendChild(el("h3", {}, P.label(row, S)));
    var facts = el("dl", {"class": "facts"});
    [[S.size, P.size(row.bytes || 0)], [S.refreshed, P.when(row.refreshed_at)]].forEach(function (pair) {
      facts.appendChild(el("dt", {}, pair[0]));
      facts.appendChild(el("dd", {}, pair[1]));
    });
    li.appendChild(facts);
    var actions = el("p", {"class": "actions"});
    actions.appendChild(openLink(row));
    var refresh = el("button", {type: "button", "class": "button", "data-action": "refresh"}, S.refresh);
    var remove = el("button", {type: "button", "class": "button", "data-action": "remove"}, S.remove);
    refresh.addEventListener("click", function () { refreshRow(row, refresh); });
    remove.addEventListener("click", function () { removeRow(row); });
    actions.appendChild(refresh);
    actions.appendChild(remove);
    li.appendChild(actions);
    return li;
  }

  function refreshRow(row, button) {
    button.disabled = true;
    P.say(out, S.working, "pending");
    P.take([row.key], S).then(function (rows) {
      P.say(out, P.t(S, "done", {what: P.label(rows[0], S), size: P.size(rows[0].bytes)}), "ok");
    }, function (error) {
      P.say(out, error.refusal ? error.message : String(error), "error");
    }).then(draw);
  }

  function removeRow(row) {
    var serverId = Number(row.key.split(":")[1]);
    Promise.all([IO.outbox.unsynced(), db.all("cases")]).then(function (found) {
      var locals = found[1].filter(function (c) { return row.kind === "case" && c.server_id === serverId; })
        .map(function (c) { return c.local_id; }).concat(["server:" + serverId]);
      var pending = found[0].some(function (op) { return locals.indexOf(op.case_local_id) >= 0; });
      if (pending) { P.say(out, S.remove_pending, "error"); return; }
      return db.del("bundles", row.key).then(function () { P.say(out, S.removed, "ok"); draw(); });
    });
  }

  function drawStorage() {
    return db.estimate().then(function (e) {
      document.getElementById("storage-used").textContent =
        P.t(S, "used", {used: P.size(e.usage), quota: P.size(e.quota)});
      var meter = document.getElementById("storage-meter");
      meter.max = e.quota || 1; meter.value = e.usage;
      document.getElementById("storage-persisted").textContent = e.persisted ? S.persisted : S.not_persisted;
      document.getElementById("storage-persist").hidden = e.persisted;
      page.dataset.persisted = String(e.persisted);
    });
  }

  function draw() {
    return db.all("bundles").then(function (rows) {
      list.textContent = "";
      rows.sort(function (a, b) { return a.key < b.key ? -1 : 1; });
      rows.forEach(function (row) { list.appendChild(item(row)); });
      document.getElementById("ready-empty").hidden = rows.length > 0;
      page.dataset.count = String(rows.length);
      return drawStorage();
    });
  }

  document.getElementById("storage-persist").addEventListener("click", function () {
    var storage = root.navigator.storage;
    (storage && storage.persist ? storage.persist() : Promise.resolve(false)).then(drawStorage);
  });
  page.querySelectorAll("[data-js-needed]").forEach(function (note) { note.hidden = true; });
  draw().then(function () { page.dataset.drawn = "true"; });
})(self);
