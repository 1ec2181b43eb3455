// alloc_churn.js: many short-lived small objects (literals and constructor
// instances) with a little retention in a fixed-size ring.
function Vec(x, y) {
  this.x = x;
  this.y = y;
}
Vec.prototype.add = function (o) {
  return new Vec(this.x + o.x, this.y + o.y);
};

class Particle {
  constructor(pos, vel) {
    this.pos = pos;
    this.vel = vel;
  }
  step() {
    return new Particle(this.pos.add(this.vel), this.vel);
  }
}

var ring = [];
for (var k = 0; k < 512; k++) ring.push(null);

var sum = 0;
var n = 1200000;
for (var i = 0; i < n; i++) {
  var a = { x: i & 255, y: (i >> 8) & 255 };
  var p = new Particle(new Vec(a.x, a.y), new Vec(1, -1));
  p = p.step().step();
  sum = (sum + p.pos.x * 3 - p.pos.y) | 0;
  if (i % 97 === 0) ring[(i / 97) % 512 | 0] = { p: p, tag: [i, a] };
}

var kept = 0;
for (var j = 0; j < ring.length; j++) if (ring[j] !== null) kept += ring[j].p.pos.x;
console.log('alloc ' + sum + ' ' + kept);
