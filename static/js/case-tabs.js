// Bring the current case tab into view: on a phone the tab row scrolls sideways.
(function () {
  "use strict";
  var current = document.querySelector(".case-tabs [aria-current=page]");
  if (!current) return;
  var strip = current.parentElement;
  strip.scrollLeft = current.offsetLeft - (strip.clientWidth - current.offsetWidth) / 2;
})();
