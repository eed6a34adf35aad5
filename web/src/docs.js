// /docs: Swagger UI from this server's own copy (swagger-ui-dist), over this server's OpenAPI
// document; FastAPI's default page would load it from a CDN, which the CSP (and offline use) forbid.
window.SwaggerUIBundle({
  url: "/openapi.json",
  dom_id: "#swagger-ui",
  deepLinking: true,
  persistAuthorization: false,
  validatorUrl: null, // the default badge asks validator.swagger.io: another host
});
