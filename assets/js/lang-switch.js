// The language switch keeps the record the reader is on: it carries the address's
// #anchor (every record has the same anchor in both languages). Without this script the
// switch still leads to the same page, at its top.
(function () {
  "use strict";
  var link = document.querySelector("a.lang-switch");
  if (!link) return;
  var base = link.getAttribute("href").split("#")[0];
  function follow() {
    link.setAttribute("href", base + window.location.hash);
  }
  follow();
  window.addEventListener("hashchange", follow);
})();
