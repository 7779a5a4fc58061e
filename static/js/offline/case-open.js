// Opening a case offline for a subject taken offline: place, representative, two or more
// inspectors of the region. The case gets its client id now; its number comes at issue.
(function () {
  "use strict";
  var C = self.InspectOffline.caseUi;
  var h = C.h, t = C.t;

  C.screens.open = function (view, drafts) {
    var data = C.data();
    var subject = data.subject || {};
    C.add(view, h("h1", {}, t("open")));
    if (drafts.length) C.add(view, draftList(drafts));
    var officers = data.officers || [];
    if (officers.length < 2) {
      C.add(view, h("p", {class: "notice notice-error"}, t("no_officers")));
      return;
    }
    var principal = C.people().filter(function (p) { return p.position === "principal"; })[0];
    var form = h("form", {class: "card form", novalidate: true, onsubmit: submit},
      text("place", t("place"), subject.address || ""),
      text("representative_name", t("rep_name"), principal ? principal.name : ""),
      text("representative_position", t("rep_position"),
           principal ? t("position_principal") : ""),
      officerChoices(officers),
      h("div", {class: "actions"},
        h("button", {type: "submit", class: "button button-primary button-wide"}, t("start"))));
    C.add(view, form);
  };

  function draftList(drafts) {
    return h("section", {class: "card"}, h("h2", {}, t("cases_here")),
      h("ul", {class: "list"}, drafts.map(function (kase) {
        return h("li", {class: "list-item"},
          h("a", {href: "#local=" + kase.local_id + "/checklist"},
            h("strong", {}, C.when(kase.opened_at)), " ",
            h("span", {class: "muted"}, kase.case_number ||
              (kase.status === "draft" ? t("draft") : t("pending_sync")))));
      })));
  }

  function text(name, label, value) {
    var id = "open-" + name;
    return h("div", {class: "field"}, h("label", {for: id}, label),
      h("input", {id: id, name: name, value: value, maxlength: name === "place" ? 256 : 64,
                  autocomplete: "off"}),
      h("p", {class: "error", hidden: true}));
  }

  function officerChoices(officers) {
    var me = (C.me || {}).id;
    return h("fieldset", {class: "field choices", id: "open-inspectors"},
      h("legend", {}, t("inspectors")),
      officers.map(function (officer) {
        var id = "officer-" + officer.id;
        return h("div", {class: "field-check"},
          h("input", {type: "checkbox", id: id, name: "inspector_ids", value: officer.id,
                      checked: officer.id === me}),
          h("label", {for: id}, officer.name));
      }),
      h("p", {class: "error", hidden: true}));
  }

  function showError(form, field, message) {
    var box = field.closest(".field");
    box.classList.toggle("field-error", !!message);
    var error = box.querySelector(".error");
    error.textContent = message || "";
    error.hidden = !message;
  }

  function submit(event) {
    event.preventDefault();
    var form = event.target;
    var values = {};
    var ok = true;
    ["place", "representative_name", "representative_position"].forEach(function (name) {
      var input = form.elements[name];
      values[name] = input.value.trim();
      showError(form, input, values[name] ? "" : t("need_field"));
      ok = ok && !!values[name];
    });
    var ids = Array.prototype.filter.call(form.querySelectorAll("[name=inspector_ids]"),
      function (box) { return box.checked; }).map(function (box) { return Number(box.value); });
    showError(form, form.querySelector("[name=inspector_ids]"), ids.length < 2 ? t("need_two") : "");
    if (!ok || ids.length < 2) return;
    start(values, ids);
  }

  function start(values, ids) {
    var data = C.data();
    var localId = C.uuid();
    var opened = C.now();
    C.kase = {
      local_id: localId, server_id: null, subject_id: data.subject.id,
      campaign: (data.campaign || {}).code || null, catalog_version: (data.catalog || {}).version || null,
      opened_at: opened, inspector_ids: ids, place: values.place,
      representative_name: values.representative_name,
      representative_position: values.representative_position, status: "draft",
      items: {}, photos: [], checks: {}, quizzes: [], oral: [], findings: [], orders: [],
      signatures: {}, issue_queued_at: null
    };
    C.change(function () {}, function () {
      return {
        kind: "open_case", method: "POST", path: "/cases", creates: "case:" + localId,
        label: t("open") + " · " + data.subject.name,
        body: {client_id: localId, subject_id: data.subject.id, started_at: opened,
               inspector_ids: ids, place: values.place,
               representative_name: values.representative_name,
               representative_position: values.representative_position}
      };
    }).then(function () { C.go("checklist"); }, function () {});
  }
})();
