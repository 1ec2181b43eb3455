// Closures: private counters, shared environments, per-iteration let bindings.
function makeCounter() {
  let count = 0;
  return {
    inc() { return ++count; },
    dec() { return --count; },
    get() { return count; },
  };
}
const c1 = makeCounter();
const c2 = makeCounter();
c1.inc(); c1.inc(); c1.inc();
c2.dec();
console.log(c1.get(), c2.get());

const letFns = [];
for (let i = 0; i < 3; i++) {
  letFns.push(() => i);
}
console.log(letFns.map((f) => f()));

const varFns = [];
for (var j = 0; j < 3; j++) {
  varFns.push(() => j);
}
console.log(varFns.map((f) => f()));

const mutated = [];
for (let k = 0; k < 3; k++) {
  mutated.push(() => k);
  k++;
}
console.log(mutated.map((f) => f()));

const ofFns = [];
for (const s of ['a', 'b', 'c']) {
  ofFns.push(() => s);
}
console.log(ofFns.map((f) => f()).join(''));

function once(fn) {
  let done = false;
  let result;
  return function (...args) {
    if (!done) {
      done = true;
      result = fn(...args);
    }
    return result;
  };
}
const initOnce = once((x) => x * 100);
console.log(initOnce(1), initOnce(2));
function outer() {
  let x = 'outer x';
  function middle() {
    return function innermost() { return x; };
  }
  x = 'changed x';
  return middle();
}
console.log(outer()());

let shared = 0;
const incShared = () => shared++;
incShared();
incShared();
console.log(shared);

function fib() {
  let a = 0, b = 1;
  return () => { const r = a; [a, b] = [b, a + b]; return r; };
}
const nextFib = fib();
const fibs = [];
for (let n = 0; n < 10; n++) fibs.push(nextFib());
console.log(fibs.join(' '));
