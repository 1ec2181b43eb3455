// Template literals: interpolation, expressions, nesting, multi-line, escapes, tags.
const name = 'world';
const n = 7;
console.log(`hello ${name}`);
console.log(`${n} * 6 = ${n * 6}`);
console.log(`nested ${`inner ${name.toUpperCase()}`} done`);
console.log(`ternary: ${n > 5 ? 'big' : 'small'}`);
console.log(`call: ${[1, 2, 3].map((x) => x * 2).join('-')}`);

console.log(`values: ${undefined} ${null} ${true} ${-0} ${[1, [2, 3]]} ${{}}`);
console.log(`obj with toString: ${{ toString() { return 'custom'; } }}`);

const multi = `line one
line two
  indented three`;
console.log(multi);
console.log(multi.split('\n').length);

console.log(`escapes: \` \${not interpolated} \\ \t|`);
console.log(`unicode: \u0041 \u{1F600} \x42`);
console.log(`$ alone, and {braces} and $ {space}`);

function tag(strings, ...values) {
  return strings.raw.map((s, i) => s + (i < values.length ? `[${values[i]}]` : '')).join('');
}
console.log(tag`a${1}b${2}c`);
console.log(tag`\n is raw`);

function countParts(strings, ...values) {
  return `${strings.length} strings, ${values.length} values`;
}
console.log(countParts`${1}${2}`);
console.log(countParts`plain`);

console.log(String.raw`C:\path\to\${name}`);

const sym = Symbol('s');
try {
  console.log(`${sym}`);
} catch (e) {
  console.log(e.constructor.name + ': ' + e.message);
}
console.log(`${sym.toString()}`);

let i = 0;
const counted = `${i++} ${i++} ${i++}`;
console.log(counted, i);
