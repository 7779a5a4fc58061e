// Penalty form: show the chosen basis's summary and ranges at once, flag measures the basis does
// not list, fill the violation from a finding, and hide the person's name for a unit.
// Without JavaScript the same form works: "show" submits, and finding links reload with ?finding=.
(function () {
  "use strict";
  var form = document.querySelector("[data-penalty-form]");
  if (!form) return;
  var select = form.querySelector("[data-basis]");
  var panels = form.querySelectorAll("[data-basis-info]");
  var showButton = form.querySelector("[data-show-basis]");
  var personName = form.querySelector("[data-person-name]");

  function chosenPanel() {
    for (var i = 0; i < panels.length; i++) {
      if (panels[i].getAttribute("data-basis-info") === select.value) return panels[i];
    }
    return null;
  }

  function markMeasures() {
    var panel = chosenPanel();
    var listed = panel ? panel.getAttribute("data-measures").split(" ") : null;
    form.querySelectorAll('input[name="measures"]').forEach(function (box) {
      var hint = box.parentNode.querySelector("[data-unlisted-hint]");
      if (hint) hint.hidden = !(listed && box.checked && listed.indexOf(box.value) < 0);
    });
  }

  function showBasis() {
    var panel = chosenPanel();
    panels.forEach(function (p) { p.hidden = p !== panel; });
    markMeasures();
  }

  function showPersonName() {
    var person = form.querySelector('input[name="party"][value="person"]');
    personName.hidden = !(person && person.checked);
  }

  if (showButton) showButton.hidden = true;
  select.addEventListener("change", showBasis);
  form.addEventListener("change", function (event) {
    if (event.target.name === "measures") markMeasures();
    if (event.target.name === "party") showPersonName();
  });
  showPersonName();
  markMeasures();

  document.querySelectorAll("[data-finding-text]").forEach(function (link) {
    link.addEventListener("click", function (event) {
      event.preventDefault();
      form.querySelector('textarea[name="violation"]').value = link.getAttribute("data-finding-text");
      var basis = link.getAttribute("data-finding-basis");
      if (basis) { select.value = basis; showBasis(); }
      link.closest("details").open = false;
      form.querySelector('textarea[name="violation"]').focus();
    });
  });
})();
