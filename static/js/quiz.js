// The quiz countdown: "Time left: 12:34" from the deadline the server printed. Without this
// script the page still shows the time to answer by.
(function () {
  "use strict";
  var timer = document.querySelector("[data-deadline]");
  if (!timer) return;
  var deadline = Date.parse(timer.getAttribute("data-deadline"));
  if (isNaN(deadline)) return;
  var label = timer.getAttribute("data-label");
  var over = timer.getAttribute("data-over");
  function pad(n) { return (n < 10 ? "0" : "") + n; }
  function tick() {
    var left = Math.max(0, Math.round((deadline - Date.now()) / 1000));
    timer.textContent = left > 0 ? label.replace("{t}", Math.floor(left / 60) + ":" + pad(left % 60)) : over;
    timer.classList.toggle("qz-timer-low", left <= 60);
    if (left > 0) window.setTimeout(tick, 1000);
  }
  timer.setAttribute("role", "timer");
  tick();
})();
