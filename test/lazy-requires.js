/**
 * Loads what @pulumi/pulumi requires as it loads but only some of its functions use, when one of them first does, in
 * the Node.js processes the tests start (`node --require` this file, through NODE_OPTIONS that test/setup-env.ts
 * sets): the inline program runner, the dynamic providers and the policy pack.
 * - runtime/closure/codePaths.js requires npm's arborist (and with it pacote, sigstore, npm-registry-fetch and the
 *   rest of npm) and normalize-package-data (whose spdx-correct sorts its tables as it loads), for computeCodePaths,
 *   which packages a function's dependencies: none of these processes calls it.
 * - runtime/closure/parseFunction.js requires TypeScript (9 MB of it) to parse the functions a program serializes: the
 *   runner does when the program declares a dynamic resource, a provider or the pack never does.
 * - cmd/run-policy-pack/run.js (the pack's host) registers ts-node for every pack, which loads TypeScript at once,
 *   and reads TypeScript's version (so does tsutils.js): the pack is JavaScript (../dist/policies), so no `.ts` file
 *   is ever required. The version is read from TypeScript's package.json, and ts-node registers for real, unchanged,
 *   when a `.ts` or `.tsx` file is first required (a directory with a tsconfig.json, whose options ts-node would read
 *   and check as it registers, registers at once).
 * - index.js loads the Automation API (automation/: execa, the workspaces, ~80 modules) for `pulumi.automation`,
 *   which a provider or the pack never reads; the inline program runner requires it by its own path.
 * Together that was a quarter of a provider's or the pack's start-up, paid on every `pulumi` command. The caller gets
 * a stand-in for each function, class or module object that loads the real package on first use (a `new`, a call or
 * a property read), and from then on is it. Plain CommonJS: it runs before any transform.
 */
"use strict";
const fs = require("node:fs");
const Module = require("node:module");
const path = require("node:path");

const PULUMI = path.join("@pulumi", "pulumi");
const CLOSURE = path.join(PULUMI, "runtime", "closure");
const RUN_POLICY_PACK = path.join(PULUMI, "cmd", "run-policy-pack", "run.js");
/**
 * Who requires what, and how they use what it exports: `call` a function (normalize-package-data); `classes`, an
 * object of classes that the caller's __importStar copies one by one as it loads (@npmcli/arborist's index.js);
 * `object`, a module object whose properties the caller reads when it runs (TypeScript), `version` excepted when
 * `versioned`, and that the caller's __importStar takes as it is when `esModule` (the Automation API); `register`,
 * ts-node (vendored by @pulumi/pulumi unless installed), whose register() is deferred.
 */
const LAZY = [
  {
    caller: path.join(CLOSURE, "codePaths.js"),
    request: "@npmcli/arborist",
    classes: ["Arborist", "Node", "Link", "Edge", "Shrinkwrap"],
  },
  { caller: path.join(CLOSURE, "codePaths.js"), request: "normalize-package-data", call: true },
  { caller: path.join(CLOSURE, "parseFunction.js"), request: "../../typescript-shim", object: true },
  { caller: path.join(PULUMI, "index.js"), request: "./automation", object: true, esModule: true },
  { caller: path.join(PULUMI, "tsutils.js"), request: "typescript", object: true, versioned: true },
  { caller: RUN_POLICY_PACK, request: "typescript", object: true, versioned: true },
  { caller: RUN_POLICY_PACK, request: /^ts-node$|[\\/]vendor[\\/]ts-node@[^\\/]+$/, register: true },
];
const matches = (x, request) => (typeof x.request === "string" ? x.request === request : x.request.test(request));
const load = Module._load;

Module._load = function loadLazily(request, parent, isMain) {
  const lazy = LAZY.find((x) => matches(x, request) && parent?.filename?.endsWith(x.caller));
  if (!lazy) return load.apply(this, arguments);
  let real;
  const exported = () => (real ??= load.call(this, request, parent, isMain));
  if (lazy.call) return standIn(exported);
  if (lazy.register) return deferredRegister(exported);
  if (lazy.object) {
    const version = lazy.versioned ? packageVersion(request, parent) : undefined;
    const get = (_, key) => (key === "version" && version !== undefined ? version : Reflect.get(exported(), key));
    // __esModule as TypeScript defines it (not configurable): a proxy reports such a property only if its target does.
    const target = lazy.esModule ? Object.defineProperty({}, "__esModule", { value: true }) : {};
    return new Proxy(target, {
      get: (_, key) => (key === "__esModule" && lazy.esModule ? true : get(_, key)),
      has: (_, key) => key in exported(),
      ownKeys: () => Reflect.ownKeys(exported()),
      getOwnPropertyDescriptor: (_, key) => Reflect.getOwnPropertyDescriptor(exported(), key),
    });
  }
  return Object.fromEntries(lazy.classes.map((name) => [name, standIn(() => exported()[name])]));
};

/** The version in the package.json of the package `request` names, as `parent` resolves it; undefined if none. */
function packageVersion(request, parent) {
  try {
    return JSON.parse(fs.readFileSync(Module._resolveFilename(`${request}/package.json`, parent), "utf8")).version;
  } catch {
    return undefined;
  }
}

/**
 * ts-node whose register(options) hooks `.ts` and `.tsx` (the extensions ts-node registers) with a handler that,
 * on the first such file, removes itself, registers ts-node for real with the same options and hands the file to it.
 */
function deferredRegister(exported) {
  const register = (options) => {
    if (fs.existsSync("tsconfig.json")) return exported().register(options);
    const extensions = Module._extensions;
    const prior = { ".ts": extensions[".ts"], ".tsx": extensions[".tsx"] };
    const registerNow = () => {
      for (const [ext, handler] of Object.entries(prior))
        if (handler === undefined) delete extensions[ext];
        else extensions[ext] = handler;
      exported().register(options);
    };
    for (const ext of Object.keys(prior))
      extensions[ext] = (module, filename) => {
        registerNow();
        return extensions[ext](module, filename);
      };
    return undefined;
  };
  return new Proxy({}, { get: (_, key) => (key === "register" ? register : Reflect.get(exported(), key)) });
}

/** A function that is `target()` once used; until then it has loaded nothing. */
function standIn(target) {
  const self = new Proxy(function () {}, {
    // `new`, and a subclass's super(): the real class, with the subclass as new.target.
    construct: (_, args, newTarget) => Reflect.construct(target(), args, newTarget === self ? target() : newTarget),
    apply: (_, thisArg, args) => Reflect.apply(target(), thisArg, args),
    // __importDefault asks as it loads; no package here is an ES module.
    get: (_, key) => (key === "__esModule" ? undefined : Reflect.get(target(), key)),
    has: (_, key) => Reflect.has(target(), key),
  });
  return self;
}

module.exports = { LAZY };
