// IndexedDB for the offline app: one database, "inspect-offline", through the vendored idb.
// A classic script so that pages and the service worker (importScripts) share it.
(function (root) {
  "use strict";
  var IO = root.InspectOffline = root.InspectOffline || {};
  var NAME = "inspect-offline";
  var VERSION = 1;
  var opening = null;

  function upgrade(db) {
    db.createObjectStore("meta", {keyPath: "key"});
    db.createObjectStore("bundles", {keyPath: "key"});
    db.createObjectStore("cases", {keyPath: "local_id"});
    db.createObjectStore("blobs", {keyPath: "id"});
    var outbox = db.createObjectStore("outbox", {keyPath: "seq", autoIncrement: true});
    outbox.createIndex("by_case", "case_local_id");
    db.createObjectStore("ids", {keyPath: "local"});
  }

  function open() {
    if (!opening) {
      opening = root.idb.openDB(NAME, VERSION, {
        upgrade: upgrade,
        // Another tab wants to delete or upgrade the database (sign-out): let it.
        blocking: function () { opening.then(function (db) { db.close(); }); opening = null; },
        terminated: function () { opening = null; }
      });
      opening.catch(function () { opening = null; });
    }
    return opening;
  }

  // Run fn(tx) inside one transaction over `stores`; resolves with fn's result once the
  // transaction has committed, rejects (and nothing is kept) if any request fails.
  function tx(stores, mode, fn) {
    return open().then(function (db) {
      var t = db.transaction(stores, mode);
      var result = Promise.resolve().then(function () { return fn(t); });
      result.catch(function () { try { t.abort(); } catch (e) { /* already finished */ } });
      // The transaction's own error (QuotaExceededError…) rather than a request's AbortError.
      return Promise.all([result, t.done]).then(function (both) { return both[0]; }, function (error) {
        throw t.error || error;
      });
    });
  }

  function estimate() {
    var storage = root.navigator.storage;
    if (!storage || !storage.estimate) return Promise.resolve({usage: 0, quota: 0, persisted: false});
    return Promise.all([storage.estimate(), storage.persisted ? storage.persisted() : false])
      .then(function (both) {
        return {usage: both[0].usage || 0, quota: both[0].quota || 0, persisted: !!both[1]};
      });
  }

  function wipe() {
    var closing = opening ? opening.then(function (db) { db.close(); }, function () {}) : null;
    opening = null;
    return Promise.resolve(closing).then(function () { return root.idb.deleteDB(NAME); });
  }

  function uuid() {
    if (root.crypto && root.crypto.randomUUID) return root.crypto.randomUUID();
    var b = root.crypto.getRandomValues(new Uint8Array(16));
    b[6] = (b[6] & 0x0f) | 0x40; b[8] = (b[8] & 0x3f) | 0x80;
    var h = Array.prototype.map.call(b, function (x) { return (x + 256).toString(16).slice(1); });
    return h.slice(0, 4).join("") + "-" + h.slice(4, 6).join("") + "-" + h.slice(6, 8).join("") +
      "-" + h.slice(8, 10).join("") + "-" + h.slice(10).join("");
  }

  function call(method) {
    return function (store, arg) {
      return open().then(function (db) { return db[method](store, arg); });
    };
  }

  IO.db = {
    NAME: NAME,
    open: open,
    get: call("get"),
    put: call("put"),
    all: call("getAll"),
    del: call("delete"),
    clear: call("clear"),
    tx: tx,
    estimate: estimate,
    wipe: wipe,
    uuid: uuid,
    meta: function (key) {
      return call("get")("meta", key).then(function (row) { return row ? row.value : null; });
    },
    setMeta: function (key, value) { return call("put")("meta", {key: key, value: value}); }
  };
})(self);
