// Swagger UI for this API. The document is fetched from ../openapi.json, next to this page, and its
// server is the API this page was served by, whatever prefix the URL has.
(function () {
  var specUrl = new URL("../openapi.json", window.location.href).toString();
  window.ui = SwaggerUIBundle({
    url: specUrl,
    dom_id: "#swagger-ui",
    deepLinking: true,
    persistAuthorization: false,
    tryItOutEnabled: false,
    displayRequestDuration: true,
  });
})();
