// Keyboard shortcuts for the moderators' queue: j/k move between comments, a/r approve/reject the
// focused one (or the first), u undoes the last action. Plain forms do the work; this only clicks them.
(function () {
  "use strict";
  function cards() { return Array.prototype.slice.call(document.querySelectorAll("article.card")); }
  function currentIndex() {
    var el = document.activeElement;
    var card = el && el.closest ? el.closest("article.card") : null;
    return card ? cards().indexOf(card) : -1;
  }
  function focusCard(i) {
    var all = cards();
    if (!all.length) { return; }
    var card = all[Math.max(0, Math.min(all.length - 1, i))];
    card.focus();
    card.scrollIntoView({ block: "nearest" });
  }
  document.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey || event.defaultPrevented) { return; }
    var target = event.target;
    if (target && target.matches && target.matches("input, select, textarea, [contenteditable]")) { return; }
    var i = currentIndex();
    if (event.key === "j") { focusCard(i + 1); event.preventDefault(); return; }
    if (event.key === "k") { focusCard(i < 0 ? 0 : i - 1); event.preventDefault(); return; }
    if (event.key === "a" || event.key === "r") {
      var all = cards();
      var card = i >= 0 ? all[i] : all[0];
      var button = card && card.querySelector('button[data-key="' + event.key + '"]');
      if (button) { event.preventDefault(); button.click(); }
      return;
    }
    if (event.key === "u") {
      var undo = document.querySelector('button[data-key="u"]');
      if (undo) { event.preventDefault(); undo.click(); }
    }
  });
  document.addEventListener("DOMContentLoaded", function () {
    if (document.activeElement === document.body && document.querySelector("ol.cards article.card")) { focusCard(0); }
  });
})();
