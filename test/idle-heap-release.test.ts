import { fullCollection, type HeapProbe, IdleHeapRelease } from '../src/idle-heap-release';

const MB = 1 << 20;

/** A heap the test grows and a loop the test keeps busy; a collection shrinks the heap to `live`. */
class FakeHeap implements HeapProbe {
  total = 60 * MB;
  live = 30 * MB;
  busy = 0;
  collections = 0;
  heapTotal = () => this.total;
  busySinceLastCall = () => this.busy;
  collect = () => {
    this.collections += 1;
    this.total = this.live + 10 * MB;
  };
}

describe('IdleHeapRelease', () => {
  const options = { busyBelow: 0.02, growthBytes: 32 * MB };

  it('collects once the loop has idled after the heap grew, and not again until it grows again', () => {
    const heap = new FakeHeap();
    const release = new IdleHeapRelease(heap, options);
    heap.total += 150 * MB;
    heap.busy = 0.9;
    expect(release.check()).toBeUndefined();
    heap.busy = 0.005;
    expect(release.check()).toMatchObject({ heapBeforeMb: 210, heapAfterMb: 40 });
    expect(heap.total).toBe(40 * MB);
    expect(release.check()).toBeUndefined();
    heap.total += 20 * MB;
    expect(release.check()).toBeUndefined();
    heap.total += 20 * MB;
    expect(release.check()).toBeDefined();
    expect(heap.collections).toBe(2);
  });

  it('leaves a heap that grew by less than the threshold alone, however idle', () => {
    const heap = new FakeHeap();
    const release = new IdleHeapRelease(heap, options);
    heap.total += 31 * MB;
    expect(release.check()).toBeUndefined();
    expect(heap.collections).toBe(0);
  });

  it('counts growth from a heap that shrank by itself', () => {
    const heap = new FakeHeap();
    const release = new IdleHeapRelease(heap, options);
    heap.total = 35 * MB;
    expect(release.check()).toBeUndefined();
    heap.total = 35 * MB + 33 * MB;
    expect(release.check()).toBeDefined();
  });
});

describe('fullCollection', () => {
  it("is V8's own full collection: garbage the process made is gone after it", async () => {
    const collect = fullCollection();
    const weak = new WeakRef(Array.from({ length: 200_000 }, (_, i) => ({ i, s: `x${i}` })));
    // A WeakRef holds its target until the job that made it ends.
    await new Promise((resolve) => setImmediate(resolve));
    collect();
    expect(weak.deref()).toBeUndefined();
  });
});
