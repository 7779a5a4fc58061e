// The offline case page: one case kept on this phone (IndexedDB store "cases"), shown screen by
// screen; every change is written to the local case and queued as an outbox operation in one
// transaction (IO.outbox.enqueue). Routes by the URL hash so one cached page serves every case:
// #subject=<id> (open a case), #case=<server id> (a case taken offline), #local=<uuid>/<screen>.
(function () {
  "use strict";
  var IO = self.InspectOffline = self.InspectOffline || {};
  var root = document.getElementById("offline-case");
  if (!root) return;
  var S = JSON.parse(document.getElementById("case-strings").textContent);
  var SCREENS = ["checklist", "photos", "checks", "quiz", "oral", "findings", "orders", "sign",
                 "issue"];
  var C = IO.caseUi = {screens: {}, order: SCREENS, S: S, kase: null, bundle: null};

  C.t = function (key, params) {
    var text = S[key] || key;
    Object.keys(params || {}).forEach(function (name) {
      text = text.split("{" + name + "}").join(params[name]);
    });
    return text;
  };

  // h("p", {class: "muted"}, "text", child…): a DOM element; null and false children are skipped.
  C.h = function (tag, attrs) {
    var el = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (name) {
      var value = attrs[name];
      if (value === null || value === undefined || value === false) return;
      if (name.slice(0, 2) === "on") el.addEventListener(name.slice(2), value);
      else if (name === "text") el.textContent = value;
      else if (value === true) el.setAttribute(name, "");
      else el.setAttribute(name, value);
    });
    for (var i = 2; i < arguments.length; i++) append(el, arguments[i]);
    return el;
  };
  // Append children (strings, elements, arrays of them; null skipped) to an element.
  C.add = function (el) {
    for (var i = 1; i < arguments.length; i++) append(el, arguments[i]);
    return el;
  };
  function append(el, child) {
    if (child === null || child === undefined || child === false) return;
    if (Array.isArray(child)) { child.forEach(function (c) { append(el, c); }); return; }
    el.appendChild(typeof child === "string" ? document.createTextNode(child) : child);
  }

  C.uuid = function () {
    if (self.crypto && crypto.randomUUID) return crypto.randomUUID();
    var b = crypto.getRandomValues(new Uint8Array(16));
    b[6] = (b[6] & 0x0f) | 0x40; b[8] = (b[8] & 0x3f) | 0x80;
    var hex = Array.prototype.map.call(b, function (x) { return (x + 256).toString(16).slice(1); });
    return [hex.slice(0, 4), hex.slice(4, 6), hex.slice(6, 8), hex.slice(8, 10), hex.slice(10)]
      .map(function (part) { return part.join(""); }).join("-");
  };
  C.now = function () { return new Date().toISOString(); };  // the phone's own clock, UTC
  C.when = function (iso) {
    if (!iso) return "";
    return new Date(iso).toLocaleString(document.documentElement.lang || "zh-CN", {
      timeZone: "Asia/Shanghai", year: "numeric", month: "2-digit", day: "2-digit",
      hour: "2-digit", minute: "2-digit"
    });
  };
  C.clone = function (value) {
    return self.structuredClone ? structuredClone(value) : JSON.parse(JSON.stringify(value));
  };
  C.data = function () { return (C.bundle && C.bundle.data) || {}; };
  // The catalog's items that apply to the subject, in the page's language.
  C.items = function () {
    var zh = (document.documentElement.lang || "zh").indexOf("zh") === 0;
    var highRisk = !!(C.data().subject || {}).high_risk;
    return ((C.data().catalog || {}).items || []).filter(function (item) {
      return highRisk || !item.high_risk_only;
    }).map(function (item) {
      return {code: item.code, basis: item.basis || [],
              text: (zh ? item.text_zh : item.text_en) || item.text_zh || item.text || "",
              guidance: (zh ? item.guidance_zh : item.guidance_en) || item.guidance_zh || ""};
    });
  };
  C.people = function () { return C.data().people || []; };
  C.officerName = function (id) {
    var found = (C.data().officers || []).filter(function (o) { return o.id === id; })[0];
    return found ? found.name : String(id);
  };

  // A message under the header: what was saved, or what was refused and why.
  C.say = function (text, kind) {
    var box = document.getElementById("case-message");
    box.textContent = text || "";
    box.className = "notice" + (kind === "error" ? " notice-error" : " notice-success");
    box.hidden = !text;
  };

  // Change the case: `mutate` edits a copy, `build` makes the operation from it. The copy, the
  // operation and its blobs are stored together; on failure nothing changes on the phone.
  C.change = function (mutate, build, blobs, replace) {
    var next = C.clone(C.kase);
    mutate(next);
    var op = build(next);
    op.key = op.key || C.uuid();
    op.case_local_id = next.local_id;
    op.created_at = op.created_at || C.now();
    op.status = "pending";
    op.error = null;
    op.server = null;
    op.attempts = 0;
    if (!("base_version" in op)) op.base_version = null;
    var options = {blobs: blobs || [], caseState: next, replace: !!replace};
    return IO.outbox.enqueue(op, options).then(function () {
      C.kase = next;
      C.say(C.t("saved_local"));
      return next;
    }, function (error) {
      var full = error && (error.name === "QuotaExceededError" ||
        (error.inner && error.inner.name === "QuotaExceededError"));
      C.say(full ? C.t("storage_full") : String((error && error.message) || error), "error");
      throw error;
    });
  };

  C.path = function (tail) { return "/cases/{case}" + tail; };
  C.ref = function (local) { return {"$id": local}; };
  C.go = function (screen) { location.hash = "#local=" + C.kase.local_id + "/" + screen; };

  function parseHash() {
    var hash = location.hash.replace(/^#/, "");
    var match = /^(subject|case|local)=([^/]+)(?:\/(\w+))?$/.exec(hash);
    return match ? {kind: match[1], id: match[2], screen: match[3] || "checklist"} : null;
  }

  function view() { return document.getElementById("case-screen"); }

  function fail(text) {
    view().replaceChildren(C.h("p", {class: "notice notice-error"}, text));
    document.getElementById("case-head").replaceChildren();
  }

  function route() {
    var where = parseHash();
    C.say("");
    if (!where) return fail(C.t("no_case"));
    if (where.kind === "subject") return openSubject(Number(where.id));
    if (where.kind === "case") return fromServerCase(Number(where.id));
    return showLocal(where.id, where.screen);
  }

  function openSubject(subjectId) {
    IO.db.get("bundles", "subject:" + subjectId).then(function (bundle) {
      if (!bundle) return fail(C.t("no_bundle"));
      C.bundle = bundle;
      return IO.db.all("cases").then(function (cases) {
        var mine = cases.filter(function (k) { return k.subject_id === subjectId && !k.server_case; });
        C.kase = null;
        renderHeader(null);
        view().replaceChildren();
        C.screens.open(view(), mine);
      });
    });
  }

  // A case taken offline from the server: made local once, then edited like a new one.
  function fromServerCase(serverId) {
    IO.db.all("cases").then(function (cases) {
      var found = cases.filter(function (k) { return k.server_id === serverId; })[0];
      if (found) { location.replace("#local=" + found.local_id + "/checklist"); return null; }
      return IO.db.get("bundles", "case:" + serverId).then(function (bundle) {
        if (!bundle) return fail(C.t("no_bundle"));
        var kase = C.localFromBundle(bundle, serverId);
        return IO.db.put("ids", {local: "case:" + kase.local_id, server: serverId})
          .then(function () { return IO.db.put("cases", kase); })
          .then(function () { location.replace("#local=" + kase.local_id + "/checklist"); });
      });
    });
  }

  // A case taken offline from the server, in the shape of a local case (parts keyed the same
  // way as those made on the phone; server rows keep their ids).
  C.localFromBundle = function (bundle, serverId) {
    var state = C.clone((bundle.data && bundle.data.case) || {});
    var kase = Object.assign({}, state, {
      local_id: C.uuid(), server_id: serverId, server_case: true, bundle_key: "case:" + serverId,
      subject_id: state.subject_id || (bundle.data.subject || {}).id,
      opened_at: state.started_at, status: state.status || "draft",
      items: state.items || {}, checks: state.checks || {}, photos: state.photos || [],
      quizzes: state.quizzes || [], oral: state.oral || [], issue_queued_at: null
    });
    kase.findings = (state.findings || []).map(function (f) {
      return Object.assign({}, f, {photo_locals: (f.photo_ids || []).map(function (id) {
        return "id:" + id;
      })});
    });
    kase.orders = (state.orders || []).map(function (o) {
      return Object.assign({}, o, {finding_locals: (o.finding_ids || []).map(function (id) {
        return "id:" + id;
      })});
    });
    kase.signatures = {};
    (state.signatures || []).forEach(function (slot) {
      var given = slot.signature;
      if (!given || !(given.signed || given.refused)) return;
      kase.signatures[slot.key] = given.refused ?
        {refusal: given.refusal_reason, at: given.signed_at} : {signed_at: given.signed_at};
    });
    return kase;
  };

  function showLocal(localId, screen) {
    IO.db.get("cases", localId).then(function (kase) {
      if (!kase) return fail(C.t("no_case"));
      var key = kase.bundle_key || "subject:" + kase.subject_id;
      return IO.db.get("bundles", key).then(function (bundle) {
        if (!bundle) return fail(C.t("no_bundle"));
        C.kase = kase;
        C.bundle = bundle;
        renderHeader(screen);
        var draw = C.screens[screen] || C.screens.checklist;
        view().replaceChildren();
        draw(view());
        window.scrollTo(0, 0);
      });
    }).catch(function (error) { fail(String(error && error.message || error)); });
  }

  C.redraw = function () { route(); };

  function renderHeader(screen) {
    var head = document.getElementById("case-head");
    var subject = C.data().subject || {};
    var kase = C.kase;
    var status = !kase || screen === null ? null : statusPill(kase);
    head.replaceChildren();
    C.add(head,
      C.h("div", {class: "case-head"},
        C.h("p", {class: "case-subject"}, subject.name || ""),
        kase && screen !== null ? C.h("p", {class: "meta"}, status,
          C.h("span", {}, C.when(kase.opened_at || kase.started_at))) : null),
      kase && screen !== null ? tabs(screen) : null);
    var current = head.querySelector("[aria-current=page]");
    if (current) current.parentElement.scrollLeft = current.offsetLeft - 40;
    document.title = (screen ? C.t(screen) : C.t("open")) + " · " + (subject.name || "");
  }

  function statusPill(kase) {
    if (kase.status === "issued") {
      return C.h("span", {class: "status status-issued"}, kase.case_number || C.t("issue"));
    }
    if (kase.status === "issue_queued") {
      return C.h("span", {class: "status status-pending-sync"}, C.t("pending_sync"));
    }
    return C.h("span", {class: "status status-draft"}, C.t("draft"));
  }

  function tabs(screen) {
    return C.h("nav", {class: "case-tabs", "aria-label": C.t("sections")},
      SCREENS.map(function (name) {
        return C.h("a", {href: "#local=" + C.kase.local_id + "/" + name,
                         "aria-current": name === screen ? "page" : null}, C.t(name));
      }));
  }

  window.addEventListener("hashchange", route);
  window.addEventListener("DOMContentLoaded", function () {
    if (!IO.db || !IO.outbox) return fail(C.t("no_case"));
    IO.db.meta("user").then(function (user) { C.me = user || {}; }, function () { C.me = {}; })
      .then(route);
  });
})();
