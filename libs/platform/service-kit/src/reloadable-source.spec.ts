import { ChangeListeners, SerialQueue } from './reloadable-source';

describe('ChangeListeners', () => {
  it('calls every listener with the new and previous value; one that throws is logged and the rest still run', () => {
    const logged: string[] = [];
    const listeners = new ChangeListeners<number>({ error: (_obj, msg) => logged.push(msg) }, 'a test listener failed');
    const heard: string[] = [];
    listeners.add(() => {
      throw new Error('boom');
    });
    const unsubscribe = listeners.add((next, previous) => heard.push(`${previous}→${next}`));
    listeners.notify(2, 1);
    unsubscribe();
    listeners.notify(3, 2);
    expect(heard).toEqual(['1→2']);
    expect(logged).toEqual(['a test listener failed', 'a test listener failed']);
  });
});

describe('SerialQueue', () => {
  it('runs tasks one at a time in call order, and a failed task does not stop the next', async () => {
    const queue = new SerialQueue();
    const order: string[] = [];
    const slow = queue.run(async () => {
      await new Promise((r) => setTimeout(r, 20));
      order.push('slow');
    });
    const failing = queue.run(async () => {
      order.push('failing');
      throw new Error('no');
    });
    const last = queue.run(async () => order.push('last'));
    await expect(failing).rejects.toThrow('no');
    await Promise.all([slow, last]);
    expect(order).toEqual(['slow', 'failing', 'last']);
  });
});
