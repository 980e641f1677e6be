// A table wider than the screen scrolls sideways inside Material's wrapper. Such a
// wrapper can be reached and scrolled with the keyboard: it takes the focus
// (tabindex=0) and is named after the table's headers for screen readers. Wrappers
// that do not scroll are left alone. Runs on every page, instant navigation included.
(function () {
  function label(wrap) {
    var headers = Array.prototype.map.call(wrap.querySelectorAll("th"), function (th) {
      return th.textContent.trim();
    });
    return "表格：" + headers.filter(Boolean).slice(0, 4).join("、") + (headers.length > 4 ? "等" : "");
  }

  function update() {
    document.querySelectorAll(".md-content .md-typeset__scrollwrap").forEach(function (wrap) {
      var scrolls = wrap.scrollWidth > wrap.clientWidth + 1;
      if (scrolls && !wrap.hasAttribute("tabindex")) {
        wrap.setAttribute("tabindex", "0");
        wrap.setAttribute("role", "region");
        wrap.setAttribute("aria-label", label(wrap));
      } else if (!scrolls && wrap.getAttribute("tabindex") === "0") {
        wrap.removeAttribute("tabindex");
        wrap.removeAttribute("role");
        wrap.removeAttribute("aria-label");
      }
    });
  }

  var pending = null;
  function soon() {
    if (pending === null) {
      pending = window.requestAnimationFrame(function () { pending = null; update(); });
    }
  }

  if (typeof document$ !== "undefined") {
    document$.subscribe(soon);  // Material: every page, also after instant navigation
  } else {
    document.addEventListener("DOMContentLoaded", soon);
  }
  window.addEventListener("resize", soon);
})();
