// Certificate checks offline, one per person of the unit: which certificate, shown on site,
// number matching the record, checked on the platform, a note. Pass or fail is the server's.
(function () {
  "use strict";
  var C = self.InspectOffline.caseUi;
  var h = C.h, t = C.t;
  function S(key, fallback) { return C.S[key] || fallback; }

  C.screens.checks = function (view) {
    C.add(view, h("h1", {}, t("checks")), C.people().map(personCard));
  };

  function yesNo(name, id, value) {
    return h("fieldset", {class: "field sc-choices"}, h("legend", {}, t(name)),
      h("div", {class: "sc-options"}, [true, false].map(function (choice) {
        var key = id + "-" + name + "-" + (choice ? "yes" : "no");
        return h("label", {class: "choice" + (choice ? "" : " sc-option-no"), for: key},
          h("input", {type: "radio", id: key, name: name, value: choice ? "1" : "0",
                      checked: value === choice}),
          " ", h("span", {}, t(choice ? "yes" : "no")));
      })));
  }

  function personCard(person) {
    var check = C.kase.checks[person.id] || {};
    var id = "check-" + person.id;
    var certs = person.certificates || [];
    var note = h("textarea", {id: id + "-note", name: "note", rows: 2, maxlength: 2000});
    note.value = check.note || "";
    var status = h("span", {class: "item-status", role: "status"},
      check.checked_at ? t("checked", {when: C.when(check.checked_at)}) : "");
    var form = h("form", {class: "sc-form", novalidate: true},
      h("div", {class: "field"}, h("label", {for: id + "-cert"}, t("certificate")),
        h("select", {id: id + "-cert", name: "certificate_id"},
          h("option", {value: ""}, t("no_certificate")),
          certs.map(function (cert) {
            return h("option", {value: cert.id, selected: cert.id === check.certificate_id},
                     [S("cert_" + cert.kind, cert.kind), cert.number,
                      S("certstatus_" + cert.status, "")].filter(Boolean).join(" · "));
          }))),
      yesNo("shown", id, check.shown),
      yesNo("number_matches", id, check.number_matches),
      h("div", {class: "field-check"},
        h("input", {type: "checkbox", id: id + "-platform", name: "platform_verified",
                    checked: !!check.platform_verified}),
        h("label", {for: id + "-platform"}, t("platform_verified"))),
      h("div", {class: "field"}, h("label", {for: note.id}, t("note")), note),
      h("div", {class: "actions"},
        h("button", {type: "submit", class: "button save-button"}, t("save")), status));
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      save(person, form, status);
    });
    return h("section", {class: "card person", id: id},
      h("h2", {}, person.name, " ",
        h("span", {class: "muted"}, S("position_" + person.position, ""))),
      form);
  }

  function radio(form, name) {
    var checked = form.querySelector("input[name=" + name + "]:checked");
    return checked ? checked.value === "1" : null;
  }

  function save(person, form, status) {
    var shown = radio(form, "shown");
    if (shown === null) { C.say(t("need_field") + " · " + t("shown"), "error"); return; }
    var certificate = form.elements.certificate_id.value;
    var pid = person.id;
    C.change(function (kase) {
        var before = kase.checks[pid] || {};
        kase.checks[pid] = {
          certificate_id: certificate ? Number(certificate) : null, shown: shown,
          number_matches: shown ? radio(form, "number_matches") : null,
          platform_verified: form.elements.platform_verified.checked,
          note: form.elements.note.value.trim(),
          version: before.version === undefined ? null : before.version, checked_at: C.now()
        };
      }, function (kase) {
        var check = kase.checks[pid];
        return {
          kind: "certificate_check", method: "PUT", path: C.path("/certificate-checks/" + pid),
          version_of: "check:" + pid, base_version: check.version,
          label: t("checks") + " · " + person.name,
          body: {certificate_id: check.certificate_id, shown: check.shown,
                 number_matches: check.number_matches,
                 platform_verified: check.platform_verified, note: check.note,
                 checked_at: check.checked_at,
                 version: check.version}
        };
      }, [], true).then(function (kase) {
      status.textContent = t("checked", {when: C.when(kase.checks[pid].checked_at)});
    }, function () {});
  }
})();
