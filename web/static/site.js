// Conveniences only: every page works without this script.
(function () {
  "use strict";
  // Copy a citation with its button.
  document.addEventListener("click", function (e) {
    var b = e.target.closest("button.copy");
    if (!b) return;
    var text = b.getAttribute("data-copy");
    var done = function () { b.textContent = "已复制"; setTimeout(function () { b.textContent = "复制引用"; }, 1500); };
    if (navigator.clipboard && navigator.clipboard.writeText) {
      navigator.clipboard.writeText(text).then(done, function () { select(b); });
    } else {
      select(b);
    }
  });
  function select(b) {
    var t = b.parentNode.querySelector("textarea");
    if (t) { t.focus(); t.select(); document.execCommand && document.execCommand("copy"); b.textContent = "已选中，可复制"; }
  }
  // Facets fold away on a phone.
  var f = document.querySelector("details.facets");
  if (f && window.matchMedia("(max-width: 799px)").matches) f.removeAttribute("open");
  // Open the citation of a passage reached by its permalink.
  if (location.hash) {
    var p = document.getElementById(decodeURIComponent(location.hash.slice(1)));
    if (p) { var d = p.querySelector("details.cite"); if (d) d.open = true; }
  }
})();
