// oo_scheduler.js: an object-oriented program in the style of Richards: a scheduler runs
// task objects of several classes (polymorphic `run`), passing packet objects through
// queues, with device and handler tasks waking each other.
class Packet {
  constructor(link, owner, kind) {
    this.link = link;
    this.owner = owner;
    this.kind = kind;
    this.count = 0;
    this.data = [0, 0, 0, 0];
  }
  append(queue) {
    this.link = null;
    if (queue === null) return this;
    let p = queue;
    while (p.link !== null) p = p.link;
    p.link = this;
    return queue;
  }
}

class Task {
  constructor(scheduler, id, priority, queue) {
    this.scheduler = scheduler;
    this.id = id;
    this.priority = priority;
    this.queue = queue;
    this.held = false;
    this.waiting = queue === null;
    this.next = scheduler.tasks;
    scheduler.tasks = this;
  }
  ready() { return !this.held && (!this.waiting || this.queue !== null); }
  take() {
    const p = this.queue;
    this.queue = p.link;
    this.waiting = this.queue === null;
    return p;
  }
  receive(packet) {
    this.queue = packet.append(this.queue);
    this.waiting = false;
  }
}

class IdleTask extends Task {
  constructor(s, id, count) { super(s, id, 0, null); this.waiting = false; this.seed = 1; this.count = count; }
  run() {
    if (--this.count === 0) return this.scheduler.holdSelf(this);
    if ((this.seed & 1) === 0) { this.seed >>= 1; return this.scheduler.release(4); }
    this.seed = (this.seed >> 1) ^ 0xd008;
    return this.scheduler.release(5);
  }
}

class WorkerTask extends Task {
  constructor(s, id, queue) { super(s, id, 1000, queue); this.destination = 2; this.letter = 0; }
  run() {
    if (this.queue === null) { this.waiting = true; return this; }
    const p = this.take();
    this.destination = this.destination === 2 ? 3 : 2;
    p.owner = this.destination;
    p.count = 0;
    for (let i = 0; i < 4; i++) { this.letter = (this.letter + 1) % 26; p.data[i] = this.letter; }
    return this.scheduler.send(p);
  }
}

class HandlerTask extends Task {
  constructor(s, id, queue) { super(s, id, 2000, queue); this.work = null; this.devices = null; }
  run() {
    while (this.queue !== null) {
      const p = this.take();
      if (p.kind === 1) this.work = p.append(this.work); else this.devices = p.append(this.devices);
    }
    if (this.work !== null) {
      const w = this.work;
      if (w.count < 4) {
        if (this.devices !== null) {
          const d = this.devices;
          this.devices = d.link;
          d.count = w.data[w.count++];
          return this.scheduler.send(d);
        }
      } else {
        this.work = w.link;
        return this.scheduler.send(w);
      }
    }
    this.waiting = true;
    return this;
  }
}

class DeviceTask extends Task {
  constructor(s, id, priority) { super(s, id, priority, null); this.pending = null; }
  run() {
    if (this.queue === null) {
      if (this.pending === null) { this.waiting = true; return this; }
      const p = this.pending;
      this.pending = null;
      this.scheduler.output += p.count;
      return this.scheduler.send(p);
    }
    this.pending = this.take();
    return this.scheduler.holdSelf(this);
  }
}

class Scheduler {
  constructor() { this.tasks = null; this.byId = []; this.output = 0; this.switches = 0; }
  add(task) { this.byId[task.id] = task; }
  release(id) { const t = this.byId[id]; t.held = false; return t.priority > this.current.priority ? t : this.current; }
  holdSelf(t) { t.held = true; return t.next; }
  send(p) {
    const target = this.byId[p.owner];
    p.owner = this.current.id;
    target.receive(p);
    return target.priority > this.current.priority ? target : this.current;
  }
  schedule() {
    let t = this.tasks;
    while (t !== null) {
      if (t.ready()) { this.current = t; this.switches++; t = t.run(); } else t = t.next;
    }
  }
}

function runOnce(count) {
  const s = new Scheduler();
  s.add(new IdleTask(s, 1, count));
  let q = new Packet(null, 0, 1); q = new Packet(q, 0, 1);
  s.add(new WorkerTask(s, 2, q));
  q = new Packet(null, 4, 0); q = new Packet(q, 4, 0); q = new Packet(q, 4, 0);
  s.add(new HandlerTask(s, 3, q));
  q = new Packet(null, 5, 0); q = new Packet(q, 5, 0); q = new Packet(q, 5, 0);
  s.add(new HandlerTask(s, 6, q));
  s.add(new DeviceTask(s, 4, 4000));
  s.add(new DeviceTask(s, 5, 5000));
  s.byId[4].priority = 4000; s.byId[5].priority = 5000;
  s.schedule();
  return s.switches * 31 + s.output;
}

let check = 0;
for (let i = 0; i < 40; i++) check = (check + runOnce(30000)) % 1000000007;
console.log(check);
