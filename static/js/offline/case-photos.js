// Photos offline: taken or chosen on the phone, downscaled with a canvas to the online page's
// limit, kept as blobs in IndexedDB with the queued upload (all or nothing), shown after reload.
(function () {
  "use strict";
  var C = self.InspectOffline.caseUi;
  var h = C.h, t = C.t;
  var MAX_SIDE = 2560;  // the same limit as the online evidence page
  var QUALITY = 0.85;
  var THUMB_SIDE = 320;  // the server's thumbnail size
  var KINDS = ["site", "sign_in_sheet", "training_photo", "training_record", "exam_paper",
               "certificate", "other"];

  C.screens.photos = function (view) {
    var file = h("input", {type: "file", id: "photo-file", name: "file", accept: "image/*",
                           capture: "environment", multiple: true});
    var form = h("form", {class: "card upload-form", novalidate: true, onsubmit: submit},
      h("div", {class: "field"}, h("label", {for: "photo-file"}, t("take_photo")), file),
      select("kind", t("kind"), KINDS.map(function (k) { return [k, t("kind_" + k)]; })),
      h("div", {class: "field"}, h("label", {for: "photo-caption"}, t("caption")),
        h("input", {id: "photo-caption", name: "caption", maxlength: 200})),
      C.itemSelect("photo-item", "item_code"),
      h("div", {class: "actions"},
        h("button", {type: "submit", class: "button button-primary"}, t("save"))));
    C.add(view, h("h1", {}, t("photos")), form, gallery());
  };

  function select(name, label, choices) {
    var id = "photo-" + name;
    return h("div", {class: "field"}, h("label", {for: id}, label),
      h("select", {id: id, name: name}, choices.map(function (c) {
        return h("option", {value: c[0]}, c[1]);
      })));
  }

  C.itemSelect = function (id, name, selected) {
    return h("div", {class: "field"}, h("label", {for: id}, t("item")),
      h("select", {id: id, name: name},
        h("option", {value: ""}, t("whole_case")),
        C.items().map(function (item) {
          return h("option", {value: item.code, selected: item.code === selected},
                   item.code + " " + item.text);
        })));
  };

  // A photo's thumbnail, from its own small blob (the full one leaves the phone once synced).
  C.thumb = function (photo) {
    var box = h("span", {class: "offline-thumb", role: "img",
                         "aria-label": photo.caption || t("kind_" + photo.kind)});
    C.blobUrl(photo.thumb || photo.blob).then(function (url) {
      if (url) box.replaceChildren(h("img", {src: url, alt: "", width: 88, height: 66}));
    });
    return box;
  };

  C.blobUrl = function (id) {
    if (!id) return Promise.resolve(null);
    return self.InspectOffline.db.get("blobs", id).then(function (record) {
      return record && record.blob ? URL.createObjectURL(record.blob) : null;
    }, function () { return null; });
  };

  function gallery() {
    var photos = C.kase.photos;
    if (!photos.length) return h("p", {class: "muted"}, t("no_photos"));
    return h("ul", {class: "finding-photos offline-gallery"}, photos.map(function (photo) {
      return h("li", {class: "offline-photo"}, C.thumb(photo),
        h("span", {}, h("strong", {}, photo.caption || t("kind_" + photo.kind)), h("br"),
          h("span", {class: "muted"}, (photo.item_code ? photo.item_code + " · " : "") +
            t("taken_at", {when: C.when(photo.taken_at || photo.captured_at)}))));
    }));
  }

  function submit(event) {
    event.preventDefault();
    var form = event.target;
    var files = Array.prototype.slice.call(form.elements.file.files);
    if (!files.length) { C.say(t("need_photo"), "error"); return; }
    var fields = {kind: form.elements.kind.value, caption: form.elements.caption.value.trim(),
                  item_code: form.elements.item_code.value};
    files.reduce(function (done, file) {
      return done.then(function () { return keep(file, fields); });
    }, Promise.resolve()).then(function () { C.redraw(); }, function () {});
  }

  function keep(file, fields) {
    var takenAt = C.now();
    return decode(file).then(function (image) {
      return Promise.all([shrink(image, MAX_SIDE), shrink(image, THUMB_SIDE)]).then(function (both) {
        if (image.close) image.close();
        return both;
      });
    }).then(function (both) {
      var jpeg = both[0];
      var uuid = C.uuid();
      var blob = {id: "blob:" + uuid, case_local_id: C.kase.local_id, blob: jpeg,
                  type: jpeg.type || "image/jpeg", bytes: jpeg.size, created_at: takenAt};
      var thumb = {id: "thumb:" + uuid, case_local_id: C.kase.local_id, blob: both[1],
                   type: "image/jpeg", bytes: both[1].size, created_at: takenAt};
      var photo = {local: "photo:" + uuid, blob: blob.id, thumb: thumb.id, kind: fields.kind,
                   caption: fields.caption, item_code: fields.item_code || null,
                   taken_at: takenAt, bytes: jpeg.size};
      var form = {file: {"$blob": blob.id, filename: uuid + ".jpg"}, kind: photo.kind,
                  caption: photo.caption, taken_at: takenAt};
      if (photo.item_code) form.item_code = photo.item_code;
      return C.change(function (kase) { kase.photos.push(photo); }, function () {
        return {kind: "photo", method: "POST", path: C.path("/photos"), creates: photo.local,
                label: t("photos") + " · " + (photo.caption || t("kind_" + photo.kind)),
                body: null, form: form};
      }, [blob, thumb]);
    }, function () { C.say(t("photo_failed"), "error"); throw new Error("decode"); });
  }

  function decode(file) {
    if (self.createImageBitmap) {
      return createImageBitmap(file, {imageOrientation: "from-image"}).catch(function () {
        return decodeWithImg(file);
      });
    }
    return decodeWithImg(file);
  }

  function decodeWithImg(file) {
    return new Promise(function (resolve, reject) {
      var url = URL.createObjectURL(file);
      var img = new Image();
      img.onload = function () { URL.revokeObjectURL(url); resolve(img); };
      img.onerror = function () { URL.revokeObjectURL(url); reject(new Error("decode")); };
      img.src = url;
    });
  }

  // A JPEG at most `side` px on its longest side (never upscaled), drawn upright.
  function shrink(image, side) {
    var width = image.naturalWidth || image.width;
    var height = image.naturalHeight || image.height;
    var scale = Math.min(1, side / Math.max(width, height));
    var canvas = document.createElement("canvas");
    canvas.width = Math.round(width * scale);
    canvas.height = Math.round(height * scale);
    var context = canvas.getContext("2d");
    context.imageSmoothingQuality = "high";
    context.drawImage(image, 0, 0, canvas.width, canvas.height);
    return new Promise(function (resolve, reject) {
      canvas.toBlob(function (blob) { return blob ? resolve(blob) : reject(new Error("encode")); },
                    "image/jpeg", QUALITY);
    });
  }
})();
