// One cold instance of the built `api` function, served as Cloud Run serves it: a fresh process
// that loads functions/lib/index.js and answers HTTP with the exported handler. bench/cold-start.ts
// times it from spawn to its first authenticated answer.
const { createServer } = require("node:http");
const { api } = require("../../functions/lib/index.js");

createServer((req, res) => {
  api(req, res);
}).listen(Number(process.env.PORT), "127.0.0.1");
