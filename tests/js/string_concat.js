// String concatenation with mixed types and evaluation order of +.
console.log('a' + 1 + 2);
console.log(1 + 2 + 'a');
console.log('a' + (1 + 2));
console.log('' + null + undefined + true + false);
console.log('n' + NaN + Infinity + -Infinity + -0 + 0.5);
console.log('arr:' + [1, 2, [3, 4]] + ' empty:' + [] + ' nested empty:' + [[], []]);
console.log('obj:' + {} + ' fn:' + function named() { return 1; }.name);
console.log('big:' + 1e21 + ' small:' + 1e-7 + ' int:' + 2 ** 31);
console.log('sym:' + Symbol('x').description);
console.log(1 + '1' - 1, '3' - '2', '3' + -'2', '10' / '4', '6' * '7');
console.log('x' + [null] + [undefined] + [null, undefined]);

let s = '';
for (let i = 0; i < 5; i++) s += i;
console.log(s, s.length, typeof s);

let built = '';
for (let i = 0; i < 1000; i++) built += 'ab';
console.log(built.length, built.slice(0, 6), built.slice(-4));

let doubled = 'x';
for (let i = 0; i < 16; i++) doubled += doubled;
console.log(doubled.length, doubled.charAt(65535), doubled[65536]);

const parts = ['join', 'with', 'concat'];
console.log(''.concat(...parts), 'a'.concat(1, null, [2, 3]));

const mixedUnicode = 'abc' + 'é' + '中文' + '😀';
console.log(mixedUnicode, mixedUnicode.length);
const latin1 = 'caf' + String.fromCharCode(233);
console.log(latin1, latin1 === 'café', latin1.length);

const left = 'prefix-';
let rope = left;
for (const word of ['one', 'two', 'three']) rope = rope + word + '-';
console.log(rope);
console.log(rope === 'prefix-one-two-three-', rope == 'prefix-' + 'one-two-three-');

let n = 5;
n += '5';
console.log(n, typeof n);
let m = '5';
m -= 2;
console.log(m, typeof m);

console.log(String(123) + String(true) + String(null) + String([1, [2]]) + String({}));
console.log(`${1}${'2'}${[3]}` === '123');
console.log('a' < 'b', 'abc' < 'abd', 'Z' < 'a', '' < 'a', 'é' > 'z');
