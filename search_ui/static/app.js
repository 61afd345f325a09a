// huanjie: the only script the pages load (the Content-Security-Policy forbids inline script).
// Pages work without it; it only adds conveniences.
(function () {
  "use strict";
  // Sorting submits at once.
  document.querySelectorAll("select.autosubmit").forEach(function (sel) {
    sel.addEventListener("change", function () { if (sel.form) { sel.form.submit(); } });
  });
  // Document page: clicking a figure (in the table or in either text) marks it in both texts.
  function focusFigure(idx, scroll) {
    document.querySelectorAll(".focus").forEach(function (el) { el.classList.remove("focus"); });
    ["o-", "n-"].forEach(function (prefix) {
      var el = document.getElementById(prefix + idx);
      if (el) {
        el.classList.add("focus");
        if (scroll) { el.scrollIntoView({ block: "center" }); }
      }
    });
    var row = document.querySelector('tr.figrow[data-fig="' + idx + '"]');
    if (row) { row.classList.add("focus"); }
  }
  document.querySelectorAll("a.jump").forEach(function (a) {
    a.addEventListener("click", function (ev) { ev.preventDefault(); focusFigure(a.getAttribute("data-fig"), true); });
  });
  document.querySelectorAll("mark.figmark").forEach(function (m) {
    m.addEventListener("click", function () { focusFigure(m.getAttribute("data-fig"), false); });
  });
  // Arriving from a compare cell (#fig-START-END): mark that figure in the texts too.
  if (location.hash.indexOf("#fig-") === 0) {
    var row = document.getElementById(location.hash.slice(1));
    if (row && row.getAttribute("data-fig") !== null) { focusFigure(row.getAttribute("data-fig"), true); }
  }
})();
