// ToPrimitive: valueOf/toString ordering for numeric, string and default hints.
const log = [];
const both = {
  valueOf() {
    log.push('valueOf');
    return 10;
  },
  toString() {
    log.push('toString');
    return 'str';
  },
};
console.log(both + 1, log.join(','));
log.length = 0;
console.log(`${both}`, log.join(','));
log.length = 0;
console.log(both * 2, log.join(','));
log.length = 0;
console.log(String(both), log.join(','));
log.length = 0;
console.log(both + '', log.join(','));
log.length = 0;
console.log(both > 5, log.join(','));

const onlyToString = { toString() { return '7'; } };
console.log(onlyToString * 2, onlyToString + 1, onlyToString - 1);

const valueOfObject = {
  valueOf() { return {}; },
  toString() { return 'fallback'; },
};
console.log(valueOfObject + '!', String(valueOfObject));

const neither = {
  valueOf() { return {}; },
  toString() { return {}; },
};
try {
  neither + 1;
} catch (e) {
  console.log(e.constructor.name + ': ' + e.message);
}

const custom = {
  [Symbol.toPrimitive](hint) {
    return hint === 'number' ? 1 : hint === 'string' ? 'S' : 'D';
  },
};
console.log(+custom, `${custom}`, custom + '', custom * 3);

console.log([] + [], [] + {}, [1, 2] + [3], ({}) + 'x');
console.log([] * 2, [5] * 2, [1, 2] * 2, {} * 2);
console.log(String([null, undefined, 1]), String([[1, 2], [3]]));
console.log(null + 1, undefined + 1, true + true, 'x' + null, '3' * '4');
console.log([10, 1, 2].sort().join());

class Money {
  constructor(cents) { this.cents = cents; }
  valueOf() { return this.cents; }
  toString() { return '$' + (this.cents / 100).toFixed(2); }
}
const m1 = new Money(150);
const m2 = new Money(275);
console.log(m1 + m2, m1 < m2, `${m2}`, String(m1), [m1, m2].join(' '));
