// Taking work offline (离线准备): the bundles of a subject or of the inspector's open cases are
// downloaded with the device token, checked against the storage estimate, stored in ONE
// transaction (all or nothing), and the shell pages and their files cached by the service worker.
// Also draws the "ready offline" page (/offline/).
(function (root) {
  "use strict";
  var IO = root.InspectOffline;
  if (!IO || !IO.db) return;
  var db = IO.db;
  var API = "/api/v1/offline/";
  // IndexedDB keeps strings as UTF-16 plus index and page overhead: count each byte twice.
  var OVERHEAD = 2;
  var SHELL_ALLOWANCE = 512 * 1024;

  function t(S, key, params) {
    var text = S[key] || key;
    Object.keys(params || {}).forEach(function (name) { text = text.split("{" + name + "}").join(params[name]); });
    return text;
  }

  function size(bytes) {
    if (bytes < 1024) return bytes + " B";
    if (bytes < 1024 * 1024) return (bytes / 1024).toFixed(1) + " KB";
    if (bytes < 1024 * 1024 * 1024) return (bytes / 1024 / 1024).toFixed(1) + " MB";
    return (bytes / 1024 / 1024 / 1024).toFixed(1) + " GB";
  }

  function when(iso) {
    return new Date(iso).toLocaleString(document.documentElement.lang || "zh-CN", {
      timeZone: "Asia/Shanghai", year: "numeric", month: "2-digit", day: "2-digit",
      hour: "2-digit", minute: "2-digit"
    });
  }

  function refusal(message) { var e = new Error(message); e.refusal = true; return e; }

  function bundleUrl(key) {
    var parts = key.split(":");
    return API + (parts[0] === "subject" ? "subjects/" : "cases/") + encodeURIComponent(parts[1]);
  }

  function download(key, token, S) {
    return root.fetch(bundleUrl(key), {
      credentials: "omit",
      headers: {"Authorization": "Bearer " + token.token, "Accept": "application/json",
                "Accept-Language": document.documentElement.lang || "zh-CN"}
    }).then(function (response) {
      return response.text().then(function (body) {
        if (!response.ok) {
          var detail = String(response.status);
          try { detail = JSON.parse(body).detail || detail; } catch (e) { /* not JSON */ }
          throw refusal(t(S, "fetch_failed", {what: key, error: detail}));
        }
        var bytes = new Blob([body]).size;
        return {key: key, kind: key.split(":")[0], refreshed_at: new Date().toISOString(),
                bytes: bytes, data: JSON.parse(body)};
      });
    }, function () { throw refusal(t(S, "no_network")); });
  }

  function fits(rows, S) {
    var keys = rows.map(function (row) { return row.key; });
    return Promise.all([db.estimate(), db.all("bundles"), shellCached()]).then(function (found) {
      var estimate = found[0];
      var replaced = found[1].filter(function (row) { return keys.indexOf(row.key) >= 0; })
        .reduce(function (sum, row) { return sum + (row.bytes || 0) * OVERHEAD; }, 0);
      var need = rows.reduce(function (sum, row) { return sum + row.bytes * OVERHEAD; }, 0) +
        (found[2] ? 0 : SHELL_ALLOWANCE);
      var free = Math.max(0, estimate.quota - estimate.usage + replaced);
      if (estimate.quota && need > free) {
        throw refusal(t(S, "full", {need: size(need), free: size(free)}));
      }
    });
  }

  function shellCached() {
    if (!root.caches) return Promise.resolve(true);
    return root.caches.match("/offline/case", {ignoreSearch: true}).then(Boolean, function () { return false; });
  }

  function store(rows, S) {
    return db.tx(["bundles", "meta"], "readwrite", function (tx) {
      rows.forEach(function (row) { tx.objectStore("bundles").put(row); });
      return tx.objectStore("meta").put({key: "refreshed_at", value: new Date().toISOString()});
    }).catch(function (error) {
      if (error && error.name === "QuotaExceededError") throw refusal(t(S, "full_write", {need: size(total(rows) * OVERHEAD)}));
      throw error;
    });
  }

  function total(rows) { return rows.reduce(function (sum, row) { return sum + row.bytes; }, 0); }

  // The service worker (installed by status.js) caches the shell pages and their files.
  function warm() {
    var sw = root.navigator.serviceWorker;
    if (!sw || !IO.status) return Promise.resolve();
    return IO.status.registration.then(function () { return sw.ready; }).then(function (reg) {
      return new Promise(function (resolve) {
        var channel = new MessageChannel();
        var timer = setTimeout(resolve, 20000);
        channel.port1.onmessage = function () { clearTimeout(timer); resolve(); };
        reg.active.postMessage({type: "warm"}, [channel.port2]);
      });
    });
  }

  // keys: ["subject:12"] or ["case:3", "case:5"]. Resolves with the stored rows.
  function take(keys, S) {
    if (!root.navigator.onLine) return Promise.reject(refusal(t(S, "no_network")));
    return IO.status.ensureToken().then(function (token) {
      if (!token) throw refusal(t(S, "no_token"));
      return keys.reduce(function (chain, key) {
        return chain.then(function (rows) {
          return download(key, token, S).then(function (row) { return rows.concat([row]); });
        });
      }, Promise.resolve([]));
    }).then(function (rows) {
      return fits(rows, S).then(function () { return store(rows, S); })
        .then(warm).then(function () { return rows; });
    });
  }

  function label(row, S) {
    var data = row.data || {};
    var subject = (data.subject && data.subject.name) || "";
    if (row.kind === "subject") return subject || row.key;
    var kase = data["case"] || {};
    return [kase.number || t(S, "case") + " " + row.key.split(":")[1], subject].filter(Boolean).join(" · ");
  }

  // ---- The buttons on the home and subject pages --------------------------------------------

  function wireButton(section) {
    var S = JSON.parse(section.querySelector("script[type='application/json']").textContent);
    var button = section.querySelector("button");
    var out = section.querySelector("[data-offline-result]");
    button.addEventListener("click", function () {
      var keys = section.dataset.offlineTake.split(" ").filter(Boolean);
      if (!keys.length) { say(out, t(S, "no_cases"), "error"); return; }
      button.disabled = true;
      say(out, t(S, "working"), "pending");
      take(keys, S).then(function (rows) {
        var names = rows.map(function (row) { return label(row, S); }).join("、");
        say(out, t(S, "done", {what: names, size: size(total(rows))}), "ok");
      }, function (error) {
        say(out, error.refusal ? error.message : String(error), "error");
      }).then(function () { button.disabled = false; });
    });
  }

  function say(out, text, kind) {
    out.textContent = text;
    out.className = "offline-result offline-result-" + kind;
    out.hidden = false;
  }

  IO.prepare = {take: take, label: label, size: size, when: when, t: t, say: say};
  document.querySelectorAll("[data-offline-take]").forEach(wireButton);
})(self);
