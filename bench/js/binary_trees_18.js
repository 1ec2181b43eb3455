// binary_trees_18.js: the classic binary-trees GC benchmark at depth 18
// (stretch tree, one long-lived tree, many short-lived trees of growing depth).
// The short-lived work is scaled down 8x (SHIFT = 3) to keep the run under 2 s with
// node --jitless; the stretch and long-lived trees are the classic depth-18 ones.
class TreeNode {
  constructor(left, right) {
    this.left = left;
    this.right = right;
  }
  check() {
    return this.left === null ? 1 : 1 + this.left.check() + this.right.check();
  }
}

function bottomUp(depth) {
  return depth > 0 ? new TreeNode(bottomUp(depth - 1), bottomUp(depth - 1)) : new TreeNode(null, null);
}

var maxDepth = 18;
var minDepth = 4;
// Short-lived trees per depth: 2^(maxDepth - depth + minDepth - SHIFT); SHIFT 0 is the classic.
var SHIFT = 3;
var total = bottomUp(maxDepth + 1).check();
var longLived = bottomUp(maxDepth);
for (var depth = minDepth; depth <= maxDepth; depth += 2) {
  var iterations = 1 << (maxDepth - depth + minDepth - SHIFT);
  var check = 0;
  for (var i = 0; i < iterations; i++) check += bottomUp(depth).check();
  total += check;
}
total += longLived.check();
console.log('binary_trees 18 ' + total);
