// ReDoc for this API, from ../openapi.json next to this page.
(function () {
  var specUrl = new URL("../openapi.json", window.location.href).toString();
  Redoc.init(specUrl, { hideDownloadButton: false, expandResponses: "200,201" }, document.getElementById("redoc"));
})();
