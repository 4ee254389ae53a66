// Loaded in <head> without defer: picks the theme before the first paint, so a visitor's
// choice (or their system's dark preference) never flashes the wrong theme.
(function () {
  var root = document.documentElement;
  var stored = null;
  try { stored = localStorage.getItem("theme"); } catch (e) { /* storage blocked */ }
  if (stored) {
    root.dataset.theme = stored;
  } else if (window.matchMedia && window.matchMedia("(prefers-color-scheme: dark)").matches) {
    root.dataset.theme = root.dataset.darkTheme || "dark";
  }
})();
