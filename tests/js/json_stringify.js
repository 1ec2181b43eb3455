// JSON.stringify: primitives, nesting, indentation, skipped values, toJSON, escaping.
console.log(JSON.stringify(42), JSON.stringify('str'), JSON.stringify(true), JSON.stringify(null));
console.log(JSON.stringify(undefined), JSON.stringify(() => 1), JSON.stringify(Symbol('s')));
console.log(JSON.stringify(NaN), JSON.stringify(Infinity), JSON.stringify(-0), JSON.stringify(1e21));
console.log(JSON.stringify({ a: 1, b: [1, 2, { c: 3 }], d: { e: { f: 'deep' } } }));
console.log(JSON.stringify([1, 'two', null, true, [], {}]));
console.log(JSON.stringify({ u: undefined, f() {}, s: Symbol('x'), kept: 1 }));
console.log(JSON.stringify([undefined, function () {}, Symbol('y'), NaN]));
console.log(JSON.stringify({ 2: 'b', 1: 'a', z: 'z', y: 'y' }));
console.log(JSON.stringify({ [Symbol('k')]: 'symbol key', normal: 1 }));

const nested = { name: 'tagus', tags: ['js', 'rust'], meta: { stars: 0, empty: {}, none: [] } };
console.log(JSON.stringify(nested, null, 2));
console.log(JSON.stringify([1, [2, [3]]], null, '--'));
console.log(JSON.stringify({ a: 1 }, null, 20) === JSON.stringify({ a: 1 }, null, 10));
console.log(JSON.stringify({ a: [] }, null, 4));

console.log(JSON.stringify('quote " backslash \\ slash / newline \n tab \t'));
console.log(JSON.stringify('\u0001\u001f é 😀 \b\f\r'), JSON.stringify('\u007f').length);
console.log(JSON.stringify('\ud800 lone surrogate'));
console.log(JSON.stringify({ 'key "quoted"': 'v', 'new\nline': 1 }));

const withToJSON = {
  secret: 'hidden',
  toJSON(key) {
    return { public: 'shown', key };
  },
};
console.log(JSON.stringify(withToJSON));
console.log(JSON.stringify({ nested: withToJSON }));
console.log(JSON.stringify([withToJSON]));

class Temperature {
  constructor(c) { this.celsius = c; }
  toJSON() { return `${this.celsius}C`; }
}
console.log(JSON.stringify({ today: new Temperature(21), list: [new Temperature(-3)] }));

console.log(JSON.stringify({ a: 1, b: 2, c: 3 }, ['a', 'c']));
console.log(JSON.stringify({ a: 1, b: 'x', c: [2] }, (k, v) => (typeof v === 'number' ? v * 10 : v)));
console.log(JSON.stringify(new Number(3)), JSON.stringify(new String('s')), JSON.stringify(Object(false)));

const arrWithProps = [1, 2];
arrWithProps.extra = 'ignored';
console.log(JSON.stringify(arrWithProps), JSON.stringify([, 1]));

const circular = { name: 'loop' };
circular.self = circular;
try {
  JSON.stringify(circular);
} catch (e) {
  console.log(e.constructor.name);
}

const nonEnum = Object.defineProperty({ visible: 1 }, 'hidden', { value: 2 });
console.log(JSON.stringify(nonEnum), JSON.stringify(Object.create({ inherited: 1 })));
console.log(JSON.stringify({ date: 'no Date objects', n: 0.1 + 0.2, big: 2 ** 60 }));
