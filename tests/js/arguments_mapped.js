// Mapped (sloppy-mode) arguments objects: indices below min(argc, formals) alias the
// parameters, until deleted or redefined as accessors or read-only; strict functions and
// non-simple parameter lists get unmapped objects whose `callee` throws.

function mapped(a, b) {
  arguments[0] = 'changed via arguments';
  b = 'changed via param';
  return [a, arguments[1]];
}
console.log(mapped('orig a', 'orig b'));

// Only indices below the argument count are mapped; length changes do not matter.
function fewer(a, b) {
  b = 'b written';
  arguments[1] = 'index 1 written';
  arguments.length = 5;
  a = 'a written';
  return [arguments.length, arguments[0], arguments[1], b, Object.keys(arguments)];
}
console.log(fewer('a'));

function extra(a) {
  arguments[2] = 'extra';
  a = 'a2';
  arguments[10] = 'far';
  return [arguments[0], arguments[2], arguments[10], arguments.length, Object.keys(arguments)];
}
console.log(extra(1, 2, 3));

// Closures share the alias, even after the function returned.
function escape(a) {
  return {
    args: arguments,
    set(v) { a = v; },
    get() { return a; },
  };
}
const e = escape(1, 2);
e.set('from closure');
console.log(e.args[0], e.args[1]);
e.args[0] = 'from arguments';
console.log(e.get());
function inner(a) {
  const read = () => arguments[0];
  const write = (v) => { arguments[0] = v; };
  a = 'param';
  const first = read();
  write('arrow');
  return [first, a];
}
console.log(inner(0));

// Duplicate parameter names: the last one wins the mapping.
function dup(a, a) {
  a = 'last';
  return [arguments[0], arguments[1]];
}
console.log(dup(1, 2), dup(1));
function dup2(a, b, a) {
  arguments[0] = 'zero';
  arguments[2] = 'two';
  return [a, b];
}
console.log(dup2(1, 2, 3));

// delete breaks the mapping for good.
function deleted(a) {
  delete arguments[0];
  a = 'param after delete';
  const absent = [arguments[0], 0 in arguments];
  arguments[0] = 'new element';
  return [absent, a, arguments[0]];
}
console.log(deleted('orig'));

// defineProperty: accessors and read-only break the mapping (a value still reaches the
// parameter first); other redefinitions keep it.
function accessor(a) {
  Object.defineProperty(arguments, 0, { get() { return 'getter'; }, configurable: true });
  a = 'param';
  return [arguments[0], a];
}
console.log(accessor('orig'));
function readOnlyWithValue(a) {
  Object.defineProperty(arguments, 0, { value: 'defined', writable: false });
  const seen = a;
  a = 'param';
  return [seen, arguments[0], Object.getOwnPropertyDescriptor(arguments, 0)];
}
console.log(readOnlyWithValue('orig'));
function readOnlyNoValue(a) {
  a = 'before';
  Object.defineProperty(arguments, 0, { writable: false });
  a = 'after';
  return [arguments[0], Object.getOwnPropertyDescriptor(arguments, 0).writable];
}
console.log(readOnlyNoValue('orig'));
function valueOnly(a) {
  Object.defineProperty(arguments, 0, { value: 'defined' });
  const seen = a;
  a = 'param';
  return [seen, arguments[0]];
}
console.log(valueOnly('orig'));
function notEnumerable(a) {
  Object.defineProperty(arguments, 0, { enumerable: false });
  a = 'param';
  const d = Object.getOwnPropertyDescriptor(arguments, 0);
  arguments[0] = 'element';
  return [d.value, d.enumerable, a, Object.keys(arguments)];
}
console.log(notEnumerable('orig', 'other'));
function notConfigurable(a) {
  Object.defineProperty(arguments, 0, { configurable: false });
  const deletedIt = delete arguments[0];
  a = 'param';
  return [deletedIt, arguments[0]];
}
console.log(notConfigurable('orig'));
function redefineTwice(a) {
  Object.defineProperty(arguments, 0, { enumerable: false });
  Object.defineProperty(arguments, 0, { value: 'v' });
  const afterValue = a;
  // (V8 does not pass a value to the parameter when the same definition also makes it
  // enumerable again, unlike the spec: the two are separate here.)
  Object.defineProperty(arguments, 0, { enumerable: true });
  Object.defineProperty(arguments, 0, { writable: false });
  a = 'param';
  return [afterValue, arguments[0], Object.keys(arguments)];
}
console.log(redefineTwice('orig'));

// Integrity levels: freezing makes every element read-only (unmapped); sealing does not.
function frozen(a) {
  Object.freeze(arguments);
  a = 'param';
  return [arguments[0], Object.isFrozen(arguments)];
}
console.log(frozen('orig'));
function sealed(a) {
  Object.seal(arguments);
  a = 'param';
  const viaParam = arguments[0];
  arguments[0] = 'element';
  return [viaParam, a, delete arguments[0], Object.isSealed(arguments)];
}
console.log(sealed('orig'));
function nonExtensible(a) {
  Object.preventExtensions(arguments);
  a = 'param';
  arguments[3] = 'ignored';
  return [arguments[0], arguments[3], Object.isExtensible(arguments)];
}
console.log(nonExtensible('orig'));

// Descriptors, keys, spreading, JSON, console.log, `in`, for-in.
function views(a, b) {
  a = 10;
  b = 20;
  const d = Object.getOwnPropertyDescriptor(arguments, 0);
  const keys = [];
  for (const k in arguments) keys.push(k);
  return [d, Object.keys(arguments), Object.values(arguments), [...arguments], JSON.stringify(arguments), 1 in arguments, 5 in arguments, keys];
}
console.log(views(1, 2, 3));
function printed(a, b) {
  a = 'x';
  console.log(arguments);
  console.log(Object.getOwnPropertyNames(arguments), typeof arguments.callee, arguments.callee === printed);
}
printed(1, 2);

// Array.prototype methods read and write through the mapping.
function arrayMethods(a, b, c) {
  a = 3;
  const snapshot = [
    Array.prototype.slice.call(arguments),
    Array.prototype.indexOf.call(arguments, 3),
    Array.prototype.join.call(arguments, '-'),
    Array.prototype.map.call(arguments, (x) => x * 2),
    Array.from(arguments),
  ];
  Array.prototype.reverse.call(arguments);
  const reversed = [a, b, c];
  Array.prototype.sort.call(arguments);
  const sorted = [a, b, c];
  Array.prototype.fill.call(arguments, 0, 1);
  return [snapshot, reversed, sorted, [a, b, c]];
}
console.log(arrayMethods(1, 2, 5));
function pushPop(a, b) {
  Array.prototype.push.call(arguments, 'pushed');
  const popped = Array.prototype.pop.call(arguments);
  const shifted = Array.prototype.shift.call(arguments);
  return [popped, shifted, a, b, arguments.length, arguments[0]];
}
console.log(pushPop('a', 'b'));
function applied(a, b) {
  a = 'changed';
  return Math.max.apply(null, [].concat(Array.prototype.slice.call(arguments, 1), [b])) + ':' + String.prototype.concat.apply('', arguments);
}
console.log(applied(1, 2, 3));
function assigned(a, b) {
  Object.assign(arguments, ['x', 'y']);
  return [a, b];
}
console.log(assigned(1, 2));

// Hoisted function declarations and `var` redeclarations share the parameter.
function hoisted(a) {
  function a() {}
  return typeof arguments[0];
}
console.log(hoisted(1));
function redeclared(a) {
  var a;
  arguments[0] = 'via arguments';
  return a;
}
console.log(redeclared(1));
function named(arguments) {
  return arguments;
}
console.log(named('a parameter called arguments'));

// More ways to reach the elements: sparse indices, prototype chains, assignment targets,
// splice and the backwards searches.
function sparse(a, b) {
  arguments[100000] = 1;
  a = 2;
  arguments[1] = 'b!';
  return [arguments[0], b, Object.keys(arguments), %HasSloppyArgumentsElements(arguments)];
}
console.log(sparse(0, 1));
function asPrototype(a) {
  const o = Object.create(arguments);
  a = 'via the prototype';
  return [o[0], 0 in o];
}
console.log(asPrototype(1));
function targets(a, b) {
  for (arguments[0] of [1, 2]);
  const afterLoop = a;
  [arguments[1], arguments[0]] = [a, b];
  return [afterLoop, a, b];
}
console.log(targets('x', 'y'));
function shadowed(a) {
  try { throw 1; } catch (a) { a = 5; }
  { let a = 3; }
  return arguments[0];
}
console.log(shadowed('orig'));
function spliced(a, b, c) {
  a = 'A';
  Array.prototype.splice.call(arguments, 0, 1);
  return [a, b, c, arguments.length, Array.from(arguments)];
}
console.log(spliced(1, 2, 3));
function searched(a, b) {
  b = 'x';
  return [
    Array.prototype.lastIndexOf.call(arguments, 'x'),
    Array.prototype.includes.call(arguments, 'x'),
    Array.prototype.findLastIndex.call(arguments, (v) => v === 'x'),
  ];
}
console.log(searched(1, 2, 3));
function recursive(n, acc) {
  if (n === 0) return acc;
  arguments[1] = acc + n;
  return recursive(n - 1, acc);
}
console.log(recursive(10, 0));
function attributesThenDelete(a) {
  Object.defineProperty(arguments, 0, { enumerable: false });
  delete arguments[0];
  a = 'p';
  return [arguments[0], 0 in arguments, Object.getOwnPropertyNames(arguments)];
}
console.log(attributesThenDelete('orig'));
function sealedDefine(a) {
  Object.seal(arguments);
  a = 'p';
  Object.defineProperty(arguments, 0, { value: 'q' });
  return [a, arguments[0], Object.getOwnPropertyDescriptor(arguments, 0)];
}
console.log(sealedDefine('orig'));
function lengthZero(a, b) {
  arguments.length = 0;
  a = 'A';
  return [arguments[0], Array.from(arguments), [...arguments]];
}
console.log(lengthZero(1, 2));
function varArguments(a) {
  var arguments;
  a = 'p';
  return [typeof arguments, arguments[0]];
}
console.log(varArguments(1));

// Only `arguments.length` read: nothing can tell whether the object aliases.
function lengthOnly(a, b) {
  if (arguments.length < 2) b = 'default';
  a = 'changed';
  return [a, b, arguments.length, (() => arguments.length)()];
}
console.log(lengthOnly(1), lengthOnly(1, 2, 3));
// Unless `length` is deleted: then reading it runs a getter on the prototypes.
Object.defineProperty(Object.prototype, 'length', {
  get() { this[0] = 'via getter'; return -1; },
  configurable: true,
});
function deletedLength(a) {
  delete arguments.length;
  return [arguments.length, a];
}
console.log(deletedLength('orig'));
delete Object.prototype.length;

// Unmapped: strict code and non-simple parameter lists.
function strict(a) {
  'use strict';
  arguments[0] = 'changed';
  a = 'param';
  return [arguments[0], a];
}
console.log(strict('orig'));
function withDefault(a = 0) {
  arguments[0] = 'changed';
  return a;
}
function withRest(a, ...rest) {
  a = 'param';
  return arguments[0];
}
function withPattern({ x }, b) {
  b = 'param';
  return arguments[1];
}
console.log(withDefault('orig'), withRest('orig'), withPattern({ x: 1 }, 'orig'));
for (const f of [strict, withDefault, withRest]) {
  const args = f === strict ? (function () { 'use strict'; return arguments; })() : f === withDefault ? (function (a = 1) { return arguments; })() : (function (...r) { return arguments; })();
  try {
    args.callee;
    console.log('no throw');
  } catch (err) {
    console.log(err.constructor.name, err.message);
  }
  const d = Object.getOwnPropertyDescriptor(args, 'callee');
  console.log(d.get === d.set, d.enumerable, d.configurable, Object.isFrozen(d.get), d.get.name === '');
}
function noFormals() {
  return [arguments.callee === noFormals, arguments.length];
}
console.log(noFormals(1, 2));

// Elements kinds, as V8 reports them.
function kinds(a) {
  return %HasSloppyArgumentsElements(arguments);
}
function strictKinds(a) {
  'use strict';
  return %HasSloppyArgumentsElements(arguments);
}
function noFormalKinds() {
  return %HasSloppyArgumentsElements(arguments);
}
console.log(kinds(), kinds(1), strictKinds(1), noFormalKinds(1));

// Many objects, each aliasing its own frame's parameters (and the collector moving them).
function sum(a, b, c) {
  arguments[0] += 1;
  b *= 2;
  arguments[2] = arguments[2] + a;
  return a + arguments[1] + c;
}
let total = 0;
for (let i = 0; i < 20000; i++) total += sum(i, 1, 2);
console.log(total);
const kept = [];
for (let i = 0; i < 2000; i++) kept.push(escape(i));
for (let i = 0; i < kept.length; i++) kept[i].set(kept[i].args[0] * 3);
let check = 0;
for (let i = 0; i < kept.length; i++) check += kept[i].args[0] - kept[i].get();
console.log(check, kept[1999].args[0]);
