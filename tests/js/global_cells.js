// Global variables through their ICs (tagus keeps each global-object property in a
// PropertyCell): reads and writes in loops, then deleting, redefining and freezing the
// properties those ICs have cached. Properties are made by assignment or on globalThis,
// since top-level `var` is module-local under Node.

// Reads and writes in a loop, through globalThis and by name.
cellSum = 0;
for (let i = 0; i < 1000; i++) cellSum += i;
console.log(cellSum, globalThis.cellSum, cellSum === globalThis.cellSum);
globalThis.cellSum = 'replaced';
console.log(cellSum);
cellSum = 1.5;
for (let i = 0; i < 10; i++) cellSum = cellSum * 2;
console.log(cellSum, typeof cellSum);

// Top-level functions and a `var` read and written from functions.
var total = 0;
function addTo(n) {
  total += n;
}
function square(n) {
  return n * n;
}
for (let i = 0; i < 100; i++) addTo(square(i));
console.log(total);

// A warmed load and store, then delete: reading throws, `typeof` says undefined, and a new
// property of the same name is read by the same ICs.
function readA() {
  return cellA;
}
function writeA(v) {
  cellA = v;
}
writeA(1);
for (let i = 0; i < 50; i++) writeA(readA() + 1);
console.log(readA(), delete globalThis.cellA, typeof cellA, 'cellA' in globalThis);
try {
  readA();
} catch (e) {
  console.log(e.name + ': ' + e.message);
}
writeA(7);
console.log(readA(), globalThis.cellA);
delete globalThis.cellA;
gc();
globalThis.cellA = 'again';
console.log(readA());

// An accessor replacing a data property the ICs have cached, then data again.
let log = [];
Object.defineProperty(globalThis, 'cellA', {
  get() {
    log.push('get');
    return 'from getter';
  },
  set(v) {
    log.push('set ' + v);
  },
  configurable: true,
  enumerable: true,
});
writeA(3);
console.log(readA(), log.join(', '));
Object.defineProperty(globalThis, 'cellA', { value: 'data again', writable: true, configurable: true });
console.log(readA());
writeA(4);
console.log(readA(), log.length);

// Read-only: sloppy assignment is ignored, strict assignment throws.
cellR = 0;
function writeR(v) {
  cellR = v;
}
function writeRStrict(v) {
  'use strict';
  cellR = v;
}
for (let i = 1; i <= 10; i++) writeR(i);
console.log(cellR);
Object.defineProperty(globalThis, 'cellR', { value: 1, writable: false });
writeR(2);
console.log(cellR);
try {
  writeRStrict(3);
} catch (e) {
  console.log(e.name + ': ' + e.message);
}
Object.defineProperty(globalThis, 'cellRO', { value: 'fixed', writable: false, enumerable: true, configurable: true });
globalThis.cellRO = 'changed';
cellRO = 'changed';
console.log(cellRO, Object.getOwnPropertyDescriptor(globalThis, 'cellRO').writable);

// Undeclared names.
function readMissing() {
  return typeof cellMissing;
}
console.log(readMissing(), readMissing(), typeof cellMissing === 'undefined');
function writeMissingStrict() {
  'use strict';
  cellMissing = 1;
}
try {
  writeMissingStrict();
} catch (e) {
  console.log(e.name + ': ' + e.message);
}
cellMissing = 'now defined';
console.log(readMissing(), cellMissing);

// Attributes as the object sees them, and enumeration order (a recreated property goes last).
cellB = 1;
cellC = 2;
delete globalThis.cellB;
cellB = 3;
Object.defineProperty(globalThis, 'cellHidden', { value: 4, enumerable: false, writable: true, configurable: true });
console.log(Object.keys(globalThis).filter((k) => k.startsWith('cell')).join(','));
const d = Object.getOwnPropertyDescriptor(globalThis, 'cellC');
console.log(d.value, d.writable, d.enumerable, d.configurable);
console.log(Object.entries(globalThis).filter(([k]) => k === 'cellB' || k === 'cellC').join(';'));
for (const k in globalThis) if (k === 'cellHidden') console.log('enumerated a hidden property');
console.log(cellHidden, globalThis.hasOwnProperty('cellHidden'));

// Freezing the global object: the warmed store misses from then on and is ignored.
function writeSum(v) {
  cellSum = v;
}
for (let i = 0; i < 10; i++) writeSum(i);
Object.freeze(globalThis);
writeSum('after freeze');
console.log(cellSum, Object.isFrozen(globalThis), Object.getOwnPropertyDescriptor(globalThis, 'cellSum').writable);
