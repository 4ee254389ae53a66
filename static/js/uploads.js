// The team's Files tab: drag and drop and a progress bar over the plain upload form. Without
// this script the form still posts and the page reloads; with it, the file goes up by
// XMLHttpRequest (whose upload events give the progress) and the answer, the page's `files`
// fragment (asked for with HX-Request), replaces the list.
(function () {
  function wire(root) {
    var form = root.querySelector("[data-upload-form]");
    if (!form || form.dataset.wired) return;
    form.dataset.wired = "1";
    var input = form.querySelector("input[type=file]");
    var area = form.querySelector("[data-progress-area]");
    var bar = form.querySelector("progress");
    var hint = form.querySelector("[data-drop-hint]");
    if (hint) hint.classList.remove("hidden");

    function send(file) {
      var data = new FormData(form);
      data.set("file", file, file.name);
      var xhr = new XMLHttpRequest();
      xhr.open("POST", form.action);
      xhr.setRequestHeader("HX-Request", "true");
      area.classList.remove("hidden");
      bar.value = 0;
      xhr.upload.addEventListener("progress", function (event) {
        if (event.lengthComputable) bar.value = Math.round((event.loaded / event.total) * 100);
      });
      xhr.addEventListener("load", function () {
        bar.value = 100;
        var holder = document.getElementById("team-files");
        var next = document.createElement("div");
        next.innerHTML = xhr.responseText;
        var fresh = next.querySelector("#team-files");
        if (holder && fresh) {
          holder.replaceWith(fresh);
          wire(fresh);
          // site.js puts the keyboard at the error or the "uploaded" message it brought.
          fresh.dispatchEvent(new CustomEvent("site:swapped", { bubbles: true }));
        }
      });
      xhr.addEventListener("error", function () { form.submit(); });
      xhr.send(data);
    }

    form.addEventListener("submit", function (event) {
      if (!input.files || !input.files.length) return;
      event.preventDefault();
      send(input.files[0]);
    });
    ["dragenter", "dragover"].forEach(function (name) {
      form.addEventListener(name, function (event) {
        event.preventDefault();
        form.classList.add("border-primary");
      });
    });
    form.addEventListener("dragleave", function () { form.classList.remove("border-primary"); });
    form.addEventListener("drop", function (event) {
      event.preventDefault();
      form.classList.remove("border-primary");
      var files = event.dataTransfer && event.dataTransfer.files;
      if (files && files.length) send(files[0]);
    });
  }
  document.addEventListener("DOMContentLoaded", function () { wire(document); });
})();
