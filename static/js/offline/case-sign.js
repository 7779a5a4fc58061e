// Signatures offline: each inspector of the case and the unit's representative sign on the
// phone (a PNG kept as a blob with its queued upload), or the representative's refusal is
// recorded. The online pad posts a form, so this screen has its own small pad.
(function () {
  "use strict";
  var C = self.InspectOffline.caseUi;
  var h = C.h, t = C.t;
  var MIN_INK = 20;  // CSS px of strokes: a tap is not a signature (as online)

  C.signers = function (kase) {
    var slots = kase.inspector_ids.map(function (id) {
      return {key: "inspector:" + id, name: C.officerName(id), role: t("inspector")};
    });
    return slots.concat([{key: "representative", name: kase.representative_name,
                          role: kase.representative_position, mayRefuse: true}]);
  };

  C.screens.sign = function (view) {
    C.add(view, h("h1", {}, t("sign")),
      h("ul", {class: "signatures"}, C.signers(C.kase).map(slot)));
  };

  function slot(signer) {
    var given = C.kase.signatures[signer.key];
    var cls = "signature-slot" + (given ? (given.refusal ? " signature-refused" : "") :
                                  " signature-missing");
    return h("li", {class: cls, id: "sign-" + signer.key.replace(":", "-")},
      h("p", {class: "signature-name"}, signer.name, " ", h("span", {class: "muted"}, signer.role)),
      given ? done(given) : [pad(signer), signer.mayRefuse ? refusal(signer) : null]);
  }

  function done(given) {
    if (given.refusal) {
      return [h("p", {class: "signature-refusal-note"}, given.refusal),
              h("p", {class: "signature-when"}, t("refused_at", {when: C.when(given.at)}))];
    }
    var img = h("span", {class: "signature-image", role: "img", "aria-label": t("sign")});
    C.blobUrl(given.view || given.blob).then(function (url) {
      if (url) img.replaceChildren(h("img", {src: url, alt: ""}));
    });
    return [img, h("p", {class: "signature-when"}, t("signed_at", {when: C.when(given.signed_at)}))];
  }

  function pad(signer) {
    var canvas = h("canvas", {class: "signature-canvas", "aria-label": t("sign_here")});
    var ink = draw(canvas);
    var save = h("button", {type: "button", class: "button button-primary", onclick: function () {
      if (ink.length() < MIN_INK) { C.say(t("need_ink"), "error"); return; }
      canvas.toBlob(function (png) { sign(signer, png); }, "image/png");
    }}, t("save"));
    return h("div", {class: "signature-pad"}, h("p", {class: "hint"}, t("sign_here")), canvas,
      h("div", {class: "actions"}, save,
        h("button", {type: "button", class: "button", onclick: ink.clear}, t("clear"))));
  }

  // Strokes with a finger, pen or mouse; the length drawn tells a signature from a tap.
  function draw(canvas) {
    var ctx = canvas.getContext("2d");
    var last = null, length = 0, ready = false;
    function setup() {
      var box = canvas.getBoundingClientRect();
      var ratio = Math.min(window.devicePixelRatio || 1, 2);
      canvas.width = Math.floor(box.width * ratio);
      canvas.height = Math.floor(box.height * ratio);
      ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
      ctx.fillStyle = "#fff";
      ctx.fillRect(0, 0, box.width, box.height);
      ctx.lineCap = ctx.lineJoin = "round";
      ctx.lineWidth = 2.6;
      ctx.strokeStyle = "#111827";
      ready = true;
    }
    function point(event) {
      var box = canvas.getBoundingClientRect();
      return {x: event.clientX - box.left, y: event.clientY - box.top};
    }
    canvas.addEventListener("pointerdown", function (event) {
      if (!ready) setup();
      canvas.setPointerCapture(event.pointerId);
      last = point(event);
      event.preventDefault();
    });
    canvas.addEventListener("pointermove", function (event) {
      if (!last) return;
      var p = point(event);
      ctx.beginPath();
      ctx.moveTo(last.x, last.y);
      ctx.lineTo(p.x, p.y);
      ctx.stroke();
      length += Math.hypot(p.x - last.x, p.y - last.y);
      last = p;
    });
    ["pointerup", "pointercancel"].forEach(function (name) {
      canvas.addEventListener(name, function () { last = null; });
    });
    return {length: function () { return length; },
            clear: function () { setup(); length = 0; }};
  }

  function sign(signer, png) {
    var uuid = C.uuid();
    var signedAt = C.now();
    var blob = {id: "blob:" + uuid, case_local_id: C.kase.local_id, blob: png,
                type: "image/png", bytes: png.size, created_at: signedAt};
    // The upload's blob leaves the phone once synced; this copy keeps the signature shown.
    var view = Object.assign({}, blob, {id: "sigview:" + uuid});
    C.change(function (kase) {
      kase.signatures[signer.key] = {blob: blob.id, view: view.id, signed_at: signedAt};
    }, function () {
      return {kind: "signature", method: "POST", path: C.path("/signatures/" + signer.key),
              label: t("sign") + " · " + signer.name, body: null,
              form: {image: {"$blob": blob.id, filename: "signature.png"}, signed_at: signedAt}};
    }, [blob, view]).then(function () { C.redraw(); }, function () {});
  }

  function refusal(signer) {
    var text = h("textarea", {id: "refusal-text", name: "refusal", rows: 3, maxlength: 500});
    return h("details", {class: "signature-refusal"}, h("summary", {}, t("refusal")),
      h("div", {class: "field"}, h("label", {for: text.id}, t("refusal_text")), text),
      h("button", {type: "button", class: "button button-danger", onclick: function () {
        var said = text.value.trim();
        if (!said) { C.say(t("need_field") + " · " + t("refusal_text"), "error"); return; }
        refuse(signer, said);
      }}, t("record_refusal")));
  }

  function refuse(signer, said) {
    var at = C.now();
    C.change(function (kase) {
      kase.signatures[signer.key] = {refusal: said, at: at};
    }, function () {
      return {kind: "refusal", method: "POST",
              path: C.path("/signatures/" + signer.key + "/refusal"),
              label: t("refusal") + " · " + signer.name,
              body: {refusal: said, signed_at: at}};
    }).then(function () { C.redraw(); }, function () {});
  }
})();
