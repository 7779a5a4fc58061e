// Issuing offline: the number, hash and PDF are made on the server, so the phone shows a draft
// clearly marked 待同步 and queues the issue. Once the outbox has sent it, the case links to
// the real case page and its record PDF.
(function () {
  "use strict";
  var C = self.InspectOffline.caseUi;
  var h = C.h, t = C.t;

  C.screens.issue = function (view) {
    C.add(view, h("h1", {}, t("issue")));
    synced().then(function (serverId) {
      if (serverId) { C.add(view, issued(serverId)); return caseNumber(serverId); }
      C.add(view, draft());
      if (C.kase.status === "draft") C.add(view, issueBox());
      else C.add(view, h("p", {class: "notice"}, t("issue_queued")));
      return null;
    });
  };

  // The server's id once the queued issue is done (then the local case says so), else null.
  function synced() {
    if (C.kase.status !== "issue_queued" && C.kase.status !== "issued") {
      return Promise.resolve(null);
    }
    var db = self.InspectOffline.db;
    return Promise.all([db.get("ids", "case:" + C.kase.local_id), db.all("outbox")])
      .then(function (found) {
        var issue = found[1].filter(function (op) {
          return op.case_local_id === C.kase.local_id && op.kind === "issue";
        })[0];
        var serverId = (found[0] && found[0].server) || C.kase.server_id;
        if (!serverId || (issue && issue.status !== "done")) return null;
        if (C.kase.status === "issued") return serverId;
        var next = C.clone(C.kase);
        next.status = "issued";
        next.server_id = serverId;
        return db.put("cases", next).then(function () { C.kase = next; return serverId; });
      });
  }

  // The number the server gave at issue, read once with the device token, kept on the phone.
  function caseNumber(serverId) {
    var db = self.InspectOffline.db;
    if (C.kase.case_number || !navigator.onLine) return null;
    return db.meta("device_token").then(function (token) {
      if (!token) return null;
      return fetch("/api/v1/cases/" + serverId, {credentials: "omit", headers: {
        "Authorization": "Bearer " + token.token, "Accept": "application/json"}});
    }).then(function (response) {
      return response && response.ok ? response.json() : null;
    }).then(function (found) {
      if (!found || !found.case_number) return null;
      var next = C.clone(C.kase);
      next.case_number = found.case_number;
      return db.put("cases", next).then(function () { C.kase = next; C.redraw(); });
    }).catch(function () { return null; });
  }

  function issued(serverId) {
    return h("section", {class: "card offline-issued"},
      C.kase.case_number ? h("p", {}, t("issued_notice", {number: C.kase.case_number})) : null,
      h("div", {class: "actions"},
        h("a", {class: "button button-primary", href: "/inspections/" + serverId}, t("open_case_page")),
        h("a", {class: "button", href: "/inspections/" + serverId + "/record.pdf"}, t("open_pdf"))));
  }

  // What still stands in the way, as the server will see it.
  function blockers() {
    var kase = C.kase;
    var list = [];
    var missing = C.items().filter(function (item) {
      return !(kase.items[item.code] && kase.items[item.code].result);
    }).length;
    if (missing) list.push(t("blocker_items", {n: missing}));
    var unsigned = C.signers(kase).filter(function (s) { return !kase.signatures[s.key]; });
    if (unsigned.length) {
      list.push(t("blocker_signatures", {names: unsigned.map(function (s) { return s.name; })
        .join("、")}));
    }
    return list;
  }

  function draft() {
    var kase = C.kase;
    var answered = Object.keys(kase.items).length;
    var facts = [
      [t("checklist"), t("progress", {a: answered, t: C.items().length})],
      [t("photos"), String(kase.photos.length)],
      [t("checks"), String(Object.keys(kase.checks).length)],
      [t("quiz"), String(kase.quizzes.length)],
      [t("oral"), String(kase.oral.length)],
      [t("findings"), String(kase.findings.length)],
      [t("orders"), String(kase.orders.length)],
      [t("sign"), String(Object.keys(kase.signatures).length) + " / " +
        String(C.signers(kase).length)]
    ];
    return h("section", {class: "card offline-draft", "aria-label": t("pending_sync")},
      h("p", {class: "offline-draft-mark"}, t("pending_sync")),
      h("p", {}, t("draft_notice")),
      h("dl", {class: "facts"}, facts.map(function (row) {
        return [h("dt", {}, row[0]), h("dd", {}, row[1])];
      })));
  }

  function issueBox() {
    var list = blockers();
    return h("section", {class: "card issue-box"},
      list.length ? [h("h2", {}, t("not_ready")),
                     h("ul", {class: "blockers"}, list.map(function (b) { return h("li", {}, b); }))]
        : null,
      h("button", {type: "button", class: "button button-primary button-wide",
                   disabled: list.length > 0, onclick: queue}, t("queue_issue")));
  }

  function queue() {
    C.change(function (kase) {
      kase.status = "issue_queued";
      kase.issue_queued_at = C.now();
    }, function () {
      return {kind: "issue", method: "POST", path: C.path("/issue"),
              label: t("issue") + " · " + (C.data().subject || {}).name,
              body: {version: {"$case_version": true}}};
    }).then(function () { C.redraw(); }, function () {});
  }
})();
