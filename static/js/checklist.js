// Checklist autosave with an offline outbox.
// Every answer is kept in localStorage until the server confirms it, and sent again on
// reconnect, on the next page load, or every 15 seconds. A dropped connection loses nothing.
(function () {
  "use strict";
  var root = document.querySelector("[data-checklist]");
  if (!root || !window.fetch || !window.localStorage) return;

  var caseId = root.dataset.case;
  var csrf = root.dataset.csrf;
  var issued = root.dataset.issued === "true";
  var storeKey = "inspect.checklist.outbox." + caseId;
  var sending = false;
  var again = false;  // asked to send while a send was under way (the signal came back meanwhile)
  var lastSaved = {};  // item code -> what the server last confirmed, so unchanged fields resend nothing

  function loadOutbox() {
    try { return JSON.parse(localStorage.getItem(storeKey)) || {}; } catch (e) { return {}; }
  }
  function saveOutbox(box) {
    if (Object.keys(box).length) localStorage.setItem(storeKey, JSON.stringify(box));
    else localStorage.removeItem(storeKey);
  }
  function formFor(code) { return root.querySelector('form[data-item="' + code + '"]'); }
  function setStatus(form, text, kind) {
    var el = form.querySelector(".item-status");
    el.textContent = text || "";
    el.className = "item-status" + (kind ? " item-status-" + kind : "");
  }
  function reasonValue(form) {
    var own = form.querySelector('input[name="reason"]');
    var shared = document.getElementById("reason-checklist");
    return (own && own.value.trim()) || (shared && shared.value.trim()) || "";
  }
  function readForm(form) {
    var checked = form.querySelector('input[name="result"]:checked');
    return {
      result: checked ? checked.value : "",
      note: form.querySelector("textarea[name=note]").value,
      version: form.querySelector('input[name="version"]').value,
      reason: reasonValue(form),
      url: form.action,
      edited: Date.now()
    };
  }
  function restore(form, entry) {
    var radio = form.querySelector('input[name="result"][value="' + entry.result + '"]');
    if (radio) radio.checked = true;
    form.querySelector("textarea[name=note]").value = entry.note;
    setStatus(form, root.dataset.msgOffline, "pending");
  }
  function updateProgress(answered, total) {
    var bar = document.getElementById("progress-bar");
    var text = document.getElementById("progress-text");
    bar.value = answered; bar.max = total;
    text.textContent = text.dataset.template.replace("{a}", answered).replace("{t}", total);
  }
  function showOutboxCount() {
    var count = Object.keys(loadOutbox()).length;
    var el = document.getElementById("outbox-status");
    el.hidden = count === 0;
    el.textContent = count ? root.dataset.msgOffline : "";
  }

  // What the server rendered, whatever has been tapped or typed since: the script runs after
  // the page has shown (defer), and on a slow phone a tap can come first.
  function rendered(form) {
    var result = "";
    form.querySelectorAll('input[name="result"]').forEach(function (radio) {
      if (radio.defaultChecked) result = radio.value;
    });
    return {result: result, note: form.querySelector("textarea[name=note]").defaultValue};
  }
  function editedBeforeStart(form) {
    var now = readForm(form), was = rendered(form);
    return now.result !== was.result || now.note !== was.note;
  }

  function unchanged(form, entry) {
    var saved = lastSaved[form.dataset.item];
    return saved && saved.result === entry.result && saved.note === entry.note;
  }

  function queue(form) {
    var entry = readForm(form);
    if (!entry.result || unchanged(form, entry)) return;
    var box = loadOutbox();
    box[form.dataset.item] = entry;
    saveOutbox(box);
    if (entry.result === "non_compliant" && !entry.note.trim()) {
      setStatus(form, root.dataset.msgNote, "error");
      return;
    }
    if (issued && !entry.reason) {
      setStatus(form, root.dataset.msgReason, "error");
      return;
    }
    setStatus(form, root.dataset.msgPending, "pending");
    flush();
  }

  function send(code, entry) {
    return fetch(entry.url, {
      method: "POST",
      credentials: "same-origin",
      redirect: "manual",
      headers: {"Content-Type": "application/json", "Accept": "application/json", "X-CSRFToken": csrf},
      body: JSON.stringify({result: entry.result, note: entry.note, version: entry.version,
                            reason: entry.reason})
    }).then(function (response) {
      if (response.type === "opaqueredirect" || response.status === 401) return {signin: true};
      return response.json().then(function (data) { data.status = response.status; return data; },
                                  function () { return {status: response.status}; });
    });
  }

  function settle(code, entry, data) {
    var form = formFor(code);
    var box = loadOutbox();
    var current = box[code];
    if (data.signin) { setStatus(form, root.dataset.msgSignin, "error"); return false; }
    if (data.ok) {
      form.querySelector('input[name="version"]').value = data.version;
      lastSaved[code] = {result: entry.result, note: entry.note};
      if (current && current.edited === entry.edited) delete box[code];
      else if (current) current.version = String(data.version);
      saveOutbox(box);
      setStatus(form, root.dataset.msgSaved, "ok");
      updateProgress(data.answered, data.total);
      return true;
    }
    // Refused by the server (stale version, missing note, closed case): keep what was typed
    // on screen, drop it from the outbox so it is not sent again, and say why.
    if (current && current.edited === entry.edited) { delete box[code]; saveOutbox(box); }
    setStatus(form, data.error || String(data.status), "error");
    return true;
  }

  function flush() {
    if (sending) { again = true; return; }
    again = false;
    var box = loadOutbox();
    var codes = Object.keys(box).filter(function (code) {
      var e = box[code];
      return formFor(code) && e.result && !(e.result === "non_compliant" && !e.note.trim()) &&
             !(issued && !e.reason);
    });
    if (!codes.length) { showOutboxCount(); return; }
    sending = true;
    var code = codes[0], entry = box[code];
    send(code, entry).then(function (data) {
      sending = false;
      if (settle(code, entry, data) || again) flush();
      showOutboxCount();
    }, function () {
      sending = false;
      Object.keys(loadOutbox()).forEach(function (queued) {
        var form = formFor(queued);
        if (form) setStatus(form, root.dataset.msgOffline, "pending");
      });
      showOutboxCount();
      if (again) flush();  // a reconnect came while this send was failing: try once more now
    });
  }

  root.querySelectorAll("form.answer-form").forEach(function (form) {
    var timer = null;
    var initial = rendered(form);
    if (initial.result) lastSaved[form.dataset.item] = initial;
    form.querySelector(".save-button").hidden = true;
    form.querySelectorAll(".reason-field").forEach(function (field) {
      field.hidden = true;  // one shared reason at the top serves every item
      field.querySelector("input").required = false;
    });
    form.addEventListener("submit", function (event) { event.preventDefault(); queue(form); });
    form.addEventListener("change", function () { queue(form); });
    form.querySelector("textarea[name=note]").addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(function () { queue(form); }, 800);
    });
  });

  var pending = loadOutbox();
  root.querySelectorAll("form.answer-form").forEach(function (form) {
    if (editedBeforeStart(form)) queue(form);  // newer than anything left in the outbox
    else if (pending[form.dataset.item]) restore(form, pending[form.dataset.item]);
  });
  window.addEventListener("online", flush);
  setInterval(flush, 15000);
  flush();
})();
