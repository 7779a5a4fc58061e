// Temporary stand-in for the offline platform (IO.db, IO.outbox) while it is not on the page:
// the same database and stores, writes only (no replay). Removed once the platform lands.
(function () {
  "use strict";
  var IO = self.InspectOffline = self.InspectOffline || {};
  IO.caseShim = function () {
    if (IO.db && IO.outbox) return Promise.resolve();
    var opening = null;
    function open() {
      opening = opening || new Promise(function (resolve, reject) {
        var req = indexedDB.open("inspect-offline", 1);
        req.onupgradeneeded = function () {
          var db = req.result;
          db.createObjectStore("meta", {keyPath: "key"});
          db.createObjectStore("bundles", {keyPath: "key"});
          db.createObjectStore("cases", {keyPath: "local_id"});
          db.createObjectStore("blobs", {keyPath: "id"});
          db.createObjectStore("outbox", {keyPath: "seq", autoIncrement: true})
            .createIndex("by_case", "case_local_id");
          db.createObjectStore("ids", {keyPath: "local"});
        };
        req.onsuccess = function () { resolve(req.result); };
        req.onerror = function () { reject(req.error); };
      });
      return opening;
    }
    function request(store, mode, call) {
      return open().then(function (db) {
        return new Promise(function (resolve, reject) {
          var tx = db.transaction(store, mode);
          var req = call(tx.objectStore(store));
          tx.oncomplete = function () { resolve(req.result); };
          tx.onerror = tx.onabort = function () { reject(tx.error || req.error); };
        });
      });
    }
    IO.db = {
      open: open,
      get: function (s, k) { return request(s, "readonly", function (o) { return o.get(k); }); },
      put: function (s, v) { return request(s, "readwrite", function (o) { return o.put(v); }); },
      all: function (s) { return request(s, "readonly", function (o) { return o.getAll(); }); },
      del: function (s, k) { return request(s, "readwrite", function (o) { return o.delete(k); }); }
    };
    IO.outbox = {
      enqueue: function (op, extra) {
        return open().then(function (db) {
          return new Promise(function (resolve, reject) {
            var tx = db.transaction(["outbox", "blobs", "cases"], "readwrite");
            (extra.blobs || []).forEach(function (b) { tx.objectStore("blobs").put(b); });
            tx.objectStore("cases").put(extra.caseState);
            tx.objectStore("outbox").add(op);
            tx.oncomplete = function () { resolve(); };
            tx.onerror = tx.onabort = function () { reject(tx.error); };
          });
        });
      },
      kick: function () {}
    };
    return Promise.resolve();
  };
})();
