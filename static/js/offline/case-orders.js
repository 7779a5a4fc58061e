// Rectification orders offline: the findings to rectify, what must be done, by when.
(function () {
  "use strict";
  var C = self.InspectOffline.caseUi;
  var h = C.h, t = C.t;

  // Today in China, as the server counts deadlines: YYYY-MM-DD.
  function today() {
    return new Date().toLocaleDateString("en-CA", {timeZone: "Asia/Shanghai"});
  }

  C.screens.orders = function (view) {
    var text = h("textarea", {id: "order-text", name: "requirement", rows: 3, maxlength: 2000});
    var form = h("form", {class: "card order-form", novalidate: true, onsubmit: submit},
      findingChoices(),
      h("div", {class: "field"}, h("label", {for: text.id}, t("requirement")), text),
      h("div", {class: "field"}, h("label", {for: "order-deadline"}, t("deadline")),
        h("input", {type: "date", id: "order-deadline", name: "deadline", min: today()})),
      h("div", {class: "actions"},
        h("button", {type: "submit", class: "button button-primary"}, t("record"))));
    C.add(view, h("h1", {}, t("orders")), form, list());
  };

  function findingChoices() {
    return h("fieldset", {class: "field"}, h("legend", {}, t("of_findings")),
      h("ul", {class: "finding-choices"}, C.kase.findings.map(function (finding, i) {
        var id = "order-finding-" + i;
        return h("li", {}, h("label", {class: "finding-choice", for: id},
          h("input", {type: "checkbox", id: id, name: "finding", value: C.keyOf(finding)}),
          h("span", {class: "finding-choice-text"}, finding.description)));
      })));
  }

  function list() {
    if (!C.kase.orders.length) return null;
    return h("ol", {class: "list order-list"}, C.kase.orders.map(function (order) {
      return h("li", {class: "list-item order"},
        h("p", {class: "order-requirement"}, order.requirement),
        h("p", {class: "muted"}, t("deadline") + " " + order.deadline));
    }));
  }

  function submit(event) {
    event.preventDefault();
    var form = event.target;
    var requirement = form.elements.requirement.value.trim();
    var deadline = form.elements.deadline.value;
    var chosen = Array.prototype.filter.call(form.querySelectorAll("input[name=finding]"),
      function (box) { return box.checked; }).map(function (box) { return box.value; });
    var findings = C.kase.findings.filter(function (f) { return chosen.indexOf(C.keyOf(f)) >= 0; });
    if (!findings.length) { C.say(t("need_field") + " · " + t("of_findings"), "error"); return; }
    if (!requirement) { C.say(t("need_field") + " · " + t("requirement"), "error"); return; }
    if (!deadline) { C.say(t("need_field") + " · " + t("deadline"), "error"); return; }
    if (deadline < today()) { C.say(t("deadline_past"), "error"); return; }
    var uuid = C.uuid();
    var order = {local: "order:" + uuid, requirement: requirement, deadline: deadline,
                 finding_locals: findings.map(C.keyOf), version: null, created_at: C.now()};
    C.change(function (kase) { kase.orders.push(order); }, function () {
      return {kind: "order", method: "POST", path: C.path("/orders"), creates: order.local,
              label: t("orders") + " · " + requirement.slice(0, 40),
              body: {finding_ids: findings.map(C.refOf), requirement: requirement,
                     deadline: deadline}};
    }).then(function () { C.redraw(); }, function () {});
  }
})();
