/**
 * A V8 code cache for the Node.js processes the tests start (`node --require` this file, through NODE_OPTIONS that
 * test/setup-env.ts sets): Pulumi's plugins (the dynamic provider, the policy pack), the inline program runner and
 * the CLI. Each of them loads @pulumi/pulumi (typescript, grpc, npm's arborist: ~2,000 modules) or the AWS SDK
 * afresh, and compiling that code was a third of their start-up; an end-to-end file starts dozens of them. Node 20
 * has no cache of its own (module.enableCompileCache came in Node 22.1), so this is the one that the
 * v8-compile-cache package keeps, made safe for many processes writing at once: one file per module, keyed by its
 * path and source, written whole by rename. V8 rejects a cache that does not match its source, flags or version;
 * such a module is compiled as usual. A module that may call import() is left to Node: on Node 20 a script that vm
 * compiles cannot import without --experimental-vm-modules. Plain CommonJS: it runs before any transform.
 */
"use strict";
const crypto = require("node:crypto");
const fs = require("node:fs");
const Module = require("node:module");
const os = require("node:os");
const path = require("node:path");
const { clearTimeout, setTimeout } = require("node:timers");
const v8 = require("node:v8");
const vm = require("node:vm");

// V8 takes a cache only under the flags it was made with, and @pulumi/pulumi sets this one as it loads
// (runtime/closure/v8Hooks.js): set from the start, every module of every process is compiled under the same flags.
v8.setFlagsFromString("--allow-natives-syntax");

const dir = path.join(os.tmpdir(), `connect-numbers-v8-cache-${process.version}-${process.arch}`);
/** Scripts compiled without a usable cache: their data is written once they have run, with every function they ran. */
const uncached = [];
let settled;
const compile = Module.prototype._compile;
/** import( as code: not in a string ('import()' in a message) nor a TypeScript type (`typeof import("x")`). */
const dynamicImport = /(?<!['"`\w.$]|typeof\s+)import\s*\(/;

Module.prototype._compile = function compileCached(content, filename, format) {
  if (format === "module" || dynamicImport.test(content)) return compile.call(this, content, filename, format);
  const file = path.join(dir, crypto.createHash("sha1").update(filename).update("\0").update(content).digest("hex"));
  let cachedData;
  try {
    cachedData = fs.readFileSync(file);
  } catch {
    // Not cached yet.
  }
  let script;
  try {
    script = new vm.Script(Module.wrap(content), { filename, cachedData });
  } catch {
    // Not CommonJS (an ES module loaded by require): Node's own compile tells which and reports errors.
    return compile.call(this, content, filename, format);
  }
  if (cachedData === undefined || script.cachedDataRejected) {
    uncached.push({ script, file });
    clearTimeout(settled);
    settled = setTimeout(flush, 2000).unref();
  }
  return script
    .runInThisContext()
    .call(this.exports, this.exports, requireFor(this), this, filename, path.dirname(filename));
};

/** The `require` a module sees, as Node makes it. */
function requireFor(mod) {
  const require = (id) => mod.require(id);
  require.resolve = (request, options) => Module._resolveFilename(request, mod, false, options);
  require.resolve.paths = (request) => Module._resolveLookupPaths(request, mod);
  require.main = process.mainModule;
  require.extensions = Module._extensions;
  require.cache = Module._cache;
  return require;
}

/**
 * Writes the pending data. At exit, and also once loading has settled: Pulumi ends its plugins with a signal, and a
 * process that dies so never sees its exit.
 */
function flush() {
  if (uncached.length === 0) return;
  try {
    fs.mkdirSync(dir, { recursive: true });
    for (const { script, file } of uncached.splice(0)) {
      const temp = `${file}.${process.pid}`;
      fs.writeFileSync(temp, script.createCachedData());
      fs.renameSync(temp, file);
    }
  } catch {
    // A cache that cannot be written costs only time.
  }
}

process.once("exit", flush);
