// prop_mono.js: a monomorphic property-access loop (one shape at every load site).
function Vec(x, y, z) { this.x = x; this.y = y; this.z = z; }
const vs = [];
for (let i = 0; i < 1000; i++) vs.push(new Vec(i, i * 2, i * 3));
function sum(v) { return v.x + v.y + v.z; }
let total = 0;
for (let round = 0; round < 8000; round++) {
  for (let i = 0; i < vs.length; i++) total += sum(vs[i]);
}
console.log(total);
