// Swagger UI for this API. The document is fetched from ../openapi.json, next to this page. Its first
// server is relative (".": where the document came from), shown here as the full URL, so "Try it out"
// calls the API this page was served by, behind Hosting's /api or any other prefix. The OpenID Connect
// scheme describes the same bearer tokens; Swagger UI would fetch its discovery document from Google,
// and the page reaches no other host, so it is left out of this view.
(function () {
  var specUrl = new URL("../openapi.json", window.location.href).toString();
  window
    .fetch(specUrl, { headers: { Accept: "application/json" } })
    .then(function (response) {
      return response.json();
    })
    .then(function (spec) {
      spec.servers = (spec.servers || []).map(function (server) {
        var absolute = /^[a-z][a-z0-9+.-]*:/i.test(server.url);
        if (absolute) return server;
        return Object.assign({}, server, { url: new URL(server.url, specUrl).toString().replace(/\/$/, "") });
      });
      var components = spec.components || {};
      var schemes = components.securitySchemes || {};
      var openId = Object.keys(schemes).filter(function (name) {
        return schemes[name].type === "openIdConnect";
      });
      var withoutOpenId = function (requirements) {
        return (requirements || []).filter(function (requirement) {
          return !Object.keys(requirement).some(function (name) {
            return openId.indexOf(name) >= 0;
          });
        });
      };
      components.securitySchemes = Object.fromEntries(
        Object.entries(schemes).filter(function (entry) {
          return openId.indexOf(entry[0]) < 0;
        }),
      );
      if (spec.security) spec.security = withoutOpenId(spec.security);
      Object.keys(spec.paths || {}).forEach(function (path) {
        Object.keys(spec.paths[path]).forEach(function (method) {
          var operation = spec.paths[path][method];
          if (operation && operation.security && operation.security.length > 0)
            operation.security = withoutOpenId(operation.security);
        });
      });
      window.ui = SwaggerUIBundle({
        spec: spec,
        dom_id: "#swagger-ui",
        deepLinking: true,
        persistAuthorization: false,
        tryItOutEnabled: false,
        displayRequestDuration: true,
      });
    });
})();
