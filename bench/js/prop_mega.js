// prop_mega.js: the same loads through 8 shapes (megamorphic: the stub cache).
const vs = [];
for (let i = 0; i < 1000; i++) {
  const o = {};
  for (let j = 0; j < i % 8; j++) o['pad' + j] = j;
  o.x = i; o.y = i * 2; o.z = i * 3;
  vs.push(o);
}
function sum(v) { return v.x + v.y + v.z; }
let total = 0;
for (let round = 0; round < 8000; round++) {
  for (let i = 0; i < vs.length; i++) total += sum(vs[i]);
}
console.log(total);
