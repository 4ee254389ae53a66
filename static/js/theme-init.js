// Loaded in <head> without defer: picks the theme before the first paint, so a visitor's
// choice (or their system's dark preference) never flashes the wrong one.
// The visitor's choice is stored as a mode ("light" or "dark"); the server says which theme
// each mode means on this site (data-light-theme / data-dark-theme, from the site settings).
(function () {
  var root = document.documentElement;
  root.classList.add("js");
  if (root.hasAttribute("data-theme-fixed")) return; // e.g. the style guide's ?theme=
  var mode = null;
  try { mode = localStorage.getItem("theme-mode"); } catch (e) { /* storage blocked */ }
  if (mode !== "light" && mode !== "dark") {
    var prefersDark = window.matchMedia && window.matchMedia("(prefers-color-scheme: dark)").matches;
    mode = prefersDark ? "dark" : null;
  }
  if (mode === "dark") {
    root.dataset.theme = root.dataset.darkTheme || "dark";
  } else if (mode === "light") {
    root.dataset.theme = root.dataset.lightTheme || "light";
  }
})();
