// Live updates for the facilitator's pages: polls a stamp that changes whenever a delegation submits
// or withdraws, then reloads. Served as a file (the Content-Security-Policy forbids inline scripts);
// the pages work without it (reload by hand).
(function () {
  "use strict";
  var marker = document.getElementById("live") || document.querySelector("[data-live]");
  if (!marker || !window.fetch) { return; }
  var url = marker.getAttribute("data-url") || marker.getAttribute("data-live");
  var stamp = marker.getAttribute("data-stamp");
  var dirty = false;
  var form = document.getElementById("decisions");
  if (form) { form.addEventListener("change", function () { dirty = true; }); }
  function poll() {
    fetch(url, { credentials: "same-origin", headers: { "Accept": "application/json" } })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (data) {
        if (!data) { return; }
        if (stamp === null) { stamp = data.stamp; return; }
        if (data.stamp === stamp) { return; }
        stamp = data.stamp;
        if (dirty) {
          var frame = document.getElementById("compilation");
          if (frame) { frame.src = frame.src; }
          marker.textContent = "new submissions: save your decisions, then reload";
          marker.className = "live changed";
        } else {
          window.location.reload();
        }
      })
      .catch(function () { /* the server may be restarting: try again at the next tick */ });
  }
  marker.className += " on";
  window.setInterval(poll, 4000);
}());
