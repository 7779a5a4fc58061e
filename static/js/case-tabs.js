// Bring the current case tab into view: on a phone the tab row scrolls sideways.
(function () {
  "use strict";
  var current = document.querySelector(".case-tabs [aria-current=page]");
  if (current && current.scrollIntoView) {
    current.scrollIntoView({block: "nearest", inline: "center"});
    window.scrollTo(0, 0);
  }
})();
