// The service worker, served at /sw.js (scope "/"). Workbox from our own static folder:
// the shell pages and static files are precached; pages load network-first with a short
// timeout, falling back to the cache, then to the offline home. Background Sync "outbox" runs
// the same replay as the pages.
/* global workbox */
"use strict";
importScripts("/static/vendor/workbox/workbox-sw.js");
importScripts("/static/vendor/idb/umd.js", "/static/js/offline/db.js", "/static/js/offline/outbox.js");
workbox.setConfig({modulePathPrefix: "/static/vendor/workbox/", debug: false});

// Bump when a shell page or a precached file changes shape (the pages are also refreshed
// network-first on every visit, so this only matters for a phone that goes straight offline).
var REVISION = "2026-12-07.3";
var SHELL = ["/offline/", "/offline/case", "/offline/outbox"];
// Files every shell page needs, at their plain addresses (the server answers those no-cache
// with a strong ETag, so precaching revalidates them); the rest of what the shell pages load is
// found in them (warmShell) and kept in the static cache.
var STATIC = [
  "/static/css/app.css", "/static/css/cases.css", "/static/css/sections.css",
  "/static/css/offline.css", "/static/img/icon.svg",
  "/static/vendor/idb/umd.js", "/static/js/offline/db.js", "/static/js/offline/outbox.js",
  "/static/js/offline/status.js",
  // Every page links the manifest and its icons: offline they come from here, not the network.
  "/manifest.webmanifest", "/static/img/icon-180.png", "/static/img/icon-192.png",
  "/static/img/icon-512.png", "/static/img/icon-maskable-512.png"
];
var PAGES = "inspect-pages";
var STATIC_CACHE = "inspect-static";

workbox.core.setCacheNameDetails({prefix: "inspect"});
workbox.core.skipWaiting();
workbox.core.clientsClaim();
workbox.precaching.precache(SHELL.concat(STATIC).map(function (url) {
  return {url: url, revision: REVISION};
}));
workbox.precaching.cleanupOutdatedCaches();

// Keep only real pages: not a redirect to the sign-in form, not an error.
var onlyGood = {
  cacheWillUpdate: function (args) {
    var response = args.response;
    return response && response.ok && !response.redirected ? response : null;
  }
};

workbox.routing.registerRoute(
  function (args) { return args.request.mode === "navigate"; },
  new workbox.strategies.NetworkFirst({
    cacheName: PAGES,
    networkTimeoutSeconds: 4,
    plugins: [onlyGood, new workbox.expiration.ExpirationPlugin({maxEntries: 80})]
  })
);

workbox.routing.registerRoute(
  function (args) {
    return args.url.origin === self.location.origin && args.url.pathname.indexOf("/static/") === 0;
  },
  new workbox.strategies.StaleWhileRevalidate({cacheName: STATIC_CACHE, plugins: [onlyGood]})
);

workbox.routing.registerRoute(
  function (args) {
    return args.url.origin === self.location.origin && args.url.pathname === "/manifest.webmanifest";
  },
  new workbox.strategies.StaleWhileRevalidate({cacheName: STATIC_CACHE, plugins: [onlyGood]})
);

// No network and nothing cached under that address: the precached copy, or the offline home.
workbox.routing.setCatchHandler(function (args) {
  var url = new URL(args.request.url);
  if (args.request.mode === "navigate") {
    return workbox.precaching.matchPrecache(url.pathname).then(function (page) {
      return page || workbox.precaching.matchPrecache("/offline/");
    }).then(function (page) { return page || Response.error(); });
  }
  // Pages address static files by version (?v=…): the precached plain copy, else any cached
  // version of that file (an older style sheet beats none).
  return workbox.precaching.matchPrecache(url.pathname).then(function (file) {
    return file || caches.match(args.request, {ignoreSearch: true});
  }).then(function (file) { return file || Response.error(); });
});

// Every /static/ file the shell pages load (scripts, styles, icons), into the static cache, at
// the versioned address the pages use (?v=…), so that offline the same address is found.
function warmShell() {
  return Promise.all(SHELL.map(function (url) {
    return fetch(url, {credentials: "same-origin"}).then(function (response) {
      return response.ok && !response.redirected ? response.text() : "";
    }, function () { return ""; });
  })).then(function (pages) {
    var found = {};
    pages.join("\n").replace(/(?:src|href)="(\/static\/[^"#]+)/g, function (all, path) {
      found[path] = true;
    });
    return caches.open(STATIC_CACHE).then(function (cache) {
      return Promise.all(Object.keys(found).map(function (path) {
        return cache.add(path).catch(function () { return null; });
      }));
    });
  });
}

self.addEventListener("install", function (event) { event.waitUntil(warmShell()); });

self.addEventListener("sync", function (event) {
  if (event.tag !== "outbox") return;
  event.waitUntil(self.InspectOffline.outbox.kick(true).then(function (result) {
    // Still no connection: fail, so the browser tries the sync again later.
    if (result && result.state === "offline") throw new Error("outbox: still offline");
  }));
});

self.addEventListener("message", function (event) {
  var type = event.data && event.data.type;
  if (type === "kick") event.waitUntil(self.InspectOffline.outbox.kick(true));
  if (type === "warm") {
    event.waitUntil(warmShell().then(function () {
      if (event.ports && event.ports[0]) event.ports[0].postMessage({type: "warmed"});
    }));
  }
});
