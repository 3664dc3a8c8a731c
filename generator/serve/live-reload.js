// Live reload for `atlas serve` only: the server adds this script to the pages it serves;
// `atlas build` never does. It waits (long-polling) for the next build and reloads the
// page when one is ready, whether that build succeeded or shows the problems found.
(function () {
  "use strict";
  var script = document.currentScript;
  var build = script ? script.getAttribute("data-build") : "";

  function waitForNextBuild() {
    fetch("/__atlas/build-id?after=" + encodeURIComponent(build), { cache: "no-store" })
      .then(function (response) { return response.json(); })
      .then(function (state) {
        if (state.build && state.build !== build) {
          window.location.reload();
        } else {
          waitForNextBuild();
        }
      })
      .catch(function () {
        // The server is restarting or stopped: try again in a moment.
        window.setTimeout(waitForNextBuild, 1000);
      });
  }

  waitForNextBuild();
})();
