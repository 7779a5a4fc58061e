// The outbox: every write made on this phone is an operation with an idempotency key, kept in
// IndexedDB and replayed through the API in order, one at a time, when there is a connection.
// Loaded by the pages and by the service worker (Background Sync runs the same replay).
(function (root) {
  "use strict";
  var IO = root.InspectOffline = root.InspectOffline || {};
  var db = IO.db;
  var API = "/api/v1";
  var LOCK = "inspect-outbox";
  var BACKOFF_MAX = 5 * 60 * 1000;
  var channel = root.BroadcastChannel ? new root.BroadcastChannel("inspect-outbox") : null;
  var running = null;

  function nowIso() { return new Date().toISOString(); }
  function announce(message) {
    if (channel) channel.postMessage(message);
    if (IO.outbox.onchange) IO.outbox.onchange(message);
  }

  // ---- Writing operations -------------------------------------------------------------

  function enqueue(op, options) {
    options = options || {};
    var row = Object.assign({
      key: db.uuid(), body: null, form: null, base_version: null, created_at: nowIso(),
      status: "pending", error: null, server: null, attempts: 0
    }, op);
    delete row.seq;
    var stores = ["outbox", "blobs", "cases"];
    return db.tx(stores, "readwrite", function (t) {
      (options.blobs || []).forEach(function (blob) { t.objectStore("blobs").put(blob); });
      if (options.caseState) t.objectStore("cases").put(options.caseState);
      if (!options.replace || !row.version_of) return t.objectStore("outbox").add(row);
      return replaceUnsent(t, row);
    }).then(function (seq) {
      announce({type: "queued", seq: seq});
      kick();
      return seq;
    });
  }

  // A newer answer to the same thing replaces one never sent (so a field typed three times
  // offline is sent once); anything already tried keeps its key and goes first.
  function replaceUnsent(t, row) {
    var store = t.objectStore("outbox");
    return store.index("by_case").getAll(row.case_local_id).then(function (ops) {
      var unsent = ops.filter(function (o) {
        return o.version_of === row.version_of && o.status === "pending" && !o.attempts;
      }).pop();
      if (!unsent) return store.add(row);
      row.seq = unsent.seq;
      row.base_version = unsent.base_version;
      if (row.body && "version" in row.body && unsent.body) row.body.version = unsent.body.version;
      return store.put(row);
    });
  }

  // ---- Replay -------------------------------------------------------------------------

  function kick(force) {
    if (running) { running.again = running.again || !!force; return running.promise; }
    var state = {again: false};
    state.promise = withLock(function () { return replay(force); }).then(function (result) {
      running = null;
      if (state.again) return kick(true);
      return result;
    }, function (error) { running = null; throw error; });
    running = state;
    return state.promise;
  }

  function withLock(fn) {
    var locks = root.navigator && root.navigator.locks;
    return locks ? locks.request(LOCK, fn) : fn();
  }

  function replay(force) {
    return Promise.all([db.meta("device_token"), db.meta("backoff")]).then(function (meta) {
      var token = meta[0], backoff = meta[1];
      if (!force && backoff && backoff.until > Date.now()) return {state: "waiting"};
      return db.all("outbox").then(function (ops) {
        var open = ops.filter(function (o) { return o.status === "pending" || o.status === "sending"; });
        if (!open.length) return settleState({state: "idle"});
        if (root.navigator && root.navigator.onLine === false) return {state: "offline"};
        // Expiry is the server's to judge (a 401 asks for a sign-in): the phone's clock may be
        // wrong, and the service worker's is not always the page's.
        if (!token) {
          return settleState({state: "signin"});
        }
        return sendAll(ops, token.token);
      });
    });
  }

  // When the device token runs out, on this phone's clock: counted from when it was received
  // (`expires_local`), since the phone's date may be far from the server's; Infinity: never.
  function tokenExpiry(token) {
    if (typeof token.expires_local === "number") return token.expires_local;
    return token.expires_at ? Date.parse(token.expires_at) : Infinity;
  }

  function sendAll(ops, token) {
    var blocked = {};
    ops.forEach(function (o) {
      if (o.status === "failed" || o.status === "conflict") blocked[o.case_local_id] = true;
    });
    var queue = ops.filter(function (o) { return o.status === "pending" || o.status === "sending"; });
    function next(i) {
      if (i >= queue.length) return settleState({state: "idle"});
      var op = queue[i];
      if (blocked[op.case_local_id]) return next(i + 1);
      return resolve(op, token).then(function (ready) {
        if (!ready) { blocked[op.case_local_id] = true; return next(i + 1); }
        return sendOne(ready, token).then(function (outcome) {
          if (outcome === "stop") return {state: "offline"};
          if (outcome === "signin") return settleState({state: "signin"});
          if (outcome === "blocked") blocked[op.case_local_id] = true;
          return next(i + 1);
        });
      });
    }
    return next(0);
  }

  function settleState(result) {
    var writes = [db.setMeta("sync_state", result.state)];
    if (result.state === "idle") writes.push(db.del("meta", "backoff"));
    return Promise.all(writes).then(function () { announce({type: "state", state: result.state}); return result; });
  }

  // Placeholders in the path ({case}, {photo:<uuid>}…) and {"$id": …} values in the body,
  // from the server ids that earlier operations received. Null if one is not known yet.
  function resolve(op, token) {
    var chain = op.version_of ? db.meta(chainKey(op)) : Promise.resolve(null);
    return Promise.all([db.all("ids"), db.get("cases", op.case_local_id), chain]).then(function (found) {
      var ids = {};
      found[0].forEach(function (row) { ids[row.local] = row.server; });
      var local = found[1];
      if (local && local.server_id) ids["case:" + op.case_local_id] = local.server_id;
      var missing = false;
      function lookup(name) {
        var id = ids[name];
        if (id === undefined || id === null) missing = true;
        return id;
      }
      var path = op.path.replace(/\{([a-z]+(?::[0-9a-f-]+)?)\}/g, function (all, name) {
        return String(lookup(name === "case" ? "case:" + op.case_local_id : name));
      });
      function swap(value) {
        if (Array.isArray(value)) return value.map(swap);
        if (value && typeof value === "object") {
          if (typeof value.$id === "string" && Object.keys(value).length === 1) return lookup(value.$id);
          var out = {};
          Object.keys(value).forEach(function (k) { out[k] = swap(value[k]); });
          return out;
        }
        return value;
      }
      var body = op.body ? swap(op.body) : null;
      // An earlier operation of ours changed the same thing: this one builds on that version.
      if (body && found[2] !== null && "version" in body && (body.version === null || body.version < found[2])) {
        body.version = found[2];
      }
      if (missing) return null;
      var ready = Object.assign({}, op, {url: API + path, resolvedBody: body});
      return withCaseVersion(ready, ids["case:" + op.case_local_id], token);
    });
  }

  // {"version": {"$case_version": true}} (the issue): no write answer carries the case's
  // version, so it is read from the server just before sending; all earlier operations of
  // this case are done by then. Null (wait, like an unknown id) if it cannot be read now.
  function withCaseVersion(ready, caseId, token) {
    var body = ready.resolvedBody;
    if (!(body && body.version && body.version.$case_version === true)) return Promise.resolve(ready);
    return root.fetch(API + "/cases/" + caseId, {
      credentials: "omit", redirect: "manual",
      headers: {"Authorization": "Bearer " + token, "Accept": "application/json"}
    }).then(function (response) { return response.ok ? response.json() : null; }, function () { return null; })
      .then(function (current) {
        if (!current || typeof current.version !== "number") return null;
        body.version = current.version;
        return ready;
      });
  }

  function buildRequest(op, token) {
    var headers = {"Authorization": "Bearer " + token, "Idempotency-Key": op.key, "Accept": "application/json"};
    return db.meta("lang").then(function (lang) {
      if (lang) headers["Accept-Language"] = lang;
      if (!op.form) {
        if (op.resolvedBody !== null) headers["Content-Type"] = "application/json";
        return {method: op.method, headers: headers,
                body: op.resolvedBody === null ? undefined : JSON.stringify(op.resolvedBody)};
      }
      var data = new FormData();
      var names = Object.keys(op.form);
      return Promise.all(names.map(function (name) {
        var value = op.form[name];
        if (value && value.$blob) {
          return db.get("blobs", value.$blob).then(function (blob) {
            if (!blob) throw new Error("missing blob " + value.$blob);
            data.append(name, blob.blob, value.filename || "photo.jpg");
          });
        }
        if (value !== null && value !== undefined) data.append(name, String(value));
      })).then(function () { return {method: op.method, headers: headers, body: data}; });
    });
  }

  function sendOne(op, token) {
    return mark(op.seq, {status: "sending", attempts: (op.attempts || 0) + 1}).then(function () {
      return buildRequest(op, token);
    }).then(function (init) {
      return root.fetch(op.url, Object.assign(init, {credentials: "omit", redirect: "manual"}));
    }).then(function (response) {
      return readJson(response).then(function (data) { return answered(op, response.status, data); });
    }, function () { return retryLater(op, null); });
  }

  function readJson(response) {
    return response.text().then(function (text) {
      try { return text ? JSON.parse(text) : {}; } catch (e) { return {}; }
    });
  }

  function answered(op, status, data) {
    if (status >= 200 && status < 300) return succeeded(op, data).then(function () { return "sent"; });
    if (status === 401) return mark(op.seq, {status: "pending", error: detail(data)}).then(function () { return "signin"; });
    if (status === 409 && data && data.kind !== "idempotency-key-reused") {
      return mark(op.seq, {status: "conflict", error: detail(data), server: data.current || null})
        .then(function () { return "blocked"; });
    }
    if (status >= 400 && status < 500 && status !== 408 && status !== 429) {
      return mark(op.seq, {status: "failed", error: detail(data)}).then(function () { return "blocked"; });
    }
    return retryLater(op, detail(data) || String(status));
  }

  function detail(data) {
    if (!data) return null;
    var text = data.detail || data.title || null;
    if (data.errors) {
      var fields = Object.keys(data.errors).map(function (k) { return k + ": " + [].concat(data.errors[k]).join(" "); });
      text = [text].concat(fields).filter(Boolean).join(" · ");
    }
    if (data.blockers && data.blockers.length) text = [text].concat(data.blockers).join(" · ");
    return text;
  }

  // Network error or server trouble: keep the operation as it is, wait longer each time.
  function retryLater(op, error) {
    return db.meta("backoff").then(function (backoff) {
      var tries = backoff ? backoff.tries + 1 : 1;
      var wait = Math.min(BACKOFF_MAX, 2000 * Math.pow(2, tries - 1));
      return Promise.all([
        db.setMeta("backoff", {tries: tries, until: Date.now() + wait}),
        mark(op.seq, {status: "pending", error: error})
      ]);
    }).then(function () { return settleState({state: "offline"}); }).then(function () { return "stop"; });
  }

  function succeeded(op, data) {
    return db.tx(["outbox", "blobs", "ids", "cases", "meta"], "readwrite", function (t) {
      var outbox = t.objectStore("outbox");
      return outbox.get(op.seq).then(function (row) {
        row.status = "done"; row.error = null; row.done_at = nowIso(); row.response_id = data.id || null;
        outbox.put(row);
        if (op.creates && data.id) t.objectStore("ids").put({local: op.creates, server: data.id});
        if (op.version_of && typeof data.version === "number") {
          t.objectStore("meta").put({key: chainKey(op), value: data.version});
        }
        if (op.form) Object.keys(op.form).forEach(function (name) {
          var value = op.form[name];
          if (value && value.$blob) t.objectStore("blobs").delete(value.$blob);
        });
        return updateCase(t, op, data);
      });
    }).then(function () { announce({type: "done", seq: op.seq, version_of: op.version_of || null, data: data}); });
  }

  function updateCase(t, op, data) {
    var cases = t.objectStore("cases");
    return cases.get(op.case_local_id).then(function (local) {
      if (!local) return;
      if (op.creates && op.creates.indexOf("case:") === 0 && data.id) local.server_id = data.id;
      if (op.version_of && data.version !== undefined) setVersion(local, op.version_of, data.version);
      if (op.version_of === "case" && data.status) local.server_status = data.status;
      return cases.put(local);
    });
  }

  // "item:PU-1", "check:12", "finding:<uuid>", "order:<uuid>", "case": where the version lives.
  function setVersion(local, name, version) {
    var parts = name.split(":"), kind = parts[0], id = parts.slice(1).join(":");
    if (kind === "case") { local.version = version; return; }
    if (kind === "item") { local.items = local.items || {}; (local.items[id] = local.items[id] || {}).version = version; return; }
    if (kind === "check") { local.checks = local.checks || {}; (local.checks[id] = local.checks[id] || {}).version = version; return; }
    var list = local[kind + "s"] || [];
    list.forEach(function (entry) { if (entry.local === id) entry.version = version; });
  }

  function chainKey(op) { return "version:" + op.case_local_id + "|" + op.version_of; }

  function mark(seq, changes) {
    return db.tx(["outbox"], "readwrite", function (t) {
      var store = t.objectStore("outbox");
      return store.get(seq).then(function (row) { if (row) return store.put(Object.assign(row, changes)); });
    });
  }

  // ---- Reading ------------------------------------------------------------------------

  function summary() {
    return Promise.all([db.all("outbox"), db.meta("sync_state")]).then(function (found) {
      var counts = {pending: 0, failed: 0, conflict: 0, signin: found[1] === "signin"};
      found[0].forEach(function (o) {
        if (o.status === "pending" || o.status === "sending") counts.pending += 1;
        else if (o.status === "failed") counts.failed += 1;
        else if (o.status === "conflict") counts.conflict += 1;
      });
      if (!counts.pending) counts.signin = false;
      return counts;
    });
  }

  function unsynced() {
    return db.all("outbox").then(function (ops) {
      return ops.filter(function (o) { return o.status !== "done"; });
    });
  }

  IO.outbox = {
    enqueue: enqueue, kick: kick, summary: summary, unsynced: unsynced, mark: mark,
    setVersion: setVersion, detail: detail, tokenExpiry: tokenExpiry, channel: channel, onchange: null
  };
})(self);
