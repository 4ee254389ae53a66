// Team settings: htmx swaps the fragment a form belongs to. A refusal (4xx) comes back with
// an HX-Retarget header naming the page's alert area; show it there instead of dropping it.
(function () {
  document.addEventListener("htmx:beforeSwap", function (event) {
    var xhr = event.detail.xhr;
    if (xhr.status >= 400 && xhr.status < 500 && xhr.getResponseHeader("HX-Retarget")) {
      event.detail.shouldSwap = true;
      event.detail.isError = false;
    }
  });
})();
