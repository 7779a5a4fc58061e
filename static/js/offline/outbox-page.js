// The outbox page (/offline/outbox): every operation not yet on the server, with its status and
// error; a conflict shows mine beside the server's, and the inspector keeps one. The choice is
// recorded in the operation (nothing is dropped silently). Works offline.
(function (root) {
  "use strict";
  var IO = root.InspectOffline;
  var page = document.getElementById("offline-outbox");
  if (!page || !IO || !IO.outbox) return;
  var S = JSON.parse(document.getElementById("offline-strings").textContent);
  var db = IO.db, outbox = IO.outbox;
  var list = document.getElementById("outbox-list");
  var history = document.getElementById("outbox-history");
  var out = document.getElementById("outbox-message");
  var HIDDEN = ["version", "reason", "id"];

  function t(key, params) {
    var text = S[key] || key;
    Object.keys(params || {}).forEach(function (n) { text = text.split("{" + n + "}").join(params[n]); });
    return text;
  }
  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (name) { node.setAttribute(name, attrs[name]); });
    if (text !== undefined && text !== null) node.textContent = text;
    return node;
  }
  function when(iso) {
    return new Date(iso).toLocaleString(document.documentElement.lang || "zh-CN", {
      timeZone: "Asia/Shanghai", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit"
    });
  }
  function say(text, kind) { out.textContent = text; out.className = "offline-result offline-result-" + kind; out.hidden = false; }

  // ---- Side by side ----------------------------------------------------------------------

  function fieldsOf(op) {
    var mine = op.body || op.form || {}, server = op.server || {};
    var names = Object.keys(mine).filter(function (k) { return HIDDEN.indexOf(k) < 0; });
    Object.keys(server).forEach(function (k) { if (names.indexOf(k) < 0 && k in mine) names.push(k); });
    return names.length ? names : Object.keys(server).filter(function (k) { return HIDDEN.indexOf(k) < 0; });
  }
  function show(value) {
    if (value === null || value === undefined || value === "") return "—";
    if (typeof value === "object") return value.$blob ? value.filename || "📷" : JSON.stringify(value);
    return S["value_" + value] || String(value);
  }
  function side(title, data, names, cls) {
    var box = el("div", {"class": "side " + cls});
    box.appendChild(el("h4", {}, title));
    if (!data) { box.appendChild(el("p", {"class": "muted"}, S.nothing_server)); return box; }
    var dl = el("dl", {});
    names.forEach(function (name) {
      dl.appendChild(el("dt", {}, S["field_" + name] || name));
      dl.appendChild(el("dd", {"data-field": name}, show(data[name])));
    });
    box.appendChild(dl);
    return box;
  }

  function conflict(op, li) {
    var names = fieldsOf(op);
    var pair = el("div", {"class": "side-by-side"});
    pair.appendChild(side(S.mine, op.body || op.form, names, "side-mine"));
    pair.appendChild(side(S.server, op.server, names, "side-server"));
    li.appendChild(pair);
    var actions = el("p", {"class": "actions"});
    var keep = el("button", {type: "button", "class": "button button-primary", "data-action": "keep-mine"}, S.keep_mine);
    var take = el("button", {type: "button", "class": "button", "data-action": "take-server"}, S.take_server);
    keep.addEventListener("click", function () { keepMine(op.seq).then(function () { say(S.kept_mine, "ok"); }); });
    take.addEventListener("click", function () { takeServer(op.seq).then(function () { say(S.took_server, "ok"); }); });
    actions.appendChild(keep); actions.appendChild(take);
    li.appendChild(actions);
  }

  // ---- Choices ----------------------------------------------------------------------------

  function keepMine(seq) {
    return db.get("outbox", seq).then(function (op) {
      var version = op.server && op.server.version !== undefined ? op.server.version : null;
      var body = op.body ? Object.assign({}, op.body) : null;
      if (body && "version" in body) body.version = version;
      var form = op.form ? Object.assign({}, op.form) : null;
      if (form && "version" in form) form.version = version;
      var choice = {choice: "mine", at: new Date().toISOString(), server: op.server, previous_key: op.key};
      return outbox.mark(seq, {
        key: db.uuid(), body: body, form: form, base_version: version, status: "pending", error: null,
        attempts: 0, resolutions: (op.resolutions || []).concat([choice])
      });
    }).then(after);
  }

  function takeServer(seq) {
    return db.tx(["outbox", "cases"], "readwrite", function (tx) {
      var ops = tx.objectStore("outbox"), cases = tx.objectStore("cases");
      return ops.get(seq).then(function (op) {
        var choice = {choice: "server", at: new Date().toISOString(), mine: op.body || op.form, server: op.server};
        op.status = "done"; op.error = null; op.discarded = true;
        op.resolutions = (op.resolutions || []).concat([choice]);
        ops.put(op);
        return cases.get(op.case_local_id).then(function (local) {
          if (!local || !op.server || !op.version_of) return;
          adopt(local, op.version_of, op.server);
          return cases.put(local);
        });
      });
    }).then(after);
  }

  // The local case takes the server's state of the thing this operation changed.
  function adopt(local, name, server) {
    var kind = name.split(":")[0], id = name.split(":").slice(1).join(":");
    if (kind === "item") { local.items = local.items || {}; local.items[id] = Object.assign({}, local.items[id], server); return; }
    if (kind === "check") { local.checks = local.checks || {}; local.checks[id] = Object.assign({}, local.checks[id], server); return; }
    if (kind === "case") { local.version = server.version; return; }
    (local[kind + "s"] || []).forEach(function (entry) {
      if (entry.local === id) Object.assign(entry, server, {local: id});
    });
  }

  function retry(seq) {
    return outbox.mark(seq, {status: "pending", error: null}).then(after);
  }

  function after() { return draw().then(function () { return outbox.kick(true); }).then(draw); }

  // ---- Drawing ----------------------------------------------------------------------------

  function row(op) {
    var li = el("li", {"class": "card op op-" + op.status, "data-seq": op.seq, "data-status": op.status});
    var head = el("p", {"class": "op-head"});
    head.appendChild(el("strong", {}, op.label || op.kind));
    head.appendChild(el("span", {"class": "tag op-status"}, S["status_" + op.status] || op.status));
    li.appendChild(head);
    li.appendChild(el("p", {"class": "meta"}, t("queued_at", {when: when(op.created_at)})));
    if (op.error) li.appendChild(el("p", {"class": "op-error"}, op.error));
    if (op.status === "conflict") conflict(op, li);
    if (op.status === "failed") {
      var again = el("button", {type: "button", "class": "button", "data-action": "retry"}, S.retry);
      again.addEventListener("click", function () { retry(op.seq); });
      li.appendChild(again);
    }
    return li;
  }

  function resolved(op) {
    var last = op.resolutions[op.resolutions.length - 1];
    var li = el("li", {"class": "list-item", "data-seq": op.seq, "data-choice": last.choice});
    li.textContent = (op.label || op.kind) + " · " + (last.choice === "mine" ? S.chose_mine : S.chose_server) +
      " · " + when(last.at);
    return li;
  }

  function draw() {
    return db.all("outbox").then(function (ops) {
      var open = ops.filter(function (op) { return op.status !== "done"; });
      var past = ops.filter(function (op) { return op.resolutions && op.resolutions.length; }).reverse();
      list.textContent = "";
      open.forEach(function (op) { list.appendChild(row(op)); });
      history.textContent = "";
      past.forEach(function (op) { history.appendChild(resolved(op)); });
      document.getElementById("outbox-empty").hidden = open.length > 0;
      document.getElementById("outbox-history-section").hidden = past.length === 0;
      page.dataset.open = String(open.length);
    });
  }

  IO.outboxPage = {keepMine: keepMine, takeServer: takeServer, draw: draw};
  document.getElementById("outbox-sync").addEventListener("click", function () { outbox.kick(true).then(draw, draw); });
  if (outbox.channel) outbox.channel.addEventListener("message", function () { draw(); });
  var previous = outbox.onchange;
  outbox.onchange = function (message) { if (previous) previous(message); draw(); };
  page.querySelectorAll("[data-js-needed]").forEach(function (note) { note.hidden = true; });
  draw().then(function () { page.dataset.drawn = "true"; });
})(self);
