// The first paint's one script, inline in index.html (its hash is in firebase.json's
// Content-Security-Policy): on a slow network the sign-in form is usable here, a round trip after the
// page, long before the app's code arrives. It shows the form only to someone who is not known to be
// signed in and is on a sign-in page, in the language chosen on this phone; a submit is held (the
// button says so) for the app, which reads the form when it starts and signs in with what was typed.
// A plain script; firebase.json holds its hash, so a change to it needs `npm run csp:first-paint`.
(function () {
  var d = document;
  var stored = function (key) {
    try {
      return localStorage.getItem(key);
    } catch {
      return null;
    }
  };
  var section = d.getElementById("first-sign-in");
  var loading = d.getElementById("first-loading");
  var form = section && section.querySelector("form");
  var button = form && form.querySelector("button");
  if (!section || !loading || !form || !button) return;
  // As the app chooses (src/i18n/i18n.tsx): this phone's choice, else Swahili if the browser asks for it.
  var chosen = stored("language");
  var swahili = chosen === "sw";
  var asked = navigator.languages || [navigator.language || ""];
  if (chosen !== "en" && chosen !== "sw")
    for (var j = 0; j < asked.length; j++) if (/^sw/i.test(asked[j])) swahili = true;
  if (swahili) {
    d.documentElement.lang = "sw";
    var texts = d.querySelectorAll("[data-sw]");
    for (var i = 0; i < texts.length; i++) texts[i].textContent = texts[i].getAttribute("data-sw");
  }
  var shop = stored("shop");
  if (shop) d.querySelector(".brand").textContent = shop;
  var show = function () {
    var path = location.hash.replace(/^#/, "") || "/";
    var signIn =
      stored("signed-in") === null && !/[?&]mode=/.test(location.search) && !/^\/(register|reset-password)/.test(path);
    section.hidden = !signIn;
    loading.hidden = signIn;
    if (signIn) d.title = section.querySelector("h1").textContent + " \u00b7 " + d.querySelector(".brand").textContent;
  };
  show();
  addEventListener("hashchange", show);
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    form.setAttribute("data-sent", "");
    button.disabled = true;
    button.textContent = button.getAttribute(swahili ? "data-busy-sw" : "data-busy");
  });
})();
