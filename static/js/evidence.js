// Photo upload on the evidence page. Without this script the form posts normally.
// Each chosen photo gets its own idempotency key at once, is downscaled in the browser to at most
// 2560 px (JPEG, EXIF kept but orientation reset, as the pixels are already upright), and is sent
// with a progress bar, in parts that resume after a dropped connection. A failed send can be
// retried: same bytes, same key, so never a duplicate.
// Unsent photos live only in this page's memory; leaving the page warns first.
(function () {
  "use strict";
  // Headcounts are asked for sign-in sheets only (upload and edit forms).
  var headcounts = document.querySelector("[data-sign-in-only]");
  var kind = headcounts && headcounts.form && headcounts.form.elements.namedItem("kind");
  function toggleHeadcounts() { headcounts.hidden = kind.value !== "sign_in_sheet"; }
  if (kind) {
    kind.addEventListener("change", toggleHeadcounts);
    toggleHeadcounts();
  }

  var form = document.querySelector("form[data-evidence-upload]");
  if (!form || !window.FormData || !window.XMLHttpRequest || !window.Promise) return;

  var MAX_SIDE = 2560;
  var QUALITY = 0.85;
  var MULTIPART_SLACK = 64 * 1024;  // room for the other fields in the request body
  var PART = 256 * 1024;  // bytes per part of a photo: what a dropped connection can cost
  var RETRYABLE = [0, 401, 408, 429, 500, 502, 503, 504];
  var msg = form.dataset;
  var queue = document.querySelector(".upload-queue");
  var list = queue.querySelector(".queue-list");
  var template = document.getElementById("queue-item");
  var gallery = document.querySelector("[data-gallery]");
  var entries = [];
  var busy = false;

  function newKey() {
    if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
    var bytes = new Uint8Array(16);
    crypto.getRandomValues(bytes);
    return Array.prototype.map.call(bytes, function (b) { return (b + 256).toString(16).slice(1); })
      .join("");
  }

  function field(name) { return form.elements.namedItem(name); }

  function snapshotFields() {
    var names = ["kind", "caption", "item_code", "headcount_on_sheet", "headcount_in_photos",
                 "reason", "csrf_token"];
    var fields = {};
    names.forEach(function (name) { if (field(name)) fields[name] = field(name).value; });
    return fields;
  }

  // --- Downscaling -------------------------------------------------------------------------

  function readBuffer(blob) {
    return new Promise(function (resolve, reject) {
      var reader = new FileReader();
      reader.onload = function () { resolve(reader.result); };
      reader.onerror = function () { reject(reader.error); };
      reader.readAsArrayBuffer(blob);
    });
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

  function decode(file) {
    if (!window.createImageBitmap) return decodeWithImg(file);
    return createImageBitmap(file, {imageOrientation: "from-image"})
      .catch(function () { return decodeWithImg(file); });
  }

  function canvasBlob(canvas) {
    return new Promise(function (resolve, reject) {
      canvas.toBlob(function (blob) { return blob ? resolve(blob) : reject(new Error("encode")); },
                    "image/jpeg", QUALITY);
    });
  }

  // The original's EXIF segment (APP1), which holds the capture time and GPS, or null.
  function exifSegment(buffer) {
    var view = new DataView(buffer);
    if (view.byteLength < 4 || view.getUint16(0) !== 0xFFD8) return null;
    var offset = 2;
    while (offset + 10 <= view.byteLength) {
      var marker = view.getUint16(offset);
      if ((marker & 0xFF00) !== 0xFF00 || marker === 0xFFDA) return null;
      var end = offset + 2 + view.getUint16(offset + 2);
      if (marker === 0xFFE1 && view.getUint32(offset + 4) === 0x45786966 && end <= view.byteLength) {
        return buffer.slice(offset, end);
      }
      offset = end;
    }
    return null;
  }

  // The canvas pixels are already upright: say so, or the server would turn them again.
  function uprightExif(segment) {
    var view = new DataView(segment);
    var tiff = 10;
    var little = view.getUint16(tiff) === 0x4949;
    var ifd = tiff + view.getUint32(tiff + 4, little);
    if (ifd + 2 > view.byteLength) return segment;
    var count = view.getUint16(ifd, little);
    for (var i = 0; i < count && ifd + 14 + i * 12 <= view.byteLength; i++) {
      var entry = ifd + 2 + i * 12;
      if (view.getUint16(entry, little) === 0x0112) view.setUint16(entry + 8, 1, little);
    }
    return segment;
  }

  function withExif(original, jpeg) {
    return Promise.all([readBuffer(original.slice(0, 256 * 1024)), readBuffer(jpeg.slice(0, 64))])
      .then(function (heads) {
        var segment = exifSegment(heads[0]);
        if (!segment) return jpeg;
        var head = new DataView(heads[1]);
        var at = head.getUint16(2) === 0xFFE0 ? 4 + head.getUint16(4) : 2;  // after JFIF APP0
        return new Blob([jpeg.slice(0, at), uprightExif(segment), jpeg.slice(at)],
                        {type: "image/jpeg"});
      })
      .catch(function () { return jpeg; });
  }

  // A JPEG at most MAX_SIDE px long, or the original bytes when small enough or undecodable.
  function downscale(file) {
    return decode(file).then(function (image) {
      var width = image.naturalWidth || image.width;
      var height = image.naturalHeight || image.height;
      var scale = Math.min(1, MAX_SIDE / Math.max(width, height));
      if (scale === 1) { if (image.close) image.close(); return file; }
      var canvas = document.createElement("canvas");
      canvas.width = Math.round(width * scale);
      canvas.height = Math.round(height * scale);
      var context = canvas.getContext("2d");
      context.imageSmoothingQuality = "high";
      context.drawImage(image, 0, 0, canvas.width, canvas.height);
      if (image.close) image.close();
      return canvasBlob(canvas).then(function (jpeg) {
        return file.type === "image/jpeg" ? withExif(file, jpeg) : jpeg;
      });
    }).catch(function () { return file; });
  }

  // --- The queue ---------------------------------------------------------------------------

  function addEntry(file, fields) {
    var node = template.content.firstElementChild.cloneNode(true);
    var entry = {key: newKey(), file: file, blob: null, fields: fields, node: node, state: "waiting"};
    node.querySelector(".queue-name").textContent = fields.caption || labelOf("kind") || file.name;
    node.querySelector(".queue-retry").addEventListener("click", function () { retry(entry); });
    node.querySelector(".queue-remove").addEventListener("click", function () { remove(entry); });
    list.appendChild(node);
    queue.hidden = false;
    entries.push(entry);
    setStatus(entry, msg.msgPreparing);
    if (node.scrollIntoView) node.scrollIntoView({block: "nearest"});
  }

  function labelOf(name) {
    var select = field(name);
    return select && select.selectedIndex >= 0 ? select.options[select.selectedIndex].text : "";
  }

  function setStatus(entry, text, kind) {
    var status = entry.node.querySelector(".queue-status");
    status.textContent = text;
    entry.node.classList.toggle("queue-item-error", kind === "error");
    entry.node.classList.toggle("queue-item-done", kind === "done");
  }

  function setProgress(entry, fraction) {
    var bar = entry.node.querySelector(".queue-progress");
    bar.hidden = false;
    bar.value = Math.round(fraction * 100);
    setStatus(entry, msg.msgSending.replace("{p}", Math.round(fraction * 100)));
  }

  function showActions(entry, retryable) {
    entry.node.querySelector(".queue-actions").hidden = false;
    entry.node.querySelector(".queue-retry").hidden = !retryable;
  }

  function remove(entry) {
    entries.splice(entries.indexOf(entry), 1);
    if (entry.preview) URL.revokeObjectURL(entry.preview);
    entry.node.remove();
    queue.hidden = entries.length === 0;
  }

  function retry(entry) {
    entry.state = "waiting";
    entry.node.querySelector(".queue-actions").hidden = true;
    setProgress(entry, 0);
    pump();
  }

  function pump() {
    if (busy) return;
    var entry = entries.filter(function (e) { return e.state === "waiting"; })[0];
    if (!entry) return;
    busy = true;
    entry.state = "sending";
    var ready = entry.blob ? Promise.resolve(entry.blob) : downscale(entry.file);
    ready.then(function (blob) {
      entry.blob = blob;
      showPreview(entry);
      if (blob.size > Number(msg.maxBytes) - MULTIPART_SLACK) {
        return finish(entry, {error: msg.msgTooLarge, retryable: false});
      }
      send(entry);
    }).catch(function () {
      finish(entry, {error: msg.msgFailed.replace("{c}", "0"), retryable: true});
    });
  }

  function showPreview(entry) {
    if (entry.preview) return;
    var img = entry.node.querySelector(".queue-preview");
    entry.preview = URL.createObjectURL(entry.blob);
    img.onerror = function () { img.hidden = true; };
    img.src = entry.preview;
  }

  // The photo goes in parts of PART bytes (PUT with Content-Range), then a POST of the form's
  // fields names its key. A retry first asks how many bytes the server holds and goes on from
  // there, so a dropped connection costs at most one part, not the whole photo.
  function call(method, url, body, headers, onProgress) {
    return new Promise(function (resolve, reject) {
      var xhr = new XMLHttpRequest();
      xhr.open(method, url);
      xhr.setRequestHeader("Accept", "application/json");
      xhr.setRequestHeader("X-CSRFToken", msg.csrf);
      Object.keys(headers || {}).forEach(function (name) { xhr.setRequestHeader(name, headers[name]); });
      xhr.timeout = 2 * 60 * 1000;
      if (onProgress) {
        xhr.upload.onprogress = function (event) { if (event.lengthComputable) onProgress(event.loaded); };
      }
      xhr.onload = function () { resolve(xhr); };
      xhr.onerror = xhr.ontimeout = function () { reject(xhr); };
      xhr.send(body);
    });
  }

  function json(xhr) {
    try { return JSON.parse(xhr.responseText); } catch (e) { return null; }
  }

  function heldBytes(url, total) {
    return call("GET", url).then(function (xhr) {
      var data = json(xhr);
      return data && data.ok && data.total === total ? data.offset : 0;
    });
  }

  function sendParts(entry, url, offset) {
    var total = entry.blob.size;
    if (offset >= total) return Promise.resolve();
    var end = Math.min(offset + PART, total);
    var range = {"Content-Range": "bytes " + offset + "-" + (end - 1) + "/" + total};
    var progress = function (loaded) { setProgress(entry, (offset + loaded) / total); };
    return call("PUT", url, entry.blob.slice(offset, end), range, progress).then(function (xhr) {
      var data = json(xhr);
      if (data && typeof data.offset === "number" && (xhr.status === 200 || xhr.status === 409)) {
        return sendParts(entry, url, data.offset);
      }
      return Promise.reject(xhr);
    });
  }

  function send(entry) {
    var url = form.action.replace(/\/$/, "") + "/parts/" + encodeURIComponent(entry.key);
    setProgress(entry, 0);
    heldBytes(url, entry.blob.size)
      .then(function (offset) { return sendParts(entry, url, offset); })
      .then(function () {
        setStatus(entry, msg.msgSaving);
        var body = new FormData();
        Object.keys(entry.fields).forEach(function (name) { body.append(name, entry.fields[name]); });
        body.append("idempotency_key", entry.key);
        body.append("from_parts", "1");
        return call("POST", form.action, body);
      })
      .then(function (xhr) { finish(entry, answerOf(xhr)); })
      .catch(function (xhr) {
        if (xhr && xhr.status) return finish(entry, answerOf(xhr));
        finish(entry, {error: msg.msgOffline, retryable: true});
      });
  }

  function answerOf(xhr) {
    var data = null;
    try { data = JSON.parse(xhr.responseText); } catch (e) { data = null; }
    if (data && data.ok) return data;
    var retryable = RETRYABLE.indexOf(xhr.status) >= 0;
    if (xhr.status === 401) return {error: msg.msgSignin, retryable: true};
    var error = data && data.error ? data.error : msg.msgFailed.replace("{c}", xhr.status);
    return {error: error, retryable: retryable};
  }

  function finish(entry, answer) {
    busy = false;
    if (answer.ok) {
      entry.state = "done";
      entry.node.querySelector(".queue-progress").value = 100;
      setStatus(entry, answer.created ? msg.msgDone : msg.msgExisting, "done");
      insertCard(answer);
      setTimeout(function () { remove(entry); }, 4000);
    } else {
      entry.state = "failed";
      var bar = entry.node.querySelector(".queue-progress");
      bar.hidden = true;  // a full bar above a refusal would read as "sent"
      bar.value = 0;
      setStatus(entry, answer.error, "error");
      showActions(entry, answer.retryable);
    }
    pump();
  }

  function insertCard(answer) {
    if (!gallery || document.getElementById("photo-" + answer.id)) return;
    var groups = Array.prototype.slice.call(gallery.querySelectorAll("[data-group]"));
    var group = groups.filter(function (g) { return g.dataset.group === answer.group; })[0];
    var holder = document.createElement("div");
    if (group) {
      holder.innerHTML = answer.card_html;
      group.querySelector(".photo-grid").appendChild(holder.firstElementChild);
    } else {
      holder.innerHTML = answer.group_html;
      var section = holder.firstElementChild;
      var after = groups.filter(function (g) {
        return Number(g.dataset.order) > Number(section.dataset.order);
      })[0];
      gallery.insertBefore(section, after || gallery.querySelector(".photo-empty"));
    }
    gallery.querySelector(".photo-empty").hidden = true;
  }

  // --- The form ----------------------------------------------------------------------------

  function pickError(text) {
    var box = form.querySelector(".pick-error");
    box.textContent = text || "";
    box.hidden = !text;
  }

  function choose(input) {
    var files = Array.prototype.slice.call(input.files || []);
    input.value = "";
    if (!files.length) return;
    var reason = field("reason");
    if (reason && !reason.value.trim()) { pickError(msg.msgReason); reason.focus(); return; }
    pickError("");
    var fields = snapshotFields();
    files.forEach(function (file) { addEntry(file, fields); });
    ["caption", "headcount_on_sheet", "headcount_in_photos"].forEach(function (name) {
      if (field(name)) field(name).value = "";
    });
    pump();
  }

  function enhance() {
    form.classList.add("js-upload");
    form.querySelector(".upload-submit").hidden = true;
    form.querySelector(".pick-hint").hidden = false;
    var error = document.createElement("p");
    error.className = "error pick-error";
    error.setAttribute("role", "alert");
    error.hidden = true;
    form.querySelector(".photo-pick").prepend(error);
    form.querySelector("#file-gallery").multiple = true;
    ["file-camera", "file-gallery"].forEach(function (id) {
      var input = document.getElementById(id);
      input.addEventListener("change", function () { choose(input); });
    });
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    window.addEventListener("beforeunload", function (event) {
      var unsent = entries.some(function (e) { return e.state !== "done"; });
      if (!unsent) return undefined;
      event.preventDefault();
      event.returnValue = msg.msgUnsent;
      return msg.msgUnsent;
    });
  }

  enhance();
})();
