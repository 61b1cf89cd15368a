// A plain script (not a module) that runs even where the app's modules cannot: if the page
// has not drawn after a while, say so in words instead of leaving a blank page.
(function () {
  "use strict";
  var WAIT_MS = 15000;
  window.setTimeout(function () {
    var root = document.getElementById("app");
    var boot = root && root.querySelector(".boot");
    if (!boot) return;
    boot.setAttribute("role", "alert");
    boot.textContent =
      "The dashboard's scripts did not load. Check that the server is still running, then reload the page." +
      ("noModule" in HTMLScriptElement.prototype ? "" : " This browser is too old to run it.");
  }, WAIT_MS);
})();
