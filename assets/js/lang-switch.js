// The language switch keeps the record the reader is on: it carries the address's
// #anchor (every record has the same anchor in both languages). Without this script the
// switch still leads to the same page, at its top.
(function () {
  "use strict";
  var link = document.querySelector("a.lang-switch");
  if (!link) return;
  function follow() {
    var target = new URL(link.href); // keeps what other scripts set (side by side: ?regions)
    target.hash = window.location.hash;
    link.href = target.toString();
  }
  follow();
  window.addEventListener("hashchange", follow);
})();
