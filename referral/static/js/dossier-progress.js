// Follows a dossier while it is prepared, without reloading the whole page.
// Browsers without JavaScript use the <noscript> refresh instead; nothing here is required.
(function () {
  "use strict";
  var DELAY = 2000;
  if (!window.fetch || !window.DOMParser || !document.getElementById("dossier-progress")) {
    return;
  }
  function check() {
    fetch(window.location.href, { credentials: "same-origin", headers: { Accept: "text/html" } })
      .then(function (response) {
        if (!response.ok) {
          throw new Error(String(response.status));
        }
        return response.text();
      })
      .then(function (html) {
        var fresh = new DOMParser().parseFromString(html, "text/html");
        var next = fresh.getElementById("dossier-state");
        var current = document.getElementById("dossier-state");
        if (next && current) {
          current.innerHTML = next.innerHTML;
        }
        if (fresh.getElementById("dossier-progress")) {
          window.setTimeout(check, DELAY);
        }
      })
      .catch(function () {
        window.setTimeout(check, DELAY * 3);
      });
  }
  window.setTimeout(check, DELAY);
})();
