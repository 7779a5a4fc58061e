// Findings offline: what was found, on which check item, with which photos of this case.
(function () {
  "use strict";
  var C = self.InspectOffline.caseUi;
  var h = C.h, t = C.t;

  // A photo or finding in a body: its server id when known, else a placeholder for it.
  C.refOf = function (entry) { return entry.id ? entry.id : C.ref(entry.local); };
  C.keyOf = function (entry) { return entry.local || "id:" + entry.id; };

  C.screens.findings = function (view) {
    var text = h("textarea", {id: "finding-text", name: "description", rows: 3, maxlength: 2000});
    var form = h("form", {class: "card finding-form", novalidate: true, onsubmit: submit},
      h("div", {class: "field"}, h("label", {for: text.id}, t("description")), text),
      C.itemSelect("finding-item", "item_code"),
      photoChoices(),
      h("div", {class: "actions"},
        h("button", {type: "submit", class: "button button-primary"}, t("record"))));
    C.add(view, h("h1", {}, t("findings")), form, list());
  };

  function photoChoices() {
    if (!C.kase.photos.length) return null;
    return h("fieldset", {class: "field"}, h("legend", {}, t("finding_photos")),
      h("ul", {class: "photo-choices"}, C.kase.photos.map(function (photo, i) {
        var id = "finding-photo-" + i;
        return h("li", {}, h("label", {class: "photo-choice", for: id},
          h("input", {type: "checkbox", id: id, name: "photo", value: C.keyOf(photo)}),
          C.thumb(photo), h("span", {}, photo.caption || t("kind_" + photo.kind))));
      })));
  }

  function list() {
    if (!C.kase.findings.length) return null;
    return h("ol", {class: "list finding-list"}, C.kase.findings.map(function (finding) {
      return h("li", {class: "list-item finding"},
        h("p", {class: "finding-title"}, finding.item_code ? h("span", {class: "tag"}, finding.item_code) : null),
        h("p", {class: "finding-text"}, finding.description),
        finding.photo_locals && finding.photo_locals.length ?
          h("p", {class: "muted"}, t("photos") + " " + finding.photo_locals.length) : null);
    }));
  }

  // As the server does: a compliant answer of the finding's item becomes non-compliant.
  function settle(kase, finding) {
    var answer = finding.item_code && kase.items[finding.item_code];
    if (!answer || answer.result !== "compliant") return;
    answer.result = "non_compliant";
    answer.note = finding.description;
    answer.by_finding = finding.local;
  }

  function submit(event) {
    event.preventDefault();
    var form = event.target;
    var description = form.elements.description.value.trim();
    if (!description) { C.say(t("need_field") + " · " + t("description"), "error"); return; }
    var chosen = Array.prototype.filter.call(form.querySelectorAll("input[name=photo]"),
      function (box) { return box.checked; }).map(function (box) { return box.value; });
    var photos = C.kase.photos.filter(function (p) { return chosen.indexOf(C.keyOf(p)) >= 0; });
    var uuid = C.uuid();
    var finding = {local: "finding:" + uuid, description: description,
                   item_code: form.elements.item_code.value || null,
                   photo_locals: photos.map(C.keyOf), version: null, created_at: C.now()};
    C.change(function (kase) {
      kase.findings.push(finding);
      settle(kase, finding);
    }, function () {
      return {kind: "finding", method: "POST", path: C.path("/findings"), creates: finding.local,
              label: t("findings") + " · " + description.slice(0, 40),
              body: {description: description, item_code: finding.item_code,
                     photo_ids: photos.map(C.refOf), answer_non_compliant: true}};
    }).then(function () { C.redraw(); }, function () {});
  }
})();
