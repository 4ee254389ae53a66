// Small progressive enhancements; every page works without them.
(function () {
  var root = document.documentElement;

  function isDark() {
    return root.dataset.theme === (root.dataset.darkTheme || "dark");
  }

  function syncToggles() {
    document.querySelectorAll("[data-theme-toggle]").forEach(function (button) {
      button.setAttribute("aria-pressed", String(isDark()));
    });
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-theme-toggle]");
    if (!button) return;
    var next = isDark() ? root.dataset.lightTheme || "light" : root.dataset.darkTheme || "dark";
    root.dataset.theme = next;
    try { localStorage.setItem("theme", next); } catch (e) { /* storage blocked */ }
    syncToggles();
  });

  // htmx requests that change state carry Django's CSRF token from the page's own form field.
  document.addEventListener("htmx:configRequest", function (event) {
    var field = document.querySelector("input[name=csrfmiddlewaretoken]");
    if (field) event.detail.headers["X-CSRFToken"] = field.value;
  });

  syncToggles();
})();
