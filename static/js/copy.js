// Copy buttons: <button data-copy="ID" data-copied="Copied" hidden> copies the value (or text)
// of the element with that id. Hidden without JavaScript: the field can be selected by hand.
(function () {
  function setUp(root) {
    root.querySelectorAll("button[data-copy]").forEach(function (button) {
      button.hidden = false;
    });
  }
  document.addEventListener("click", function (event) {
    var button = event.target.closest("button[data-copy]");
    if (!button) return;
    var source = document.getElementById(button.dataset.copy);
    if (!source) return;
    var text = "value" in source ? source.value : source.textContent;
    var done = function () {
      var status = document.getElementById(button.dataset.copy + "-status");
      if (status) status.textContent = button.dataset.copied;
    };
    if (navigator.clipboard && navigator.clipboard.writeText) {
      navigator.clipboard.writeText(text).then(done, function () {
        source.select && source.select();
      });
    } else if (source.select) {
      source.select();
    }
  });
  document.addEventListener("DOMContentLoaded", function () { setUp(document); });
  document.addEventListener("htmx:afterSettle", function () { setUp(document); });
})();
