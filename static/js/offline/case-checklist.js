// The checklist offline: every item of the catalog version taken offline, result and note, with
// the page's rule (a non-compliant answer needs a note). Each save is one queued answer.
(function () {
  "use strict";
  var C = self.InspectOffline.caseUi;
  var h = C.h, t = C.t;
  var RESULTS = ["compliant", "non_compliant", "not_applicable"];

  C.screens.checklist = function (view) {
    var items = C.items();
    var bar = h("progress", {max: items.length, value: answered()});
    var label = h("span", {}, t("progress", {a: answered(), t: items.length}));
    C.add(view, h("h1", {}, t("checklist")),
      h("div", {class: "sticky-progress", role: "status", "aria-live": "polite"}, bar, label),
      items.map(function (item) { return card(item, function () {
        bar.value = answered();
        label.textContent = t("progress", {a: answered(), t: items.length});
      }); }));
  };

  function answered() {
    return Object.keys(C.kase.items).filter(function (code) {
      return C.kase.items[code] && C.kase.items[code].result;
    }).length;
  }

  function card(item, onSaved) {
    var answer = C.kase.items[item.code] || {};
    var status = h("span", {class: "item-status", role: "status", "aria-live": "polite"});
    var note = h("textarea", {id: "note-" + item.code, name: "note", rows: 2, maxlength: 2000});
    note.value = answer.note || "";
    var form = h("form", {class: "answer-form", "data-item": item.code, novalidate: true},
      h("fieldset", {class: "result-choice"},
        h("legend", {class: "visually-hidden"}, t("checklist")),
        RESULTS.map(function (value) {
          return h("label", {class: "choice choice-" + value},
            h("input", {type: "radio", name: "result", value: value,
                        checked: answer.result === value}),
            " ", h("span", {}, t("result_" + value)));
        })),
      h("div", {class: "field"}, h("label", {for: note.id}, t("note")), note),
      h("div", {class: "actions"},
        h("button", {type: "submit", class: "button save-button"}, t("save")), status));
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      save(item, form, status).then(onSaved, function () {});
    });
    return h("section", {class: "card check-item", id: item.code},
      h("h2", {class: "item-title"}, h("span", {class: "code"}, item.code), " ", item.text),
      item.guidance ? h("details", {class: "guidance"}, h("summary", {}, t("what_to_check")),
        h("p", {}, item.guidance),
        item.basis ? h("p", {class: "muted"}, t("basis", {codes: [].concat(item.basis).join("、")}))
          : null) : null,
      form);
  }

  function setStatus(el, text, kind) {
    el.textContent = text;
    el.className = "item-status" + (kind ? " item-status-" + kind : "");
  }

  function save(item, form, status) {
    var checked = form.querySelector("input[name=result]:checked");
    var note = form.elements.note.value.trim();
    if (!checked) return Promise.reject(new Error("no result"));
    if (checked.value === "non_compliant" && !note) {
      setStatus(status, t("need_note"), "error");
      form.elements.note.focus();
      return Promise.reject(new Error("no note"));
    }
    var code = item.code;
    return C.change(function (kase) {
        var before = kase.items[code] || {};
        kase.items[code] = {result: checked.value, note: note,
                            version: before.version === undefined ? null : before.version,
                            answered_at: C.now()};
      }, function (kase) {
        var answer = kase.items[code];
        return {
          kind: "answer", method: "PUT", path: C.path("/items/" + encodeURIComponent(code)),
          version_of: "item:" + code, base_version: answer.version,
          label: t("checklist") + " " + code + " · " + t("result_" + answer.result),
          body: {result: answer.result, note: answer.note, answered_at: answer.answered_at,
                 version: answer.version}
        };
      }, [], true).then(function () { setStatus(status, t("saved_local"), "ok"); });
  }
})();
