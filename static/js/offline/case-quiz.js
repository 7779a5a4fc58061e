// A worker's quiz on the inspector's phone, offline: a paper drawn in advance by the server
// (distinct per worker of this case), answered here, scored here as the server scores it
// (multiple choice all or nothing), and re-scored by the server when it syncs.
(function () {
  "use strict";
  var C = self.InspectOffline.caseUi;
  var h = C.h, t = C.t;
  var current = null;  // the paper being answered: {template, paper, started_at, worker}

  C.screens.quiz = function (view) {
    C.add(view, h("h1", {}, t("quiz")));
    if (current && current.case_local_id === C.kase.local_id) C.add(view, paperForm());
    else C.add(view, startForm());
    C.add(view, results());
  };

  function templates() { return C.data().quiz_templates || []; }

  function startForm() {
    var form = h("form", {class: "card form", novalidate: true, onsubmit: start,
                          onchange: matchTemplate},
      C.workerFields("quiz"),
      h("div", {class: "field"}, h("label", {for: "quiz-template"}, t("template")),
        h("select", {id: "quiz-template", name: "template_id"}, templates().map(function (tpl) {
          return h("option", {value: tpl.id}, tpl.name);
        }))),
      h("div", {class: "actions"},
        h("button", {type: "submit", class: "button button-primary"}, t("start_quiz"))));
    return form;
  }

  // As online: a person's quiz is by default the template of their position.
  function matchTemplate(event) {
    if (event.target.name !== "person_id") return;
    var form = event.currentTarget;
    var person = C.people().filter(function (p) {
      return String(p.id) === event.target.value;
    })[0];
    var match = person && templates().filter(function (tpl) {
      return tpl.position === person.position;
    })[0];
    if (match) form.elements.template_id.value = String(match.id);
  }

  // A person of the unit, or the typed name of a worker not on record.
  C.workerFields = function (prefix) {
    return [
      h("div", {class: "field"}, h("label", {for: prefix + "-person"}, t("worker")),
        h("select", {id: prefix + "-person", name: "person_id"}, h("option", {value: ""}, "—"),
          C.people().map(function (p) { return h("option", {value: p.id}, p.name); }))),
      h("div", {class: "field"}, h("label", {for: prefix + "-name"}, t("worker_name")),
        h("input", {id: prefix + "-name", name: "worker_name", maxlength: 64}))
    ];
  };
  C.readWorker = function (form) {
    var person = form.elements.person_id.value;
    var name = form.elements.worker_name.value.trim();
    if (!person && !name) { C.say(t("need_worker"), "error"); return null; }
    return person ? {person_id: Number(person)} : {worker_name: name};
  };

  function unusedPaper(template) {
    var used = C.kase.quizzes.map(function (q) { return q.template_id + ":" + q.seed; });
    return (template.papers || []).filter(function (paper) {
      return used.indexOf(template.id + ":" + paper.seed) < 0;
    })[0];
  }

  function start(event) {
    event.preventDefault();
    var form = event.target;
    var worker = C.readWorker(form);
    if (!worker) return;
    var id = Number(form.elements.template_id.value);
    var template = templates().filter(function (tpl) { return tpl.id === id; })[0];
    var paper = template && unusedPaper(template);
    if (!paper) { C.say(t("no_paper"), "error"); return; }
    current = {case_local_id: C.kase.local_id, template: template, paper: paper,
               worker: worker, started_at: C.now()};
    C.redraw();
  }

  function paperForm() {
    var questions = current.paper.questions;
    var who = current.worker.worker_name || personName(current.worker.person_id);
    var form = h("form", {class: "quiz-paper", novalidate: true, onsubmit: finish},
      h("p", {class: "lead"}, who + " · " + current.template.name),
      questions.map(function (q, i) { return question(q, i, questions.length); }),
      h("div", {class: "actions"},
        h("button", {type: "submit", class: "button button-primary button-wide"},
          t("finish_quiz"))));
    return form;
  }

  function question(q, index, total) {
    var type = q.kind === "multiple" ? "checkbox" : "radio";
    var options = q.options && q.options.length ? q.options
      : [{label: "T", text: t("yes")}, {label: "F", text: t("no")}];
    return h("fieldset", {class: "card field quiz-question", "data-qid": q.id},
      h("legend", {}, h("span", {class: "muted"}, t("question_n", {n: index + 1, t: total})), " ",
        q.text),
      options.map(function (option) {
        var id = "q" + q.id + "-" + option.label;
        return h("label", {class: "choice", for: id},
          h("input", {type: type, id: id, name: "q" + q.id, value: option.label}),
          " ", h("span", {}, option.label + ". " + option.text));
      }));
  }

  function normalise(labels) {
    var seen = {};
    String(labels || "").toUpperCase().split("").forEach(function (c) { if (c.trim()) seen[c] = 1; });
    return Object.keys(seen).sort().join("");
  }

  // The server's rule (quizzes/draw.py): all or nothing, percent rounded half up, pass on the
  // exact share.
  C.scoreQuiz = function (questions, answers, passMark) {
    var correct = questions.filter(function (q) {
      var given = normalise(answers[String(q.id)]);
      return given && given === normalise(q.answer);
    }).length;
    var total = questions.length;
    var percent = total ? Math.floor((200 * correct + total) / (2 * total)) : 0;
    return {score: percent, passed: total > 0 && correct * 100 >= passMark * total};
  };

  function finish(event) {
    event.preventDefault();
    var form = event.target;
    var answers = {};
    var missing = current.paper.questions.filter(function (q) {
      var chosen = form.querySelectorAll("input[name=q" + q.id + "]:checked");
      answers[String(q.id)] = Array.prototype.map.call(chosen, function (i) { return i.value; })
        .join("");
      return !answers[String(q.id)];
    });
    if (missing.length) { C.say(t("need_answers"), "error"); return; }
    var template = current.template;
    var result = C.scoreQuiz(current.paper.questions, answers, template.pass_mark || 60);
    var uuid = C.uuid();
    var quiz = Object.assign({local: "quiz:" + uuid, template_id: template.id,
      seed: current.paper.seed, question_ids: current.paper.question_ids, answers: answers,
      started_at: current.started_at, finished_at: C.now(), score: result.score,
      passed: result.passed}, current.worker);
    quiz.worker_name = quiz.worker_name || personName(quiz.person_id);
    C.change(function (kase) { kase.quizzes.push(quiz); }, function () {
      var body = Object.assign({}, current.worker, {template_id: quiz.template_id,
        seed: quiz.seed, question_ids: quiz.question_ids, answers: answers,
        started_at: quiz.started_at, finished_at: quiz.finished_at, phone_score: quiz.score});
      return {kind: "quiz", method: "POST", path: C.path("/quizzes/offline"), creates: quiz.local,
              label: t("quiz") + " · " + quiz.worker_name, body: body};
    }).then(function () { current = null; C.redraw(); }, function () {});
  }

  function personName(id) {
    var found = C.people().filter(function (p) { return p.id === id; })[0];
    return found ? found.name : "";
  }

  function results() {
    if (!C.kase.quizzes.length) return null;
    return h("ul", {class: "list"}, C.kase.quizzes.map(function (quiz) {
      return h("li", {class: "list-item plain"}, h("strong", {}, quiz.worker_name), " · ",
        t("score", {score: quiz.score, passed: t(quiz.passed ? "passed" : "failed")}),
        h("p", {class: "muted"}, t("rescored")));
    }));
  }
})();
