/**
 * Loads what @pulumi/pulumi's computeCodePaths needs only when it is used, in the Node.js processes the tests start
 * (`node --require` this file, through NODE_OPTIONS that test/setup-env.ts sets): the inline program runner, the
 * dynamic providers and the policy pack. @pulumi/pulumi's runtime requires them as it loads
 * (runtime/closure/codePaths.js): npm's arborist, and with it pacote, sigstore, npm-registry-fetch and the rest of
 * npm, and normalize-package-data, whose spdx-correct sorts its tables as it loads. computeCodePaths packages a
 * function's dependencies, and none of these processes calls it; loading all that was a fifth of a provider's or the
 * pack's start-up, paid on every `pulumi` command. Here codePaths gets stand-ins for the packages' functions and
 * classes that load the real package on first use (a `new`, a call or a property read), and from then on are it.
 * Plain CommonJS: it runs before any transform.
 */
"use strict";
const Module = require("node:module");
const path = require("node:path");

const CALLER = path.join("@pulumi", "pulumi", "runtime", "closure", "codePaths.js");
/**
 * What codePaths requires, and what each exports: a function (normalize-package-data), or an object of classes
 * (@npmcli/arborist's index.js), which codePaths' __importStar copies one by one as it loads.
 */
const LAZY = { "@npmcli/arborist": ["Arborist", "Node", "Link", "Edge", "Shrinkwrap"], "normalize-package-data": null };
const load = Module._load;

Module._load = function loadLazily(request, parent, isMain) {
  if (!Object.hasOwn(LAZY, request) || !parent?.filename?.endsWith(CALLER)) return load.apply(this, arguments);
  let real;
  const exported = () => (real ??= load.call(this, request, parent, isMain));
  const names = LAZY[request];
  if (names === null) return standIn(exported);
  return Object.fromEntries(names.map((name) => [name, standIn(() => exported()[name])]));
};

/** A function that is `target()` once used; until then it has loaded nothing. */
function standIn(target) {
  const self = new Proxy(function () {}, {
    // `new`, and a subclass's super(): the real class, with the subclass as new.target.
    construct: (_, args, newTarget) => Reflect.construct(target(), args, newTarget === self ? target() : newTarget),
    apply: (_, thisArg, args) => Reflect.apply(target(), thisArg, args),
    // __importDefault asks as it loads; neither package is an ES module.
    get: (_, key) => (key === "__esModule" ? undefined : Reflect.get(target(), key)),
    has: (_, key) => Reflect.has(target(), key),
  });
  return self;
}

module.exports = { LAZY };
