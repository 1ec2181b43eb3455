// Object literals: shorthand, computed keys, methods, getters/setters, spread, trailing commas.
const x = 1;
const y = 2;
const key = 'dyn';
const obj = {
  x,
  y,
  [key + 'amic']: 'computed',
  [`k${1 + 1}`]: 'template key',
  'quoted key': 3,
  42: 'number key',
  method() {
    return this.x + this.y;
  },
  get sum() {
    return this.x + this.y;
  },
  set sum(v) {
    this.x = v;
    this.y = 0;
  },
};
console.log(obj.dynamic, obj.k2, obj['quoted key'], obj[42], obj['42']);
console.log(obj.method(), obj.sum);
obj.sum = 10;
console.log(obj.x, obj.y, obj.sum);
console.log(Object.keys(obj).join(','));

const base = { a: 1, b: 2 };
const extended = { ...base, b: 20, c: 30 };
const overridden = { b: 'first', ...base };
console.log(extended, overridden);
console.log({ ...'hi' }, { ...null }, { ...[9, 8] });

const dup = { a: 1, a: 2 };
console.log(dup.a);

const nested = { level1: { level2: { value: 'deep' } } };
console.log(nested.level1.level2.value);
nested.level1.added = true;
console.log(Object.keys(nested.level1));

const withProto = { __proto__: { inherited: 'yes' }, own: 'mine' };
console.log(withProto.inherited, Object.keys(withProto));

const empty = {};
console.log(empty.missing, 'missing' in empty, 'toString' in empty);

const counterObj = {
  _n: 0,
  get next() {
    return ++this._n;
  },
};
console.log(counterObj.next, counterObj.next, counterObj.next);

const getOnly = { get ro() { return 'read only'; } };
getOnly.ro = 'ignored';
console.log(getOnly.ro);

const numKeys = { 1: 'a', 0.5: 'b', 1e3: 'c', 0x10: 'd' };
console.log(Object.keys(numKeys));
