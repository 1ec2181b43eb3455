// splay.js: a large retained splay tree (payload objects and strings per node)
// with steady churn: insert a new LCG key, remove the next key above another one.
class Node {
  constructor(key, value) {
    this.key = key;
    this.value = value;
    this.left = null;
    this.right = null;
  }
}

class SplayTree {
  constructor() {
    this.root = null;
    this.size = 0;
  }
  // Top-down splay: brings the node with `key` (or the last node on its path) to the root.
  splay(key) {
    if (this.root === null) return;
    var dummy = new Node(0, null);
    var left = dummy;
    var right = dummy;
    var t = this.root;
    while (true) {
      if (key < t.key) {
        if (t.left === null) break;
        if (key < t.left.key) {
          var y = t.left;
          t.left = y.right;
          y.right = t;
          t = y;
          if (t.left === null) break;
        }
        right.left = t;
        right = t;
        t = t.left;
      } else if (key > t.key) {
        if (t.right === null) break;
        if (key > t.right.key) {
          var z = t.right;
          t.right = z.left;
          z.left = t;
          t = z;
          if (t.right === null) break;
        }
        left.right = t;
        left = t;
        t = t.right;
      } else {
        break;
      }
    }
    left.right = t.left;
    right.left = t.right;
    t.left = dummy.right;
    t.right = dummy.left;
    this.root = t;
  }
  insert(key, value) {
    if (this.root === null) {
      this.root = new Node(key, value);
      this.size = 1;
      return true;
    }
    this.splay(key);
    if (this.root.key === key) return false;
    var node = new Node(key, value);
    if (key > this.root.key) {
      node.left = this.root;
      node.right = this.root.right;
      this.root.right = null;
    } else {
      node.right = this.root;
      node.left = this.root.left;
      this.root.left = null;
    }
    this.root = node;
    this.size++;
    return true;
  }
  remove(key) {
    this.splay(key);
    if (this.root === null || this.root.key !== key) return null;
    var removed = this.root;
    if (removed.left === null) {
      this.root = removed.right;
    } else {
      var right = removed.right;
      this.root = removed.left;
      this.splay(key);
      this.root.right = right;
    }
    this.size--;
    return removed;
  }
  // Smallest key greater than `key`, or -1.
  nextAbove(key) {
    this.splay(key);
    if (this.root === null) return -1;
    if (this.root.key > key) return this.root.key;
    var n = this.root.right;
    if (n === null) return -1;
    while (n.left !== null) n = n.left;
    return n.key;
  }
}

var seed = 7;
function rand() {
  seed = (seed * 16807) % 2147483647;
  return seed;
}

function payload(key) {
  return { id: key, label: 'node-' + key, tags: [key & 255, (key >> 8) & 255, key % 1000] };
}

var TREE_SIZE = 60000;
var OPERATIONS = 100000;
var tree = new SplayTree();
while (tree.size < TREE_SIZE) tree.insert(rand(), payload(seed));

var check = 0;
for (var op = 0; op < OPERATIONS; op++) {
  var k = rand();
  tree.insert(k, payload(k));
  var victim = tree.nextAbove(rand());
  if (victim === -1) victim = k;
  var gone = tree.remove(victim);
  if (gone !== null) check = (check + gone.value.tags[2] + gone.value.label.length) | 0;
}

// In-order walk with an explicit stack (a splay tree can be deep).
var sum = 0;
var count = 0;
var stack = [];
var cur = tree.root;
while (cur !== null || stack.length > 0) {
  while (cur !== null) {
    stack.push(cur);
    cur = cur.left;
  }
  cur = stack.pop();
  sum = (sum + (cur.key % 100003)) | 0;
  count++;
  cur = cur.right;
}
console.log('splay ' + tree.size + ' ' + count + ' ' + sum + ' ' + check);
