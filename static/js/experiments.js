// A/B tests: tell the server this visitor saw the tested page, and when they reach a goal
// (a click on a call to action, a visit to a goal page). The server decides the version and
// the visitor; this script stores nothing on the device.
(function () {
  var node = document.getElementById("lumen-ab");
  if (!node) return;
  var config = JSON.parse(node.textContent);

  function send(url, data) {
    var body = new URLSearchParams(data);
    if (navigator.sendBeacon && navigator.sendBeacon(url, body)) return;
    fetch(url, { method: "POST", body: body, credentials: "same-origin", keepalive: true });
  }

  if (config.test) send(config.urls.seen, { page: config.page });
  (config.goals || []).forEach(function (event) {
    send(config.urls.goal, { event: event, page: config.page });
  });
  if (config.cta) {
    document.addEventListener("click", function (event) {
      var link = event.target.closest && event.target.closest("[data-cta]");
      if (link) send(config.urls.goal, { event: "cta-click", page: config.page });
    });
  }
})();
