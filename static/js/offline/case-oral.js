// Oral questions offline (现场问答): a worker, the question asked, how it was answered.
(function () {
  "use strict";
  var C = self.InspectOffline.caseUi;
  var h = C.h, t = C.t;
  var VERDICTS = ["correct", "partly", "wrong"];

  C.screens.oral = function (view) {
    var text = h("textarea", {id: "oral-text", name: "text", rows: 2, maxlength: 2000});
    var note = h("textarea", {id: "oral-note", name: "note", rows: 2, maxlength: 2000});
    var form = h("form", {class: "card form", novalidate: true, onsubmit: submit},
      C.workerFields("oral"),
      h("div", {class: "field"}, h("label", {for: text.id}, t("oral_text")), text),
      h("fieldset", {class: "field result-choice"}, h("legend", {}, t("verdict")),
        VERDICTS.map(function (v) {
          return h("label", {class: "choice", for: "oral-" + v},
            h("input", {type: "radio", id: "oral-" + v, name: "verdict", value: v}),
            " ", h("span", {}, t("verdict_" + v)));
        })),
      h("div", {class: "field"}, h("label", {for: note.id}, t("note")), note),
      h("div", {class: "actions"},
        h("button", {type: "submit", class: "button button-primary"}, t("record"))));
    C.add(view, h("h1", {}, t("oral")), form, list());
  };

  function list() {
    if (!C.kase.oral.length) return null;
    return h("ul", {class: "list"}, C.kase.oral.map(function (oral) {
      return h("li", {class: "list-item plain"}, h("strong", {}, oral.worker_name), " · ",
        oral.text, " · ", t("verdict_" + oral.verdict));
    }));
  }

  function submit(event) {
    event.preventDefault();
    var form = event.target;
    var worker = C.readWorker(form);
    if (!worker) return;
    var verdict = form.querySelector("input[name=verdict]:checked");
    var text = form.elements.text.value.trim();
    if (!text || !verdict) { C.say(t("need_field") + " · " + t(text ? "verdict" : "oral_text"), "error"); return; }
    var uuid = C.uuid();
    var person = C.people().filter(function (p) { return p.id === worker.person_id; })[0];
    var oral = Object.assign({local: "oral:" + uuid, text: text, verdict: verdict.value,
      note: form.elements.note.value.trim(), asked_at: C.now(),
      worker_name: person ? person.name : worker.worker_name}, worker);
    C.change(function (kase) { kase.oral.push(oral); }, function () {
      return {kind: "oral", method: "POST", path: C.path("/oral-questions"), creates: oral.local,
              label: t("oral") + " · " + oral.worker_name,
              body: Object.assign({}, worker, {text: text, verdict: oral.verdict,
                                               note: oral.note, asked_at: oral.asked_at})};
    }).then(function () { C.redraw(); }, function () {});
  }
})();
