// globalThis: identity, standard globals as properties, implicit globals.
console.log(typeof globalThis, globalThis === globalThis.globalThis);
console.log(globalThis.Math === Math, globalThis.JSON === JSON, globalThis.Array === Array);
console.log(typeof globalThis.console.log, globalThis.parseInt === parseInt);
console.log(globalThis.undefined, globalThis.NaN, globalThis.Infinity);

const desc = Object.getOwnPropertyDescriptor(globalThis, 'undefined');
console.log(desc.writable, desc.enumerable, desc.configurable);

globalThis.createdViaGlobal = 'hello';
console.log(createdViaGlobal, typeof createdViaGlobal);

function makeImplicit() {
  implicitGlobal = 'implicit';
}
makeImplicit();
console.log(globalThis.implicitGlobal, implicitGlobal);
console.log(delete globalThis.implicitGlobal, typeof implicitGlobal);

function sloppy() {
  return this === globalThis;
}
console.log(sloppy(), sloppy.call(undefined), sloppy.call(null));

const names = ['Object', 'Function', 'Array', 'String', 'Number', 'Boolean', 'Symbol', 'Error', 'JSON', 'Math'];
console.log(names.map((n) => typeof globalThis[n]).join(' '));
console.log(names.every((n) => Object.getOwnPropertyDescriptor(globalThis, n).enumerable === false));

globalThis.counter = 0;
function bump() {
  counter++;
}
bump();
bump();
console.log(globalThis.counter);

NaN = 5;
undefined = 'changed?';
console.log(NaN, undefined);

console.log('globalThis' in globalThis, Object.getPrototypeOf(globalThis) !== null);
console.log(typeof globalThis.isNaN, globalThis.isFinite(1), globalThis.Number.MAX_SAFE_INTEGER);
