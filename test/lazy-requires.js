/**
 * Loads what @pulumi/pulumi requires as it loads but only some of its functions use, when one of them first does, in
 * the Node.js processes the tests start (`node --require` this file, through NODE_OPTIONS that test/setup-env.ts
 * sets): the inline program runner, the dynamic providers and the policy pack.
 * - runtime/closure/codePaths.js requires npm's arborist (and with it pacote, sigstore, npm-registry-fetch and the
 *   rest of npm) and normalize-package-data (whose spdx-correct sorts its tables as it loads), for computeCodePaths,
 *   which packages a function's dependencies: none of these processes calls it.
 * - runtime/closure/parseFunction.js requires TypeScript (9 MB of it) to parse the functions a program serializes: the
 *   runner does when the program declares a dynamic resource, a provider or the pack never does.
 * Together that was a quarter of a provider's or the pack's start-up, paid on every `pulumi` command. The caller gets
 * a stand-in for each function, class or module object that loads the real package on first use (a `new`, a call or
 * a property read), and from then on is it. Plain CommonJS: it runs before any transform.
 */
"use strict";
const Module = require("node:module");
const path = require("node:path");

const CLOSURE = path.join("@pulumi", "pulumi", "runtime", "closure");
/**
 * Who requires what, and how they use what it exports: `call` a function (normalize-package-data); `classes`, an
 * object of classes that the caller's __importStar copies one by one as it loads (@npmcli/arborist's index.js);
 * `object`, a module object whose properties the caller reads when it runs (TypeScript).
 */
const LAZY = [
  {
    caller: path.join(CLOSURE, "codePaths.js"),
    request: "@npmcli/arborist",
    classes: ["Arborist", "Node", "Link", "Edge", "Shrinkwrap"],
  },
  { caller: path.join(CLOSURE, "codePaths.js"), request: "normalize-package-data", call: true },
  { caller: path.join(CLOSURE, "parseFunction.js"), request: "../../typescript-shim", object: true },
];
const load = Module._load;

Module._load = function loadLazily(request, parent, isMain) {
  const lazy = LAZY.find((x) => x.request === request && parent?.filename?.endsWith(x.caller));
  if (!lazy) return load.apply(this, arguments);
  let real;
  const exported = () => (real ??= load.call(this, request, parent, isMain));
  if (lazy.call) return standIn(exported);
  if (lazy.object)
    return new Proxy({}, { get: (_, key) => Reflect.get(exported(), key), has: (_, key) => key in exported() });
  return Object.fromEntries(lazy.classes.map((name) => [name, standIn(() => exported()[name])]));
};

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
