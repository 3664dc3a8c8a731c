// Copy buttons for citations. Every citation is plain text on the page without this
// script; it adds a button to each [data-cite] block that copies the block's text
// (.cite-text lines, one a line) and says so in a live region.
(function () {
  "use strict";
  var zh = document.documentElement.lang.indexOf("zh") === 0;
  var words = zh
    ? { copy: "复制", copied: "已复制", failed: "无法复制,请手动选择文本" }
    : { copy: "Copy", copied: "Copied", failed: "Could not copy: select the text instead" };
  var status = document.createElement("p");
  status.className = "visually-hidden";
  status.setAttribute("role", "status");
  document.body.appendChild(status);

  function textOf(block) {
    return Array.prototype.map
      .call(block.querySelectorAll(".cite-text"), function (line) {
        return line.textContent.trim();
      })
      .join("\n");
  }

  function copy(text) {
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(text);
    }
    var area = document.createElement("textarea");
    area.value = text;
    area.setAttribute("readonly", "");
    area.className = "visually-hidden";
    document.body.appendChild(area);
    area.select();
    var done = document.execCommand("copy");
    document.body.removeChild(area);
    return done ? Promise.resolve() : Promise.reject(new Error("copy failed"));
  }

  Array.prototype.forEach.call(document.querySelectorAll("[data-cite]"), function (block) {
    var button = document.createElement("button");
    button.type = "button";
    button.className = "copy-button";
    button.textContent = words.copy;
    button.addEventListener("click", function () {
      copy(textOf(block)).then(
        function () {
          button.textContent = words.copied;
          status.textContent = words.copied;
          window.setTimeout(function () { button.textContent = words.copy; }, 2000);
        },
        function () { status.textContent = words.failed; }
      );
    });
    var label = block.querySelector(".cite-label");
    (label || block).appendChild(document.createTextNode(" "));
    (label || block).appendChild(button);
  });
})();
