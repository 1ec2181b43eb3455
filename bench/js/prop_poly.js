// prop_poly.js: the same loads through 4 shapes (polymorphic inline caches).
const vs = [];
for (let i = 0; i < 1000; i++) {
  let o;
  switch (i % 4) {
    case 0: o = { x: i, y: i * 2, z: i * 3 }; break;
    case 1: o = { a: 0, x: i, y: i * 2, z: i * 3 }; break;
    case 2: o = { b: 0, x: i, y: i * 2, z: i * 3 }; break;
    default: o = { c: 0, d: 0, x: i, y: i * 2, z: i * 3 }; break;
  }
  vs.push(o);
}
function sum(v) { return v.x + v.y + v.z; }
let total = 0;
for (let round = 0; round < 8000; round++) {
  for (let i = 0; i < vs.length; i++) total += sum(vs[i]);
}
console.log(total);
