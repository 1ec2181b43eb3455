// console.log line breaking: objects past ~72 columns break over lines; arrays of more than
// six items are grouped into columns; more than 100 items are truncated.
const short = { id: 1, name: 'short', tags: ['a', 'b'] };
console.log(short);

const long = {
  identifier: 'a-fairly-long-identifier',
  description: 'this object is too wide for one line',
  count: 12345,
};
console.log(long);

const nested = {
  user: { name: 'Ada Lovelace', email: 'ada@example.com', roles: ['admin', 'author'] },
  ok: true,
};
console.log(nested);

console.log([1, 2, 3, 4, 5, 6]);
console.log([1, 2, 3, 4, 5, 6, 7]);
console.log(Array.from({ length: 26 }, (_, i) => i * i));
console.log(Array.from({ length: 120 }, (_, i) => i));
console.log(['alpha', 'beta', 'gamma', 'delta', 'epsilon', 'zeta', 'eta', 'theta']);

const longStrings = [
  'the first string is rather long',
  'the second string is rather long too',
  'and a third',
];
console.log(longStrings);

console.log({ a: 1, b: 2, c: 3, d: 4, e: 5, f: 6, g: 7, h: 8, i: 9, j: 10 });
console.log({ a: [1, 2, 3, 4, 5, 6, 7, 8] });

class Config {
  constructor() {
    this.host = 'localhost.localdomain';
    this.port = 8080;
    this.paths = ['/usr/local/share', '/opt/tagus'];
  }
}
console.log(new Config());

const matrix = [
  [1, 2, 3],
  [4, 5, 6],
  [7, 8, 9],
];
console.log(matrix);
console.log({ deep: { deeper: { deepest: { gone: 1 } }, sibling: 'a long sibling value here' } });
console.log('x'.repeat(100));
console.log(['x'.repeat(80)]);
