// Runs before `npm start` and `npm test`: the functions run on Node.js 22 in production, so they are
// built and tested on it. Plain JavaScript, so it runs (and explains itself) on any older Node.
const major = Number(process.versions.node.split(".")[0]);
if (major !== 22) {
  console.error(
    `\nThis project runs on Node.js 22 (the Cloud Functions runtime nodejs22); this is Node.js ${process.versions.node}.\n` +
      "Switch with `nvm use` (reads .nvmrc), or on Linux x64 run `source scripts/use-node22.sh`, then run npm install again.\n",
  );
  process.exit(1);
}
