// if/else, for, while, do-while, break/continue, conditional and logical operators.
function classify(n) {
  if (n < 0) {
    return 'negative';
  } else if (n === 0) {
    return 'zero';
  } else if (n < 10) {
    return 'small';
  } else {
    return 'large';
  }
}
console.log([-5, 0, 3, 42].map(classify).join(','));

let sum = 0;
for (let i = 1; i <= 100; i++) sum += i;
console.log('sum 1..100 =', sum);

let evens = '';
for (let i = 0; i < 10; i++) {
  if (i % 2) continue;
  if (i > 6) break;
  evens += i;
}
console.log(evens);

let n = 27;
let steps = 0;
while (n !== 1) {
  n = n % 2 === 0 ? n / 2 : 3 * n + 1;
  steps++;
}
console.log('collatz(27) steps:', steps);

let runs = 0;
do {
  runs++;
} while (false);
console.log('do-while ran', runs);

let k = 0;
for (;;) {
  if (++k >= 5) break;
}
console.log('k =', k);

for (var a = 0, b = 10; a < b; a += 3, b -= 3) {}
console.log(a, b);

let out = [];
let w = 3;
while (w--) out.push(w);
console.log(out);

console.log(0 || 'default', '' || null, 'x' && 'y', 0 && 'never');
console.log(null ?? 'fallback', 0 ?? 'fallback', undefined ?? false);
let maybe = null;
maybe ||= 'set by ||=';
let zero = 0;
zero ??= 'not set';
let truthy = 1;
truthy &&= 'set by &&=';
console.log(maybe, zero, truthy);

const obj = { deep: { value: 5 } };
console.log(obj?.deep?.value, obj.missing?.value, obj.missing?.());

if ('') console.log('empty string is truthy?');
if ([]) console.log('empty array is truthy');
if ({}) console.log('empty object is truthy');
if (!NaN) console.log('NaN is falsy');

// `return c ? a : b` returns from each arm: nested, parenthesized, through finally, in a
// derived constructor, with side effects in the test.
function pick(a, b) { return a ? (b ? 'both' : 'a only') : (b ? 'b only' : 'neither'); }
console.log(pick(1, 1), pick(1, 0), pick(0, 1), pick(0, 0));
var returnLog = [];
function withFinally(x) {
  try {
    return x > 0 ? (returnLog.push('pos'), 'positive') : x < 0 ? 'negative' : 'zero';
  } finally {
    returnLog.push('finally ' + x);
  }
}
console.log(withFinally(1), withFinally(-1), withFinally(0), returnLog.join(';'));
class Base {}
class Derived extends Base {
  constructor(keep) {
    super();
    return keep ? undefined : { replaced: true };
  }
}
console.log(new Derived(true), new Derived(false));
