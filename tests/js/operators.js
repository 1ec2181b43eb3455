// typeof, instanceof, in, delete, void, comma, and increment semantics.
class K {}
const samples = [undefined, null, true, 1, 1.5, NaN, 'str', {}, [], function () {}, K, Symbol('s')];
console.log(samples.map((v) => typeof v).join(' '));
console.log(typeof typeof 1, typeof undeclaredVariable);

const arr = [];
console.log(arr instanceof Array, arr instanceof Object, {} instanceof Array);
console.log(new K() instanceof K, Object.create(null) instanceof Object);
try {
  ({}) instanceof 5;
} catch (e) {
  console.log(e.constructor.name);
}

const obj = { a: 1, b: undefined };
console.log('a' in obj, 'b' in obj, 'c' in obj, 'toString' in obj);
console.log(0 in [5], 1 in [5], 'length' in []);
try {
  'x' in 'string';
} catch (e) {
  console.log(e.constructor.name);
}

console.log(delete obj.a, 'a' in obj, obj.a);
console.log(delete obj.nonexistent);
const delArr = [1, 2, 3];
console.log(delete delArr[1], delArr.length, 1 in delArr);
console.log(delete Math.PI, Math.PI > 3);

console.log(void 0, void 'anything');

let i = 0;
const comma = (i++, i++, i * 10);
console.log(comma, i);
for (var p = 0, q = 10; p < q; p++, q--);
console.log(p, q);

let v = 5;
console.log(v++, v, ++v, v, v--, v, --v, v);

let s = '5';
s++;
console.log(s, typeof s);
let u;
u++;
console.log(u);

console.log(2 ** 10, 2 ** -1, (-2) ** 2, 2 ** 3 ** 2);
console.log(7 % 3, -7 % 3, 7 % -3, 5.5 % 2);
console.log(+'', +' 42 ', +'4x', -'3', +true, +null, +undefined, +[], +[7], +[1, 2]);
console.log(!0, !'', !'0', !!NaN, !![], !!{});
console.log(1 < 2 < 3, 3 > 2 > 1, 'a' < 'b', 'B' < 'a', '10' < '9', 10 < 9, '10' < 9);
console.log(null >= 0, null > 0, null == 0, undefined >= 0, NaN <= NaN);

let chained = 1;
chained += 2;
chained *= 3;
chained -= 1;
chained /= 4;
chained **= 2;
chained %= 3;
console.log(chained);
