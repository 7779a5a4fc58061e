// On every signed-in page: the sync status bar, the service worker, persistent storage, the
// device token the outbox replays with, the replay triggers, and the sign-out guard.
(function (root) {
  "use strict";
  var IO = root.InspectOffline;
  var bar = document.getElementById("sync-status");
  if (!bar || !IO || !IO.db || !root.indexedDB || !root.fetch) return;
  var db = IO.db, outbox = IO.outbox, text = bar.dataset;
  var TIMER = 30000;
  var LEGACY = "inspect.checklist.outbox.";

  function fill(template, n) { return template.replace("{n}", n); }

  function show(counts) {
    var state = "synced", label = text.synced;
    if (counts.failed || counts.conflict) { state = "failed"; label = text.failed; }
    else if (counts.signin) { state = "failed"; label = text.signin; }
    else if (counts.pending) { state = "pending"; label = fill(text.pending, counts.pending); }
    bar.dataset.state = state;
    bar.querySelector("[data-sync-text]").textContent = label;
    bar.hidden = false;
  }
  function refresh() { return outbox.summary().then(show, function () {}); }

  // ---- Device token -----------------------------------------------------------------------

  function user() {
    return {id: Number(text.userId), name: text.userName, region_id: Number(text.regionId)};
  }

  function ensureToken(fresh) {
    return Promise.all([db.meta("device_token"), db.meta("user")]).then(function (found) {
      var token = found[0], known = found[1];
      var valid = token && outbox.tokenExpiry(token) > Date.now() + 86400000;
      if (valid && !fresh && known && known.id === user().id) return token;
      if (!root.navigator.onLine) return token;
      return root.fetch(text.deviceUrl, {
        method: "POST", credentials: "same-origin",
        headers: {"X-CSRFToken": text.csrf, "Accept": "application/json"}
      }).then(function (response) {
        if (!response.ok) return token;
        return response.json().then(function (issued) {
          if (typeof issued.expires_in === "number") issued.expires_local = Date.now() + issued.expires_in * 1000;
          return Promise.all([db.setMeta("device_token", issued), db.setMeta("user", user())])
            .then(function () { return issued; });
        });
      }, function () { return token; });
    });
  }

  // ---- Answers queued by the old checklist outbox (localStorage) move into IndexedDB ------

  // Not on the checklist page itself: its own script still sends what it queued there.
  function migrateLegacy() {
    if (document.querySelector("[data-checklist]")) return Promise.resolve();
    var storage;
    try { storage = root.localStorage; } catch (e) { return Promise.resolve(); }
    if (!storage) return Promise.resolve();
    var keys = [];
    for (var i = 0; i < storage.length; i += 1) {
      if (storage.key(i).indexOf(LEGACY) === 0) keys.push(storage.key(i));
    }
    return keys.reduce(function (chain, key) {
      return chain.then(function () { return migrateCase(storage, key); });
    }, Promise.resolve());
  }

  function migrateCase(storage, key) {
    var caseId = key.slice(LEGACY.length), box;
    try { box = JSON.parse(storage.getItem(key)) || {}; } catch (e) { box = {}; }
    var codes = Object.keys(box).filter(function (code) { return box[code] && box[code].result; });
    return codes.reduce(function (chain, code) {
      var entry = box[code], version = entry.version === "" ? null : Number(entry.version);
      return chain.then(function () {
        return outbox.enqueue({
          case_local_id: "server:" + caseId, kind: "item", method: "PUT",
          path: "/cases/" + caseId + "/items/" + encodeURIComponent(code),
          body: {result: entry.result, note: entry.note || "", version: version, reason: entry.reason || null},
          base_version: version, version_of: "item:" + code,
          label: fill(text.legacyLabel, code),
          created_at: new Date(entry.edited || Date.now()).toISOString()
        }, {replace: true});
      });
    }, Promise.resolve()).then(function () { storage.removeItem(key); });
  }

  // ---- Service worker, storage, triggers ----------------------------------------------------

  function registerWorker() {
    var sw = root.navigator.serviceWorker;
    if (!sw) return Promise.resolve(null);
    return sw.register(text.workerUrl, {scope: "/"}).catch(function () { return null; });
  }

  function askSync() {
    var sw = root.navigator.serviceWorker;
    if (!sw || !sw.controller) return;
    sw.ready.then(function (reg) { if (reg.sync) return reg.sync.register("outbox"); }).catch(function () {});
  }

  function askPersist() {
    var storage = root.navigator.storage;
    if (!storage || !storage.persist) return Promise.resolve(false);
    return storage.persisted().then(function (yes) { return yes || storage.persist(); });
  }

  // ---- Sign-out guard -----------------------------------------------------------------------

  function guardSignOut(form) {
    var notice = document.getElementById("signout-refused");
    form.addEventListener("submit", function (event) {
      if (form.dataset.cleared === "true") return;
      event.preventDefault();
      outbox.unsynced().then(function (ops) {
        if (ops.length) return refuse(notice, ops);
        return leave(form);
      });
    });
  }

  function refuse(notice, ops) {
    var list = notice.querySelector("ul");
    list.textContent = "";
    ops.forEach(function (op) {
      var li = document.createElement("li");
      li.textContent = op.label + (op.error ? " · " + op.error : "");
      list.appendChild(li);
    });
    notice.querySelector("[data-count]").textContent = fill(text.signoutCount, ops.length);
    notice.hidden = false;
    notice.focus();
  }

  function leave(form) {
    return db.meta("device_token").then(function (token) {
      var field = form.querySelector('input[name="device_token_id"]');
      if (!field) {
        field = document.createElement("input");
        field.type = "hidden"; field.name = "device_token_id";
        form.appendChild(field);
      }
      field.value = token && token.token_id ? token.token_id : "";
    }, function () {}).then(wipeAll).then(function () {
      form.dataset.cleared = "true";
      form.submit();
    });
  }

  function wipeAll() {
    var dropCaches = root.caches ? root.caches.keys().then(function (names) {
      return Promise.all(names.map(function (name) { return root.caches.delete(name); }));
    }) : Promise.resolve();
    var reg = root.navigator.serviceWorker ? root.navigator.serviceWorker.getRegistration("/") : null;
    return Promise.all([db.wipe(), dropCaches, Promise.resolve(reg).then(function (r) { return r && r.unregister(); })])
      .catch(function () {});
  }

  // ---- Start --------------------------------------------------------------------------------

  function kick(force) { return outbox.kick(force).then(refresh, refresh); }

  outbox.onchange = function (message) {
    refresh();
    if (message.type === "queued") askSync();
  };
  if (outbox.channel) outbox.channel.addEventListener("message", refresh);
  IO.status = {ensureToken: ensureToken, refresh: refresh, kick: kick, wipeAll: wipeAll,
               registration: registerWorker()};

  var signout = document.querySelector('form[action="' + text.logoutUrl + '"]');
  if (signout) guardSignOut(signout);
  root.addEventListener("online", function () { kick(true); });
  root.setInterval(function () { kick(false); }, TIMER);
  refresh();
  db.setMeta("lang", document.documentElement.lang || "zh-CN")
    .then(migrateLegacy)
    .then(function () { return db.meta("sync_state"); })
    .then(function (state) { return ensureToken(state === "signin"); })
    .then(function () { askPersist(); return kick(true); })
    .catch(refresh);
})(self);
